package io.moebench.core.spi;

import java.util.Map;

/**
 * What a backend runs on.
 *
 * @param name device name, e.g. "NVIDIA H100 80GB HBM3", "cpu-Intel(R) Xeon..."
 * @param vendor vendor
 * @param driver driver or runtime version
 * @param computeUnits compute units / multiprocessors / cores
 * @param memoryBytes device memory
 * @param lastLevelCacheBytes the cache a cold flush must overwrite (0 when unknown)
 * @param extra anything else worth recording (API version, subgroup size, ...)
 */
public record DeviceInfo(String name, String vendor, String driver, int computeUnits, long memoryBytes,
    long lastLevelCacheBytes, Map<String, String> extra) {

  /** Key of {@link #extra()} giving the device type: "cpu", "gpu" or "other". */
  public static final String TYPE = "type";

  public DeviceInfo {
    extra = Map.copyOf(extra);
  }

  /** True for CPU devices (cpu-ref, PoCL, lavapipe): runs default to fewer points and launches. */
  public boolean isCpu() {
    return "cpu".equals(extra.get(TYPE));
  }
}
