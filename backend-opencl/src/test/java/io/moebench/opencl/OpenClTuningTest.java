package io.moebench.opencl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.moebench.core.model.GemmProblem;
import io.moebench.core.model.MoeShape;
import io.moebench.core.model.SyntheticCase;
import io.moebench.core.quant.Dtype;
import io.moebench.core.quant.QuantizedExperts;
import io.moebench.core.quant.WeightLayout;
import io.moebench.core.routing.RoutingTable;
import io.moebench.core.spi.BoundGemm;
import io.moebench.core.spi.PreparedWeights;
import io.moebench.core.spi.Tuning;
import io.moebench.core.spi.UnsupportedProblemException;
import io.moebench.core.verify.Comparison;
import io.moebench.testkit.ContractCases;
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

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenClTuningTest {
  private static final MoeShape SHAPE = new MoeShape("tune", 4, 128, 256, 32, 16, MoeShape.ActivationRows.PER_TOKEN);
  private OpenClBackend backend;
  private Tuning tuning;
  private QuantizedExperts weights;
  private GemmProblem problem;

  @BeforeAll
  void open() {
    Devices.requireAvailable(new OpenClProvider());
    backend = new OpenClBackend(OpenClOptions.DEFAULT);
    tuning = backend.tuning().orElseThrow();
    long seed = 7;
    weights = SyntheticCase.weights(SHAPE, WeightLayout.GPTQ, Dtype.BF16, true, seed);
    RoutingTable r = SyntheticCase.routing(ContractCases.all().get(0).parsedArchetype(), 12, SHAPE.experts(), 2, seed, false);
    problem = SyntheticCase.problem(SHAPE, r, Dtype.BF16, seed);
  }

  @AfterAll
  void close() {
    if (backend != null) {
      backend.close();
      assertThat(backend.openHandles()).isZero();
    }
  }

  @Test
  void everyCandidateMatchesTheOracleAndShowsItsTile() {
    List<Map<String, String>> candidates = tuning.candidates(problem);
    assertThat(candidates.get(0)).isEqualTo(TileConfig.defaults(backend.path(), SHAPE).asMap());
    assertThat(candidates).hasSizeGreaterThan(2).doesNotHaveDuplicates();
    short[] expected;
    try (Oracle oracle = new Oracle()) {
      expected = oracle.reference(weights, problem);
    }
    try (PreparedWeights pw = backend.prepare(weights)) {
      for (Map<String, String> c : candidates) {
        try (BoundGemm g = tuning.bind(pw, problem, c)) {
          g.launch();
          Comparison cmp = Comparison.of(Dtype.BF16, g.output(), expected, SHAPE.n());
          assertThat(cmp.passed()).as("%s: %s", c, cmp.summary()).isTrue();
          assertThat(g.configuration()).contains(TileConfig.parse(backend.path(), SHAPE, c).describe());
        }
      }
    }
  }

  @Test
  void invalidConfigurationsAreRefusedWithTheAllowedValues() {
    try (PreparedWeights pw = backend.prepare(weights)) {
      int held = backend.openHandles();
      assertThatThrownBy(() -> tuning.bind(pw, problem, Map.of("warps", "4")))
          .isInstanceOf(UnsupportedProblemException.class).hasMessageContaining("unknown tile parameter warps")
          .hasMessageContaining(String.join(", ", TileConfig.defaults(backend.path(), SHAPE).asMap().keySet()));
      assertThatThrownBy(() -> tuning.bind(pw, problem, Map.of("workGroupSize", "abc")))
          .isInstanceOf(UnsupportedProblemException.class).hasMessageContaining("workGroupSize=abc is not a positive integer");
      assertThatThrownBy(() -> tuning.bind(pw, problem, Map.of("tileN", "96")))
          .isInstanceOf(UnsupportedProblemException.class).hasMessageContaining("not a multiple of the N tile 96")
          .hasMessageContaining("valid for this shape: {tileN=");
      assertThat(backend.openHandles()).isEqualTo(held);
    }
  }

  @Test
  void eachCandidatesKernelFingerprintIsThatOfTheProgramBindBuildsForIt() {
    boolean nvidia = backend.runtime().facts.nvidiaCompilerOptions();
    Set<String> fingerprints = new HashSet<>();
    List<Map<String, String>> candidates = tuning.candidates(problem);
    for (Map<String, String> c : candidates) {
      String fingerprint = tuning.kernelFingerprint(problem, WeightLayout.GPTQ, true, c);
      KernelSpec spec = backend.spec(problem, WeightLayout.GPTQ, true, TileConfig.parse(backend.path(), SHAPE, c));
      assertThat(fingerprint).as("%s", c).isEqualTo(OpenClTuning.fingerprint(spec, nvidia))
          .isEqualTo(tuning.kernelFingerprint(problem, WeightLayout.GPTQ, true, new TreeMap<>(c)))
          .isNotEqualTo(tuning.kernelFingerprint(problem, WeightLayout.EXLLAMA, true, c))
          .isNotEqualTo(tuning.kernelFingerprint(problem, WeightLayout.GPTQ, false, c));
      fingerprints.add(fingerprint);
    }
    assertThat(fingerprints).as("one a candidate").hasSameSizeAs(candidates);
    assertThatThrownBy(() -> tuning.kernelFingerprint(problem, WeightLayout.GPTQ, true, Map.of("warps", "4")))
        .isInstanceOf(UnsupportedProblemException.class).hasMessageContaining("unknown tile parameter warps");
  }
}
