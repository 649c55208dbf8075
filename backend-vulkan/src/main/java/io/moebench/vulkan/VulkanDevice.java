package io.moebench.vulkan;

import static org.lwjgl.system.MemoryStack.stackPush;
import static org.lwjgl.vulkan.KHRCooperativeMatrix.VK_KHR_COOPERATIVE_MATRIX_EXTENSION_NAME;
import static org.lwjgl.vulkan.KHRPipelineExecutableProperties.VK_KHR_PIPELINE_EXECUTABLE_PROPERTIES_EXTENSION_NAME;
import static org.lwjgl.vulkan.KHRShaderBfloat16.VK_KHR_SHADER_BFLOAT16_EXTENSION_NAME;
import static org.lwjgl.vulkan.VK10.VK_COMMAND_BUFFER_LEVEL_PRIMARY;
import static org.lwjgl.vulkan.VK10.VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT;
import static org.lwjgl.vulkan.VK10.VK_COMMAND_POOL_CREATE_RESET_COMMAND_BUFFER_BIT;
import static org.lwjgl.vulkan.VK10.VK_NULL_HANDLE;
import static org.lwjgl.vulkan.VK10.vkAllocateCommandBuffers;
import static org.lwjgl.vulkan.VK10.vkBeginCommandBuffer;
import static org.lwjgl.vulkan.VK10.vkCreateCommandPool;
import static org.lwjgl.vulkan.VK10.vkCreateDevice;
import static org.lwjgl.vulkan.VK10.vkCreateFence;
import static org.lwjgl.vulkan.VK10.vkDestroyCommandPool;
import static org.lwjgl.vulkan.VK10.vkDestroyDevice;
import static org.lwjgl.vulkan.VK10.vkDestroyFence;
import static org.lwjgl.vulkan.VK10.vkDeviceWaitIdle;
import static org.lwjgl.vulkan.VK10.vkEndCommandBuffer;
import static org.lwjgl.vulkan.VK10.vkFreeCommandBuffers;
import static org.lwjgl.vulkan.VK10.vkGetDeviceQueue;
import static org.lwjgl.vulkan.VK10.vkGetPhysicalDeviceMemoryProperties;
import static org.lwjgl.vulkan.VK10.vkQueueSubmit;
import static org.lwjgl.vulkan.VK10.vkResetFences;
import static org.lwjgl.vulkan.VK10.vkWaitForFences;

import io.moebench.core.spi.DeviceMemoryException;
import io.moebench.core.util.NativeScope;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.lwjgl.PointerBuffer;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.system.Struct;
import org.lwjgl.vulkan.VkCommandBuffer;
import org.lwjgl.vulkan.VkCommandBufferAllocateInfo;
import org.lwjgl.vulkan.VkCommandBufferBeginInfo;
import org.lwjgl.vulkan.VkCommandPoolCreateInfo;
import org.lwjgl.vulkan.VkDevice;
import org.lwjgl.vulkan.VkDeviceCreateInfo;
import org.lwjgl.vulkan.VkDeviceQueueCreateInfo;
import org.lwjgl.vulkan.VkFenceCreateInfo;
import org.lwjgl.vulkan.VkPhysicalDeviceCooperativeMatrixFeaturesKHR;
import org.lwjgl.vulkan.VkPhysicalDeviceFeatures2;
import org.lwjgl.vulkan.VkPhysicalDeviceMemoryProperties;
import org.lwjgl.vulkan.VkPhysicalDevicePipelineExecutablePropertiesFeaturesKHR;
import org.lwjgl.vulkan.VkPhysicalDeviceShaderBfloat16FeaturesKHR;
import org.lwjgl.vulkan.VkPhysicalDeviceVulkan12Features;
import org.lwjgl.vulkan.VkPhysicalDeviceVulkan13Features;
import org.lwjgl.vulkan.VkQueue;
import org.lwjgl.vulkan.VkSubmitInfo;

/**
 * The logical device with exactly the features the plan's shaders use, one compute queue, a command
 * pool and a fence for synchronous submissions. Handles live in the owner's scope.
 */
final class VulkanDevice {
  /** Longest wait for one submission (a large problem on lavapipe takes seconds, not minutes). */
  private static final long FENCE_TIMEOUT_NS = 600_000_000_000L;

  final PhysicalDeviceInfo info;
  final VkDevice handle;
  private final VkQueue queue;
  private final long commandPool;
  private final long fence;
  private final VkPhysicalDeviceMemoryProperties memory;
  /** Whether pipelines can report the driver's statistics (VK_KHR_pipeline_executable_properties). */
  final boolean pipelineStatistics;
  private boolean submitted;

  private VulkanDevice(PhysicalDeviceInfo info, VkDevice handle, VkQueue queue, long commandPool, long fence,
      VkPhysicalDeviceMemoryProperties memory, boolean pipelineStatistics) {
    this.info = info;
    this.pipelineStatistics = pipelineStatistics;
    this.handle = handle;
    this.queue = queue;
    this.commandPool = commandPool;
    this.fence = fence;
    this.memory = memory;
  }

  /** Creates a device to run on. */
  static VulkanDevice create(NativeScope scope, PhysicalDeviceInfo info, PathPlan plan) {
    return create(scope, info, plan, true);
  }

  /**
   * Creates the device, with pipeline statistics where the driver offers them (NVIDIA, RADV);
   * without {@code submissions} there is no command pool or fence (RADV's null device, which only
   * compiles, cannot create fences).
   */
  static VulkanDevice create(NativeScope scope, PhysicalDeviceInfo info, PathPlan plan, boolean submissions) {
    boolean statistics = info.extensions.contains(VK_KHR_PIPELINE_EXECUTABLE_PROPERTIES_EXTENSION_NAME);
    VkDevice device;
    try (MemoryStack stack = stackPush()) {
      VkPhysicalDeviceVulkan12Features f12 = VkPhysicalDeviceVulkan12Features.calloc(stack).sType$Default()
          .bufferDeviceAddress(true);
      VkPhysicalDeviceVulkan13Features f13 = VkPhysicalDeviceVulkan13Features.calloc(stack).sType$Default()
          .maintenance4(true); // SPIR-V 1.6 LocalSizeId (local_size_x_id)
      List<Struct<?>> chain = new ArrayList<>(List.of(f12, f13));
      List<String> extensions = new ArrayList<>();
      VkPhysicalDeviceFeatures2 features = VkPhysicalDeviceFeatures2.calloc(stack).sType$Default();
      if (plan.usesCooperativeMatrices()) {
        // GL_KHR_memory_scope_semantics makes glslang emit the Vulkan memory model
        f12.shaderFloat16(true).vulkanMemoryModel(true).vulkanMemoryModelDeviceScope(true);
        f13.subgroupSizeControl(true).computeFullSubgroups(true);
        chain.add(VkPhysicalDeviceCooperativeMatrixFeaturesKHR.calloc(stack).sType$Default().cooperativeMatrix(true));
        extensions.add(VK_KHR_COOPERATIVE_MATRIX_EXTENSION_NAME);
      }
      if (plan.usesEmulation()) {
        // f16vec2 weight dequantisation (fp16); gl_SubgroupID maps tiles
        f12.shaderFloat16(true);
        f13.subgroupSizeControl(true).computeFullSubgroups(true);
      }
      if (plan.usesBf16CooperativeMatrices()) {
        chain.add(VkPhysicalDeviceShaderBfloat16FeaturesKHR.calloc(stack).sType$Default().shaderBFloat16Type(true)
            .shaderBFloat16CooperativeMatrix(true));
        extensions.add(VK_KHR_SHADER_BFLOAT16_EXTENSION_NAME);
      }
      if (statistics) {
        chain.add(VkPhysicalDevicePipelineExecutablePropertiesFeaturesKHR.calloc(stack).sType$Default()
            .pipelineExecutableInfo(true));
        extensions.add(VK_KHR_PIPELINE_EXECUTABLE_PROPERTIES_EXTENSION_NAME);
      }
      PNext.chain(features, chain.toArray(new Struct<?>[0]));
      VkDeviceQueueCreateInfo.Buffer queues = VkDeviceQueueCreateInfo.calloc(1, stack).sType$Default()
          .queueFamilyIndex(info.computeQueueFamily).pQueuePriorities(stack.floats(1f));
      PointerBuffer names = stack.mallocPointer(extensions.size());
      for (String e : extensions) {
        names.put(stack.UTF8(e));
      }
      VkDeviceCreateInfo create = VkDeviceCreateInfo.calloc(stack).sType$Default().pQueueCreateInfos(queues)
          .ppEnabledExtensionNames(names.flip());
      PNext.chain(create, features);
      PointerBuffer pp = stack.mallocPointer(1);
      VkResults.check(vkCreateDevice(info.handle, create, null, pp), "vkCreateDevice");
      device = new VkDevice(pp.get(0), info.handle, create);
    }
    VkDevice created = device;
    scope.add("device", created, () -> vkDestroyDevice(created, null));
    try (MemoryStack stack = stackPush()) {
      PointerBuffer pq = stack.mallocPointer(1);
      vkGetDeviceQueue(device, info.computeQueueFamily, 0, pq);
      VkQueue queue = new VkQueue(pq.get(0), device);
      VkPhysicalDeviceMemoryProperties memory = VkPhysicalDeviceMemoryProperties.calloc();
      scope.add("memory properties", memory, memory::free);
      vkGetPhysicalDeviceMemoryProperties(info.handle, memory);
      if (!submissions) {
        return new VulkanDevice(info, device, queue, VK_NULL_HANDLE, VK_NULL_HANDLE, memory, statistics);
      }
      long[] pool = new long[1];
      VkResults.check(vkCreateCommandPool(device, VkCommandPoolCreateInfo.calloc(stack).sType$Default()
          .flags(VK_COMMAND_POOL_CREATE_RESET_COMMAND_BUFFER_BIT).queueFamilyIndex(info.computeQueueFamily), null, pool),
          "vkCreateCommandPool");
      scope.add("command pool", pool[0], () -> vkDestroyCommandPool(created, pool[0], null));
      long[] fence = new long[1];
      VkResults.check(vkCreateFence(device, VkFenceCreateInfo.calloc(stack).sType$Default(), null, fence), "vkCreateFence");
      scope.add("fence", fence[0], () -> vkDestroyFence(created, fence[0], null));
      return new VulkanDevice(info, device, queue, pool[0], fence[0], memory, statistics);
    }
  }

  /** Allocates a primary command buffer from the device's pool; the caller frees it. */
  VkCommandBuffer allocateCommandBuffer() {
    try (MemoryStack stack = stackPush()) {
      PointerBuffer pb = stack.mallocPointer(1);
      VkResults.check(vkAllocateCommandBuffers(handle, VkCommandBufferAllocateInfo.calloc(stack).sType$Default()
          .commandPool(commandPool).level(VK_COMMAND_BUFFER_LEVEL_PRIMARY).commandBufferCount(1), pb),
          "vkAllocateCommandBuffers");
      return new VkCommandBuffer(pb.get(0), handle);
    }
  }

  void freeCommandBuffer(VkCommandBuffer cb) {
    vkFreeCommandBuffers(handle, commandPool, cb);
  }

  /** Records {@code commands} into a one-time command buffer, submits it and waits for it. */
  void run(String what, Consumer<VkCommandBuffer> commands) {
    VkCommandBuffer cb = allocateCommandBuffer();
    try {
      record(cb, VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT, what, commands);
      submitAndWait(cb, what);
    } finally {
      freeCommandBuffer(cb);
    }
  }

  void record(VkCommandBuffer cb, int usage, String what, Consumer<VkCommandBuffer> commands) {
    try (MemoryStack stack = stackPush()) {
      VkResults.check(vkBeginCommandBuffer(cb, VkCommandBufferBeginInfo.calloc(stack).sType$Default().flags(usage)),
          "vkBeginCommandBuffer (" + what + ")");
    }
    commands.accept(cb);
    VkResults.check(vkEndCommandBuffer(cb), "vkEndCommandBuffer (" + what + ")");
  }

  /** Submits a recorded command buffer and waits for it to complete. */
  void submitAndWait(VkCommandBuffer cb, String what) {
    try (MemoryStack stack = stackPush()) {
      VkResults.check(vkResetFences(handle, fence), "vkResetFences");
      submitted = true;
      VkResults.check(vkQueueSubmit(queue, VkSubmitInfo.calloc(stack).sType$Default().pCommandBuffers(stack.pointers(cb)),
          fence), "vkQueueSubmit (" + what + ")");
      VkResults.check(vkWaitForFences(handle, fence, true, FENCE_TIMEOUT_NS), "vkWaitForFences (" + what + ")");
    }
  }

  /** Waits for the device to be idle, if anything was ever submitted (RADV's null device cannot). */
  void waitIdleIfUsed() {
    if (submitted) {
      VkResults.check(vkDeviceWaitIdle(handle), "vkDeviceWaitIdle");
    }
  }

  /** Flags of memory type {@code index}, its heap index, the heap's flags and size: for diagnostics. */
  String describeMemoryType(int index) {
    int heap = memory.memoryTypes(index).heapIndex();
    return "type " + index + " " + MemoryFlags.property(memory.memoryTypes(index).propertyFlags()) + ", heap " + heap + " "
        + MemoryFlags.heap(memory.memoryHeaps(heap).flags()) + " " + (memory.memoryHeaps(heap).size() >> 20) + " MiB";
  }

  /** A memory type allowed by {@code typeBits} with all {@code required} flags, {@code preferred} ones if possible. */
  int memoryType(int typeBits, int required, int preferred, String what) {
    int fallback = -1;
    for (int i = 0; i < memory.memoryTypeCount(); i++) {
      int flags = memory.memoryTypes(i).propertyFlags();
      if ((typeBits & (1 << i)) == 0 || (flags & required) != required) {
        continue;
      }
      if ((flags & preferred) == preferred) {
        return i;
      }
      if (fallback < 0) {
        fallback = i;
      }
    }
    if (fallback < 0) {
      throw new DeviceMemoryException(VulkanProvider.ID, what + ": no memory type with flags 0x"
          + Integer.toHexString(required) + " among types 0x" + Integer.toHexString(typeBits));
    }
    return fallback;
  }
}
