package io.moebench.core.quant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.moebench.core.model.MoeShape;
import io.moebench.core.model.MoeShape.ActivationRows;
import io.moebench.core.model.SyntheticCase;
import org.junit.jupiter.api.Test;

/**
 * The checks and the packing of {@link FragmentLayout}, with the B layouts of NVIDIA's coopmat (two
 * mma.sync n8 halves), of mma.sync m16n8k16 itself and of RDNA3's WMMA, written out here from the
 * vendors' documentation independently of the factories.
 */
class FragmentLayoutTest {
  private static final MoeShape SHAPE = new MoeShape("gemm1", 2, 256, 64, 128, 32, ActivationRows.PER_TOKEN);
  private static final int LANES = 32;

  /** A rows x columns B matrix whose lane l holds element i at k row[l * length + i], n column[l * length + i]. */
  private record Layout(int rows, int columns, int length, int[] row, int[] column) {
    Layout(int rows, int columns, int length) {
      this(rows, columns, length, new int[LANES * length], new int[LANES * length]);
    }

    FragmentLayout layout() {
      return new FragmentLayout(LANES, rows, columns, length, row, column);
    }
  }

  /** Vulkan coopmat on NVIDIA, mma.sync m16n8k16 B as two n8 halves: lane l holds k 2t, 2t+1, 2t+8, 2t+9 (t = l % 4) of columns l / 4 and 8 + l / 4. */
  private static Layout nvidiaCoopmatElements() {
    Layout l = new Layout(16, 16, 8);
    for (int lane = 0; lane < LANES; lane++) {
      for (int i = 0; i < 8; i++) {
        l.row[lane * 8 + i] = 2 * (lane % 4) + (i % 2) + 8 * ((i / 2) % 2);
        l.column[lane * 8 + i] = lane / 4 + 8 * (i / 4);
      }
    }
    return l;
  }

  /** mma.sync m16n8k16 B: lane l's registers b0, b1 hold k 2t, 2t+1 and 2t+8, 2t+9 (t = l % 4) of column l / 4. */
  private static Layout mmaSyncElements() {
    Layout l = new Layout(16, 8, 4);
    for (int lane = 0; lane < LANES; lane++) {
      for (int i = 0; i < 4; i++) {
        l.row[lane * 4 + i] = 2 * (lane % 4) + (i % 2) + 8 * (i / 2);
        l.column[lane * 4 + i] = lane / 4;
      }
    }
    return l;
  }

  /** RDNA3 wave32 WMMA B: lane l holds all 16 k of column l % 16 (lanes 16-31 repeat lanes 0-15). */
  private static Layout rdna3Elements() {
    Layout l = new Layout(16, 16, 16);
    for (int lane = 0; lane < LANES; lane++) {
      for (int i = 0; i < 16; i++) {
        l.row[lane * 16 + i] = i;
        l.column[lane * 16 + i] = lane % 16;
      }
    }
    return l;
  }

  private static QuantizedExperts weights(WeightLayout layout) {
    return SyntheticCase.weights(SHAPE, layout, Dtype.BF16, false, 5);
  }

  @Test
  void deviceLayoutsAllowDirectLoads() {
    FragmentLayout nvidia = nvidiaCoopmatElements().layout();
    assertThat(nvidia.unusable()).isNull();
    assertThat(nvidia.runs()).isEqualTo(2);
    assertThat(nvidia.chunkK()).isEqualTo(64);
    assertThat(nvidia.loadLanes()).isEqualTo(32);
    assertThat(nvidia.toString()).contains("8 elements each in 2 column runs");
    FragmentLayout rdna3 = FragmentLayout.rdna3Wmma();
    assertThat(rdna3.unusable()).isNull();
    assertThat(rdna3.runs()).isEqualTo(1);
    assertThat(rdna3.chunkK()).isEqualTo(32);
    assertThat(rdna3.loadLanes()).as("lanes 16-31 load the words of lanes 0-15").isEqualTo(16);
    assertThat(rdna3.packedBytes(64, 256)).as("no word packed twice").isEqualTo(64 * 256 / 2);
    FragmentLayout mma = FragmentLayout.mmaSyncM16n8k16();
    assertThat(mma.unusable()).isNull();
    assertThat(mma.runs()).isEqualTo(1);
    assertThat(mma.chunkK()).as("moe_gemm_nvidia.cl's CHUNK").isEqualTo(128);
    assertThat(mma.loadLanes()).isEqualTo(32);
    assertThat(mma.packedBytes(64, 256)).isEqualTo(64 * 256 / 2);
    assertThat(mma.toString()).isEqualTo("B 16x8 over 32 lanes: 4 elements each in 1 column run");
  }

  @Test
  void packsOnlyWholeColumnTilesAndChunks() {
    FragmentLayout mma = FragmentLayout.mmaSyncM16n8k16();
    assertThat(mma.packs(8, 128)).isTrue();
    assertThat(mma.packs(12, 128)).as("N not a multiple of 8").isFalse();
    assertThat(mma.packs(8, 192)).as("K not a multiple of 128").isFalse();
    assertThat(FragmentLayout.rdna3Wmma().packs(16, 32)).isTrue();
    assertThat(FragmentLayout.rdna3Wmma().packs(8, 32)).as("N not a multiple of 16").isFalse();
    QuantizedExperts shortK = SyntheticCase.weights(new MoeShape("gemm1", 1, 64, 8, 64, 32, ActivationRows.PER_TOKEN),
        WeightLayout.GPTQ, Dtype.FP16, false, 1);
    assertThatThrownBy(() -> mma.pack(shortK, 0)).isInstanceOf(IllegalStateException.class).hasMessageContaining("cannot pack");
  }

  /**
   * Decodes every lane's elements as moe_gemm_coopmat.comp does (loadStep's quad index, MULTIPLY_STEP's
   * fragment and element index, fragmentPair) for each K step the layout allows, and finds the weights
   * at the documented positions: checks the factories' tables and the packing together.
   */
  @Test
  void packedWordsHoldEachLanesElementsInTheKernelsOrder() {
    Layout nvidia = nvidiaCoopmatElements();
    assertDecodes(nvidia, nvidia.layout());
    assertDecodes(mmaSyncElements(), FragmentLayout.mmaSyncM16n8k16());
    assertDecodes(rdna3Elements(), FragmentLayout.rdna3Wmma());
  }

  private static void assertDecodes(Layout elements, FragmentLayout layout) {
    QuantizedExperts w = weights(WeightLayout.EXLLAMA);
    int length = elements.length();
    assertThat(layout.length()).isEqualTo(length);
    int chunkK = layout.chunkK();
    int fragmentsPerQuad = FragmentLayout.ELEMENTS_PER_QUAD / length;
    int rows = elements.rows();
    int columns = elements.columns();
    for (int bk : new int[] {64, 128, 256}) {
      if (bk % chunkK != 0) {
        continue; // the kernels need K steps of whole chunks
      }
      for (int e = 0; e < 2; e++) {
        int[] words = layout.pack(w, e);
        assertThat(4L * words.length).isEqualTo(layout.packedBytes(SHAPE.n(), SHAPE.k()));
        for (int tile = 0; tile < SHAPE.n() / columns; tile++) {
          for (int k0 = 0; k0 < SHAPE.k(); k0 += bk) {
            for (int lane = 0; lane < LANES; lane++) {
              for (int kk = 0; kk < bk; kk += rows) {
                int c = (kk / rows) / fragmentsPerQuad; // the step's chunk: loadStep loaded it as direct[c]
                int quad = ((tile * (SHAPE.k() / chunkK) + k0 / chunkK + c) * layout.loadLanes()
                    + lane % layout.loadLanes()) * 4;
                for (int i = 0; i < length; i += 2) {
                  int s = ((kk / rows) % fragmentsPerQuad) * length + i;
                  int pair = (words[quad + (s >> 3)] >>> (4 * ((s & 7) >> 1))) & 0x000f000f;
                  for (int hi = 0; hi < 2; hi++) {
                    int element = lane * length + i + hi;
                    int k = k0 + kk + elements.row()[element];
                    int n = tile * columns + elements.column()[element];
                    assertThat((pair >>> (16 * hi)) & 0xf)
                        .as("%s lane %d k0 %d kk %d element %d", layout, lane, k0, kk, i + hi)
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

  /**
   * Decodes the mma.sync packing as moe_gemm_nvidia.cl does: word w of lane l's uint4 in fragment f
   * and 128-k chunk c covers k16 steps 2w and 2w + 1; for step s, B register r's low half sits at
   * nibble 2 (s % 2) + r and its high half four nibbles up, and holds k = 128c + 16s + 2(l % 4) + 8r
   * (+1 for the high half) of column 8f + l / 4.
   */
  @Test
  void mmaSyncWordsHoldEachLanesRegisterPairs() {
    FragmentLayout mma = FragmentLayout.mmaSyncM16n8k16();
    QuantizedExperts w = weights(WeightLayout.GPTQ);
    int chunks = SHAPE.k() / 128;
    for (int e = 0; e < 2; e++) {
      int[] words = mma.pack(w, e);
      assertThat(words).hasSize(SHAPE.n() * SHAPE.k() / 8);
      for (int f = 0; f < SHAPE.n() / 8; f++) {
        for (int c = 0; c < chunks; c++) {
          for (int lane = 0; lane < LANES; lane++) {
            for (int step = 0; step < 8; step++) {
              int word = words[((f * chunks + c) * LANES + lane) * 4 + step / 2];
              for (int r = 0; r < 2; r++) {
                for (int half = 0; half < 2; half++) {
                  int nibble = 2 * (step % 2) + r + 4 * half;
                  int k = 128 * c + 16 * step + 2 * (lane % 4) + 8 * r + half;
                  assertThat((word >>> (4 * nibble)) & 0xf)
                      .as("fragment %d chunk %d lane %d step %d b%d half %d", f, c, lane, step, r, half)
                      .isEqualTo(w.quant(e, 8 * f + lane / 4, k));
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
    int[] row = new int[LANES * 8];
    int[] column = new int[LANES * 8];
    assertThat(new FragmentLayout(LANES, 16, 16, 8, row, column).unusable()).contains("cover 1 of 256");
    assertThat(new FragmentLayout(LANES, 16, 16, 6, new int[LANES * 6], new int[LANES * 6]).unusable())
        .contains("6 elements per invocation");
    Layout outside = nvidiaCoopmatElements();
    outside.row()[3] = 16;
    assertThat(outside.layout().unusable()).contains("lane 0 element 3 lies outside the 16x16 matrix");
    Layout uneven = nvidiaCoopmatElements(); // lane 0: columns 0, 0, 8, 8, 8, 8, 0, 0 (the same elements, 3 runs)
    uneven.column()[2] = 8;
    uneven.column()[3] = 8;
    uneven.column()[6] = 0;
    uneven.column()[7] = 0;
    assertThat(uneven.layout().unusable()).contains("3 column runs in 8 elements");
    Layout split = nvidiaCoopmatElements(); // element 1 of lanes 0 and 4 swap columns: lane 0's first pair is split
    split.column()[1] = 1;
    split.column()[4 * 8 + 1] = 0;
    assertThat(split.layout().unusable()).contains("lane 0: elements 0..1 are not all in one column");
    assertThat(new FragmentLayout(LANES, 16, 16, 6, new int[LANES * 6], new int[LANES * 6]).packs(SHAPE.n(), SHAPE.k()))
        .isFalse();
    assertThatThrownBy(() -> new FragmentLayout(LANES, 16, 16, 6, new int[LANES * 6], new int[LANES * 6])
        .pack(SyntheticCase.weights(SHAPE, WeightLayout.GPTQ, Dtype.FP16, false, 1), 0))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> new FragmentLayout(LANES, 16, 8, 4, new int[LANES * 4], new int[LANES * 3]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("for 32 lanes of 4 elements");
  }
}
