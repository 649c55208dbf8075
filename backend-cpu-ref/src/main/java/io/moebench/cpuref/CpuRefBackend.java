package io.moebench.cpuref;

import io.moebench.core.InputException;
import io.moebench.core.model.GemmProblem;
import io.moebench.core.quant.Dtype;
import io.moebench.core.quant.QuantizedExperts;
import io.moebench.core.quant.WeightLayout;
import io.moebench.core.spi.Backend;
import io.moebench.core.spi.BackendConfig;
import io.moebench.core.spi.BoundGemm;
import io.moebench.core.spi.Capabilities;
import io.moebench.core.spi.DeviceInfo;
import io.moebench.core.spi.LaunchTiming;
import io.moebench.core.spi.PreparedWeights;
import io.moebench.core.spi.UnsupportedProblemException;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ForkJoinPool;

/**
 * Options: {@code accumulate=fp32|fp64} (default fp32), {@code threads=N} (default: all cores).
 * Timing is host wall-clock time (there is no device timer on the CPU).
 */
final class CpuRefBackend implements Backend {
  private final ReferenceGemm gemm;
  private final ForkJoinPool pool;
  private final String accumulate;
  private boolean closed;

  CpuRefBackend(BackendConfig config) {
    accumulate = config.get("accumulate", "fp32");
    InputException.require(accumulate.equals("fp32") || accumulate.equals("fp64"),
        "cpu-ref option accumulate=" + accumulate + ": allowed values are fp32, fp64");
    int threads = config.getInt("threads", Runtime.getRuntime().availableProcessors());
    InputException.require(threads >= 1 && threads <= 1024, "cpu-ref option threads=" + threads + ": allowed 1..1024");
    for (String key : config.options().keySet()) {
      InputException.require(key.equals("accumulate") || key.equals("threads"),
          "unknown cpu-ref option '" + key + "': allowed accumulate, threads");
    }
    pool = new ForkJoinPool(threads);
    gemm = new ReferenceGemm(accumulate.equals("fp64"), pool);
  }

  static String deviceName() {
    return "CPU, " + Runtime.getRuntime().availableProcessors() + " threads (" + System.getProperty("os.arch") + ")";
  }

  @Override
  public String id() {
    return CpuRefProvider.ID;
  }

  @Override
  public DeviceInfo device() {
    return new DeviceInfo(deviceName(), System.getProperty("java.vm.vendor"), "Java " + System.getProperty("java.version"),
        pool.getParallelism(), Runtime.getRuntime().maxMemory(), 0, Map.of("accumulate", accumulate, DeviceInfo.TYPE, "cpu"));
  }

  @Override
  public Capabilities capabilities() {
    return new Capabilities(EnumSet.allOf(Dtype.class), EnumSet.allOf(WeightLayout.class), true, Set.of(), Set.of(), 1, 1,
        "cpu-" + accumulate);
  }

  @Override
  public PreparedWeights prepare(QuantizedExperts experts) {
    ensureOpen();
    return new PreparedWeights() {
      @Override
      public QuantizedExperts source() {
        return experts;
      }

      @Override
      public void close() {}
    };
  }

  @Override
  public BoundGemm bind(PreparedWeights weights, GemmProblem problem) {
    ensureOpen();
    QuantizedExperts w = weights.source();
    if (w.n() != problem.shape().n() || w.k() != problem.shape().k() || w.experts() != problem.shape().experts()) {
      throw new UnsupportedProblemException(id(), "weights " + w + " do not match " + problem.shape());
    }
    if (w.dtype() != problem.activations().dtype()) {
      throw new UnsupportedProblemException(id(), "scales are " + w.dtype() + ", activations " + problem.activations().dtype());
    }
    return new BoundGemm() {
      private short[] output;

      @Override
      public GemmProblem problem() {
        return problem;
      }

      @Override
      public LaunchTiming launch() {
        ensureOpen();
        long start = System.nanoTime();
        output = gemm.compute(w, problem);
        return new LaunchTiming(System.nanoTime() - start, false);
      }

      @Override
      public short[] output() {
        if (output == null) {
          throw new IllegalStateException("cpu-ref: output() before launch()");
        }
        return output.clone();
      }

      @Override
      public String configuration() {
        return "cpu-" + gemm.kernelName() + ", " + pool.getParallelism() + " threads";
      }

      @Override
      public void close() {}
    };
  }

  @Override
  public void flushCaches() {
    ensureOpen();
  }

  @Override
  public int openHandles() {
    return 0;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      pool.shutdownNow();
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("cpu-ref backend is closed");
    }
  }
}
