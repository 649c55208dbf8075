package io.moebench.core.harness;

import io.moebench.core.spi.Backend;
import io.moebench.core.spi.BoundGemm;
import io.moebench.core.spi.LaunchTiming;
import java.util.function.LongSupplier;

/**
 * Owns warm-up, repetition and the cache-flush policy (backends only launch and time one run):
 * warm-up launches (at least the policy's count, and on GPUs for at least its warm-up time), then timed
 * launches, each preceded by a cache flush in cold mode.
 */
public class Harness {
  private final LongSupplier nanoClock;

  public Harness() {
    this(System::nanoTime);
  }

  Harness(LongSupplier nanoClock) {
    this.nanoClock = nanoClock;
  }

  public TimingStats time(Backend backend, BoundGemm gemm, TimingPolicy policy) {
    long start = nanoClock.getAsLong();
    // CPU devices (the cpu-ref baseline among them) have no clocks to wait for
    boolean clocks = policy.warmupMillis() > 0 && !backend.device().isCpu();
    long warmNanos = clocks ? policy.warmupMillis() * 1_000_000L : 0;
    for (int i = 0; i < policy.warmup() || nanoClock.getAsLong() - start < warmNanos; i++) {
      gemm.launch();
    }
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
}
