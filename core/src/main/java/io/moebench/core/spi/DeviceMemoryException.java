package io.moebench.core.spi;

/** A device allocation failed (out of device memory or a buffer over the device's limit). */
public class DeviceMemoryException extends BackendException {
  private static final long serialVersionUID = 1L;

  public DeviceMemoryException(String backend, String message) {
    super(backend, message);
  }

  public DeviceMemoryException(String backend, String message, Throwable cause) {
    super(backend, message, cause);
  }
}
