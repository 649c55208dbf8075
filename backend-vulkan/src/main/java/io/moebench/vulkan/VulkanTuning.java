package io.moebench.vulkan;

import io.moebench.core.model.GemmProblem;
import io.moebench.core.model.MoeShape;
import io.moebench.core.quant.Dtype;
import io.moebench.core.spi.BoundGemm;
import io.moebench.core.spi.PreparedWeights;
import io.moebench.core.spi.Tuning;
import java.util.List;
import java.util.Map;

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
}
