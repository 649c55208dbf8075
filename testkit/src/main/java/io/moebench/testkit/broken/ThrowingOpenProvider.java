package io.moebench.testkit.broken;

import io.moebench.core.spi.Backend;
import io.moebench.core.spi.BackendConfig;

/** Reports available, then fails in open() with an unchecked exception that is not a BackendException. */
public final class ThrowingOpenProvider extends BrokenProvider {
  @Override
  public String id() {
    return "broken-open";
  }

  @Override
  public Backend open(BackendConfig config) {
    throw new IllegalStateException("open exploded");
  }
}
