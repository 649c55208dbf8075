package io.moebench.vulkan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.lwjgl.system.MemoryStack.stackPush;
import static org.lwjgl.vulkan.VK10.VK_BUFFER_USAGE_STORAGE_BUFFER_BIT;
import static org.lwjgl.vulkan.VK10.vkCreateBuffer;
import static org.lwjgl.vulkan.VK10.vkDestroyBuffer;

import io.moebench.core.InputException;
import io.moebench.core.align.AlignedLayout;
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
import io.moebench.core.spi.BackendUnavailableException;
import io.moebench.core.spi.BoundGemm;
import io.moebench.core.spi.DeviceInfo;
import io.moebench.core.spi.DeviceMemoryException;
import io.moebench.core.spi.LaunchTiming;
import io.moebench.core.spi.PreparedWeights;
import io.moebench.core.spi.UnsupportedProblemException;
import io.moebench.core.util.NativeScope;
import io.moebench.core.verify.Comparison;
import io.moebench.testkit.ContractCases;
import io.moebench.testkit.Devices;
import io.moebench.testkit.Oracle;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.vulkan.VkBufferCreateInfo;

/** Vulkan-specific behaviour beyond the contract, on the real device (lavapipe in CI). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VulkanBackendTest {
  private final VulkanProvider provider = new VulkanProvider();
  private VulkanBackend backend;
  private Oracle oracle;

  @BeforeAll
  void open() {
    Devices.requireAvailable(provider);
    backend = (VulkanBackend) provider.open(validation());
    oracle = new Oracle();
  }

  @AfterAll
  void close() {
    if (backend != null) {
      backend.close();
      assertThat(backend.openHandles()).isZero();
      if (backend.validationLog() != null) {
        assertThat(backend.validationLog().messages()).as("validation messages, close included").isEmpty();
      }
    }
    if (oracle != null) {
      oracle.close();
    }
  }

  private static BackendConfig validation() {
    return BackendConfig.DEFAULT.with("validation", Devices.required() ? "on" : "auto");
  }

  private static QuantizedExperts weights(MoeShape shape, Dtype dtype, WeightLayout layout, boolean zeros) {
    return SyntheticCase.weights(shape, layout, dtype, zeros, 5);
  }

  private static GemmProblem problem(MoeShape shape, String archetype, int tokens, int topK, Dtype dtype) {
    RoutingTable r = SyntheticCase.routing(Archetype.parse(archetype), tokens, shape.experts(), topK, 5, false);
    return SyntheticCase.problem(shape, r, dtype, 5);
  }

  @Test
  void describesTheDeviceAndThePath() {
    DeviceInfo d = backend.device();
    assertThat(d.name()).isNotBlank();
    assertThat(d.driver()).isNotBlank();
    assertThat(d.memoryBytes()).isPositive();
    assertThat(d.extra()).containsKeys("vulkan", "subgroupSize", "maxStorageBufferRange", "matrixPath", "cacheFlushBytes");
    assertThat(backend.capabilities().matrixPath()).isEqualTo(d.extra().get("matrixPath"));
    assertThat(provider.probe().device()).startsWith(d.name());
    // where weights live (issue 6's run-to-run variation): type index, flags and heap
    assertThat(d.extra().get("weightMemory")).matches("type \\d+ \\S*DEVICE_LOCAL\\S*, heap \\d+ \\S+ \\d+ MiB");
    assertThat(d.extra().get("weightDedicated")).matches("dedicated=auto \\(driver prefers (true|false), requires (true|false)\\)");
    assertThat(d.extra()).containsEntry("weight-align", "16");
  }

  /** The A/B placements of the weights compute the same results, at the addresses asked for. */
  @ParameterizedTest
  @CsvSource({"true, 2097152", "false, 65536"})
  void weightPlacementOptionsKeepResultsAndAlignEachExpert(String dedicated, long align) {
    MoeShape shape = ContractCases.smallGemm1(64, 32);
    QuantizedExperts w = weights(shape, Dtype.BF16, WeightLayout.GPTQ, true);
    GemmProblem p = problem(shape, "zipf1", 30, 4, Dtype.BF16);
    BackendConfig config = validation().with("path", "portable").with("dedicated", dedicated)
        .with("weight-align", Long.toString(align));
    try (VulkanBackend b = (VulkanBackend) provider.open(config);
        VulkanPreparedWeights pw = (VulkanPreparedWeights) b.prepare(w); BoundGemm g = b.bind(pw, p)) {
      assertThat(b.device().extra()).containsEntry("weight-align", Long.toString(align));
      assertThat(b.device().extra().get("weightDedicated")).startsWith("dedicated=" + dedicated + " ");
      long[] addresses = pw.addresses();
      for (int e = 0; e < shape.experts(); e++) {
        assertThat(addresses[3 * e] % align).as("expert %d", e).isZero();
        assertThat(addresses[3 * e + 2]).as("zero points of expert %d", e).isGreaterThan(addresses[3 * e + 1]);
      }
      g.launch();
      Comparison c = Comparison.of(Dtype.BF16, g.output(), oracle.reference(w, p), shape.n());
      assertThat(c.passed()).as(c.summary()).isTrue();
      if (b.validationLog() != null) {
        assertThat(b.validationLog().messages()).isEmpty();
      }
    }
  }

  @Test
  void outputIsPoisonedAtBindAndTimedByTheDevice() {
    MoeShape shape = ContractCases.smallGemm1(64, 32);
    GemmProblem p = problem(shape, "zipf1", 20, 4, Dtype.FP16);
    try (PreparedWeights w = backend.prepare(weights(shape, Dtype.FP16, WeightLayout.EXLLAMA, false));
        BoundGemm g = backend.bind(w, p)) {
      assertThat(g.output()).hasSize(p.outputRows() * shape.n()).containsOnly(Dtype.POISON);
      LaunchTiming t = g.launch();
      assertThat(t.deviceTimer()).isTrue();
      assertThat(t.nanos()).isPositive();
      assertThat(g.output()).doesNotContain(Dtype.POISON);
      assertThat(g.configuration()).contains("block_m 32").contains(backend.capabilities().matrixPath().split(" ")[0]);
    }
  }

  /**
   * Tiles the contract cases do not reach: K not a multiple of 64 (BK 32), group sizes below 32
   * (a scale per 8-wide word) and block_m 64 / 128 (2x2 and 4x1 subgroups), on the portable
   * path and on the coopmat kernel with emulated matrix operations.
   */
  @ParameterizedTest(name = "{0} K{1} N{2} G{3} bm{4} {5} {6}")
  @CsvSource({
      "portable, 96, 128, 16, 64, bf16, exllama",
      "portable, 96, 256, 8, 128, fp16, gptq",
      "coopmat-emulated, 96, 128, 16, 64, bf16, exllama",
      "coopmat-emulated, 160, 256, 8, 128, fp16, gptq",
      "coopmat-emulated, 64, 128, 32, 16, bf16, gptq"})
  void otherTilesMatchTheOracle(String path, int k, int n, int groupSize, int blockM, String dtype, String layout) {
    MoeShape shape = new MoeShape("gemm1", 6, k, n, groupSize, blockM, ActivationRows.PER_TOKEN);
    Dtype d = Dtype.parse(dtype);
    QuantizedExperts w = weights(shape, d, WeightLayout.parse(layout), true);
    GemmProblem p = problem(shape, "zipf1", 70, 4, d);
    try (VulkanBackend b = (VulkanBackend) provider.open(validation().with("path", path));
        PreparedWeights pw = b.prepare(w); BoundGemm g = b.bind(pw, p)) {
      g.launch();
      Comparison c = Comparison.of(d, g.output(), oracle.reference(w, p), n);
      assertThat(c.passed()).as("%s [%s]", c.summary(), g.configuration()).isTrue();
      assertThat(g.configuration()).contains(path + " ").contains("block_m " + blockM)
          .contains("BK " + (path.equals("portable") || k % 64 != 0 ? 32 : 64));
      if (b.validationLog() != null) {
        assertThat(b.validationLog().messages()).isEmpty();
      }
    }
  }

  /**
   * The reference engine's buffers: capacity T*top_k + E*(block_m-1), tail blocks with expert -1,
   * also where one workgroup takes R blocks (real and padding ones together, and past the end).
   */
  @ParameterizedTest
  @CsvSource({"portable, 1", "portable, 2", "portable, 4", "coopmat-emulated, 1", "coopmat-emulated, 2",
      "coopmat-emulated, 4"})
  void blocksOfExpertMinusOneAreSkipped(String path, int blocks) {
    MoeShape shape = ContractCases.smallGemm2(32, 16);
    QuantizedExperts w = weights(shape, Dtype.FP16, WeightLayout.EXLLAMA, false);
    GemmProblem plain = problem(shape, "hot:2", 30, 4, Dtype.FP16);
    AlignedLayout engine = plain.layout().withEngineCapacity(shape.experts());
    assertThat(engine.expertIds()).contains(-1);
    GemmProblem p = new GemmProblem(shape, plain.routing(), engine, plain.activations());
    try (VulkanBackend b = (VulkanBackend) provider.open(validation().with("path", path)
        .with("blocks", Integer.toString(blocks))); PreparedWeights pw = b.prepare(w); BoundGemm g = b.bind(pw, p)) {
      assertThat(g.configuration()).contains(", R " + blocks + ",");
      g.launch();
      Comparison c = Comparison.of(Dtype.FP16, g.output(), oracle.reference(w, plain), shape.n());
      assertThat(c.passed()).as(c.summary()).isTrue();
    }
  }

  /**
   * Two K steps of loads in flight, with odd numbers of steps (the second register set's last
   * step does not exist) and even ones, and with 1, 2 and 4 blocks per workgroup.
   */
  @ParameterizedTest
  @CsvSource({"32, 5, 1", "64, 3, 2", "32, 4, 4"})
  void twoStepsInFlightCoverEveryStep(int bk, int steps, int blocks) {
    MoeShape shape = new MoeShape("gemm1", 6, steps * bk, 128, 32, 16, ActivationRows.PER_TOKEN);
    QuantizedExperts w = weights(shape, Dtype.BF16, WeightLayout.EXLLAMA, true);
    GemmProblem p = problem(shape, "zipf1", 40, 4, Dtype.BF16);
    try (VulkanBackend b = (VulkanBackend) provider.open(validation().with("path", "coopmat-emulated"));
        PreparedWeights pw = b.prepare(w); BoundGemm g = b.tuning().orElseThrow().bind(pw, p, Map.of(
            TileParameters.DEPTH, "2", TileParameters.BK, Integer.toString(bk), TileParameters.BN, "64",
            TileParameters.BLOCKS, Integer.toString(blocks)))) {
      assertThat(g.configuration()).contains("BK " + bk + ", depth 2").contains("R " + blocks + ",");
      g.launch();
      Comparison c = Comparison.of(Dtype.BF16, g.output(), oracle.reference(w, p), shape.n());
      assertThat(c.passed()).as(c.summary()).isTrue();
      if (b.validationLog() != null) {
        assertThat(b.validationLog().messages()).isEmpty();
      }
    }
  }

  @Test
  void aBufferOverTheAllocationLimitIsADeviceMemoryException() {
    try (NativeScope scope = new NativeScope("limit")) {
      PhysicalDeviceInfo info = VulkanInstance.create(scope, null).select(Optional.empty());
      VulkanDevice device = VulkanDevice.create(scope, info, PathPlan.choose(info,
          VulkanOptions.parse(BackendConfig.parse("path=portable"))));
      long tooBig = Math.min(info.maxMemoryAllocationSize, info.maxBufferSize) + 1;
      int before = scope.open();
      assertThatThrownBy(() -> DeviceBuffer.create(device, scope, "huge", tooBig,
          VK_BUFFER_USAGE_STORAGE_BUFFER_BIT, DeviceBuffer.Kind.DEVICE))
          .isInstanceOf(DeviceMemoryException.class).hasMessageContaining("huge: " + tooBig + " bytes exceed");
      assertThat(scope.open()).isEqualTo(before);
    }
  }

  @Test
  void weightsSplitOverSeveralBuffersGiveTheSameResult() {
    MoeShape shape = ContractCases.smallGemm2(32, 16);
    QuantizedExperts w = weights(shape, Dtype.BF16, WeightLayout.GPTQ, true);
    GemmProblem p = problem(shape, "uniform", 40, 4, Dtype.BF16);
    long expertBytes = w.bytesPerExpert() + 64; // with alignment padding, under 3 experts
    int before = backend.openHandles();
    try (PreparedWeights whole = backend.prepare(w)) {
      int oneBuffer = backend.openHandles() - before;
      try (PreparedWeights split = backend.prepare(w, 3 * expertBytes); BoundGemm g = backend.bind(split, p)) {
        // 16 experts, 3 per buffer: 6 weight buffers instead of 1, each a buffer and its memory
        int splitHandles = backend.openHandles() - before - oneBuffer;
        assertThat(splitHandles).isGreaterThanOrEqualTo(oneBuffer + 2 * 5);
        g.launch();
        Comparison c = Comparison.of(Dtype.BF16, g.output(), oracle.reference(w, p), shape.n());
        assertThat(c.passed()).as(c.summary()).isTrue();
      }
    }
  }

  @Test
  void refusesWhatItCannotRun() {
    MoeShape shape = ContractCases.smallGemm1(64, 32);
    QuantizedExperts fp16 = weights(shape, Dtype.FP16, WeightLayout.GPTQ, false);
    try (PreparedWeights w = backend.prepare(fp16)) {
      assertThatThrownBy(() -> backend.bind(w, problem(shape, "balanced", 8, 4, Dtype.BF16)))
          .isInstanceOf(UnsupportedProblemException.class).hasMessageContaining("scales are fp16, activations bf16");
      MoeShape bm8 = shape.withBlockM(8);
      assertThatThrownBy(() -> backend.bind(w, problem(bm8, "balanced", 8, 4, Dtype.FP16)))
          .isInstanceOf(UnsupportedProblemException.class).hasMessageContaining("block_m 8");
      MoeShape n96 = new MoeShape("gemm1", 16, 256, 96, 64, 32, ActivationRows.PER_TOKEN);
      try (PreparedWeights w96 = backend.prepare(weights(n96, Dtype.FP16, WeightLayout.GPTQ, false))) {
        assertThatThrownBy(() -> backend.bind(w96, problem(n96, "balanced", 8, 4, Dtype.FP16)))
            .isInstanceOf(UnsupportedProblemException.class).hasMessageContaining("N = 96");
      }
    }
    try (VulkanBackend other = (VulkanBackend) provider.open(BackendConfig.DEFAULT);
        PreparedWeights foreign = other.prepare(fp16)) {
      assertThatThrownBy(() -> backend.bind(foreign, problem(shape, "balanced", 8, 4, Dtype.FP16)))
          .isInstanceOf(UnsupportedProblemException.class).hasMessageContaining("another backend");
    }
  }

  @Test
  void anOutputOverTheStorageBufferRangeIsADeviceMemoryException() {
    long range = Long.parseLong(backend.device().extra().get("maxStorageBufferRange"));
    Assumptions.assumeTrue(range <= (256L << 20), "a device with a small maxStorageBufferRange");
    // A per token and K = 32 keep the inputs small; C = T * top_k rows of N = 2048 halves
    MoeShape shape = new MoeShape("wide", 2, 32, 2048, 32, 32, ActivationRows.PER_TOKEN);
    int tokens = (int) (range / (2L * shape.n() * 2)) + 1;
    try (PreparedWeights w = backend.prepare(weights(shape, Dtype.FP16, WeightLayout.GPTQ, false))) {
      int before = backend.openHandles();
      assertThatThrownBy(() -> backend.bind(w, problem(shape, "balanced", tokens, 2, Dtype.FP16)))
          .isInstanceOf(DeviceMemoryException.class).hasMessageContaining("output").hasMessageContaining("maxStorageBufferRange");
      assertThat(backend.openHandles()).as("handles of the failed bind released").isEqualTo(before);
    }
  }

  @Test
  void flushMbSizesTheFlushBufferAndAPlantedBugIsRecorded() {
    BackendConfig config = validation().with("flush-mb", "8").with("plant-bug", "row-unwritten");
    try (VulkanBackend b = (VulkanBackend) provider.open(config)) {
      int before = b.openHandles();
      b.flushCaches();
      assertThat(b.openHandles()).as("the flush buffer and its memory").isEqualTo(before + 2);
      assertThat(b.device().extra()).containsEntry("cacheFlushBytes", String.valueOf(8L << 20))
          .containsEntry("plant-bug", "row-unwritten");
    }
    assertThat(backend.device().extra()).doesNotContainKey("plant-bug");
  }

  @Test
  void launchingAfterTheWeightsAreClosedFailsClearly() {
    MoeShape shape = ContractCases.smallGemm2(32, 16);
    PreparedWeights w = backend.prepare(weights(shape, Dtype.FP16, WeightLayout.EXLLAMA, false));
    try (BoundGemm g = backend.bind(w, problem(shape, "hot16", 8, 4, Dtype.FP16))) {
      w.close();
      assertThatThrownBy(g::launch).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }
  }

  @Test
  void refusesOptionsTheDeviceCannotHonour() {
    assertThatThrownBy(() -> provider.open(BackendConfig.parse("device=999"))).isInstanceOf(InputException.class)
        .hasMessageContaining("device=999: allowed values are 0 to");
    assertThatThrownBy(() -> provider.open(BackendConfig.parse("flavour=fast"))).isInstanceOf(InputException.class)
        .hasMessageContaining("unknown vulkan option 'flavour'");
    if (backend.capabilities().matrixPath().equals("portable")) { // lavapipe: no cooperative matrices
      assertThatThrownBy(() -> provider.open(BackendConfig.parse("path=coopmat")))
          .isInstanceOf(BackendUnavailableException.class).hasMessageContaining("path=coopmat")
          .hasMessageContaining("VK_KHR_cooperative_matrix");
    }
    try (VulkanBackend portable = (VulkanBackend) provider.open(BackendConfig.parse("path=portable"))) {
      assertThat(portable.capabilities().matrixPath()).isEqualTo("portable");
    }
  }

  @Test
  void theValidationLayerReportsMisuse() {
    Assumptions.assumeTrue(Devices.required() || VulkanInstance.validationLayerInstalled(),
        "the Khronos validation layer");
    // the messenger counts what the layer says: a buffer without usage flags breaks a VUID
    ValidationLog log = new ValidationLog();
    try (NativeScope scope = new NativeScope("misuse"); MemoryStack stack = stackPush()) {
      PhysicalDeviceInfo info = VulkanInstance.create(scope, log).select(Optional.empty());
      VulkanDevice device = VulkanDevice.create(scope, info, PathPlan.choose(info,
          VulkanOptions.parse(BackendConfig.parse("path=portable"))));
      long[] buffer = new long[1];
      int r = vkCreateBuffer(device.handle, VkBufferCreateInfo.calloc(stack).sType$Default().size(64).usage(0), null, buffer);
      if (r == 0) {
        vkDestroyBuffer(device.handle, buffer[0], null);
      }
    }
    assertThat(log.messages()).anySatisfy(m -> assertThat(m).contains("VkBufferCreateInfo").contains("usage"));
  }
}
