package io.moebench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.moebench.opencl.OpenClProvider;
import io.moebench.testkit.Devices;
import io.moebench.vulkan.VulkanProvider;
import org.junit.jupiter.api.Test;

/**
 * `validate` of the GPU backends on the CPU devices (PoCL, lavapipe): every archetype, both gemms,
 * both dtypes, both layouts. Without the devices it skips, or fails where devices are required (CI).
 */
class ValidateCommandTest {

  @Test
  void openclAndVulkanPassOnTheCpuDevices() {
    Devices.requireAvailable(new OpenClProvider());
    Devices.requireAvailable(new VulkanProvider());
    CliRun run = CliRun.of("validate", "--backends", "opencl,vulkan", "--experts", "16", "--tokens", "24");
    assertThat(run.exitCode()).as(run.transcript()).isZero();
    assertThat(run.out()).contains("all 80 checks passed").doesNotContain("FAIL");
    assertThat(run.out().lines().filter(l -> l.startsWith("opencl ") || l.startsWith("vulkan "))).hasSize(16);
  }
}
