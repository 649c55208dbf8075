package io.moebench.vulkan;

import io.moebench.core.spi.Backend;
import io.moebench.core.spi.BackendConfig;

/**
 * The planted bugs again with up to 4 blocks of one expert per workgroup (blocks=4): the row gathers
 * and stores of runs of equal expert must carry every bug as one block per workgroup does.
 */
class VulkanFourBlockPlantedBugTest extends VulkanPlantedBugTest {
  @Override
  protected Backend open(KernelPath path, BackendConfig config) {
    return provider().open(config.with(VulkanOptions.BLOCKS, "4"));
  }
}
