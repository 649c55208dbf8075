package io.moebench.vulkan;

import static org.assertj.core.api.Assertions.assertThat;

import io.moebench.core.spi.BackendConfig;
import io.moebench.core.spi.BackendProvider;
import io.moebench.testkit.BackendContractTest;
import io.moebench.testkit.Devices;
import org.junit.jupiter.api.AfterAll;

/**
 * The contract suite on real dispatches (lavapipe in CI: the portable path) under the Khronos
 * validation layer, which must stay silent. The layer is required when devices are.
 */
class VulkanContractTest extends BackendContractTest {
  @Override
  protected BackendProvider provider() {
    return new VulkanProvider();
  }

  @Override
  protected BackendConfig config() {
    return BackendConfig.DEFAULT.with("validation", Devices.required() ? "on" : "auto");
  }

  /** Runs before the suite's own @AfterAll closes the backend (subclass callbacks run first). */
  @AfterAll
  void validationLayerStayedSilent() {
    if (backend() != null) {
      ValidationLog log = ((VulkanBackend) backend()).validationLog();
      if (Devices.required()) {
        assertThat(log).as("validation layer active").isNotNull();
      }
      if (log != null) {
        assertThat(log.messages()).as("validation messages").isEmpty();
      }
    }
  }
}
