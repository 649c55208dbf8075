package io.moebench.vulkan;

import static org.lwjgl.vulkan.VK10.VK_BUFFER_USAGE_STORAGE_BUFFER_BIT;
import static org.lwjgl.vulkan.VK10.VK_BUFFER_USAGE_TRANSFER_DST_BIT;
import static org.lwjgl.vulkan.VK12.VK_BUFFER_USAGE_SHADER_DEVICE_ADDRESS_BIT;

import io.moebench.core.quant.FragmentLayout;
import io.moebench.core.quant.QuantizedExperts;
import io.moebench.core.spi.DeviceMemoryException;
import io.moebench.core.spi.PreparedWeights;
import io.moebench.core.util.NativeScope;
import java.util.HashMap;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

/**
 * All E experts on the device, uploaded once. Each expert's int4 words, scales and zero points sit
 * in one 16-byte aligned region; regions are packed into as few buffers as the device's allocation
 * limits allow (gemm1 with E = 256 is 268 MB, over lavapipe's 128 MiB maxStorageBufferRange, which
 * is why the shaders reach the weights through device addresses rather than descriptors). A small
 * table of 3 addresses per expert, bound as a storage buffer, tells the shader where they are.
 * Backend options place them for A/B runs: {@code weight-align} starts every region at a multiple
 * of that device address (2 MiB: each expert on its own large pages), {@code dedicated} makes
 * each buffer a dedicated allocation. Direct-load tiles read the int4 words packed in the device's
 * B fragment layout instead: those are uploaded, with their own table, the first time a tile asks.
 */
final class VulkanPreparedWeights implements PreparedWeights {
  private static final long ALIGN = 16;
  /** Largest weight buffer by default: big allocations are where fragmented heaps fail first. */
  static final long MAX_CHUNK_BYTES = 1L << 30;
  static final int USAGE = VK_BUFFER_USAGE_SHADER_DEVICE_ADDRESS_BIT | VK_BUFFER_USAGE_STORAGE_BUFFER_BIT
      | VK_BUFFER_USAGE_TRANSFER_DST_BIT;

  private final VulkanBackend owner;
  private final QuantizedExperts source;
  private final NativeScope scope;
  private final long maxChunkBytes;
  private final long align;
  private final DeviceBuffer.Dedication dedication;
  final DeviceBuffer table;
  /** The table's contents: int4 words, scales, zero points (0 without) of each expert. */
  private final long[] addresses;
  /** The weights packed for direct loads, per fragment layout (one per dtype of the backend). */
  private final Map<FragmentLayout, DeviceBuffer> packedTables = new HashMap<>();

  /**
   * {@code maxChunkBytes}: the largest weight buffer to allocate (device limits may lower it);
   * {@code align}: each expert region's device-address alignment, a power of two from 16.
   */
  VulkanPreparedWeights(VulkanBackend owner, VulkanDevice device, NativeScope parent, QuantizedExperts experts,
      long maxChunkBytes, long align, DeviceBuffer.Dedication dedication) {
    this.owner = owner;
    this.source = experts;
    this.maxChunkBytes = maxChunkBytes;
    this.align = align;
    this.dedication = dedication;
    this.scope = parent.child("prepared weights");
    try {
      long[] table = new long[3 * experts.experts()];
      this.table = upload(device, (long) experts.n() * experts.k() / 2, e -> HostData.of(experts.qweight(e)), table,
          true);
      this.addresses = table;
    } catch (RuntimeException e) {
      try {
        scope.close();
      } catch (RuntimeException inner) {
        e.addSuppressed(inner);
      }
      throw e;
    }
  }

  /**
   * The address table of the experts packed for direct loads in {@code layout}, packed and uploaded
   * on the first call: a second copy of the int4 words (scales and zero points are shared).
   */
  DeviceBuffer packedTable(VulkanDevice device, FragmentLayout layout) {
    scope.ensureOpen();
    DeviceBuffer packed = packedTables.get(layout);
    if (packed == null) {
      // packed on every core first: the GPU idles (and lowers its clocks) while the host packs
      int[][] words = new int[source.experts()][];
      IntStream.range(0, source.experts()).parallel().forEach(e -> words[e] = layout.pack(source, e));
      packed = upload(device, layout.packedBytes(source.n(), source.k()), e -> HostData.of(words[e]), addresses.clone(),
          false);
      packedTables.put(layout, packed);
    }
    return packed;
  }

  /**
   * Uploads every expert's int4 words ({@code quantBytes} each, from {@code quant}) and, with
   * {@code groups}, its scales and zero points; fills {@code addresses} (int4 words and, with
   * {@code groups}, scales and zero points) and returns the table of them on the device.
   */
  private DeviceBuffer upload(VulkanDevice device, long quantBytes, IntFunction<HostData> quant, long[] addresses,
      boolean groups) {
    QuantizedExperts experts = source;
    long qBytes = align(quantBytes, ALIGN);
    long sBytes = groups ? align((long) experts.n() * experts.groups() * 2, ALIGN) : 0;
    long zBytes = groups && experts.hasZeros() ? align((long) experts.n() / 2 * experts.groups(), ALIGN) : 0;
    long expertBytes = align(qBytes + sBytes + zBytes, align);
    long slack = align - ALIGN; // room to move the first region up to an aligned address
    long chunkLimit = Math.min(maxChunkBytes, Math.min(device.info.maxMemoryAllocationSize, device.info.maxBufferSize))
        / ALIGN * ALIGN;
    if (expertBytes + slack > chunkLimit) {
      throw new DeviceMemoryException(VulkanProvider.ID, "one expert's weights take " + expertBytes
          + " bytes (aligned to " + align + "), over the device's buffer limit of " + chunkLimit + " bytes");
    }
    int perChunk = (int) Math.min(experts.experts(), (chunkLimit - slack) / expertBytes);
    try (Transfers.Upload upload = new Transfers.Upload(device, scope, expertBytes * experts.experts()
        + 24L * experts.experts())) {
      for (int first = 0; first < experts.experts(); first += perChunk) {
        int count = Math.min(perChunk, experts.experts() - first);
        DeviceBuffer chunk = DeviceBuffer.create(device, scope, "weights of experts " + first + ".." + (first + count - 1),
            count * expertBytes + slack, USAGE, DeviceBuffer.Kind.DEVICE, dedication);
        long base = chunk.address(device);
        long start = align(base, align) - base;
        for (int i = 0; i < count; i++) {
          int e = first + i;
          long offset = start + i * expertBytes;
          upload.copy(quant.apply(e), chunk, offset);
          addresses[3 * e] = base + offset;
          if (!groups) {
            continue;
          }
          upload.copy(HostData.of(experts.scales(e)), chunk, offset + qBytes);
          addresses[3 * e + 1] = base + offset + qBytes;
          if (experts.hasZeros()) {
            upload.copy(HostData.of(experts.zeros(e)), chunk, offset + qBytes + sBytes);
            addresses[3 * e + 2] = base + offset + qBytes + sBytes;
          }
        }
      }
      DeviceBuffer addressTable = DeviceBuffer.create(device, scope, "expert address table", 8L * addresses.length,
          VK_BUFFER_USAGE_STORAGE_BUFFER_BIT | VK_BUFFER_USAGE_TRANSFER_DST_BIT, DeviceBuffer.Kind.DEVICE);
      upload.copy(HostData.of(addresses), addressTable, 0);
      return addressTable;
    }
  }

  /** {@code bytes} rounded up to a multiple of {@code to}, a power of two. */
  private static long align(long bytes, long to) {
    return (bytes + to - 1) & -to;
  }

  /** Device addresses of expert e's int4 words, scales and zero points at 3e, 3e+1, 3e+2. */
  long[] addresses() {
    return addresses.clone();
  }

  VulkanBackend owner() {
    return owner;
  }

  void ensureOpen() {
    scope.ensureOpen();
  }

  @Override
  public QuantizedExperts source() {
    return source;
  }

  @Override
  public void close() {
    scope.close();
  }
}
