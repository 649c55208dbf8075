package io.moebench.vulkan;

import static org.lwjgl.system.MemoryStack.stackPush;
import static org.lwjgl.system.MemoryUtil.NULL;
import static org.lwjgl.vulkan.EXTDebugUtils.VK_DEBUG_UTILS_MESSAGE_SEVERITY_ERROR_BIT_EXT;
import static org.lwjgl.vulkan.EXTDebugUtils.VK_DEBUG_UTILS_MESSAGE_SEVERITY_WARNING_BIT_EXT;
import static org.lwjgl.vulkan.EXTDebugUtils.VK_DEBUG_UTILS_MESSAGE_TYPE_GENERAL_BIT_EXT;
import static org.lwjgl.vulkan.EXTDebugUtils.VK_DEBUG_UTILS_MESSAGE_TYPE_PERFORMANCE_BIT_EXT;
import static org.lwjgl.vulkan.EXTDebugUtils.VK_DEBUG_UTILS_MESSAGE_TYPE_VALIDATION_BIT_EXT;
import static org.lwjgl.vulkan.EXTDebugUtils.VK_EXT_DEBUG_UTILS_EXTENSION_NAME;
import static org.lwjgl.vulkan.EXTDebugUtils.vkCreateDebugUtilsMessengerEXT;
import static org.lwjgl.vulkan.EXTDebugUtils.vkDestroyDebugUtilsMessengerEXT;
import static org.lwjgl.vulkan.VK10.VK_FALSE;
import static org.lwjgl.vulkan.VK10.vkCreateInstance;
import static org.lwjgl.vulkan.VK10.vkDestroyInstance;
import static org.lwjgl.vulkan.VK10.vkEnumerateInstanceLayerProperties;
import static org.lwjgl.vulkan.VK10.vkEnumeratePhysicalDevices;
import static org.lwjgl.vulkan.VK13.VK_API_VERSION_1_3;

import io.moebench.core.InputException;
import io.moebench.core.spi.BackendUnavailableException;
import io.moebench.core.util.NativeScope;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.lwjgl.PointerBuffer;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.vulkan.VkApplicationInfo;
import org.lwjgl.vulkan.VkDebugUtilsMessengerCallbackDataEXT;
import org.lwjgl.vulkan.VkDebugUtilsMessengerCallbackEXT;
import org.lwjgl.vulkan.VkDebugUtilsMessengerCreateInfoEXT;
import org.lwjgl.vulkan.VkInstance;
import org.lwjgl.vulkan.VkInstanceCreateInfo;
import org.lwjgl.vulkan.VkLayerProperties;
import org.lwjgl.vulkan.VkPhysicalDevice;

/** A VkInstance (optionally with the validation layer and a counting messenger) and its devices. */
final class VulkanInstance {
  static final String VALIDATION_LAYER = "VK_LAYER_KHRONOS_validation";
  private static final int VK_ERROR_INCOMPATIBLE_DRIVER = -9;

  final VkInstance handle;

  private VulkanInstance(VkInstance handle) {
    this.handle = handle;
  }

  /**
   * Creates the instance, registering its handles in {@code scope}. With a log, enables the
   * validation layer and reports every warning and error to it, instance creation included.
   */
  static VulkanInstance create(NativeScope scope, ValidationLog log) {
    try (MemoryStack stack = stackPush()) {
      VkApplicationInfo app = VkApplicationInfo.calloc(stack).sType$Default()
          .pApplicationName(stack.UTF8("moe-bench")).pEngineName(stack.UTF8("moe-bench"))
          .apiVersion(VK_API_VERSION_1_3);
      VkInstanceCreateInfo info = VkInstanceCreateInfo.calloc(stack).sType$Default().pApplicationInfo(app);
      VkDebugUtilsMessengerCreateInfoEXT messengerInfo = null;
      if (log != null) {
        VkDebugUtilsMessengerCallbackEXT callback = messengerCallback(log);
        scope.add("debug callback", callback, callback::free);
        messengerInfo = VkDebugUtilsMessengerCreateInfoEXT.calloc(stack).sType$Default()
            .messageSeverity(VK_DEBUG_UTILS_MESSAGE_SEVERITY_WARNING_BIT_EXT | VK_DEBUG_UTILS_MESSAGE_SEVERITY_ERROR_BIT_EXT)
            .messageType(VK_DEBUG_UTILS_MESSAGE_TYPE_GENERAL_BIT_EXT | VK_DEBUG_UTILS_MESSAGE_TYPE_VALIDATION_BIT_EXT
                | VK_DEBUG_UTILS_MESSAGE_TYPE_PERFORMANCE_BIT_EXT)
            .pfnUserCallback(callback);
        info.ppEnabledLayerNames(stack.pointers(stack.UTF8(VALIDATION_LAYER)))
            .ppEnabledExtensionNames(stack.pointers(stack.UTF8(VK_EXT_DEBUG_UTILS_EXTENSION_NAME)));
        PNext.chain(info, messengerInfo); // also reports vkCreateInstance / vkDestroyInstance
      }
      PointerBuffer pp = stack.mallocPointer(1);
      int r = vkCreateInstance(info, null, pp);
      if (r == VK_ERROR_INCOMPATIBLE_DRIVER) {
        throw new BackendUnavailableException(VulkanProvider.ID, VulkanProvider.NO_DRIVER);
      }
      VkResults.check(r, "vkCreateInstance");
      VkInstance instance = new VkInstance(pp.get(0), info);
      scope.add("instance", instance, () -> vkDestroyInstance(instance, null));
      if (messengerInfo != null) {
        long[] messenger = new long[1];
        VkResults.check(vkCreateDebugUtilsMessengerEXT(instance, messengerInfo, null, messenger),
            "vkCreateDebugUtilsMessengerEXT");
        scope.add("debug messenger", messenger[0], () -> vkDestroyDebugUtilsMessengerEXT(instance, messenger[0], null));
      }
      return new VulkanInstance(instance);
    }
  }

  private static VkDebugUtilsMessengerCallbackEXT messengerCallback(ValidationLog log) {
    return VkDebugUtilsMessengerCallbackEXT.create((severity, types, data, user) -> {
      VkDebugUtilsMessengerCallbackDataEXT d = VkDebugUtilsMessengerCallbackDataEXT.create(data);
      String id = d.pMessageIdNameString();
      log.add((severity >= VK_DEBUG_UTILS_MESSAGE_SEVERITY_ERROR_BIT_EXT ? "error" : "warning")
          + (id == null ? "" : " " + id) + ": " + d.pMessageString());
      return VK_FALSE;
    });
  }

  /** Whether the Khronos validation layer is installed (vulkan-validationlayers). */
  static boolean validationLayerInstalled() {
    int[] count = new int[1];
    VkResults.check(vkEnumerateInstanceLayerProperties(count, null), "vkEnumerateInstanceLayerProperties");
    VkLayerProperties.Buffer layers = VkLayerProperties.calloc(count[0]);
    try {
      VkResults.check(vkEnumerateInstanceLayerProperties(count, layers), "vkEnumerateInstanceLayerProperties");
      for (int i = 0; i < count[0]; i++) {
        if (layers.get(i).layerNameString().equals(VALIDATION_LAYER)) {
          return true;
        }
      }
      return false;
    } finally {
      layers.free();
    }
  }

  /**
   * The device to use: the one at {@code index} in enumeration order, or else the best ranked usable
   * one (discrete, integrated, virtual, CPU). Throws {@link BackendUnavailableException} with the
   * reason when none is usable, {@link InputException} for an index out of range.
   */
  PhysicalDeviceInfo select(Optional<Integer> index) {
    List<VkPhysicalDevice> devices = physicalDevices();
    if (devices.isEmpty()) {
      throw new BackendUnavailableException(VulkanProvider.ID, VulkanProvider.NO_DRIVER);
    }
    if (index.isPresent()) {
      int i = index.get();
      InputException.require(i < devices.size(), "vulkan option device=" + i + ": allowed values are 0 to "
          + (devices.size() - 1));
      return usable(devices.get(i), i);
    }
    PhysicalDeviceInfo best = null;
    List<String> refusals = new ArrayList<>();
    for (int i = 0; i < devices.size(); i++) {
      try {
        PhysicalDeviceInfo d = usable(devices.get(i), i);
        if (best == null || d.typeRank() > best.typeRank()) {
          best = d;
        }
      } catch (BackendUnavailableException e) {
        refusals.add(e.getMessage());
      }
    }
    if (best == null) {
      throw new BackendUnavailableException(VulkanProvider.ID, "no usable Vulkan device: " + String.join("; ", refusals));
    }
    return best;
  }

  private static PhysicalDeviceInfo usable(VkPhysicalDevice device, int index) {
    String old = PhysicalDeviceInfo.tooOld(device);
    if (old != null) {
      throw new BackendUnavailableException(VulkanProvider.ID, old);
    }
    PhysicalDeviceInfo info = PhysicalDeviceInfo.query(device, index);
    String reason = info.unusableReason();
    if (reason != null) {
      throw new BackendUnavailableException(VulkanProvider.ID, reason);
    }
    return info;
  }

  List<VkPhysicalDevice> physicalDevices() {
    int[] count = new int[1];
    VkResults.check(vkEnumeratePhysicalDevices(handle, count, null), "vkEnumeratePhysicalDevices");
    if (count[0] == 0) {
      return List.of();
    }
    try (MemoryStack stack = stackPush()) {
      PointerBuffer devices = stack.mallocPointer(count[0]);
      VkResults.check(vkEnumeratePhysicalDevices(handle, stack.ints(count[0]), devices), "vkEnumeratePhysicalDevices");
      List<VkPhysicalDevice> list = new ArrayList<>();
      for (int i = 0; i < devices.capacity(); i++) {
        if (devices.get(i) != NULL) {
          list.add(new VkPhysicalDevice(devices.get(i), handle));
        }
      }
      return list;
    }
  }
}
