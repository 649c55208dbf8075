package io.moebench.cli;

import com.google.inject.Singleton;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Options every command takes; one shared instance (a Guice singleton mixed into each command). */
@Singleton
public final class GlobalOptions {
  @Option(names = "--verbose", description = "Print stack traces and backend details on errors (tune: every candidate's time and configuration).")
  boolean verbose;

  @Option(names = "--plugins", paramLabel = "DIR",
      description = "Folder of backend plugin jars (default: $MOE_BENCH_PLUGINS).")
  Path plugins;

  public boolean verbose() {
    return verbose;
  }

  /** --plugins, else the environment variable, else none. */
  public Optional<Path> pluginDir() {
    if (plugins != null) {
      return Optional.of(plugins);
    }
    String env = System.getenv(io.moebench.core.registry.BackendRegistry.PLUGINS_ENV);
    return env == null || env.isBlank() ? Optional.empty() : Optional.of(Path.of(env));
  }
}
