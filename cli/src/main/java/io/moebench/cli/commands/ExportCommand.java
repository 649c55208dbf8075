package io.moebench.cli.commands;

import com.google.inject.Inject;
import io.moebench.cli.Console;
import io.moebench.cli.GlobalOptions;
import io.moebench.core.InputException;
import io.moebench.core.inputs.InputCase;
import io.moebench.core.inputs.InputFolder;
import io.moebench.core.model.GemmProblem;
import io.moebench.core.model.MoeShape;
import io.moebench.core.model.SyntheticCase;
import io.moebench.core.quant.Dtype;
import io.moebench.core.quant.QuantizedExperts;
import io.moebench.core.quant.WeightLayout;
import io.moebench.core.routing.Archetype;
import io.moebench.core.routing.RoutingTable;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Writes one synthetic point as an input folder: exactly the arrays bench runs for it. */
@Command(name = "export", mixinStandardHelpOptions = true,
    description = {"Write the inputs of one synthetic point as an input folder (docs/INPUTS.md): exactly the arrays "
        + "bench runs for the same flags and seed, so any other tool can run on them."})
public final class ExportCommand implements Callable<Integer> {
  @Mixin GlobalOptions global;

  @Option(names = "--archetype", required = true, paramLabel = "NAME",
      description = "Routing archetype: " + Archetype.ALLOWED + ".")
  String archetype;

  @Option(names = "--tokens", required = true, paramLabel = "T", description = "Token count T (1..4194304).")
  int tokens;

  @Option(names = "--gemm", paramLabel = "1|2", defaultValue = "1",
      description = "1 (up/gate, K=2048 N=1024) or 2 (down, K=512 N=2048); default ${DEFAULT-VALUE}.")
  int gemm;

  @Option(names = "--experts", paramLabel = "E", defaultValue = "" + MoeShape.DEFAULT_EXPERTS,
      description = "Number of experts (default ${DEFAULT-VALUE}).")
  int experts;

  @Option(names = "--top-k", paramLabel = "K", defaultValue = "" + MoeShape.DEFAULT_TOP_K,
      description = "Experts per token (default ${DEFAULT-VALUE}).")
  int topK;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "0",
      description = "Seed of routing, weights and activations (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--shuffle-ids", description = "Shuffle expert ids (hot experts are otherwise adjacent in memory).")
  boolean shuffleIds;

  @Option(names = "--dtype", paramLabel = "DTYPE", defaultValue = "bf16",
      description = "Activation/scale type: bf16, fp16 (default ${DEFAULT-VALUE}).")
  String dtype;

  @Option(names = "--layout", paramLabel = "LAYOUT", defaultValue = "exllama",
      description = "Weight layout: exllama, gptq (default ${DEFAULT-VALUE}).")
  String layout;

  @Option(names = "--group-size", paramLabel = "G", defaultValue = "" + MoeShape.DEFAULT_GROUP,
      description = "Quantisation group size along K (default ${DEFAULT-VALUE}).")
  int groupSize;

  @Option(names = "--block-m", paramLabel = "B", defaultValue = "" + MoeShape.DEFAULT_BLOCK_M,
      description = "Rows per block, recorded in meta.json (default ${DEFAULT-VALUE}).")
  int blockM;

  @Option(names = "--zero-points", description = "Asymmetric weights with zero points (default: symmetric, z = 8).")
  boolean zeroPoints;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder to write (created if missing).")
  Path out;

  private final Console console;

  @Inject
  ExportCommand(Console console) {
    this.console = console;
  }

  @Override
  public Integer call() {
    InputException.require(tokens >= 1 && tokens <= 1 << 22, "--tokens: T must be between 1 and 4194304 (got " + tokens + ")");
    InputException.require(experts >= 1 && experts <= 65536, "--experts must be between 1 and 65536 (got " + experts + ")");
    MoeShape shape = MoeShape.preset(gemm, experts, groupSize, blockM);
    Dtype d = Dtype.parse(dtype);
    RoutingTable routing = SyntheticCase.routing(Archetype.parse(archetype), tokens, experts, topK, seed, shuffleIds);
    QuantizedExperts weights = SyntheticCase.weights(shape, WeightLayout.parse(layout), d, zeroPoints, seed);
    GemmProblem problem = SyntheticCase.problem(shape, routing, d, seed);
    InputCase in = new InputCase(gemm, routing, problem.activations(), weights, blockM);
    InputFolder.write(out, in);
    console.out().println("wrote " + out + ": " + in + ", " + archetype + ", seed " + seed);
    return 0;
  }
}
