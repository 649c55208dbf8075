package io.moebench.cpuref;

/** float64 accumulation, to check the fp32 oracle itself; rounded to float32 once at the end. */
final class Fp64Kernel implements TileKernel {

  @Override
  public String name() {
    return "fp64";
  }

  @Override
  public void multiply(ExpertTile tile, float[] a, int[] rowOffsets, int rows, float[] panel, float[] out,
      int column) {
    int width = ExpertTile.WIDTH;
    double[] acc = new double[rows * width];
    for (int k0 = 0; k0 < tile.k(); k0 += K_BLOCK) {
      int k1 = Math.min(tile.k(), k0 + K_BLOCK);
      tile.dequantise(k0, k1, panel);
      for (int r = 0; r < rows; r++) {
        for (int kk = k0; kk < k1; kk++) {
          double x = a[rowOffsets[r] + kk];
          int p = (kk - k0) * width;
          for (int j = 0; j < width; j++) {
            acc[r * width + j] += x * panel[p + j];
          }
        }
      }
    }
    for (int r = 0; r < rows; r++) {
      for (int j = 0; j < width; j++) {
        out[r * ReferenceGemm.CHUNK + column + j] = (float) acc[r * width + j];
      }
    }
  }
}
