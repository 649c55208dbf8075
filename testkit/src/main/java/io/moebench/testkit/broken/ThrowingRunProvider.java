package io.moebench.testkit.broken;

import io.moebench.core.spi.Backend;
import io.moebench.core.spi.BackendConfig;
import io.moebench.core.spi.BackendException;

/** Opens and prepares fine, then every bind fails mid-run (a device lost, say). */
public final class ThrowingRunProvider extends BrokenProvider {
  @Override
  public String id() {
    return "broken-run";
  }

  @Override
  public Backend open(BackendConfig config) {
    return new OracleWrapper(id(), w -> w, p -> {
      throw new BackendException(id(), "device lost during the run");
    });
  }
}
