package io.moebench.cpuref;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.moebench.core.align.AlignedLayout;
import io.moebench.core.align.MoeAlign;
import io.moebench.core.model.GemmProblem;
import io.moebench.core.model.MoeShape;
import io.moebench.core.model.MoeShape.ActivationRows;
import io.moebench.core.model.SyntheticCase;
import io.moebench.core.quant.Activations;
import io.moebench.core.quant.Dtype;
import io.moebench.core.quant.QuantizedExperts;
import io.moebench.core.quant.WeightLayout;
import io.moebench.core.routing.Archetype;
import io.moebench.core.routing.RoutingTable;
import io.moebench.core.verify.Comparison;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The oracle against an independent float64 product computed straight from
 * {@link QuantizedExperts#weight} and the routing table (no aligned layout, no tiles), for both
 * gemm kinds, layouts, dtypes and with and without zero points; plus the properties the fast
 * paths must keep (same bits for every fp32 kernel and thread count, fp64 agreement, poison).
 */
class ReferenceGemmTest {
  private static final ForkJoinPool POOL = new ForkJoinPool(2);
  private static final int EXPERTS = 8;
  private static final int TOP_K = 3;
  private static final int TOKENS = 23;
  /** Never routed: an expert without blocks. */
  private static final int EMPTY_EXPERT = 5;

  @AfterAll
  static void stopPool() {
    POOL.shutdownNow();
  }

  static Stream<Arguments> variants() {
    List<Arguments> all = new ArrayList<>();
    for (ActivationRows rows : ActivationRows.values()) {
      for (WeightLayout layout : WeightLayout.values()) {
        for (Dtype dtype : Dtype.values()) {
          for (boolean zeros : new boolean[] {false, true}) {
            all.add(Arguments.of(rows, layout, dtype, zeros));
          }
        }
      }
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{0} {1} {2} zero points {3}")
  @MethodSource("variants")
  void matchesANaiveFloat64ProductFromTheWeights(ActivationRows rows, WeightLayout layout, Dtype dtype, boolean zeros) {
    // K = 192: a partial K block after the first 128; N = 80: a partial 16-column tile; block_m = 8
    MoeShape shape = new MoeShape("small", EXPERTS, 192, 80, 64, 8, rows);
    QuantizedExperts w = SyntheticCase.weights(shape, layout, dtype, zeros, 7);
    GemmProblem p = problem(shape, dtype, 7);
    short[] fp32 = new ReferenceGemm(false, POOL).compute(w, p);
    Exact exact = naive(w, p);
    assertCloseToExact(fp32, exact, w, dtype);
    short[] fp64 = new ReferenceGemm(true, POOL).compute(w, p);
    assertCloseToExact(fp64, exact, w, dtype);
    assertThat(Comparison.of(dtype, fp32, fp64, shape.n()).relativeError()).as("fp32 vs fp64").isLessThan(1e-3);
  }

  @Test
  void matchesTheNaiveProductOnTheGemm1PresetShape() {
    MoeShape shape = MoeShape.gemm1(4, 128, 32);
    QuantizedExperts w = SyntheticCase.weights(shape, WeightLayout.EXLLAMA, Dtype.BF16, false, 5);
    RoutingTable routing = SyntheticCase.routing(Archetype.parse("zipf1"), 16, 4, 2, 5, false);
    GemmProblem p = SyntheticCase.problem(shape, routing, Dtype.BF16, 5);
    assertCloseToExact(new ReferenceGemm(false, POOL).compute(w, p), naive(w, p), w, Dtype.BF16);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.moebench.core.quant.Dtype#values")
  void everyFp32KernelAndThreadCountGivesTheSameBits(Dtype dtype) {
    MoeShape shape = new MoeShape("small", EXPERTS, 384, 144, 128, 16, ActivationRows.PER_TOKEN);
    QuantizedExperts w = SyntheticCase.weights(shape, WeightLayout.GPTQ, dtype, true, 3);
    GemmProblem p = problem(shape, dtype, 3);
    short[] expected = new ReferenceGemm(new PortableKernel(), POOL).compute(w, p);
    ForkJoinPool single = new ForkJoinPool(1);
    try {
      assertThat(new ReferenceGemm(new PortableKernel(), single).compute(w, p)).isEqualTo(expected);
      if (Kernels.vectorApiAvailable()) {
        assertThat(new ReferenceGemm(Kernels.vector(), POOL).compute(w, p)).isEqualTo(expected);
        assertThat(new ReferenceGemm(Kernels.vector(), single).compute(w, p)).isEqualTo(expected);
      }
    } finally {
      single.shutdownNow();
    }
  }

  @Test
  void vectorBf16RoundingMatchesTheScalarRoundingBitForBit() {
    assumeTrue(Kernels.vectorApiAvailable(), "needs --add-modules " + Kernels.VECTOR_MODULE);
    int width = ReferenceGemm.CHUNK;
    int[] rowStarts = {0, width, 2 * width, 3 * width};
    float[] specials = {0f, -0f, Float.NaN, Float.intBitsToFloat(0x7f800001), Float.intBitsToFloat(0xffc12345),
        Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MAX_VALUE, -Float.MAX_VALUE, Float.MIN_VALUE,
        Float.intBitsToFloat(0x3f808000), Float.intBitsToFloat(0x3f818000), Float.intBitsToFloat(0x3f807fff)};
    Random random = new Random(5);
    TileKernel vector = Kernels.vector();
    TileKernel portable = new PortableKernel();
    for (int batch = 0; batch < 2000; batch++) {
      float[] out = new float[4 * width];
      for (int i = 0; i < out.length; i++) {
        out[i] = i < specials.length && batch == 0 ? specials[i] : Float.intBitsToFloat(random.nextInt());
      }
      short[] expected = new short[4 * width];
      short[] actual = new short[4 * width];
      portable.store(out, rowStarts, width, Dtype.BF16, expected);
      vector.store(out, rowStarts, width, Dtype.BF16, actual);
      assertThat(actual).isEqualTo(expected);
    }
  }

  @Test
  void picksTheVectorKernelExactlyWhereTheModuleIsInTheBootLayer() {
    String name = new ReferenceGemm(false, POOL).kernelName();
    assertThat(name).startsWith(Kernels.vectorApiAvailable() ? "fp32-vector-" : "fp32-portable");
    // this module's surefire run adds the module and sets the property: the fast path is the one tested here
    if (Boolean.getBoolean("moebench.cpuref.expectVectorKernel")) {
      assertThat(Kernels.vectorApiAvailable()).as(Kernels.VECTOR_MODULE + " in the boot layer").isTrue();
    }
    assertThat(new ReferenceGemm(true, POOL).kernelName()).isEqualTo("fp64");
  }

  @Test
  void rowsOfSkippedBlocksStayPoisonedAndEngineCapacityChangesNothing() {
    MoeShape shape = new MoeShape("small", EXPERTS, 128, 64, 32, 8, ActivationRows.PER_TOKEN);
    QuantizedExperts w = SyntheticCase.weights(shape, WeightLayout.EXLLAMA, Dtype.BF16, false, 9);
    GemmProblem p = problem(shape, Dtype.BF16, 9);
    ReferenceGemm gemm = new ReferenceGemm(false, POOL);
    short[] full = gemm.compute(w, p);
    AlignedLayout engine = p.layout().withEngineCapacity(EXPERTS);
    assertThat(gemm.compute(w, new GemmProblem(shape, p.routing(), engine, p.activations()))).isEqualTo(full);

    AlignedLayout l = p.layout();
    int[] ids = l.expertIds().clone();
    int last = ids.length - 1;
    ids[last] = -1; // the engine's marker of a block to skip
    AlignedLayout skipped = new AlignedLayout(l.sortedIds(), ids, l.numTokensPostPadded(), l.sentinel(), l.blockM());
    short[] partial = gemm.compute(w, new GemmProblem(shape, p.routing(), skipped, p.activations()));
    List<Integer> skippedRows = new ArrayList<>();
    for (int pos = last * l.blockM(); pos < (last + 1) * l.blockM(); pos++) {
      if (l.sortedIds()[pos] < l.sentinel()) {
        skippedRows.add(l.sortedIds()[pos]);
      }
    }
    assertThat(skippedRows).isNotEmpty();
    for (int row = 0; row < p.outputRows(); row++) {
      for (int n = 0; n < shape.n(); n++) {
        int i = row * shape.n() + n;
        short expected = skippedRows.contains(row) ? Dtype.POISON : full[i];
        assertThat(partial[i]).as("row %d col %d", row, n).isEqualTo(expected);
      }
    }
  }

  /**
   * Token t goes to experts 0, 1 + t % 4 and 6 or 7: expert 0 fills several blocks, expert
   * {@link #EMPTY_EXPERT} gets none, the others end in sentinel-padded blocks.
   */
  private static GemmProblem problem(MoeShape shape, Dtype dtype, long seed) {
    int[] ids = new int[TOKENS * TOP_K];
    for (int t = 0; t < TOKENS; t++) {
      ids[t * TOP_K] = 0;
      ids[t * TOP_K + 1] = 1 + t % 4;
      ids[t * TOP_K + 2] = t % 3 == 0 ? 6 : 7;
    }
    RoutingTable routing = new RoutingTable(TOKENS, TOP_K, EXPERTS, ids, "test");
    assertThat(routing.expertLoads()[EMPTY_EXPERT]).isZero();
    RoutingTable seen = shape.activations() == ActivationRows.PER_ROUTED_ROW ? routing.perRoutedRow() : routing;
    Activations a = Activations.random(dtype, shape.activationRows(seen.tokens(), seen.topK()), shape.k(), seed);
    return new GemmProblem(shape, seen, MoeAlign.align(seen, shape.blockM()), a);
  }

  /** The exact product and, per output, sum |a * w| for the accumulation bound. */
  private record Exact(double[] value, double[] magnitude) {}

  /** C[i][n] = sum over k of A[row of i][k] * W[expert of i][n][k] in float64, from the routing table. */
  private static Exact naive(QuantizedExperts w, GemmProblem p) {
    RoutingTable routing = p.routing();
    int n = w.n();
    int k = w.k();
    double[][] dense = new double[w.experts()][];
    double[] c = new double[routing.routedRows() * n];
    double[] magnitude = new double[c.length];
    for (int i = 0; i < routing.routedRows(); i++) {
      int e = routing.ids()[i];
      if (dense[e] == null) {
        dense[e] = new double[n * k];
        for (int col = 0; col < n; col++) {
          for (int kk = 0; kk < k; kk++) {
            dense[e][col * k + kk] = w.weight(e, col, kk);
          }
        }
      }
      int aRow = p.shape().activations() == ActivationRows.PER_TOKEN ? i / routing.topK() : i;
      for (int col = 0; col < n; col++) {
        double sum = 0;
        double abs = 0;
        for (int kk = 0; kk < k; kk++) {
          double product = p.activations().get(aRow, kk) * dense[e][col * k + kk];
          sum += product;
          abs += Math.abs(product);
        }
        c[i * n + col] = sum;
        magnitude[i * n + col] = abs;
      }
    }
    return new Exact(c, magnitude);
  }

  /**
   * Within one unit in the last place of the dtype, plus the float32 accumulation bound
   * K * 2^-24 * sum |a * w| (loose by design: a wrong weight, zero point or row is off by O(|C|)).
   */
  private static void assertCloseToExact(short[] actual, Exact exact, QuantizedExperts w, Dtype dtype) {
    for (int i = 0; i < exact.value().length; i++) {
      double x = exact.value()[i];
      float got = dtype.toFloat(actual[i]);
      short rounded = dtype.fromFloat((float) x);
      double ulp = Math.abs(dtype.toFloat((short) (rounded + 1)) - dtype.toFloat(rounded));
      double allowed = ulp + w.k() * 0x1p-24 * exact.magnitude()[i];
      assertThat(Math.abs(got - x)).as("C[%d][%d] = %s, exact %s", i / w.n(), i % w.n(), got, x)
          .isLessThanOrEqualTo(allowed);
    }
  }
}
