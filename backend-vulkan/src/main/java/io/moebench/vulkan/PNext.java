package io.moebench.vulkan;

import static org.lwjgl.system.MemoryUtil.memPutAddress;

import org.lwjgl.system.Struct;
import org.lwjgl.vulkan.VkBaseOutStructure;

/**
 * Builds pNext chains by address. LWJGL's typed {@code pNext(struct)} prepends and overwrites the
 * struct's own pNext, which silently drops a feature struct chained earlier (GPU-NOTES.md).
 */
final class PNext {
  private PNext() {}

  /** Links head -> rest[0] -> rest[1] ...; the last keeps its own pNext (null from calloc). */
  static void chain(Struct<?> head, Struct<?>... rest) {
    Struct<?> previous = head;
    for (Struct<?> next : rest) {
      memPutAddress(previous.address() + VkBaseOutStructure.PNEXT, next.address());
      previous = next;
    }
  }
}
