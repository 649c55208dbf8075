package io.moebench.cli.commands;

import com.google.inject.Inject;
import com.google.inject.Provider;
import io.moebench.cli.BackendSelection;
import io.moebench.cli.Console;
import io.moebench.cli.ExitCodes;
import io.moebench.cli.GlobalOptions;
import io.moebench.cli.OpenBackends;
import io.moebench.cli.Progress;
import io.moebench.cli.Provenance;
import io.moebench.cli.options.BenchOptions;
import io.moebench.cli.options.RoutingOptions;
import io.moebench.cli.options.ShapeOptions;
import io.moebench.cli.output.PointColumns;
import io.moebench.cli.output.ResultTable;
import io.moebench.cli.output.ResultsWriter;
import io.moebench.cli.output.SpaceMapColumns;
import io.moebench.cli.output.TableRenderer;
import io.moebench.cli.report.HtmlReport;
import io.moebench.cli.report.SweepReport;
import io.moebench.core.InputException;
import io.moebench.core.bench.BenchPlan;
import io.moebench.core.bench.BenchPoint;
import io.moebench.core.bench.BenchRunner;
import io.moebench.core.bench.Crossover;
import io.moebench.core.bench.CrossoverFinder;
import io.moebench.core.bench.Roofline;
import io.moebench.core.harness.Harness;
import io.moebench.core.registry.BackendRegistry;
import io.moebench.core.routing.Archetype;
import io.moebench.core.spacemap.SpaceMap;
import io.moebench.core.spacemap.SpaceMapRow;
import io.moebench.core.spi.Backend;
import io.moebench.core.spi.BackendConfig;
import io.moebench.core.tune.TunedConfigurations;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The main job: space-map + bench + validation of every point, an HTML report, crossovers, resume. */
@Command(name = "sweep", mixinStandardHelpOptions = true,
    description = {"The main job: time the kernel against the baseline at every (gemm, archetype, T).",
        "Every point is checked against the oracle; writes results.csv, results.json, spacemap.csv and",
        "report.html point by point (resumable with --resume)."})
public final class SweepCommand implements Callable<Integer> {
  /** Default T values when the kernel runs on a CPU device: CPU devices are orders of magnitude slower. */
  static final List<Integer> CPU_TOKENS = List.of(16, 256);
  /** Bisection stops when the bracket is this fraction of its upper end (or one token). */
  static final double REFINE_RESOLUTION = 1.0 / 16;

  @Mixin GlobalOptions global;
  @Mixin RoutingOptions routing;
  @Mixin ShapeOptions shape;
  @Mixin BenchOptions bench;

  @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: moe-bench-results/sweep-<time>).")
  Path out;

  @Option(names = "--resume", paramLabel = "DIR", description = "Continue an interrupted sweep in DIR (same parameters).")
  Path resume;

  @Option(names = "--refine", description = "Bisect between the sweep points that bracket each crossover.")
  boolean refine;

  @Spec CommandSpec spec;

  private final Console console;
  private final Provider<BackendRegistry> registries;
  private final Harness harness;

  @Inject
  SweepCommand(Console console, Provider<BackendRegistry> registries, Harness harness) {
    this.console = console;
    this.registries = registries;
    this.harness = harness;
  }

  @Override
  public Integer call() {
    InputException.require(out == null || resume == null || out.equals(resume),
        "--out and --resume name different folders: give one (a resumed sweep writes into its own folder)");
    BackendRegistry registry = registries.get();
    String kernelId = BackendSelection.kernel(registry, bench.backend());
    String baselineId = bench.baseline() != null ? BackendSelection.baseline(registry, bench.baseline(), kernelId)
        : BackendSelection.nextBest(registry, kernelId);
    try (OpenBackends open = new OpenBackends(registry)) {
      Backend kernel = open.open(kernelId, bench.backendConfig());
      Backend baseline = baselineId == null ? null : open.open(baselineId, BackendConfig.DEFAULT);
      Backend oracle = open.oracle(false);
      boolean cpu = kernel.device().isCpu();
      BenchPlan plan = new BenchPlan(shape.gemms(), routing.archetypes(), routing.tokens(cpu ? CPU_TOKENS : io.moebench.core.model.MoeShape.DEFAULT_TOKENS),
          routing.experts(), routing.topK(), routing.seed(), routing.shuffleIds(), bench.dtype(), bench.layout(),
          shape.groupSize(), shape.blockM(), shape.zeroPoints(), bench.timing(cpu));
      plan.requireSupportedBy(kernel);
      if (baseline != null) {
        plan.requireSupportedBy(baseline);
      }
      Path dir = resume != null ? resume : out != null ? out
          : Path.of("moe-bench-results", "sweep-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
      Map<String, Object> provenance = Provenance.of(Provenance.commandLine(spec.commandLine().getParseResult().originalArgs()),
          plan, kernel, baseline);
      Roofline roofline = bench.roofline(kernel);
      provenance.put("ceilings", roofline == null ? null : roofline.source());
      List<BenchPoint> points = resume != null ? resumedPoints(dir, provenance) : fresh(dir);
      if (cpu && !routing.tokensGiven()) {
        console.err().println("moe-bench: no GPU backend in use (" + kernel.device().name() + "): sweeping the CPU-device "
            + "defaults T=" + CPU_TOKENS + " with " + plan.timing().iterations() + " timed launches per point");
      }
      if (baseline == null) {
        console.err().println("moe-bench: only one backend is available: no baseline, so no speedups or crossovers");
      }
      ResultTable table = PointColumns.of(points);
      ResultsWriter writer = new ResultsWriter(dir, table, provenance);
      List<SpaceMapRow> spacemap = writeSpaceMap(dir, plan);

      Set<String> done = new HashSet<>();
      points.forEach(p -> done.add(p.key()));
      BenchRunner runner = new BenchRunner(harness);
      bench.olderTuningNotice(kernel).ifPresent(console.err()::println);
      TunedConfigurations tuned = bench.tunedConfigs(kernel, plan);
      BenchRunner.Backends backends = new BenchRunner.Backends(kernel, baseline, oracle, roofline, tuned);
      console.err().println("moe-bench: sweeping " + plan.points() + " points of " + kernelId
          + (baseline == null ? "" : " vs " + baselineId) + " into " + dir + (done.isEmpty() ? "" : " (" + done.size()
          + " already done)"));
      Progress progress = new Progress(console.err(), console.interactive(), plan.points() - done.size());
      runner.run(plan, backends, done::contains, p -> record(p, points, writer, progress));
      if (refine && baseline != null) {
        refine(plan, runner, backends, points, writer);
      }
      bench.staleTuningNotice(kernel, tuned).ifPresent(console.err()::println);
      List<Crossover> crossovers = CrossoverFinder.find(points, plan.tokens());
      writer.provenance("finished", Provenance.now());
      writer.provenance("complete", true);
      HtmlReport.write(dir.resolve("report.html"), new SweepReport(provenance, points, spacemap, plan.blockM(), crossovers));
      printSummary(points, crossovers, dir);
      return points.stream().anyMatch(BenchPoint::failed) ? ExitCodes.VERIFICATION_FAILED : ExitCodes.OK;
    }
  }

  private static void record(BenchPoint p, List<BenchPoint> points, ResultsWriter writer, Progress progress) {
    points.add(p);
    writer.add(PointColumns.row(p));
    progress.step(describe(p));
  }

  static String describe(BenchPoint p) {
    if (p.failed()) {
      return p.key() + " FAILED: " + p.error();
    }
    return String.format(Locale.ROOT, "%s kernel %.1f us%s, rel err %.1e", p.key(), p.kernel().medianUs(),
        p.speedupPct() == null ? "" : String.format(Locale.ROOT, ", speedup %+.1f%%", p.speedupPct()), p.kernelRelErr());
  }

  private static List<BenchPoint> fresh(Path dir) {
    InputException.require(!Files.exists(dir.resolve(ResultsWriter.JSON)),
        dir + " already holds a sweep: continue it with --resume " + dir + ", or choose another --out");
    return new ArrayList<>();
  }

  /** The finished points of DIR, after checking that it was made with the same parameters. */
  private static List<BenchPoint> resumedPoints(Path dir, Map<String, Object> provenance) {
    ResultsWriter.Contents c = ResultsWriter.read(dir);
    List<String> differences = new ArrayList<>();
    compare(differences, c.provenance().get("plan"), provenance.get("plan"));
    compareBackend(differences, "kernel", c.provenance().get("kernel"), provenance.get("kernel"));
    compareBackend(differences, "baseline", c.provenance().get("baseline"), provenance.get("baseline"));
    InputException.require(differences.isEmpty(),
        "cannot resume " + dir + ": it was made with different parameters: " + String.join("; ", differences));
    List<BenchPoint> points = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Map<String, Object> row : c.points()) {
      BenchPoint p = PointColumns.point(row);
      if (seen.add(p.key())) {
        points.add(p);
      }
    }
    provenance.put("resumed_from", c.provenance().get("date"));
    return points;
  }

  @SuppressWarnings("unchecked")
  private static void compare(List<String> differences, Object stored, Object now) {
    Map<String, Object> a = (Map<String, Object>) stored;
    Map<String, Object> b = (Map<String, Object>) now;
    Set<String> keys = new TreeSet<>(b.keySet());
    if (a != null) {
      keys.addAll(a.keySet());
    }
    for (String k : keys) {
      Object was = a == null ? null : a.get(k);
      Object is = b.get(k);
      if (!Objects.equals(normalise(was), normalise(is))) {
        differences.add(k + " was " + was + ", now " + is);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static void compareBackend(List<String> differences, String role, Object stored, Object now) {
    Object was = stored == null ? null : ((Map<String, Object>) stored).get("id");
    Object is = now == null ? null : ((Map<String, Object>) now).get("id");
    if (!Objects.equals(was, is)) {
      differences.add(role + " backend was " + was + ", now " + is);
    }
  }

  /** JSON numbers come back as Integer/Long/Double: compare them as text. */
  private static Object normalise(Object v) {
    return v instanceof Number || v instanceof Boolean ? v.toString() : v instanceof List<?> l
        ? l.stream().map(SweepCommand::normalise).toList() : v;
  }

  private static List<SpaceMapRow> writeSpaceMap(Path dir, BenchPlan plan) {
    List<Integer> sizes = new ArrayList<>(List.of(16, 32));
    if (!sizes.contains(plan.blockM())) {
      sizes.add(plan.blockM());
    }
    List<SpaceMapRow> rows = new ArrayList<>();
    for (Archetype a : plan.archetypes()) {
      for (int t : plan.tokens()) {
        rows.add(SpaceMap.of(io.moebench.core.model.SyntheticCase.routing(a, t, plan.experts(), plan.topK(), plan.seed(),
            plan.shuffleIds()), sizes));
      }
    }
    ResultsWriter.replace(dir.resolve("spacemap.csv"), TableRenderer.csv(SpaceMapColumns.of(rows, sizes)));
    return rows;
  }

  /** Bisects each bracket (last losing T, crossover T) until it is within the resolution. */
  private void refine(BenchPlan plan, BenchRunner runner, BenchRunner.Backends backends, List<BenchPoint> points,
      ResultsWriter writer) {
    for (int g : plan.gemms()) {
      for (Archetype a : plan.archetypes()) {
        String gemm = plan.shape(g).name();
        while (true) {
          List<BenchPoint> series = points.stream()
              .filter(p -> p.gemm().equals(gemm) && p.archetype().equals(a.name()) && !p.failed() && p.speedupPct() != null)
              .toList();
          if (series.isEmpty()) {
            break;
          }
          Crossover c = CrossoverFinder.of(series, true);
          if (c.fromTokens() == null || c.lastLosingTokens() == null) {
            break;
          }
          int lo = c.lastLosingTokens();
          int hi = c.fromTokens();
          if (hi - lo <= Math.max(1, (int) (hi * REFINE_RESOLUTION))) {
            break;
          }
          int mid = (lo + hi) / 2;
          Progress progress = new Progress(console.err(), false, 1);
          runner.run(plan.only(g, a, mid), backends, k -> false, p -> record(p, points, writer, progress));
        }
      }
    }
  }

  private void printSummary(List<BenchPoint> points, List<Crossover> crossovers, Path dir) {
    ResultTable t = new ResultTable().column("gemm").column("archetype").column("crossover").column("speedup_at_largest_T", 1);
    for (Crossover c : crossovers) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("gemm", c.gemm());
      row.put("archetype", c.archetype());
      row.put("crossover", c.describe());
      row.put("speedup_at_largest_T", c.speedupPctAtLargest());
      t.add(row);
    }
    if (!crossovers.isEmpty()) {
      console.out().print(TableRenderer.table(t));
    }
    BenchCommand.summarise(points, console.out());
    console.out().println("wrote " + dir.resolve("results.csv") + ", results.json, spacemap.csv, report.html");
  }
}
