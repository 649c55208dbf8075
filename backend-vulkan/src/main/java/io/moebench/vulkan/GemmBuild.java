package io.moebench.vulkan;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What {@link VulkanBackend#bind} compiles for a problem and tile configuration: the shader variant (its
 * defines) and the tiles (the pipelines' specialization constants and required subgroup size).
 */
record GemmBuild(ShaderVariant variant, TileConfig config) {

  /** The split-K reduction's shader where the tiles split K (a second pipeline adds the partial sums), else none. */
  Optional<String> reduceShader() {
    return config.splitK() > 1 ? Optional.of(VulkanBackend.SPLIT_K_REDUCE_SHADER) : Optional.empty();
  }

  /** The shaders bind compiles, each with the variant's defines: the path's, then the reduction where it runs. */
  List<String> shaders() {
    return Stream.concat(Stream.of(variant.path().shader()), reduceShader().stream()).toList();
  }
}
