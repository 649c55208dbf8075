package io.moebench.vulkan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.moebench.core.model.GemmProblem;
import io.moebench.core.model.MoeShape;
import io.moebench.core.model.MoeShape.ActivationRows;
import io.moebench.core.model.SyntheticCase;
import io.moebench.core.quant.Dtype;
import io.moebench.core.quant.QuantizedExperts;
import io.moebench.core.quant.WeightLayout;
import io.moebench.core.routing.Archetype;
import io.moebench.core.routing.RoutingTable;
import io.moebench.core.spi.BackendConfig;
import io.moebench.core.spi.BoundGemm;
import io.moebench.core.spi.PreparedWeights;
import io.moebench.core.spi.Tuning;
import io.moebench.core.spi.UnsupportedProblemException;
import io.moebench.core.verify.Comparison;
import io.moebench.testkit.Devices;
import io.moebench.testkit.Oracle;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** `moe-bench tune` on the real device (lavapipe in CI): every candidate runs and matches the oracle. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VulkanTuningTest {
  /** N 256 and K 128 admit every BN and BK the tuner knows; two groups of 64 admit direct loads at BK 64. */
  private static final MoeShape SHAPE = new MoeShape("gemm1", 6, 128, 256, 64, 32, ActivationRows.PER_TOKEN);
  private final VulkanProvider provider = new VulkanProvider();
  private Oracle oracle;

  @BeforeAll
  void open() {
    Devices.requireAvailable(provider);
    oracle = new Oracle();
  }

  @AfterAll
  void close() {
    if (oracle != null) {
      oracle.close();
    }
  }

  private VulkanBackend backend(String path) {
    return (VulkanBackend) provider.open(BackendConfig.DEFAULT.with("validation", Devices.required() ? "on" : "auto")
        .with("path", path));
  }

  @ParameterizedTest
  @ValueSource(strings = {"portable", "coopmat-emulated"})
  void everyCandidateBindsRunsAndMatchesTheOracle(String path) {
    Dtype dtype = Dtype.BF16;
    QuantizedExperts w = SyntheticCase.weights(SHAPE, WeightLayout.GPTQ, dtype, true, 7);
    RoutingTable r = SyntheticCase.routing(Archetype.parse("zipf1"), 40, SHAPE.experts(), 4, 7, false);
    GemmProblem p = SyntheticCase.problem(SHAPE, r, dtype, 7);
    short[] expected = oracle.reference(w, p);
    try (VulkanBackend b = backend(path); PreparedWeights pw = b.prepare(w)) {
      Tuning tuning = b.tuning().orElseThrow();
      List<Map<String, String>> candidates = tuning.candidates(p);
      assertThat(candidates).hasSizeBetween(4, 96).doesNotHaveDuplicates();
      assertThat(candidates).extracting(c -> c.get(TileParameters.BLOCKS)).as("blocks per workgroup")
          .containsAll(List.of("1", "2", "4"));
      if (path.startsWith("coopmat")) {
        assertThat(candidates).as("workgroups of 8 subgroups").anyMatch(c ->
            Integer.parseInt(c.get(TileParameters.SG_M)) * Integer.parseInt(c.get(TileParameters.SG_N)) == 8);
        assertThat(candidates).as("direct weight loads, only where G is a multiple of BK")
            .anyMatch(c -> c.get(TileParameters.DIRECT).equals("1"))
            .noneMatch(c -> c.get(TileParameters.DIRECT).equals("1") && c.get(TileParameters.BK).equals("128"));
        assertThat(candidates).as("K split over 2 workgroups (K 128 has two steps of 64)")
            .anyMatch(c -> c.get(TileParameters.SPLIT_K).equals("2"));
      }
      try (BoundGemm plain = b.bind(pw, p)) {
        assertThat(plain.configuration()).as("the default comes first")
            .startsWith(b.defaultTiles(SHAPE, dtype).describe());
        assertThat(candidates.get(0)).isEqualTo(TileParameters.of(b.defaultTiles(SHAPE, dtype)));
      }
      for (Map<String, String> c : candidates) {
        assertThat(c.keySet()).containsExactlyElementsOf(candidates.get(0).keySet());
        try (BoundGemm g = tuning.bind(pw, p, c)) {
          assertThat(g.configuration()).contains(path + " ").contains("BN " + c.get("bn")).contains("BK " + c.get("bk"))
              .contains("R " + c.get(TileParameters.BLOCKS));
          assertThat(g.configuration().contains("direct B loads")).isEqualTo("1".equals(c.get(TileParameters.DIRECT)));
          assertThat(g.configuration().contains("split-K " + c.get(TileParameters.SPLIT_K)))
              .isEqualTo(c.containsKey(TileParameters.SPLIT_K) && !c.get(TileParameters.SPLIT_K).equals("1"));
          g.launch();
          Comparison cmp = Comparison.of(dtype, g.output(), expected, SHAPE.n());
          assertThat(cmp.passed()).as("%s %s [%s]", c, cmp.summary(), g.configuration()).isTrue();
        }
      }
      if (b.validationLog() != null) {
        assertThat(b.validationLog().messages()).isEmpty();
      }
    }
  }

  /**
   * With direct-load default tiles (direct=1, the default on NVIDIA) the default comes first and the
   * staged tiles are still searched; parameters tuned before `direct` existed still mean staged tiles.
   */
  @Test
  void directDefaultTilesKeepTheStagedSearchAndOldEntriesStaged() {
    Dtype dtype = Dtype.BF16;
    QuantizedExperts w = SyntheticCase.weights(SHAPE, WeightLayout.EXLLAMA, dtype, false, 5);
    RoutingTable r = SyntheticCase.routing(Archetype.parse("zipf1"), 24, SHAPE.experts(), 4, 5, false);
    GemmProblem p = SyntheticCase.problem(SHAPE, r, dtype, 5);
    try (VulkanBackend b = (VulkanBackend) provider.open(BackendConfig.DEFAULT.with("path", "coopmat-emulated")
        .with(VulkanOptions.DIRECT, "1")); PreparedWeights pw = b.prepare(w)) {
      Tuning tuning = b.tuning().orElseThrow();
      List<Map<String, String>> candidates = tuning.candidates(p);
      assertThat(candidates.get(0)).containsEntry(TileParameters.DIRECT, "1");
      assertThat(candidates).anyMatch(c -> c.get(TileParameters.DIRECT).equals("0"))
          .anyMatch(c -> c.get(TileParameters.DIRECT).equals("0") && c.get(TileParameters.SG_N).equals("4"));
      try (BoundGemm g = tuning.bind(pw, p, Map.of(TileParameters.BN, "64", TileParameters.BK, "64"))) {
        assertThat(g.configuration()).doesNotContain("direct B loads").contains("BN 64");
        g.launch();
        Comparison cmp = Comparison.of(dtype, g.output(), oracle.reference(w, p), SHAPE.n());
        assertThat(cmp.passed()).as(cmp.summary()).isTrue();
      }
    }
  }

  /** Split-K writes parts x C rows x N fp32 partial sums: tried only where they stay small. */
  @Test
  void splitKIsTriedOnlyWhereThePartialSumsStaySmall() {
    Dtype dtype = Dtype.BF16;
    int manyTokens = (int) (TileParameters.MAX_PARTIAL_BYTES / (2L * 4 * SHAPE.n() * 4)) + 1; // 2 parts just too big
    try (VulkanBackend b = backend("coopmat-emulated")) {
      Tuning tuning = b.tuning().orElseThrow();
      for (int tokens : new int[] {24, manyTokens}) {
        GemmProblem p = SyntheticCase.problem(SHAPE, SyntheticCase.routing(Archetype.parse("uniform"), tokens,
            SHAPE.experts(), 4, 9, false), dtype, 9);
        assertThat(tuning.candidates(p)).as("%d tokens", tokens)
            .extracting(c -> c.get(TileParameters.SPLIT_K)).isNotEmpty()
            .matches(splits -> splits.contains("2") == (tokens == 24), "split-K 2 offered only at 24 tokens");
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"portable", "coopmat-emulated"})
  void invalidConfigurationsAreRefusedWithTheAllowedValues(String path) {
    Dtype dtype = Dtype.FP16;
    QuantizedExperts w = SyntheticCase.weights(SHAPE, WeightLayout.EXLLAMA, dtype, false, 3);
    RoutingTable r = SyntheticCase.routing(Archetype.parse("uniform"), 10, SHAPE.experts(), 2, 3, false);
    GemmProblem p = SyntheticCase.problem(SHAPE, r, dtype, 3);
    try (VulkanBackend b = backend(path); PreparedWeights pw = b.prepare(w)) {
      Tuning tuning = b.tuning().orElseThrow();
      int before = b.openHandles();
      assertThatThrownBy(() -> tuning.bind(pw, p, Map.of("warps", "4")))
          .isInstanceOf(UnsupportedProblemException.class).hasMessageContaining("unknown tile parameter 'warps'")
          .hasMessageContaining("bn, bk");
      assertThatThrownBy(() -> tuning.bind(pw, p, Map.of("bn", "96")))
          .isInstanceOf(UnsupportedProblemException.class).hasMessageContaining("bn=96").hasMessageContaining("[64, 128, 256]");
      assertThatThrownBy(() -> tuning.bind(pw, p, Map.of("bk", "x")))
          .isInstanceOf(UnsupportedProblemException.class).hasMessageContaining("bk=x").hasMessageContaining("[32, 64, 128]");
      MoeShape narrow = new MoeShape("gemm1", 6, 128, 128, 32, 32, ActivationRows.PER_TOKEN);
      QuantizedExperts nw = SyntheticCase.weights(narrow, WeightLayout.EXLLAMA, dtype, false, 3);
      try (PreparedWeights npw = b.prepare(nw)) {
        GemmProblem np = SyntheticCase.problem(narrow, r, dtype, 3);
        assertThatThrownBy(() -> tuning.bind(npw, np, Map.of("bn", "256")))
            .isInstanceOf(UnsupportedProblemException.class).hasMessageContaining("not a multiple of BN 256");
      }
      assertThat(b.openHandles()).isEqualTo(before);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"portable", "coopmat-emulated"})
  void eachCandidatesKernelFingerprintIsThatOfTheBuildBindCompilesForIt(String path) {
    RoutingTable r = SyntheticCase.routing(Archetype.parse("zipf1"), 40, SHAPE.experts(), 4, 3, false);
    GemmProblem p = SyntheticCase.problem(SHAPE, r, Dtype.BF16, 3);
    try (VulkanBackend b = backend(path)) {
      Tuning tuning = b.tuning().orElseThrow();
      Set<String> fingerprints = new HashSet<>();
      Set<String> builds = new HashSet<>();
      for (Map<String, String> c : tuning.candidates(p)) {
        GemmBuild build = b.build(p, WeightLayout.GPTQ, true, c);
        String fingerprint = tuning.kernelFingerprint(p, WeightLayout.GPTQ, true, c);
        assertThat(fingerprint).as("%s", c)
            .isEqualTo(VulkanTuning.fingerprint(build, SHAPE.groupSize(), ShaderSources::closure))
            .isEqualTo(tuning.kernelFingerprint(p, WeightLayout.GPTQ, true, new TreeMap<>(c)))
            .isNotEqualTo(tuning.kernelFingerprint(p, WeightLayout.EXLLAMA, true, c))
            .isNotEqualTo(tuning.kernelFingerprint(p, WeightLayout.GPTQ, false, c));
        fingerprints.add(fingerprint);
        builds.add(build.config().describe());
      }
      assertThat(fingerprints).as("one a distinct tile").hasSize(builds.size()).hasSizeGreaterThan(3);
      assertThat(tuning.kernelFingerprint(p, WeightLayout.GPTQ, true, Map.of()))
          .isEqualTo(VulkanTuning.fingerprint(new GemmBuild(new ShaderVariant(b.path(Dtype.BF16), Dtype.BF16,
              WeightLayout.GPTQ, true), b.defaultTiles(SHAPE, Dtype.BF16)), SHAPE.groupSize(), ShaderSources::closure));
      assertThatThrownBy(() -> tuning.kernelFingerprint(p, WeightLayout.GPTQ, true, Map.of("bn", "96")))
          .isInstanceOf(UnsupportedProblemException.class).hasMessageContaining("bn=96");
    }
  }
}
