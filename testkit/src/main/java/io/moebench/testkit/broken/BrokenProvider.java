package io.moebench.testkit.broken;

import io.moebench.core.spi.Availability;
import io.moebench.core.spi.Backend;
import io.moebench.core.spi.BackendConfig;
import io.moebench.core.spi.BackendProvider;

/**
 * Base of the deliberately broken providers that drive the registry, CLI and validation tests
 * (the JDK's faulty-provider pattern). Not registered as services: tests put them in plugin jars.
 */
abstract class BrokenProvider implements BackendProvider {
  @Override
  public String description() {
    return "deliberately broken test provider";
  }

  @Override
  public int rank() {
    return -10;
  }

  @Override
  public Availability probe() {
    return Availability.available("nowhere");
  }

  @Override
  public Backend open(BackendConfig config) {
    throw new UnsupportedOperationException("not used");
  }
}
