package io.moebench.opencl;

import io.moebench.core.harness.TimingStats;
import io.moebench.core.quant.Dtype;
import io.moebench.core.spi.Calibration;
import io.moebench.core.util.NativeScope;
import java.util.function.LongSupplier;
import org.jocl.Pointer;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;

/**
 * The device's ceilings measured through this backend: a device-to-device buffer copy, and
 * moe_calibrate.cl's register-resident loop on the backend's matrix path. Each measurement owns
 * its buffers and program for its duration only, and reports the median of several timed runs
 * after one untimed warm-up.
 */
final class OpenClCalibration implements Calibration {
  static final String SOURCE = "moe_calibrate.cl";
  private static final int REPEATS = 5;
  private static final long GPU_COPY_BYTES = 1L << 30;
  private static final long CPU_COPY_BYTES = 64L << 20;
  /** Independent accumulators per item (per warp on the matrix paths): enough to hide the pipeline latency. */
  private static final int CHAINS = 8;
  private static final int GROUPS_PER_COMPUTE_UNIT = 8;
  private static final int WORK_GROUP = 256;

  private final ClRuntime cl;
  private final MatrixPath path;

  OpenClCalibration(ClRuntime cl, MatrixPath path) {
    this.cl = cl;
    this.path = path;
  }

  @Override
  public double copyBandwidth() {
    cl.scope.ensureOpen();
    long bytes = (cl.facts.gpu() ? Math.min(GPU_COPY_BYTES, cl.facts.maxAllocation() / 2) : CPU_COPY_BYTES) & ~3L;
    try (NativeScope scope = cl.scope.child("calibration copy")) {
      cl_mem src = cl.buffer(scope, "copy source", bytes);
      cl_mem dst = cl.buffer(scope, "copy destination", bytes);
      // Writing both first makes drivers that allocate on first touch do so outside the timing.
      cl.fill(src, "copy source", Pointer.to(new int[] {1}), 4, bytes);
      cl.fill(dst, "copy destination", Pointer.to(new int[] {0}), 4, bytes);
      return 2.0 * bytes / seconds(median(() -> cl.copy(src, dst, bytes)));
    }
  }

  @Override
  public double matrixThroughput(Dtype dtype) {
    cl.scope.ensureOpen();
    // The matrix paths count 2*16*FRAG_N*16 flops per instruction and warp; the portable one 2 per fma.
    int iterations = path.usesMatrixUnits() ? 1024 : cl.facts.gpu() ? 16384 : 1024;
    double flopsPerItem = path.usesMatrixUnits()
        ? (double) CHAINS * iterations * 2 * 16 * path.fragmentColumns() * 16 / TileConfig.WARP
        : 2.0 * CHAINS * iterations;
    long local = Math.min(WORK_GROUP, cl.facts.maxWorkGroupSize());
    long items = (long) cl.facts.computeUnits() * GROUPS_PER_COMPUTE_UNIT * local;
    String options = path.languageOption() + " " + defines(path, dtype, iterations, local);
    try (NativeScope scope = cl.scope.child("calibration peak")) {
      cl_kernel kernel = cl.kernel(scope, cl.program(scope, SOURCE, KernelSource.load(SOURCE), options).program(), "moe_peak");
      cl_mem sink = cl.buffer(scope, "peak sums", items * 4);
      ClRuntime.setBuffer(kernel, 0, sink);
      ClRuntime.setInt(kernel, 1, 1);
      ClRuntime.Launch launch = new ClRuntime.Launch(kernel, new long[] {items}, new long[] {local});
      return items * flopsPerItem / seconds(median(() -> cl.run(launch)));
    }
  }

  /** The -D options of moe_calibrate.cl, without -cl-std (offline compilers pass their own). */
  static String defines(MatrixPath path, Dtype dtype, int iterations, long workGroupSize) {
    return "-D" + path.define() + (dtype == Dtype.BF16 ? " -DMOE_DTYPE_BF16" : " -DMOE_DTYPE_F16")
        + " -DMOE_CAL_ITERS=" + iterations + " -DMOE_CAL_CHAINS=" + CHAINS + " -DMOE_WG_SIZE=" + workGroupSize;
  }

  private static long median(LongSupplier nanos) {
    nanos.getAsLong(); // warm-up: first launches pay for caches, clocks and lazy allocation
    long[] t = new long[REPEATS];
    for (int i = 0; i < REPEATS; i++) {
      t[i] = nanos.getAsLong();
    }
    return TimingStats.medianNanos(t);
  }

  /** Nanoseconds as seconds, never zero (a timer too coarse for the work must not divide by zero). */
  private static double seconds(long nanos) {
    return Math.max(nanos, 1) * 1e-9;
  }
}
