package io.moebench.core.harness;

import io.moebench.core.InputException;

/**
 * How a point is timed.
 *
 * @param warmup untimed launches first (kernel caches, clocks, lazy allocations)
 * @param iterations timed launches; statistics are over these
 * @param cold flush the last-level cache before every timed launch (the default: in a model the
 *     same GEMM never runs back to back); false = warm, back-to-back launches
 */
public record TimingPolicy(int warmup, int iterations, boolean cold) {

  public static final TimingPolicy DEFAULT = new TimingPolicy(3, 20, true);

  public TimingPolicy {
    InputException.require(warmup >= 0 && warmup <= 100_000, "warm-up launches must be between 0 and 100000 (got " + warmup + ")");
    InputException.require(iterations >= 1 && iterations <= 100_000,
        "--iters must be between 1 and 100000 (got " + iterations + ")");
  }

  public String mode() {
    return cold ? "cold" : "warm";
  }
}
