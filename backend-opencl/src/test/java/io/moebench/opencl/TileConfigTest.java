package io.moebench.opencl;

import static org.assertj.core.api.Assertions.assertThat;

import io.moebench.core.model.MoeShape;
import io.moebench.core.quant.Dtype;
import io.moebench.core.quant.WeightLayout;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TileConfigTest {
  @Test
  void defaultsFitThePresets() {
    for (MatrixPath p : MatrixPath.values()) {
      for (int gemm : new int[] {1, 2}) {
        for (int bm : new int[] {16, 32}) {
          MoeShape s = MoeShape.preset(gemm, 256, 128, bm);
          TileConfig t = TileConfig.defaults(p, s);
          assertThat(t.unsupported(s)).as("%s %s", p, s).isNull();
          assertThat(t.blockM()).isEqualTo(bm);
        }
      }
    }
    TileConfig nvidia = TileConfig.defaults(MatrixPath.NVIDIA_MMA, MoeShape.gemm1(8, 128, 32));
    assertThat(nvidia.kStep()).isEqualTo(128);
    assertThat(nvidia.splitK()).as("K = 2048: two K slices in two activation stages fit local memory, four would need 66 KiB")
        .isEqualTo(2);
    assertThat(nvidia.activationBuffers()).isEqualTo(2);
    TileConfig tall = TileConfig.defaults(MatrixPath.NVIDIA_MMA, MoeShape.gemm1(8, 128, 64));
    assertThat(tall.splitK()).as("block_m 64: two slices in two stages would need 67 KiB of local memory").isEqualTo(1);
    assertThat(tall.activationBuffers()).isEqualTo(2);
    TileConfig oneStage = TileConfig.parse(MatrixPath.NVIDIA_MMA, MoeShape.gemm1(8, 128, 32),
        Map.of(TileConfig.BLOCKS, "4", TileConfig.SPLIT_K, "1", TileConfig.WORK_GROUP, "128", TileConfig.TILE_N, "64"));
    assertThat(oneStage.unsupported(MoeShape.gemm1(8, 128, 32))).as("128 rows fit one stage (35 KiB)").isNull();
    assertThat(oneStage.activationBuffers()).as("two stages of 128 rows would need 70 KiB").isEqualTo(1);
    assertThat(oneStage.defines()).contains("-DMOE_A_BUFFERS=1");
    assertThat(TileConfig.defaults(MatrixPath.GFX11_WMMA, MoeShape.gemm1(8, 128, 32)).activationBuffers()).isEqualTo(1);
    assertThat(TileConfig.defaults(MatrixPath.GFX11_WMMA, MoeShape.gemm1(8, 128, 32)).kStep()).isEqualTo(64);
    assertThat(TileConfig.defaults(MatrixPath.PORTABLE, MoeShape.gemm1(8, 128, 32)).kStep()).isEqualTo(32);
  }

  @Test
  void refusalsNameTheReason() {
    MoeShape g8 = new MoeShape("g8", 4, 64, 64, 8, 16, MoeShape.ActivationRows.PER_TOKEN);
    assertThat(TileConfig.defaults(MatrixPath.GFX11_WMMA, g8).unsupported(g8))
        .contains("group size 8 must be a multiple of 16");
    MoeShape k128g8 = new MoeShape("g8", 4, 128, 64, 8, 16, MoeShape.ActivationRows.PER_TOKEN);
    assertThat(TileConfig.defaults(MatrixPath.NVIDIA_MMA, k128g8).unsupported(k128g8))
        .contains("group size 8 must be a multiple of 16 that divides 128");
    MoeShape k64 = new MoeShape("k64", 4, 64, 64, 32, 16, MoeShape.ActivationRows.PER_TOKEN);
    assertThat(TileConfig.defaults(MatrixPath.NVIDIA_MMA, k64).unsupported(k64)).contains("K = 64 is not a multiple of the K step 128");
    MoeShape gemm1 = MoeShape.gemm1(8, 128, 32);
    assertThat(new TileConfig(MatrixPath.NVIDIA_MMA, 32, 128, 128, 64, 4, 1, 1).unsupported(gemm1))
        .contains("256 accumulators per lane, over 128");
    assertThat(new TileConfig(MatrixPath.NVIDIA_MMA, 32, 64, 128, 256, 2, 4, 1).unsupported(gemm1))
        .contains("bytes of local memory, over 49152");
    assertThat(new TileConfig(MatrixPath.NVIDIA_MMA, 32, 64, 128, 128, 1, 4, 2).unsupported(gemm1))
        .contains("the 4 warps do not split into splitK 4 x warpsM 2");
    assertThat(new TileConfig(MatrixPath.NVIDIA_MMA, 32, 16, 128, 64, 5, 1, 1).unsupported(gemm1))
        .contains("40 activation copies per work-item a step, over 32");
    assertThat(new TileConfig(MatrixPath.NVIDIA_MMA, 32, 16, 128, 64, 4, 1, 1).unsupported(gemm1)).isNull();
    assertThat(new TileConfig(MatrixPath.PORTABLE, 32, 64, 32, 128, 2, 1, 1).unsupported(gemm1))
        .contains("nvidia-mma path only");
    assertThat(TileConfig.defaults(MatrixPath.PORTABLE, g8).unsupported(g8)).isNull();
    MoeShape bm48 = MoeShape.gemm2(4, 128, 48);
    assertThat(TileConfig.defaults(MatrixPath.GFX11_WMMA, bm48).unsupported(bm48))
        .contains("block_m 48");
    MoeShape bm12 = MoeShape.gemm2(4, 128, 12);
    assertThat(TileConfig.defaults(MatrixPath.PORTABLE, bm12).unsupported(bm12)).contains("block_m 12");
  }

  @Test
  void tuningCandidatesStartWithTheDefaultAndAllTileTheShape() {
    MoeShape s = MoeShape.gemm1(8, 256, 64);
    for (MatrixPath p : MatrixPath.values()) {
      var tiles = TileConfig.candidates(p, s, 256);
      assertThat(tiles.get(0)).isEqualTo(TileConfig.defaults(p, s));
      assertThat(tiles).allMatch(t -> t.unsupported(s) == null && t.workGroupSize() <= 256).doesNotHaveDuplicates();
      assertThat(tiles).hasSizeGreaterThan(3);
      for (TileConfig t : tiles) {
        assertThat(TileConfig.parse(p, s, t.asMap())).isEqualTo(t);
      }
    }
    assertThat(TileConfig.candidates(MatrixPath.GFX11_WMMA, s, 256)).extracting(TileConfig::kStep).contains(32, 64, 128);
    var nvidia = TileConfig.candidates(MatrixPath.NVIDIA_MMA, MoeShape.gemm1(8, 128, 32), 256);
    assertThat(nvidia).extracting(TileConfig::blocks).contains(1, 2, 4);
    assertThat(nvidia).extracting(TileConfig::splitK).contains(1, 2, 4);
    assertThat(nvidia).extracting(TileConfig::warpsM).contains(1, 2);
    assertThat(nvidia).extracting(TileConfig::tileN).contains(16, 128);
    assertThat(nvidia).as("a search that fits a tuning run").hasSizeLessThanOrEqualTo(56);
    assertThat(TileConfig.candidates(MatrixPath.NVIDIA_MMA, s, 128)).allMatch(t -> t.workGroupSize() <= 128);
  }

  /** NVIDIA's assembler report is asked of NVIDIA's compiler only. */
  @Test
  void assemblerReportGoesToNvidiasCompilerOnly() {
    MoeShape gemm1 = MoeShape.gemm1(8, 128, 32);
    KernelSpec spec = new KernelSpec(MatrixPath.NVIDIA_MMA, Dtype.BF16, WeightLayout.EXLLAMA, false, gemm1, 8,
        TileConfig.defaults(MatrixPath.NVIDIA_MMA, gemm1), "", null, false);
    assertThat(spec.buildOptions(true)).isEqualTo(spec.buildOptions(false) + " " + PtxasReport.VERBOSE_OPTION);
    assertThat(spec.buildOptions(false)).doesNotContain("-cl-nv");
  }
}
