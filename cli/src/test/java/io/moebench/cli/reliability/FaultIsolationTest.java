package io.moebench.cli.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.moebench.cli.CliRun;
import io.moebench.cli.ExitCodes;
import io.moebench.cli.PluginJars;
import io.moebench.core.spi.Backend;
import io.moebench.core.spi.BackendConfig;
import io.moebench.core.spi.BackendProvider;
import io.moebench.opencl.OpenClProvider;
import io.moebench.testkit.Devices;
import io.moebench.vulkan.VulkanProvider;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One backend failing (its kernel does not build, its memory request cannot be met) is reported
 * with its reason, the other backend's validation or bench completes, and the exit code says that
 * something failed. A backend that throws mid-run: PluginTest (testkit's ThrowingRunProvider).
 */
class FaultIsolationTest {
  /** One point per gemm asked for: gemm2, balanced routing of one token to two of four experts. */
  static final List<String> TINY = List.of("--gemm", "2", "--archetypes", "balanced", "--tokens", "1", "--experts", "4",
      "--top-k", "2", "--block-m", "16");

  @Test
  void aKernelBuildFailureIsReportedWithItsReasonAndTheOracleIsStillValidated(@TempDir Path plugins) throws IOException {
    Devices.requireAvailable(new OpenClProvider());
    try (Backend probe = new OpenClProvider().open(BackendConfig.DEFAULT)) {
      assumeFalse(probe.capabilities().matrixPath().equals("gfx11-wmma"), "an AMD gfx11 device builds the gfx11 kernels");
    }
    PluginJars.servicesOnly(plugins, "gfx11.jar", List.of(Gfx11OpenClPlugin.class.getName()));
    CliRun run = CliRun.of(args("validate", "--plugins", plugins, "--backends", "cpu-ref," + Gfx11OpenClPlugin.ID,
        "--dtype", "bf16", "--layout", "exllama"));
    assertThat(run.exitCode()).as(run.transcript()).isEqualTo(ExitCodes.VERIFICATION_FAILED);
    // the row carries the backend's own id; the reason names the build step, its options and the compiler's error
    assertThat(run.err()).as(run.transcript()).contains("opencl failed at gemm2 bf16 exllama balanced T=1: opencl: "
        + "clBuildProgram(moe_gemm_mma.cl) failed").contains("-DMOE_PATH_GFX11_WMMA").contains("__builtin_amdgcn_wmma");
    assertThat(run.out()).containsPattern("cpu-ref +gemm2 +bf16 +exllama +PASS");
  }

  static Stream<BackendProvider> gpuBackends() {
    return Stream.of(new OpenClProvider(), new VulkanProvider());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("gpuBackends")
  void aFlushBufferOverTheDeviceMemoryFailsThatBackendAndTheBaselineStillRuns(BackendProvider provider) throws IOException {
    Devices.requireAvailable(provider);
    long deviceMib;
    try (Backend b = provider.open(BackendConfig.DEFAULT)) {
      deviceMib = b.device().memoryBytes() >> 20;
    }
    String flushMb = String.valueOf(2 * deviceMib);
    CliRun run = CliRun.of(args("bench", "--backend", provider.id(), "--baseline", "cpu-ref", "--backend-option",
        "path=portable,flush-mb=" + flushMb, "--iters", "1", "--warmup", "0", "--format", "json"));
    assertThat(run.exitCode()).as(run.transcript()).isEqualTo(ExitCodes.VERIFICATION_FAILED);
    JsonNode point = new ObjectMapper().readTree(run.out()).get(0);
    assertThat(point.get("error").asText()).as(run.transcript())
        .startsWith(provider.id() + ": cache flush (flush-mb=" + flushMb + ")").contains((2 * deviceMib << 20) + " bytes")
        .doesNotContain("\n");
    assertThat(point.get("baseline_us").asDouble()).as("the baseline was timed").isPositive();
    assertThat(run.err()).contains("FAILED gemm2/balanced/1: " + provider.id() + ": cache flush");
  }

  private static String[] args(String command, Object... more) {
    List<String> a = new ArrayList<>(List.of(command));
    for (Object o : more) {
      a.add(String.valueOf(o));
    }
    a.addAll(TINY);
    return a.toArray(String[]::new);
  }
}
