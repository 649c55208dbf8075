package io.moebench.opencl;

import io.moebench.core.spi.BackendConfig;

/**
 * The contract suite on the portable path with the N tiles fastest (order=tiles: a 1-D grid, each
 * work-group's block and N tile decoded from its group id), the order GPUs take by default; CPU
 * devices, which CI runs, launch the blocks fastest unless asked.
 */
class OpenClTilesFastestContractTest extends OpenClContractTest {
  @Override
  protected BackendConfig config() {
    return super.config().with(WorkGroupOrder.OPTION, "tiles");
  }
}
