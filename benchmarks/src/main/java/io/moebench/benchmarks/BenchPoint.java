package io.moebench.benchmarks;

import io.moebench.core.InputException;
import io.moebench.core.model.GemmProblem;
import io.moebench.core.model.MoeShape;
import io.moebench.core.model.SyntheticCase;
import io.moebench.core.quant.Dtype;
import io.moebench.core.quant.QuantizedExperts;
import io.moebench.core.quant.WeightLayout;
import io.moebench.core.routing.Archetype;
import io.moebench.core.routing.RoutingTable;

/**
 * A benchmark point "gemm1:zipf1:1024" (gemm, archetype, T) at the production preset: E = 256,
 * top_k = 8, G = 128, block_m = 32, seed 1, expert ids not shuffled.
 */
record BenchPoint(int gemm, Archetype archetype, int tokens) {
  static final String GEMM1_ZIPF1 = "gemm1:zipf1:1024";
  static final String GEMM1_HOT16 = "gemm1:hot16:1024";
  static final String GEMM1_BALANCED = "gemm1:balanced:1024";
  static final String GEMM2_ZIPF1 = "gemm2:zipf1:1024";
  static final String GEMM2_HOT16 = "gemm2:hot16:1024";
  /** The points of docs/PERF.md, in its order. */
  static final String[] DEFAULTS = {GEMM1_ZIPF1, GEMM1_HOT16, GEMM1_BALANCED, GEMM2_ZIPF1, GEMM2_HOT16};

  static final int EXPERTS = MoeShape.DEFAULT_EXPERTS;
  static final int TOP_K = MoeShape.DEFAULT_TOP_K;
  static final long SEED = 1;

  static BenchPoint parse(String text) {
    String[] parts = text.split(":");
    InputException.require(parts.length == 3 && parts[0].matches("gemm[12]") && parts[2].matches("[1-9][0-9]*"),
        "benchmark point '" + text + "': expected gemm1|gemm2:<archetype>:<T>, e.g. " + GEMM1_ZIPF1);
    return new BenchPoint(parts[0].charAt(4) - '0', Archetype.parse(parts[1]), Integer.parseInt(parts[2]));
  }

  MoeShape shape() {
    return MoeShape.preset(gemm, EXPERTS, MoeShape.DEFAULT_GROUP, MoeShape.DEFAULT_BLOCK_M);
  }

  RoutingTable routing() {
    return SyntheticCase.routing(archetype, tokens, EXPERTS, TOP_K, SEED, false);
  }

  GemmProblem problem(Dtype dtype) {
    return SyntheticCase.problem(shape(), routing(), dtype, SEED);
  }

  QuantizedExperts weights(WeightLayout layout, Dtype dtype) {
    return SyntheticCase.weights(shape(), layout, dtype, false, SEED);
  }

  /** 2 * routed rows * N * K, in GFLOP. */
  double usefulGflop() {
    MoeShape s = shape();
    return 2.0 * tokens * TOP_K * s.n() * s.k() / 1e9;
  }

  @Override
  public String toString() {
    return "gemm" + gemm + ":" + archetype.name() + ":" + tokens;
  }
}
