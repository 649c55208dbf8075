package io.moebench.vulkan;

import static org.assertj.core.api.Assertions.assertThat;

import io.moebench.core.model.GemmProblem;
import io.moebench.core.model.MoeShape;
import io.moebench.core.model.MoeShape.ActivationRows;
import io.moebench.core.model.SyntheticCase;
import io.moebench.core.quant.Dtype;
import io.moebench.core.quant.QuantizedExperts;
import io.moebench.core.quant.WeightLayout;
import io.moebench.core.routing.Archetype;
import io.moebench.core.spi.BackendConfig;
import io.moebench.core.spi.BoundGemm;
import io.moebench.core.spi.PreparedWeights;
import io.moebench.core.verify.Comparison;
import io.moebench.testkit.Oracle;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The contract suite on the coopmat kernel with emulated matrix operations, direct weight loads and K
 * split over up to 4 workgroups (split-k=4, halved where K has fewer steps): each part's fp32 partial
 * sums, added by the reduce pass, must give the oracle's C, with two blocks per workgroup so pieces
 * and parts combine.
 */
class VulkanEmulatedCoopmatSplitKContractTest extends VulkanContractTest {
  @Override
  protected BackendConfig config() {
    return super.config().with("path", MatrixPath.COOPMAT_EMULATED.id()).with(VulkanOptions.DIRECT, "1")
        .with(VulkanOptions.BLOCKS, "2").with(VulkanOptions.SPLIT_K, "4");
  }

  /**
   * Parts of several K steps, with one and two steps of loads in flight, staged and direct: K 512 in
   * parts of 2 or 4 steps of 64 over 4 groups of 128.
   */
  @ParameterizedTest
  @CsvSource({"2, 1, 0", "2, 2, 1", "4, 2, 1", "4, 1, 1", "8, 1, 1"})
  void partsOfSeveralStepsMatchTheOracle(int split, int depth, int direct) {
    MoeShape shape = new MoeShape("gemm1", 8, 512, 128, 128, 32, ActivationRows.PER_TOKEN);
    Dtype dtype = Dtype.BF16;
    QuantizedExperts w = SyntheticCase.weights(shape, WeightLayout.EXLLAMA, dtype, true, 13);
    GemmProblem p = SyntheticCase.problem(shape, SyntheticCase.routing(Archetype.parse("zipf2"), 20, 8, 2, 13, false),
        dtype, 13);
    VulkanBackend b = (VulkanBackend) backend();
    Map<String, String> tiles = Map.of(TileParameters.SPLIT_K, Integer.toString(split), TileParameters.DEPTH,
        Integer.toString(depth), TileParameters.DIRECT, Integer.toString(direct), TileParameters.BK, "64",
        TileParameters.SG_M, "1", TileParameters.SG_N, "4", TileParameters.BLOCKS, "1");
    try (Oracle oracle = new Oracle(); PreparedWeights pw = b.prepare(w); BoundGemm g = b.bind(pw, p, tiles)) {
      assertThat(g.configuration()).contains("split-K " + split).contains("depth " + depth);
      g.launch();
      g.launch(); // the partial sums of the first launch must not leak into the second
      Comparison cmp = Comparison.of(dtype, g.output(), oracle.reference(w, p), shape.n());
      assertThat(cmp.passed()).as(cmp.summary()).isTrue();
    }
  }
}
