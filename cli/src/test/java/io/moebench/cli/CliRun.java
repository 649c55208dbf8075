package io.moebench.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Runs the CLI in-process with captured streams; arguments may be any objects (paths, numbers). */
public record CliRun(int exitCode, String out, String err) {

  public static CliRun of(Object... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.run(new Console(new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8)), Arrays.stream(args).map(String::valueOf).toArray(String[]::new));
    return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** The contract for bad input: exit 2, one line on stderr, no stack trace. */
  public boolean isOneLineUsageError() {
    return exitCode == ExitCodes.BAD_INPUT && err.strip().lines().count() == 1 && !err.contains("\tat ");
  }

  /** Everything printed, for assertion messages. */
  public String transcript() {
    return "exit " + exitCode + "\nstdout:\n" + out + "stderr:\n" + err;
  }
}
