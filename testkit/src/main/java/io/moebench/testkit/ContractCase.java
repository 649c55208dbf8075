package io.moebench.testkit;

import io.moebench.core.model.MoeShape;
import io.moebench.core.quant.Dtype;
import io.moebench.core.quant.WeightLayout;
import io.moebench.core.routing.Archetype;

/** One point of the contract suite. */
public record ContractCase(MoeShape shape, String archetype, int tokens, int topK, Dtype dtype, WeightLayout layout,
    boolean zeroPoints, long seed) {

  public Archetype parsedArchetype() {
    return Archetype.parse(archetype);
  }

  @Override
  public String toString() {
    return shape.name() + " E" + shape.experts() + " K" + shape.k() + " N" + shape.n() + " G" + shape.groupSize() + " bm"
        + shape.blockM() + " " + archetype + " T" + tokens + " " + dtype + " " + layout + (zeroPoints ? " zp" : "");
  }
}
