package io.moebench.cli.commands;

import com.google.inject.Inject;
import com.google.inject.Provider;
import io.moebench.cli.Console;
import io.moebench.cli.ExitCodes;
import io.moebench.cli.GlobalOptions;
import io.moebench.cli.OpenBackends;
import io.moebench.cli.options.RoutingOptions;
import io.moebench.cli.options.ShapeOptions;
import io.moebench.cli.output.ResultTable;
import io.moebench.cli.output.TableRenderer;
import io.moebench.core.bench.Failures;
import io.moebench.core.bench.ValidationPlan;
import io.moebench.core.bench.ValidationResult;
import io.moebench.core.bench.ValidationRunner;
import io.moebench.core.registry.BackendRegistry;
import io.moebench.core.registry.DiscoveredBackend;
import io.moebench.core.routing.Archetype;
import io.moebench.core.spi.Backend;
import io.moebench.core.spi.BackendConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Every selected backend against the oracle; a pass/fail matrix; exit 1 on any failure. */
@Command(name = "validate", mixinStandardHelpOptions = true,
    description = "Check backends against the CPU oracle (fp64 accumulation) over gemm x dtype x layout x archetype x T.")
public final class ValidateCommand implements Callable<Integer> {
  /** Small enough to finish in about a minute on CPU devices (PoCL, lavapipe). */
  static final List<Integer> DEFAULT_TOKENS = List.of(16, 96);
  static final int DEFAULT_EXPERTS = 64;

  @Mixin GlobalOptions global;
  @Mixin RoutingOptions routing;
  @Mixin ShapeOptions shape;

  @Option(names = "--backends", paramLabel = "all|ID,ID", defaultValue = "all",
      description = "Backends to check: all available ones (default) or a comma-separated list of ids.")
  String backends;

  @Option(names = "--dtype", split = ",", defaultValue = "bf16,fp16", paramLabel = "LIST",
      description = "Dtypes: bf16, fp16 (default ${DEFAULT-VALUE}).")
  List<String> dtypes;

  @Option(names = "--layout", split = ",", defaultValue = "exllama,gptq", paramLabel = "LIST",
      description = "Layouts: exllama, gptq (default ${DEFAULT-VALUE}).")
  List<String> layouts;

  private final Console console;
  private final Provider<BackendRegistry> registries;

  @Inject
  ValidateCommand(Console console, Provider<BackendRegistry> registries) {
    this.console = console;
    this.registries = registries;
  }

  @Override
  public Integer call() {
    BackendRegistry registry = registries.get(); // after parsing: --plugins decides what is discovered
    int experts = routing.experts(DEFAULT_EXPERTS);
    ValidationPlan plan = new ValidationPlan(shape.gemms(), routing.archetypes(), routing.tokens(DEFAULT_TOKENS), experts,
        routing.topK(DEFAULT_EXPERTS), routing.seed(), ShapeOptions.dtypes(dtypes), ShapeOptions.layouts(layouts), shape.groupSize(),
        shape.blockM(), shape.zeroPoints());
    List<String> ids = selected(registry);
    List<ValidationResult> results = new ArrayList<>();
    try (OpenBackends open = new OpenBackends(registry)) {
      List<Backend> opened = new ArrayList<>();
      for (String id : ids) {
        var availability = registry.find(id).availability();
        if (!availability.available()) { // reported, and the other backends still run
          results.add(new ValidationResult(id, "-", plan.dtypes().get(0), plan.layouts().get(0), "-", 0, null,
              "not available: " + availability.reason(), ""));
          continue;
        }
        try {
          opened.add(open.open(id, BackendConfig.DEFAULT));
        } catch (RuntimeException e) {
          results.add(new ValidationResult(id, "-", plan.dtypes().get(0), plan.layouts().get(0), "-", 0, null,
              "open failed: " + Failures.describe(id, e), ""));
        }
      }
      Backend oracle = open.oracle(true);
      console.out().println("validating " + String.join(", ", ids) + " against the cpu-ref oracle (fp64 accumulation): E="
          + experts + ", top_k=" + plan.topK() + ", T=" + plan.tokens() + ", G=" + plan.groupSize() + ", block_m="
          + plan.blockM() + (plan.zeroPoints() ? ", zero points" : ""));
      new ValidationRunner().run(plan, opened, oracle, results::add);
    }
    console.out().print(TableRenderer.table(matrix(results, plan)));
    List<ValidationResult> failures = results.stream().filter(r -> !r.passed()).toList();
    if (failures.isEmpty()) {
      console.out().println("all " + results.size() + " checks passed");
      return ExitCodes.OK;
    }
    console.out().println(failures.size() + " of " + results.size() + " checks failed; first: " + failures.get(0).failure());
    console.err().println("moe-bench: validation failed: " + failures.get(0).failure());
    return ExitCodes.VERIFICATION_FAILED;
  }

  private List<String> selected(BackendRegistry registry) {
    if (backends.trim().equalsIgnoreCase("all")) {
      List<String> ids = registry.available().stream().map(DiscoveredBackend::id).toList();
      io.moebench.core.InputException.require(!ids.isEmpty(), "no backend is available (see `moe-bench backends`)");
      return ids;
    }
    List<String> ids = new ArrayList<>();
    for (String id : backends.split(",")) {
      ids.add(registry.find(id.trim()).id()); // unknown ids are bad input; unavailable ones are reported per row
    }
    return ids;
  }

  /** Rows: backend x gemm x dtype x layout; columns: archetypes; a cell: PASS/FAIL and the worst error over T. */
  static ResultTable matrix(List<ValidationResult> results, ValidationPlan plan) {
    ResultTable t = new ResultTable().column("backend").column("gemm").column("dtype").column("layout");
    List<String> archetypes = plan.archetypes().stream().map(Archetype::name).toList();
    archetypes.forEach(t::column);
    Map<String, Map<String, Object>> rows = new LinkedHashMap<>();
    Map<String, Double> worst = new LinkedHashMap<>();
    for (ValidationResult r : results) {
      String key = r.backend() + "|" + r.gemm() + "|" + r.dtype() + "|" + r.layout();
      Map<String, Object> row = rows.computeIfAbsent(key, k -> {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("backend", r.backend());
        m.put("gemm", r.gemm());
        m.put("dtype", r.gemm().equals("-") ? "-" : r.dtype().id());
        m.put("layout", r.gemm().equals("-") ? "-" : r.layout().id());
        return m;
      });
      if (!archetypes.contains(r.archetype())) {
        row.put(archetypes.get(0), "FAIL (" + r.error() + ")");
        continue;
      }
      String cell = key + "|" + r.archetype();
      String previous = (String) row.get(r.archetype());
      if (previous != null && previous.startsWith("FAIL")) {
        continue;
      }
      if (!r.passed()) {
        row.put(r.archetype(), "FAIL");
        continue;
      }
      double err = Math.max(worst.getOrDefault(cell, 0.0), r.comparison().relativeError());
      worst.put(cell, err);
      row.put(r.archetype(), String.format(Locale.ROOT, "PASS %.1e", err));
    }
    rows.values().forEach(t::add);
    return t;
  }
}
