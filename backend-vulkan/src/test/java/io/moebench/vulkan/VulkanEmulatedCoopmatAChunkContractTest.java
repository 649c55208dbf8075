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
 * A staged several K steps at a time (a-steps=4: barriers only at each chunk); the default tiles
 * shorten the chunk where K or shared memory do not allow it.
 */
class VulkanEmulatedCoopmatAChunkContractTest extends VulkanContractTest {
  @Override
  protected BackendConfig config() {
    return super.config().with("path", MatrixPath.COOPMAT_EMULATED.id()).with(VulkanOptions.DIRECT, "1")
        .with(VulkanOptions.A_STEPS, "4");
  }

  /**
   * Both dtypes and layouts, with and without zero points, chunks of 2 to 8 steps over all of K or part of
   * it, two blocks per workgroup and split-K: A-chunk tiles match the oracle.
   */
  @ParameterizedTest
  @CsvSource({"bf16, EXLLAMA, true, 2, 1, 1", "bf16, GPTQ, false, 8, 1, 1", "fp16, EXLLAMA, false, 4, 2, 1",
      "fp16, GPTQ, true, 4, 1, 2"})
  void aChunkTilesMatchTheOracle(String dtypeId, WeightLayout layout, boolean zeros, int aSteps, int blocks,
      int splitK) {
    MoeShape shape = new MoeShape("gemm2", 8, 512, 128, 32, 32, ActivationRows.PER_ROUTED_ROW);
    Dtype dtype = Dtype.parse(dtypeId);
    QuantizedExperts w = SyntheticCase.weights(shape, layout, dtype, zeros, 17);
    GemmProblem p = SyntheticCase.problem(shape, SyntheticCase.routing(Archetype.parse("zipf1"), 24, 8, 2, 17, false),
        dtype, 17);
    Map<String, String> tiles = Map.of(TileParameters.DIRECT, "1", TileParameters.A_STEPS, Integer.toString(aSteps),
        TileParameters.BK, "32", TileParameters.BLOCKS, Integer.toString(blocks), TileParameters.SPLIT_K,
        Integer.toString(splitK), TileParameters.SG_M, "1", TileParameters.SG_N, "4", TileParameters.BN, "64");
    try (Oracle oracle = new Oracle(); PreparedWeights pw = backend().prepare(w);
        BoundGemm g = ((VulkanBackend) backend()).bind(pw, p, tiles)) {
      assertThat(g.configuration()).contains("A every " + aSteps + " steps");
      g.launch();
      Comparison cmp = Comparison.of(dtype, g.output(), oracle.reference(w, p), shape.n());
      assertThat(cmp.passed()).as(cmp.summary()).isTrue();
    }
  }
}
