package io.moebench.core.verify;

import io.moebench.core.quant.Dtype;
import java.util.Locale;

/**
 * A backend's C against the oracle's: relative error sum|C - C_ref| / sum|C_ref| (DOMAIN.md), and
 * the same per output row. A NaN anywhere (an unwritten, still poisoned element included) fails;
 * so does a whole-output or a single-row relative error of 1e-2 or more. The row rule catches a
 * kernel that corrupts a few rows of a large output (one bad row of R changes the whole-output
 * error by only about 1/R).
 *
 * @param relativeError the relative error (NaN when any element is NaN)
 * @param nanCount elements of C that are NaN
 * @param firstNan index of the first NaN element, -1 if none
 * @param worstIndex index of the first NaN, else of the largest absolute difference
 * @param worstValue C at that index
 * @param worstReference C_ref at that index
 * @param columns N, to turn an index into (row, column)
 * @param worstRow the row with the largest relative error
 * @param worstRowError its relative error (row norms below a thousandth of the mean row norm count as that floor)
 */
public record Comparison(double relativeError, long nanCount, long firstNan, long worstIndex, float worstValue,
    float worstReference, int columns, int worstRow, double worstRowError) {

  /** The failure threshold of DOMAIN.md, applied to the whole output and to every row. */
  public static final double TOLERANCE = 1e-2;

  public static Comparison of(Dtype dtype, short[] actual, short[] reference, int columns) {
    if (actual.length != reference.length) {
      throw new IllegalArgumentException("output has " + actual.length + " elements, reference " + reference.length);
    }
    int rows = columns == 0 ? 0 : actual.length / columns;
    double[] rowDiff = new double[rows];
    double[] rowNorm = new double[rows];
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
      rowDiff[i / columns] += d;
      rowNorm[i / columns] += Math.abs(r);
      if (d > worstDiff) {
        worstDiff = d;
        worst = i;
      }
    }
    double diff = 0;
    double norm = 0;
    for (int row = 0; row < rows; row++) {
      diff += rowDiff[row];
      norm += rowNorm[row];
    }
    double rowFloor = rows == 0 ? 0 : 1e-3 * norm / rows;
    int worstRow = -1;
    double worstRowError = 0;
    for (int row = 0; row < rows; row++) {
      double denominator = Math.max(rowNorm[row], rowFloor);
      double e = denominator == 0 ? (rowDiff[row] == 0 ? 0 : Double.POSITIVE_INFINITY) : rowDiff[row] / denominator;
      if (worstRow < 0 || e > worstRowError) {
        worstRow = row;
        worstRowError = e;
      }
    }
    double rel = nans > 0 ? Double.NaN : (norm == 0 ? (diff == 0 ? 0 : Double.POSITIVE_INFINITY) : diff / norm);
    long at = firstNan >= 0 ? firstNan : worst;
    return new Comparison(rel, nans, firstNan, at, at < 0 ? 0 : dtype.toFloat(actual[(int) at]),
        at < 0 ? 0 : dtype.toFloat(reference[(int) at]), columns, worstRow, worstRowError);
  }

  public boolean passed() {
    return nanCount == 0 && relativeError < TOLERANCE && worstRowError < TOLERANCE;
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
    if (relativeError < TOLERANCE && worstRowError >= TOLERANCE) {
      return String.format(Locale.ROOT, "row %d has rel err %.3e (whole output %.3e), worst at %s", worstRow,
          worstRowError, relativeError, where());
    }
    return String.format(Locale.ROOT, "rel err %.3e, worst at %s", relativeError, where());
  }
}
