package io.moebench.core.bench;

/**
 * Where the kernel starts beating the baseline for one (gemm, archetype): the smallest T from
 * which it wins at that T and at every larger measured T.
 *
 * @param gemm "gemm1" / "gemm2"
 * @param archetype archetype name
 * @param fromTokens the crossover T, null when the kernel does not win at the largest measured T
 * @param lastLosingTokens the largest measured T below the crossover where the kernel lost, null
 *     when it wins from the smallest T (or never wins)
 * @param refined whether bisection between the bracketing points narrowed it down
 * @param speedupPctAtLargest the speedup at the largest measured T
 */
public record Crossover(String gemm, String archetype, Integer fromTokens, Integer lastLosingTokens, boolean refined,
    double speedupPctAtLargest) {

  /** One line for tables: "wins from T=1024 (loses at 994)", "wins everywhere", "never wins". */
  public String describe() {
    if (fromTokens == null) {
      return "never wins at the largest T";
    }
    if (lastLosingTokens == null) {
      return "wins from T=" + fromTokens + " (every measured T)";
    }
    return "wins from T=" + fromTokens + " (loses at T=" + lastLosingTokens + ")" + (refined ? ", refined" : "");
  }
}
