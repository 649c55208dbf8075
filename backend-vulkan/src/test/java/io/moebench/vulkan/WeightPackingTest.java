package io.moebench.vulkan;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** The device order moe_dequant.glsl's accessors read (end to end, the contract tests check the kernels). */
class WeightPackingTest {
  private static final int N = 32;
  private static final int K = 128;

  @Test
  void wordsGoToTheirColumnGroupQuadRowColumnAndWord() {
    int[] host = new int[N * K / 8];
    for (int i = 0; i < host.length; i++) {
      host[i] = i; // word w of column c sits at c * K/8 + w on the host
    }
    byte[] bytes = new byte[host.length * 4];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().put(host);
    int[] packed = WeightPacking.words(bytes, N, K);
    int col = 17;
    int k8 = 14; // quad 3, word 2
    int quads = K / 32;
    assertThat(packed[((col / 16 * quads + k8 / 4) * 16 + col % 16) * 4 + k8 % 4]).isEqualTo(col * (K / 8) + k8);
    assertThat(packed).containsExactlyInAnyOrder(host);
  }

  @Test
  void scalesAndZeroPointsBecomeGroupMajor() {
    int groups = 3;
    short[] scales = new short[N * groups];
    for (int i = 0; i < scales.length; i++) {
      scales[i] = (short) i;
    }
    assertThat(WeightPacking.scales(scales, N, groups)[2 * N + 5]).isEqualTo((short) (5 * groups + 2));
    byte[] zeros = new byte[N / 2 * groups];
    for (int i = 0; i < zeros.length; i++) {
      zeros[i] = (byte) i;
    }
    assertThat(WeightPacking.zeros(zeros, N, groups)[2 * (N / 2) + 7]).isEqualTo((byte) (7 * groups + 2));
  }
}
