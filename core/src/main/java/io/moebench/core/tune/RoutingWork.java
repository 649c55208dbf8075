package io.moebench.core.tune;

import io.moebench.core.align.AlignedLayout;
import io.moebench.core.model.GemmProblem;

/**
 * What a routing gives a kernel to do, as the tuning cache tells routings apart: tokens T, blocks of
 * work (the parallelism) and experts with rows. Blocks per expert is how many blocks a tile can serve
 * with one pass over an expert's weights: at equal T and block count, a hot routing (few experts, many
 * blocks each) and a spread one (one block per expert) want different tiles.
 */
public record RoutingWork(int tokens, int blocks, int experts) {

  public RoutingWork {
    if (tokens < 1 || blocks < 1 || experts < 1 || experts > blocks) {
      throw new IllegalArgumentException("routing work needs 1 <= experts <= blocks and tokens >= 1, got T " + tokens
          + ", blocks " + blocks + ", experts " + experts);
    }
  }

  /**
   * The routing work of a problem whose router gave each token {@code topK} experts: T is routed rows /
   * top_k (gemm2's problem sees each routed row as a token, yet both gemms of one routing share T).
   */
  public static RoutingWork of(GemmProblem problem, int topK) {
    if (topK <= 0 || problem.outputRows() % topK != 0) {
      throw new IllegalArgumentException("top_k " + topK + " does not divide " + problem.shape().name() + "'s "
          + problem.outputRows() + " routed rows");
    }
    AlignedLayout layout = problem.layout();
    return new RoutingWork(problem.outputRows() / topK, layout.workBlocks(), layout.activeExperts());
  }

  public double blocksPerExpert() {
    return (double) blocks / experts;
  }

  /** Distance on log scales: the sum of the ratios' logs of T, blocks and blocks per expert. */
  public double distance(RoutingWork o) {
    return Math.abs(Math.log((double) tokens / o.tokens)) + Math.abs(Math.log((double) blocks / o.blocks))
        + Math.abs(Math.log(blocksPerExpert() / o.blocksPerExpert()));
  }

  /** The cache key's suffix: T16.B16.X16. */
  String key() {
    return "T" + tokens + ".B" + blocks + ".X" + experts;
  }

  /** The inverse of {@link #key()}; IllegalArgumentException (or NumberFormatException) for anything else. */
  static RoutingWork parse(String key) {
    String[] parts = key.split("\\.");
    if (parts.length != 3 || !parts[0].startsWith("T") || !parts[1].startsWith("B") || !parts[2].startsWith("X")) {
      throw new IllegalArgumentException("not a routing work key: " + key);
    }
    return new RoutingWork(Integer.parseInt(parts[0].substring(1)), Integer.parseInt(parts[1].substring(1)),
        Integer.parseInt(parts[2].substring(1)));
  }
}
