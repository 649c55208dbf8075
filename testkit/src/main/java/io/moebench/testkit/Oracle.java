package io.moebench.testkit;

import io.moebench.core.model.GemmProblem;
import io.moebench.core.quant.QuantizedExperts;
import io.moebench.core.spi.Backend;
import io.moebench.core.spi.BackendConfig;
import io.moebench.core.spi.BoundGemm;
import io.moebench.core.spi.PreparedWeights;
import io.moebench.cpuref.CpuRefProvider;

/** The CPU oracle's output for a problem, through the same SPI every backend implements. */
public final class Oracle implements AutoCloseable {
  private final Backend backend = new CpuRefProvider().open(BackendConfig.DEFAULT);

  public short[] reference(QuantizedExperts weights, GemmProblem problem) {
    try (PreparedWeights w = backend.prepare(weights); BoundGemm g = backend.bind(w, problem)) {
      g.launch();
      return g.output();
    }
  }

  @Override
  public void close() {
    backend.close();
  }
}
