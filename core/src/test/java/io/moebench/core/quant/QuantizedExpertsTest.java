package io.moebench.core.quant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.moebench.core.InputException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class QuantizedExpertsTest {
  private static final int E = 3;
  private static final int N = 8;
  private static final int K = 256;

  static Stream<Arguments> variants() {
    Stream.Builder<Arguments> b = Stream.builder();
    for (int g : new int[] {32, 64, 128}) {
      for (Dtype d : Dtype.values()) {
        for (boolean zeros : new boolean[] {false, true}) {
          b.add(Arguments.of(g, d, zeros));
        }
      }
    }
    return b.build();
  }

  @ParameterizedTest(name = "G={0} {1} zeros={2}")
  @MethodSource("variants")
  void generationIsSeededAndIdenticalAcrossLayouts(int groupSize, Dtype dtype, boolean zeros) {
    QuantizedExperts gptq = QuantGenerator.generate(E, N, K, groupSize, WeightLayout.GPTQ, dtype, 5, zeros);
    QuantizedExperts exllama = QuantGenerator.generate(E, N, K, groupSize, WeightLayout.EXLLAMA, dtype, 5, zeros);
    assertThat(gptq.layout()).isEqualTo(WeightLayout.GPTQ);
    assertThat(exllama.layout()).isEqualTo(WeightLayout.EXLLAMA);
    assertThat(gptq.sameWeights(exllama)).isTrue();
    assertThat(exllama.withLayout(WeightLayout.GPTQ).qweight(1)).isEqualTo(gptq.qweight(1));
    assertThat(gptq.withLayout(WeightLayout.EXLLAMA).qweight(2)).isEqualTo(exllama.qweight(2));
    assertThat(gptq.withLayout(WeightLayout.GPTQ)).isSameAs(gptq);
    assertThat(QuantGenerator.generate(E, N, K, groupSize, WeightLayout.GPTQ, dtype, 5, zeros).sameWeights(gptq)).isTrue();
    assertThat(QuantGenerator.generate(E, N, K, groupSize, WeightLayout.GPTQ, dtype, 6, zeros).sameWeights(gptq)).isFalse();
    assertThat(gptq.groups()).isEqualTo(K / groupSize);
    assertThat(gptq.hasZeros()).isEqualTo(zeros);
    for (int e = 0; e < E; e++) {
      for (int n = 0; n < N; n++) {
        for (int k = 0; k < K; k++) {
          assertThat(exllama.weight(e, n, k)).isEqualTo(gptq.weight(e, n, k));
          assertThat(gptq.weight(e, n, k)).isEqualTo(dequantisedByHand(gptq, e, n, k));
          assertThat(exllama.weight(e, n, k)).isEqualTo(dequantisedFromExllamaWords(exllama, e, n, k));
        }
      }
    }
  }

  @ParameterizedTest(name = "G={0} {1} zeros={2}")
  @MethodSource("variants")
  void scalesAndZeroPointsStayInTheirDocumentedRanges(int groupSize, Dtype dtype, boolean zeros) {
    QuantizedExperts q = QuantGenerator.generate(E, N, K, groupSize, WeightLayout.GPTQ, dtype, 9, zeros);
    double base = 1 / Math.sqrt(7.0 * K);
    int[] histogram = new int[16];
    for (int e = 0; e < E; e++) {
      for (int n = 0; n < N; n++) {
        for (int g = 0; g < q.groups(); g++) {
          assertThat(q.scale(e, n, g)).isBetween((float) (0.49 * base), (float) (1.51 * base));
          assertThat(q.zero(e, n, g)).isBetween(zeros ? 4 : 8, zeros ? 11 : 8);
        }
        for (int k = 0; k < K; k++) {
          histogram[q.quant(e, n, k)]++;
        }
      }
    }
    assertThat(Arrays.stream(histogram)).allMatch(c -> c > E * N * K / 16 / 2); // all 16 codes, roughly uniform
  }

  @Test
  void expertsAreIndependentOfHowManyAreGenerated() {
    QuantizedExperts two = QuantGenerator.generate(2, N, K, 128, WeightLayout.GPTQ, Dtype.BF16, 1, true);
    QuantizedExperts five = QuantGenerator.generate(5, N, K, 128, WeightLayout.GPTQ, Dtype.BF16, 1, true);
    for (int e = 0; e < 2; e++) {
      assertThat(five.qweight(e)).isEqualTo(two.qweight(e));
      assertThat(five.scales(e)).isEqualTo(two.scales(e));
      assertThat(five.zeros(e)).isEqualTo(two.zeros(e));
    }
    assertThat(five.qweight(2)).isNotEqualTo(five.qweight(1));
  }

  @Test
  void sameWeightsNoticesEveryDifference() {
    QuantizedExperts q = QuantGenerator.generate(2, N, K, 64, WeightLayout.EXLLAMA, Dtype.FP16, 2, true);
    byte[][] qw = {q.qweight(0).clone(), q.qweight(1).clone()};
    qw[1][17] ^= 0x10;
    short[][] sc = {q.scales(0), q.scales(1)};
    byte[][] zp = {q.zeros(0), q.zeros(1)};
    assertThat(new QuantizedExperts(WeightLayout.EXLLAMA, Dtype.FP16, N, K, 64, qw, sc, zp).sameWeights(q)).isFalse();
    short[][] sc2 = {q.scales(0), q.scales(1).clone()};
    sc2[1][3] ^= 1;
    byte[][] same = {q.qweight(0), q.qweight(1)};
    assertThat(new QuantizedExperts(WeightLayout.EXLLAMA, Dtype.FP16, N, K, 64, same, sc2, zp).sameWeights(q)).isFalse();
    byte[][] zp2 = {q.zeros(0).clone(), q.zeros(1)};
    zp2[0][0] ^= 1;
    assertThat(new QuantizedExperts(WeightLayout.EXLLAMA, Dtype.FP16, N, K, 64, same, sc, zp2).sameWeights(q)).isFalse();
    assertThat(new QuantizedExperts(WeightLayout.EXLLAMA, Dtype.FP16, N, K, 64, same, sc, null).sameWeights(q)).isFalse();
    assertThat(new QuantizedExperts(WeightLayout.EXLLAMA, Dtype.BF16, N, K, 64, same, sc, zp).sameWeights(q)).isFalse();
    assertThat(new QuantizedExperts(WeightLayout.EXLLAMA, Dtype.FP16, N, K, 64, same, sc, zp).sameWeights(q)).isTrue();
  }

  @Test
  void symmetricWeightIsCodeMinusEightTimesScale() {
    byte[] qw = new byte[2 * 16 / 2];
    WeightLayout.GPTQ.set(qw, 1, 9, 16, 3);
    short[] scales = {Dtype.BF16.fromFloat(0.5f), Dtype.BF16.fromFloat(0.25f), Dtype.BF16.fromFloat(2f),
        Dtype.BF16.fromFloat(-1f)}; // [N=2, K/G=2]
    QuantizedExperts q = new QuantizedExperts(WeightLayout.GPTQ, Dtype.BF16, 2, 16, 8, new byte[][] {qw},
        new short[][] {scales}, null);
    assertThat(q.weight(0, 1, 9)).isEqualTo(5f); // (3 - 8) * -1
    assertThat(q.weight(0, 1, 0)).isEqualTo(-16f); // (0 - 8) * 2
    assertThat(q.weight(0, 0, 15)).isEqualTo(-2f); // (0 - 8) * 0.25
    byte[] zeros = {(byte) 0xa3, 0x05}; // [N/2=1, K/G=2]: n0 g0 = 3, n1 g0 = 10, n0 g1 = 5, n1 g1 = 0
    QuantizedExperts z = new QuantizedExperts(WeightLayout.GPTQ, Dtype.BF16, 2, 16, 8, new byte[][] {qw},
        new short[][] {scales}, new byte[][] {zeros});
    assertThat(z.zero(0, 0, 0)).isEqualTo(3);
    assertThat(z.zero(0, 1, 0)).isEqualTo(10);
    assertThat(z.zero(0, 0, 1)).isEqualTo(5);
    assertThat(z.zero(0, 1, 1)).isEqualTo(0);
    assertThat(z.weight(0, 1, 9)).isEqualTo(-3f); // (3 - 0) * -1
    assertThat(z.weight(0, 1, 2)).isEqualTo(-20f); // (0 - 10) * 2
  }

  /** One value per byte, [N][K], the same for both packings of the same weights. */
  @Test
  void unpackedHoldsEveryInt4ValueInRowOrder() {
    QuantizedExperts gptq = QuantGenerator.generate(E, N, K, 64, WeightLayout.GPTQ, Dtype.FP16, 9, false);
    QuantizedExperts exllama = gptq.withLayout(WeightLayout.EXLLAMA);
    for (int e = 0; e < E; e++) {
      byte[] values = gptq.unpacked(e);
      assertThat(values).hasSize(N * K).isEqualTo(exllama.unpacked(e));
      for (int row = 0; row < N; row++) {
        for (int col = 0; col < K; col++) {
          assertThat((int) values[row * K + col]).isEqualTo(gptq.quant(e, row, col));
        }
      }
    }
  }

  @Test
  void footprintCountsWeightsScalesAndZeros() {
    QuantizedExperts q = QuantGenerator.generate(4, 1024, 2048, 128, WeightLayout.GPTQ, Dtype.BF16, 0, false);
    assertThat(q.bytesPerExpert()).isEqualTo(1024L * 2048 / 2 + 1024L * 16 * 2);
    assertThat(q.bytes()).isEqualTo(4 * q.bytesPerExpert());
    QuantizedExperts z = QuantGenerator.generate(1, 1024, 2048, 128, WeightLayout.GPTQ, Dtype.BF16, 0, true);
    assertThat(z.bytes()).isEqualTo(1024L * 2048 / 2 + 1024L * 16 * 2 + 512L * 16);
  }

  @Test
  void refusesInconsistentShapes() {
    assertThatThrownBy(() -> QuantGenerator.generate(1, 7, 128, 128, WeightLayout.GPTQ, Dtype.BF16, 0, false))
        .isInstanceOf(InputException.class).hasMessage("N must be a positive even number (got 7)");
    assertThatThrownBy(() -> QuantGenerator.generate(1, 8, 96, 64, WeightLayout.GPTQ, Dtype.BF16, 0, false))
        .isInstanceOf(InputException.class).hasMessage("K must be a multiple of the group size 64 (got 96)");
    assertThatThrownBy(() -> QuantGenerator.generate(1, 8, 96, 12, WeightLayout.GPTQ, Dtype.BF16, 0, false))
        .isInstanceOf(InputException.class).hasMessage("group size must be a positive multiple of 8 (got 12)");
    assertThatThrownBy(() -> new QuantizedExperts(WeightLayout.GPTQ, Dtype.BF16, 2, 16, 8, new byte[][] {new byte[15]},
        new short[][] {new short[4]}, null)).isInstanceOf(InputException.class)
        .hasMessage("expert 0: qweight has 15 bytes, expected N*K/2 = 16");
    assertThatThrownBy(() -> new QuantizedExperts(WeightLayout.GPTQ, Dtype.BF16, 2, 16, 8, new byte[][] {new byte[16]},
        new short[][] {new short[3]}, null)).isInstanceOf(InputException.class)
        .hasMessage("expert 0: scales has 3 values, expected N*K/G = 4");
    assertThatThrownBy(() -> new QuantizedExperts(WeightLayout.GPTQ, Dtype.BF16, 2, 16, 8, new byte[][] {new byte[16]},
        new short[][] {new short[4]}, new byte[][] {new byte[1]})).isInstanceOf(InputException.class)
        .hasMessage("expert 0: zeros has 1 bytes, expected N/2*K/G = 2");
  }

  /** (q - z) * scale from the raw GPTQ bytes, as DOMAIN.md lays them out. */
  private static float dequantisedByHand(QuantizedExperts q, int e, int n, int k) {
    int b = q.qweight(e)[n * (K / 2) + k / 2] & 0xff;
    int code = k % 2 == 0 ? b & 0xf : b >>> 4;
    return (code - zeroByHand(q, e, n, k)) * scaleByHand(q, e, n, k);
  }

  /** (q - z) * scale from the ExLlama int32 words: k0 at bit 0, k2 at 4, k4, k6, k1 at 16, k3, k5, k7. */
  private static float dequantisedFromExllamaWords(QuantizedExperts q, int e, int n, int k) {
    int word = ByteBuffer.wrap(q.qweight(e)).order(ByteOrder.LITTLE_ENDIAN).getInt((n * (K / 8) + k / 8) * 4);
    int i = k % 8;
    int shift = i % 2 == 0 ? 4 * (i / 2) : 16 + 4 * (i / 2);
    return ((word >>> shift & 0xf) - zeroByHand(q, e, n, k)) * scaleByHand(q, e, n, k);
  }

  private static int zeroByHand(QuantizedExperts q, int e, int n, int k) {
    if (!q.hasZeros()) {
      return 8;
    }
    int b = q.zeros(e)[(n / 2) * q.groups() + k / q.groupSize()] & 0xff;
    return n % 2 == 0 ? b & 0xf : b >>> 4;
  }

  private static float scaleByHand(QuantizedExperts q, int e, int n, int k) {
    return q.dtype().toFloat(q.scales(e)[n * q.groups() + k / q.groupSize()]);
  }
}
