package io.moebench.cli.byo;

import static org.assertj.core.api.Assertions.assertThat;

import io.moebench.cli.CliRun;
import io.moebench.cli.ExitCodes;
import io.moebench.cli.PluginJars;
import io.moebench.core.inputs.OutputDump;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunCommandTest {
  @TempDir static Path work;
  private static Path inputs;

  @BeforeAll
  static void writeInputs() {
    inputs = work.resolve("in");
    TinyFolder.write(inputs);
  }

  @Test
  void reportsTheRelativeErrorAndTimesWithIters() {
    CliRun run = CliRun.of("run", "--backend", "cpu-ref", "--inputs", inputs, "--iters", 3);
    assertThat(run.exitCode()).as(run.transcript()).isZero();
    assertThat(run.out()).contains("gemm1, T=6, top_k=2, E=4, K=64, N=16, G=32, block_m=32, bf16, exllama, zero points")
        .contains("verification against cpu-ref (fp64 accumulation): PASS, rel err")
        .containsPattern("time: median [0-9.]+ us, min [0-9.]+, p90 [0-9.]+ \\(3 cold-cache launches after 1 warm-up, host clock\\)");
    assertThat(run.err()).isEmpty();
  }

  /** A backend with wrong results (testkit's swapped-nibble kernel, as a plugin): exit 1, and the dump is still written. */
  @Test
  void aWrongOutputExitsOneAndIsStillDumped() throws IOException {
    Path plugins = Files.createDirectories(work.resolve("plugins"));
    PluginJars.servicesOnly(plugins, "wrong.jar", java.util.List.of("io.moebench.testkit.broken.SwappedNibbleProvider"));
    Path dump = work.resolve("dump");
    CliRun run = CliRun.of("run", "--plugins", plugins, "--backend", "swapped-nibbles", "--inputs", inputs, "--dump", dump);
    assertThat(run.exitCode()).as(run.transcript()).isEqualTo(ExitCodes.VERIFICATION_FAILED);
    assertThat(run.out()).contains("FAIL, rel err");
    assertThat(run.err().strip().lines()).singleElement().asString().startsWith("moe-bench: verification failed: swapped-nibbles: ");
    for (String f : OutputDump.FILES) {
      assertThat(dump.resolve(f)).exists();
    }
  }
}
