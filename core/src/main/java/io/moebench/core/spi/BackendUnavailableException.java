package io.moebench.core.spi;

/** The backend's driver, device or library is missing. */
public class BackendUnavailableException extends BackendException {
  private static final long serialVersionUID = 1L;

  public BackendUnavailableException(String backend, String message) {
    super(backend, message);
  }

  public BackendUnavailableException(String backend, String message, Throwable cause) {
    super(backend, message, cause);
  }
}
