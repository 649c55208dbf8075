package io.moebench.core.quant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.moebench.core.InputException;
import io.moebench.core.routing.SplitMix64;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class WeightLayoutTest {
  private static final int N = 6;
  private static final int K = 32;

  /** Weights whose value names its position: w(n, k) = (3n + k) mod 16. */
  private static int w(int n, int k) {
    return (3 * n + k) & 0xf;
  }

  private static byte[] gptqBytesByHand() {
    byte[] b = new byte[N * K / 2];
    for (int n = 0; n < N; n++) {
      for (int j = 0; j < K / 2; j++) { // byte j holds k = 2j low, k = 2j+1 high
        b[n * K / 2 + j] = (byte) (w(n, 2 * j) | w(n, 2 * j + 1) << 4);
      }
    }
    return b;
  }

  @Test
  void gptqPacksTwoConsecutiveKPerByteLowNibbleFirst() {
    byte[] b = gptqBytesByHand();
    for (int n = 0; n < N; n++) {
      for (int k = 0; k < K; k++) {
        assertThat(WeightLayout.GPTQ.get(b, n, k, K)).isEqualTo(w(n, k));
      }
    }
  }

  @Test
  void exllamaPutsEachNibbleAtTheDocumentedBitsOfALittleEndianInt32() {
    byte[] ex = WeightLayout.GPTQ.convert(gptqBytesByHand(), WeightLayout.EXLLAMA, N, K);
    int[] bitOfK = {0, 16, 4, 20, 8, 24, 12, 28}; // k0 0-3, k1 16-19, k2 4-7, k3 20-23, ..., k7 28-31
    ByteBuffer words = ByteBuffer.wrap(ex).order(ByteOrder.LITTLE_ENDIAN);
    for (int n = 0; n < N; n++) {
      for (int g = 0; g < K / 8; g++) {
        int word = words.getInt((n * (K / 8) + g) * 4); // int32 [N, K/8]
        for (int i = 0; i < 8; i++) {
          assertThat((word >>> bitOfK[i]) & 0xf).as("n %d k %d", n, 8 * g + i).isEqualTo(w(n, 8 * g + i));
        }
      }
    }
  }

  @Test
  void exllamaWordOfOneGroupByHand() {
    byte[] gptq = new byte[4]; // one row, K = 8: k = 0..7 hold 1..8
    for (int k = 0; k < 8; k++) {
      WeightLayout.GPTQ.set(gptq, 0, k, 8, k + 1);
    }
    assertThat(gptq).containsExactly(0x21, 0x43, 0x65, 0x87);
    byte[] ex = WeightLayout.GPTQ.convert(gptq, WeightLayout.EXLLAMA, 1, 8);
    // nibbles from bit 0: k0 k2 k4 k6 k1 k3 k5 k7 = 1 3 5 7 2 4 6 8
    assertThat(ByteBuffer.wrap(ex).order(ByteOrder.LITTLE_ENDIAN).getInt()).isEqualTo(0x86427531);
  }

  @Test
  void conversionsRoundTripAndGetSetAgree() {
    SplitMix64 rng = new SplitMix64(3);
    int n = 10;
    int k = 64;
    byte[] random = new byte[n * k / 2];
    for (int i = 0; i < random.length; i++) {
      random[i] = (byte) rng.nextLong();
    }
    for (WeightLayout from : WeightLayout.values()) {
      for (WeightLayout to : WeightLayout.values()) {
        byte[] there = from.convert(random, to, n, k);
        assertThat(to.convert(there, from, n, k)).isEqualTo(random);
        for (int r = 0; r < n; r++) {
          for (int c = 0; c < k; c++) {
            assertThat(to.get(there, r, c, k)).isEqualTo(from.get(random, r, c, k));
          }
        }
      }
    }
    assertThat(WeightLayout.GPTQ.convert(random, WeightLayout.GPTQ, n, k)).isEqualTo(random).isNotSameAs(random);
  }

  @Test
  void setChangesOnlyItsNibble() {
    for (WeightLayout layout : WeightLayout.values()) {
      byte[] b = new byte[2 * 16 / 2];
      layout.set(b, 1, 5, 16, 0xf);
      for (int n = 0; n < 2; n++) {
        for (int k = 0; k < 16; k++) {
          assertThat(layout.get(b, n, k, 16)).isEqualTo(n == 1 && k == 5 ? 0xf : 0);
        }
      }
      layout.set(b, 1, 5, 16, 0x13); // only the low 4 bits are stored
      assertThat(layout.get(b, 1, 5, 16)).isEqualTo(3);
    }
  }

  @Test
  void parsesIdsAndListsTheAllowedOnes() {
    assertThat(WeightLayout.parse(" GPTQ ")).isEqualTo(WeightLayout.GPTQ);
    assertThat(WeightLayout.parse("exllama")).isEqualTo(WeightLayout.EXLLAMA);
    assertThat(WeightLayout.allowed()).isEqualTo("gptq, exllama");
    assertThatThrownBy(() -> WeightLayout.parse("awq")).isInstanceOf(InputException.class)
        .hasMessage("unknown layout 'awq': allowed values are gptq, exllama");
  }
}
