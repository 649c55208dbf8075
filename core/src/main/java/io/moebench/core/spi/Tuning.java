package io.moebench.core.spi;

import io.moebench.core.model.GemmProblem;
import io.moebench.core.quant.WeightLayout;
import java.util.List;
import java.util.Map;

/**
 * Optional capability of a backend: alternative tile configurations (`moe-bench tune`). A
 * configuration is a small map of the backend's own parameter names to values, e.g.
 * {tileN=128, kStep=64, warps=4}; it must round-trip through its string form.
 */
public interface Tuning {

  /**
   * Configurations worth trying for this problem, the default first: its shape and dtype decide
   * which tiles are valid, its routing where some (e.g. split-K) can pay.
   */
  List<Map<String, String>> candidates(GemmProblem problem);

  /** Like {@link Backend#bind} with an explicit configuration; refuses unknown or invalid ones. */
  BoundGemm bind(PreparedWeights weights, GemmProblem problem, Map<String, String> configuration);

  /**
   * A short name of the build {@code configuration} compiles to for this problem and weights, stored
   * with each tuned winner so that a winner tuned for another build is known to be stale: it changes
   * when anything that decides what the configuration compiles to changes (the code of the kernel
   * sources with their includes, the compiler's version or language options, and the defines, build
   * options or specialization constants the backend derives from the configuration), and stays the
   * same otherwise, a comment edit included ({@link io.moebench.core.util.KernelCode}), in any JVM and
   * whatever the order of the configuration's map (e.g. the first hex digits of a SHA-256,
   * {@link io.moebench.core.util.ContentHash#fingerprint}). Empty means unknown: no
   * winner is then called stale. May refuse, as {@link #bind} does, a configuration it cannot build
   * (UnsupportedProblemException): a cached winner it refuses counts as stale.
   */
  default String kernelFingerprint(GemmProblem problem, WeightLayout layout, boolean zeroPoints,
      Map<String, String> configuration) {
    return "";
  }
}
