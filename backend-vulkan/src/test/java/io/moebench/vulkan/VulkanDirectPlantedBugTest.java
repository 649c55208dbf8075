package io.moebench.vulkan;

import static org.assertj.core.api.Assertions.assertThat;

import io.moebench.core.model.GemmProblem;
import io.moebench.core.model.MoeShape;
import io.moebench.core.model.SyntheticCase;
import io.moebench.core.quant.Dtype;
import io.moebench.core.quant.QuantizedExperts;
import io.moebench.core.quant.WeightLayout;
import io.moebench.core.routing.Archetype;
import io.moebench.core.spi.Backend;
import io.moebench.core.spi.BackendConfig;
import io.moebench.core.spi.BoundGemm;
import io.moebench.core.spi.PreparedWeights;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The planted bugs again on the coopmat shader with direct weight loads (direct=1, emulated matrix
 * operations): the packed weights' decoding must carry every weight, scale and expert bug.
 */
class VulkanDirectPlantedBugTest extends VulkanPlantedBugTest {
  @Override
  protected List<KernelPath> paths() {
    return List.of(new KernelPath(MatrixPath.COOPMAT_EMULATED.id(), true));
  }

  @Override
  protected Backend open(KernelPath path, BackendConfig config) {
    return provider().open(config.with(VulkanOptions.DIRECT, "1"));
  }

  /** The planted-bug points (E = 4, G = 128, block_m 16, both gemms) do load directly: the bugs above ran there. */
  @Test
  void thePlantedBugPointsLoadDirectly() {
    try (Backend b = open(new KernelPath(MatrixPath.COOPMAT_EMULATED.id(), true),
        BackendConfig.DEFAULT.with("path", MatrixPath.COOPMAT_EMULATED.id()))) {
      for (MoeShape shape : List.of(MoeShape.gemm1(4, 128, 16), MoeShape.gemm2(4, 128, 16))) {
        QuantizedExperts w = SyntheticCase.weights(shape, WeightLayout.EXLLAMA, Dtype.BF16, false, 7);
        GemmProblem p = SyntheticCase.problem(shape, SyntheticCase.routing(Archetype.parse("balanced"), 1, 4, 2, 7,
            false), Dtype.BF16, 7);
        try (PreparedWeights pw = b.prepare(w); BoundGemm g = b.bind(pw, p)) {
          assertThat(g.configuration()).as(shape.name()).contains("direct B loads");
        }
      }
    }
  }
}
