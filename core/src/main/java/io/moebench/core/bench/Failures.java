package io.moebench.core.bench;

import io.moebench.core.spi.Backend;
import io.moebench.core.spi.BackendException;

/** One-line descriptions of a backend's failure, for result rows and reports. */
public final class Failures {
  private Failures() {}

  /** BackendException messages already name the backend; anything else is a contract breach. */
  public static String describe(Backend backend, RuntimeException e) {
    String id;
    try {
      id = backend.id();
    } catch (RuntimeException ignored) {
      id = backend.getClass().getSimpleName();
    }
    return describe(id, e);
  }

  public static String describe(String id, RuntimeException e) {
    if (e instanceof BackendException) {
      return firstLine(e.getMessage());
    }
    return id + ": " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + firstLine(e.getMessage()));
  }

  /** The first line of a message, trimmed; "" for none. */
  public static String firstLine(String s) {
    return s == null ? "" : s.lines().findFirst().orElse("").strip();
  }
}
