package io.moebench.vulkan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.moebench.core.model.MoeShape;
import io.moebench.core.model.MoeShape.ActivationRows;
import io.moebench.core.model.SyntheticCase;
import io.moebench.core.quant.Dtype;
import io.moebench.core.quant.QuantizedExperts;
import io.moebench.core.quant.WeightLayout;
import org.junit.jupiter.api.Test;

/** The checks and the packing of {@link FragmentLayout}, with the layouts of NVIDIA's mma.sync and of RDNA3's WMMA. */
class FragmentLayoutTest {
  private static final MoeShape SHAPE = new MoeShape("gemm1", 2, 256, 64, 128, 32, ActivationRows.PER_TOKEN);

  /** k and n of lane l's element i at l * length + i, and the layout built from them. */
  private record Layout(int length, int[] row, int[] column) {
    FragmentLayout layout() {
      return new FragmentLayout(32, 16, 16, length, row, column);
    }
  }

  /** mma.sync m16n8k16 B as two n8 halves: lane l holds k 2t, 2t+1, 2t+8, 2t+9 (t = l % 4) of columns l / 4 and 8 + l / 4. */
  private static Layout nvidiaElements() {
    Layout l = new Layout(8, new int[32 * 8], new int[32 * 8]);
    for (int lane = 0; lane < 32; lane++) {
      for (int i = 0; i < 8; i++) {
        l.row[lane * 8 + i] = 2 * (lane % 4) + (i % 2) + 8 * ((i / 2) % 2);
        l.column[lane * 8 + i] = lane / 4 + 8 * (i / 4);
      }
    }
    return l;
  }

  /** RDNA3 wave32 WMMA B: lane l holds all 16 k of column l % 16 (lanes 16-31 repeat lanes 0-15). */
  private static Layout rdna3Elements() {
    Layout l = new Layout(16, new int[32 * 16], new int[32 * 16]);
    for (int lane = 0; lane < 32; lane++) {
      for (int i = 0; i < 16; i++) {
        l.row[lane * 16 + i] = i;
        l.column[lane * 16 + i] = lane % 16;
      }
    }
    return l;
  }

  private static FragmentLayout nvidia() {
    return nvidiaElements().layout();
  }

  private static FragmentLayout rdna3() {
    return rdna3Elements().layout();
  }

  @Test
  void deviceLayoutsAllowDirectLoads() {
    assertThat(nvidia().unusable()).isNull();
    assertThat(nvidia().runs()).isEqualTo(2);
    assertThat(nvidia().chunkK()).isEqualTo(64);
    assertThat(nvidia().toString()).contains("8 elements each in 2 column runs");
    assertThat(rdna3().unusable()).isNull();
    assertThat(rdna3().runs()).isEqualTo(1);
    assertThat(rdna3().chunkK()).isEqualTo(32);
    assertThat(nvidia().loadLanes()).isEqualTo(32);
    assertThat(rdna3().loadLanes()).as("lanes 16-31 load the words of lanes 0-15").isEqualTo(16);
    assertThat(rdna3().packedBytes(64, 256)).as("no word packed twice").isEqualTo(64 * 256 / 2);
  }

  /**
   * Decodes every lane's elements as moe_gemm_coopmat.comp does (loadStep's quad index, MULTIPLY_STEP's
   * fragment and element index, fragmentPair) for K steps of 64 and 128, and finds the weights.
   */
  @Test
  void packedWordsHoldEachLanesElementsInTheKernelsOrder() {
    QuantizedExperts w = SyntheticCase.weights(SHAPE, WeightLayout.EXLLAMA, Dtype.BF16, false, 5);
    for (Layout elements : new Layout[] {nvidiaElements(), rdna3Elements()}) {
      FragmentLayout layout = elements.layout();
      int length = layout.length();
      int chunkK = layout.chunkK();
      int fragmentsPerQuad = FragmentLayout.ELEMENTS_PER_QUAD / length;
      for (int bk : new int[] {64, 128}) {
        for (int e = 0; e < 2; e++) {
          int[] words = layout.pack(w, e);
          assertThat(4L * words.length).isEqualTo(layout.packedBytes(SHAPE.n(), SHAPE.k()));
          for (int tile = 0; tile < SHAPE.n() / 16; tile++) {
            for (int k0 = 0; k0 < SHAPE.k(); k0 += bk) {
              for (int lane = 0; lane < 32; lane++) {
                for (int kk = 0; kk < bk; kk += 16) {
                  int c = (kk / 16) / fragmentsPerQuad; // the step's chunk: loadStep loaded it as direct[c]
                  int quad = ((tile * (SHAPE.k() / chunkK) + k0 / chunkK + c) * layout.loadLanes()
                      + lane % layout.loadLanes()) * 4;
                  for (int i = 0; i < length; i += 2) {
                    int s = ((kk / 16) % fragmentsPerQuad) * length + i;
                    int pair = (words[quad + (s >> 3)] >>> (4 * ((s & 7) >> 1))) & 0x000f000f;
                    for (int hi = 0; hi < 2; hi++) {
                      int element = lane * length + i + hi;
                      int k = k0 + kk + elements.row()[element];
                      int n = tile * 16 + elements.column()[element];
                      assertThat((pair >>> (16 * hi)) & 0xf).as("lane %d k0 %d kk %d element %d", lane, k0, kk, i + hi)
                          .isEqualTo(w.quant(e, n, k));
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
  }

  @Test
  void layoutsTheKernelCannotReadAreRefusedWithTheReason() {
    int[] row = new int[32 * 8];
    int[] column = new int[32 * 8];
    assertThat(new FragmentLayout(32, 16, 16, 8, row, column).unusable()).contains("cover 1 of 256");
    assertThat(new FragmentLayout(32, 16, 16, 6, new int[32 * 6], new int[32 * 6]).unusable())
        .contains("6 elements per invocation");
    Layout outside = nvidiaElements();
    outside.row()[3] = 16;
    assertThat(outside.layout().unusable()).contains("lane 0 element 3 lies outside the 16x16 matrix");
    Layout uneven = nvidiaElements(); // lane 0: columns 0, 0, 8, 8, 8, 8, 0, 0 (the same elements, 3 runs)
    uneven.column()[2] = 8;
    uneven.column()[3] = 8;
    uneven.column()[6] = 0;
    uneven.column()[7] = 0;
    assertThat(uneven.layout().unusable()).contains("3 column runs in 8 elements");
    Layout split = nvidiaElements(); // element 1 of lanes 0 and 4 swap columns: lane 0's first pair is split
    split.column()[1] = 1;
    split.column()[4 * 8 + 1] = 0;
    assertThat(split.layout().unusable()).contains("lane 0: elements 0..1 are not all in one column");
    assertThatThrownBy(() -> new FragmentLayout(32, 16, 16, 6, new int[32 * 6], new int[32 * 6])
        .pack(SyntheticCase.weights(SHAPE, WeightLayout.GPTQ, Dtype.FP16, false, 1), 0))
        .isInstanceOf(IllegalStateException.class);
  }
}
