package io.moebench.core.bench;

import io.moebench.core.quant.Dtype;
import io.moebench.core.quant.WeightLayout;
import io.moebench.core.verify.Comparison;

/**
 * One backend at one validation point.
 *
 * @param comparison the output against the oracle, null when the backend failed
 * @param error why it failed to run ("" when it ran)
 * @param config the backend's path and tile configuration
 */
public record ValidationResult(String backend, String gemm, Dtype dtype, WeightLayout layout, String archetype, int tokens,
    Comparison comparison, String error, String config) {

  public boolean passed() {
    return error.isEmpty() && comparison != null && comparison.passed();
  }

  public String point() {
    return gemm + " " + dtype + " " + layout + " " + archetype + " T=" + tokens;
  }

  /** One line: what failed and where. */
  public String failure() {
    if (tokens == 0) { // the backend never ran (not available, failed to open)
      return backend + ": " + error;
    }
    if (!error.isEmpty()) {
      return backend + " failed at " + point() + ": " + error;
    }
    return backend + " failed at " + point() + ": " + comparison.summary();
  }
}
