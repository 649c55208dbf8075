package io.moebench.core.spi;

import io.moebench.core.quant.Dtype;

/**
 * Optional capability of a backend: measures its device's ceilings through the backend's own API,
 * for the roofline floor of every point (`moe-bench calibrate`).
 */
public interface Calibration {

  /** Device-to-device copy bandwidth in bytes per second, counting bytes read plus bytes written. */
  double copyBandwidth();

  /** Throughput of the backend's matrix path for this input type, in flop/s (register-resident, no memory traffic). */
  double matrixThroughput(Dtype dtype);
}
