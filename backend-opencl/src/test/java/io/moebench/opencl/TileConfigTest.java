package io.moebench.opencl;

import static org.assertj.core.api.Assertions.assertThat;

import io.moebench.core.model.MoeShape;
import org.junit.jupiter.api.Test;

class TileConfigTest {
  @Test
  void defaultsFitThePresets() {
    for (MatrixPath p : MatrixPath.values()) {
      for (int gemm : new int[] {1, 2}) {
        for (int bm : new int[] {16, 32}) {
          MoeShape s = MoeShape.preset(gemm, 256, 128, bm);
          TileConfig t = TileConfig.defaults(p, s);
          assertThat(t.unsupported(p, s)).as("%s %s", p, s).isNull();
          assertThat(t.blockM()).isEqualTo(bm);
        }
      }
    }
    assertThat(TileConfig.defaults(MatrixPath.NVIDIA_MMA, MoeShape.gemm1(8, 128, 32)).kStep()).isEqualTo(64);
    assertThat(TileConfig.defaults(MatrixPath.PORTABLE, MoeShape.gemm1(8, 128, 32)).kStep()).isEqualTo(32);
  }

  @Test
  void refusalsNameTheReason() {
    MoeShape g8 = new MoeShape("g8", 4, 64, 64, 8, 16, MoeShape.ActivationRows.PER_TOKEN);
    assertThat(TileConfig.defaults(MatrixPath.NVIDIA_MMA, g8).unsupported(MatrixPath.NVIDIA_MMA, g8))
        .contains("group size 8 must be a multiple of 16");
    assertThat(TileConfig.defaults(MatrixPath.PORTABLE, g8).unsupported(MatrixPath.PORTABLE, g8)).isNull();
    MoeShape bm48 = MoeShape.gemm2(4, 128, 48);
    assertThat(TileConfig.defaults(MatrixPath.GFX11_WMMA, bm48).unsupported(MatrixPath.GFX11_WMMA, bm48))
        .contains("block_m 48");
    MoeShape bm12 = MoeShape.gemm2(4, 128, 12);
    assertThat(TileConfig.defaults(MatrixPath.PORTABLE, bm12).unsupported(MatrixPath.PORTABLE, bm12)).contains("block_m 12");
  }

  @Test
  void tuningCandidatesStartWithTheDefaultAndAllTileTheShape() {
    MoeShape s = MoeShape.gemm1(8, 256, 64);
    for (MatrixPath p : MatrixPath.values()) {
      var tiles = TileConfig.candidates(p, s, 256);
      assertThat(tiles.get(0)).isEqualTo(TileConfig.defaults(p, s));
      assertThat(tiles).allMatch(t -> t.unsupported(p, s) == null && t.workGroupSize() <= 256).doesNotHaveDuplicates();
      assertThat(tiles).hasSizeGreaterThan(3);
      for (TileConfig t : tiles) {
        assertThat(TileConfig.parse(p, s, t.asMap())).isEqualTo(t);
      }
    }
    assertThat(TileConfig.candidates(MatrixPath.NVIDIA_MMA, s, 256)).extracting(TileConfig::kStep).contains(32, 64, 128);
    assertThat(TileConfig.candidates(MatrixPath.NVIDIA_MMA, s, 128)).allMatch(t -> t.workGroupSize() <= 128);
  }
}
