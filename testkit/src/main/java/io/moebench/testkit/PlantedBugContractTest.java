package io.moebench.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.moebench.core.bench.ValidationPlan;
import io.moebench.core.bench.ValidationResult;
import io.moebench.core.bench.ValidationRunner;
import io.moebench.core.quant.Dtype;
import io.moebench.core.quant.WeightLayout;
import io.moebench.core.routing.Archetype;
import io.moebench.core.spi.Backend;
import io.moebench.core.spi.BackendConfig;
import io.moebench.core.spi.BackendProvider;
import io.moebench.core.util.NativeScope;
import io.moebench.core.verify.Comparison;
import io.moebench.core.verify.PlantedBug;
import io.moebench.cpuref.CpuRefProvider;
import java.util.ArrayList;
import java.util.DoubleSummaryStatistics;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every planted bug (backend option {@code plant-bug=<id>}, core's {@link PlantedBug}) must fail
 * what `moe-bench validate` runs ({@link ValidationRunner}) on every kernel path of a GPU backend,
 * by the rule docs/RELIABILITY.md names: an unwritten row by its NaN poison, every other bug by a
 * relative error of at least 1e-2. The same plan without a bug (the control) must pass. Every bug
 * but sentinel-not-skipped fails every point; that one writes routed row 0 from several blocks at
 * once and the correct block may write last, so it must fail at least one point of each gemm.
 *
 * <p>One validation run per (path, dtype, layout) checks the control and its bugs side by side, as
 * validate checks several backends. Each bug variant is its own kernel build per gemm, which CPU
 * devices compile slowly (PoCL about 1.5 s a program), so by default bug i runs on combination
 * i % 4 of dtype x layout (together they cover all four; swapped-nibbles also on GPTQ, whose nibble
 * decode differs) and emulated matrix paths, slow on CPU devices, see balanced routing only.
 * {@code -Dmoebench.plantedBugs=full} runs every bug on every combination and archetype.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class PlantedBugContractTest {
  public static final String SCOPE_PROPERTY = "moebench.plantedBugs";
  private static final boolean FULL = System.getProperty(SCOPE_PROPERTY, "ci").equals("full");

  /** A kernel path to check: its {@code path=} option value, and whether it emulates matrix instructions. */
  public record KernelPath(String id, boolean emulated) {
    @Override
    public String toString() {
      return id + (emulated ? " (emulated)" : "");
    }
  }

  /** One validation run's dtype and layout. */
  public record Combo(Dtype dtype, WeightLayout layout) {
    @Override
    public String toString() {
      return dtype.id() + " " + layout.id();
    }
  }

  private static final List<Combo> COMBOS = List.of(new Combo(Dtype.BF16, WeightLayout.EXLLAMA),
      new Combo(Dtype.BF16, WeightLayout.GPTQ), new Combo(Dtype.FP16, WeightLayout.EXLLAMA),
      new Combo(Dtype.FP16, WeightLayout.GPTQ));

  private final Map<String, List<List<ValidationResult>>> runs = new HashMap<>();
  private Backend oracle;

  /** The provider under test. */
  protected abstract BackendProvider provider();

  /** The portable path and an emulated matrix path, at least. */
  protected abstract List<KernelPath> paths();

  /** The backend with {@code config} (path= and, but for the control, plant-bug= set), as the CLI would open it. */
  protected abstract Backend open(KernelPath path, BackendConfig config);

  @BeforeAll
  void openOracle() {
    Devices.requireAvailable(provider());
    oracle = new CpuRefProvider().open(BackendConfig.DEFAULT.with("accumulate", "fp64"));
  }

  @AfterAll
  void closeOracle() {
    if (oracle != null) {
      oracle.close();
    }
  }

  Stream<Arguments> cases() {
    return paths().stream().flatMap(path -> COMBOS.stream()
        .flatMap(combo -> variants(combo).stream()
            .map(bug -> Arguments.of(path, combo, Named.of(bug == null ? "control (no bug)" : bug.id(), bug)))));
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @MethodSource("cases")
  void validationCatchesEveryPlantedBug(KernelPath path, Combo combo, PlantedBug bug) {
    ValidationPlan plan = plan(combo, path.emulated());
    List<PlantedBug> variants = variants(combo);
    List<ValidationResult> results = runs.computeIfAbsent(path + " " + combo, k -> validate(path, plan, variants))
        .get(variants.indexOf(bug));
    assertCaught(bug, plan, results);
  }

  /** The control (null: no bug) first, then the bugs checked on this combination. */
  private static List<PlantedBug> variants(Combo combo) {
    List<PlantedBug> v = new ArrayList<>();
    v.add(null);
    int index = COMBOS.indexOf(combo);
    for (PlantedBug bug : PlantedBug.values()) {
      if (FULL || bug.ordinal() % COMBOS.size() == index
          || bug == PlantedBug.SWAPPED_NIBBLES && combo.equals(COMBOS.get(COMBOS.size() - 1))) {
        v.add(bug);
      }
    }
    return v;
  }

  /**
   * Both gemms, all five archetypes (balanced only on an emulated path, unless full); E = 4, top_k
   * = 2, T = 1, block_m 16: two routed rows in two padded blocks at every point, so the work is small
   * on CPU devices, one wrong row moves the relative error far past 1e-2 and every point has
   * sentinel rows.
   */
  private static ValidationPlan plan(Combo combo, boolean emulated) {
    List<String> archetypes = emulated && !FULL ? Archetype.DEFAULTS.subList(0, 1) : Archetype.DEFAULTS;
    return new ValidationPlan(List.of(1, 2), archetypes.stream().map(Archetype::parse).toList(), List.of(1), 4, 2, 7,
        List.of(combo.dtype()), List.of(combo.layout()), 128, 16, false);
  }

  /** Validates every variant side by side; the results split by variant. */
  private List<List<ValidationResult>> validate(KernelPath path, ValidationPlan plan, List<PlantedBug> variants) {
    List<Backend> backends = new ArrayList<>();
    List<ValidationResult> results = new ArrayList<>();
    try (NativeScope open = new NativeScope("planted-bug backends")) {
      for (PlantedBug bug : variants) {
        BackendConfig config = BackendConfig.DEFAULT.with("path", path.id());
        Backend b = open(path, bug == null ? config : config.with(PlantedBug.OPTION, bug.id()));
        backends.add(open.add(path + " " + bug, b, b::close));
      }
      new ValidationRunner().run(plan, backends, oracle, results::add);
    }
    backends.forEach(b -> assertThat(b.openHandles()).isZero());
    List<List<ValidationResult>> split = new ArrayList<>();
    variants.forEach(v -> split.add(new ArrayList<>()));
    for (int i = 0; i < results.size(); i++) {
      split.get(i % variants.size()).add(results.get(i)); // validate reports each point for every backend in turn
    }
    return split;
  }

  /** "min .. max" of the relative errors of the points without NaN elements; "NaN" when all have them. */
  private static String range(List<ValidationResult> results) {
    DoubleSummaryStatistics s = results.stream().mapToDouble(r -> r.comparison().relativeError())
        .filter(e -> !Double.isNaN(e)).summaryStatistics();
    return s.getCount() == 0 ? "NaN" : String.format(Locale.ROOT, "%.2e .. %.2e", s.getMin(), s.getMax());
  }

  private static void assertCaught(PlantedBug bug, ValidationPlan plan, List<ValidationResult> results) {
    int points = plan.gemms().size() * plan.dtypes().size() * plan.layouts().size() * plan.archetypes().size()
        * plan.tokens().size();
    assertThat(results).hasSize(points);
    for (ValidationResult r : results) {
      assertThat(r.error()).as("%s ran", r.point()).isEmpty();
      if (bug == null) {
        assertThat(r.config()).doesNotContain(PlantedBug.OPTION);
      } else {
        assertThat(r.config()).as("the configuration names the bug").contains(PlantedBug.OPTION + "=" + bug.id());
      }
    }
    List<ValidationResult> failed = results.stream().filter(r -> !r.passed()).toList();
    System.out.printf(Locale.ROOT, "planted bug %s: %d of %d points failed validation; relative error %s%n",
        bug == null ? "none" : bug.id(), failed.size(), points, range(results));
    if (bug == null) {
      assertThat(failed).as("the control passes").isEmpty();
      return;
    }
    assertThat(failed.stream().map(ValidationResult::gemm).distinct()).as("%s fails on both gemms", bug)
        .containsExactlyInAnyOrder("gemm1", "gemm2");
    if (bug != PlantedBug.SENTINEL_NOT_SKIPPED) {
      assertThat(failed).as("%s fails every point", bug).hasSize(points);
    }
    for (ValidationResult r : failed) {
      Comparison c = r.comparison();
      if (bug == PlantedBug.ROW_UNWRITTEN) {
        assertThat(c.nanCount()).as("%s caught by the NaN rule: %s", r.point(), c.summary()).isPositive();
      } else {
        assertThat(c.nanCount()).as("%s: %s", r.point(), c.summary()).isZero();
        assertThat(c.relativeError()).as("%s caught by the relative error", r.point())
            .isGreaterThanOrEqualTo(Comparison.TOLERANCE);
      }
    }
  }
}
