package io.moebench.core.tune;

import io.moebench.core.bench.BenchPlan;
import io.moebench.core.model.GemmProblem;
import io.moebench.core.spi.Tuning;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Function;

/**
 * The tuned configuration of each problem a run binds, from a device's tuning cache, counting the
 * entries it hands out and those of them tuned for another or an unknown kernel build: a stale
 * winner still runs (bench validates every point), and the run can say afterwards how many it used.
 */
public final class TunedConfigurations implements Function<GemmProblem, Optional<Map<String, String>>> {
  private final Function<GemmProblem, Optional<TuneCache.Entry>> lookup;
  private final BiPredicate<GemmProblem, TuneCache.Entry> isStale;
  /** Entry keys: a run binds many problems to one entry. */
  private final Set<String> used = new HashSet<>();
  private final Set<String> stale = new HashSet<>();

  private TunedConfigurations(Function<GemmProblem, Optional<TuneCache.Entry>> lookup,
      BiPredicate<GemmProblem, TuneCache.Entry> isStale) {
    this.lookup = lookup;
    this.isStale = isStale;
  }

  /** None: every problem runs with the backend's defaults. */
  public static TunedConfigurations none() {
    return new TunedConfigurations(p -> Optional.empty(), (p, e) -> false);
  }

  /**
   * The entries of {@code deviceKey}'s cache nearest to the problems of {@code plan}, each judged by the build
   * {@code tuning} compiles its configuration to.
   */
  public static TunedConfigurations of(TuneCache cache, String deviceKey, Tuning tuning, BenchPlan plan) {
    return new TunedConfigurations(p -> cache.lookup(deviceKey, p.shape(), plan.dtype(), plan.layout(),
        plan.zeroPoints(), RoutingWork.of(p, plan.topK())),
        (p, e) -> e.isStale(tuning, p, plan.layout(), plan.zeroPoints()));
  }

  @Override
  public synchronized Optional<Map<String, String>> apply(GemmProblem problem) {
    Optional<TuneCache.Entry> entry = lookup.apply(problem);
    entry.ifPresent(e -> {
      used.add(e.key());
      if (isStale.test(problem, e)) {
        stale.add(e.key());
      }
    });
    return entry.map(TuneCache.Entry::config);
  }

  /** Distinct cache entries handed out so far. */
  public synchronized int used() {
    return used.size();
  }

  /** Of {@link #used}, those tuned for another build of the kernel or an unknown one. */
  public synchronized int stale() {
    return stale.size();
  }
}
