package io.moebench.core.spi;

/** A kernel or shader failed to compile; carries the compiler's log. */
public class KernelBuildException extends BackendException {
  private static final long serialVersionUID = 1L;
  private final String buildLog;

  public KernelBuildException(String backend, String message, String buildLog) {
    super(backend, message);
    this.buildLog = buildLog == null ? "" : buildLog;
  }

  public String buildLog() {
    return buildLog;
  }
}
