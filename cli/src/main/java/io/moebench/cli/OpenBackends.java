package io.moebench.cli;

import io.moebench.core.registry.BackendRegistry;
import io.moebench.core.spi.Backend;
import io.moebench.core.spi.BackendConfig;
import io.moebench.core.util.NativeScope;

/** Backends opened by one command, closed together in reverse order when it ends. */
public final class OpenBackends implements AutoCloseable {
  public static final String ORACLE = "cpu-ref";

  private final BackendRegistry registry;
  private final NativeScope scope = new NativeScope("command backends");

  public OpenBackends(BackendRegistry registry) {
    this.registry = registry;
  }

  public Backend open(String id, BackendConfig config) {
    Backend b = registry.open(id, config);
    return scope.add(id, b, b::close);
  }

  /** The CPU oracle; fp64 accumulation when checking the oracle itself matters more than speed. */
  public Backend oracle(boolean fp64) {
    return open(ORACLE, fp64 ? BackendConfig.DEFAULT.with("accumulate", "fp64") : BackendConfig.DEFAULT);
  }

  @Override
  public void close() {
    scope.close();
  }
}
