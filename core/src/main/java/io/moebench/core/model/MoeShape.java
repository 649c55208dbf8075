package io.moebench.core.model;

import io.moebench.core.InputException;
import java.util.List;

/**
 * One W4A16 grouped GEMM of an MoE layer: every routed row multiplies its expert's [N, K] weights.
 *
 * @param name "gemm1", "gemm2" or a user name
 * @param experts E
 * @param k the reduction dimension
 * @param n output columns
 * @param groupSize G: one scale per (expert, n, k-group of G)
 * @param blockM rows per block of the aligned layout
 * @param activations whether A has one row per token (gemm1) or one per routed row (gemm2)
 */
public record MoeShape(String name, int experts, int k, int n, int groupSize, int blockM, ActivationRows activations) {

  /** Group sizes the kernels are built for. */
  public static final List<Integer> GROUP_SIZES = List.of(32, 64, 128);
  public static final int DEFAULT_EXPERTS = 256;
  public static final int DEFAULT_TOP_K = 8;
  public static final int DEFAULT_GROUP = 128;
  public static final int DEFAULT_BLOCK_M = 32;
  /** The reference suite's token sweep. */
  public static final List<Integer> DEFAULT_TOKENS = List.of(16, 64, 128, 256, 512, 768, 994, 1024, 1536, 2048, 4096);

  /** Where the A row of routed row i = t*top_k + j comes from. */
  public enum ActivationRows {
    /** A is [T, K]: row t (gemm1, up/gate projection). */
    PER_TOKEN,
    /** A is [T*top_k, K]: row i (gemm2, down projection). */
    PER_ROUTED_ROW
  }

  public MoeShape {
    InputException.require(experts > 0, "experts must be > 0 (got " + experts + ")");
    InputException.require(n > 0 && n % 2 == 0, "N must be a positive even number (got " + n + ")");
    InputException.require(groupSize > 0 && groupSize % 8 == 0,
        "group size must be a positive multiple of 8, e.g. " + GROUP_SIZES + " (got " + groupSize + ")");
    InputException.require(k > 0 && k % groupSize == 0,
        "K must be a positive multiple of the group size " + groupSize + " (got " + k + ")");
    InputException.require(blockM > 0 && blockM <= 1024, "block_m must be between 1 and 1024 (got " + blockM + ")");
  }

  /** gemm1 (up/gate): K = 2048, N = 1024, A per token. */
  public static MoeShape gemm1(int experts, int groupSize, int blockM) {
    return new MoeShape("gemm1", experts, 2048, 1024, groupSize, blockM, ActivationRows.PER_TOKEN);
  }

  /** gemm2 (down): K = 512, N = 2048, A per routed row. */
  public static MoeShape gemm2(int experts, int groupSize, int blockM) {
    return new MoeShape("gemm2", experts, 512, 2048, groupSize, blockM, ActivationRows.PER_ROUTED_ROW);
  }

  /** gemm 1 or 2 by number. */
  public static MoeShape preset(int gemm, int experts, int groupSize, int blockM) {
    switch (gemm) {
      case 1:
        return gemm1(experts, groupSize, blockM);
      case 2:
        return gemm2(experts, groupSize, blockM);
      default:
        throw new InputException("unknown gemm " + gemm + ": allowed values are 1 (up/gate, K=2048 N=1024) and 2 (down, K=512 N=2048)");
    }
  }

  public int groups() {
    return k / groupSize;
  }

  /** Rows of A for a routing of T tokens with top_k experts each. */
  public int activationRows(int tokens, int topK) {
    return activations == ActivationRows.PER_TOKEN ? tokens : tokens * topK;
  }

  /** Divisor from a sorted routed-row id to its A row: top_k for gemm1, 1 for gemm2. */
  public int rowDivisor(int topK) {
    return activations == ActivationRows.PER_TOKEN ? topK : 1;
  }

  public MoeShape withBlockM(int newBlockM) {
    return new MoeShape(name, experts, k, n, groupSize, newBlockM, activations);
  }
}
