package io.moebench.testkit;

import io.moebench.core.spi.Availability;
import io.moebench.core.spi.BackendProvider;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Device availability in tests. With {@code -Dmoebench.requireDevices=true} (set by .ci/run) a
 * missing device fails the test instead of skipping it, so CI cannot pass by skipping.
 */
public final class Devices {
  public static final String REQUIRE_PROPERTY = "moebench.requireDevices";

  private Devices() {}

  public static boolean required() {
    return Boolean.parseBoolean(System.getProperty(REQUIRE_PROPERTY, "false"));
  }

  /** Aborts (or fails, when devices are required) unless the provider reports available. */
  public static Availability requireAvailable(BackendProvider provider) {
    Availability a = provider.probe();
    if (!a.available()) {
      String msg = provider.id() + " unavailable: " + a.reason();
      if (required()) {
        Assertions.fail(msg + " (-D" + REQUIRE_PROPERTY + "=true)");
      }
      Assumptions.abort(msg);
    }
    return a;
  }
}
