package io.moebench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.moebench.testkit.Devices;
import org.junit.jupiter.api.Test;

/**
 * `validate` of the GPU backends on the CPU devices (PoCL, lavapipe): every archetype, both gemms,
 * both dtypes, both layouts. When a device is missing the backend's rows fail, so this cannot pass by skipping.
 */
class ValidateCommandTest {

  @Test
  void openclAndVulkanPassOnTheCpuDevices() {
    if (!Devices.required()) {
      org.junit.jupiter.api.Assumptions.assumeTrue(CliRun.of("backends", "--format", "csv").out()
          .matches("(?s).*opencl,available.*vulkan,available.*"), "PoCL or lavapipe missing");
    }
    CliRun run = CliRun.of("validate", "--backends", "opencl,vulkan", "--experts", "16", "--tokens", "24");
    assertThat(run.exitCode()).as(run.transcript()).isZero();
    assertThat(run.out()).contains("all 80 checks passed").doesNotContain("FAIL");
    assertThat(run.out().lines().filter(l -> l.startsWith("opencl ") || l.startsWith("vulkan "))).hasSize(16);
  }
}
