package io.moebench.core.harness;

import io.moebench.core.spi.Backend;
import io.moebench.core.spi.BoundGemm;
import io.moebench.core.spi.LaunchTiming;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Owns warm-up, repetition and the cache-flush policy (backends only launch and time one run):
 * warm-up launches (at least the policy's count; on GPUs for at least its warm-up time, then on while
 * they keep getting faster), then timed launches, each preceded by a cache flush in cold mode.
 */
public class Harness {
  /** A warm-up round: at least this many launches, lasting at least 1 / ROUND_PARTS of the warm-up time. */
  static final int ROUND = 10;
  static final int ROUND_PARTS = 5;
  /** A round at most this much faster than the one before it means the clocks have settled. */
  static final double SETTLED = 0.02;
  /** No round starts after this many times the policy's warm-up time, settled or not. */
  static final int SETTLE_LIMIT = 4;
  /** The rule above in words, recorded with results (a sweep resumes only under the same rule). */
  public static final String WARMUP_RULE = "GPUs: at least warmup_ms, then rounds of >= " + ROUND + " launches and >= warmup_ms/"
      + ROUND_PARTS + " until one is < " + Math.round(SETTLED * 100) + " % faster than the last, none started after "
      + SETTLE_LIMIT + " x warmup_ms";

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
   * The policy's warm-up launches; on GPUs they last at least its warm-up time (after seconds of idle
   * time, the oracle or a weight upload, an H100 under Vulkan took about 300 ms of load to leave 345
   * MHz: a minimum covers such a plateau, which no launch time announces) and go on, a round at a
   * time, while each round is faster than the one before (clocks still rising).
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
    long roundNanos = warmNanos / ROUND_PARTS;
    long previous = roundMedian(gemm, roundNanos);
    while (nanoClock.getAsLong() - start < SETTLE_LIMIT * warmNanos) {
      long current = roundMedian(gemm, roundNanos);
      if (current >= previous * (1 - SETTLED)) {
        return;
      }
      previous = current;
    }
  }

  /** The median launch time of a round: at least ROUND launches and {@code roundNanos}. */
  private long roundMedian(BoundGemm gemm, long roundNanos) {
    long start = nanoClock.getAsLong();
    List<Long> nanos = new ArrayList<>();
    while (nanos.size() < ROUND || nanoClock.getAsLong() - start < roundNanos) {
      nanos.add(gemm.launch().nanos());
    }
    Collections.sort(nanos);
    return nanos.get(nanos.size() / 2);
  }
}
