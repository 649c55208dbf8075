package io.moebench.vulkan;

import static org.lwjgl.system.MemoryStack.stackPush;
import static org.lwjgl.vulkan.VK10.VK_BUFFER_USAGE_STORAGE_BUFFER_BIT;
import static org.lwjgl.vulkan.VK10.VK_BUFFER_USAGE_TRANSFER_SRC_BIT;
import static org.lwjgl.vulkan.VK10.VK_PIPELINE_BIND_POINT_COMPUTE;
import static org.lwjgl.vulkan.VK10.VK_SHADER_STAGE_COMPUTE_BIT;
import static org.lwjgl.vulkan.VK10.vkCmdBindPipeline;
import static org.lwjgl.vulkan.VK10.vkCmdDispatch;
import static org.lwjgl.vulkan.VK10.vkCmdPushConstants;
import static org.lwjgl.vulkan.VK12.VK_BUFFER_USAGE_SHADER_DEVICE_ADDRESS_BIT;

import io.moebench.core.quant.Dtype;
import io.moebench.core.quant.FragmentLayout;
import io.moebench.core.util.NativeScope;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.TreeMap;
import org.lwjgl.system.MemoryStack;

/** Runs moe_coopmat_layout.comp once on the device: the {@link FragmentLayout} of a dtype's B matrices. */
final class FragmentLayoutProbe {
  static final String SHADER = "moe_coopmat_layout.comp";

  private FragmentLayoutProbe() {}

  static FragmentLayout probe(VulkanDevice device, NativeScope parent, GemmPipelines pipelines, SpirvCompiler compiler,
      PathPlan plan, Dtype dtype) {
    CoopmatShape shape = plan.coopmat().get(dtype);
    int lanes = plan.subgroupSize();
    int maxLength = shape.k() * shape.n();
    int floats = 2 * lanes * maxLength + 1;
    String what = "B fragment layout probe (" + dtype.id() + ", " + shape + ")";
    try (NativeScope s = parent.child("fragment layout probe")) {
      Map<String, String> defines = new TreeMap<>();
      defines.put("DTYPE_BF16", dtype == Dtype.BF16 ? "1" : "0");
      defines.put("COOPMAT_EMULATED", plan.usesEmulation() ? "1" : "0");
      long pipeline = pipelines.create(s, compiler.compile(SHADER, defines), new int[] {lanes, shape.k(), shape.n()},
          lanes, 0, what, what);
      DeviceBuffer values = DeviceBuffer.create(device, s, "fragment layout", 4L * floats, VK_BUFFER_USAGE_STORAGE_BUFFER_BIT
          | VK_BUFFER_USAGE_SHADER_DEVICE_ADDRESS_BIT | VK_BUFFER_USAGE_TRANSFER_SRC_BIT, DeviceBuffer.Kind.DEVICE);
      long address = values.address(device);
      device.run(what, cb -> {
        try (MemoryStack stack = stackPush()) {
          ByteBuffer push = stack.calloc(GemmPipelines.PUSH_CONSTANT_BYTES);
          push.putLong(0, address);
          vkCmdBindPipeline(cb, VK_PIPELINE_BIND_POINT_COMPUTE, pipeline);
          vkCmdPushConstants(cb, pipelines.pipelineLayout, VK_SHADER_STAGE_COMPUTE_BIT, 0, push);
          vkCmdDispatch(cb, 1, 1, 1);
        }
      });
      short[] halves = Transfers.readShorts(device, s, values, 4L * floats);
      float[] v = new float[floats];
      for (int i = 0; i < floats; i++) {
        v[i] = Float.intBitsToFloat((halves[2 * i] & 0xffff) | (halves[2 * i + 1] << 16));
      }
      int length = Math.round(v[floats - 1]);
      if (length < 1 || length > maxLength) {
        throw new IllegalStateException(what + ": the device reports " + v[floats - 1] + " elements per invocation");
      }
      int[] row = new int[lanes * length];
      int[] column = new int[lanes * length];
      for (int lane = 0; lane < lanes; lane++) {
        for (int i = 0; i < length; i++) {
          row[lane * length + i] = Math.round(v[lane * maxLength + i]);
          column[lane * length + i] = Math.round(v[(lanes + lane) * maxLength + i]);
        }
      }
      return new FragmentLayout(lanes, shape.k(), shape.n(), length, row, column);
    }
  }
}
