package io.moebench.core.spi;

/** The backend cannot run this shape, dtype or layout; the message says what it allows. */
public class UnsupportedProblemException extends BackendException {
  private static final long serialVersionUID = 1L;

  public UnsupportedProblemException(String backend, String message) {
    super(backend, message);
  }

  public UnsupportedProblemException(String backend, String message, Throwable cause) {
    super(backend, message, cause);
  }
}
