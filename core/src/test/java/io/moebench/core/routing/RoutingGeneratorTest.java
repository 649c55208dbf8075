package io.moebench.core.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.moebench.core.InputException;
import io.moebench.core.spacemap.SpaceMap;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RoutingGeneratorTest {

  private static RoutingTable generate(String archetype, int tokens, long seed, boolean shuffle) {
    return RoutingGenerator.generate(Archetype.parse(archetype), tokens, 256, 8, seed, shuffle);
  }

  @ParameterizedTest
  @ValueSource(strings = {"balanced", "uniform", "zipf1", "zipf2", "hot16", "zipf:0.7", "hot:3"})
  void sameSeedSameRoutingAndEveryTokenHasDistinctExpertsInRange(String archetype) {
    RoutingTable a = generate(archetype, 300, 11, true);
    assertThat(generate(archetype, 300, 11, true)).isEqualTo(a);
    assertThat(a.source()).isEqualTo(archetype);
    for (int t = 0; t < a.tokens(); t++) {
      int[] token = Arrays.copyOfRange(a.ids(), t * 8, t * 8 + 8);
      assertThat(token).doesNotHaveDuplicates();
      assertThat(Arrays.stream(token)).allMatch(id -> id >= 0 && id < 256);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"uniform", "zipf1", "zipf2", "hot16"})
  void anotherSeedGivesAnotherRouting(String archetype) {
    assertThat(generate(archetype, 64, 1, false).ids()).isNotEqualTo(generate(archetype, 64, 2, false).ids());
  }

  @Test
  void aLongerRunStartsWithTheShorterOne() {
    int[] shorter = generate("zipf1", 16, 3, false).ids();
    int[] longer = generate("zipf1", 64, 3, false).ids();
    assertThat(Arrays.copyOf(longer, shorter.length)).isEqualTo(shorter);
  }

  @Test
  void balancedIsRoundRobinOverTheFlatRows() {
    RoutingTable r = RoutingGenerator.generate(Archetype.parse("balanced"), 5, 7, 3, 0, false);
    assertThat(r.ids()).containsExactly(0, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4, 5, 6, 0);
  }

  @ParameterizedTest(name = "T={0} E={1} top_k={2}")
  @CsvSource({"1, 256, 8", "5, 256, 8", "33, 256, 8", "4096, 256, 8", "994, 256, 8", "7, 7, 7", "13, 10, 3",
      "100, 64, 6", "3, 1000, 1", "1000, 3, 1"})
  void balancedLoadsDifferByAtMostOne(int tokens, int experts, int topK) {
    for (boolean shuffle : new boolean[] {false, true}) {
      int[] loads = RoutingGenerator.generate(Archetype.parse("balanced"), tokens, experts, topK, 5, shuffle).expertLoads();
      int max = Arrays.stream(loads).max().orElseThrow();
      int min = Arrays.stream(loads).min().orElseThrow();
      assertThat(max - min).isLessThanOrEqualTo(1);
      assertThat(Arrays.stream(loads).sum()).isEqualTo(tokens * topK);
    }
  }

  @Test
  void hot16AtT4096LeavesAbout240ExpertsDead() {
    RoutingTable r = generate("hot16", 4096, 0, false);
    int[] loads = r.expertLoads();
    assertThat(SpaceMap.of(r, List.of(32)).dead()).isBetween(238, 240);
    assertThat(IntStream.range(0, 16).map(e -> loads[e])).allMatch(c -> c > 1800); // mean 4096*8/16 = 2048
  }

  @Test
  void hotKWithFewerHotExpertsThanTopKAlwaysPicksEveryHotExpert() {
    RoutingTable r = generate("hot:2", 2000, 9, false);
    for (int t = 0; t < r.tokens(); t++) {
      assertThat(Arrays.copyOfRange(r.ids(), t * 8, t * 8 + 8)).contains(0, 1);
    }
    assertThat(Arrays.stream(r.expertLoads()).filter(c -> c > 0).count()).isGreaterThan(200); // cold ones fill the rest
  }

  @Test
  void zipfLoadsFallWithRank() {
    int[] loads = generate("zipf1", 4096, 0, false).expertLoads();
    assertThat(loads[0]).isGreaterThan(loads[3]);
    assertThat(loads[3]).isGreaterThan(loads[30]);
    assertThat(loads[30]).isGreaterThan(loads[200]);
    int dead1 = SpaceMap.of(generate("zipf1", 1024, 0, false), List.of(32)).dead();
    int dead2 = SpaceMap.of(generate("zipf2", 1024, 0, false), List.of(32)).dead();
    assertThat(dead2).isGreaterThan(dead1 + 30); // 1/r^2 concentrates far more than 1/r
  }

  @Test
  void uniformSpreadsLikePoissonAroundTheMean() {
    int[] loads = generate("uniform", 4096, 0, false).expertLoads();
    double mean = 4096 * 8 / 256.0;
    double variance = Arrays.stream(loads).mapToDouble(c -> (c - mean) * (c - mean)).sum() / 256;
    // without replacement the variance is a little below the multinomial mean * (1 - 8/256)
    assertThat(variance).isBetween(0.6 * mean, 1.4 * mean);
    assertThat(Arrays.stream(loads)).allMatch(c -> c > mean / 2 && c < mean * 1.5);
  }

  @Test
  void gumbelTopOneSamplesInProportionToPopularity() {
    Archetype zipf = Archetype.parse("zipf:1");
    int tokens = 40_000;
    int[] loads = RoutingGenerator.generate(zipf, tokens, 4, 1, 3, false).expertLoads();
    double[] p = zipf.popularity(4);
    double chi = 0;
    for (int e = 0; e < 4; e++) {
      chi += Math.pow(loads[e] - p[e] * tokens, 2) / (p[e] * tokens);
    }
    assertThat(chi).isLessThan(16.3); // 3 degrees of freedom, p = 0.001
  }

  @Test
  void parametricArchetypesEqualTheirNamedTwins() {
    assertThat(generate("zipf:1", 200, 4, true).ids()).isEqualTo(generate("zipf1", 200, 4, true).ids());
    assertThat(generate("zipf:2", 200, 4, true).ids()).isEqualTo(generate("zipf2", 200, 4, true).ids());
    assertThat(generate("zipf:0", 200, 4, true).ids()).isEqualTo(generate("uniform", 200, 4, true).ids());
    assertThat(generate("hot:16", 200, 4, true).ids()).isEqualTo(generate("hot16", 200, 4, true).ids());
  }

  @ParameterizedTest
  @ValueSource(strings = {"balanced", "zipf1", "hot16"})
  void shuffleRenamesExpertsByOneSeededPermutation(String archetype) {
    int[] plain = generate(archetype, 512, 8, false).ids();
    int[] shuffled = generate(archetype, 512, 8, true).ids();
    int[] perm = new int[256];
    Arrays.fill(perm, -1);
    for (int i = 0; i < plain.length; i++) {
      assertThat(perm[plain[i]]).isIn(-1, shuffled[i]);
      perm[plain[i]] = shuffled[i];
    }
    Set<Integer> images = new HashSet<>();
    Arrays.stream(perm).filter(v -> v >= 0).forEach(images::add);
    assertThat(images).hasSize((int) Arrays.stream(perm).filter(v -> v >= 0).count()); // one-to-one
    long used = Arrays.stream(perm).filter(v -> v >= 0).count();
    assertThat(IntStream.range(0, 256).filter(e -> perm[e] >= 0 && perm[e] != e).count()).isGreaterThan(used * 9 / 10);
  }

  @Test
  void shuffledHotExpertsAreNoLongerAdjacent() {
    int[] loads = generate("hot16", 1024, 0, true).expertLoads();
    int[] hot = IntStream.range(0, 256).filter(e -> loads[e] > 100).toArray();
    assertThat(hot).hasSize(16).isNotEqualTo(IntStream.range(0, 16).toArray());
    assertThat(generate("hot16", 1024, 1, true).expertLoads()).isNotEqualTo(loads); // the permutation follows the seed
  }

  @Test
  void topKIndicesAreTheLargestKeysDescendingWithTiesToTheLowerIndex() {
    SplitMix64 rng = new SplitMix64(1);
    for (int trial = 0; trial < 500; trial++) {
      int n = 1 + rng.nextInt(40);
      int k = 1 + rng.nextInt(n);
      double[] keys = new double[n];
      for (int i = 0; i < n; i++) {
        keys[i] = rng.nextInt(6); // many ties
      }
      int[] out = new int[k];
      RoutingGenerator.topKIndices(keys, out);
      int[] expected = IntStream.range(0, n).boxed()
          .sorted((a, b) -> keys[a] != keys[b] ? Double.compare(keys[b], keys[a]) : Integer.compare(a, b))
          .mapToInt(Integer::intValue).limit(k).toArray();
      assertThat(out).as("keys %s, k %d", Arrays.toString(keys), k).isEqualTo(expected);
    }
  }

  @Test
  void refusesImpossibleShapes() {
    Archetype zipf = Archetype.parse("zipf1");
    assertThatThrownBy(() -> RoutingGenerator.generate(zipf, 0, 256, 8, 0, false))
        .isInstanceOf(InputException.class).hasMessage("tokens must be > 0 (got 0)");
    assertThatThrownBy(() -> RoutingGenerator.generate(zipf, 4, 0, 8, 0, false))
        .isInstanceOf(InputException.class).hasMessage("experts must be > 0 (got 0)");
    assertThatThrownBy(() -> RoutingGenerator.generate(zipf, 4, 6, 8, 0, false))
        .isInstanceOf(InputException.class).hasMessage("top_k must be between 1 and the number of experts 6 (got 8)");
  }
}
