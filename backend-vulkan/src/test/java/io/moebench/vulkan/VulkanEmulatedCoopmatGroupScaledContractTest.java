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
 * The contract suite on the coopmat kernel with emulated matrix operations, direct weight loads and
 * group-scaled accumulators (group-scaled=1): raw weights in the B fragments, each K group's sums scaled
 * per accumulator column, in the accumulator layout the kernel reads back. Problems whose group size is
 * not a multiple of BK run the staged tiles.
 */
class VulkanEmulatedCoopmatGroupScaledContractTest extends VulkanContractTest {
  @Override
  protected BackendConfig config() {
    return super.config().with("path", MatrixPath.COOPMAT_EMULATED.id()).with(VulkanOptions.DIRECT, "1")
        .with(VulkanOptions.GROUP_SCALED, "1");
  }

  /**
   * Both dtypes, layouts and zero points, several groups per workgroup's K (G = 64, BK 32 and 64), two
   * K steps in flight and two blocks per workgroup: the group-scaled tiles match the oracle.
   */
  @ParameterizedTest
  @CsvSource({"bf16, EXLLAMA, true, 32, 1, 1", "bf16, GPTQ, false, 64, 1, 1", "fp16, EXLLAMA, false, 32, 2, 1",
      "fp16, GPTQ, true, 64, 1, 2"})
  void groupScaledTilesMatchTheOracle(String dtypeId, WeightLayout layout, boolean zeros, int bk, int depth,
      int blocks) {
    MoeShape shape = new MoeShape("gemm2", 8, 256, 256, 64, 32, ActivationRows.PER_ROUTED_ROW);
    Dtype dtype = Dtype.parse(dtypeId);
    QuantizedExperts w = SyntheticCase.weights(shape, layout, dtype, zeros, 13);
    GemmProblem p = SyntheticCase.problem(shape, SyntheticCase.routing(Archetype.parse("zipf1"), 24, 8, 2, 13, false),
        dtype, 13);
    Map<String, String> tiles = Map.of(TileParameters.DIRECT, "1", TileParameters.GROUP_SCALED, "1",
        TileParameters.BK, Integer.toString(bk), TileParameters.DEPTH, Integer.toString(depth),
        TileParameters.BLOCKS, Integer.toString(blocks), TileParameters.SG_M, "1", TileParameters.SG_N, "4",
        TileParameters.BN, "64");
    try (Oracle oracle = new Oracle(); PreparedWeights pw = backend().prepare(w);
        BoundGemm g = ((VulkanBackend) backend()).bind(pw, p, tiles)) {
      assertThat(g.configuration()).contains("direct B loads (raw, group-scaled)");
      g.launch();
      Comparison cmp = Comparison.of(dtype, g.output(), oracle.reference(w, p), shape.n());
      assertThat(cmp.passed()).as(cmp.summary()).isTrue();
    }
  }
}
