package io.moebench.vulkan;

import static org.lwjgl.system.MemoryStack.stackPush;
import static org.lwjgl.vulkan.KHRPipelineExecutableProperties.VK_PIPELINE_EXECUTABLE_STATISTIC_FORMAT_BOOL32_KHR;
import static org.lwjgl.vulkan.KHRPipelineExecutableProperties.VK_PIPELINE_EXECUTABLE_STATISTIC_FORMAT_FLOAT64_KHR;
import static org.lwjgl.vulkan.KHRPipelineExecutableProperties.VK_PIPELINE_EXECUTABLE_STATISTIC_FORMAT_INT64_KHR;
import static org.lwjgl.vulkan.KHRPipelineExecutableProperties.vkGetPipelineExecutableStatisticsKHR;

import java.nio.IntBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.vulkan.VkPipelineExecutableInfoKHR;
import org.lwjgl.vulkan.VkPipelineExecutableStatisticKHR;

/**
 * The driver's statistics of a compute pipeline's one executable (VK_KHR_pipeline_executable_properties,
 * pipeline created with VK_PIPELINE_CREATE_CAPTURE_STATISTICS_BIT_KHR): registers, spills, shared
 * memory, as each driver names them. They explain occupancy, which device timers alone do not.
 */
final class PipelineStatistics {
  private PipelineStatistics() {}

  /** Name to value, in the driver's order. */
  static Map<String, String> read(VulkanDevice device, long pipeline) {
    try (MemoryStack stack = stackPush()) {
      VkPipelineExecutableInfoKHR exe = VkPipelineExecutableInfoKHR.calloc(stack).sType$Default().pipeline(pipeline)
          .executableIndex(0);
      IntBuffer count = stack.mallocInt(1);
      VkResults.check(vkGetPipelineExecutableStatisticsKHR(device.handle, exe, count, null), "statistics count");
      VkPipelineExecutableStatisticKHR.Buffer stats = VkPipelineExecutableStatisticKHR.calloc(count.get(0), stack);
      stats.forEach(VkPipelineExecutableStatisticKHR::sType$Default);
      VkResults.check(vkGetPipelineExecutableStatisticsKHR(device.handle, exe, count, stats), "statistics");
      Map<String, String> values = new LinkedHashMap<>();
      for (VkPipelineExecutableStatisticKHR s : stats) {
        values.put(s.nameString(), switch (s.format()) {
          case VK_PIPELINE_EXECUTABLE_STATISTIC_FORMAT_BOOL32_KHR -> Boolean.toString(s.value().b32());
          case VK_PIPELINE_EXECUTABLE_STATISTIC_FORMAT_INT64_KHR -> Long.toString(s.value().i64());
          case VK_PIPELINE_EXECUTABLE_STATISTIC_FORMAT_FLOAT64_KHR -> Double.toString(s.value().f64());
          default -> Long.toUnsignedString(s.value().u64());
        });
      }
      return values;
    }
  }

  /** "{name value, ...}", or "" where the device keeps no statistics. */
  static String describe(VulkanDevice device, long pipeline) {
    if (!device.pipelineStatistics) {
      return "";
    }
    return read(device, pipeline).entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
        .collect(Collectors.joining(", ", " {", "}"));
  }
}
