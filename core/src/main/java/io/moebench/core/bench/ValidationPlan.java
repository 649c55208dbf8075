package io.moebench.core.bench;

import io.moebench.core.InputException;
import io.moebench.core.model.MoeShape;
import io.moebench.core.quant.Dtype;
import io.moebench.core.quant.WeightLayout;
import io.moebench.core.routing.Archetype;
import java.util.List;

/** What validate checks: gemms x dtypes x layouts x archetypes x tokens, against the oracle. */
public record ValidationPlan(List<Integer> gemms, List<Archetype> archetypes, List<Integer> tokens, int experts, int topK,
    long seed, List<Dtype> dtypes, List<WeightLayout> layouts, int groupSize, int blockM, boolean zeroPoints) {

  public ValidationPlan {
    InputException.require(!gemms.isEmpty() && !archetypes.isEmpty() && !tokens.isEmpty() && !dtypes.isEmpty()
        && !layouts.isEmpty(), "nothing to validate: give at least one gemm, archetype, token count, dtype and layout");
    gemms = List.copyOf(gemms);
    archetypes = List.copyOf(archetypes);
    tokens = List.copyOf(tokens);
    dtypes = List.copyOf(dtypes);
    layouts = List.copyOf(layouts);
    for (int g : gemms) {
      MoeShape.preset(g, experts, groupSize, blockM);
    }
  }

  public MoeShape shape(int gemm) {
    return MoeShape.preset(gemm, experts, groupSize, blockM);
  }
}
