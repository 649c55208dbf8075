package io.moebench.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/**
 * Progress of a long run on stderr: a bar with an ETA redrawn in place on a terminal, one plain
 * line per finished item otherwise (logs, CI, pipes).
 */
public final class Progress {
  private static final int BAR = 30;

  private final PrintStream out;
  private final boolean interactive;
  private final int total;
  private final long start = System.nanoTime();
  private int done;

  public Progress(PrintStream out, boolean interactive, int total) {
    this.out = out;
    this.interactive = interactive;
    this.total = Math.max(total, 1);
  }

  /** One item finished; {@code what} says which and how it went. */
  public synchronized void step(String what) {
    done++;
    String eta = eta();
    if (interactive) {
      int filled = (int) ((long) BAR * Math.min(done, total) / total);
      out.print(String.format(Locale.ROOT, "\r[%s%s] %d/%d  ETA %s  %-60.60s", "#".repeat(filled), " ".repeat(BAR - filled),
          done, total, eta, what));
      if (done >= total) {
        out.println();
      }
    } else {
      out.println(String.format(Locale.ROOT, "[%d/%d] %s (ETA %s)", done, total, what, eta));
    }
    out.flush();
  }

  String eta() {
    if (done == 0) {
      return "?";
    }
    long elapsed = System.nanoTime() - start;
    long remaining = Math.max(0, total - done) * (elapsed / done);
    Duration d = Duration.ofNanos(remaining);
    return d.toHours() > 0 ? String.format(Locale.ROOT, "%dh%02dm", d.toHours(), d.toMinutesPart())
        : String.format(Locale.ROOT, "%dm%02ds", d.toMinutes(), d.toSecondsPart());
  }
}
