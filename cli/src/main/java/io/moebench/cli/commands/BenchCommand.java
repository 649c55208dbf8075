package io.moebench.cli.commands;

import com.google.inject.Inject;
import com.google.inject.Provider;
import io.moebench.cli.BackendSelection;
import io.moebench.cli.Console;
import io.moebench.cli.ExitCodes;
import io.moebench.cli.GlobalOptions;
import io.moebench.cli.OpenBackends;
import io.moebench.cli.Provenance;
import io.moebench.cli.options.BenchOptions;
import io.moebench.cli.options.FormatOption;
import io.moebench.cli.options.RoutingOptions;
import io.moebench.cli.options.ShapeOptions;
import io.moebench.cli.output.PointColumns;
import io.moebench.cli.output.OutputFormat;
import io.moebench.cli.output.ResultsWriter;
import io.moebench.cli.output.TableRenderer;
import io.moebench.core.bench.BenchPlan;
import io.moebench.core.bench.BenchPoint;
import io.moebench.core.bench.BenchRunner;
import io.moebench.core.bench.Roofline;
import io.moebench.core.harness.Harness;
import io.moebench.core.registry.BackendRegistry;
import io.moebench.core.spi.Backend;
import io.moebench.core.spi.BackendConfig;
import io.moebench.core.tune.TunedConfigurations;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Times a kernel backend (against a baseline) per point, verifying every point against the oracle. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Time a backend per (gemm, archetype, T) against a baseline, checking each point against the CPU oracle.")
public final class BenchCommand implements Callable<Integer> {
  @Mixin GlobalOptions global;
  @Mixin RoutingOptions routing;
  @Mixin ShapeOptions shape;
  @Mixin FormatOption format;

  @Mixin BenchOptions bench;

  @Option(names = "--out", paramLabel = "DIR", description = "Also write results.csv and results.json here, point by point.")
  Path out;

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  private final Console console;
  private final Provider<BackendRegistry> registries;
  private final Harness harness;

  @Inject
  BenchCommand(Console console, Provider<BackendRegistry> registries, Harness harness) {
    this.console = console;
    this.registries = registries;
    this.harness = harness;
  }

  @Override
  public Integer call() {
    BackendRegistry registry = registries.get(); // after parsing: --plugins decides what is discovered
    String kernelId = BackendSelection.kernel(registry, bench.backend());
    String baseline = bench.baseline() == null ? null : BackendSelection.baseline(registry, bench.baseline(), kernelId);
    List<BenchPoint> points = new ArrayList<>();
    try (OpenBackends open = new OpenBackends(registry)) {
      Backend kernel = open.open(kernelId, bench.backendConfig());
      Backend base = baseline == null ? null : open.open(baseline, BackendConfig.DEFAULT);
      Backend oracle = open.oracle(false);
      BenchPlan plan = new BenchPlan(shape.gemms(), routing.archetypes(), routing.tokens(), routing.experts(),
          routing.topK(), routing.seed(), routing.shuffleIds(), bench.dtype(), bench.layout(), shape.groupSize(),
          shape.blockM(), shape.zeroPoints(), bench.timing(kernel.device().isCpu()));
      plan.requireSupportedBy(kernel);
      if (base != null) {
        plan.requireSupportedBy(base);
      }
      Roofline roofline = bench.roofline(kernel);
      Map<String, Object> provenance = Provenance.of(Provenance.commandLine(spec.commandLine().getParseResult().originalArgs()),
          plan, kernel, base);
      provenance.put("ceilings", roofline == null ? null : roofline.source());
      ResultsWriter writer = out == null ? null : new ResultsWriter(out, PointColumns.all(), provenance);
      PrintStream info = format.format() == OutputFormat.table ? console.out() : console.err();
      info.println("kernel: " + kernelId + " on " + kernel.device().name() + " (" + kernel.capabilities().matrixPath() + ")"
          + (base == null ? "" : "; baseline: " + baseline + " on " + base.device().name()) + "; " + plan.timing().mode()
          + " cache, median of " + plan.timing().iterations() + "; " + plan.dtype() + ", " + plan.layout() + ", G="
          + plan.groupSize() + ", block_m=" + plan.blockM() + ", E=" + plan.experts() + ", top_k=" + plan.topK()
          + (roofline == null ? "" : "; floor from " + roofline.source()));
      bench.olderTuningNotice(kernel).ifPresent(console.err()::println);
      TunedConfigurations tuned = bench.tunedConfigs(kernel, plan);
      var backends = new BenchRunner.Backends(kernel, base, oracle, roofline, tuned);
      new BenchRunner(harness).run(plan, backends, k -> false, p -> {
        points.add(p);
        if (writer != null) {
          writer.add(PointColumns.row(p));
        }
      });
      bench.staleTuningNotice(kernel, tuned).ifPresent(console.err()::println);
      if (writer != null) {
        writer.provenance("finished", Provenance.now());
        writer.provenance("complete", true);
      }
    }
    var table = PointColumns.of(points);
    console.out().print(TableRenderer.render(format.format() == OutputFormat.table ? PointColumns.summary(table) : table,
        format.format()));
    summarise(points, format.format() == OutputFormat.table ? console.out() : console.err());
    return points.stream().anyMatch(BenchPoint::failed) ? ExitCodes.VERIFICATION_FAILED : ExitCodes.OK;
  }

  /** Worst first: failures, then the lowest speedup (or the lowest TFLOP/s without a baseline). */
  static void summarise(List<BenchPoint> points, PrintStream out) {
    List<BenchPoint> failed = points.stream().filter(BenchPoint::failed).toList();
    for (BenchPoint p : failed) {
      out.println("FAILED " + p.key() + ": " + p.error());
    }
    Comparator<BenchPoint> order = points.stream().anyMatch(p -> p.speedupPct() != null)
        ? Comparator.comparing(p -> p.speedupPct() == null ? Double.NEGATIVE_INFINITY : p.speedupPct())
        : Comparator.comparing(p -> p.tflops() == null ? Double.NEGATIVE_INFINITY : p.tflops());
    List<BenchPoint> worst = points.stream().filter(p -> !p.failed()).sorted(order).limit(5).toList();
    if (!worst.isEmpty()) {
      out.println("worst first:");
      for (BenchPoint p : worst) {
        out.println(String.format(Locale.ROOT, "  %-28s %s  kernel %.1f us  %.2f TFLOP/s  use %.1f%%  rel err %.2e",
            p.key(), p.speedupPct() == null ? "" : String.format(Locale.ROOT, "speedup %+.1f%%", p.speedupPct()),
            p.kernel().medianUs(), p.tflops(), p.usefulPct(), p.kernelRelErr()));
      }
    }
    out.println(points.size() + " points, " + failed.size() + " failed");
  }
}
