package io.moebench.vulkan;

import io.moebench.core.spi.Backend;
import io.moebench.core.spi.BackendConfig;
import java.util.List;

/**
 * The planted bugs again on the coopmat shader with direct weight loads (direct=1, emulated matrix
 * operations): the packed weights' decoding must carry every weight, scale and expert bug.
 */
class VulkanDirectPlantedBugTest extends VulkanPlantedBugTest {
  @Override
  protected List<KernelPath> paths() {
    return List.of(new KernelPath(MatrixPath.COOPMAT_EMULATED.id(), true));
  }

  @Override
  protected Backend open(KernelPath path, BackendConfig config) {
    return provider().open(config.with(VulkanOptions.DIRECT, "1"));
  }
}
