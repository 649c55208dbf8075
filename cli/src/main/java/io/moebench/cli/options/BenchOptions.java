package io.moebench.cli.options;

import io.moebench.core.InputException;
import io.moebench.core.bench.KnownCeilings;
import io.moebench.core.bench.Roofline;
import io.moebench.core.harness.TimingPolicy;
import io.moebench.core.quant.Dtype;
import io.moebench.core.quant.WeightLayout;
import io.moebench.core.spi.BackendConfig;
import io.moebench.core.bench.BenchPlan;
import io.moebench.core.spi.Backend;
import io.moebench.core.tune.CeilingsCache;
import io.moebench.core.tune.DeviceKey;
import io.moebench.core.tune.TuneCache;
import io.moebench.core.tune.TunedConfigurations;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Backend choice, formats and timing flags shared by bench and sweep. */
public final class BenchOptions {
  @Option(names = "--backend", paramLabel = "ID", description = "Kernel backend (default: the best available).")
  String backend;

  @Option(names = "--baseline", paramLabel = "ID", description = "Baseline backend to compare with.")
  String baseline;

  @Option(names = "--backend-option", paramLabel = "K=V,..", description = "Options for the kernel backend, e.g. path=portable.")
  String backendOptions;

  @Option(names = "--dtype", defaultValue = "bf16", description = "Activation/scale/output type: bf16, fp16 (default ${DEFAULT-VALUE}).")
  String dtype;

  @Option(names = "--layout", defaultValue = "exllama", description = "Weight layout: exllama, gptq (default ${DEFAULT-VALUE}).")
  String layout;

  @Option(names = "--warm", description = "Back-to-back launches (default: cold, the last-level cache flushed before each).")
  boolean warm;

  @Option(names = "--iters", paramLabel = "N", description = "Timed launches per point (default 20; 3 on CPU devices).")
  Integer iters;

  @Option(names = "--warmup", paramLabel = "N", description = "Untimed launches first (default 3; 1 on CPU devices).")
  Integer warmup;

  @Option(names = "--warmup-ms", paramLabel = "MS", description = "Keep launching untimed for at least this long first, "
      + "then while launches still get faster (up to about 4 times as long), so that GPU clocks ramp up after the "
      + "CPU oracle's idle time (default 500; 0 turns both off; CPU devices skip it).")
  Integer warmupMillis;

  @Option(names = "--ceilings", paramLabel = "TB/s,TFLOP/s",
      description = "Device ceilings for %% of floor: copy bandwidth and matrix throughput, e.g. 3.0,790 "
          + "(default: known cards, else none).")
  String ceilings;

  @Option(names = "--no-tune-cache", description = "Ignore tile configurations stored by `moe-bench tune`.")
  boolean noTuneCache;

  /**
   * The roofline of the kernel's device: --ceilings, else ceilings measured by `calibrate`, else a
   * known card's reference ceilings, else none (null).
   */
  public Roofline roofline(Backend kernel) {
    if (ceilings == null) {
      return CeilingsCache.standard().load(DeviceKey.of(kernel))
          .or(() -> KnownCeilings.forDevice(kernel.device())).orElse(null);
    }
    String[] parts = ceilings.split(",");
    try {
      double bw = Double.parseDouble(parts[0].trim());
      double flops = Double.parseDouble(parts[1].trim());
      InputException.require(parts.length == 2 && bw > 0 && flops > 0, "");
      return new Roofline(bw * 1e12, flops * 1e12, "--ceilings " + ceilings);
    } catch (RuntimeException e) {
      throw new InputException("--ceilings '" + ceilings + "': expected two positive numbers TB/s,TFLOP/s, e.g. 3.0,790");
    }
  }

  /** The kernel's tuned configurations, from the tuning cache: none with --no-tune-cache or a kernel without tiles. */
  public TunedConfigurations tunedConfigs(Backend kernel, BenchPlan plan) {
    if (noTuneCache || kernel.tuning().isEmpty()) {
      return TunedConfigurations.none();
    }
    return TunedConfigurations.of(TuneCache.standard(), DeviceKey.of(kernel), kernel.tuning().get(), plan);
  }

  /**
   * After a run, a line saying how many of the tuned configurations it used were tuned for another build of the
   * kernel or an unknown one, and how to retune them; empty when all were current. They ran all the same: bench
   * validates every point, and most still work, if not as the fastest.
   */
  public Optional<String> staleTuningNotice(Backend kernel, TunedConfigurations tuned) {
    int stale = tuned.stale();
    if (stale == 0) {
      return Optional.empty();
    }
    int used = tuned.used();
    String them = stale == 1 ? "it" : "them";
    String options = backendOptions == null ? "" : " --backend-option " + backendOptions;
    return Optional.of("moe-bench: " + stale + " of " + used + " tuned configuration" + (used == 1 ? "" : "s")
        + " used here " + (stale == 1 ? "was" : "were") + " tuned for another build of the " + kernel.id()
        + " kernel or an unknown one; 'moe-bench tune --backend " + kernel.id() + options + " --resume' retunes "
        + them + ", given the options of the tune that cached " + them + " (--archetypes, --tokens, ...)");
  }

  /** A line saying that the kernel's tuning cache holds entries of an older format, which bench ignores. */
  public Optional<String> olderTuningNotice(Backend kernel) {
    if (noTuneCache || kernel.tuning().isEmpty()) {
      return Optional.empty();
    }
    String key = DeviceKey.of(kernel);
    TuneCache cache = TuneCache.standard();
    int older = cache.olderEntries(key);
    return older == 0 ? Optional.empty() : Optional.of("moe-bench: " + (older == 1 ? "1 entry" : older + " entries")
        + " of " + cache.file(key) + (older == 1 ? " is" : " are")
        + " of an older format (routing work without the largest expert), not used: run tune again");
  }

  public String backend() {
    return backend;
  }

  public String baseline() {
    return baseline;
  }

  public BackendConfig backendConfig() {
    return BackendConfig.parse(backendOptions);
  }

  public Dtype dtype() {
    return Dtype.parse(dtype);
  }

  public WeightLayout layout() {
    return WeightLayout.parse(layout);
  }

  /** Timing policy: the device's defaults, overridden by the options given. */
  public TimingPolicy timing(boolean cpuDevice) {
    TimingPolicy d = TimingPolicy.defaults(cpuDevice);
    return new TimingPolicy(warmup != null ? warmup : d.warmup(), warmupMillis != null ? warmupMillis : d.warmupMillis(),
        iters != null ? iters : d.iterations(), !warm);
  }
}
