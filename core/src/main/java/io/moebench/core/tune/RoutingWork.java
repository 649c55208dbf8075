package io.moebench.core.tune;

import io.moebench.core.align.AlignedLayout;
import io.moebench.core.model.GemmProblem;

/**
 * What a routing gives a kernel to do, as the tuning cache tells routings apart: tokens T, blocks of
 * work (the parallelism), experts with rows and the largest expert's blocks. Blocks per expert is how
 * many blocks a tile can serve with one pass over an expert's weights: at equal T and block count, a
 * hot routing (few experts, many blocks each) and a spread one (one block per expert) want different
 * tiles. The largest expert tells an even routing from an uneven one with the same totals (balanced
 * and uniform at T = 1536 both make 512 blocks over 256 experts, 2 and 3 at most per expert, and a
 * tile of merged blocks that suits the first is 1.4x slower on the second on the H100).
 */
public record RoutingWork(int tokens, int blocks, int experts, int largestExpert) {
  /** The largest expert's weight in {@link #distance}: below any difference the other terms make between keys. */
  private static final double TIE_BREAK = 1e-6;

  public RoutingWork {
    if (tokens < 1 || blocks < 1 || experts < 1 || experts > blocks || largestExpert * (long) experts < blocks
        || largestExpert > blocks - experts + 1) {
      throw new IllegalArgumentException("routing work needs tokens >= 1, 1 <= experts <= blocks and blocks / experts"
          + " <= largest expert's blocks <= blocks - experts + 1, got T " + tokens + ", blocks " + blocks + ", experts "
          + experts + ", largest " + largestExpert);
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
    return new RoutingWork(problem.outputRows() / topK, layout.workBlocks(), layout.activeExperts(),
        layout.largestExpertBlocks());
  }

  public double blocksPerExpert() {
    return (double) blocks / experts;
  }

  /**
   * Distance on log scales: the sum of the ratios' logs of T, blocks and blocks per expert; the largest
   * expert's only breaks ties between entries of equal T, blocks and experts. As a full term it sent
   * untuned routings to worse tiles: uniform T = 1024 (largest expert 2 blocks) went from zipf1's tile
   * (24) to balanced's (1) and ran 1.4x slower on an H100 (issue 6, session 11).
   */
  public double distance(RoutingWork o) {
    return logRatio(tokens, o.tokens) + logRatio(blocks, o.blocks) + logRatio(blocksPerExpert(), o.blocksPerExpert())
        + TIE_BREAK * logRatio(largestExpert, o.largestExpert);
  }

  private static double logRatio(double a, double b) {
    return Math.abs(Math.log(a / b));
  }

  /** The cache key's suffix: T16.B16.X16.L1. */
  String key() {
    return "T" + tokens + ".B" + blocks + ".X" + experts + ".L" + largestExpert;
  }

  /** The inverse of {@link #key()}; IllegalArgumentException (or NumberFormatException) for anything else. */
  static RoutingWork parse(String key) {
    String[] parts = key.split("\\.");
    String tags = "TBXL";
    if (parts.length != tags.length()) {
      throw new IllegalArgumentException("not a routing work key: " + key);
    }
    int[] values = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      if (parts[i].isEmpty() || parts[i].charAt(0) != tags.charAt(i)) {
        throw new IllegalArgumentException("not a routing work key: " + key);
      }
      values[i] = Integer.parseInt(parts[i].substring(1));
    }
    return new RoutingWork(values[0], values[1], values[2], values[3]);
  }
}
