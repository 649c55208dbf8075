package io.moebench.cpuref;

/** fp32 in plain Java: runs on any JVM; the fallback when jdk.incubator.vector is not in the boot layer. */
final class PortableKernel implements TileKernel {

  @Override
  public String name() {
    return "fp32-portable";
  }

  @Override
  public void multiply(ExpertTile tile, float[] a, int[] rowOffsets, int rows, float[] panel, float[] out,
      int column) {
    int width = ExpertTile.WIDTH;
    for (int k0 = 0; k0 < tile.k(); k0 += K_BLOCK) {
      int k1 = Math.min(tile.k(), k0 + K_BLOCK);
      tile.dequantise(k0, k1, panel);
      for (int r = 0; r < rows; r++) {
        int acc = r * ReferenceGemm.CHUNK + column;
        for (int kk = k0; kk < k1; kk++) {
          float x = a[rowOffsets[r] + kk];
          int p = (kk - k0) * width;
          for (int j = 0; j < width; j++) {
            out[acc + j] = Math.fma(x, panel[p + j], out[acc + j]);
          }
        }
      }
    }
  }
}
