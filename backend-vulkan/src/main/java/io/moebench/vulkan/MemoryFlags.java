package io.moebench.vulkan;

import static org.lwjgl.vulkan.VK10.VK_MEMORY_HEAP_DEVICE_LOCAL_BIT;
import static org.lwjgl.vulkan.VK10.VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT;
import static org.lwjgl.vulkan.VK10.VK_MEMORY_PROPERTY_HOST_CACHED_BIT;
import static org.lwjgl.vulkan.VK10.VK_MEMORY_PROPERTY_HOST_COHERENT_BIT;
import static org.lwjgl.vulkan.VK10.VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT;
import static org.lwjgl.vulkan.VK10.VK_MEMORY_PROPERTY_LAZILY_ALLOCATED_BIT;
import static org.lwjgl.vulkan.VK11.VK_MEMORY_HEAP_MULTI_INSTANCE_BIT;
import static org.lwjgl.vulkan.VK11.VK_MEMORY_PROPERTY_PROTECTED_BIT;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Memory property and heap flags by name, for the memory placement recorded in DeviceInfo. */
final class MemoryFlags {
  private static final Map<Integer, String> PROPERTY = new LinkedHashMap<>();
  private static final Map<Integer, String> HEAP = new LinkedHashMap<>();

  static {
    PROPERTY.put(VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT, "DEVICE_LOCAL");
    PROPERTY.put(VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT, "HOST_VISIBLE");
    PROPERTY.put(VK_MEMORY_PROPERTY_HOST_COHERENT_BIT, "HOST_COHERENT");
    PROPERTY.put(VK_MEMORY_PROPERTY_HOST_CACHED_BIT, "HOST_CACHED");
    PROPERTY.put(VK_MEMORY_PROPERTY_LAZILY_ALLOCATED_BIT, "LAZILY_ALLOCATED");
    PROPERTY.put(VK_MEMORY_PROPERTY_PROTECTED_BIT, "PROTECTED");
    PROPERTY.put(0x40, "DEVICE_COHERENT_AMD");
    PROPERTY.put(0x80, "DEVICE_UNCACHED_AMD");
    PROPERTY.put(0x100, "RDMA_CAPABLE_NV");
    HEAP.put(VK_MEMORY_HEAP_DEVICE_LOCAL_BIT, "DEVICE_LOCAL");
    HEAP.put(VK_MEMORY_HEAP_MULTI_INSTANCE_BIT, "MULTI_INSTANCE");
  }

  private MemoryFlags() {}

  /** e.g. "DEVICE_LOCAL|HOST_VISIBLE"; "none" for 0; unknown bits in hex. */
  static String property(int flags) {
    return names(flags, PROPERTY);
  }

  static String heap(int flags) {
    return names(flags, HEAP);
  }

  private static String names(int flags, Map<Integer, String> table) {
    List<String> names = new ArrayList<>();
    int rest = flags;
    for (Map.Entry<Integer, String> e : table.entrySet()) {
      if ((flags & e.getKey()) != 0) {
        names.add(e.getValue());
        rest &= ~e.getKey();
      }
    }
    if (rest != 0) {
      names.add("0x" + Integer.toHexString(rest));
    }
    return names.isEmpty() ? "none" : String.join("|", names);
  }
}
