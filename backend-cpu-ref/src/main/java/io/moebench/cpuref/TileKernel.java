package io.moebench.cpuref;

import io.moebench.core.quant.Dtype;

/**
 * The arithmetic of one expert segment times one N tile of {@link ExpertTile#WIDTH} columns, into
 * a segment's fp32 results {@code out} whose rows are {@link ReferenceGemm#CHUNK} floats apart (a
 * work item is several tiles wide). K is walked in blocks of
 * {@link #K_BLOCK}: each block of the tile is dequantised into a small K-major float panel that
 * stays in L1 while every row of the segment uses it. Every fp32 kernel accumulates each output in
 * k order with one fused multiply-add per k, so all fp32 kernels give the same bits.
 */
interface TileKernel {
  /** Rows of K per panel: 128 x 64 floats = 32 KiB. A multiple of 8 (one packed word). */
  int K_BLOCK = 128;

  /** Recorded in the launch configuration, e.g. "fp32-vector-512". */
  String name();

  /**
   * {@code out[r * CHUNK + column + j] += sum over k of a[rowOffsets[r] + k] * W[k][n0 + j]} for
   * r below {@code rows} (a multiple of {@link ReferenceGemm#ROW_GROUP}) and j below WIDTH, where
   * n0 is the tile's first column; {@code panel} is scratch of K_BLOCK * WIDTH floats.
   */
  void multiply(ExpertTile tile, float[] a, int[] rowOffsets, int rows, float[] panel, float[] out, int column);

  /**
   * Rounds rows of {@code out} to the dtype: {@code c[rowStarts[r] + j]} = out[r * CHUNK + j]
   * for j below {@code columns}, round to nearest even as {@link Dtype#fromFloat}.
   */
  default void store(float[] out, int[] rowStarts, int columns, Dtype dtype, short[] c) {
    for (int r = 0; r < rowStarts.length; r++) {
      int src = r * ReferenceGemm.CHUNK;
      for (int j = 0; j < columns; j++) {
        c[rowStarts[r] + j] = dtype.fromFloat(out[src + j]);
      }
    }
  }
}
