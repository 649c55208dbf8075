package io.moebench.vulkan;

import static org.lwjgl.vulkan.VK10.VK_ACCESS_TRANSFER_WRITE_BIT;
import static org.lwjgl.vulkan.VK10.VK_BUFFER_USAGE_TRANSFER_DST_BIT;
import static org.lwjgl.vulkan.VK10.VK_PIPELINE_STAGE_TRANSFER_BIT;
import static org.lwjgl.vulkan.VK10.VK_WHOLE_SIZE;
import static org.lwjgl.vulkan.VK10.vkCmdFillBuffer;

import io.moebench.core.model.GemmProblem;
import io.moebench.core.model.MoeShape;
import io.moebench.core.quant.Dtype;
import io.moebench.core.quant.FragmentLayout;
import io.moebench.core.quant.QuantizedExperts;
import io.moebench.core.quant.WeightLayout;
import io.moebench.core.spi.Backend;
import io.moebench.core.spi.BackendConfig;
import io.moebench.core.spi.BackendUnavailableException;
import io.moebench.core.spi.BoundGemm;
import io.moebench.core.spi.Calibration;
import io.moebench.core.spi.Capabilities;
import io.moebench.core.spi.DeviceInfo;
import io.moebench.core.spi.PreparedWeights;
import io.moebench.core.spi.Tuning;
import io.moebench.core.spi.UnsupportedProblemException;
import io.moebench.core.util.NativeScope;
import io.moebench.core.verify.PlantedBug;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One Vulkan device: instance (with the validation layer when asked), logical device, the shared
 * pipeline objects, and the cache-flush buffer. Prepared weights and bound problems are child
 * scopes of its scope, so closing the backend releases them too.
 */
final class VulkanBackend implements Backend {
  /** Cold-cache flush size: at least twice the largest last-level cache (RDNA3's 96 MiB MALL, H100's 50 MiB L2). */
  private static final long GPU_FLUSH_BYTES = 256L << 20;
  /** lavapipe runs on the host CPU: twice a large server L3. */
  private static final long CPU_FLUSH_BYTES = 64L << 20;
  /** The second pass of split-K tiles: adds the parts' partial sums into C. */
  static final String SPLIT_K_REDUCE_SHADER = "moe_splitk_reduce.comp";

  private final NativeScope scope = new NativeScope("vulkan backend");
  private final ValidationLog validation;
  private final PhysicalDeviceInfo info;
  private final PathPlan plan;
  private final VulkanDevice device;
  private final GemmPipelines pipelines;
  private final SpirvCompiler compiler = SpirvCompiler.withDefaultCache();
  private final Capabilities capabilities;
  private final PlantedBug plantedBug;
  private final Optional<Long> requestedFlushBytes;
  private final DeviceBuffer.Dedication weightDedication;
  private final long weightAlign;
  private final int defaultBlocks;
  private final int defaultSplitK;
  private final boolean defaultDirect;
  /** Where weights live, for DeviceInfo.extra: the suspects of run-to-run variation (docs/PERF.md, issue 6). */
  private final Map<String, String> weightPlacement;
  /** The B fragment layout of each coopmat dtype (direct weight loads), or why it is unknown. */
  private final Map<Dtype, FragmentLayout> fragments = new EnumMap<>(Dtype.class);
  private final Map<Dtype, String> fragmentFailures = new EnumMap<>(Dtype.class);
  private DeviceBuffer flushBuffer;
  private int flushValue;

  VulkanBackend(BackendConfig config) {
    VulkanOptions options = VulkanOptions.parse(config);
    plantedBug = options.plantedBug().orElse(null);
    requestedFlushBytes = options.flushBytes();
    weightDedication = options.dedicated();
    weightAlign = options.weightAlign();
    defaultBlocks = options.blocks();
    defaultSplitK = options.splitK();
    try {
      validation = validationLog(options.validation());
      info = VulkanInstance.create(scope, validation).select(options.device());
      defaultDirect = options.direct().orElse(info.vendorId == PhysicalDeviceInfo.NVIDIA);
      plan = PathPlan.choose(info, options);
      device = VulkanDevice.create(scope, info, plan);
      pipelines = new GemmPipelines(device, scope);
      weightPlacement = weightPlacement(device, options);
      probeFragments();
    } catch (RuntimeException | LinkageError e) {
      closeAfterFailure(e);
      throw e;
    }
    int nMultiple = plan.coopmat().isEmpty() ? 64 : 128;
    capabilities = new Capabilities(plan.dtypes(), EnumSet.allOf(WeightLayout.class), true, Set.of(),
        TileConfig.BLOCK_SIZES, nMultiple, TileConfig.K_STEP, plan.describe());
  }

  /**
   * Asks the device where its B fragments keep their elements, once per coopmat dtype. A device whose
   * probe fails still runs the staged tiles: the failure is reported in the device info.
   */
  private void probeFragments() {
    for (Dtype dtype : plan.coopmat().keySet()) {
      try {
        fragments.put(dtype, FragmentLayoutProbe.probe(device, scope, pipelines, compiler, plan, dtype));
      } catch (RuntimeException e) {
        fragmentFailures.put(dtype, String.valueOf(e));
      }
    }
  }

  private static Map<String, String> weightPlacement(VulkanDevice device, VulkanOptions options) {
    DeviceBuffer.Placement p = DeviceBuffer.placement(device, VulkanPreparedWeights.MAX_CHUNK_BYTES,
        VulkanPreparedWeights.USAGE, DeviceBuffer.Kind.DEVICE);
    Map<String, String> m = new LinkedHashMap<>();
    m.put("weightMemory", device.describeMemoryType(p.memoryType()));
    m.put("weightDedicated", VulkanOptions.DEDICATED + "=" + options.dedicated().option + " (driver prefers "
        + p.prefersDedicated() + ", requires " + p.requiresDedicated() + ")");
    m.put(VulkanOptions.WEIGHT_ALIGN, Long.toString(options.weightAlign()));
    return m;
  }

  private static ValidationLog validationLog(String mode) {
    if (mode.equals("off")) {
      return null;
    }
    boolean installed = VulkanInstance.validationLayerInstalled();
    if (!installed && mode.equals("on")) {
      throw new BackendUnavailableException(VulkanProvider.ID, "validation=on but " + VulkanInstance.VALIDATION_LAYER
          + " is not installed: install vulkan-validationlayers");
    }
    return installed ? new ValidationLog() : null;
  }

  private void closeAfterFailure(Throwable e) {
    try {
      scope.close();
    } catch (RuntimeException inner) {
      e.addSuppressed(inner);
    }
  }

  @Override
  public String id() {
    return VulkanProvider.ID;
  }

  @Override
  public DeviceInfo device() {
    Map<String, String> extra = new LinkedHashMap<>(info.summary());
    extra.put("matrixPath", plan.describe());
    extra.put("cacheFlushBytes", Long.toString(flushBytes()));
    extra.put("validation", validation == null ? "off" : "on");
    extra.putAll(weightPlacement);
    fragments.forEach((dtype, layout) -> extra.put("bFragment." + dtype.id(), layout.toString()));
    fragmentFailures.forEach((dtype, why) -> extra.put("bFragment." + dtype.id(), "probe failed: " + why));
    if (plantedBug != null) {
      extra.put(PlantedBug.OPTION, plantedBug.id()); // recorded with results: these shaders are wrong on purpose
    }
    return new DeviceInfo(info.name, info.vendor(), info.driver.strip(), info.computeUnits, info.deviceLocalBytes, 0, extra);
  }

  @Override
  public Capabilities capabilities() {
    return capabilities;
  }

  /** The validation layer's messages, or null when the backend runs without it. */
  ValidationLog validationLog() {
    return validation;
  }

  @Override
  public PreparedWeights prepare(QuantizedExperts experts) {
    return prepare(experts, VulkanPreparedWeights.MAX_CHUNK_BYTES);
  }

  /** Uploads the experts in weight buffers of at most {@code maxChunkBytes} each. */
  PreparedWeights prepare(QuantizedExperts experts, long maxChunkBytes) {
    scope.ensureOpen();
    return new VulkanPreparedWeights(this, device, scope, experts, maxChunkBytes, weightAlign, weightDedication);
  }

  @Override
  public BoundGemm bind(PreparedWeights weights, GemmProblem problem) {
    return bind(weights, problem, Map.of());
  }

  /**
   * Binds with the default tiles, or with {@link TileParameters} (a tuned configuration) replacing
   * those of the staged default tiles: parameters without a {@code direct} key (tuned before it
   * existed) keep meaning staged tiles. Refused when invalid.
   */
  BoundGemm bind(PreparedWeights weights, GemmProblem problem, Map<String, String> tileParameters) {
    scope.ensureOpen();
    if (!(weights instanceof VulkanPreparedWeights) || ((VulkanPreparedWeights) weights).owner() != this) {
      throw new UnsupportedProblemException(id(), "weights were prepared by another backend");
    }
    VulkanPreparedWeights w = (VulkanPreparedWeights) weights;
    w.ensureOpen();
    QuantizedExperts q = w.source();
    MoeShape shape = problem.shape();
    Dtype dtype = problem.activations().dtype();
    if (q.experts() != shape.experts() || q.n() != shape.n() || q.k() != shape.k() || q.groupSize() != shape.groupSize()) {
      throw new UnsupportedProblemException(id(), "weights " + q + " do not match " + shape);
    }
    if (q.dtype() != dtype) {
      throw new UnsupportedProblemException(id(), "scales are " + q.dtype() + ", activations " + dtype);
    }
    String reason = capabilities.unsupported(shape, dtype, q.layout(), q.hasZeros());
    if (reason != null) {
      throw new UnsupportedProblemException(id(), reason);
    }
    GemmBuild build = build(problem, q.layout(), q.hasZeros(), tileParameters);
    TileConfig config = build.config();
    ShaderVariant variant = build.variant();
    DeviceBuffer experts = config instanceof TileConfig.Coopmat c && c.direct() ? w.packedTable(device, c.fragments())
        : w.table;
    byte[] reduce = build.reduceShader().map(shader -> compiler.compile(shader, variant.defines())).orElse(null);
    return new VulkanBoundGemm(device, scope, pipelines, compiler.compile(variant), reduce, variant, config, w, experts,
        problem);
  }

  /**
   * The shader variant and tiles {@link #bind} compiles for a problem, its weights and tile parameters (none: the
   * defaults); also what a tuned winner's kernel fingerprint hashes. Refuses invalid parameters.
   */
  GemmBuild build(GemmProblem problem, WeightLayout layout, boolean zeroPoints, Map<String, String> tileParameters) {
    MoeShape shape = problem.shape();
    Dtype dtype = problem.activations().dtype();
    TileConfig config = tileParameters.isEmpty() ? defaultTiles(shape, dtype)
        : TileParameters.apply(stagedTiles(shape, dtype), tileParameters, shape.n(), shape.k(), shape.groupSize(), info);
    return new GemmBuild(new ShaderVariant(config.path(), dtype, layout, zeroPoints, plantedBug), config);
  }

  /** The matrix path a dtype takes on this device. */
  MatrixPath path(Dtype dtype) {
    return plan.path(dtype);
  }

  /** The tiles {@link #bind} uses for a shape and dtype the capabilities accept: direct loads where the option asks. */
  TileConfig defaultTiles(MoeShape shape, Dtype dtype) {
    TileConfig config = stagedTiles(shape, dtype);
    if (defaultDirect && config.path() != MatrixPath.PORTABLE) {
      // 8 subgroups along N where BN allows: on the H100 the 4-subgroup direct tiles needed 206 registers
      for (String subgroups : List.of("8", "4")) {
        try {
          return TileParameters.apply(config, Map.of(TileParameters.DIRECT, "1", TileParameters.SG_M, "1",
              TileParameters.SG_N, subgroups), shape.n(), shape.k(), shape.groupSize(), info);
        } catch (UnsupportedProblemException notHere) {
          // the next arrangement, then the staged tiles: direct loads where they can run
        }
      }
    }
    return config;
  }

  /** The default tiles without direct loads: what tile parameters modify. */
  TileConfig stagedTiles(MoeShape shape, Dtype dtype) {
    TileConfig config = TileConfig.defaults(plan.path(dtype), shape.blockM(), shape.k(), defaultBlocks, defaultSplitK,
        plan, dtype, fragments.get(dtype), info);
    String unfit = config.unfit(info);
    if (unfit != null) {
      throw new UnsupportedProblemException(id(), unfit);
    }
    return config;
  }

  @Override
  public Optional<Tuning> tuning() {
    return Optional.of(new VulkanTuning(this, info));
  }

  @Override
  public Optional<Calibration> calibration() {
    return Optional.of(new VulkanCalibration(device, scope, pipelines, compiler, plan));
  }

  @Override
  public void flushCaches() {
    scope.ensureOpen();
    if (flushBuffer == null) {
      String what = requestedFlushBytes.map(b -> "cache flush (" + VulkanOptions.FLUSH_MB + "=" + (b >> 20) + ")")
          .orElse("cache flush");
      flushBuffer = DeviceBuffer.create(device, scope, what, flushBytes(), VK_BUFFER_USAGE_TRANSFER_DST_BIT,
          DeviceBuffer.Kind.DEVICE);
    }
    int value = ++flushValue; // a new value each time: nothing for a driver to skip
    device.run("cache flush", cb -> {
      vkCmdFillBuffer(cb, flushBuffer.handle, 0, VK_WHOLE_SIZE, value);
      Transfers.barrier(cb, VK_PIPELINE_STAGE_TRANSFER_BIT, VK_ACCESS_TRANSFER_WRITE_BIT, VK_PIPELINE_STAGE_TRANSFER_BIT,
          VK_ACCESS_TRANSFER_WRITE_BIT);
    });
  }

  /**
   * The flush buffer size: flush-mb as given (over the device's limits it fails at allocation), else
   * the default within the device's allocation limits and an eighth of its memory.
   */
  long flushBytes() {
    if (requestedFlushBytes.isPresent()) {
      return requestedFlushBytes.get();
    }
    long wanted = info.isCpu() ? CPU_FLUSH_BYTES : GPU_FLUSH_BYTES;
    long limit = Math.min(Math.min(info.maxMemoryAllocationSize, info.maxBufferSize), info.deviceLocalBytes / 8);
    return Math.max(4, Math.min(wanted, limit) & ~3L);
  }

  @Override
  public int openHandles() {
    return scope.open();
  }

  @Override
  public void close() {
    if (scope.isClosed()) {
      return;
    }
    RuntimeException idle = null;
    try {
      device.waitIdleIfUsed();
    } catch (RuntimeException e) {
      idle = e;
    }
    try {
      scope.close();
    } catch (RuntimeException e) {
      if (idle != null) {
        e.addSuppressed(idle);
      }
      throw e;
    }
    if (idle != null) {
      throw idle;
    }
  }
}
