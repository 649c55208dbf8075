package io.moebench.core.spi;

/**
 * Entry point of a backend, found with {@link java.util.ServiceLoader} through
 * {@code META-INF/services/io.moebench.core.spi.BackendProvider}. Cheap to construct: native
 * libraries load in {@link #open}, never in a constructor or static initialiser.
 */
public interface BackendProvider {

  /** Stable id used by --backend, e.g. "cpu-ref", "opencl", "vulkan". Lowercase, no spaces. */
  String id();

  /** One line for `moe-bench backends`. */
  String description();

  /** Preference among available backends: the highest rank is the default kernel backend. */
  int rank();

  /** Whether this machine can run the backend, with the reason when not. Never throws. */
  Availability probe();

  /** Opens the backend on one device. Throws {@link BackendException} on failure. */
  Backend open(BackendConfig config);
}
