package io.moebench.vulkan;

import io.moebench.core.spi.BackendConfig;

/**
 * The contract suite on the portable kernel with up to 2 blocks of one expert per workgroup
 * (blocks=2; fewer where the tiles would not fit, see TileConfig.defaults): runs of equal expert
 * share weight tiles; pieces of longer runs and padding rows stay right.
 */
class VulkanPortableTwoBlockContractTest extends VulkanContractTest {
  @Override
  protected BackendConfig config() {
    return super.config().with("path", MatrixPath.PORTABLE.id()).with(VulkanOptions.BLOCKS, "2");
  }
}
