package io.moebench.cli.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.moebench.cli.CliRun;
import io.moebench.cli.ExitCodes;
import io.moebench.core.spi.BackendProvider;
import io.moebench.opencl.OpenClProvider;
import io.moebench.testkit.Devices;
import io.moebench.vulkan.VulkanProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A planted bug through the CLI: bench verifies every point against the oracle, so
 * --backend-option plant-bug=<id> makes it exit 1 naming the failed point and why, while the same
 * bench without the bug passes. The full matrix of bugs and paths: each backend's PlantedBugTest.
 */
class PlantedBugCliTest {
  static Stream<BackendProvider> gpuBackends() {
    return Stream.of(new OpenClProvider(), new VulkanProvider());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("gpuBackends")
  void benchFailsThePointAPlantedBugBreaks(BackendProvider provider) {
    Devices.requireAvailable(provider);
    CliRun bugged = bench(provider, "path=portable,plant-bug=swapped-nibbles");
    assertThat(bugged.exitCode()).as(bugged.transcript()).isEqualTo(ExitCodes.VERIFICATION_FAILED);
    assertThat(bugged.out()).as(bugged.transcript())
        .contains("FAILED gemm2/balanced/1: " + provider.id() + " verification failed: rel err").contains("1 points, 1 failed");

    CliRun control = bench(provider, "path=portable");
    assertThat(control.exitCode()).as(control.transcript()).isEqualTo(ExitCodes.OK);
    assertThat(control.out()).contains("1 points, 0 failed");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("gpuBackends")
  void anUnknownBugIsBadInputListingTheKnownOnes(BackendProvider provider) {
    Devices.requireAvailable(provider);
    CliRun run = bench(provider, "plant-bug=typo");
    assertThat(run.isOneLineUsageError()).as(run.transcript()).isTrue();
    assertThat(run.err()).contains("unknown plant-bug 'typo': allowed values are swapped-nibbles, expert-off-by-one");
  }

  private static CliRun bench(BackendProvider provider, String options) {
    List<String> a = new ArrayList<>(List.of("bench", "--backend", provider.id(), "--backend-option", options, "--iters",
        "1", "--warmup", "0", "--warm"));
    a.addAll(FaultIsolationTest.TINY);
    return CliRun.of(a.toArray());
  }
}
