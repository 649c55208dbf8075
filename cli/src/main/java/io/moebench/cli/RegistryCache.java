package io.moebench.cli;

import com.google.inject.Singleton;
import io.moebench.core.registry.BackendRegistry;

/** Discovers backends once per run: plugin class loaders must not be created twice. */
@Singleton
final class RegistryCache {
  private BackendRegistry registry;

  synchronized BackendRegistry get(GlobalOptions global) {
    if (registry == null) {
      registry = BackendRegistry.discover(Main.class.getClassLoader(), global.pluginDir());
    }
    return registry;
  }
}
