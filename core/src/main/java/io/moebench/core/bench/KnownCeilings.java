package io.moebench.core.bench;

import io.moebench.core.spi.DeviceInfo;
import java.util.Locale;
import java.util.Optional;

/**
 * Ceilings measured on cards this project was measured on (PERF-TARGETS.md: device-to-device copy
 * and cuBLAS bf16 dense matrix product on the lent machines), used for % of floor until
 * `calibrate` has measured the device itself.
 */
public final class KnownCeilings {
  private KnownCeilings() {}

  public static Optional<Roofline> forDevice(DeviceInfo device) {
    String name = device.name().toUpperCase(Locale.ROOT);
    if (name.contains("H200")) {
      return Optional.of(new Roofline(4.3e12, 790e12, "H200 reference ceilings: 4.3 TB/s copy, 790 TFLOP/s bf16 (PERF-TARGETS.md)"));
    }
    if (name.contains("H100")) {
      return Optional.of(new Roofline(3.0e12, 790e12, "H100 reference ceilings: 3.0 TB/s copy, 790 TFLOP/s bf16 (PERF-TARGETS.md)"));
    }
    return Optional.empty();
  }
}
