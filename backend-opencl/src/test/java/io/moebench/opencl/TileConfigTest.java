package io.moebench.opencl;

import static org.assertj.core.api.Assertions.assertThat;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.moebench.core.model.MoeShape;
import io.moebench.core.quant.Dtype;
import io.moebench.core.quant.WeightLayout;
import io.moebench.core.spi.UnsupportedProblemException;
import io.moebench.core.tune.TuneCache;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TileConfigTest {
  private static final MoeShape GEMM1 = MoeShape.gemm1(8, 128, 32);

  @TempDir
  Path tuneDir;
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
    assertThat(nvidia.splitK()).as("K = 2048: four K slices fit local memory").isEqualTo(4);
    assertThat(TileConfig.defaults(MatrixPath.NVIDIA_MMA, MoeShape.gemm1(8, 128, 64)).splitK())
        .as("block_m 64: four slices would need 66 KiB of local memory").isEqualTo(2);
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
    assertThat(new TileConfig(MatrixPath.NVIDIA_MMA, 32, 128, 128, 64, 4, 1, 1, 0).unsupported(gemm1))
        .contains("256 accumulators per lane, over 128");
    assertThat(new TileConfig(MatrixPath.NVIDIA_MMA, 32, 64, 128, 256, 2, 4, 1, 0).unsupported(gemm1))
        .contains("bytes of local memory, over 49152");
    assertThat(new TileConfig(MatrixPath.NVIDIA_MMA, 32, 64, 128, 128, 1, 4, 2, 0).unsupported(gemm1))
        .contains("the 4 warps do not split into splitK 4 x warpsM 2");
    assertThat(new TileConfig(MatrixPath.PORTABLE, 32, 64, 32, 128, 2, 1, 1, 0).unsupported(gemm1))
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

  /** Register caps go to large merged-block tiles of 256 items only: those ptxas puts over 128 registers uncapped. */
  @Test
  void registerCapCandidatesAreTheLargeMergedBlockTiles() {
    for (MoeShape shape : List.of(GEMM1, MoeShape.gemm2(8, 128, 32))) {
      List<TileConfig> tiles = TileConfig.candidates(MatrixPath.NVIDIA_MMA, shape, 256);
      List<TileConfig> capped = tiles.stream().filter(t -> t.maxRegs() != 0).toList();
      // ptxas -v, sm_90, uncapped: 165, 172, 174 and 241 registers (blocks2 n64 wm2 and blocks2 n128 wm1: 120, 127)
      assertThat(capped).extracting(TileConfig::describe).containsExactlyInAnyOrder(
          "bm32 n128 k128 wg256 blocks2 splitK1 warpsM2 maxRegs128", "bm32 n64 k128 wg256 blocks4 splitK1 warpsM2 maxRegs128",
          "bm32 n128 k128 wg256 blocks4 splitK1 warpsM1 maxRegs128", "bm32 n128 k128 wg256 blocks4 splitK1 warpsM2 maxRegs128");
      assertThat(tiles).as("each capped tile is also tried uncapped")
          .containsAll(capped.stream().map(t -> t.withMaxRegs(0)).toList());
      assertThat(tiles).as("a search that fits a tuning run").hasSizeLessThanOrEqualTo(56);
    }
    assertThat(TileConfig.candidates(MatrixPath.NVIDIA_MMA, GEMM1, 128)).allMatch(t -> t.maxRegs() == 0);
    for (MatrixPath p : List.of(MatrixPath.PORTABLE, MatrixPath.GFX11_WMMA)) {
      assertThat(TileConfig.candidates(p, GEMM1, 256)).allMatch(t -> t.maxRegs() == 0);
    }
  }

  @Test
  void registerCapAndAssemblerReportGoToNvidiasCompilerOnly() {
    TileConfig tile = TileConfig.defaults(MatrixPath.NVIDIA_MMA, GEMM1).withMaxRegs(128);
    KernelSpec spec = new KernelSpec(MatrixPath.NVIDIA_MMA, Dtype.BF16, WeightLayout.EXLLAMA, false, GEMM1, 8, tile, "", null);
    assertThat(spec.buildOptions(true)).endsWith(" -cl-nv-maxrregcount 128 -cl-nv-verbose");
    assertThat(spec.assemblerOptions(true)).as("also for builds from a cached binary (PTX on NVIDIA)")
        .isEqualTo("-cl-nv-maxrregcount 128 -cl-nv-verbose");
    assertThat(spec.buildOptions(false)).doesNotContain("-cl-nv");
    assertThat(spec.assemblerOptions(false)).isEmpty();
    assertThat(spec.defines()).as("offline compilers and the program key see the cap only through the options")
        .doesNotContain("maxrregcount");
    assertThat(spec.describe()).contains("maxRegs128");
    KernelSpec uncapped = new KernelSpec(MatrixPath.NVIDIA_MMA, Dtype.BF16, WeightLayout.EXLLAMA, false, GEMM1, 8,
        tile.withMaxRegs(0), "", null);
    assertThat(uncapped.buildOptions(true)).isEqualTo(uncapped.buildOptions(false) + " -cl-nv-verbose")
        .doesNotContain("maxrregcount");
  }

  @Test
  void registerCapRoundTripsThroughTheTuningCache() {
    TuneCache cache = new TuneCache(tuneDir);
    TileConfig capped = new TileConfig(MatrixPath.NVIDIA_MMA, 32, 64, 128, 256, 4, 1, 2, 128);
    cache.store("dev", GEMM1, Dtype.BF16, WeightLayout.EXLLAMA, false, 4096, 800, capped.asMap());
    Map<String, String> back = cache.lookup("dev", GEMM1, Dtype.BF16, WeightLayout.EXLLAMA, false, 4096, 800).orElseThrow();
    assertThat(back).containsEntry("maxRegs", "128");
    assertThat(TileConfig.parse(MatrixPath.NVIDIA_MMA, GEMM1, back)).isEqualTo(capped);
    // An entry written before maxRegs existed names the uncapped tile.
    Map<String, String> old = TuneCache.parse("blocks=4,splitK=1,tileN=64,warpsM=2,workGroupSize=256");
    assertThat(TileConfig.parse(MatrixPath.NVIDIA_MMA, GEMM1, old)).isEqualTo(capped.withMaxRegs(0));
    assertThat(capped.withMaxRegs(0).asMap()).doesNotContainKey("maxRegs");
  }

  @Test
  void badRegisterCapsAreRefusedWithTheAllowedValues() {
    assertThatThrownBy(() -> TileConfig.parse(MatrixPath.NVIDIA_MMA, GEMM1, Map.of("maxRegs", "-1")))
        .isInstanceOf(UnsupportedProblemException.class).hasMessageContaining("maxRegs=-1 is not an integer >= 0");
    assertThat(TileConfig.parse(MatrixPath.NVIDIA_MMA, GEMM1, Map.of("maxRegs", "300")).unsupported(GEMM1))
        .contains("maxRegs 300 is not 0 (no cap) or 32 to 255");
    assertThatThrownBy(() -> TileConfig.parse(MatrixPath.PORTABLE, GEMM1, Map.of("maxRegs", "128")))
        .isInstanceOf(UnsupportedProblemException.class).hasMessageContaining("unknown tile parameter maxRegs on the portable");
    assertThat(new TileConfig(MatrixPath.GFX11_WMMA, 32, 64, 64, 128, 1, 1, 1, 128).unsupported(GEMM1))
        .contains("nvidia-mma path only");
    assertThatThrownBy(() -> TileConfig.parse(MatrixPath.NVIDIA_MMA, GEMM1, Map.of("warps", "4")))
        .hasMessageContaining("allowed are tileN, workGroupSize, blocks, splitK, warpsM, maxRegs");
  }
}
