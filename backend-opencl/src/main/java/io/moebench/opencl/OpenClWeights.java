package io.moebench.opencl;

import io.moebench.core.quant.QuantizedExperts;
import io.moebench.core.spi.DeviceMemoryException;
import io.moebench.core.spi.PreparedWeights;
import io.moebench.core.util.NativeScope;
import java.util.ArrayList;
import java.util.List;
import org.jocl.Pointer;
import org.jocl.cl_mem;

/**
 * All E experts on the device, uploaded once. Experts live in chunks of consecutive experts, one
 * buffer per array and chunk, each under CL_DEVICE_MAX_MEM_ALLOC_SIZE (or a smaller test limit);
 * a launch runs the kernel once per chunk. For the NVIDIA path the arrays are re-packed per expert
 * ({@link FragmentPacking}); other paths read the layout as given.
 */
final class OpenClWeights implements PreparedWeights {
  /** Experts [begin, end) and their arrays; zeros is null without zero points. */
  record Chunk(int begin, int end, cl_mem qweight, cl_mem scales, cl_mem zeros) {}

  private final QuantizedExperts source;
  private final NativeScope scope;
  private final List<Chunk> chunks;

  private OpenClWeights(QuantizedExperts source, NativeScope scope, List<Chunk> chunks) {
    this.source = source;
    this.scope = scope;
    this.chunks = List.copyOf(chunks);
  }

  /** Uploads the experts, re-packed for moe_gemm_nvidia.cl when {@code packed}. */
  static OpenClWeights upload(ClRuntime cl, NativeScope scope, QuantizedExperts experts, long chunkLimit, boolean packed) {
    if (experts.bytes() > cl.facts.globalMemory()) {
      throw new DeviceMemoryException(OpenClProvider.ID, experts + " take " + experts.bytes()
          + " bytes, more than the device's " + cl.facts.globalMemory());
    }
    long qBytes = (long) experts.n() * experts.k() / 2;
    long sBytes = (long) experts.n() * experts.groups() * 2;
    long zBytes = (long) experts.n() / (packed ? 1 : 2) * experts.groups();
    long limit = Math.min(chunkLimit, cl.facts.maxAllocation());
    if (qBytes > limit) {
      throw new DeviceMemoryException(OpenClProvider.ID, "one expert's weights take " + qBytes
          + " bytes, over the largest allocation of " + limit);
    }
    int perChunk = (int) Math.min(experts.experts(), limit / qBytes);
    NativeScope weights = scope.child("weights");
    try {
      List<Chunk> chunks = new ArrayList<>();
      for (int begin = 0; begin < experts.experts(); begin += perChunk) {
        int end = Math.min(experts.experts(), begin + perChunk);
        int count = end - begin;
        String range = "experts " + begin + ".." + (end - 1);
        cl_mem q = cl.buffer(weights, "qweight " + range, qBytes * count);
        cl_mem s = cl.buffer(weights, "scales " + range, sBytes * count);
        cl_mem z = experts.hasZeros() ? cl.buffer(weights, "zeros " + range, zBytes * count) : null;
        for (int e = begin; e < end; e++) {
          long slot = e - begin;
          cl.write(q, "qweight", slot * qBytes, qBytes,
              packed ? Pointer.to(FragmentPacking.weights(experts, e)) : Pointer.to(experts.qweight(e)));
          cl.write(s, "scales", slot * sBytes, sBytes,
              Pointer.to(packed ? FragmentPacking.scales(experts, e) : experts.scales(e)));
          if (z != null) {
            cl.write(z, "zeros", slot * zBytes, zBytes, Pointer.to(packed ? FragmentPacking.zeros(experts, e) : experts.zeros(e)));
          }
        }
        chunks.add(new Chunk(begin, end, q, s, z));
      }
      return new OpenClWeights(experts, weights, chunks);
    } catch (RuntimeException e) {
      ClRuntime.closeAfterFailure(weights, e);
      throw e;
    }
  }

  @Override
  public QuantizedExperts source() {
    return source;
  }

  List<Chunk> chunks() {
    scope.ensureOpen();
    return chunks;
  }

  void ensureOpen() {
    scope.ensureOpen();
  }

  @Override
  public void close() {
    scope.close();
  }
}
