package io.moebench.core.harness;

import io.moebench.core.spi.Backend;
import io.moebench.core.spi.BoundGemm;
import io.moebench.core.spi.LaunchTiming;

/**
 * Owns warm-up, repetition and the cache-flush policy (backends only launch and time one run):
 * warm-up launches, then timed launches, each preceded by a cache flush in cold mode.
 */
public class Harness {

  public TimingStats time(Backend backend, BoundGemm gemm, TimingPolicy policy) {
    for (int i = 0; i < policy.warmup(); i++) {
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
