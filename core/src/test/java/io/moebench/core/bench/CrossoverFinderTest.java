package io.moebench.core.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.moebench.core.harness.TimingStats;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CrossoverFinderTest {

  private static BenchPoint point(String archetype, int tokens, double kernelUs, double baselineUs) {
    TimingStats k = new TimingStats(kernelUs, kernelUs, kernelUs, kernelUs, 5, true);
    TimingStats b = new TimingStats(baselineUs, baselineUs, baselineUs, baselineUs, 5, true);
    return new BenchPoint("gemm1", archetype, tokens, tokens * 8, 1, 50, 1e9, null, k, 1e-3, b, 1e-3, "", "");
  }

  @Test
  void theCrossoverIsTheSmallestTFromWhichTheKernelKeepsWinning() {
    List<BenchPoint> pts = new ArrayList<>(List.of(point("zipf1", 16, 10, 8), point("zipf1", 64, 10, 12),
        point("zipf1", 256, 10, 9), point("zipf1", 1024, 10, 11), point("zipf1", 4096, 10, 15)));
    Crossover c = CrossoverFinder.find(pts, List.of(16, 64, 256, 1024, 4096)).get(0);
    assertThat(c.fromTokens()).isEqualTo(1024); // the win at 64 does not last
    assertThat(c.lastLosingTokens()).isEqualTo(256);
    assertThat(c.refined()).isFalse();
    assertThat(c.speedupPctAtLargest()).isEqualTo(50.0);
  }

  @Test
  void winsEverywhereNeverAndRefinedSeries() {
    List<BenchPoint> pts = List.of(point("hot16", 16, 5, 6), point("hot16", 64, 5, 7), point("balanced", 16, 9, 8),
        point("balanced", 64, 9, 8), point("uniform", 16, 9, 8), point("uniform", 40, 9, 10), point("uniform", 64, 9, 10));
    List<Crossover> cs = CrossoverFinder.find(pts, List.of(16, 64));
    assertThat(cs).extracting(Crossover::archetype).containsExactly("hot16", "balanced", "uniform");
    assertThat(cs.get(0).describe()).isEqualTo("wins from T=16 (every measured T)");
    assertThat(cs.get(1).fromTokens()).isNull();
    assertThat(cs.get(2).fromTokens()).isEqualTo(40);
    assertThat(cs.get(2).refined()).isTrue();
  }

  @Test
  void failedPointsAndPointsWithoutABaselineAreIgnored() {
    BenchPoint failed = new BenchPoint("gemm1", "zipf1", 64, 512, 1, 50, 1e9, null, null, Double.NaN, null, null, "", "boom");
    assertThat(CrossoverFinder.find(List.of(failed), List.of(64))).isEmpty();
  }
}
