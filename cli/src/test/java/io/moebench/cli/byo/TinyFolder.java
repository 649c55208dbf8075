package io.moebench.cli.byo;

import io.moebench.core.inputs.InputCase;
import io.moebench.core.inputs.InputFolder;
import io.moebench.core.model.GemmProblem;
import io.moebench.core.model.MoeShape;
import io.moebench.core.model.SyntheticCase;
import io.moebench.core.quant.Dtype;
import io.moebench.core.quant.WeightLayout;
import io.moebench.core.routing.Archetype;
import io.moebench.core.routing.RoutingTable;
import java.nio.file.Path;

/** A valid gemm1 input folder small enough for many runs: exllama, bf16, zero points, full meta.json. */
final class TinyFolder {
  static final int E = 4;
  static final int T = 6;
  static final int TOP_K = 2;
  static final int K = 64;
  static final int N = 16;
  static final int G = 32;

  private TinyFolder() {}

  static InputCase write(Path dir) {
    MoeShape shape = new MoeShape("gemm1", E, K, N, G, MoeShape.DEFAULT_BLOCK_M, MoeShape.ActivationRows.PER_TOKEN);
    RoutingTable routing = SyntheticCase.routing(Archetype.parse("uniform"), T, E, TOP_K, 1, false);
    GemmProblem p = SyntheticCase.problem(shape, routing, Dtype.BF16, 1);
    InputCase c = new InputCase(1, routing, p.activations(), SyntheticCase.weights(shape, WeightLayout.EXLLAMA, Dtype.BF16, true, 1),
        MoeShape.DEFAULT_BLOCK_M);
    InputFolder.write(dir, c);
    return c;
  }
}
