package io.moebench.core.spi;

import io.moebench.core.model.GemmProblem;
import io.moebench.core.model.MoeShape;
import io.moebench.core.quant.Dtype;
import java.util.List;
import java.util.Map;

/**
 * Optional capability of a backend: alternative tile configurations (`moe-bench tune`). A
 * configuration is a small map of the backend's own parameter names to values, e.g.
 * {tileN=128, kStep=64, warps=4}; it must round-trip through its string form.
 */
public interface Tuning {

  /** Configurations worth trying for this shape and token count, the default first. */
  List<Map<String, String>> candidates(MoeShape shape, Dtype dtype, int tokens);

  /** Like {@link Backend#bind} with an explicit configuration; refuses unknown or invalid ones. */
  BoundGemm bind(PreparedWeights weights, GemmProblem problem, Map<String, String> configuration);
}
