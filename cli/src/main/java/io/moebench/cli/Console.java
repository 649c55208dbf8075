package io.moebench.cli;

import java.io.PrintStream;

/** The streams commands write to; injected so tests can capture them. */
public record Console(PrintStream out, PrintStream err) {

  public static Console system() {
    return new Console(System.out, System.err);
  }

  /** True when stdout is an interactive terminal (progress bars instead of plain lines). */
  public boolean interactive() {
    return out == System.out && System.console() != null;
  }
}
