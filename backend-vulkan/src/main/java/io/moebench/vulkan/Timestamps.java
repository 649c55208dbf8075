package io.moebench.vulkan;

import static org.lwjgl.system.MemoryStack.stackPush;
import static org.lwjgl.vulkan.VK10.VK_PIPELINE_STAGE_BOTTOM_OF_PIPE_BIT;
import static org.lwjgl.vulkan.VK10.VK_PIPELINE_STAGE_TOP_OF_PIPE_BIT;
import static org.lwjgl.vulkan.VK10.VK_QUERY_RESULT_64_BIT;
import static org.lwjgl.vulkan.VK10.VK_QUERY_RESULT_WAIT_BIT;
import static org.lwjgl.vulkan.VK10.VK_QUERY_TYPE_TIMESTAMP;
import static org.lwjgl.vulkan.VK10.vkCmdResetQueryPool;
import static org.lwjgl.vulkan.VK10.vkCmdWriteTimestamp;
import static org.lwjgl.vulkan.VK10.vkCreateQueryPool;
import static org.lwjgl.vulkan.VK10.vkDestroyQueryPool;
import static org.lwjgl.vulkan.VK10.vkGetQueryPoolResults;

import io.moebench.core.util.NativeScope;
import java.nio.LongBuffer;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.vulkan.VkCommandBuffer;
import org.lwjgl.vulkan.VkQueryPoolCreateInfo;

/** A two-timestamp query pool around recorded work: the device's own time for it. */
final class Timestamps {
  private final VulkanDevice device;
  private final long pool;

  Timestamps(VulkanDevice device, NativeScope scope) {
    this.device = device;
    try (MemoryStack stack = stackPush()) {
      long[] handle = new long[1];
      VkResults.check(vkCreateQueryPool(device.handle, VkQueryPoolCreateInfo.calloc(stack).sType$Default()
          .queryType(VK_QUERY_TYPE_TIMESTAMP).queryCount(2), null, handle), "vkCreateQueryPool");
      pool = handle[0];
      scope.add("query pool", pool, () -> vkDestroyQueryPool(device.handle, pool, null));
    }
  }

  /** Records the reset and the first timestamp, before the timed work. */
  void begin(VkCommandBuffer cb) {
    vkCmdResetQueryPool(cb, pool, 0, 2);
    vkCmdWriteTimestamp(cb, VK_PIPELINE_STAGE_TOP_OF_PIPE_BIT, pool, 0);
  }

  /** Records the second timestamp, after the timed work. */
  void end(VkCommandBuffer cb) {
    vkCmdWriteTimestamp(cb, VK_PIPELINE_STAGE_BOTTOM_OF_PIPE_BIT, pool, 1);
  }

  /** Nanoseconds between the two timestamps of the last completed submission. */
  long nanos() {
    try (MemoryStack stack = stackPush()) {
      LongBuffer ticks = stack.mallocLong(2);
      VkResults.check(vkGetQueryPoolResults(device.handle, pool, 0, 2, ticks, 8,
          VK_QUERY_RESULT_64_BIT | VK_QUERY_RESULT_WAIT_BIT), "vkGetQueryPoolResults");
      int bits = device.info.timestampValidBits;
      long mask = bits >= 64 ? -1L : (1L << bits) - 1;
      long elapsed = (ticks.get(1) - ticks.get(0)) & mask;
      return Math.round(elapsed * (double) device.info.timestampPeriod);
    }
  }
}
