package io.moebench.opencl;

import io.moebench.core.quant.QuantizedExperts;

/**
 * Re-packs one expert for moe_gemm_nvidia.cl, once at upload, as weight-only kernels (Marlin, ExLlama)
 * do offline: the kernel then loads each lane's weights with one 16-byte load per 8-column fragment
 * and 128-k chunk, 512 contiguous bytes per warp.
 *
 * <p>Words: for fragment f (columns 8f..8f+7), chunk c (k = 128c..128c+127) and lane l (column
 * 8f + l/4, t = l % 4), word w (0..3) of the lane's uint4 covers the k16 steps s = 2w and 2w + 1 of
 * the chunk; nibble p (p = 2 * (s % 2) + r) holds k = 128c + 16s + 8r + 2t and nibble p + 4 the next
 * k: the two values mma.sync's B register r wants, one shift and one mask apart.
 *
 * <p>Scales and zero points: [fragment][group][8 columns], zero points one byte each.
 */
final class FragmentPacking {
  /** K per packed load. */
  static final int CHUNK = 128;
  private static final int LANES = 32;

  private FragmentPacking() {}

  /** Whether the shape packs: whole fragments and chunks. */
  static boolean packs(int n, int k) {
    return n % 8 == 0 && k % CHUNK == 0;
  }

  /** The packed int4 words of expert e, [N/8][K/128][32 lanes][4], as little-endian uint32. */
  static int[] weights(QuantizedExperts w, int e) {
    int n = w.n();
    int k = w.k();
    byte[] q = w.unpacked(e);
    int chunks = k / CHUNK;
    int[] out = new int[n * k / 8];
    int at = 0;
    for (int f = 0; f < n / 8; f++) {
      for (int c = 0; c < chunks; c++) {
        for (int lane = 0; lane < LANES; lane++) {
          int column = 8 * f + lane / 4;
          int t = lane % 4;
          for (int word = 0; word < 4; word++) {
            int bits = 0;
            for (int p = 0; p < 4; p++) {
              int step = 2 * word + p / 2;
              int kLow = CHUNK * c + 16 * step + 8 * (p % 2) + 2 * t;
              bits |= q[column * k + kLow] << (4 * p);
              bits |= q[column * k + kLow + 1] << (16 + 4 * p);
            }
            out[at++] = bits;
          }
        }
      }
    }
    return out;
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
