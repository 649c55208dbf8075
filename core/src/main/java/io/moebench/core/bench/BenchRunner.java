package io.moebench.core.bench;

import io.moebench.core.harness.Harness;
import io.moebench.core.harness.TimingStats;
import io.moebench.core.model.GemmProblem;
import io.moebench.core.model.MoeShape;
import io.moebench.core.model.SyntheticCase;
import io.moebench.core.quant.QuantizedExperts;
import io.moebench.core.routing.Archetype;
import io.moebench.core.routing.RoutingTable;
import io.moebench.core.spacemap.SpaceMap;
import io.moebench.core.spacemap.SpaceMapRow;
import io.moebench.core.spi.Backend;
import io.moebench.core.spi.BackendException;
import io.moebench.core.spi.BoundGemm;
import io.moebench.core.spi.PreparedWeights;
import io.moebench.core.verify.Comparison;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Runs the points of a plan: per gemm the weights are generated and prepared once per backend;
 * per point the oracle computes C_ref, then the kernel (and the baseline) run once for
 * verification and are timed by the harness. Each finished point goes to the sink at once. A
 * kernel or baseline failure is recorded in the point and the run goes on; an oracle failure stops it.
 */
public final class BenchRunner {
  private final Harness harness;

  public BenchRunner(Harness harness) {
    this.harness = harness;
  }

  /**
   * The backends of a run: kernel, optional baseline (null), the oracle, optional roofline (null),
   * and the kernel's tuned configuration per problem (empty: the backend's default).
   */
  public record Backends(Backend kernel, Backend baseline, Backend oracle, Roofline roofline,
      Function<GemmProblem, Optional<Map<String, String>>> kernelConfigs) {

    public Backends(Backend kernel, Backend baseline, Backend oracle, Roofline roofline) {
      this(kernel, baseline, oracle, roofline, p -> Optional.empty());
    }
  }

  /**
   * @param skip points already done (resume), by {@link BenchPoint#key()}
   */
  public void run(BenchPlan plan, Backends backends, Predicate<String> skip, Consumer<BenchPoint> sink) {
    for (int g : plan.gemms()) {
      MoeShape shape = plan.shape(g);
      List<String> pending = plan.archetypes().stream()
          .flatMap(a -> plan.tokens().stream().map(t -> key(shape, a, t))).filter(skip.negate()).toList();
      if (pending.isEmpty()) {
        continue;
      }
      QuantizedExperts weights = SyntheticCase.weights(shape, plan.layout(), plan.dtype(), plan.zeroPoints(), plan.seed());
      try (Prepared oracle = Prepared.of(backends.oracle(), weights, p -> Optional.empty());
          Prepared kernel = Prepared.of(backends.kernel(), weights, backends.kernelConfigs());
          Prepared baseline = backends.baseline() == null ? null
              : Prepared.of(backends.baseline(), weights, p -> Optional.empty())) {
        oracle.requireReady();
        for (Archetype a : plan.archetypes()) {
          for (int t : plan.tokens()) {
            if (!skip.test(key(shape, a, t))) {
              sink.accept(point(plan, shape, a, t, weights, kernel, baseline, oracle, backends.roofline()));
            }
          }
        }
      }
    }
  }

  static String key(MoeShape shape, Archetype a, int tokens) {
    return shape.name() + "/" + a.name() + "/" + tokens;
  }

  private BenchPoint point(BenchPlan plan, MoeShape shape, Archetype a, int tokens, QuantizedExperts weights,
      Prepared kernel, Prepared baseline, Prepared oracle, Roofline roofline) {
    RoutingTable routing = SyntheticCase.routing(a, tokens, plan.experts(), plan.topK(), plan.seed(), plan.shuffleIds());
    GemmProblem problem = SyntheticCase.problem(shape, routing, plan.dtype(), plan.seed());
    SpaceMapRow space = SpaceMap.of(routing, List.of(shape.blockM()));
    SpaceMapRow.BlockFill fill = space.fill(shape.blockM());
    Double floor = roofline == null ? null : roofline.floorUs(problem, weights);
    short[] reference = oracle.output(problem);
    Measured k = measure(kernel, problem, reference, plan);
    Measured b = baseline == null ? null : measure(baseline, problem, reference, plan);
    String error = k.error;
    if (b != null && !b.error.isEmpty()) {
      error = (error.isEmpty() ? "" : error + "; ") + "baseline " + b.error;
    }
    return new BenchPoint(shape.name(), a.name(), tokens, space.nvalid(), fill.blocks(), fill.usefulPct(),
        problem.paddedFlops(), floor, k.stats, k.relErr, b == null ? null : b.stats, b == null ? null : b.relErr, k.config,
        error);
  }

  private record Measured(TimingStats stats, double relErr, String config, String error) {}

  private Measured measure(Prepared p, GemmProblem problem, short[] reference, BenchPlan plan) {
    if (p.weights == null) {
      return new Measured(null, Double.NaN, "", p.error);
    }
    try (BoundGemm g = p.bind(problem)) {
      g.launch();
      Comparison c = Comparison.of(problem.activations().dtype(), g.output(), reference, problem.shape().n());
      TimingStats stats = harness.time(p.backend, g, plan.timing());
      String error = c.passed() ? "" : p.backend.id() + " verification failed: " + c.summary();
      return new Measured(stats, c.relativeError(), g.configuration(), error);
    } catch (RuntimeException e) {
      return new Measured(null, Double.NaN, "", Failures.describe(p.backend, e));
    }
  }

  /** A backend with the gemm's weights prepared on it, or the reason preparing failed. */
  private static final class Prepared implements AutoCloseable {
    final Backend backend;
    final PreparedWeights weights;
    final String error;
    final Function<GemmProblem, Optional<Map<String, String>>> configs;

    private Prepared(Backend backend, PreparedWeights weights, String error,
        Function<GemmProblem, Optional<Map<String, String>>> configs) {
      this.backend = backend;
      this.weights = weights;
      this.error = error;
      this.configs = configs;
    }

    static Prepared of(Backend backend, QuantizedExperts w, Function<GemmProblem, Optional<Map<String, String>>> configs) {
      try {
        return new Prepared(backend, backend.prepare(w), "", configs);
      } catch (RuntimeException e) {
        return new Prepared(backend, null, Failures.describe(backend, e), configs);
      }
    }

    /** Binds with the tuned configuration of this problem when there is one. */
    BoundGemm bind(GemmProblem p) {
      Optional<Map<String, String>> config = configs.apply(p);
      if (config.isPresent() && backend.tuning().isPresent()) {
        return backend.tuning().get().bind(weights, p, config.get());
      }
      return backend.bind(weights, p);
    }

    void requireReady() {
      if (weights == null) {
        throw new BackendException(backend.id(), error);
      }
    }

    short[] output(GemmProblem p) {
      try (BoundGemm g = bind(p)) {
        g.launch();
        return g.output();
      }
    }

    @Override
    public void close() {
      if (weights != null) {
        weights.close();
      }
    }
  }
}
