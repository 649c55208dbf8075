package io.moebench.vulkan;

import io.moebench.core.spi.Backend;
import io.moebench.core.spi.BackendConfig;
import io.moebench.core.spi.BackendProvider;
import io.moebench.testkit.PlantedBugContractTest;
import java.util.List;

/**
 * The planted bugs on the portable shader and on the coopmat shader with emulated matrix
 * operations (path=coopmat-emulated): the bugs live in the shared GLSL headers, so this checks them
 * in moe_gemm_coopmat.comp as the GPUs build it.
 */
class VulkanPlantedBugTest extends PlantedBugContractTest {
  @Override
  protected BackendProvider provider() {
    return new VulkanProvider();
  }

  @Override
  protected List<KernelPath> paths() {
    return List.of(new KernelPath(MatrixPath.PORTABLE.id(), false),
        new KernelPath(MatrixPath.COOPMAT_EMULATED.id(), true));
  }

  @Override
  protected Backend open(KernelPath path, BackendConfig config) {
    return provider().open(config);
  }
}
