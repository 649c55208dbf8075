package io.moebench.core.spi;

import io.moebench.core.model.GemmProblem;
import io.moebench.core.quant.QuantizedExperts;

/**
 * One backend on one device (context, queue, compiled kernels). Owns every native handle it makes;
 * {@link #close()} is idempotent and releases children too. Calls after close throw
 * {@link IllegalStateException}. Not thread-safe.
 *
 * <p>Life of a measurement: {@link #prepare} the experts once, {@link #bind} a problem (uploads
 * activations and the aligned layout, allocates C filled with {@link io.moebench.core.quant.Dtype#POISON}),
 * then {@link BoundGemm#launch()} as often as the harness wants.
 */
public interface Backend extends AutoCloseable {

  String id();

  DeviceInfo device();

  Capabilities capabilities();

  /** Uploads the packed weights, scales and zero points to the device. */
  PreparedWeights prepare(QuantizedExperts experts);

  /**
   * Makes a problem ready to launch against prepared weights. Throws
   * {@link UnsupportedProblemException} for shapes, dtypes or layouts the backend cannot run.
   */
  BoundGemm bind(PreparedWeights weights, GemmProblem problem);

  /** Evicts the last-level cache (e.g. writes a buffer larger than it); not timed. */
  void flushCaches();

  /** Ceiling measurements through this backend, when it offers them. */
  default java.util.Optional<Calibration> calibration() {
    return java.util.Optional.empty();
  }

  /** Tile-configuration search, when the backend offers it. */
  default java.util.Optional<Tuning> tuning() {
    return java.util.Optional.empty();
  }

  /** Native objects this backend currently owns (0 after close): the leak tests read it. */
  int openHandles();

  @Override
  void close();
}
