package io.moebench.core.bench;

import io.moebench.core.InputException;
import io.moebench.core.harness.TimingPolicy;
import io.moebench.core.model.MoeShape;
import io.moebench.core.quant.Dtype;
import io.moebench.core.quant.WeightLayout;
import io.moebench.core.routing.Archetype;
import java.util.List;

/**
 * What a bench or sweep measures: the points are gemms x archetypes x tokens, all with the same
 * dtype, layout, group size, block size and seed.
 */
public record BenchPlan(List<Integer> gemms, List<Archetype> archetypes, List<Integer> tokens, int experts, int topK,
    long seed, boolean shuffleIds, Dtype dtype, WeightLayout layout, int groupSize, int blockM, boolean zeroPoints,
    TimingPolicy timing) {

  public BenchPlan {
    InputException.require(!gemms.isEmpty() && !archetypes.isEmpty() && !tokens.isEmpty(),
        "nothing to run: give at least one gemm, archetype and token count");
    gemms = List.copyOf(gemms);
    archetypes = List.copyOf(archetypes);
    tokens = List.copyOf(tokens);
    for (int g : gemms) {
      MoeShape.preset(g, experts, groupSize, blockM); // validates gemm number, group size, block size
    }
  }

  public MoeShape shape(int gemm) {
    return MoeShape.preset(gemm, experts, groupSize, blockM);
  }

  /** Refuses the plan, naming the backend and what it allows, when the backend cannot run one of its gemms. */
  public void requireSupportedBy(io.moebench.core.spi.Backend backend) {
    for (int g : gemms) {
      String reason = backend.capabilities().unsupported(shape(g), dtype, layout, zeroPoints);
      if (reason != null) {
        throw new io.moebench.core.spi.UnsupportedProblemException(backend.id(), shape(g).name() + ": " + reason);
      }
    }
  }

  /** The same plan restricted to one point (refinement runs). */
  public BenchPlan only(int gemm, Archetype archetype, int tokenCount) {
    return new BenchPlan(List.of(gemm), List.of(archetype), List.of(tokenCount), experts, topK, seed, shuffleIds, dtype,
        layout, groupSize, blockM, zeroPoints, timing);
  }

  public int points() {
    return gemms.size() * archetypes.size() * tokens.size();
  }
}
