package io.moebench.core.model;

import io.moebench.core.InputException;
import io.moebench.core.align.AlignedLayout;
import io.moebench.core.align.MoeAlign;
import io.moebench.core.quant.Activations;
import io.moebench.core.routing.RoutingTable;

/**
 * One run of a grouped GEMM: its shape, the routing, the aligned layout of that routing and the
 * activations. Output C is [T*top_k, N] in routed-row order (row i = t*top_k + j).
 */
public record GemmProblem(MoeShape shape, RoutingTable routing, AlignedLayout layout, Activations activations) {

  public GemmProblem {
    InputException.require(routing.experts() == shape.experts(),
        "routing has " + routing.experts() + " experts, the shape " + shape.experts());
    InputException.require(layout.blockM() == shape.blockM() && layout.sentinel() == routing.routedRows(),
        "aligned layout does not match the routing and block_m " + shape.blockM());
    int rows = shape.activationRows(routing.tokens(), routing.topK());
    InputException.require(activations.rows() == rows && activations.k() == shape.k(),
        "activations are [" + activations.rows() + ", " + activations.k() + "], " + shape.name() + " needs [" + rows + ", "
            + shape.k() + "]");
  }

  public static GemmProblem of(MoeShape shape, RoutingTable routing, Activations activations) {
    return new GemmProblem(shape, routing, MoeAlign.align(routing, shape.blockM()), activations);
  }

  /** Rows of C: T * top_k. */
  public int outputRows() {
    return routing.routedRows();
  }

  /** The A row of routed row {@code routedRow}. */
  public int activationRow(int routedRow) {
    return routedRow / shape.rowDivisor(routing.topK());
  }

  /** 2 * padded rows * N * K: the work a block kernel does, the basis of reported TFLOP/s. */
  public double paddedFlops() {
    return 2.0 * layout.numTokensPostPadded() * shape.n() * shape.k();
  }

  /** 2 * routed rows * N * K. */
  public double usefulFlops() {
    return 2.0 * routing.routedRows() * shape.n() * shape.k();
  }
}
