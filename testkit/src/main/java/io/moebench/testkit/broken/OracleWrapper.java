package io.moebench.testkit.broken;

import io.moebench.core.model.GemmProblem;
import io.moebench.core.quant.QuantizedExperts;
import io.moebench.core.spi.Backend;
import io.moebench.core.spi.BackendConfig;
import io.moebench.core.spi.BoundGemm;
import io.moebench.core.spi.Capabilities;
import io.moebench.core.spi.DeviceInfo;
import io.moebench.core.spi.PreparedWeights;
import io.moebench.cpuref.CpuRefProvider;
import java.util.function.UnaryOperator;

/**
 * A backend that runs the oracle on altered weights or problems: the "kernel bugs" of the broken
 * providers are real wrong computations, not canned outputs.
 */
class OracleWrapper implements Backend {
  private final String id;
  private final Backend oracle = new CpuRefProvider().open(BackendConfig.DEFAULT);
  private final UnaryOperator<QuantizedExperts> weightBug;
  private final UnaryOperator<GemmProblem> problemBug;

  OracleWrapper(String id, UnaryOperator<QuantizedExperts> weightBug, UnaryOperator<GemmProblem> problemBug) {
    this.id = id;
    this.weightBug = weightBug;
    this.problemBug = problemBug;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public DeviceInfo device() {
    return oracle.device();
  }

  @Override
  public Capabilities capabilities() {
    return oracle.capabilities();
  }

  @Override
  public PreparedWeights prepare(QuantizedExperts experts) {
    return oracle.prepare(weightBug.apply(experts));
  }

  @Override
  public BoundGemm bind(PreparedWeights weights, GemmProblem problem) {
    return oracle.bind(weights, problemBug.apply(problem));
  }

  @Override
  public void flushCaches() {
    oracle.flushCaches();
  }

  @Override
  public int openHandles() {
    return oracle.openHandles();
  }

  @Override
  public void close() {
    oracle.close();
  }
}
