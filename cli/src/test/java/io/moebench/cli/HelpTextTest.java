package io.moebench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine.Command;

/** Every command's help renders cleanly: picocli warns on stderr about a stray '%' and prints it raw. */
class HelpTextTest {

  /** Every subcommand the top-level command declares. */
  static Stream<String> commands() {
    return Arrays.stream(MoeBenchCommand.class.getAnnotation(Command.class).subcommands())
        .map(c -> c.getAnnotation(Command.class).name());
  }

  @ParameterizedTest
  @MethodSource("commands")
  void helpPrintsWithoutFormatWarnings(String command) {
    PrintStream original = System.err;
    ByteArrayOutputStream picocliErr = new ByteArrayOutputStream();
    CliRun run;
    try {
      System.setErr(new PrintStream(picocliErr, true, StandardCharsets.UTF_8));
      run = CliRun.of(command, "--help");
    } finally {
      System.setErr(original);
    }
    assertThat(run.exitCode()).as(run.transcript()).isZero();
    assertThat(run.out()).contains("Usage: moe-bench " + command).doesNotContain("%n");
    assertThat(picocliErr.toString(StandardCharsets.UTF_8)).isEmpty();
  }
}
