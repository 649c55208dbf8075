package io.moebench.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.moebench.core.model.GemmProblem;
import io.moebench.core.model.SyntheticCase;
import io.moebench.core.quant.Dtype;
import io.moebench.core.quant.QuantizedExperts;
import io.moebench.core.quant.WeightLayout;
import io.moebench.core.routing.RoutingTable;
import io.moebench.core.spi.Backend;
import io.moebench.core.spi.BackendConfig;
import io.moebench.core.spi.BackendProvider;
import io.moebench.core.spi.BoundGemm;
import io.moebench.core.spi.Capabilities;
import io.moebench.core.spi.LaunchTiming;
import io.moebench.core.spi.PreparedWeights;
import io.moebench.core.spi.UnsupportedProblemException;
import io.moebench.core.verify.Comparison;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contract every backend's tests extend: probe, lifecycle, use after close, handle counts,
 * and output against the CPU oracle over the {@link ContractCases}. Real devices only; see
 * {@link Devices} for what happens when a device is missing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class BackendContractTest {
  private Backend backend;
  private Oracle oracle;

  /** The provider under test. */
  protected abstract BackendProvider provider();

  /** Options for open(); override to pin a matrix path. */
  protected BackendConfig config() {
    return BackendConfig.DEFAULT;
  }

  protected final Backend backend() {
    return backend;
  }

  @BeforeAll
  void openBackend() {
    Devices.requireAvailable(provider());
    backend = provider().open(config());
    oracle = new Oracle();
  }

  @AfterAll
  void closeBackend() {
    if (backend != null) {
      backend.close();
      assertThat(backend.openHandles()).as("native handles after close").isZero();
    }
    if (oracle != null) {
      oracle.close();
    }
  }

  @Test
  void probeNeverThrowsAndNamesTheDevice() {
    assertThatCode(() -> provider().probe()).doesNotThrowAnyException();
    assertThat(provider().probe().device()).isNotBlank();
    assertThat(provider().id()).matches("[a-z0-9][a-z0-9-]*");
  }

  @Test
  void supportsWhatTheProductNeeds() {
    Capabilities caps = backend.capabilities();
    assertThat(caps.dtypes()).containsExactlyInAnyOrder(Dtype.values());
    assertThat(caps.layouts()).containsExactlyInAnyOrder(WeightLayout.values());
    for (int g : new int[] {32, 64, 128}) {
      for (int bm : new int[] {16, 32}) {
        assertThat(caps.unsupported(ContractCases.smallGemm1(g, bm), Dtype.BF16, WeightLayout.EXLLAMA, false))
            .as("group %d block %d", g, bm).isNull();
      }
    }
    assertThat(caps.matrixPath()).isNotBlank();
    assertThat(backend.device().name()).isNotBlank();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.moebench.testkit.ContractCases#all")
  void matchesTheOracle(ContractCase c) {
    check(c);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.moebench.testkit.ContractCases#presets")
  void matchesTheOracleOnPresetShapes(ContractCase c) {
    check(c);
  }

  @Test
  void repeatedLaunchesGiveTheSameOutputAndPositiveTimes() {
    ContractCase c = ContractCases.all().get(4);
    QuantizedExperts w = weights(c);
    GemmProblem p = problem(c);
    try (PreparedWeights pw = backend.prepare(w); BoundGemm g = backend.bind(pw, p)) {
      LaunchTiming first = g.launch();
      short[] out1 = g.output();
      backend.flushCaches();
      LaunchTiming second = g.launch();
      assertThat(g.output()).isEqualTo(out1);
      assertThat(first.nanos()).isPositive();
      assertThat(second.nanos()).isPositive();
      assertThat(g.configuration()).isNotBlank();
    }
  }

  @Test
  void handlesAreReleasedAndCloseIsIdempotent() {
    int before = backend.openHandles();
    ContractCase c = ContractCases.all().get(0);
    PreparedWeights pw = backend.prepare(weights(c));
    BoundGemm g = backend.bind(pw, problem(c));
    g.launch();
    g.close();
    g.close();
    pw.close();
    pw.close();
    assertThat(backend.openHandles()).isEqualTo(before);
  }

  @Test
  void useAfterCloseFailsClearly() {
    Backend other = provider().open(config());
    ContractCase c = ContractCases.all().get(0);
    QuantizedExperts w = weights(c);
    other.close();
    other.close();
    assertThat(other.openHandles()).isZero();
    assertThatThrownBy(() -> other.prepare(w)).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
  }

  private void check(ContractCase c) {
    QuantizedExperts w = weights(c);
    GemmProblem p = problem(c);
    String reason = backend.capabilities().unsupported(c.shape(), c.dtype(), c.layout(), c.zeroPoints());
    if (reason != null) {
      assertThat(c.zeroPoints()).as("only zero points may be unsupported, got: " + reason).isTrue();
      try (PreparedWeights pw = backend.prepare(w)) {
        assertThatThrownBy(() -> backend.bind(pw, p)).isInstanceOf(UnsupportedProblemException.class);
      }
      return;
    }
    short[] expected = oracle.reference(w, p);
    try (PreparedWeights pw = backend.prepare(w); BoundGemm g = backend.bind(pw, p)) {
      g.launch();
      short[] actual = g.output();
      assertThat(actual).hasSize(p.outputRows() * c.shape().n());
      Comparison cmp = Comparison.of(c.dtype(), actual, expected, c.shape().n());
      assertThat(cmp.passed()).as("%s: %s [%s]", c, cmp.summary(), g.configuration()).isTrue();
    }
  }

  private static QuantizedExperts weights(ContractCase c) {
    return SyntheticCase.weights(c.shape(), c.layout(), c.dtype(), c.zeroPoints(), c.seed());
  }

  private static GemmProblem problem(ContractCase c) {
    RoutingTable r = SyntheticCase.routing(c.parsedArchetype(), c.tokens(), c.shape().experts(), c.topK(), c.seed(), false);
    return SyntheticCase.problem(c.shape(), r, c.dtype(), c.seed());
  }
}
