package io.moebench.opencl;

import io.moebench.core.model.GemmProblem;
import io.moebench.core.quant.Dtype;
import io.moebench.core.spi.BoundGemm;
import io.moebench.core.spi.LaunchTiming;
import io.moebench.core.util.NativeScope;
import org.jocl.Pointer;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;

/**
 * A problem on the device: activations and the aligned layout uploaded, C allocated and poisoned,
 * the kernel built for this shape and its arguments set. A launch runs the kernel once per weight
 * chunk and times it with profiling events.
 */
final class OpenClGemm implements BoundGemm {
  // kernel argument order of moe_gemm in shaders/opencl
  private static final int ARG_A = 0;
  private static final int ARG_QWEIGHT = 1;
  private static final int ARG_SCALES = 2;
  private static final int ARG_ZEROS = 3;
  private static final int ARG_SORTED_IDS = 4;
  private static final int ARG_EXPERT_IDS = 5;
  private static final int ARG_PADDED = 6;
  private static final int ARG_SENTINEL = 7;
  private static final int ARG_EXPERT_BEGIN = 8;
  private static final int ARG_EXPERT_END = 9;
  private static final int ARG_C = 10;
  /** Only where the path launches pieces of more than one block: the first block of each work-group's piece. */
  private static final int ARG_PIECE_STARTS = 11;

  private final ClRuntime cl;
  private final GemmProblem problem;
  private final OpenClWeights weights;
  private final NativeScope scope;
  private final cl_kernel kernel;
  private final cl_mem c;
  private final long outputBytes;
  private final long[] global;
  private final long[] local;
  private final String configuration;
  private boolean launched;

  OpenClGemm(ClRuntime cl, NativeScope parent, OpenClWeights weights, GemmProblem problem, KernelSpec spec) {
    this.cl = cl;
    this.problem = problem;
    this.weights = weights;
    this.scope = parent.child("gemm");
    try {
      ProgramCache.Built program = cl.program(scope, spec.path().sourceFile(), spec.source(),
          spec.buildOptions(cl.facts.nvidiaCompilerOptions()));
      kernel = cl.kernel(scope, program.program(), KernelSpec.KERNEL_NAME);
      String assembler = PtxasReport.parse(program.sourceLog()).map(r -> " " + r.describe()).orElse("");
      short[] a = problem.activations().bits();
      int[] sortedIds = problem.layout().sortedIds();
      int[] expertIds = problem.layout().expertIds();
      outputBytes = (long) problem.outputRows() * problem.shape().n() * 2;
      cl_mem aBuffer = upload("activations", (long) a.length * 2, Pointer.to(a));
      cl_mem sorted = upload("sorted_ids", (long) sortedIds.length * 4, Pointer.to(sortedIds));
      cl_mem experts = upload("expert_ids", (long) expertIds.length * 4, Pointer.to(expertIds));
      c = cl.buffer(scope, "output", outputBytes);
      cl.fill(c, "output poison", Pointer.to(new short[] {Dtype.POISON}), 2, outputBytes);
      ClRuntime.setBuffer(kernel, ARG_A, aBuffer);
      ClRuntime.setBuffer(kernel, ARG_SORTED_IDS, sorted);
      ClRuntime.setBuffer(kernel, ARG_EXPERT_IDS, experts);
      ClRuntime.setInt(kernel, ARG_PADDED, problem.layout().numTokensPostPadded());
      ClRuntime.setInt(kernel, ARG_SENTINEL, problem.layout().sentinel());
      ClRuntime.setBuffer(kernel, ARG_C, c);
      if (spec.path().launchesPieces() && spec.tile().blocks() == 1) { // each work block is its own piece: no starts
        ClRuntime.setBuffer(kernel, ARG_PIECE_STARTS, null);
        global = spec.globalSize(problem.layout().workBlocks());
      } else if (spec.path().launchesPieces()) {
        int[] pieces = problem.layout().runPieces(spec.tile().blocks());
        ClRuntime.setBuffer(kernel, ARG_PIECE_STARTS, upload("piece starts", (long) pieces.length * 4, Pointer.to(pieces)));
        global = spec.globalSize(pieces.length);
      } else {
        global = spec.globalSize(problem.layout().blocks());
      }
      local = spec.localSize();
      int chunks = weights.chunks().size();
      configuration = spec.describe() + (chunks > 1 ? ", " + chunks + " weight chunks" : "") + " on " + cl.facts.name()
          + assembler;
    } catch (RuntimeException e) {
      ClRuntime.closeAfterFailure(scope, e);
      throw e;
    }
  }

  private cl_mem upload(String what, long bytes, Pointer data) {
    cl_mem mem = cl.buffer(scope, what, bytes);
    cl.write(mem, what, 0, bytes, data);
    return mem;
  }

  @Override
  public GemmProblem problem() {
    return problem;
  }

  @Override
  public LaunchTiming launch() {
    scope.ensureOpen();
    // One launch per weight chunk (usually one), each with its chunk's arguments; device times add up.
    long nanos = 0;
    for (OpenClWeights.Chunk chunk : weights.chunks()) {
      bindChunk(chunk);
      nanos += cl.run(new ClRuntime.Launch(kernel, global, local));
    }
    launched = true;
    return new LaunchTiming(nanos, true);
  }

  private void bindChunk(OpenClWeights.Chunk chunk) {
    ClRuntime.setBuffer(kernel, ARG_QWEIGHT, chunk.qweight());
    ClRuntime.setBuffer(kernel, ARG_SCALES, chunk.scales());
    ClRuntime.setBuffer(kernel, ARG_ZEROS, chunk.zeros());
    ClRuntime.setInt(kernel, ARG_EXPERT_BEGIN, chunk.begin());
    ClRuntime.setInt(kernel, ARG_EXPERT_END, chunk.end());
  }

  @Override
  public short[] output() {
    scope.ensureOpen();
    if (!launched) {
      throw new IllegalStateException("opencl: output() before launch()");
    }
    short[] out = new short[(int) (outputBytes / 2)];
    cl.read(c, "output", outputBytes, Pointer.to(out));
    return out;
  }

  @Override
  public String configuration() {
    return configuration;
  }

  @Override
  public void close() {
    scope.close();
  }
}
