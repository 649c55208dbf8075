package io.moebench.core.bench;

import io.moebench.core.model.GemmProblem;
import io.moebench.core.model.MoeShape;
import io.moebench.core.model.SyntheticCase;
import io.moebench.core.quant.Dtype;
import io.moebench.core.quant.QuantizedExperts;
import io.moebench.core.quant.WeightLayout;
import io.moebench.core.routing.Archetype;
import io.moebench.core.routing.RoutingTable;
import io.moebench.core.spi.Backend;
import io.moebench.core.spi.BoundGemm;
import io.moebench.core.spi.PreparedWeights;
import io.moebench.core.verify.Comparison;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Checks backends against the oracle: the reference output of each point is computed once and
 * compared with every backend's. Each output starts poisoned (NaN), so an unwritten element fails.
 * One backend's failure is recorded and the others go on.
 */
public final class ValidationRunner {

  public void run(ValidationPlan plan, List<Backend> backends, Backend oracle, Consumer<ValidationResult> sink) {
    for (int g : plan.gemms()) {
      MoeShape shape = plan.shape(g);
      for (Dtype dtype : plan.dtypes()) {
        for (WeightLayout layout : plan.layouts()) {
          QuantizedExperts w = SyntheticCase.weights(shape, layout, dtype, plan.zeroPoints(), plan.seed());
          try (PreparedWeights ref = oracle.prepare(w)) {
            List<Slot> slots = new ArrayList<>();
            try {
              for (Backend b : backends) {
                slots.add(Slot.prepare(b, w, shape, dtype, layout, plan.zeroPoints()));
              }
              for (Archetype a : plan.archetypes()) {
                for (int t : plan.tokens()) {
                  RoutingTable r = SyntheticCase.routing(a, t, plan.experts(), plan.topK(), plan.seed(), false);
                  GemmProblem p = SyntheticCase.problem(shape, r, dtype, plan.seed());
                  short[] expected = output(oracle, ref, p);
                  for (Slot s : slots) {
                    sink.accept(s.check(p, expected, a.name(), t));
                  }
                }
              }
            } finally {
              slots.forEach(Slot::close);
            }
          }
        }
      }
    }
  }

  static short[] output(Backend b, PreparedWeights w, GemmProblem p) {
    try (BoundGemm g = b.bind(w, p)) {
      g.launch();
      return g.output();
    }
  }

  /** One backend's prepared weights for the current (gemm, dtype, layout), or why it has none. */
  private record Slot(Backend backend, PreparedWeights weights, String error, Dtype dtype, WeightLayout layout) {

    static Slot prepare(Backend b, QuantizedExperts w, MoeShape shape, Dtype dtype, WeightLayout layout, boolean zeros) {
      try {
        String unsupported = b.capabilities().unsupported(shape, dtype, layout, zeros);
        if (unsupported != null) {
          return new Slot(b, null, "unsupported: " + unsupported, dtype, layout);
        }
        return new Slot(b, b.prepare(w), "", dtype, layout);
      } catch (RuntimeException e) {
        return new Slot(b, null, Failures.describe(b, e), dtype, layout);
      }
    }

    ValidationResult check(GemmProblem p, short[] expected, String archetype, int tokens) {
      String id = id();
      if (weights == null) {
        return new ValidationResult(id, p.shape().name(), dtype, layout, archetype, tokens, null, error, "");
      }
      try (BoundGemm g = backend.bind(weights, p)) {
        g.launch();
        Comparison c = Comparison.of(dtype, g.output(), expected, p.shape().n());
        return new ValidationResult(id, p.shape().name(), dtype, layout, archetype, tokens, c, "", g.configuration());
      } catch (RuntimeException e) {
        return new ValidationResult(id, p.shape().name(), dtype, layout, archetype, tokens, null,
            Failures.describe(backend, e), "");
      }
    }

    private String id() {
      try {
        return backend.id();
      } catch (RuntimeException e) {
        return backend.getClass().getSimpleName();
      }
    }

    void close() {
      if (weights != null) {
        try {
          weights.close();
        } catch (RuntimeException ignored) {
          // a broken backend's close must not stop the others' validation
        }
      }
    }
  }
}
