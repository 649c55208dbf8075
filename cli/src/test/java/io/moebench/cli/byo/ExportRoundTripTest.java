package io.moebench.cli.byo;

import static org.assertj.core.api.Assertions.assertThat;

import io.moebench.cli.CliRun;
import io.moebench.core.inputs.InputCase;
import io.moebench.core.inputs.InputFolder;
import io.moebench.core.model.GemmProblem;
import io.moebench.core.model.MoeShape;
import io.moebench.core.model.SyntheticCase;
import io.moebench.core.npy.NpyArray;
import io.moebench.core.quant.Dtype;
import io.moebench.core.quant.QuantizedExperts;
import io.moebench.core.quant.WeightLayout;
import io.moebench.core.routing.Archetype;
import io.moebench.core.routing.RoutingTable;
import io.moebench.testkit.Oracle;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** export writes exactly what bench runs, and run on that folder gives the oracle's output of the synthetic case. */
class ExportRoundTripTest {
  private static final int EXPERTS = 16;
  private static final int TOKENS = 4;
  private static final long SEED = 7;

  @TempDir Path dir;

  @ParameterizedTest(name = "gemm{0} {1} {2} {3} zeros={4}")
  @CsvSource({"1, zipf1, bf16, exllama, false", "2, hot:4, fp16, gptq, true"})
  void runOnAnExportedPointGivesTheOracleOutputOfTheSyntheticCase(int gemm, String archetype, String dtype, String layout,
      boolean zeros) {
    Path in = dir.resolve("in");
    Path dump = dir.resolve("dump");
    CliRun export = CliRun.of(zeros ? new Object[] {"export", "--archetype", archetype, "--tokens", TOKENS, "--gemm", gemm,
        "--experts", EXPERTS, "--seed", SEED, "--dtype", dtype, "--layout", layout, "--out", in, "--zero-points"}
        : new Object[] {"export", "--archetype", archetype, "--tokens", TOKENS, "--gemm", gemm, "--experts", EXPERTS,
            "--seed", SEED, "--dtype", dtype, "--layout", layout, "--out", in});
    assertThat(export.exitCode()).as(export.transcript()).isZero();

    // what bench builds for this point
    MoeShape shape = MoeShape.preset(gemm, EXPERTS, MoeShape.DEFAULT_GROUP, MoeShape.DEFAULT_BLOCK_M);
    Dtype d = Dtype.parse(dtype);
    RoutingTable routing = SyntheticCase.routing(Archetype.parse(archetype), TOKENS, EXPERTS, MoeShape.DEFAULT_TOP_K, SEED, false);
    QuantizedExperts weights = SyntheticCase.weights(shape, WeightLayout.parse(layout), d, zeros, SEED);
    GemmProblem problem = SyntheticCase.problem(shape, routing, d, SEED);

    InputCase read = InputFolder.read(in);
    assertThat(read.routing().ids()).isEqualTo(routing.ids());
    assertThat(read.problem().routing().ids()).isEqualTo(problem.routing().ids());
    assertThat(read.problem().shape()).isEqualTo(shape);
    assertThat(read.problem().layout()).isEqualTo(problem.layout());
    assertThat(read.activations().bits()).isEqualTo(problem.activations().bits());
    assertThat(read.weights().layout()).isEqualTo(weights.layout());
    assertThat(read.weights().sameWeights(weights)).isTrue();

    CliRun run = CliRun.of("run", "--backend", "cpu-ref", "--inputs", in, "--dump", dump);
    assertThat(run.exitCode()).as(run.transcript()).isZero();
    short[] expected;
    try (Oracle oracle = new Oracle()) {
      expected = oracle.reference(weights, problem);
    }
    NpyArray c = NpyArray.read(dump.resolve("c.npy"));
    assertThat(c.dtype()).isEqualTo(d == Dtype.FP16 ? "f2" : "u2");
    assertThat(c.shape()).containsExactly(TOKENS * MoeShape.DEFAULT_TOP_K, shape.n());
    short[] dumped = new short[expected.length];
    c.data().asShortBuffer().get(0, dumped);
    assertThat(dumped).isEqualTo(expected);
  }

  @Test
  void badExportFlagsAreOneLineErrors() {
    Path out = dir.resolve("x");
    for (Object[] args : new Object[][] {
        {"export", "--archetype", "zipf9x", "--tokens", 4, "--out", out},
        {"export", "--archetype", "zipf1", "--tokens", 0, "--out", out},
        {"export", "--archetype", "zipf1", "--tokens", 4, "--gemm", 3, "--out", out},
        {"export", "--archetype", "zipf1", "--tokens", 4, "--group-size", 100, "--out", out},
        {"export", "--archetype", "zipf1", "--tokens", 4, "--dtype", "fp32", "--out", out},
        {"export", "--archetype", "zipf1", "--tokens", 4, "--top-k", 9, "--experts", 8, "--out", out},
        {"export", "--archetype", "zipf1", "--tokens", 4}}) {
      CliRun r = CliRun.of(args);
      assertThat(r.isOneLineUsageError()).as(r.transcript()).isTrue();
    }
  }
}
