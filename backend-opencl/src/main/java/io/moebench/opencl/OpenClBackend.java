package io.moebench.opencl;

import io.moebench.core.model.GemmProblem;
import io.moebench.core.model.MoeShape;
import io.moebench.core.quant.Dtype;
import io.moebench.core.quant.QuantizedExperts;
import io.moebench.core.quant.WeightLayout;
import io.moebench.core.spi.Backend;
import io.moebench.core.spi.BoundGemm;
import io.moebench.core.spi.Calibration;
import io.moebench.core.spi.Capabilities;
import io.moebench.core.spi.DeviceInfo;
import io.moebench.core.spi.PreparedWeights;
import io.moebench.core.spi.Tuning;
import io.moebench.core.spi.UnsupportedProblemException;
import io.moebench.core.verify.PlantedBug;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jocl.Pointer;
import org.jocl.cl_mem;

/**
 * The OpenCL backend on one device. Kernels come from shaders/opencl, specialised per problem
 * with -D options and built once per (device, options, source) thanks to {@link ProgramCache}.
 */
final class OpenClBackend implements Backend {
  /** A cold flush writes at least this much, even where the device reports a smaller cache. */
  static final long MIN_FLUSH_BYTES = 64L << 20;
  /**
   * On GPUs at least this much: drivers report a small cache here (NVIDIA not its 50 MB L2, AMD its
   * L2 but not the 32-96 MB Infinity Cache), and 256 MiB takes well under a millisecond to write.
   */
  static final long MIN_GPU_FLUSH_BYTES = 256L << 20;

  private final ClRuntime cl;
  private final MatrixPath path;
  private final long chunkLimit;
  private final String extraDefines;
  private final PlantedBug plantedBug;
  private final WorkGroupOrder order;
  private final long requestedFlushBytes;
  private cl_mem flushBuffer;
  private long flushBytes;
  private int flushCount;

  OpenClBackend(OpenClOptions options) {
    this(options, Long.MAX_VALUE, "");
  }

  /**
   * @param chunkLimit the largest weight buffer to allocate (tests lower it to exercise chunking)
   * @param extraDefines added to every kernel build (tests emulate the matrix instructions with it)
   */
  OpenClBackend(OpenClOptions options, long chunkLimit, String extraDefines) {
    this.cl = ClRuntime.open(options);
    this.path = options.path() != null ? options.path() : MatrixPath.detect(cl.facts);
    this.chunkLimit = chunkLimit;
    this.extraDefines = extraDefines;
    this.plantedBug = options.plantedBug();
    this.order = options.order();
    this.requestedFlushBytes = options.flushBytes();
  }

  @Override
  public String id() {
    return OpenClProvider.ID;
  }

  MatrixPath path() {
    return path;
  }

  WorkGroupOrder order() {
    return order;
  }

  ClRuntime runtime() {
    return cl;
  }

  @Override
  public DeviceInfo device() {
    ClDeviceFacts f = cl.facts;
    Map<String, String> extra = new LinkedHashMap<>(f.extra());
    extra.put("matrixPath", path.id());
    if (plantedBug != null) {
      extra.put(PlantedBug.OPTION, plantedBug.id()); // recorded with results: these kernels are wrong on purpose
    }
    return new DeviceInfo(f.name(), f.vendor(), f.driver(), f.computeUnits(), f.globalMemory(), f.globalCacheBytes(), extra);
  }

  @Override
  public Capabilities capabilities() {
    // The default tile decides: N must fill whole tiles, block_m and group sizes must fit the warp layout.
    Set<Integer> blockSizes = new TreeSet<>();
    for (int bm = 8; bm <= 128; bm += 8) {
      if (tileFor(probeShape(bm, 128)) == null) {
        blockSizes.add(bm);
      }
    }
    Set<Integer> groupSizes = path.usesMatrixUnits() ? Set.of(16, 32, 64, 128, 256) : Set.of();
    int kMultiple = path == MatrixPath.NVIDIA_MMA ? TileConfig.NVIDIA_K_STEP : path.usesMatrixUnits() ? 16 : 8;
    return new Capabilities(EnumSet.allOf(Dtype.class), EnumSet.allOf(WeightLayout.class), true, groupSizes, blockSizes,
        TileConfig.DEFAULT_TILE_N, kMultiple, path.id());
  }

  private static MoeShape probeShape(int blockM, int groupSize) {
    return new MoeShape("probe", 1, 256, TileConfig.DEFAULT_TILE_N, groupSize, blockM, MoeShape.ActivationRows.PER_TOKEN);
  }

  /** Why the default tile cannot run the shape, or null. */
  private String tileFor(MoeShape shape) {
    return TileConfig.defaults(path, shape).unsupported(shape);
  }

  @Override
  public PreparedWeights prepare(QuantizedExperts experts) {
    cl.scope.ensureOpen();
    boolean packed = path == MatrixPath.NVIDIA_MMA && FragmentPacking.packs(experts.n(), experts.k());
    return OpenClWeights.upload(cl, cl.scope, experts, chunkLimit, packed);
  }

  @Override
  public Optional<Calibration> calibration() {
    return Optional.of(new OpenClCalibration(cl, path));
  }

  @Override
  public Optional<Tuning> tuning() {
    return Optional.of(new OpenClTuning(this));
  }

  @Override
  public BoundGemm bind(PreparedWeights prepared, GemmProblem problem) {
    return bind(prepared, problem, TileConfig.defaults(path, problem.shape()));
  }

  /** Binds with an explicit tile (the tuner's); the tile is part of the build options, so of the program cache key. */
  BoundGemm bind(PreparedWeights prepared, GemmProblem problem, TileConfig tile) {
    cl.scope.ensureOpen();
    if (!(prepared instanceof OpenClWeights)) {
      throw new IllegalArgumentException("opencl: weights were prepared by another backend: " + prepared);
    }
    OpenClWeights weights = (OpenClWeights) prepared;
    weights.ensureOpen();
    QuantizedExperts w = weights.source();
    MoeShape shape = problem.shape();
    if (w.n() != shape.n() || w.k() != shape.k() || w.experts() != shape.experts() || w.groupSize() != shape.groupSize()) {
      throw new UnsupportedProblemException(id(), "weights " + w + " do not match " + shape);
    }
    if (w.dtype() != problem.activations().dtype()) {
      throw new UnsupportedProblemException(id(), "scales are " + w.dtype() + ", activations " + problem.activations().dtype());
    }
    String reason = capabilities().unsupported(shape, w.dtype(), w.layout(), w.hasZeros());
    if (reason == null) {
      reason = tile.unsupported(shape);
    }
    if (reason == null && tile.workGroupSize() > cl.facts.maxWorkGroupSize()) {
      reason = "work-group of " + tile.workGroupSize() + " exceeds the device's " + cl.facts.maxWorkGroupSize();
    }
    if (reason != null) {
      throw new UnsupportedProblemException(id(), reason + " (" + path.id() + " path)");
    }
    return new OpenClGemm(cl, cl.scope, weights, problem, spec(problem, w.layout(), w.hasZeros(), tile));
  }

  /** What {@link #bind} builds a tile's program for: also what a tuned winner's kernel fingerprint hashes. */
  KernelSpec spec(GemmProblem problem, WeightLayout layout, boolean zeroPoints, TileConfig tile) {
    return KernelSpec.of(path, problem, zeroPoints, layout, tile, extraDefines, plantedBug,
        order.tilesFastest(cl.facts.gpu()));
  }

  /**
   * Overwrites the last-level cache: fills a buffer of twice CL_DEVICE_GLOBAL_MEM_CACHE_SIZE (at
   * least 64 MiB, 256 MiB on GPUs, at most one allocation), or of flush-mb, with a new pattern each
   * time, and waits. A flush-mb over the device's allocation limit is a DeviceMemoryException here.
   */
  @Override
  public void flushCaches() {
    cl.scope.ensureOpen();
    if (flushBuffer == null) {
      long floor = cl.facts.gpu() ? MIN_GPU_FLUSH_BYTES : MIN_FLUSH_BYTES;
      long bytes = requestedFlushBytes > 0 ? requestedFlushBytes
          : Math.min(cl.facts.maxAllocation(), Math.max(floor, 2 * cl.facts.globalCacheBytes())) & ~3L;
      String what = requestedFlushBytes > 0
          ? "cache flush (" + OpenClOptions.FLUSH_MB + "=" + (requestedFlushBytes >> 20) + ")" : "cache flush";
      flushBuffer = cl.buffer(cl.scope, what, bytes);
      flushBytes = bytes;
    }
    cl.fill(flushBuffer, "cache flush", Pointer.to(new int[] {++flushCount}), 4, flushBytes);
  }

  /** Bytes each flush writes; 0 before the first. */
  long flushBytes() {
    return flushBytes;
  }

  @Override
  public int openHandles() {
    return cl.scope.open();
  }

  @Override
  public void close() {
    cl.close();
  }
}
