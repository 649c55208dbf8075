package io.moebench.cpuref;

import io.moebench.core.quant.Dtype;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * fp32 through the incubating Vector API (C2 keeps its vectors in registers, which auto-vectorised
 * loops cannot do: those load and store the accumulators on every k and reach well under half
 * this speed). Loaded by reflection only when jdk.incubator.vector is in the boot layer
 * ({@code --add-modules jdk.incubator.vector}); see {@link Kernels}.
 *
 * <p>The micro-kernel holds a 4-row by 4-vector block of C in registers and streams the panel block
 * and broadcast activations through it.
 */
final class VectorKernel implements TileKernel {
  /** At most 512-bit vectors: a tile row is four vectors of at most 16 lanes. */
  private static final VectorSpecies<Float> F =
      FloatVector.SPECIES_PREFERRED.vectorBitSize() > 512 ? FloatVector.SPECIES_512 : FloatVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Integer> I = F.withLanes(int.class);
  private static final VectorSpecies<Short> S = VectorSpecies.of(short.class, VectorShape.forBitSize(F.length() * 16));
  private static final int LANES = F.length();
  private static final int STRIP = 4 * LANES;

  @Override
  public String name() {
    return "fp32-vector-" + F.vectorBitSize();
  }

  @Override
  public void multiply(ExpertTile tile, float[] a, int[] rowOffsets, int rows, float[] panel, float[] out,
      int column) {
    int width = ExpertTile.WIDTH;
    for (int k0 = 0; k0 < tile.k(); k0 += K_BLOCK) {
      int k1 = Math.min(tile.k(), k0 + K_BLOCK);
      dequantise(tile, k0, k1, panel);
      for (int r = 0; r < rows; r += ReferenceGemm.ROW_GROUP) {
        for (int j = 0; j < width; j += STRIP) {
          block(panel, j, k1 - k0, a, rowOffsets[r] + k0, rowOffsets[r + 1] + k0, rowOffsets[r + 2] + k0,
              rowOffsets[r + 3] + k0, out, r * ReferenceGemm.CHUNK + column + j);
        }
      }
    }
  }

  /** bf16 rounds with vectors ({@link io.moebench.core.quant.BFloat16#fromFloat} lane by lane); fp16 in scalar. */
  @Override
  public void store(float[] out, int[] rowStarts, int columns, Dtype dtype, short[] c) {
    if (dtype != Dtype.BF16 || columns % LANES != 0) {
      TileKernel.super.store(out, rowStarts, columns, dtype, c);
      return;
    }
    for (int r = 0; r < rowStarts.length; r++) {
      for (int j = 0; j < columns; j += LANES) {
        IntVector bits = FloatVector.fromArray(F, out, r * ReferenceGemm.CHUNK + j).viewAsIntegralLanes();
        IntVector high = bits.lanewise(VectorOperators.LSHR, 16);
        IntVector rounded = bits.add(high.and(1)).add(0x7fff).lanewise(VectorOperators.LSHR, 16);
        VectorMask<Integer> nan = bits.and(0x7fffffff).compare(VectorOperators.GT, 0x7f800000);
        IntVector bf16 = rounded.blend(high.or(0x40), nan); // a NaN stays a quiet NaN
        ((ShortVector) bf16.convertShape(VectorOperators.I2S, S, 0)).intoArray(c, rowStarts[r] + j);
      }
    }
  }

  /** {@link ExpertTile#dequantise} with vectors along N; one gather brings a vector of columns' packed words. */
  private static void dequantise(ExpertTile tile, int k0, int k1, float[] panel) {
    int width = ExpertTile.WIDTH;
    int[] words = tile.words();
    int[] zeros = tile.zeros();
    float[] scales = tile.scales();
    int[] columnStarts = tile.columnStarts();
    int wordsPerGroup = tile.groupSize() / 8;
    for (int q = k0 / 8; q < k1 / 8; q++) {
      int group = q / wordsPerGroup * width;
      int row = (8 * q - k0) * width;
      for (int j = 0; j < width; j += LANES) {
        IntVector packed = IntVector.fromArray(I, words, q, columnStarts, j);
        IntVector zero = IntVector.fromArray(I, zeros, group + j);
        FloatVector scale = FloatVector.fromArray(F, scales, group + j);
        for (int i = 0; i < 8; i++) {
          IntVector value = packed.lanewise(VectorOperators.LSHR, tile.shift(i)).and(0xf).sub(zero);
          ((FloatVector) value.convert(VectorOperators.I2F, 0)).mul(scale).intoArray(panel, row + i * width + j);
        }
      }
    }
  }

  /** Four rows of out at o, o + CHUNK, ..., STRIP columns: add panel rows 0..k (from column j) times a at a0..a3. */
  private static void block(float[] panel, int j, int k, float[] a, int a0, int a1, int a2, int a3, float[] out,
      int o) {
    int o0 = o;
    int o1 = o + ReferenceGemm.CHUNK;
    int o2 = o1 + ReferenceGemm.CHUNK;
    int o3 = o2 + ReferenceGemm.CHUNK;
    FloatVector c00 = FloatVector.fromArray(F, out, o0);
    FloatVector c01 = FloatVector.fromArray(F, out, o0 + LANES);
    FloatVector c02 = FloatVector.fromArray(F, out, o0 + 2 * LANES);
    FloatVector c03 = FloatVector.fromArray(F, out, o0 + 3 * LANES);
    FloatVector c10 = FloatVector.fromArray(F, out, o1);
    FloatVector c11 = FloatVector.fromArray(F, out, o1 + LANES);
    FloatVector c12 = FloatVector.fromArray(F, out, o1 + 2 * LANES);
    FloatVector c13 = FloatVector.fromArray(F, out, o1 + 3 * LANES);
    FloatVector c20 = FloatVector.fromArray(F, out, o2);
    FloatVector c21 = FloatVector.fromArray(F, out, o2 + LANES);
    FloatVector c22 = FloatVector.fromArray(F, out, o2 + 2 * LANES);
    FloatVector c23 = FloatVector.fromArray(F, out, o2 + 3 * LANES);
    FloatVector c30 = FloatVector.fromArray(F, out, o3);
    FloatVector c31 = FloatVector.fromArray(F, out, o3 + LANES);
    FloatVector c32 = FloatVector.fromArray(F, out, o3 + 2 * LANES);
    FloatVector c33 = FloatVector.fromArray(F, out, o3 + 3 * LANES);
    for (int kk = 0; kk < k; kk++) {
      int p = kk * ExpertTile.WIDTH + j;
      FloatVector w0 = FloatVector.fromArray(F, panel, p);
      FloatVector w1 = FloatVector.fromArray(F, panel, p + LANES);
      FloatVector w2 = FloatVector.fromArray(F, panel, p + 2 * LANES);
      FloatVector w3 = FloatVector.fromArray(F, panel, p + 3 * LANES);
      FloatVector x = FloatVector.broadcast(F, a[a0 + kk]);
      c00 = w0.fma(x, c00);
      c01 = w1.fma(x, c01);
      c02 = w2.fma(x, c02);
      c03 = w3.fma(x, c03);
      x = FloatVector.broadcast(F, a[a1 + kk]);
      c10 = w0.fma(x, c10);
      c11 = w1.fma(x, c11);
      c12 = w2.fma(x, c12);
      c13 = w3.fma(x, c13);
      x = FloatVector.broadcast(F, a[a2 + kk]);
      c20 = w0.fma(x, c20);
      c21 = w1.fma(x, c21);
      c22 = w2.fma(x, c22);
      c23 = w3.fma(x, c23);
      x = FloatVector.broadcast(F, a[a3 + kk]);
      c30 = w0.fma(x, c30);
      c31 = w1.fma(x, c31);
      c32 = w2.fma(x, c32);
      c33 = w3.fma(x, c33);
    }
    c00.intoArray(out, o0);
    c01.intoArray(out, o0 + LANES);
    c02.intoArray(out, o0 + 2 * LANES);
    c03.intoArray(out, o0 + 3 * LANES);
    c10.intoArray(out, o1);
    c11.intoArray(out, o1 + LANES);
    c12.intoArray(out, o1 + 2 * LANES);
    c13.intoArray(out, o1 + 3 * LANES);
    c20.intoArray(out, o2);
    c21.intoArray(out, o2 + LANES);
    c22.intoArray(out, o2 + 2 * LANES);
    c23.intoArray(out, o2 + 3 * LANES);
    c30.intoArray(out, o3);
    c31.intoArray(out, o3 + LANES);
    c32.intoArray(out, o3 + 2 * LANES);
    c33.intoArray(out, o3 + 3 * LANES);
  }
}
