package io.moebench.vulkan;

import io.moebench.core.model.GemmProblem;
import io.moebench.core.model.MoeShape;
import io.moebench.core.quant.Dtype;
import io.moebench.core.spi.BoundGemm;
import io.moebench.core.spi.PreparedWeights;
import io.moebench.core.spi.Tuning;
import io.moebench.core.util.ContentHash;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Tile search for `moe-bench tune`: the backend's default tiles, then {@link TileParameters} variants of its staged ones. */
final class VulkanTuning implements Tuning {
  private final VulkanBackend backend;
  private final PhysicalDeviceInfo device;

  VulkanTuning(VulkanBackend backend, PhysicalDeviceInfo device) {
    this.backend = backend;
    this.device = device;
  }

  /** The routing changes which tiles are fastest and, through the C rows, whether split-K tiles are tried. */
  @Override
  public List<Map<String, String>> candidates(GemmProblem problem) {
    MoeShape shape = problem.shape();
    Dtype dtype = problem.activations().dtype();
    return TileParameters.candidates(backend.defaultTiles(shape, dtype), backend.stagedTiles(shape, dtype), shape.n(),
        shape.k(), shape.groupSize(), problem.outputRows(), device).stream().map(TileParameters::of).toList();
  }

  @Override
  public BoundGemm bind(PreparedWeights weights, GemmProblem problem, Map<String, String> configuration) {
    return backend.bind(weights, problem, configuration);
  }

  @Override
  public String kernelFingerprint(GemmProblem problem) {
    return kernelFingerprint(backend.path(problem.activations().dtype()));
  }

  /** What a path's tiles compile from: its shader and the split-K reduction (some candidates add it), with includes. */
  static String kernelFingerprint(MatrixPath path) {
    Map<String, Map<String, String>> closures = new TreeMap<>();
    for (String shader : List.of(path.shader(), VulkanBackend.SPLIT_K_REDUCE_SHADER)) {
      closures.put(shader, ShaderSources.closure(shader));
    }
    return fingerprint(closures);
  }

  /**
   * The fingerprint of shaders given their include closures (shader -> file -> text), in shader name order: their
   * SPIR-V cache keys, so the compiler's settings count too. Without defines: a tuned entry's dtype, layout and
   * path decide them, and its key holds those.
   */
  static String fingerprint(Map<String, Map<String, String>> closures) {
    ContentHash hash = ContentHash.sha256();
    new TreeMap<>(closures).forEach((shader, sources) -> hash.add(SpirvCompiler.cacheKey(shader, sources, Map.of())));
    return hash.fingerprint();
  }
}
