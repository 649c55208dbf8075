package io.moebench.opencl;

import io.moebench.core.spi.Backend;
import io.moebench.core.spi.BackendConfig;
import io.moebench.core.spi.BackendProvider;
import io.moebench.testkit.PlantedBugContractTest;
import java.util.List;

/**
 * The planted bugs on the portable path (through the provider, as the CLI opens it) and on both
 * matrix paths with their instruction emulated (moe_mma_emulated.h): the bugs live in the shared
 * headers, so this checks them in moe_gemm_mma.cl and moe_gemm_nvidia.cl as the GPUs build them.
 */
class OpenClPlantedBugTest extends PlantedBugContractTest {
  @Override
  protected BackendProvider provider() {
    return new OpenClProvider();
  }

  @Override
  protected List<KernelPath> paths() {
    return List.of(new KernelPath(MatrixPath.PORTABLE.id(), false), new KernelPath(MatrixPath.GFX11_WMMA.id(), true),
        new KernelPath(MatrixPath.NVIDIA_MMA.id(), true));
  }

  @Override
  protected Backend open(KernelPath path, BackendConfig config) {
    return path.emulated() ? new OpenClBackend(OpenClOptions.parse(config), Long.MAX_VALUE, "-DMOE_MMA_EMULATE")
        : provider().open(config);
  }
}
