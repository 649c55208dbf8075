package io.moebench.vulkan;

import static org.assertj.core.api.Assertions.assertThat;

import io.moebench.core.quant.Dtype;
import io.moebench.core.spi.BackendConfig;
import io.moebench.core.spi.Calibration;
import io.moebench.testkit.Devices;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** `moe-bench calibrate` on the real device (lavapipe in CI), under the validation layer. */
class VulkanCalibrationTest {
  private final VulkanProvider provider = new VulkanProvider();

  @ParameterizedTest
  @ValueSource(strings = {"auto", "portable", "coopmat-emulated"})
  void measuresPositiveFiniteCeilingsWithNoLeaksAndNoValidationMessages(String path) {
    Devices.requireAvailable(provider);
    BackendConfig config = BackendConfig.DEFAULT.with("validation", Devices.required() ? "on" : "auto").with("path", path);
    VulkanBackend backend = (VulkanBackend) provider.open(config);
    try {
      int before = backend.openHandles();
      Calibration calibration = backend.calibration().orElseThrow();
      double copy = calibration.copyBandwidth();
      assertThat(copy).isPositive().isFinite();
      assertThat(copy).as("bytes/s, not bytes/ns").isGreaterThan(1e6);
      for (Dtype dtype : backend.capabilities().dtypes()) {
        double flops = calibration.matrixThroughput(dtype);
        assertThat(flops).as(dtype.id()).isPositive().isFinite().isGreaterThan(1e6);
      }
      assertThat(backend.openHandles()).as("calibration releases its buffers and pipelines").isEqualTo(before);
      if (backend.validationLog() != null) {
        assertThat(backend.validationLog().messages()).isEmpty();
      }
    } finally {
      backend.close();
    }
    assertThat(backend.openHandles()).isZero();
  }
}
