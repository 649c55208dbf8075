package io.moebench.core.harness;

import io.moebench.core.spi.Backend;
import io.moebench.core.spi.BoundGemm;
import io.moebench.core.spi.LaunchTiming;
import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * Owns warm-up, repetition and the cache-flush policy (backends only launch and time one run):
 * warm-up launches (at least the policy's count; on GPUs for at least its warm-up time, then on while
 * they keep getting faster), then timed launches, each preceded by a cache flush in cold mode.
 */
public class Harness {
  /** Warm-up launches per round when checking whether the launch time has settled. */
  static final int ROUND = 10;
  /** A round at most this much faster than the one before it means the clocks have settled. */
  static final double SETTLED = 0.02;
  /** The settling check stops after this many times the policy's warm-up time, settled or not. */
  static final int SETTLE_LIMIT = 4;

  private final LongSupplier nanoClock;

  public Harness() {
    this(System::nanoTime);
  }

  Harness(LongSupplier nanoClock) {
    this.nanoClock = nanoClock;
  }

  public TimingStats time(Backend backend, BoundGemm gemm, TimingPolicy policy) {
    warmUp(backend, gemm, policy);
    long[] samples = new long[policy.iterations()];
    boolean device = true;
    for (int i = 0; i < samples.length; i++) {
      if (policy.cold()) {
        backend.flushCaches();
      }
      LaunchTiming t = gemm.launch();
      samples[i] = t.nanos();
      device &= t.deviceTimer();
    }
    return TimingStats.of(samples, device);
  }

  /**
   * The policy's warm-up launches; on GPUs they last at least its warm-up time and go on, a round at
   * a time, while each round is faster than the one before: after seconds of idle time (the oracle,
   * a weight upload) an H100 under Vulkan took about 300 ms of load to leave 345 MHz.
   */
  private void warmUp(Backend backend, BoundGemm gemm, TimingPolicy policy) {
    long start = nanoClock.getAsLong();
    // CPU devices (the cpu-ref baseline among them) have no clocks to wait for
    boolean clocks = policy.warmupMillis() > 0 && !backend.device().isCpu();
    long warmNanos = clocks ? policy.warmupMillis() * 1_000_000L : 0;
    for (int i = 0; i < policy.warmup() || nanoClock.getAsLong() - start < warmNanos; i++) {
      gemm.launch();
    }
    if (!clocks) {
      return;
    }
    long previous = roundMedian(gemm);
    while (nanoClock.getAsLong() - start < SETTLE_LIMIT * warmNanos) {
      long current = roundMedian(gemm);
      if (current >= previous * (1 - SETTLED)) {
        return;
      }
      previous = current;
    }
  }

  private static long roundMedian(BoundGemm gemm) {
    long[] nanos = new long[ROUND];
    for (int i = 0; i < ROUND; i++) {
      nanos[i] = gemm.launch().nanos();
    }
    Arrays.sort(nanos);
    return nanos[ROUND / 2];
  }
}
