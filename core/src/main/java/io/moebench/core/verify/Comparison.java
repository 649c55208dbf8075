package io.moebench.core.verify;

import io.moebench.core.quant.Dtype;

/**
 * A backend's C against the oracle's: relative error sum|C - C_ref| / sum|C_ref| (DOMAIN.md).
 * A NaN anywhere (an unwritten, still poisoned element included) fails.
 *
 * @param relativeError the relative error (NaN when any element is NaN)
 * @param nanCount elements of C that are NaN
 * @param firstNan index of the first NaN element, -1 if none
 * @param worstIndex index of the largest absolute difference
 * @param worstValue C at that index
 * @param worstReference C_ref at that index
 * @param columns N, to turn an index into (row, column)
 */
public record Comparison(double relativeError, long nanCount, long firstNan, long worstIndex, float worstValue,
    float worstReference, int columns) {

  /** The failure threshold of DOMAIN.md. */
  public static final double TOLERANCE = 1e-2;

  public static Comparison of(Dtype dtype, short[] actual, short[] reference, int columns) {
    if (actual.length != reference.length) {
      throw new IllegalArgumentException("output has " + actual.length + " elements, reference " + reference.length);
    }
    double diff = 0;
    double norm = 0;
    long nans = 0;
    long firstNan = -1;
    long worst = -1;
    double worstDiff = -1;
    for (int i = 0; i < actual.length; i++) {
      float c = dtype.toFloat(actual[i]);
      float r = dtype.toFloat(reference[i]);
      if (Float.isNaN(c) || Float.isNaN(r)) {
        if (nans++ == 0) {
          firstNan = i;
        }
        continue;
      }
      double d = Math.abs((double) c - r);
      diff += d;
      norm += Math.abs(r);
      if (d > worstDiff) {
        worstDiff = d;
        worst = i;
      }
    }
    double rel = nans > 0 ? Double.NaN : (norm == 0 ? (diff == 0 ? 0 : Double.POSITIVE_INFINITY) : diff / norm);
    long at = firstNan >= 0 ? firstNan : worst;
    return new Comparison(rel, nans, firstNan, at, at < 0 ? 0 : dtype.toFloat(actual[(int) at]),
        at < 0 ? 0 : dtype.toFloat(reference[(int) at]), columns);
  }

  public boolean passed() {
    return nanCount == 0 && relativeError < TOLERANCE;
  }

  /** "row 12, col 7: 0.1234 vs 0.5678" for the first NaN or the worst element. */
  public String where() {
    if (worstIndex < 0) {
      return "no elements";
    }
    return "row " + worstIndex / columns + ", col " + worstIndex % columns + ": " + worstValue + " vs reference "
        + worstReference;
  }

  public String summary() {
    if (nanCount > 0) {
      return nanCount + " NaN elements (unwritten or invalid), first at " + where();
    }
    return String.format(java.util.Locale.ROOT, "rel err %.3e, worst at %s", relativeError, where());
  }
}
