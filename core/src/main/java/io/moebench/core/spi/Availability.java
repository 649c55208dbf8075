package io.moebench.core.spi;

/**
 * Outcome of {@link BackendProvider#probe()}.
 *
 * @param available whether {@link BackendProvider#open} is expected to work
 * @param device the device it would use, when available
 * @param reason why not, with the fix when known (e.g. "no OpenCL platform: install an ICD, e.g.
 *     pocl-opencl-icd"), when unavailable
 */
public record Availability(boolean available, String device, String reason) {

  public static Availability available(String device) {
    return new Availability(true, device, "");
  }

  public static Availability unavailable(String reason) {
    return new Availability(false, "", reason);
  }
}
