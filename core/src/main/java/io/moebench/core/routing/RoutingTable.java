package io.moebench.core.routing;

import io.moebench.core.InputException;
import java.util.Arrays;

/**
 * Router output: {@code ids[t * topK + j]} is the j-th expert of token t. Routed row i = t*topK + j.
 * Each token's experts are distinct and in [0, experts).
 *
 * @param source where it came from: an archetype name or a trace file name
 */
public record RoutingTable(int tokens, int topK, int experts, int[] ids, String source) {

  public RoutingTable {
    InputException.require(tokens > 0, "tokens must be > 0 (got " + tokens + ")");
    InputException.require(experts > 0, "experts must be > 0 (got " + experts + ")");
    InputException.require(topK > 0 && topK <= experts,
        "top_k must be between 1 and the number of experts " + experts + " (got " + topK + ")");
    InputException.require((long) tokens * topK <= Integer.MAX_VALUE - 1,
        "tokens * top_k must stay below 2^31 (got " + ((long) tokens * topK) + ")");
    InputException.require(ids.length == tokens * topK,
        "routing of " + source + " has " + ids.length + " ids, expected tokens*top_k = " + tokens * topK);
    String problem = firstProblem(ids, topK, experts);
    InputException.require(problem == null, "routing of " + source + ": " + problem);
  }

  /** The number of routed rows, T * top_k (also the sentinel value of the aligned layout). */
  public int routedRows() {
    return tokens * topK;
  }

  public int expert(int token, int slot) {
    return ids[token * topK + slot];
  }

  /** Rows routed to each expert. */
  public int[] expertLoads() {
    int[] loads = new int[experts];
    for (int id : ids) {
      loads[id]++;
    }
    return loads;
  }

  /**
   * The same routing seen by gemm2: each routed row becomes a token with top_k = 1 (same row
   * order, so the aligned layout and the sentinel are identical).
   */
  public RoutingTable perRoutedRow() {
    return topK == 1 ? this : new RoutingTable(routedRows(), 1, experts, ids, source);
  }

  private static String firstProblem(int[] ids, int topK, int experts) {
    for (int i = 0; i < ids.length; i++) {
      int id = ids[i];
      if (id < 0 || id >= experts) {
        return "token " + i / topK + " has expert id " + id + ", allowed ids are 0.." + (experts - 1);
      }
      for (int j = i - i % topK; j < i; j++) {
        if (ids[j] == id) {
          return "token " + i / topK + " lists expert " + id + " twice; a token's experts must be distinct";
        }
      }
    }
    return null;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RoutingTable r && r.tokens == tokens && r.topK == topK && r.experts == experts
        && Arrays.equals(r.ids, ids) && r.source.equals(source);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(ids) + source.hashCode();
  }

  @Override
  public String toString() {
    return "RoutingTable[" + source + ", T=" + tokens + ", top_k=" + topK + ", E=" + experts + "]";
  }
}
