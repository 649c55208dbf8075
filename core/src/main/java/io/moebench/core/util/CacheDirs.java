package io.moebench.core.util;

import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Where moe-bench keeps per-user caches (compiled kernels, SPIR-V, tuning results, ceilings):
 * $MOE_BENCH_CACHE, else $XDG_CACHE_HOME/moe-bench, else ~/.cache/moe-bench.
 */
public final class CacheDirs {
  private CacheDirs() {}

  public static Path root() {
    String explicit = System.getenv("MOE_BENCH_CACHE");
    if (explicit != null && !explicit.isBlank()) {
      return Paths.get(explicit);
    }
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path base = xdg != null && !xdg.isBlank() ? Paths.get(xdg) : Paths.get(System.getProperty("user.home"), ".cache");
    return base.resolve("moe-bench");
  }

  /** A sub-folder of the cache root, e.g. "opencl-binaries". Not created. */
  public static Path of(String name) {
    return root().resolve(name);
  }
}
