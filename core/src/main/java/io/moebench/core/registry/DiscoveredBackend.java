package io.moebench.core.registry;

import io.moebench.core.spi.Availability;
import io.moebench.core.spi.BackendProvider;

/**
 * A provider found by ServiceLoader, or the error that stopped it loading (a plugin whose
 * constructor threw, say). {@link #availability()} never throws, even for providers that break
 * their contract.
 *
 * @param id the provider's id, or the class / jar that failed
 * @param provider the provider, null when loading failed
 * @param origin where it came from: "built-in" or the plugin jar
 * @param loadError why it could not be loaded, empty when it loaded
 */
public record DiscoveredBackend(String id, BackendProvider provider, String origin, String loadError) {

  public boolean loaded() {
    return provider != null;
  }

  public Availability availability() {
    if (provider == null) {
      return Availability.unavailable(loadError);
    }
    try {
      Availability a = provider.probe();
      return a == null ? Availability.unavailable("probe() returned nothing") : a;
    } catch (RuntimeException | LinkageError e) {
      return Availability.unavailable("probe failed: " + describe(e));
    }
  }

  public int rank() {
    try {
      return provider == null ? Integer.MIN_VALUE : provider.rank();
    } catch (RuntimeException e) {
      return Integer.MIN_VALUE;
    }
  }

  public String description() {
    try {
      return provider == null ? "" : provider.description();
    } catch (RuntimeException e) {
      return "";
    }
  }

  static String describe(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String msg = root.getMessage();
    return root.getClass().getSimpleName() + (msg == null ? "" : ": " + msg.lines().findFirst().orElse(""));
  }
}
