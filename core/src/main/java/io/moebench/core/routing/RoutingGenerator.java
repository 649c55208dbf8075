package io.moebench.core.routing;

import io.moebench.core.InputException;

/**
 * Synthetic routing as the reference suite generates it (DOMAIN.md).
 *
 * <p>Sampled archetypes: for each token in order, for each rank r = 1..E in order, one Gumbel(0,1)
 * draw g from {@code SplitMix64(derive(seed, 1))}; key = log(p_r + 1e-12) + g with p normalised;
 * the token takes the top_k largest keys (ties to the lower rank), in descending key order
 * (Gumbel-top-k = sampling without replacement in proportion to p). Rank r is expert r-1, or
 * {@code perm[r-1]} with a Fisher-Yates permutation from stream 4 when ids are shuffled.
 */
public final class RoutingGenerator {
  private static final double EPS = 1e-12;

  private RoutingGenerator() {}

  public static RoutingTable generate(Archetype archetype, int tokens, int experts, int topK, long seed,
      boolean shuffleIds) {
    InputException.require(tokens > 0, "tokens must be > 0 (got " + tokens + ")");
    InputException.require(experts > 0, "experts must be > 0 (got " + experts + ")");
    InputException.require(topK > 0 && topK <= experts,
        "top_k must be between 1 and the number of experts " + experts + " (got " + topK + ")");
    int[] rankToExpert = shuffleIds ? shuffledIds(experts, seed) : identity(experts);
    int[] ids = archetype.kind() == Archetype.Kind.BALANCED
        ? balanced(tokens, experts, topK)
        : sampled(archetype.popularity(experts), tokens, topK, seed);
    for (int i = 0; i < ids.length; i++) {
      ids[i] = rankToExpert[ids[i]];
    }
    return new RoutingTable(tokens, topK, experts, ids, archetype.name());
  }

  private static int[] balanced(int tokens, int experts, int topK) {
    int[] ids = new int[tokens * topK];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = i % experts;
    }
    return ids;
  }

  private static int[] sampled(double[] popularity, int tokens, int topK, long seed) {
    int experts = popularity.length;
    double[] logP = new double[experts];
    for (int r = 0; r < experts; r++) {
      logP[r] = StrictMath.log(popularity[r] + EPS);
    }
    SplitMix64 rng = new SplitMix64(SplitMix64.derive(seed, 1));
    int[] ids = new int[tokens * topK];
    double[] keys = new double[experts];
    int[] best = new int[topK];
    for (int t = 0; t < tokens; t++) {
      for (int r = 0; r < experts; r++) {
        keys[r] = logP[r] + rng.nextGumbel();
      }
      topKIndices(keys, best);
      System.arraycopy(best, 0, ids, t * topK, topK);
    }
    return ids;
  }

  /** Indices of the k largest keys, descending; insertion into a sorted list of k (k is small). */
  static void topKIndices(double[] keys, int[] out) {
    int k = out.length;
    int filled = 0;
    for (int i = 0; i < keys.length; i++) {
      double key = keys[i];
      if (filled == k && key <= keys[out[k - 1]]) {
        continue;
      }
      int pos = filled < k ? filled++ : k - 1;
      while (pos > 0 && keys[out[pos - 1]] < key) {
        out[pos] = out[pos - 1];
        pos--;
      }
      out[pos] = i;
    }
  }

  private static int[] identity(int n) {
    int[] a = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = i;
    }
    return a;
  }

  private static int[] shuffledIds(int n, long seed) {
    int[] a = identity(n);
    SplitMix64 rng = new SplitMix64(SplitMix64.derive(seed, 4));
    for (int i = n - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int tmp = a[i];
      a[i] = a[j];
      a[j] = tmp;
    }
    return a;
  }
}
