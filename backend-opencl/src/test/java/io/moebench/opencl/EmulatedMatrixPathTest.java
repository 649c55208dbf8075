package io.moebench.opencl;

import static org.assertj.core.api.Assertions.assertThat;

import io.moebench.core.model.GemmProblem;
import io.moebench.core.model.MoeShape;
import io.moebench.core.quant.Dtype;
import io.moebench.core.quant.QuantizedExperts;
import io.moebench.core.quant.WeightLayout;
import io.moebench.core.spi.BoundGemm;
import io.moebench.core.spi.PreparedWeights;
import io.moebench.core.verify.Comparison;
import io.moebench.testkit.ContractCase;
import io.moebench.testkit.ContractCases;
import io.moebench.testkit.Devices;
import io.moebench.testkit.Oracle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The nvidia-mma and gfx11-wmma kernels on a CPU device, with the matrix instruction replaced by
 * moe_mma_emulated.h (built from each path's documented fragment layout): checks the fragment
 * loads, in-register dequantisation, group scaling and stores against the oracle. The instruction
 * itself runs only on real GPUs (and is assembled offline by OfflineKernelCompileTest).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EmulatedMatrixPathTest {
  private final List<OpenClBackend> backends = new ArrayList<>();
  private Oracle oracle;

  @BeforeAll
  void requireDevice() {
    Devices.requireAvailable(new OpenClProvider());
    oracle = new Oracle();
  }

  @AfterAll
  void close() {
    for (OpenClBackend b : backends) {
      b.close();
      assertThat(b.openHandles()).isZero();
    }
    if (oracle != null) {
      oracle.close();
    }
  }

  /** Every dtype x layout x gemm kind on ragged zipf1 routing, plus the zero-point, G=128 and bm16 cases. */
  static List<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    List<ContractCase> all = ContractCases.all();
    for (MatrixPath path : new MatrixPath[] {MatrixPath.NVIDIA_MMA, MatrixPath.GFX11_WMMA}) {
      for (ContractCase c : all) {
        if (c.archetype().equals("zipf1") || c.zeroPoints() || c.tokens() == 1) {
          out.add(Arguments.of(path, c));
        }
      }
    }
    return out;
  }

  static List<Arguments> zipf1Cases() {
    return cases().stream().filter(a -> ((ContractCase) a.get()[1]).archetype().equals("zipf1")).toList();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cases")
  void matchesTheOracle(MatrixPath path, ContractCase c) {
    String config = OracleCheck.assertMatches(backend(path), oracle, OracleCheck.weights(c), OracleCheck.problem(c), c.toString());
    assertThat(config).startsWith(path.id()).contains("MOE_MMA_EMULATE").doesNotContain("tiles-fastest"); // CPU device
  }

  /**
   * The N-tiles-fastest launch order (a 1-D grid; GPUs' default, CPU devices' with order=tiles) on the
   * zipf1 cases: every block's tiles decoded from one group id, merged blocks included.
   */
  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("zipf1Cases")
  void theTilesFastestOrderMatchesTheOracle(MatrixPath path, ContractCase c) {
    String config = OracleCheck.assertMatches(backend(path, WorkGroupOrder.TILES), oracle, OracleCheck.weights(c),
        OracleCheck.problem(c), c.toString());
    assertThat(config).contains("tiles-fastest");
  }

  /**
   * The NVIDIA kernel's activation staging over several K steps (the contract shapes take one): two stages
   * (the next step's rows copied while this one multiplies), one stage (refilled after each step), K slices,
   * and merged blocks (pieces of one expert's run: the ragged routing ends runs inside a piece's span; at blocks 2
   * each piece length has its own K loop), on ragged zipf1 routing with K = 512 (four 128-k chunks).
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = ';', value = {
      "blocks=1,splitK=1,tileN=64,workGroupSize=128,warpsM=1; stages2",
      "blocks=2,splitK=1,tileN=64,workGroupSize=128,warpsM=1; stages2",
      "blocks=4,splitK=1,tileN=64,workGroupSize=128,warpsM=1; stages1",
      "blocks=1,splitK=2,tileN=64,workGroupSize=128,warpsM=1; stages2",
      "blocks=2,splitK=1,tileN=64,workGroupSize=128,warpsM=2; stages2"})
  void activationStagesOverSeveralStepsMatchTheOracle(String tile, String stages) {
    MoeShape shape = new MoeShape("gemm1", 16, 512, 128, 128, 32, MoeShape.ActivationRows.PER_TOKEN);
    ContractCase c = new ContractCase(shape, "zipf1", 45, 4, Dtype.BF16, WeightLayout.EXLLAMA, false, 301);
    Map<String, String> configuration = new LinkedHashMap<>();
    for (String kv : tile.split(",")) {
      configuration.put(kv.split("=")[0], kv.split("=")[1]);
    }
    OpenClBackend b = backend(MatrixPath.NVIDIA_MMA);
    GemmProblem problem = OracleCheck.problem(c);
    short[] expected = oracle.reference(OracleCheck.weights(c), problem);
    try (PreparedWeights pw = b.prepare(OracleCheck.weights(c));
        BoundGemm g = b.tuning().orElseThrow().bind(pw, problem, configuration)) {
      g.launch();
      Comparison cmp = Comparison.of(Dtype.BF16, g.output(), expected, shape.n());
      assertThat(cmp.passed()).as("%s: %s", g.configuration(), cmp.summary()).isTrue();
      assertThat(g.configuration()).contains(stages);
    }
  }

  /**
   * Pieces over weights split into chunks of 3 experts (one launch per chunk): each launch's work-groups on
   * pieces of another chunk's experts leave, the others take their whole piece, on ragged zipf1 routing. At
   * blocks 1 each work block is its own piece, launched without piece starts.
   */
  @ParameterizedTest(name = "blocks {0}")
  @ValueSource(ints = {1, 2, 4})
  void piecesOfMergedBlocksOverWeightChunksMatchTheOracle(int blocks) {
    MoeShape shape = new MoeShape("gemm1", 16, 512, 128, 128, 32, MoeShape.ActivationRows.PER_TOKEN);
    ContractCase c = new ContractCase(shape, "zipf1", 45, 4, Dtype.BF16, WeightLayout.EXLLAMA, false, 302);
    QuantizedExperts w = OracleCheck.weights(c);
    GemmProblem problem = OracleCheck.problem(c);
    Map<String, String> configuration = Map.of("blocks", Integer.toString(blocks), "splitK", "1", "tileN", "64",
        "workGroupSize", "128", "warpsM", "1");
    try (OpenClBackend chunked = new OpenClBackend(new OpenClOptions(MatrixPath.NVIDIA_MMA, -1, -1, null, 0,
            WorkGroupOrder.AUTO), 3L * w.n() * w.k() / 2, "-DMOE_MMA_EMULATE");
        PreparedWeights pw = chunked.prepare(w);
        BoundGemm g = chunked.tuning().orElseThrow().bind(pw, problem, configuration)) {
      g.launch();
      Comparison cmp = Comparison.of(Dtype.BF16, g.output(), oracle.reference(w, problem), shape.n());
      assertThat(cmp.passed()).as("%s: %s", g.configuration(), cmp.summary()).isTrue();
      assertThat(g.configuration()).contains("blocks" + blocks).contains((w.experts() + 2) / 3 + " weight chunks");
    }
  }

  private OpenClBackend backend(MatrixPath path) {
    return backend(path, WorkGroupOrder.AUTO);
  }

  private OpenClBackend backend(MatrixPath path, WorkGroupOrder order) {
    for (OpenClBackend b : backends) {
      if (b.path() == path && b.order() == order) {
        return b;
      }
    }
    OpenClBackend b = new OpenClBackend(new OpenClOptions(path, -1, -1, null, 0, order), Long.MAX_VALUE,
        "-DMOE_MMA_EMULATE");
    backends.add(b);
    return b;
  }
}
