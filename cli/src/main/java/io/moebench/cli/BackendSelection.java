package io.moebench.cli;

import io.moebench.core.InputException;
import io.moebench.core.registry.BackendRegistry;
import io.moebench.core.registry.DiscoveredBackend;
import io.moebench.core.spi.BackendUnavailableException;
import java.util.List;

/**
 * Which backend a command runs: the --backend flag, then the system property moebench.backend,
 * then $MOE_BENCH_BACKEND, then the best-ranked available backend.
 */
public final class BackendSelection {
  public static final String PROPERTY = "moebench.backend";
  public static final String ENV = "MOE_BENCH_BACKEND";

  private BackendSelection() {}

  public static String kernel(BackendRegistry registry, String flag) {
    String id = flag != null ? flag : System.getProperty(PROPERTY, System.getenv(ENV));
    if (id != null && !id.isBlank()) {
      return requireAvailable(registry, id.trim());
    }
    List<DiscoveredBackend> available = registry.available();
    if (available.isEmpty()) {
      throw new BackendUnavailableException("moe-bench", "no backend is available (see `moe-bench backends`)");
    }
    return available.get(0).id();
  }

  /** The id, if known and available; else a clear error (unknown ids list the known ones). */
  public static String requireAvailable(BackendRegistry registry, String id) {
    DiscoveredBackend d = registry.find(id);
    var a = d.availability();
    if (!a.available()) {
      throw new BackendUnavailableException(id, "not available: " + a.reason());
    }
    return id;
  }

  /** The next-best available backend after the kernel, for a default baseline; null if none. */
  public static String nextBest(BackendRegistry registry, String kernel) {
    return registry.available().stream().map(DiscoveredBackend::id).filter(id -> !id.equals(kernel)).findFirst()
        .orElse(null);
  }

  /** A baseline given by flag: known, available and not the kernel itself. */
  public static String baseline(BackendRegistry registry, String baseline, String kernel) {
    requireAvailable(registry, baseline);
    InputException.require(!baseline.equals(kernel), "--baseline must differ from --backend (both are '" + kernel + "')");
    return baseline;
  }
}
