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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * The contract suite on the coopmat kernel with emulated matrix operations and direct weight loads
 * (direct=1): weights packed in the fragment layout the device's probe reports, dequantised into each
 * invocation's B fragment elements. Problems whose group size is not a multiple of BK run the staged tiles.
 */
class VulkanEmulatedCoopmatDirectContractTest extends VulkanContractTest {
  @Override
  protected BackendConfig config() {
    return super.config().with("path", MatrixPath.COOPMAT_EMULATED.id()).with(VulkanOptions.DIRECT, "1");
  }

  @Test
  void theProbedLayoutAllowsDirectLoads() {
    for (Dtype dtype : Dtype.values()) {
      assertThat(backend().device().extra().get("bFragment." + dtype.id())).as(dtype.id())
          .contains("elements each in").doesNotContain("no direct loads").doesNotContain("probe failed");
    }
  }

  /** Both layouts and zero points, G = 128: the default tiles load directly, and match the oracle. */
  @ParameterizedTest
  @EnumSource(WeightLayout.class)
  void defaultTilesLoadDirectlyWhereTheGroupAllows(WeightLayout layout) {
    MoeShape shape = new MoeShape("gemm2", 8, 256, 128, 128, 32, ActivationRows.PER_ROUTED_ROW);
    Dtype dtype = Dtype.BF16;
    QuantizedExperts w = SyntheticCase.weights(shape, layout, dtype, true, 11);
    GemmProblem p = SyntheticCase.problem(shape, SyntheticCase.routing(Archetype.parse("zipf1"), 24, 8, 2, 11, false),
        dtype, 11);
    try (Oracle oracle = new Oracle(); PreparedWeights pw = backend().prepare(w); BoundGemm g = backend().bind(pw, p)) {
      assertThat(g.configuration()).contains("direct B loads");
      g.launch();
      Comparison cmp = Comparison.of(dtype, g.output(), oracle.reference(w, p), shape.n());
      assertThat(cmp.passed()).as(cmp.summary()).isTrue();
    }
  }
}
