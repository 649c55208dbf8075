package io.moebench.vulkan;

import java.util.List;

/**
 * What {@link VulkanBackend#bind} compiles for a problem and tile configuration: the shader variant (its
 * defines) and the tiles (the pipelines' specialization constants and required subgroup size).
 */
record GemmBuild(ShaderVariant variant, TileConfig config) {

  /** Whether the tiles split K: a second pipeline then adds the partial sums. */
  boolean reduces() {
    return config.splitK() > 1;
  }

  /** The shaders compiled with the variant's defines: the path's, and the split-K reduction where it runs. */
  List<String> shaders() {
    return reduces() ? List.of(variant.path().shader(), VulkanBackend.SPLIT_K_REDUCE_SHADER)
        : List.of(variant.path().shader());
  }
}
