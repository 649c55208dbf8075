package io.moebench.vulkan;

import io.moebench.core.spi.DeviceMemoryException;
import java.util.Map;

/**
 * Every VkResult of the Vulkan 1.4 registry (core and extensions, one canonical name per value) and
 * the check every Vulkan call goes through.
 */
final class VkResults {
  private VkResults() {}

  private static final Map<Integer, String> NAMES = Map.ofEntries(
      Map.entry(0, "VK_SUCCESS"),
      Map.entry(1, "VK_NOT_READY"),
      Map.entry(2, "VK_TIMEOUT"),
      Map.entry(3, "VK_EVENT_SET"),
      Map.entry(4, "VK_EVENT_RESET"),
      Map.entry(5, "VK_INCOMPLETE"),
      Map.entry(-1, "VK_ERROR_OUT_OF_HOST_MEMORY"),
      Map.entry(-2, "VK_ERROR_OUT_OF_DEVICE_MEMORY"),
      Map.entry(-3, "VK_ERROR_INITIALIZATION_FAILED"),
      Map.entry(-4, "VK_ERROR_DEVICE_LOST"),
      Map.entry(-5, "VK_ERROR_MEMORY_MAP_FAILED"),
      Map.entry(-6, "VK_ERROR_LAYER_NOT_PRESENT"),
      Map.entry(-7, "VK_ERROR_EXTENSION_NOT_PRESENT"),
      Map.entry(-8, "VK_ERROR_FEATURE_NOT_PRESENT"),
      Map.entry(-9, "VK_ERROR_INCOMPATIBLE_DRIVER"),
      Map.entry(-10, "VK_ERROR_TOO_MANY_OBJECTS"),
      Map.entry(-11, "VK_ERROR_FORMAT_NOT_SUPPORTED"),
      Map.entry(-12, "VK_ERROR_FRAGMENTED_POOL"),
      Map.entry(-13, "VK_ERROR_UNKNOWN"),
      Map.entry(-1000069000, "VK_ERROR_OUT_OF_POOL_MEMORY"),
      Map.entry(-1000072003, "VK_ERROR_INVALID_EXTERNAL_HANDLE"),
      Map.entry(-1000161000, "VK_ERROR_FRAGMENTATION"),
      Map.entry(-1000257000, "VK_ERROR_INVALID_OPAQUE_CAPTURE_ADDRESS"),
      Map.entry(1000297000, "VK_PIPELINE_COMPILE_REQUIRED"),
      Map.entry(-1000174001, "VK_ERROR_NOT_PERMITTED"),
      Map.entry(-1000011001, "VK_ERROR_VALIDATION_FAILED"),
      Map.entry(-1000000000, "VK_ERROR_SURFACE_LOST_KHR"),
      Map.entry(-1000000001, "VK_ERROR_NATIVE_WINDOW_IN_USE_KHR"),
      Map.entry(1000001003, "VK_SUBOPTIMAL_KHR"),
      Map.entry(-1000001004, "VK_ERROR_OUT_OF_DATE_KHR"),
      Map.entry(-1000003001, "VK_ERROR_INCOMPATIBLE_DISPLAY_KHR"),
      Map.entry(-1000012000, "VK_ERROR_INVALID_SHADER_NV"),
      Map.entry(-1000023000, "VK_ERROR_IMAGE_USAGE_NOT_SUPPORTED_KHR"),
      Map.entry(-1000023001, "VK_ERROR_VIDEO_PICTURE_LAYOUT_NOT_SUPPORTED_KHR"),
      Map.entry(-1000023002, "VK_ERROR_VIDEO_PROFILE_OPERATION_NOT_SUPPORTED_KHR"),
      Map.entry(-1000023003, "VK_ERROR_VIDEO_PROFILE_FORMAT_NOT_SUPPORTED_KHR"),
      Map.entry(-1000023004, "VK_ERROR_VIDEO_PROFILE_CODEC_NOT_SUPPORTED_KHR"),
      Map.entry(-1000023005, "VK_ERROR_VIDEO_STD_VERSION_NOT_SUPPORTED_KHR"),
      Map.entry(-1000158000, "VK_ERROR_INVALID_DRM_FORMAT_MODIFIER_PLANE_LAYOUT_EXT"),
      Map.entry(-1000208000, "VK_ERROR_PRESENT_TIMING_QUEUE_FULL_EXT"),
      Map.entry(-1000255000, "VK_ERROR_FULL_SCREEN_EXCLUSIVE_MODE_LOST_EXT"),
      Map.entry(1000268000, "VK_THREAD_IDLE_KHR"),
      Map.entry(1000268001, "VK_THREAD_DONE_KHR"),
      Map.entry(1000268002, "VK_OPERATION_DEFERRED_KHR"),
      Map.entry(1000268003, "VK_OPERATION_NOT_DEFERRED_KHR"),
      Map.entry(-1000299000, "VK_ERROR_INVALID_VIDEO_STD_PARAMETERS_KHR"),
      Map.entry(-1000338000, "VK_ERROR_COMPRESSION_EXHAUSTED_EXT"),
      Map.entry(1000482000, "VK_INCOMPATIBLE_SHADER_BINARY_EXT"),
      Map.entry(1000483000, "VK_PIPELINE_BINARY_MISSING_KHR"),
      Map.entry(-1000483000, "VK_ERROR_NOT_ENOUGH_SPACE_KHR"));

  /** The symbolic name of a VkResult, or "VkResult(code)" for a value newer than this table. */
  static String name(int code) {
    String n = NAMES.get(code);
    return n != null ? n : "VkResult(" + code + ")";
  }

  static boolean known(int code) {
    return NAMES.containsKey(code);
  }

  /**
   * Returns normally on VK_SUCCESS; throws {@link DeviceMemoryException} for the out-of-memory
   * results and {@link VulkanCallException} for any other.
   */
  static void check(int code, String operation) {
    if (code == 0) {
      return;
    }
    if (code == -1 || code == -2 || code == -1000069000 || code == -1000161000) {
      throw new DeviceMemoryException(VulkanProvider.ID, operation + " failed: " + name(code) + " (" + code + ")");
    }
    throw new VulkanCallException(operation, code);
  }
}
