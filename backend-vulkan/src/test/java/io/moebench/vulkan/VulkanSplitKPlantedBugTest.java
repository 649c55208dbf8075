package io.moebench.vulkan;

import io.moebench.core.spi.Backend;
import io.moebench.core.spi.BackendConfig;
import java.util.List;

/**
 * The planted bugs again on the coopmat shader with K split over 2 workgroups (split-k=2; the portable
 * path never splits): each bug must survive the partial sums and the reduce pass (a row left unwritten
 * keeps the partials' NaN poison, a dropped K group is dropped from the last part).
 */
class VulkanSplitKPlantedBugTest extends VulkanPlantedBugTest {
  @Override
  protected List<KernelPath> paths() {
    return List.of(new KernelPath(MatrixPath.COOPMAT_EMULATED.id(), true));
  }

  @Override
  protected Backend open(KernelPath path, BackendConfig config) {
    return provider().open(config.with(VulkanOptions.SPLIT_K, "2"));
  }
}
