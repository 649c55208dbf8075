package io.moebench.vulkan;

import io.moebench.core.model.GemmProblem;
import io.moebench.core.model.MoeShape;
import io.moebench.core.quant.Dtype;
import io.moebench.core.spi.BoundGemm;
import io.moebench.core.spi.PreparedWeights;
import io.moebench.core.spi.Tuning;
import java.util.List;
import java.util.Map;

/** Tile search for `moe-bench tune`: {@link TileParameters} variants of the backend's default tiles. */
final class VulkanTuning implements Tuning {
  private final VulkanBackend backend;
  private final PhysicalDeviceInfo device;

  VulkanTuning(VulkanBackend backend, PhysicalDeviceInfo device) {
    this.backend = backend;
    this.device = device;
  }

  /** The token count does not change which tiles are valid, only which one is fastest. */
  @Override
  public List<Map<String, String>> candidates(MoeShape shape, Dtype dtype, int tokens) {
    TileConfig base = backend.defaultTiles(shape, dtype);
    return TileParameters.candidates(base, shape.n(), shape.k(), shape.groupSize(), device).stream().map(TileParameters::of).toList();
  }

  @Override
  public BoundGemm bind(PreparedWeights weights, GemmProblem problem, Map<String, String> configuration) {
    return backend.bind(weights, problem, configuration);
  }
}
