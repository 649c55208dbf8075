package io.moebench.cpuref;

import io.moebench.core.model.GemmProblem;
import io.moebench.core.quant.Activations;
import io.moebench.core.quant.Dtype;
import java.util.Arrays;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

/**
 * A as float32 [rows + 1, K], converted once per launch (every expert of a token reads the same
 * row); the extra last row is zeros, which pads a segment's rows to a whole row group.
 */
final class FloatActivations {
  private final int k;
  private final int rows;
  private final float[] values;

  private FloatActivations(int k, int rows, float[] values) {
    this.k = k;
    this.rows = rows;
    this.values = values;
  }

  /** Converts in parallel on {@code pool}'s threads (the caller waits). */
  static FloatActivations of(Activations activations, ForkJoinPool pool) {
    int k = activations.k();
    int rows = activations.rows();
    short[] bits = activations.bits();
    Dtype dtype = activations.dtype();
    float[] values = new float[(rows + 1) * k];
    ReferenceGemm.await(pool.submit(() -> IntStream.range(0, rows).parallel().forEach(r -> {
      for (int i = r * k; i < (r + 1) * k; i++) {
        values[i] = dtype.toFloat(bits[i]);
      }
    })));
    return new FloatActivations(k, rows, values);
  }

  float[] values() {
    return values;
  }

  /** Offsets into {@link #values()} of the A rows of routed rows, padded with the zero row. */
  int[] rowOffsets(int[] routedRows, GemmProblem problem) {
    int group = ReferenceGemm.ROW_GROUP;
    int[] offsets = new int[(routedRows.length + group - 1) / group * group];
    Arrays.fill(offsets, rows * k);
    for (int r = 0; r < routedRows.length; r++) {
      offsets[r] = problem.activationRow(routedRows[r]) * k;
    }
    return offsets;
  }
}
