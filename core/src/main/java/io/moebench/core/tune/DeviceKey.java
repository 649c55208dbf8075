package io.moebench.core.tune;

import io.moebench.core.spi.Backend;
import io.moebench.core.spi.DeviceInfo;
import java.util.Locale;

/** A file-name-safe key for one backend on one device and driver: caches never mix cards or drivers. */
public final class DeviceKey {
  private DeviceKey() {}

  public static String of(Backend backend) {
    DeviceInfo d = backend.device();
    String raw = backend.id() + "-" + d.name() + "-" + d.driver() + "-" + backend.capabilities().matrixPath();
    return raw.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.]+", "-").replaceAll("(^-|-$)", "");
  }
}
