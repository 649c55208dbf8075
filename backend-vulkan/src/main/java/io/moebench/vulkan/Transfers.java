package io.moebench.vulkan;

import static org.lwjgl.system.MemoryStack.stackPush;
import static org.lwjgl.system.MemoryUtil.memByteBuffer;
import static org.lwjgl.vulkan.VK10.VK_ACCESS_HOST_READ_BIT;
import static org.lwjgl.vulkan.VK10.VK_ACCESS_SHADER_READ_BIT;
import static org.lwjgl.vulkan.VK10.VK_ACCESS_SHADER_WRITE_BIT;
import static org.lwjgl.vulkan.VK10.VK_ACCESS_TRANSFER_READ_BIT;
import static org.lwjgl.vulkan.VK10.VK_ACCESS_TRANSFER_WRITE_BIT;
import static org.lwjgl.vulkan.VK10.VK_BUFFER_USAGE_TRANSFER_DST_BIT;
import static org.lwjgl.vulkan.VK10.VK_BUFFER_USAGE_TRANSFER_SRC_BIT;
import static org.lwjgl.vulkan.VK10.VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT;
import static org.lwjgl.vulkan.VK10.VK_PIPELINE_STAGE_HOST_BIT;
import static org.lwjgl.vulkan.VK10.VK_PIPELINE_STAGE_TRANSFER_BIT;
import static org.lwjgl.vulkan.VK10.vkCmdCopyBuffer;
import static org.lwjgl.vulkan.VK10.vkCmdPipelineBarrier;

import io.moebench.core.util.NativeScope;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.vulkan.VkBufferCopy;
import org.lwjgl.vulkan.VkCommandBuffer;
import org.lwjgl.vulkan.VkMemoryBarrier;

/**
 * Host <-> device copies through a temporary host-visible staging buffer (at most
 * {@link #STAGING_BYTES}), used for every device, so the path NVIDIA takes (device-local memory
 * the host cannot map) is the one lavapipe tests.
 */
final class Transfers {
  static final long STAGING_BYTES = 64L << 20;
  private static final int ALIGN = 16;

  private Transfers() {}

  /** Queued host-to-device copies; flushed when the staging buffer is full and on close. */
  static final class Upload implements AutoCloseable {
    private final VulkanDevice device;
    private final NativeScope scope;
    private final DeviceBuffer staging;
    private final List<long[]> regions = new ArrayList<>(); // {dst buffer, staging offset, dst offset, size}
    private long used;

    /** {@code totalBytes}: what will be uploaded, to size the staging buffer no larger than needed. */
    Upload(VulkanDevice device, NativeScope parent, long totalBytes) {
      this.device = device;
      this.scope = parent.child("upload");
      this.staging = DeviceBuffer.create(device, scope, "staging", Math.max(ALIGN, Math.min(STAGING_BYTES,
          totalBytes + ALIGN * 64L)), VK_BUFFER_USAGE_TRANSFER_SRC_BIT, DeviceBuffer.Kind.UPLOAD);
    }

    void copy(HostData src, DeviceBuffer dst, long dstOffset) {
      long done = 0;
      while (done < src.bytes()) {
        used = (used + ALIGN - 1) / ALIGN * ALIGN;
        long room = (staging.size - used) / src.elementBytes() * src.elementBytes();
        if (room < ALIGN) {
          flush();
          continue;
        }
        long n = Math.min(room, src.bytes() - done);
        src.write(done, memByteBuffer(staging.mapped + used, (int) n).order(ByteOrder.LITTLE_ENDIAN));
        regions.add(new long[] {dst.handle, used, dstOffset + done, n});
        used += n;
        done += n;
      }
    }

    void flush() {
      if (regions.isEmpty()) {
        return;
      }
      device.run("upload", cb -> {
        try (MemoryStack stack = stackPush()) {
          for (long[] r : regions) {
            vkCmdCopyBuffer(cb, staging.handle, r[0], VkBufferCopy.calloc(1, stack).srcOffset(r[1]).dstOffset(r[2]).size(r[3]));
          }
          // the copies' writes become visible to the shaders and copies of later submissions
          barrier(cb, VK_PIPELINE_STAGE_TRANSFER_BIT, VK_ACCESS_TRANSFER_WRITE_BIT,
              VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT | VK_PIPELINE_STAGE_TRANSFER_BIT,
              VK_ACCESS_SHADER_READ_BIT | VK_ACCESS_TRANSFER_READ_BIT | VK_ACCESS_TRANSFER_WRITE_BIT);
        }
      });
      regions.clear();
      used = 0;
    }

    @Override
    public void close() {
      try {
        flush();
      } finally {
        scope.close();
      }
    }
  }

  /** Reads {@code bytes} of a device buffer (written by shaders) into a host short array. */
  static short[] readShorts(VulkanDevice device, NativeScope parent, DeviceBuffer src, long bytes) {
    return readShorts(device, parent, src, 0, bytes);
  }

  /** Reads {@code bytes} from {@code srcOffset} on of a device buffer (written by shaders or copies). */
  static short[] readShorts(VulkanDevice device, NativeScope parent, DeviceBuffer src, long srcOffset, long bytes) {
    short[] out = new short[(int) (bytes / 2)];
    try (NativeScope scope = parent.child("readback")) {
      DeviceBuffer staging = DeviceBuffer.create(device, scope, "readback", Math.max(ALIGN, Math.min(STAGING_BYTES, bytes)),
          VK_BUFFER_USAGE_TRANSFER_DST_BIT, DeviceBuffer.Kind.READBACK);
      for (long done = 0; done < bytes; done += staging.size) {
        long offset = done;
        long n = Math.min(staging.size, bytes - done);
        device.run("readback", cb -> {
          try (MemoryStack stack = stackPush()) {
            barrier(cb, VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT | VK_PIPELINE_STAGE_TRANSFER_BIT,
                VK_ACCESS_SHADER_WRITE_BIT | VK_ACCESS_TRANSFER_WRITE_BIT, VK_PIPELINE_STAGE_TRANSFER_BIT,
                VK_ACCESS_TRANSFER_READ_BIT);
            vkCmdCopyBuffer(cb, src.handle, staging.handle, VkBufferCopy.calloc(1, stack).srcOffset(srcOffset + offset).size(n));
            barrier(cb, VK_PIPELINE_STAGE_TRANSFER_BIT, VK_ACCESS_TRANSFER_WRITE_BIT, VK_PIPELINE_STAGE_HOST_BIT,
                VK_ACCESS_HOST_READ_BIT);
          }
        });
        ByteBuffer view = memByteBuffer(staging.mapped, (int) n).order(ByteOrder.LITTLE_ENDIAN);
        view.asShortBuffer().get(out, (int) (offset / 2), (int) (n / 2));
      }
    }
    return out;
  }

  /** A global memory barrier: every write of srcAccess before it is visible to dstAccess after it. */
  static void barrier(VkCommandBuffer cb, int srcStage, int srcAccess, int dstStage, int dstAccess) {
    try (MemoryStack stack = stackPush()) {
      vkCmdPipelineBarrier(cb, srcStage, dstStage, 0,
          VkMemoryBarrier.calloc(1, stack).sType$Default().srcAccessMask(srcAccess).dstAccessMask(dstAccess), null, null);
    }
  }
}
