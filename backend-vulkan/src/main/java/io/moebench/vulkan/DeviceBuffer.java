package io.moebench.vulkan;

import static org.lwjgl.system.MemoryStack.stackPush;
import static org.lwjgl.vulkan.VK10.VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT;
import static org.lwjgl.vulkan.VK10.VK_MEMORY_PROPERTY_HOST_CACHED_BIT;
import static org.lwjgl.vulkan.VK10.VK_MEMORY_PROPERTY_HOST_COHERENT_BIT;
import static org.lwjgl.vulkan.VK10.VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT;
import static org.lwjgl.vulkan.VK10.VK_SHARING_MODE_EXCLUSIVE;
import static org.lwjgl.vulkan.VK10.VK_WHOLE_SIZE;
import static org.lwjgl.vulkan.VK10.vkAllocateMemory;
import static org.lwjgl.vulkan.VK10.vkBindBufferMemory;
import static org.lwjgl.vulkan.VK10.vkCreateBuffer;
import static org.lwjgl.vulkan.VK10.vkDestroyBuffer;
import static org.lwjgl.vulkan.VK10.vkFreeMemory;
import static org.lwjgl.vulkan.VK10.vkGetBufferMemoryRequirements;
import static org.lwjgl.vulkan.VK10.vkMapMemory;
import static org.lwjgl.vulkan.VK12.VK_MEMORY_ALLOCATE_DEVICE_ADDRESS_BIT;
import static org.lwjgl.vulkan.VK12.VK_BUFFER_USAGE_SHADER_DEVICE_ADDRESS_BIT;
import static org.lwjgl.vulkan.VK12.vkGetBufferDeviceAddress;

import io.moebench.core.spi.DeviceMemoryException;
import io.moebench.core.util.NativeScope;
import org.lwjgl.PointerBuffer;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.vulkan.VkBufferCreateInfo;
import org.lwjgl.vulkan.VkBufferDeviceAddressInfo;
import org.lwjgl.vulkan.VkMemoryAllocateFlagsInfo;
import org.lwjgl.vulkan.VkMemoryAllocateInfo;
import org.lwjgl.vulkan.VkMemoryRequirements;

/** A VkBuffer with its own memory; both handles belong to the scope it was created in. */
final class DeviceBuffer {
  /** Where the memory lives and who touches it. */
  enum Kind {
    /** Device-local where possible; filled and read through staging buffers. */
    DEVICE(0, VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT),
    /** Host-visible, coherent, mapped: the host writes, the device copies from it. */
    UPLOAD(VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT | VK_MEMORY_PROPERTY_HOST_COHERENT_BIT, 0),
    /** Host-visible, coherent, cached if possible, mapped: the device copies into it, the host reads. */
    READBACK(VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT | VK_MEMORY_PROPERTY_HOST_COHERENT_BIT, VK_MEMORY_PROPERTY_HOST_CACHED_BIT);

    final int required;
    final int preferred;

    Kind(int required, int preferred) {
      this.required = required;
      this.preferred = preferred;
    }
  }

  final long handle;
  final long size;
  /** Host address of the mapped memory; 0 for DEVICE buffers. */
  final long mapped;

  private DeviceBuffer(long handle, long size, long mapped) {
    this.handle = handle;
    this.size = size;
    this.mapped = mapped;
  }

  /**
   * Creates a buffer of {@code size} bytes. Throws {@link DeviceMemoryException} when the size is
   * over the device's allocation or buffer limits or the allocation fails.
   */
  static DeviceBuffer create(VulkanDevice device, NativeScope scope, String what, long size, int usage, Kind kind) {
    PhysicalDeviceInfo info = device.info;
    if (size > info.maxMemoryAllocationSize || size > info.maxBufferSize) {
      throw new DeviceMemoryException(VulkanProvider.ID, what + ": " + size + " bytes exceed the device's limit of "
          + Math.min(info.maxMemoryAllocationSize, info.maxBufferSize) + " bytes per buffer (maxMemoryAllocationSize "
          + info.maxMemoryAllocationSize + ", maxBufferSize " + info.maxBufferSize + ")");
    }
    try (MemoryStack stack = stackPush()) {
      long[] buffer = new long[1];
      VkResults.check(vkCreateBuffer(device.handle, VkBufferCreateInfo.calloc(stack).sType$Default().size(size)
          .usage(usage).sharingMode(VK_SHARING_MODE_EXCLUSIVE), null, buffer), "vkCreateBuffer (" + what + ")");
      scope.add(what + " buffer", buffer[0], () -> vkDestroyBuffer(device.handle, buffer[0], null));
      VkMemoryRequirements req = VkMemoryRequirements.calloc(stack);
      vkGetBufferMemoryRequirements(device.handle, buffer[0], req);
      VkMemoryAllocateInfo alloc = VkMemoryAllocateInfo.calloc(stack).sType$Default().allocationSize(req.size())
          .memoryTypeIndex(device.memoryType(req.memoryTypeBits(), kind.required, kind.preferred, what));
      if ((usage & VK_BUFFER_USAGE_SHADER_DEVICE_ADDRESS_BIT) != 0) {
        PNext.chain(alloc, VkMemoryAllocateFlagsInfo.calloc(stack).sType$Default().flags(VK_MEMORY_ALLOCATE_DEVICE_ADDRESS_BIT));
      }
      long[] memory = new long[1];
      VkResults.check(vkAllocateMemory(device.handle, alloc, null, memory), "vkAllocateMemory (" + what + ", " + size + " bytes)");
      // registered after the buffer, so released before it: memory may be freed while bound
      scope.add(what + " memory", memory[0], () -> vkFreeMemory(device.handle, memory[0], null));
      VkResults.check(vkBindBufferMemory(device.handle, buffer[0], memory[0], 0), "vkBindBufferMemory (" + what + ")");
      long mapped = 0;
      if (kind != Kind.DEVICE) {
        PointerBuffer pp = stack.mallocPointer(1);
        VkResults.check(vkMapMemory(device.handle, memory[0], 0, VK_WHOLE_SIZE, 0, pp), "vkMapMemory (" + what + ")");
        mapped = pp.get(0); // unmapped implicitly when the memory is freed
      }
      return new DeviceBuffer(buffer[0], size, mapped);
    }
  }

  /** The buffer's device address (its usage must include SHADER_DEVICE_ADDRESS). */
  long address(VulkanDevice device) {
    try (MemoryStack stack = stackPush()) {
      return vkGetBufferDeviceAddress(device.handle, VkBufferDeviceAddressInfo.calloc(stack).sType$Default().buffer(handle));
    }
  }
}
