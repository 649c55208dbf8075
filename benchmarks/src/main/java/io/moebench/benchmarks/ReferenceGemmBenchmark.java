package io.moebench.benchmarks;

import io.moebench.core.model.GemmProblem;
import io.moebench.core.quant.Dtype;
import io.moebench.core.quant.QuantizedExperts;
import io.moebench.core.quant.WeightLayout;
import io.moebench.cpuref.ReferenceGemm;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The CPU oracle on production points: one op is a whole {@link ReferenceGemm#compute} (A to float,
 * dequantisation of every tile, the products, rounding C), on all cores. The {@code gflop}
 * secondary result is the useful work 2 * routed rows * N * K per second, in GFLOP/s. The fork adds
 * jdk.incubator.vector so that the Vector API kernel runs; {@code -jvmArgsAppend -Xmx8g} on the
 * command line replaces these arguments and so measures the portable kernel.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xms8g", "-Xmx8g"})
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 5, time = 3)
public class ReferenceGemmBenchmark {
  @Param({BenchPoint.GEMM1_ZIPF1, BenchPoint.GEMM1_HOT16, BenchPoint.GEMM1_BALANCED, BenchPoint.GEMM2_ZIPF1,
      BenchPoint.GEMM2_HOT16})
  public String point;

  @Param({"bf16"})
  public String dtype;

  @Param({"gptq"})
  public String layout;

  private ForkJoinPool pool;
  private ReferenceGemm gemm;
  private QuantizedExperts weights;
  private GemmProblem problem;
  private double gflop;

  /** Useful GFLOP done, reported per second. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Work {
    public double gflop;

    @Setup(Level.Iteration)
    public void reset() {
      gflop = 0;
    }
  }

  @Setup
  public void setUp() {
    BenchPoint p = BenchPoint.parse(point);
    Dtype d = Dtype.parse(dtype);
    weights = p.weights(WeightLayout.parse(layout), d);
    problem = p.problem(d);
    gflop = p.usefulGflop();
    pool = new ForkJoinPool(Runtime.getRuntime().availableProcessors());
    gemm = new ReferenceGemm(false, pool);
    System.out.println("# kernel " + gemm.kernelName() + ", " + pool.getParallelism() + " threads, " + p + ": "
        + gflop + " useful GFLOP per op");
  }

  @TearDown
  public void tearDown() {
    pool.shutdownNow();
  }

  @Benchmark
  public short[] compute(Work work) {
    work.gflop += gflop;
    return gemm.compute(weights, problem);
  }
}
