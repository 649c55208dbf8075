package io.moebench.cpuref;

import io.moebench.core.model.GemmProblem;
import io.moebench.core.quant.Dtype;
import io.moebench.core.quant.QuantizedExperts;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The oracle's arithmetic: walks the aligned layout as a GPU kernel does (one expert per block,
 * sentinel rows skipped), dequantises each expert exactly ((q - z) * scale is exact in float32)
 * and accumulates in float32 (or float64 to check the float32 result), rounding C to the dtype.
 *
 * <p>Work items are (run of blocks of one expert) x ({@link #CHUNK} columns of N),
 * pulled by one worker per pool thread, so a few hot experts and many cold ones both keep every
 * core busy. Each item dequantises its tile block by block along K into a small K-major panel and
 * multiplies all the run's rows by each block. Every fp32 kernel adds the K products of an output
 * in k order with fused multiply-adds, so results do not depend on the kernel, the tiling or the
 * thread count.
 */
public final class ReferenceGemm {
  /** Rows a kernel multiplies together; segments are padded to a multiple with a zero row. */
  static final int ROW_GROUP = 4;
  /**
   * Columns of one work item, several tiles: each output row is then written as 512 contiguous
   * bytes. One tile per item wrote 128 bytes per row, a TLB miss each (rows are pages apart).
   */
  static final int CHUNK = 4 * ExpertTile.WIDTH;

  private final TileKernel kernel;
  private final ForkJoinPool pool;

  /** fp32 with the fastest kernel this JVM runs, or fp64 accumulation. */
  public ReferenceGemm(boolean fp64, ForkJoinPool pool) {
    this(Kernels.best(fp64), pool);
  }

  ReferenceGemm(TileKernel kernel, ForkJoinPool pool) {
    this.kernel = kernel;
    this.pool = pool;
  }

  /** The kernel in use, e.g. "fp32-vector-512", "fp32-portable" or "fp64". */
  public String kernelName() {
    return kernel.name();
  }

  /** C [T*top_k, N], raw bits of the activation dtype; rows no block covers stay poisoned. */
  public short[] compute(QuantizedExperts w, GemmProblem p) {
    FloatActivations a = FloatActivations.of(p.activations(), pool);
    List<ExpertSegment> segments = ExpertSegment.of(p, a);
    short[] c = poisonedOutput(segments, p.outputRows(), w.n());
    int chunks = (w.n() + CHUNK - 1) / CHUNK;
    int maxRows = segments.stream().mapToInt(ExpertSegment::paddedRows).max().orElse(0);
    AtomicInteger next = new AtomicInteger();
    List<Callable<Void>> workers = new ArrayList<>();
    for (int t = 0; t < pool.getParallelism(); t++) {
      workers.add(() -> {
        Worker worker = new Worker(w, p.activations().dtype(), maxRows);
        for (int item = next.getAndIncrement(); item < segments.size() * chunks; item = next.getAndIncrement()) {
          worker.run(segments.get(item / chunks), item % chunks * CHUNK, a.values(), c);
        }
        return null;
      });
    }
    for (Future<Void> f : pool.invokeAll(workers)) {
      await(f);
    }
    return c;
  }

  /** C with every row that no segment writes filled with {@link Dtype#POISON} (usually none). */
  private static short[] poisonedOutput(List<ExpertSegment> segments, int rows, int n) {
    short[] c = new short[rows * n];
    boolean[] covered = new boolean[rows];
    for (ExpertSegment s : segments) {
      for (int row : s.routedRows()) {
        covered[row] = true;
      }
    }
    for (int row = 0; row < rows; row++) {
      if (!covered[row]) {
        Arrays.fill(c, row * n, (row + 1) * n, Dtype.POISON);
      }
    }
    return c;
  }

  /** Waits for a task of the pool, rethrowing its failure. */
  static void await(Future<?> f) {
    try {
      f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("reference GEMM interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("reference GEMM failed: " + e.getCause(), e.getCause());
    }
  }

  /** One thread's scratch: the tile, a panel block and the fp32 results of a segment's rows. */
  private final class Worker {
    private final QuantizedExperts w;
    private final Dtype dtype;
    private final ExpertTile tile;
    private final float[] panel;
    private final float[] out;

    Worker(QuantizedExperts w, Dtype dtype, int maxRows) {
      this.w = w;
      this.dtype = dtype;
      tile = new ExpertTile(w);
      panel = new float[TileKernel.K_BLOCK * ExpertTile.WIDTH];
      out = new float[maxRows * CHUNK];
    }

    /** Columns n0 .. n0 + CHUNK of the segment's rows, tile by tile, then rounded into C. */
    void run(ExpertSegment segment, int n0, float[] a, short[] c) {
      int columns = Math.min(CHUNK, w.n() - n0);
      Arrays.fill(out, 0, segment.paddedRows() * CHUNK, 0f);
      for (int t = 0; t < columns; t += ExpertTile.WIDTH) {
        tile.load(w, segment.expert(), n0 + t);
        kernel.multiply(tile, a, segment.rowOffsets(), segment.paddedRows(), panel, out, t);
      }
      int[] routed = segment.routedRows();
      int[] rowStarts = new int[routed.length];
      for (int r = 0; r < routed.length; r++) {
        rowStarts[r] = routed[r] * w.n() + n0;
      }
      kernel.store(out, rowStarts, columns, dtype, c);
    }
  }
}
