package io.moebench.cpuref;

import io.moebench.core.quant.Dtype;
import io.moebench.core.quant.QuantizedExperts;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * One expert's int4 weights for the columns [n0, n0 + WIDTH): the packed rows as little-endian
 * int32 words [WIDTH][K/8], zero points and scales transposed to [groups][WIDTH] so that kernels
 * read them along N. Both layouts keep the 8 consecutive k of one n in one int32 (DOMAIN.md); only
 * the nibble position of k % 8 differs, which {@link #shift(int)} gives. Columns past N hold
 * zeros. Reused across work items: {@link #load} overwrites it.
 */
final class ExpertTile {
  /** Columns per tile: four 16-lane vectors, the N extent of the fp32 micro-kernel. */
  static final int WIDTH = 64;

  private final int k;
  private final int wordsPerRow;
  private final int groupSize;
  private final int groups;
  private final int[] shifts = new int[8];
  private final int[] words;
  private final int[] columnStarts = new int[WIDTH];
  private final int[] zeros;
  private final float[] scales;

  ExpertTile(QuantizedExperts w) {
    k = w.k();
    wordsPerRow = k / 8;
    groupSize = w.groupSize();
    groups = w.groups();
    for (int i = 0; i < 8; i++) {
      shifts[i] = 4 * (int) w.layout().nibbleIndex(0, i, k);
    }
    words = new int[WIDTH * wordsPerRow];
    for (int j = 0; j < WIDTH; j++) {
      columnStarts[j] = j * wordsPerRow;
    }
    zeros = new int[groups * WIDTH];
    scales = new float[groups * WIDTH];
  }

  /** Fills the tile with expert {@code expert}'s columns starting at {@code n0}. */
  void load(QuantizedExperts w, int expert, int n0) {
    int columns = Math.min(WIDTH, w.n() - n0);
    ByteBuffer.wrap(w.qweight(expert)).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer()
        .get(n0 * wordsPerRow, words, 0, columns * wordsPerRow);
    Arrays.fill(words, columns * wordsPerRow, words.length, 0);
    short[] rawScales = w.scales(expert);
    Dtype dtype = w.dtype();
    for (int j = 0; j < WIDTH; j++) {
      for (int g = 0; g < groups; g++) {
        boolean inside = j < columns;
        zeros[g * WIDTH + j] = inside ? w.zero(expert, n0 + j, g) : 0;
        scales[g * WIDTH + j] = inside ? dtype.toFloat(rawScales[(n0 + j) * groups + g]) : 0f;
      }
    }
  }

  /**
   * Rows k0..k1 of the weights as a K-major float panel: {@code panel[(k - k0) * WIDTH + j]} =
   * (q - z) * scale of (k, n0 + j), exact in float32 (the value of {@link QuantizedExperts#weight}).
   * Kernels with a faster path produce the same bits.
   */
  void dequantise(int k0, int k1, float[] panel) {
    for (int kk = k0; kk < k1; kk++) {
      int word = kk / 8;
      int group = kk / groupSize * WIDTH;
      int shift = shifts[kk % 8];
      int row = (kk - k0) * WIDTH;
      for (int j = 0; j < WIDTH; j++) {
        panel[row + j] = (((words[j * wordsPerRow + word] >>> shift) & 0xf) - zeros[group + j]) * scales[group + j];
      }
    }
  }

  int k() {
    return k;
  }

  int groupSize() {
    return groupSize;
  }

  /** Bit position of nibble k % 8 in its int32 word. */
  int shift(int kMod8) {
    return shifts[kMod8];
  }

  /** [WIDTH][K/8] packed words. */
  int[] words() {
    return words;
  }

  /** Where column j's words start in {@link #words()}: j * K/8, a gather index. */
  int[] columnStarts() {
    return columnStarts;
  }

  /** [groups][WIDTH] zero points (8 without zero points). */
  int[] zeros() {
    return zeros;
  }

  /** [groups][WIDTH] scales as float. */
  float[] scales() {
    return scales;
  }
}
