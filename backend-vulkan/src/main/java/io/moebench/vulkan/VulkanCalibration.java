package io.moebench.vulkan;

import static org.lwjgl.system.MemoryStack.stackPush;
import static org.lwjgl.vulkan.VK10.VK_ACCESS_SHADER_READ_BIT;
import static org.lwjgl.vulkan.VK10.VK_ACCESS_SHADER_WRITE_BIT;
import static org.lwjgl.vulkan.VK10.VK_ACCESS_TRANSFER_WRITE_BIT;
import static org.lwjgl.vulkan.VK10.VK_BUFFER_USAGE_STORAGE_BUFFER_BIT;
import static org.lwjgl.vulkan.VK10.VK_BUFFER_USAGE_TRANSFER_DST_BIT;
import static org.lwjgl.vulkan.VK10.VK_BUFFER_USAGE_TRANSFER_SRC_BIT;
import static org.lwjgl.vulkan.VK10.VK_PIPELINE_BIND_POINT_COMPUTE;
import static org.lwjgl.vulkan.VK10.VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT;
import static org.lwjgl.vulkan.VK10.VK_PIPELINE_STAGE_TRANSFER_BIT;
import static org.lwjgl.vulkan.VK10.VK_SHADER_STAGE_COMPUTE_BIT;
import static org.lwjgl.vulkan.VK10.VK_WHOLE_SIZE;
import static org.lwjgl.vulkan.VK10.vkCmdBindPipeline;
import static org.lwjgl.vulkan.VK10.vkCmdDispatch;
import static org.lwjgl.vulkan.VK10.vkCmdFillBuffer;
import static org.lwjgl.vulkan.VK10.vkCmdPushConstants;
import static org.lwjgl.vulkan.VK12.VK_BUFFER_USAGE_SHADER_DEVICE_ADDRESS_BIT;

import io.moebench.core.harness.TimingStats;
import io.moebench.core.quant.Dtype;
import io.moebench.core.spi.Calibration;
import io.moebench.core.util.NativeScope;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.vulkan.VkCommandBuffer;

/**
 * The device's ceilings through the backend's own paths (`moe-bench calibrate`): a device-to-device
 * shader copy (moe_calibrate_copy.comp), and moe_calibrate_matrix.comp on the matrix path a dtype
 * runs on. Every figure is the median of {@link #REPETITIONS} timestamp-timed submissions after one
 * warm-up; the buffers and pipelines live in a child scope released when the measurement ends.
 */
final class VulkanCalibration implements Calibration {
  static final String SHADER = "moe_calibrate_matrix.comp";
  static final String COPY_SHADER = "moe_calibrate_copy.comp";
  private static final int COPY_WORKGROUP = 256;
  /** Both 16-bit halves alike (fp16 1.0), so any 16-bit word of the copy shows it. */
  private static final int COPY_PATTERN = 0x3c003c00;
  private static final long COPY_CHECK_BYTES = 64L << 10;
  private static final int REPETITIONS = 5;
  private static final long GPU_COPY_BYTES = 1L << 30;
  /** lavapipe copies with the host CPU: large enough to leave its caches. */
  private static final long CPU_COPY_BYTES = 64L << 20;
  private static final int CHAINS = 8; // moe_calibrate_matrix.comp
  private static final int SUBGROUPS_PER_WORKGROUP = 4;
  private static final int FP32_WORKGROUP = 64;
  private static final int MATRIX_ITERATIONS = 128;
  private static final int FP32_ITERATIONS = 2048;

  private final VulkanDevice device;
  private final NativeScope scope;
  private final GemmPipelines pipelines;
  private final SpirvCompiler compiler;
  private final PathPlan plan;

  VulkanCalibration(VulkanDevice device, NativeScope scope, GemmPipelines pipelines, SpirvCompiler compiler, PathPlan plan) {
    this.device = device;
    this.scope = scope;
    this.pipelines = pipelines;
    this.compiler = compiler;
    this.plan = plan;
  }

  /**
   * A compute-shader copy (moe_calibrate_copy.comp) between two device-local buffers: what GEMM
   * kernels can stream. Not vkCmdCopyBuffer, which NVIDIA runs on a copy engine at about a third
   * of that (0.85 vs 3.0 TB/s on an H100).
   */
  @Override
  public double copyBandwidth() {
    PhysicalDeviceInfo info = device.info;
    long wanted = info.isCpu() ? CPU_COPY_BYTES : GPU_COPY_BYTES;
    long limit = Math.min(Math.min(info.maxMemoryAllocationSize, info.maxBufferSize), info.deviceLocalBytes / 4);
    long bytes = Math.max(16, Math.min(wanted, limit) & ~15L);
    int workgroupSize = Math.min(COPY_WORKGROUP, info.maxWorkGroupInvocations);
    // enough resident invocations to keep every memory channel busy; lavapipe has few threads
    int workgroups = info.isCpu() ? 16 : Math.max(info.computeUnits, 64) * 8;
    int usage = VK_BUFFER_USAGE_STORAGE_BUFFER_BIT | VK_BUFFER_USAGE_SHADER_DEVICE_ADDRESS_BIT;
    try (NativeScope s = scope.child("copy calibration")) {
      byte[] spirv = compiler.compile(COPY_SHADER, Map.of());
      String what = "copy calibration (" + (bytes >> 20) + " MiB)";
      long pipeline = pipelines.create(s, spirv, new int[] {workgroupSize, (int) (bytes / 16)}, 0, 0, what, what);
      DeviceBuffer from = DeviceBuffer.create(device, s, "copy source", bytes, usage | VK_BUFFER_USAGE_TRANSFER_DST_BIT,
          DeviceBuffer.Kind.DEVICE);
      DeviceBuffer to = DeviceBuffer.create(device, s, "copy destination", bytes, usage | VK_BUFFER_USAGE_TRANSFER_DST_BIT
          | VK_BUFFER_USAGE_TRANSFER_SRC_BIT, DeviceBuffer.Kind.DEVICE);
      long source = from.address(device);
      long destination = to.address(device);
      device.run("copy buffers fill", cb -> {
        // real pages with data behind them, different in each buffer so the check below means something
        vkCmdFillBuffer(cb, from.handle, 0, VK_WHOLE_SIZE, COPY_PATTERN);
        vkCmdFillBuffer(cb, to.handle, 0, VK_WHOLE_SIZE, ~COPY_PATTERN);
        Transfers.barrier(cb, VK_PIPELINE_STAGE_TRANSFER_BIT, VK_ACCESS_TRANSFER_WRITE_BIT,
            VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT, VK_ACCESS_SHADER_READ_BIT | VK_ACCESS_SHADER_WRITE_BIT);
      });
      long nanos = medianNanos(s, what, cb -> {
        try (MemoryStack stack = stackPush()) {
          ByteBuffer push = stack.malloc(GemmPipelines.PUSH_CONSTANT_BYTES);
          push.putLong(0, source).putLong(8, destination);
          vkCmdBindPipeline(cb, VK_PIPELINE_BIND_POINT_COMPUTE, pipeline);
          vkCmdPushConstants(cb, pipelines.pipelineLayout, VK_SHADER_STAGE_COMPUTE_BIT, 0, push);
          vkCmdDispatch(cb, workgroups, 1, 1);
        }
      });
      checkCopied(s, to, 0);
      checkCopied(s, to, bytes - Math.min(bytes, COPY_CHECK_BYTES));
      return 2.0 * bytes / (nanos * 1e-9); // every byte read once and written once
    }
  }

  /** A figure from a copy that did not copy would be a lie: the head and tail of the destination must hold the source. */
  private void checkCopied(NativeScope s, DeviceBuffer to, long offset) {
    short[] words = Transfers.readShorts(device, s, to, offset, Math.min(to.size, COPY_CHECK_BYTES));
    for (int i = 0; i < words.length; i++) {
      if (words[i] != (short) COPY_PATTERN) {
        throw new IllegalStateException("copy calibration: destination byte " + (offset + 2L * i) + " holds 0x"
            + Integer.toHexString(words[i] & 0xffff) + ", not the source's 0x" + Integer.toHexString(COPY_PATTERN & 0xffff)
            + ": " + COPY_SHADER + " did not copy");
      }
    }
  }

  /**
   * Cooperative matrices of the device's listed shape where the dtype runs on them, fp32 FMAs
   * otherwise (portable and coopmat-emulated paths, whose arithmetic is scalar fp32).
   */
  @Override
  public double matrixThroughput(Dtype dtype) {
    MatrixPath path = plan.path(dtype);
    boolean matrixUnits = path == MatrixPath.COOPMAT;
    CoopmatShape shape = matrixUnits ? plan.coopmat().get(dtype) : null;
    int workgroupSize = matrixUnits ? SUBGROUPS_PER_WORKGROUP * plan.subgroupSize() : FP32_WORKGROUP;
    // enough workgroups to fill every compute unit several times over
    int workgroups = device.info.isCpu() ? 16 : Math.max(device.info.computeUnits, 64) * 8;
    // about 0.1 s per submission on an H100; fp32 stays within lavapipe's loop limit
    int iterations = matrixUnits ? MATRIX_ITERATIONS : FP32_ITERATIONS;
    int[] constants = matrixUnits ? new int[] {workgroupSize, shape.m(), shape.n(), shape.k()}
        : new int[] {workgroupSize, 16, 16, 16};
    long sinkFloats = matrixUnits ? (long) workgroups * SUBGROUPS_PER_WORKGROUP * shape.m() * shape.n()
        : (long) workgroups * workgroupSize;
    double flopsPerIteration = matrixUnits
        ? (double) workgroups * SUBGROUPS_PER_WORKGROUP * CHAINS * 2.0 * shape.m() * shape.n() * shape.k()
        : (double) workgroups * workgroupSize * CHAINS * 4 * 2.0;
    String what = "matrix calibration (" + dtype.id() + ", " + (matrixUnits ? shape : "fp32") + ")";
    try (NativeScope s = scope.child("matrix calibration")) {
      byte[] spirv = compiler.compile(SHADER, defines(matrixUnits, dtype));
      long pipeline = pipelines.create(s, spirv, constants, matrixUnits ? plan.subgroupSize() : 0, 0, what, what);
      DeviceBuffer sink = DeviceBuffer.create(device, s, "calibration sink", 4 * sinkFloats,
          VK_BUFFER_USAGE_STORAGE_BUFFER_BIT | VK_BUFFER_USAGE_SHADER_DEVICE_ADDRESS_BIT, DeviceBuffer.Kind.DEVICE);
      long address = sink.address(device);
      long nanos = medianNanos(s, what, cb -> {
        try (MemoryStack stack = stackPush()) {
          ByteBuffer push = stack.malloc(GemmPipelines.PUSH_CONSTANT_BYTES);
          push.putLong(0, address).putInt(8, iterations).putFloat(12, 0.001f);
          vkCmdBindPipeline(cb, VK_PIPELINE_BIND_POINT_COMPUTE, pipeline);
          vkCmdPushConstants(cb, pipelines.pipelineLayout, VK_SHADER_STAGE_COMPUTE_BIT, 0, push);
          vkCmdDispatch(cb, workgroups, 1, 1);
        }
      });
      return flopsPerIteration * iterations / (nanos * 1e-9);
    }
  }

  static Map<String, String> defines(boolean matrixUnits, Dtype dtype) {
    Map<String, String> d = new TreeMap<>();
    d.put("MATRIX_UNITS", matrixUnits ? "1" : "0");
    d.put("DTYPE_BF16", dtype == Dtype.BF16 ? "1" : "0");
    return d;
  }

  /** One warm-up, then the median device time of {@link #REPETITIONS} submissions of {@code work}. */
  private long medianNanos(NativeScope s, String what, Consumer<VkCommandBuffer> work) {
    Timestamps timestamps = new Timestamps(device, s);
    long[] nanos = new long[REPETITIONS];
    for (int i = -1; i < REPETITIONS; i++) {
      device.run(what, cb -> {
        timestamps.begin(cb);
        work.accept(cb);
        timestamps.end(cb);
      });
      if (i >= 0) {
        nanos[i] = Math.max(1, timestamps.nanos());
      }
    }
    return TimingStats.medianNanos(nanos);
  }
}
