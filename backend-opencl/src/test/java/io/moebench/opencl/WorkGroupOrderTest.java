package io.moebench.opencl;

import static org.assertj.core.api.Assertions.assertThat;

import io.moebench.core.model.MoeShape;
import io.moebench.core.quant.Dtype;
import io.moebench.core.quant.WeightLayout;
import org.junit.jupiter.api.Test;

/** The launch order each option value gives GPUs and CPU devices (CI's PoCL runs only the CPU side of auto). */
class WorkGroupOrderTest {
  @Test
  void autoLaunchesTheNTilesFastestOnGpusOnly() {
    assertThat(WorkGroupOrder.AUTO.tilesFastest(true)).isTrue();
    assertThat(WorkGroupOrder.AUTO.tilesFastest(false)).isFalse();
    assertThat(WorkGroupOrder.TILES.tilesFastest(false)).isTrue();
    assertThat(WorkGroupOrder.BLOCKS.tilesFastest(true)).isFalse();
  }

  @Test
  void theNTilesFastestLaunchAOneDimensionalGridAndCompileItsDecode() {
    MoeShape shape = MoeShape.gemm2(8, 128, 32);
    TileConfig tile = TileConfig.defaults(MatrixPath.PORTABLE, shape);
    long groups = 10; // work-groups along the blocks: one per block here, one per piece on the NVIDIA path
    long nTiles = shape.n() / tile.tileN();
    KernelSpec tiles = spec(shape, tile, true);
    KernelSpec blocks = spec(shape, tile, false);
    assertThat(tiles.globalSize(10)).containsExactly(groups * nTiles * tile.workGroupSize());
    assertThat(tiles.localSize()).containsExactly(tile.workGroupSize());
    assertThat(tiles.defines()).contains("-DMOE_TILES_FASTEST");
    assertThat(blocks.globalSize(10)).containsExactly(groups * tile.workGroupSize(), nTiles);
    assertThat(blocks.localSize()).containsExactly(tile.workGroupSize(), 1);
    assertThat(blocks.defines()).doesNotContain("MOE_TILES_FASTEST");
  }

  private static KernelSpec spec(MoeShape shape, TileConfig tile, boolean tilesFastest) {
    return new KernelSpec(MatrixPath.PORTABLE, Dtype.BF16, WeightLayout.EXLLAMA, false, shape, 1, tile, "", null,
        tilesFastest);
  }
}
