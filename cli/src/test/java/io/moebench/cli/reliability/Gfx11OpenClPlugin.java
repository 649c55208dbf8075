package io.moebench.cli.reliability;

import io.moebench.core.spi.Availability;
import io.moebench.core.spi.Backend;
import io.moebench.core.spi.BackendConfig;
import io.moebench.core.spi.BackendProvider;
import io.moebench.opencl.OpenClProvider;

/**
 * A plugin backend as a user could drop one in: the opencl backend with path=gfx11-wmma forced.
 * Off AMD's own runtime (PoCL here) the gfx11 builtins do not exist, so every kernel build fails.
 */
public final class Gfx11OpenClPlugin implements BackendProvider {
  static final String ID = "opencl-gfx11";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String description() {
    return "the opencl backend with path=gfx11-wmma forced";
  }

  @Override
  public int rank() {
    return -1;
  }

  @Override
  public Availability probe() {
    return new OpenClProvider().probe();
  }

  @Override
  public Backend open(BackendConfig config) {
    return new OpenClProvider().open(config.with("path", "gfx11-wmma"));
  }
}
