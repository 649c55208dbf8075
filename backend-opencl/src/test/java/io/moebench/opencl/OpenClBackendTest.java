package io.moebench.opencl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.moebench.core.align.AlignedLayout;
import io.moebench.core.model.GemmProblem;
import io.moebench.core.model.MoeShape;
import io.moebench.core.model.SyntheticCase;
import io.moebench.core.quant.Dtype;
import io.moebench.core.quant.QuantizedExperts;
import io.moebench.core.quant.WeightLayout;
import io.moebench.core.routing.Archetype;
import io.moebench.core.routing.RoutingTable;
import io.moebench.core.spi.BackendConfig;
import io.moebench.core.spi.BoundGemm;
import io.moebench.core.spi.DeviceMemoryException;
import io.moebench.core.spi.KernelBuildException;
import io.moebench.core.spi.LaunchTiming;
import io.moebench.core.spi.PreparedWeights;
import io.moebench.core.spi.UnsupportedProblemException;
import io.moebench.core.util.NativeScope;
import io.moebench.testkit.ContractCase;
import io.moebench.testkit.ContractCases;
import io.moebench.testkit.Devices;
import io.moebench.testkit.Oracle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** What the contract suite does not cover: device choice, chunked weights, memory limits, build failures, flushing. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenClBackendTest {
  private OpenClBackend backend;
  private Oracle oracle;

  @BeforeAll
  void open() {
    Devices.requireAvailable(new OpenClProvider());
    backend = new OpenClBackend(OpenClOptions.DEFAULT);
    oracle = new Oracle();
  }

  @AfterAll
  void close() {
    if (backend != null) {
      backend.close();
      assertThat(backend.openHandles()).isZero();
    }
    if (oracle != null) {
      oracle.close();
    }
  }

  @Test
  void aCpuDeviceGetsThePortablePathAndSaysSo() {
    assertThat(backend.device().extra()).containsEntry("matrixPath", backend.capabilities().matrixPath());
    if (!backend.runtime().facts.gpu()) {
      assertThat(backend.path()).isEqualTo(MatrixPath.PORTABLE);
    }
    assertThat(backend.device().lastLevelCacheBytes()).isEqualTo(backend.runtime().facts.globalCacheBytes());
  }

  @Test
  void launchesAreTimedByTheDeviceAndOutputIsRefusedBeforeTheFirst() {
    ContractCase c = ContractCases.all().get(0);
    try (PreparedWeights pw = backend.prepare(OracleCheck.weights(c))) {
      BoundGemm g = backend.bind(pw, OracleCheck.problem(c)); // closed below, and with the backend if an assertion fails
      assertThatThrownBy(g::output).isInstanceOf(IllegalStateException.class).hasMessageContaining("before launch");
      LaunchTiming t = g.launch();
      assertThat(t.deviceTimer()).isTrue();
      assertThat(t.nanos()).isPositive();
      g.close();
      assertThatThrownBy(g::launch).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }
  }

  @Test
  void weightsSplitIntoChunksGiveTheSameResult() {
    ContractCase c = ContractCases.all().get(41); // zero points, gemm1 shape
    QuantizedExperts w = OracleCheck.weights(c);
    long threeExperts = 3L * w.n() * w.k() / 2;
    try (OpenClBackend chunked = new OpenClBackend(OpenClOptions.DEFAULT, threeExperts, "")) {
      String config = OracleCheck.assertMatches(chunked, oracle, w, OracleCheck.problem(c), c.toString());
      assertThat(config).contains((w.experts() + 2) / 3 + " weight chunks");
    }
  }

  @Test
  void theEngineLayoutWithEmptyTrailingBlocksIsSkipped() {
    ContractCase c = ContractCases.all().get(17);
    GemmProblem compact = OracleCheck.problem(c);
    AlignedLayout engine = compact.layout().withEngineCapacity(c.shape().experts());
    assertThat(engine.expertIds()).contains(-1);
    GemmProblem padded = new GemmProblem(compact.shape(), compact.routing(), engine, compact.activations());
    OracleCheck.assertMatches(backend, oracle, OracleCheck.weights(c), padded, c + " engine capacity");
  }

  @Test
  void anExpertLargerThanTheAllocationLimitIsADeviceMemoryError() {
    ContractCase c = ContractCases.all().get(0);
    QuantizedExperts w = OracleCheck.weights(c);
    try (OpenClBackend tiny = new OpenClBackend(OpenClOptions.DEFAULT, 1024, "")) {
      assertThatThrownBy(() -> tiny.prepare(w)).isInstanceOf(DeviceMemoryException.class)
          .hasMessageContaining("one expert's weights take " + w.n() * w.k() / 2 + " bytes");
      assertThat(tiny.openHandles()).isEqualTo(2); // context and queue only
    }
  }

  @Test
  void aBufferOverTheDeviceLimitIsADeviceMemoryError() {
    ClRuntime cl = backend.runtime();
    int before = backend.openHandles();
    try (NativeScope scope = new NativeScope("test")) {
      assertThatThrownBy(() -> cl.buffer(scope, "too big", cl.facts.maxAllocation() + 1))
          .isInstanceOf(DeviceMemoryException.class).hasMessageContaining("CL_DEVICE_MAX_MEM_ALLOC_SIZE");
      assertThat(scope.open()).isZero();
    }
    assertThat(backend.openHandles()).isEqualTo(before);
  }

  @Test
  void aPathTheDeviceCannotCompileFailsWithTheBuildLogAndLeaksNothing() {
    try (OpenClBackend forced = new OpenClBackend(new OpenClOptions(MatrixPath.NVIDIA_MMA, -1, -1))) {
      assumeTrue(forced.runtime().facts.computeCapability() == 0, "an NVIDIA device compiles the PTX path");
      ContractCase c = ContractCases.all().get(0);
      try (PreparedWeights pw = forced.prepare(OracleCheck.weights(c))) {
        int before = forced.openHandles();
        assertThatThrownBy(() -> forced.bind(pw, OracleCheck.problem(c))).isInstanceOfSatisfying(KernelBuildException.class,
            e -> {
              assertThat(e.getMessage()).contains("CL_BUILD_PROGRAM_FAILURE (-11)").contains("-DMOE_PATH_NVIDIA_MMA");
              assertThat(e.buildLog()).isNotBlank();
            });
        assertThat(forced.openHandles()).isEqualTo(before);
      }
    }
  }

  @Test
  void shapesOffTheTileAreRefusedWithTheReason() {
    MoeShape odd = new MoeShape("odd", 4, 128, 96, 32, 16, MoeShape.ActivationRows.PER_TOKEN);
    RoutingTable r = SyntheticCase.routing(Archetype.parse("uniform"), 8, 4, 2, 5, false);
    GemmProblem p = SyntheticCase.problem(odd, r, Dtype.BF16, 5);
    try (PreparedWeights pw = backend.prepare(SyntheticCase.weights(odd, WeightLayout.GPTQ, Dtype.BF16, false, 5))) {
      assertThatThrownBy(() -> backend.bind(pw, p)).isInstanceOf(UnsupportedProblemException.class)
          .hasMessageContaining("N = 96 is not a multiple of the N tile 64");
    }
  }

  @Test
  void flushMbSizesTheFlushBufferAndAPlantedBugIsRecorded() {
    OpenClOptions options = OpenClOptions.parse(BackendConfig.parse("flush-mb=8,plant-bug=row-unwritten"));
    try (OpenClBackend b = new OpenClBackend(options)) {
      b.flushCaches();
      assertThat(b.flushBytes()).isEqualTo(8L << 20);
      assertThat(b.device().extra()).containsEntry("plant-bug", "row-unwritten");
    }
    assertThat(backend.device().extra()).doesNotContainKey("plant-bug");
  }

  @Test
  void theCacheFlushKeepsOneBufferOfAtLeastTwiceTheCache() {
    int before = backend.openHandles();
    backend.flushCaches();
    ClDeviceFacts f = backend.runtime().facts;
    assertThat(backend.flushBytes()).isGreaterThanOrEqualTo(Math.min(f.maxAllocation() - 3, 2 * f.globalCacheBytes()))
        .isGreaterThanOrEqualTo(OpenClBackend.MIN_FLUSH_BYTES);
    assertThat(backend.openHandles()).isEqualTo(before + 1);
    backend.flushCaches();
    assertThat(backend.openHandles()).isEqualTo(before + 1);
  }
}
