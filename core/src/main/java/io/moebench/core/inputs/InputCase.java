package io.moebench.core.inputs;

import io.moebench.core.InputException;
import io.moebench.core.model.GemmProblem;
import io.moebench.core.model.MoeShape;
import io.moebench.core.quant.Activations;
import io.moebench.core.quant.QuantizedExperts;
import io.moebench.core.routing.RoutingTable;

/**
 * Everything one grouped GEMM consumes, as an input folder holds it (docs/INPUTS.md).
 *
 * @param gemm 1: A is [T, K], one row per token; 2: A is [T*top_k, K], one row per routed row
 * @param routing the router's top-k ids [T, top_k], for both gemms
 * @param activations A
 * @param weights the experts' int4 weights, scales and optional zero points
 * @param blockM rows per block of the aligned layout
 */
public record InputCase(int gemm, RoutingTable routing, Activations activations, QuantizedExperts weights, int blockM) {

  public InputCase {
    InputException.require(gemm == 1 || gemm == 2, "gemm " + gemm + ": allowed values are 1 and 2");
    InputException.require(activations.dtype() == weights.dtype(),
        "activations are " + activations.dtype() + ", scales " + weights.dtype() + ": both must be the same dtype");
    problem(shape(gemm, weights, blockM), routing, activations); // checks experts, rows and K agree
  }

  public MoeShape shape() {
    return shape(gemm, weights, blockM);
  }

  /** The problem backends run: gemm2 sees each routed row as a token with top_k = 1, as in SyntheticCase. */
  public GemmProblem problem() {
    return problem(shape(), routing, activations);
  }

  private static GemmProblem problem(MoeShape shape, RoutingTable routing, Activations activations) {
    RoutingTable r = shape.activations() == MoeShape.ActivationRows.PER_ROUTED_ROW ? routing.perRoutedRow() : routing;
    return GemmProblem.of(shape, r, activations);
  }

  private static MoeShape shape(int gemm, QuantizedExperts w, int blockM) {
    return new MoeShape("gemm" + gemm, w.experts(), w.k(), w.n(), w.groupSize(), blockM,
        gemm == 1 ? MoeShape.ActivationRows.PER_TOKEN : MoeShape.ActivationRows.PER_ROUTED_ROW);
  }

  @Override
  public String toString() {
    return shape().name() + ", T=" + routing.tokens() + ", top_k=" + routing.topK() + ", E=" + weights.experts() + ", K="
        + weights.k() + ", N=" + weights.n() + ", G=" + weights.groupSize() + ", block_m=" + blockM + ", "
        + weights.dtype() + ", " + weights.layout() + (weights.hasZeros() ? ", zero points" : "");
  }
}
