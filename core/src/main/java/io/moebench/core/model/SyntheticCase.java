package io.moebench.core.model;

import io.moebench.core.quant.Activations;
import io.moebench.core.quant.Dtype;
import io.moebench.core.quant.QuantGenerator;
import io.moebench.core.quant.QuantizedExperts;
import io.moebench.core.quant.WeightLayout;
import io.moebench.core.routing.Archetype;
import io.moebench.core.routing.RoutingGenerator;
import io.moebench.core.routing.RoutingTable;

/**
 * Builds the synthetic inputs of a point from a seed, the same way for bench, validate, sweep and
 * export: routing from (archetype, T, E, top_k, seed), weights from (shape, layout, dtype, seed),
 * activations from (rows, K, dtype, seed). gemm2 sees the routing one routed row per token.
 */
public final class SyntheticCase {
  private SyntheticCase() {}

  public static RoutingTable routing(Archetype archetype, int tokens, int experts, int topK, long seed, boolean shuffle) {
    return RoutingGenerator.generate(archetype, tokens, experts, topK, seed, shuffle);
  }

  public static QuantizedExperts weights(MoeShape shape, WeightLayout layout, Dtype dtype, boolean zeroPoints, long seed) {
    return QuantGenerator.generate(shape.experts(), shape.n(), shape.k(), shape.groupSize(), layout, dtype, seed, zeroPoints);
  }

  /** The problem of one point: the routing as the shape consumes it, plus seeded activations. */
  public static GemmProblem problem(MoeShape shape, RoutingTable routing, Dtype dtype, long seed) {
    RoutingTable r = shape.activations() == MoeShape.ActivationRows.PER_ROUTED_ROW ? routing.perRoutedRow() : routing;
    Activations a = Activations.random(dtype, shape.activationRows(r.tokens(), r.topK()), shape.k(), seed);
    return GemmProblem.of(shape, r, a);
  }
}
