package io.moebench.opencl;

import io.moebench.core.quant.FragmentLayout;
import io.moebench.core.quant.QuantizedExperts;

/**
 * Re-packs one expert for moe_gemm_nvidia.cl, once at upload, as weight-only kernels (Marlin, ExLlama)
 * do offline: the kernel then loads each lane's weights with one 16-byte load per 8-column fragment
 * and 128-k chunk, 512 contiguous bytes per warp.
 *
 * <p>Words: core's {@link FragmentLayout#mmaSyncM16n8k16()} packing. For fragment f (columns
 * 8f..8f+7), chunk c (k = 128c..128c+127) and lane l (column 8f + l/4, t = l % 4), word w (0..3) of
 * the lane's uint4 covers the k16 steps s = 2w and 2w + 1 of the chunk; nibble p (p = 2 * (s % 2) + r)
 * holds k = 128c + 16s + 8r + 2t and nibble p + 4 the next k: the two values mma.sync's B register
 * r wants, one shift and one mask apart.
 *
 * <p>Scales and zero points: [fragment][group][8 columns], zero points one byte each.
 */
final class FragmentPacking {
  private static final FragmentLayout MMA = FragmentLayout.mmaSyncM16n8k16();
  /** K per packed load. */
  static final int CHUNK = MMA.chunkK();

  private FragmentPacking() {}

  /** Whether the shape packs: whole fragments and chunks. */
  static boolean packs(int n, int k) {
    return MMA.packs(n, k);
  }

  /** The packed int4 words of expert e, [N/8][K/128][32 lanes][4], as little-endian uint32. */
  static int[] weights(QuantizedExperts w, int e) {
    return MMA.pack(w, e);
  }

  /** The scales of expert e as [N/8][groups][8] 16-bit values. */
  static short[] scales(QuantizedExperts w, int e) {
    short[] source = w.scales(e);
    int groups = w.groups();
    short[] out = new short[source.length];
    for (int column = 0; column < w.n(); column++) {
      for (int g = 0; g < groups; g++) {
        out[packedIndex(column, g, groups)] = source[column * groups + g];
      }
    }
    return out;
  }

  /** The zero points of expert e as [N/8][groups][8] bytes, one value each. */
  static byte[] zeros(QuantizedExperts w, int e) {
    int groups = w.groups();
    byte[] out = new byte[w.n() * groups];
    for (int column = 0; column < w.n(); column++) {
      for (int g = 0; g < groups; g++) {
        out[packedIndex(column, g, groups)] = (byte) w.zero(e, column, g);
      }
    }
    return out;
  }

  private static int packedIndex(int column, int group, int groups) {
    return ((column / 8) * groups + group) * 8 + column % 8;
  }
}
