package io.moebench.cpuref;

import io.moebench.core.align.AlignedLayout;
import io.moebench.core.model.GemmProblem;
import io.moebench.core.quant.Dtype;
import io.moebench.core.quant.QuantizedExperts;
import java.util.Arrays;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

/**
 * The oracle's arithmetic: walks the aligned layout as a GPU kernel does (one expert per block,
 * sentinel rows skipped), dequantises each expert exactly ((q - z) * scale is exact in float32)
 * and accumulates in float32 (or float64 to check the float32 result), rounding C to the dtype.
 */
public final class ReferenceGemm {
  private final boolean fp64;
  private final ForkJoinPool pool;

  public ReferenceGemm(boolean fp64, ForkJoinPool pool) {
    this.fp64 = fp64;
    this.pool = pool;
  }

  /** C [T*top_k, N], raw bits of the activation dtype; rows no block covers stay poisoned. */
  public short[] compute(QuantizedExperts w, GemmProblem p) {
    int n = w.n();
    short[] c = new short[p.outputRows() * n];
    Arrays.fill(c, Dtype.POISON);
    AlignedLayout layout = p.layout();
    int[] segments = expertSegments(layout.expertIds());
    try {
      pool.submit(() -> IntStream.range(0, segments.length - 1).parallel()
          .forEach(s -> computeSegment(w, p, segments[s], segments[s + 1], c))).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("reference GEMM failed", e.getCause());
    }
    return c;
  }

  /** Block indices where the expert changes (consecutive blocks of one expert share its weights). */
  static int[] expertSegments(int[] expertIds) {
    int[] cut = new int[expertIds.length + 1];
    int count = 0;
    for (int b = 0; b < expertIds.length; b++) {
      if (b == 0 || expertIds[b] != expertIds[b - 1]) {
        cut[count++] = b;
      }
    }
    cut[count++] = expertIds.length;
    return Arrays.copyOf(cut, count);
  }

  private void computeSegment(QuantizedExperts w, GemmProblem p, int firstBlock, int endBlock, short[] c) {
    AlignedLayout layout = p.layout();
    int expert = layout.expertIds()[firstBlock];
    if (expert < 0) {
      return;
    }
    int n = w.n();
    int k = w.k();
    float[] weights = dequantise(w, expert);
    Dtype dtype = p.activations().dtype();
    short[] a = p.activations().bits();
    float[] row = new float[k];
    int blockM = layout.blockM();
    for (int pos = firstBlock * blockM; pos < endBlock * blockM; pos++) {
      int routed = layout.sortedIds()[pos];
      if (routed >= layout.sentinel()) {
        continue;
      }
      int aRow = p.activationRow(routed);
      for (int i = 0; i < k; i++) {
        row[i] = dtype.toFloat(a[aRow * k + i]);
      }
      int out = routed * n;
      for (int col = 0; col < n; col++) {
        int base = col * k;
        float acc;
        if (fp64) {
          double s = 0;
          for (int i = 0; i < k; i++) {
            s += (double) row[i] * weights[base + i];
          }
          acc = (float) s;
        } else {
          float s = 0;
          for (int i = 0; i < k; i++) {
            s += row[i] * weights[base + i];
          }
          acc = s;
        }
        c[out + col] = dtype.fromFloat(acc);
      }
    }
  }

  /** Expert e's weights as float32 [N, K]. */
  static float[] dequantise(QuantizedExperts w, int e) {
    int n = w.n();
    int k = w.k();
    float[] out = new float[n * k];
    for (int row = 0; row < n; row++) {
      for (int col = 0; col < k; col++) {
        out[row * k + col] = w.weight(e, row, col);
      }
    }
    return out;
  }
}
