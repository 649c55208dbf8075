package io.moebench.opencl;

import io.moebench.core.spi.BackendConfig;
import io.moebench.core.spi.BackendProvider;
import io.moebench.testkit.BackendContractTest;

/**
 * The contract suite on the path named by -Dmoebench.opencl.path (default portable, what CI runs on
 * PoCL; on a GPU: nvidia-mma or gfx11-wmma, or "detect" for the device's own choice).
 */
class OpenClContractTest extends BackendContractTest {
  static final String PATH_PROPERTY = "moebench.opencl.path";

  @Override
  protected BackendProvider provider() {
    return new OpenClProvider();
  }

  @Override
  protected BackendConfig config() {
    String path = System.getProperty(PATH_PROPERTY, MatrixPath.PORTABLE.id());
    return path.equals("detect") ? BackendConfig.DEFAULT : BackendConfig.DEFAULT.with("path", path);
  }
}
