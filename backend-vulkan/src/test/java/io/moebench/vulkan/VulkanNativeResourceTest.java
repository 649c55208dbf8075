package io.moebench.vulkan;

import io.moebench.core.spi.BackendProvider;
import io.moebench.testkit.NativeResourceContractTest;

/** Leak cycles, double close and use after close on the default path (portable on lavapipe). */
class VulkanNativeResourceTest extends NativeResourceContractTest {
  @Override
  protected BackendProvider provider() {
    return new VulkanProvider();
  }
}
