package io.moebench.cli;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import io.moebench.core.harness.Harness;
import io.moebench.core.registry.BackendRegistry;

/** Wires the console, the backend registry (after options are parsed) and the harness. */
public final class CliModule extends AbstractModule {
  private final Console console;

  public CliModule(Console console) {
    this.console = console;
  }

  @Override
  protected void configure() {
    bind(Console.class).toInstance(console);
    bind(Harness.class).toInstance(new Harness());
  }

  /** Discovered on first use, so that --plugins is already parsed. */
  @Provides
  BackendRegistry registry(GlobalOptions global, RegistryCache cache) {
    return cache.get(global);
  }
}
