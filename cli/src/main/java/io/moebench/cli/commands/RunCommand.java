package io.moebench.cli.commands;

import com.google.inject.Inject;
import com.google.inject.Provider;
import io.moebench.cli.BackendSelection;
import io.moebench.cli.Console;
import io.moebench.cli.ExitCodes;
import io.moebench.cli.GlobalOptions;
import io.moebench.cli.OpenBackends;
import io.moebench.core.harness.Harness;
import io.moebench.core.harness.TimingPolicy;
import io.moebench.core.harness.TimingStats;
import io.moebench.core.inputs.InputCase;
import io.moebench.core.inputs.InputFolder;
import io.moebench.core.inputs.OutputDump;
import io.moebench.core.model.GemmProblem;
import io.moebench.core.quant.QuantizedExperts;
import io.moebench.core.registry.BackendRegistry;
import io.moebench.core.spi.Backend;
import io.moebench.core.spi.BackendConfig;
import io.moebench.core.spi.BoundGemm;
import io.moebench.core.spi.PreparedWeights;
import io.moebench.core.spi.UnsupportedProblemException;
import io.moebench.core.verify.Comparison;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** One backend on the user's own tensors (an input folder), checked against the oracle on the same inputs. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = {"Run a backend once on an input folder (docs/INPUTS.md), compare it with the CPU oracle "
        + "(fp64 accumulation) and print the relative error; time it with --iters; write its output with --dump.",
        "Exit 1 when the output fails verification."})
public final class RunCommand implements Callable<Integer> {
  @Mixin GlobalOptions global;

  @Option(names = "--backend", paramLabel = "ID", description = "Backend to run (default: the best available).")
  String backend;

  @Option(names = "--backend-option", paramLabel = "K=V,..", description = "Options for the backend, e.g. path=portable.")
  String backendOptions;

  @Option(names = "--inputs", paramLabel = "DIR", required = true,
      description = "Input folder: topk_ids.npy, a.npy, qweight.npy, scales.npy, optional zeros.npy and meta.json.")
  Path inputs;

  @Option(names = "--dump", paramLabel = "DIR",
      description = "Write c.npy [T*top_k, N] and the aligned layout (sorted_token_ids.npy, expert_ids.npy, "
          + "num_tokens_post_padded.npy) here.")
  Path dump;

  @Option(names = "--iters", paramLabel = "N", description = "Also time N launches (cold cache, median) after warm-up.")
  Integer iters;

  private final Console console;
  private final Provider<BackendRegistry> registries;
  private final Harness harness;

  @Inject
  RunCommand(Console console, Provider<BackendRegistry> registries, Harness harness) {
    this.console = console;
    this.registries = registries;
    this.harness = harness;
  }

  @Override
  public Integer call() {
    InputCase in = InputFolder.read(inputs);
    BackendRegistry registry = registries.get(); // after parsing: --plugins decides what is discovered
    String id = BackendSelection.kernel(registry, backend);
    BackendConfig config = BackendConfig.parse(backendOptions);
    OutputDump dumpTo = dump == null ? null : OutputDump.to(dump);
    GemmProblem problem = in.problem();
    QuantizedExperts weights = in.weights();
    console.out().println("inputs: " + inputs + ": " + in);
    Comparison comparison;
    try (OpenBackends open = new OpenBackends(registry)) {
      Backend kernel = open.open(id, config);
      TimingPolicy policy = iters == null ? null : TimingPolicy.defaults(kernel.device().isCpu()).withIterations(iters);
      String unsupported = kernel.capabilities().unsupported(problem.shape(), weights.dtype(), weights.layout(), weights.hasZeros());
      if (unsupported != null) {
        throw new UnsupportedProblemException(id, unsupported);
      }
      short[] reference = output(open.oracle(true), weights, problem);
      try (PreparedWeights prepared = kernel.prepare(weights); BoundGemm gemm = kernel.bind(prepared, problem)) {
        gemm.launch();
        short[] c = gemm.output();
        comparison = Comparison.of(weights.dtype(), c, reference, problem.shape().n());
        console.out().println("backend: " + id + " on " + kernel.device().name() + " (" + gemm.configuration() + ")");
        console.out().println("verification against " + OpenBackends.ORACLE + " (fp64 accumulation): "
            + (comparison.passed() ? "PASS, " : "FAIL, ") + comparison.summary());
        if (policy != null) {
          printTime(harness.time(kernel, gemm, policy), policy, !kernel.device().isCpu());
        }
        if (dumpTo != null) {
          dumpTo.write(problem, c);
          console.out().println("wrote " + String.join(", ", OutputDump.FILES) + " to " + dump);
        }
      }
    }
    if (!comparison.passed()) {
      console.err().println("moe-bench: verification failed: " + id + ": " + comparison.summary());
      return ExitCodes.VERIFICATION_FAILED;
    }
    return ExitCodes.OK;
  }

  private static short[] output(Backend b, QuantizedExperts weights, GemmProblem problem) {
    try (PreparedWeights w = b.prepare(weights); BoundGemm g = b.bind(w, problem)) {
      g.launch();
      return g.output();
    }
  }

  private void printTime(TimingStats t, TimingPolicy policy, boolean gpu) {
    String warmup = policy.warmup() + " warm-up" + (gpu && policy.warmupMillis() > 0 ? " (at least " + policy.warmupMillis()
        + " ms)" : "");
    console.out().println(String.format(Locale.ROOT, "time: median %.1f us, min %.1f, p90 %.1f (%d %s-cache launches after %s, %s)",
        t.medianUs(), t.minUs(), t.p90Us(), t.samples(), policy.mode(), warmup, t.deviceTimer() ? "device timer" : "host clock"));
  }
}
