package io.moebench.opencl;

import static org.assertj.core.api.Assertions.assertThat;

import io.moebench.core.quant.Dtype;
import io.moebench.core.spi.Calibration;
import io.moebench.testkit.Devices;
import org.junit.jupiter.api.Test;

class OpenClCalibrationTest {
  @Test
  void ceilingsArePositiveFiniteAndPlausibleAndLeaveNoHandles() {
    Devices.requireAvailable(new OpenClProvider());
    try (OpenClBackend backend = new OpenClBackend(OpenClOptions.DEFAULT)) {
      Calibration c = backend.calibration().orElseThrow();
      int before = backend.openHandles();
      double bandwidth = c.copyBandwidth();
      // Between 100 MB/s and 100 TB/s: anything outside is a unit or timing error, not a device.
      assertThat(bandwidth).isFinite().isBetween(1e8, 1e14);
      StringBuilder seen = new StringBuilder(String.format("opencl calibration: copy %.1f GB/s", bandwidth / 1e9));
      for (Dtype dtype : Dtype.values()) {
        double flops = c.matrixThroughput(dtype);
        assertThat(flops).as("%s on %s", dtype, backend.path()).isFinite().isBetween(1e8, 1e16);
        seen.append(String.format(", %s %.1f Gflop/s", dtype, flops / 1e9));
      }
      System.out.println(seen + " (" + backend.path().id() + " path)");
      assertThat(backend.openHandles()).isEqualTo(before);
    }
  }
}
