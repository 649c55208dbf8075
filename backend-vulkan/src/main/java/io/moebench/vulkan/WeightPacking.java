package io.moebench.vulkan;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The device layout of one expert's weights, made once at upload (moe_dequant.glsl reads it), so that
 * the 32 invocations of a subgroup load one contiguous 512-byte piece per K step instead of 32-byte
 * pieces of 16 rows K/2 bytes apart:
 *
 * <ul>
 *   <li>int4 words: [N/16 column groups][K/32][16 columns][4 words], each word 8 consecutive k of one
 *       column in the host's layout (ExLlama or GPTQ nibble order is kept);
 *   <li>scales: [K/G][N] (16-bit values);
 *   <li>zero points: [K/G][N/2] (one byte holds columns 2p and 2p + 1, as on the host).
 * </ul>
 * N must be a multiple of 16 and K of 32 (the backend's N tile and K step are).
 */
final class WeightPacking {
  static final int COLUMNS = 16;
  private static final int WORDS_PER_QUAD = 4; // 32 k

  private WeightPacking() {}

  /** The host's words [N][K/8] (little-endian bytes) as [N/16][K/32][16][4]. */
  static int[] words(byte[] qweight, int n, int k) {
    int[] host = new int[qweight.length / 4];
    ByteBuffer.wrap(qweight).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(host);
    int quads = k / 32;
    int[] out = new int[host.length];
    for (int col = 0; col < n; col++) {
      for (int q = 0; q < quads; q++) {
        int to = ((col / COLUMNS * quads + q) * COLUMNS + col % COLUMNS) * WORDS_PER_QUAD;
        System.arraycopy(host, col * (k / 8) + q * WORDS_PER_QUAD, out, to, WORDS_PER_QUAD);
      }
    }
    return out;
  }

  /** Scales [N][groups] as [groups][N]. */
  static short[] scales(short[] scales, int n, int groups) {
    short[] out = new short[scales.length];
    for (int col = 0; col < n; col++) {
      for (int g = 0; g < groups; g++) {
        out[g * n + col] = scales[col * groups + g];
      }
    }
    return out;
  }

  /** Zero-point bytes [N/2][groups] as [groups][N/2]. */
  static byte[] zeros(byte[] zeros, int n, int groups) {
    byte[] out = new byte[zeros.length];
    for (int pair = 0; pair < n / 2; pair++) {
      for (int g = 0; g < groups; g++) {
        out[g * (n / 2) + pair] = zeros[pair * groups + g];
      }
    }
    return out;
  }
}
