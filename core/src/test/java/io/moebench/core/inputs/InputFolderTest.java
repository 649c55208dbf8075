package io.moebench.core.inputs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.moebench.core.InputException;
import io.moebench.core.model.GemmProblem;
import io.moebench.core.model.MoeShape;
import io.moebench.core.model.SyntheticCase;
import io.moebench.core.npy.NpyArray;
import io.moebench.core.npy.NpyWriter;
import io.moebench.core.quant.Dtype;
import io.moebench.core.quant.QuantizedExperts;
import io.moebench.core.quant.WeightLayout;
import io.moebench.core.routing.Archetype;
import io.moebench.core.routing.RoutingTable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InputFolderTest {
  private static final int E = 6;
  private static final int T = 10;
  private static final int TOP_K = 3;
  private static final int K = 64;
  private static final int N = 8;
  private static final int G = 32;

  @TempDir Path dir;

  /** A small synthetic case, built as bench builds its points. */
  static InputCase synthetic(int gemm, WeightLayout layout, Dtype dtype, boolean zeros, int blockM) {
    MoeShape shape = new MoeShape("gemm" + gemm, E, K, N, G, blockM,
        gemm == 1 ? MoeShape.ActivationRows.PER_TOKEN : MoeShape.ActivationRows.PER_ROUTED_ROW);
    RoutingTable routing = SyntheticCase.routing(Archetype.parse("zipf1"), T, E, TOP_K, 11, false);
    QuantizedExperts w = SyntheticCase.weights(shape, layout, dtype, zeros, 11);
    GemmProblem p = SyntheticCase.problem(shape, routing, dtype, 11);
    return new InputCase(gemm, routing, p.activations(), w, blockM);
  }

  @ParameterizedTest(name = "gemm{0} {1} {2} zeros={3}")
  @CsvSource({"1, gptq, fp16, false", "1, exllama, bf16, true", "2, gptq, bf16, true", "2, exllama, fp16, false"})
  void readsBackWhatItWrote(int gemm, String layout, String dtype, boolean zeros) {
    InputCase written = synthetic(gemm, WeightLayout.parse(layout), Dtype.parse(dtype), zeros, 16);
    InputFolder.write(dir, written);
    assertSameCase(InputFolder.read(dir), written);
  }

  @ParameterizedTest(name = "gemm{0} {1} {2} zeros={3}")
  @CsvSource({"1, gptq, fp16, true", "2, exllama, bf16, false"})
  void withoutMetaJsonEverythingButBlockMIsInferred(int gemm, String layout, String dtype, boolean zeros) throws IOException {
    InputCase written = synthetic(gemm, WeightLayout.parse(layout), Dtype.parse(dtype), zeros, MoeShape.DEFAULT_BLOCK_M);
    InputFolder.write(dir, written);
    Files.delete(dir.resolve(InputMeta.FILE));
    assertSameCase(InputFolder.read(dir), written);
  }

  @Test
  void blockMDefaultsToTheProductionBlock() throws IOException {
    InputFolder.write(dir, synthetic(1, WeightLayout.GPTQ, Dtype.BF16, false, 8));
    assertThat(InputFolder.read(dir).blockM()).isEqualTo(8);
    Files.writeString(dir.resolve(InputMeta.FILE), "{\"gemm\": 1}");
    assertThat(InputFolder.read(dir).blockM()).isEqualTo(32);
  }

  @Test
  void theIdsMayBeInt64AndTheExllamaWordsUint32() {
    InputCase written = synthetic(2, WeightLayout.EXLLAMA, Dtype.FP16, false, 32);
    InputFolder.write(dir, written);
    long[] wide = Arrays.stream(written.routing().ids()).asLongStream().toArray();
    ByteBuffer ids = ByteBuffer.allocate(wide.length * 8).order(ByteOrder.LITTLE_ENDIAN);
    ids.asLongBuffer().put(wide);
    NpyWriter.write(dir.resolve(InputFolder.TOPK_IDS), "<i8", new long[] {T, TOP_K}, ids);
    NpyArray q = NpyArray.read(dir.resolve(InputFolder.QWEIGHT));
    ByteBuffer words = ByteBuffer.allocate(q.data().capacity()).put(q.data().duplicate());
    NpyWriter.write(dir.resolve(InputFolder.QWEIGHT), "<u4", q.shape(), words.flip());
    assertSameCase(InputFolder.read(dir), written);
  }

  /** DOMAIN.md: k1 of each int32 word sits in bits 16-19; gptq: k1 is the high nibble of byte 0. */
  @Test
  void qweightHoldsTheDomainLayoutsBitForBit() {
    for (WeightLayout layout : WeightLayout.values()) {
      InputCase c = synthetic(1, layout, Dtype.FP16, false, 32);
      byte[] expert0 = c.weights().qweight(0);
      Arrays.fill(expert0, (byte) 0);
      layout.set(expert0, 0, 1, K, 0xA);
      InputFolder.write(dir, c);
      NpyArray q = NpyArray.read(dir.resolve(InputFolder.QWEIGHT));
      if (layout == WeightLayout.EXLLAMA) {
        assertThat(q.dtype()).isEqualTo("i4");
        assertThat(q.shape()).containsExactly(E, N, K / 8);
        assertThat(q.data().getInt(0)).isEqualTo(0xA << 16);
      } else {
        assertThat(q.dtype()).isEqualTo("u1");
        assertThat(q.shape()).containsExactly(E, N, K / 2);
        assertThat(q.data().get(0)).isEqualTo((byte) 0xA0);
      }
    }
  }

  @Test
  void writingWithoutZeroPointsRemovesAStaleZerosFile() {
    InputFolder.write(dir, synthetic(1, WeightLayout.GPTQ, Dtype.FP16, true, 32));
    assertThat(dir.resolve(InputFolder.ZEROS)).exists();
    InputCase symmetric = synthetic(1, WeightLayout.GPTQ, Dtype.FP16, false, 32);
    InputFolder.write(dir, symmetric);
    assertThat(dir.resolve(InputFolder.ZEROS)).doesNotExist();
    assertSameCase(InputFolder.read(dir), symmetric);
  }

  @Test
  void metaJsonDecidesAGemmTheRowsCannot() throws IOException {
    MoeShape shape = new MoeShape("gemm2", E, K, N, G, 32, MoeShape.ActivationRows.PER_ROUTED_ROW);
    RoutingTable topOne = SyntheticCase.routing(Archetype.parse("uniform"), T, E, 1, 3, false);
    QuantizedExperts w = SyntheticCase.weights(shape, WeightLayout.GPTQ, Dtype.BF16, false, 3);
    InputCase c = new InputCase(2, topOne, SyntheticCase.problem(shape, topOne, Dtype.BF16, 3).activations(), w, 32);
    InputFolder.write(dir, c);
    assertThat(InputFolder.read(dir).gemm()).isEqualTo(2);
    Files.delete(dir.resolve(InputMeta.FILE));
    assertThatThrownBy(() -> InputFolder.read(dir)).isInstanceOf(InputException.class)
        .hasMessage("a.npy: 10 rows fit both gemm 1 and gemm 2 when top_k = 1; set \"gemm\" in meta.json");
  }

  @Test
  void refusalsNameTheFile() throws IOException {
    InputFolder.write(dir, synthetic(1, WeightLayout.EXLLAMA, Dtype.BF16, true, 32));
    NpyWriter.writeUint16(dir.resolve(InputFolder.ACTIVATIONS), new long[] {T * TOP_K + 1, K}, new short[(T * TOP_K + 1) * K]);
    Files.delete(dir.resolve(InputMeta.FILE));
    assertThatThrownBy(() -> InputFolder.read(dir)).isInstanceOf(InputException.class)
        .hasMessage("a.npy: shape [31, 64] has 31 rows, expected T = 10 (gemm1) or T*top_k = 30 (gemm2) (topk_ids.npy is [10, 3])");
    assertThatThrownBy(() -> InputFolder.read(dir.resolve("nothing"))).isInstanceOf(InputException.class)
        .hasMessageStartingWith(dir.resolve("nothing") + ": not a folder");
  }

  private static void assertSameCase(InputCase read, InputCase written) {
    assertThat(read.gemm()).isEqualTo(written.gemm());
    assertThat(read.blockM()).isEqualTo(written.blockM());
    assertThat(read.routing().ids()).isEqualTo(written.routing().ids());
    assertThat(read.routing().topK()).isEqualTo(written.routing().topK());
    assertThat(read.activations()).usingRecursiveComparison().isEqualTo(written.activations());
    assertThat(read.weights().layout()).isEqualTo(written.weights().layout());
    assertThat(read.weights().sameWeights(written.weights())).isTrue();
    for (int e = 0; e < E; e++) {
      assertThat(read.weights().qweight(e)).isEqualTo(written.weights().qweight(e));
    }
    assertThat(read.problem().shape()).isEqualTo(written.problem().shape());
    assertThat(read.problem().layout()).isEqualTo(written.problem().layout());
  }
}
