package io.moebench.core.bench;

import io.moebench.core.harness.TimingStats;

/**
 * The measured result of one (gemm, archetype, T) point.
 *
 * @param gemm "gemm1" / "gemm2"
 * @param archetype archetype or trace name
 * @param tokens T
 * @param nvalid routed rows T * top_k
 * @param blocks blocks of the aligned layout
 * @param usefulPct real rows / padded rows * 100
 * @param paddedFlops 2 * padded rows * N * K
 * @param floorUs the roofline floor of this point, null when the device's ceilings are unknown
 * @param kernel timing of the kernel backend, null when it failed
 * @param kernelRelErr kernel vs oracle relative error (NaN when any element is NaN)
 * @param baseline timing of the baseline, null without a baseline or when it failed
 * @param baselineRelErr baseline vs oracle relative error, null without a baseline
 * @param kernelConfig the kernel's matrix path and tile configuration
 * @param error why this point failed ("" when it did not): verification or backend failure
 */
public record BenchPoint(String gemm, String archetype, int tokens, int nvalid, int blocks, double usefulPct,
    double paddedFlops, Double floorUs, TimingStats kernel, double kernelRelErr, TimingStats baseline,
    Double baselineRelErr, String kernelConfig, String error) {

  public boolean failed() {
    return !error.isEmpty();
  }

  /** baseline / kernel - 1, in percent; null when either is missing. */
  public Double speedupPct() {
    if (kernel == null || baseline == null) {
      return null;
    }
    return (baseline.medianUs() / kernel.medianUs() - 1) * 100;
  }

  /** Achieved TFLOP/s over the padded work at the kernel's median time. */
  public Double tflops() {
    return kernel == null ? null : paddedFlops / (kernel.medianUs() * 1e-6) / 1e12;
  }

  /** floor / kernel median, in percent: how close to the roofline the kernel runs. */
  public Double pctOfFloor() {
    return kernel == null || floorUs == null ? null : floorUs / kernel.medianUs() * 100;
  }

  public String key() {
    return gemm + "/" + archetype + "/" + tokens;
  }
}
