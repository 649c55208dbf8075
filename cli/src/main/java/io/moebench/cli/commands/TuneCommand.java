package io.moebench.cli.commands;

import com.google.inject.Inject;
import com.google.inject.Provider;
import io.moebench.cli.BackendSelection;
import io.moebench.cli.Console;
import io.moebench.cli.GlobalOptions;
import io.moebench.cli.OpenBackends;
import io.moebench.cli.options.BenchOptions;
import io.moebench.cli.options.RoutingOptions;
import io.moebench.cli.options.ShapeOptions;
import io.moebench.cli.output.ResultTable;
import io.moebench.cli.output.TableRenderer;
import io.moebench.core.InputException;
import io.moebench.core.bench.BenchPlan;
import io.moebench.core.bench.Failures;
import io.moebench.core.harness.Harness;
import io.moebench.core.harness.TimingPolicy;
import io.moebench.core.harness.TimingStats;
import io.moebench.core.model.GemmProblem;
import io.moebench.core.model.MoeShape;
import io.moebench.core.model.SyntheticCase;
import io.moebench.core.quant.QuantizedExperts;
import io.moebench.core.registry.BackendRegistry;
import io.moebench.core.routing.Archetype;
import io.moebench.core.spi.Backend;
import io.moebench.core.spi.BoundGemm;
import io.moebench.core.spi.PreparedWeights;
import io.moebench.core.spi.Tuning;
import io.moebench.core.spi.UnsupportedProblemException;
import io.moebench.core.tune.DeviceKey;
import io.moebench.core.tune.RoutingWork;
import io.moebench.core.tune.TuneCache;
import io.moebench.core.verify.Comparison;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Searches a backend's tile configurations per (gemm, archetype, T), validates each candidate
 * against the oracle, times the default, the fastest few and the cached winner again with bench's
 * launches, and stores the fastest of that round in the per-device tuning cache under its routing work: T, blocks,
 * experts with rows and the largest expert's blocks (bench picks the nearest; several archetypes cover
 * sparse and hot routings), with the kernel build it was tuned for. Each winner is stored when its problem
 * finishes, so a tune stopped by --max-seconds keeps them and --resume goes on from there; --resume also
 * retunes winners of another or an unknown kernel build. Routings with the same work share an entry, so a
 * winner that replaces a different cached one is listed on stderr.
 */
@Command(name = "tune", mixinStandardHelpOptions = true,
    description = {"Search the backend's tile configurations per gemm, archetype (default zipf1) and T and cache",
        "the fastest valid ones.",
        "Every candidate is validated against the oracle; the default, the 5 fastest and the cached winner",
        "are timed again with bench's launches and the fastest of that round is stored; bench and sweep",
        "use the winners (--no-tune-cache to ignore)."})
public final class TuneCommand implements Callable<Integer> {
  /** Candidates of the search timed again, with bench's launches, besides the default and the cached winner. */
  private static final int CONFIRMED = 5;

  @Mixin GlobalOptions global;
  @Mixin RoutingOptions routing;
  @Mixin ShapeOptions shape;
  @Mixin BenchOptions bench;

  @Option(names = "--max-seconds", paramLabel = "S", description = {"Stop after about S seconds: no candidate of a "
      + "search starts later, the problem in progress and the rest stay untuned (and are listed); finished problems "
      + "are cached. A search that timed all its candidates still times its few finalists again and is cached.",
      "Default: no limit."})
  Double maxSeconds;

  @Option(names = "--resume", description = "Skip the problems whose routing work (T, blocks, experts) already has a "
      + "cached winner tuned for this build of the kernel, e.g. from a tune stopped by --max-seconds; winners tuned "
      + "for another or an unknown build are retuned.")
  boolean resume;

  private final Console console;
  private final Provider<BackendRegistry> registries;
  private final Harness harness;
  /** Nanoseconds, for --max-seconds. */
  private final LongSupplier nanoClock;

  @Inject
  TuneCommand(Console console, Provider<BackendRegistry> registries, Harness harness) {
    this(console, registries, harness, System::nanoTime);
  }

  TuneCommand(Console console, Provider<BackendRegistry> registries, Harness harness, LongSupplier nanoClock) {
    this.console = console;
    this.registries = registries;
    this.harness = harness;
    this.nanoClock = nanoClock;
  }

  @Override
  public Integer call() {
    InputException.require(maxSeconds == null || maxSeconds > 0,
        "--max-seconds " + maxSeconds + ": expected a positive number of seconds");
    long start = nanoClock.getAsLong();
    long limit = maxSeconds == null ? Long.MAX_VALUE : (long) (maxSeconds * 1e9);
    BooleanSupplier expired = () -> nanoClock.getAsLong() - start > limit;
    List<String> untuned = new ArrayList<>();
    List<String> resumed = new ArrayList<>();
    List<String> replaced = new ArrayList<>();
    List<String> stale = new ArrayList<>();
    BackendRegistry registry = registries.get();
    String id = BackendSelection.kernel(registry, bench.backend());
    List<Archetype> archetypes = routing.archetypes(List.of("zipf1"));
    try (OpenBackends open = new OpenBackends(registry)) {
      Backend kernel = open.open(id, bench.backendConfig());
      Tuning tuning = kernel.tuning().orElseThrow(() -> new UnsupportedProblemException(id, "has no tile configurations to tune"));
      Backend oracle = open.oracle(false);
      BenchPlan plan = new BenchPlan(shape.gemms(), archetypes, routing.tokens(), routing.experts(), routing.topK(),
          routing.seed(), routing.shuffleIds(), bench.dtype(), bench.layout(), shape.groupSize(), shape.blockM(),
          shape.zeroPoints(), bench.timing(kernel.device().isCpu()));
      plan.requireSupportedBy(kernel);
      String key = DeviceKey.of(kernel);
      TuneCache cache = TuneCache.standard();
      ResultTable winners = new ResultTable().column("gemm").column("archetype").column("T").column("blocks").column("experts").column("largest").column("best_us", 1).column("default_us", 1)
          .column("gain_pct", 1).column("config").column("tried").column("valid");
      for (int g : plan.gemms()) {
        MoeShape s = plan.shape(g);
        QuantizedExperts w = SyntheticCase.weights(s, plan.layout(), plan.dtype(), plan.zeroPoints(), plan.seed());
        try (PreparedWeights pw = kernel.prepare(w); PreparedWeights ow = oracle.prepare(w)) {
          for (Archetype archetype : archetypes) {
            for (int t : plan.tokens()) {
              String label = s.name() + " " + archetype.name() + " T=" + t;
              GemmProblem p = SyntheticCase.problem(s, SyntheticCase.routing(archetype, t, plan.experts(), plan.topK(),
                  plan.seed(), plan.shuffleIds()), plan.dtype(), plan.seed());
              RoutingWork work = RoutingWork.of(p, plan.topK());
              Optional<TuneCache.Entry> cached = cache.get(key, s, plan.dtype(), plan.layout(), plan.zeroPoints(), work);
              boolean cachedStale = cached.isPresent()
                  && cached.get().isStale(tuning, p, plan.layout(), plan.zeroPoints());
              // first: a cached problem counts as skipped, also once the time is up
              if (resume && cached.isPresent() && !cachedStale) {
                resumed.add(label);
                continue;
              }
              if (expired.getAsBoolean()) {
                untuned.add(label);
                continue;
              }
              short[] reference = output(oracle.bind(ow, p));
              Search best = search(kernel, tuning, pw, p, reference, plan, label, cached.map(TuneCache.Entry::config),
                  expired);
              if (best == null) { // the time limit came within the search: its best so far is not stored
                untuned.add(label);
                continue;
              }
              if (best.winner != null) {
                if (best.replaced != null) {
                  replaced.add(label + " (was " + best.replaced + ")");
                }
                cache.store(key, s, plan.dtype(), plan.layout(), plan.zeroPoints(), work, best.winner,
                    tuning.kernelFingerprint(p, plan.layout(), plan.zeroPoints(), best.winner));
                if (cachedStale) {
                  stale.add(label);
                }
              }
              Map<String, Object> row = new LinkedHashMap<>();
              row.put("gemm", s.name());
              row.put("archetype", archetype.name());
              row.put("T", t);
              row.put("blocks", work.blocks());
              row.put("experts", work.experts());
              row.put("largest", work.largestExpert());
              row.put("best_us", best.bestUs);
              row.put("default_us", best.defaultUs);
              row.put("gain_pct", best.bestUs == null || best.defaultUs == null ? null : (best.defaultUs / best.bestUs - 1) * 100);
              row.put("config", best.winner == null ? "none valid" : TuneCache.format(best.winner));
              row.put("tried", best.tried);
              row.put("valid", best.valid);
              winners.add(row);
            }
          }
        }
      }
      console.out().print(TableRenderer.table(winners));
      console.out().println("tuned on " + archetypes.stream().map(Archetype::name).collect(Collectors.joining(", "))
          + "; cached in " + cache.file(key));
      if (!resumed.isEmpty()) {
        console.err().println("tune: already cached, skipped (--resume): " + String.join(", ", resumed));
      }
      if (!stale.isEmpty()) {
        console.err().println("tune: retuned as stale (cached for another or an unknown build of the " + id
            + " kernel): " + String.join(", ", stale));
      }
      if (!replaced.isEmpty()) {
        // the entry is shared: a winner tuned at another routing with the same work is gone
        console.err().println("tune: replaced the cached winners of " + String.join(", ", replaced)
            + "; routings with the same T, blocks, experts and largest expert share one entry");
      }
      if (!untuned.isEmpty()) {
        console.err().println("tune: stopped at the --max-seconds limit of " + maxSeconds + " s; not tuned: "
            + String.join(", ", untuned));
      }
    }
    return 0;
  }

  /** {@code replaced}: the cached configuration when another kernel won, or null. */
  private record Search(Map<String, String> winner, Double bestUs, Double defaultUs, int tried, int valid,
      String replaced) {}

  /** {@code kernel}: the bound kernel's description, the same for maps that name one tile differently. */
  private record Timed(Map<String, String> config, double us, String kernel) {}

  /**
   * The fastest valid candidate, or null when the time limit expires before every candidate was timed. Every
   * candidate is validated and timed with the plan's launches; then the default, the
   * {@link #CONFIRMED} fastest and the {@code cached} winner of an earlier tune are timed again with
   * as many launches as bench takes, and the fastest of that round wins: a few launches can mistime
   * a tile (on an H100, 58.5 us for a tile that bench times at 29.9 us), and a retune must not lose a
   * better cached winner to that.
   */
  private Search search(Backend kernel, Tuning tuning, PreparedWeights w, GemmProblem p, short[] reference, BenchPlan plan,
      String label, Optional<Map<String, String>> cached, BooleanSupplier expired) {
    List<Map<String, String>> candidates = tuning.candidates(p);
    List<Timed> timed = new ArrayList<>();
    for (Map<String, String> c : candidates) {
      if (expired.getAsBoolean()) {
        return null;
      }
      // the first timed candidate follows the oracle's idle time: it gets the full warm-up, later ones find the
      // clocks up (a candidate that failed validation launched only once)
      TimingPolicy timing = timed.isEmpty() && plan.timing().warmupMillis() > 0
          ? plan.timing().withWarmupMillisAtLeast(TimingPolicy.DEFAULT.warmupMillis()) : plan.timing();
      Timed t = validateAndTime(kernel, tuning, w, p, reference, plan, label, c, timing, "");
      if (t != null) {
        timed.add(t);
      }
    }
    Set<Map<String, String>> finalists = new LinkedHashSet<>();
    if (!timed.isEmpty() && timed.get(0).config() == candidates.get(0)) {
      finalists.add(candidates.get(0));
    }
    timed.stream().sorted(Comparator.comparingDouble(Timed::us)).limit(CONFIRMED).forEach(t -> finalists.add(t.config()));
    cached.ifPresent(finalists::add);
    TimingPolicy confirm = plan.timing().withIterations(Math.max(plan.timing().iterations(),
        TimingPolicy.defaults(kernel.device().isCpu()).iterations()));
    Timed winner = null;
    Timed kept = null;
    Double first = null;
    for (Map<String, String> c : finalists) { // a few timings, past the limit too: the search is not thrown away
      Timed t = validateAndTime(kernel, tuning, w, p, reference, plan, label, c, confirm, "confirm ");
      if (t == null) {
        continue;
      }
      if (c == candidates.get(0)) {
        first = t.us();
      }
      if (cached.isPresent() && c.equals(cached.get())) {
        kept = t;
      }
      if (winner == null || t.us() < winner.us()) {
        winner = t;
      }
    }
    // an older cache may name the winning tile with fewer keys (defaults left out): compare kernels, not maps
    String replaced = winner != null && cached.isPresent() && (kept == null || !kept.kernel().equals(winner.kernel()))
        ? TuneCache.format(cached.get()) : null;
    return new Search(winner == null ? null : winner.config(), winner == null ? null : winner.us(), first,
        candidates.size(), timed.size(), replaced);
  }

  /** {@code c} timed on {@code p} (median us), or null when it fails to bind, run or match the oracle (said on stderr). */
  private Timed validateAndTime(Backend kernel, Tuning tuning, PreparedWeights w, GemmProblem p, short[] reference,
      BenchPlan plan, String label, Map<String, String> c, TimingPolicy timing, String round) {
    try (BoundGemm g = tuning.bind(w, p, c)) {
      g.launch();
      Comparison cmp = Comparison.of(plan.dtype(), g.output(), reference, p.shape().n());
      if (!cmp.passed()) {
        console.err().println("tune: " + label + " " + round + TuneCache.format(c) + " rejected: " + cmp.summary());
        return null;
      }
      TimingStats stats = harness.time(kernel, g, timing);
      if (global.verbose()) {
        console.err().printf(Locale.ROOT, "tune: %s %s%s %.1f us [%s]%n", label, round, TuneCache.format(c),
            stats.medianUs(), g.configuration());
      }
      return new Timed(c, stats.medianUs(), g.configuration());
    } catch (RuntimeException e) {
      console.err().println("tune: " + label + " " + round + TuneCache.format(c) + " skipped: "
          + Failures.describe(kernel, e));
      return null;
    }
  }

  private static short[] output(BoundGemm g) {
    try (g) {
      g.launch();
      return g.output();
    }
  }
}
