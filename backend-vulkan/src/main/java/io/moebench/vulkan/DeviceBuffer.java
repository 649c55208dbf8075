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
import static org.lwjgl.vulkan.VK10.vkMapMemory;
import static org.lwjgl.vulkan.VK12.VK_MEMORY_ALLOCATE_DEVICE_ADDRESS_BIT;
import static org.lwjgl.vulkan.VK12.VK_BUFFER_USAGE_SHADER_DEVICE_ADDRESS_BIT;
import static org.lwjgl.vulkan.VK11.vkGetBufferMemoryRequirements2;
import static org.lwjgl.vulkan.VK12.vkGetBufferDeviceAddress;
import static org.lwjgl.vulkan.VK13.vkGetDeviceBufferMemoryRequirements;

import io.moebench.core.spi.DeviceMemoryException;
import io.moebench.core.util.NativeScope;
import java.util.ArrayList;
import java.util.List;
import org.lwjgl.PointerBuffer;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.system.Struct;
import org.lwjgl.vulkan.VkBufferCreateInfo;
import org.lwjgl.vulkan.VkBufferDeviceAddressInfo;
import org.lwjgl.vulkan.VkBufferMemoryRequirementsInfo2;
import org.lwjgl.vulkan.VkDeviceBufferMemoryRequirements;
import org.lwjgl.vulkan.VkMemoryAllocateFlagsInfo;
import org.lwjgl.vulkan.VkMemoryAllocateInfo;
import org.lwjgl.vulkan.VkMemoryDedicatedAllocateInfo;
import org.lwjgl.vulkan.VkMemoryDedicatedRequirements;
import org.lwjgl.vulkan.VkMemoryRequirements2;

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
   * When a buffer gets its own VkMemoryDedicatedAllocateInfo allocation (every buffer has its own
   * VkDeviceMemory either way; dedicated tells the driver so, which may change page size and
   * placement). Where the driver requires it, the buffer is dedicated whatever the policy.
   */
  enum Dedication {
    /** Only where required (every buffer but the weights). */
    REQUIRED("false"),
    /** Where the driver prefers or requires it. */
    PREFERRED("auto"),
    ALWAYS("true");

    final String option;

    Dedication(String option) {
      this.option = option;
    }

    boolean applies(boolean prefers, boolean requires) {
      return requires || this == ALWAYS || (this == PREFERRED && prefers);
    }
  }

  /** What the driver says about a buffer before it exists: its memory type and dedication wishes. */
  record Placement(int memoryType, boolean prefersDedicated, boolean requiresDedicated) {}

  /**
   * Creates a buffer of {@code size} bytes in memory that is only dedicated where the driver
   * requires it. Throws {@link DeviceMemoryException} when the size is over the device's
   * allocation or buffer limits or the allocation fails.
   */
  static DeviceBuffer create(VulkanDevice device, NativeScope scope, String what, long size, int usage, Kind kind) {
    return create(device, scope, what, size, usage, kind, Dedication.REQUIRED);
  }

  /** Like {@link #create(VulkanDevice, NativeScope, String, long, int, Kind)}, dedicated per {@code dedication}. */
  static DeviceBuffer create(VulkanDevice device, NativeScope scope, String what, long size, int usage, Kind kind,
      Dedication dedication) {
    PhysicalDeviceInfo info = device.info;
    if (size > info.maxMemoryAllocationSize || size > info.maxBufferSize) {
      throw new DeviceMemoryException(VulkanProvider.ID, what + ": " + size + " bytes exceed the device's limit of "
          + Math.min(info.maxMemoryAllocationSize, info.maxBufferSize) + " bytes per buffer (maxMemoryAllocationSize "
          + info.maxMemoryAllocationSize + ", maxBufferSize " + info.maxBufferSize + ")");
    }
    try (MemoryStack stack = stackPush()) {
      long[] buffer = new long[1];
      VkResults.check(vkCreateBuffer(device.handle, createInfo(stack, size, usage), null, buffer),
          "vkCreateBuffer (" + what + ")");
      scope.add(what + " buffer", buffer[0], () -> vkDestroyBuffer(device.handle, buffer[0], null));
      VkMemoryDedicatedRequirements wishes = VkMemoryDedicatedRequirements.calloc(stack).sType$Default();
      VkMemoryRequirements2 req = VkMemoryRequirements2.calloc(stack).sType$Default();
      PNext.chain(req, wishes);
      vkGetBufferMemoryRequirements2(device.handle, VkBufferMemoryRequirementsInfo2.calloc(stack).sType$Default()
          .buffer(buffer[0]), req);
      VkMemoryAllocateInfo alloc = VkMemoryAllocateInfo.calloc(stack).sType$Default()
          .allocationSize(req.memoryRequirements().size())
          .memoryTypeIndex(device.memoryType(req.memoryRequirements().memoryTypeBits(), kind.required, kind.preferred, what));
      List<Struct<?>> chain = new ArrayList<>();
      if ((usage & VK_BUFFER_USAGE_SHADER_DEVICE_ADDRESS_BIT) != 0) {
        chain.add(VkMemoryAllocateFlagsInfo.calloc(stack).sType$Default().flags(VK_MEMORY_ALLOCATE_DEVICE_ADDRESS_BIT));
      }
      if (dedication.applies(wishes.prefersDedicatedAllocation(), wishes.requiresDedicatedAllocation())) {
        chain.add(VkMemoryDedicatedAllocateInfo.calloc(stack).sType$Default().buffer(buffer[0]));
      }
      PNext.chain(alloc, chain.toArray(new Struct<?>[0]));
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

  /** The placement a buffer of this size and usage would get (Vulkan 1.3: asked without creating one). */
  static Placement placement(VulkanDevice device, long size, int usage, Kind kind) {
    try (MemoryStack stack = stackPush()) {
      VkMemoryDedicatedRequirements wishes = VkMemoryDedicatedRequirements.calloc(stack).sType$Default();
      VkMemoryRequirements2 req = VkMemoryRequirements2.calloc(stack).sType$Default();
      PNext.chain(req, wishes);
      vkGetDeviceBufferMemoryRequirements(device.handle, VkDeviceBufferMemoryRequirements.calloc(stack).sType$Default()
          .pCreateInfo(createInfo(stack, size, usage)), req);
      int type = device.memoryType(req.memoryRequirements().memoryTypeBits(), kind.required, kind.preferred, "placement");
      return new Placement(type, wishes.prefersDedicatedAllocation(), wishes.requiresDedicatedAllocation());
    }
  }

  private static VkBufferCreateInfo createInfo(MemoryStack stack, long size, int usage) {
    return VkBufferCreateInfo.calloc(stack).sType$Default().size(size).usage(usage).sharingMode(VK_SHARING_MODE_EXCLUSIVE);
  }

  /** The buffer's device address (its usage must include SHADER_DEVICE_ADDRESS). */
  long address(VulkanDevice device) {
    try (MemoryStack stack = stackPush()) {
      return vkGetBufferDeviceAddress(device.handle, VkBufferDeviceAddressInfo.calloc(stack).sType$Default().buffer(handle));
    }
  }
}
