package io.moebench.core.harness;

import java.util.Arrays;

/**
 * Statistics of the timed launches of one point, in microseconds.
 *
 * @param medianUs median (mean of the two middle samples for an even count)
 * @param minUs fastest
 * @param maxUs slowest
 * @param p90Us 90th percentile, nearest rank
 * @param samples timed launches
 * @param deviceTimer whether the samples came from device timers
 */
public record TimingStats(double medianUs, double minUs, double maxUs, double p90Us, int samples, boolean deviceTimer) {

  public static TimingStats of(long[] nanos, boolean deviceTimer) {
    long[] s = sorted(nanos);
    int n = s.length;
    long p90 = s[(int) Math.ceil(0.9 * n) - 1];
    return new TimingStats(median(s) / 1e3, s[0] / 1e3, s[n - 1] / 1e3, p90 / 1e3, n, deviceTimer);
  }

  /** The median in nanoseconds, as {@link #medianUs} defines it, rounded half up; {@code nanos} is left as it is. */
  public static long medianNanos(long[] nanos) {
    return Math.round(median(sorted(nanos)));
  }

  private static long[] sorted(long[] nanos) {
    if (nanos.length == 0) {
      throw new IllegalArgumentException("no samples");
    }
    long[] s = nanos.clone();
    Arrays.sort(s);
    return s;
  }

  private static double median(long[] sorted) {
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
  }
}
