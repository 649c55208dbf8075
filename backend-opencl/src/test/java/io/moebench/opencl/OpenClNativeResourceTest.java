package io.moebench.opencl;

import io.moebench.core.spi.BackendConfig;
import io.moebench.core.spi.BackendProvider;
import io.moebench.testkit.NativeResourceContractTest;

/** Leak cycles, double close and use after close on the portable path (what PoCL runs). */
class OpenClNativeResourceTest extends NativeResourceContractTest {
  @Override
  protected BackendProvider provider() {
    return new OpenClProvider();
  }

  @Override
  protected BackendConfig config() {
    return BackendConfig.DEFAULT.with("path", MatrixPath.PORTABLE.id());
  }
}
