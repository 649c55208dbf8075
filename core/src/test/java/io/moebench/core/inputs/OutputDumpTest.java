package io.moebench.core.inputs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.moebench.core.InputException;
import io.moebench.core.align.AlignedLayout;
import io.moebench.core.model.GemmProblem;
import io.moebench.core.npy.NpyArray;
import io.moebench.core.quant.Dtype;
import io.moebench.core.quant.WeightLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OutputDumpTest {
  @TempDir Path dir;

  @ParameterizedTest(name = "gemm{0} {1}")
  @CsvSource({"1, fp16, f2", "2, bf16, u2"})
  void writesTheOutputAndTheAlignedLayoutTheBackendConsumed(int gemm, String dtype, String descr) {
    GemmProblem p = InputFolderTest.synthetic(gemm, WeightLayout.GPTQ, Dtype.parse(dtype), false, 4).problem();
    short[] c = new short[p.outputRows() * p.shape().n()];
    for (int i = 0; i < c.length; i++) {
      c[i] = (short) (i * 7);
    }
    OutputDump.to(dir.resolve("dump")).write(p, c);

    NpyArray out = NpyArray.read(dir.resolve("dump/c.npy"));
    assertThat(out.dtype()).isEqualTo(descr);
    assertThat(out.shape()).containsExactly(p.outputRows(), p.shape().n());
    short[] back = new short[c.length];
    out.data().asShortBuffer().get(0, back);
    assertThat(back).isEqualTo(c);
    AlignedLayout l = p.layout();
    assertThat(ints(dir.resolve("dump/sorted_token_ids.npy"))).isEqualTo(l.sortedIds());
    assertThat(ints(dir.resolve("dump/expert_ids.npy"))).isEqualTo(l.expertIds());
    assertThat(ints(dir.resolve("dump/num_tokens_post_padded.npy"))).containsExactly(l.numTokensPostPadded());
  }

  @Test
  void aFolderThatCannotBeCreatedIsRefusedAtOnce() throws IOException {
    Path file = Files.writeString(dir.resolve("file"), "x");
    assertThatThrownBy(() -> OutputDump.to(file.resolve("dump"))).isInstanceOf(InputException.class)
        .hasMessageStartingWith(file.resolve("dump") + ": cannot create the folder");
  }

  private static int[] ints(Path file) {
    NpyArray a = NpyArray.read(file).requireDtype("i4").requireRank(1, "");
    int[] v = new int[(int) a.elements()];
    a.data().asIntBuffer().get(0, v);
    return v;
  }
}
