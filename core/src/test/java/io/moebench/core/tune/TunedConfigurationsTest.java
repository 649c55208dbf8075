package io.moebench.core.tune;

import static org.assertj.core.api.Assertions.assertThat;

import io.moebench.core.bench.BenchPlan;
import io.moebench.core.harness.TimingPolicy;
import io.moebench.core.model.GemmProblem;
import io.moebench.core.model.MoeShape;
import io.moebench.core.model.SyntheticCase;
import io.moebench.core.quant.Dtype;
import io.moebench.core.quant.WeightLayout;
import io.moebench.core.routing.Archetype;
import io.moebench.core.spi.BoundGemm;
import io.moebench.core.spi.PreparedWeights;
import io.moebench.core.spi.Tuning;
import io.moebench.core.spi.UnsupportedProblemException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TunedConfigurationsTest {
  private static final String BUILD = "0123456789ab";
  private static final Archetype HOT = Archetype.parse("hot:1");
  /** gemm2 over 8 experts, top_k 8: each token reaches every expert. */
  private static final BenchPlan PLAN = new BenchPlan(List.of(2), List.of(HOT), List.of(4, 256), 8, 8, 0, false,
      Dtype.BF16, WeightLayout.EXLLAMA, 128, 32, false, TimingPolicy.defaults(true));
  private static final MoeShape SHAPE = PLAN.shape(2);
  private static final GemmProblem SMALL = problem(4);
  private static final GemmProblem LARGE = problem(256);

  @TempDir
  Path dir;

  private static GemmProblem problem(int tokens) {
    return SyntheticCase.problem(SHAPE, SyntheticCase.routing(HOT, tokens, 8, 8, 0, false), Dtype.BF16, 0);
  }

  /**
   * A tuning that compiles a configuration to {@code builds}' value for it, for the plan's weights (another build
   * for other weights); nothing here binds.
   */
  private static Tuning tuning(Function<Map<String, String>, String> builds) {
    return new Tuning() {
      @Override
      public List<Map<String, String>> candidates(GemmProblem problem) {
        return List.of();
      }

      @Override
      public BoundGemm bind(PreparedWeights weights, GemmProblem problem, Map<String, String> configuration) {
        throw new UnsupportedOperationException("not bound in this test");
      }

      @Override
      public String kernelFingerprint(GemmProblem problem, WeightLayout layout, boolean zeroPoints,
          Map<String, String> configuration) {
        return layout == PLAN.layout() && zeroPoints == PLAN.zeroPoints() ? builds.apply(configuration) : "other weights";
      }
    };
  }

  /** A tuning that compiles every configuration to {@code build}. */
  private static Tuning tuning(String build) {
    return tuning(configuration -> build);
  }

  private void store(TuneCache cache, GemmProblem p, String tile, String build) {
    cache.store("dev", SHAPE, Dtype.BF16, WeightLayout.EXLLAMA, false, RoutingWork.of(p, 8), Map.of("tile", tile), build);
  }

  private TunedConfigurations using(TuneCache cache, String build, GemmProblem... problems) {
    return using(cache, tuning(build), problems);
  }

  private TunedConfigurations using(TuneCache cache, Tuning tuning, GemmProblem... problems) {
    TunedConfigurations tuned = TunedConfigurations.of(cache, "dev", tuning, PLAN);
    for (GemmProblem p : problems) {
      tuned.apply(p);
    }
    return tuned;
  }

  @Test
  void handsOutTheNearestEntryAndCountsEachEntryOnce() {
    TuneCache cache = new TuneCache(dir);
    store(cache, SMALL, "small", BUILD);
    TunedConfigurations tuned = TunedConfigurations.of(cache, "dev", tuning(BUILD), PLAN);
    assertThat(tuned.apply(SMALL)).contains(Map.of("tile", "small"));
    assertThat(tuned.apply(LARGE)).as("the only entry is the nearest").contains(Map.of("tile", "small"));
    assertThat(tuned.used()).isEqualTo(1);
    assertThat(tuned.stale()).as("tuned for this build").isZero();
  }

  @Test
  void aWinnerTunedForAnotherBuildIsStillHandedOutAndCountedAsStale() {
    TuneCache cache = new TuneCache(dir);
    store(cache, SMALL, "small", "ba9876543210");
    TunedConfigurations tuned = TunedConfigurations.of(cache, "dev", tuning(BUILD), PLAN);
    assertThat(tuned.apply(SMALL)).contains(Map.of("tile", "small"));
    assertThat(tuned.apply(LARGE)).contains(Map.of("tile", "small"));
    assertThat(tuned.used()).isEqualTo(1);
    assertThat(tuned.stale()).isEqualTo(1);
  }

  @Test
  void aWinnerOfAnUnknownBuildIsStaleUnlessTheKernelsBuildIsUnknownToo() {
    TuneCache cache = new TuneCache(dir);
    store(cache, SMALL, "small", BUILD);
    store(cache, LARGE, "large", "");
    TunedConfigurations known = using(cache, BUILD, SMALL, LARGE, LARGE);
    assertThat(known.used()).isEqualTo(2);
    assertThat(known.stale()).isEqualTo(1);
    assertThat(using(cache, BUILD, SMALL).stale()).as("only the entries used count").isZero();
    assertThat(using(cache, "", SMALL, LARGE).stale()).as("a backend that cannot tell its build").isZero();
  }

  @Test
  void eachWinnerIsJudgedByTheBuildOfItsOwnConfiguration() {
    TuneCache cache = new TuneCache(dir);
    store(cache, SMALL, "small", "build of small");
    store(cache, LARGE, "large", "build of small"); // since then, large's tile compiles to something else
    TunedConfigurations tuned = using(cache, tuning(c -> "build of " + c.get("tile")), SMALL, LARGE);
    assertThat(tuned.used()).isEqualTo(2);
    assertThat(tuned.stale()).as("only large").isEqualTo(1);
    assertThat(using(cache, tuning(c -> "build of small"), SMALL, LARGE).stale())
        .as("the same builds, whatever the configuration").isZero();
  }

  @Test
  void aWinnerWhoseConfigurationTheBackendNowRefusesIsHandedOutAndCountedAsStale() {
    TuneCache cache = new TuneCache(dir);
    store(cache, SMALL, "small", BUILD);
    Tuning refusing = tuning(c -> {
      throw new UnsupportedProblemException("test", "unknown tile parameter tile");
    });
    TunedConfigurations tuned = using(cache, refusing, SMALL);
    assertThat(tuned.apply(SMALL)).contains(Map.of("tile", "small"));
    assertThat(tuned.used()).isEqualTo(1);
    assertThat(tuned.stale()).isEqualTo(1);
  }

  @Test
  void noneHandsOutNothing() {
    TunedConfigurations none = TunedConfigurations.none();
    assertThat(none.apply(SMALL)).isEmpty();
    assertThat(none.used()).isZero();
    assertThat(none.stale()).isZero();
  }
}
