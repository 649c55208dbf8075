package io.moebench.core.spi;

/**
 * A backend failed. Subclasses say how, so the CLI can map them to exit codes: 3 unavailable,
 * 4 kernel build failed, 5 any other backend failure.
 */
public class BackendException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String backend;

  public BackendException(String backend, String message) {
    super(backend + ": " + message);
    this.backend = backend;
  }

  public BackendException(String backend, String message, Throwable cause) {
    super(backend + ": " + message, cause);
    this.backend = backend;
  }

  public String backend() {
    return backend;
  }
}
