package io.moebench.opencl;

import static org.assertj.core.api.Assertions.assertThat;

import io.moebench.core.model.GemmProblem;
import io.moebench.core.model.SyntheticCase;
import io.moebench.core.quant.QuantizedExperts;
import io.moebench.core.routing.RoutingTable;
import io.moebench.core.spi.Backend;
import io.moebench.core.spi.BoundGemm;
import io.moebench.core.spi.PreparedWeights;
import io.moebench.core.verify.Comparison;
import io.moebench.testkit.ContractCase;
import io.moebench.testkit.Oracle;

/** The contract suite's inputs for one case, and a run compared with the CPU oracle. */
final class OracleCheck {
  private OracleCheck() {}

  static QuantizedExperts weights(ContractCase c) {
    return SyntheticCase.weights(c.shape(), c.layout(), c.dtype(), c.zeroPoints(), c.seed());
  }

  static GemmProblem problem(ContractCase c) {
    RoutingTable r = SyntheticCase.routing(c.parsedArchetype(), c.tokens(), c.shape().experts(), c.topK(), c.seed(), false);
    return SyntheticCase.problem(c.shape(), r, c.dtype(), c.seed());
  }

  /** Runs the problem on the backend and asserts it matches the oracle; returns the configuration used. */
  static String assertMatches(Backend backend, Oracle oracle, QuantizedExperts weights, GemmProblem problem, String what) {
    short[] expected = oracle.reference(weights, problem);
    try (PreparedWeights pw = backend.prepare(weights); BoundGemm g = backend.bind(pw, problem)) {
      g.launch();
      Comparison cmp = Comparison.of(problem.activations().dtype(), g.output(), expected, problem.shape().n());
      assertThat(cmp.passed()).as("%s: %s [%s]", what, cmp.summary(), g.configuration()).isTrue();
      return g.configuration();
    }
  }
}
