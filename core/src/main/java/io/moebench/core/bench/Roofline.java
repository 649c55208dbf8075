package io.moebench.core.bench;

import io.moebench.core.model.GemmProblem;
import io.moebench.core.quant.QuantizedExperts;

/**
 * The floor of a point (PERF-TARGETS.md): max(bytes / bandwidth, useful flops / matrix peak), with
 * bytes = int4 weights + scales (+ zero points) of the experts that received rows + activations read
 * once + outputs written once, and useful flops = 2 * routed rows * N * K.
 *
 * @param bandwidthBytesPerS measured copy bandwidth (bytes read + written per second)
 * @param matrixFlopsPerS measured matrix throughput of the backend's matrix path
 * @param source where the ceilings come from (e.g. "calibrated 2026-11-26", "PERF-TARGETS H100")
 */
public record Roofline(double bandwidthBytesPerS, double matrixFlopsPerS, String source) {

  public double bytes(GemmProblem p, QuantizedExperts w) {
    long used = java.util.Arrays.stream(p.routing().expertLoads()).filter(c -> c > 0).count();
    double weights = (double) used * w.bytesPerExpert();
    double activations = 2.0 * p.activations().rows() * p.shape().k();
    double outputs = 2.0 * p.outputRows() * p.shape().n();
    return weights + activations + outputs;
  }

  public double floorUs(GemmProblem p, QuantizedExperts w) {
    double memory = bytes(p, w) / bandwidthBytesPerS;
    double math = p.usefulFlops() / matrixFlopsPerS;
    return Math.max(memory, math) * 1e6;
  }
}
