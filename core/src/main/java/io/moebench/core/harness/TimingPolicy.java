package io.moebench.core.harness;

import io.moebench.core.InputException;

/**
 * How a point is timed.
 *
 * @param warmup untimed launches first (kernel caches, clocks, lazy allocations)
 * @param warmupMillis on GPUs, keep launching untimed for at least this long (and on while the launches
 *     keep getting faster, see {@link Harness}): drivers lower the clocks of an idle device (NVIDIA under
 *     Vulkan drops to a sixth of them while the CPU oracle runs) and take load to raise them again:
 *     about a third of a second on an H100 after a few seconds idle
 * @param iterations timed launches; statistics are over these
 * @param cold flush the last-level cache before every timed launch (the default: in a model the
 *     same GEMM never runs back to back); false = warm, back-to-back launches
 */
public record TimingPolicy(int warmup, int warmupMillis, int iterations, boolean cold) {

  public static final TimingPolicy DEFAULT = new TimingPolicy(3, 500, 20, true);

  public TimingPolicy {
    InputException.require(warmup >= 0 && warmup <= 100_000, "warm-up launches must be between 0 and 100000 (got " + warmup + ")");
    InputException.require(warmupMillis >= 0 && warmupMillis <= 60_000,
        "--warmup-ms must be between 0 and 60000 (got " + warmupMillis + ")");
    InputException.require(iterations >= 1 && iterations <= 100_000,
        "--iters must be between 1 and 100000 (got " + iterations + ")");
  }

  /**
   * The defaults for a device: CPU devices are slow and steady (few launches). They keep the warm-up
   * time: a plan made for a CPU kernel also times its baseline (by default the best other backend, a
   * GPU one where there is one), and the {@link Harness} spends that time on GPU devices only.
   */
  public static TimingPolicy defaults(boolean cpuDevice) {
    return cpuDevice ? new TimingPolicy(1, DEFAULT.warmupMillis, 3, true) : DEFAULT;
  }

  /** This policy with a warm-up time of at least {@code millis}. */
  public TimingPolicy withWarmupMillisAtLeast(int millis) {
    return new TimingPolicy(warmup, Math.max(warmupMillis, millis), iterations, cold);
  }

  public TimingPolicy withIterations(int n) {
    return new TimingPolicy(warmup, warmupMillis, n, cold);
  }

  public String mode() {
    return cold ? "cold" : "warm";
  }
}
