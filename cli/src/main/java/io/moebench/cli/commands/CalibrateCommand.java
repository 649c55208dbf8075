package io.moebench.cli.commands;

import com.google.inject.Inject;
import com.google.inject.Provider;
import io.moebench.cli.BackendSelection;
import io.moebench.cli.Console;
import io.moebench.cli.GlobalOptions;
import io.moebench.cli.OpenBackends;
import io.moebench.cli.Provenance;
import io.moebench.core.quant.Dtype;
import io.moebench.core.registry.BackendRegistry;
import io.moebench.core.spi.Backend;
import io.moebench.core.spi.BackendConfig;
import io.moebench.core.spi.Calibration;
import io.moebench.core.spi.UnsupportedProblemException;
import io.moebench.core.tune.CeilingsCache;
import io.moebench.core.tune.DeviceKey;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Measures a device's ceilings through one backend and caches them for % of floor. */
@Command(name = "calibrate", mixinStandardHelpOptions = true,
    description = {"Measure and cache the device's ceilings (copy bandwidth, matrix-path throughput).",
        "bench and sweep then report %% of floor from them."})
public final class CalibrateCommand implements Callable<Integer> {
  @Mixin GlobalOptions global;

  @Option(names = "--backend", paramLabel = "ID", description = "Backend to measure through (default: the best available).")
  String backend;

  @Option(names = "--backend-option", paramLabel = "K=V,..", description = "Options for the backend, e.g. path=portable.")
  String backendOptions;

  @Option(names = "--dtype", defaultValue = "bf16", description = "Matrix input type: bf16, fp16 (default ${DEFAULT-VALUE}).")
  String dtype;

  private final Console console;
  private final Provider<BackendRegistry> registries;

  @Inject
  CalibrateCommand(Console console, Provider<BackendRegistry> registries) {
    this.console = console;
    this.registries = registries;
  }

  @Override
  public Integer call() {
    BackendRegistry registry = registries.get();
    String id = BackendSelection.kernel(registry, backend);
    Dtype type = Dtype.parse(dtype);
    try (OpenBackends open = new OpenBackends(registry)) {
      Backend b = open.open(id, BackendConfig.parse(backendOptions));
      Calibration c = b.calibration().orElseThrow(() -> new UnsupportedProblemException(id,
          "cannot measure its device's ceilings (no calibration support); give them to bench with --ceilings"));
      double bandwidth = c.copyBandwidth();
      double flops = c.matrixThroughput(type);
      String key = DeviceKey.of(b);
      CeilingsCache cache = CeilingsCache.standard();
      cache.store(key, bandwidth, flops, Provenance.now());
      console.out().println(String.format(Locale.ROOT, "%s on %s (%s): copy %.2f TB/s, %s matrix %.1f TFLOP/s", id,
          b.device().name(), b.capabilities().matrixPath(), bandwidth / 1e12, type, flops / 1e12));
      console.out().println("cached in " + cache.file(key));
    }
    return 0;
  }
}
