package io.moebench.vulkan;

import io.moebench.core.spi.BackendConfig;

/**
 * The contract suite on the coopmat kernel with emulated matrix operations (path=coopmat-emulated):
 * on lavapipe, which has no cooperative matrices, this runs that kernel's tiling, row gathers,
 * dequantisation and output scatter against the oracle, under the validation layer.
 */
class VulkanEmulatedCoopmatContractTest extends VulkanContractTest {
  @Override
  protected BackendConfig config() {
    return super.config().with("path", MatrixPath.COOPMAT_EMULATED.id());
  }
}
