package io.moebench.vulkan;

import io.moebench.core.model.GemmProblem;
import io.moebench.core.model.MoeShape;
import io.moebench.core.quant.Dtype;
import io.moebench.core.quant.WeightLayout;
import io.moebench.core.spi.BoundGemm;
import io.moebench.core.spi.PreparedWeights;
import io.moebench.core.spi.Tuning;
import io.moebench.core.util.ContentHash;
import io.moebench.core.util.KernelCode;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

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

  /** The shaders and pipelines bind builds for this configuration: see {@link #fingerprint(GemmBuild, int, Function)}. */
  @Override
  public String kernelFingerprint(GemmProblem problem, WeightLayout layout, boolean zeroPoints,
      Map<String, String> configuration) {
    return fingerprint(backend.build(problem, layout, zeroPoints, configuration), problem.shape().groupSize(),
        ShaderSources::closure);
  }

  /**
   * The fingerprint of a build for a group size, given each shader's include closure (file -> text): the SPIR-V cache
   * key of each shader it compiles (its sources' code, {@link KernelCode}: a comment edit keeps the fingerprint; the
   * variant's defines; the compiler's settings), then the pipelines'
   * specialization constants and required subgroup size. The pipeline cache's other key, the driver, is the tuning
   * cache's device key. Not compiler input, so not covered: push constants, workgroup counts, pipeline creation flags
   * (statistics capture) and the packing of weights for direct loads.
   */
  static String fingerprint(GemmBuild build, int groupSize, Function<String, Map<String, String>> closure) {
    ContentHash hash = ContentHash.sha256();
    for (String shader : build.shaders()) {
      Map<String, String> code = new LinkedHashMap<>();
      closure.apply(shader).forEach((file, text) -> code.put(file, KernelCode.of(text)));
      hash.add(SpirvCompiler.cacheKey(shader, code, build.variant().defines())).add("\n");
    }
    TileConfig config = build.config();
    return hash.add(Arrays.toString(config.specialization(groupSize))).add(" subgroup ")
        .add(Integer.toString(config.requiredSubgroupSize())).fingerprint();
  }
}
