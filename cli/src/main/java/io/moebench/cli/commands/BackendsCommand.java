package io.moebench.cli.commands;

import com.google.inject.Inject;
import com.google.inject.Provider;
import io.moebench.cli.Console;
import io.moebench.cli.GlobalOptions;
import io.moebench.cli.options.FormatOption;
import io.moebench.cli.output.ResultTable;
import io.moebench.cli.output.TableRenderer;
import io.moebench.core.bench.Failures;
import io.moebench.core.registry.BackendRegistry;
import io.moebench.core.registry.DiscoveredBackend;
import io.moebench.core.spi.Availability;
import io.moebench.core.spi.Backend;
import io.moebench.core.spi.BackendConfig;
import io.moebench.core.spi.Capabilities;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Every discovered backend: available or why not, device and capabilities. */
@Command(name = "backends", mixinStandardHelpOptions = true,
    description = "List every discovered backend (built-in and plugins): availability, device, capabilities.")
public final class BackendsCommand implements Callable<Integer> {
  @Mixin GlobalOptions global;
  @Mixin FormatOption format;

  private final Console console;
  private final Provider<BackendRegistry> registries;

  @Inject
  BackendsCommand(Console console, Provider<BackendRegistry> registries) {
    this.console = console;
    this.registries = registries;
  }

  @Override
  public Integer call() {
    BackendRegistry registry = registries.get(); // after parsing: --plugins decides what is discovered
    ResultTable t = new ResultTable().column("id").column("status").column("rank").column("device").column("path")
        .column("dtypes").column("layouts").column("origin").column("reason");
    for (DiscoveredBackend d : registry.all()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("id", d.id());
      Availability a = d.availability();
      row.put("rank", d.loaded() ? d.rank() : null);
      row.put("origin", d.origin());
      String reason = a.reason();
      String status = a.available() ? "available" : "unavailable";
      if (a.available()) {
        row.put("device", a.device());
        try (Backend b = registry.open(d.id(), BackendConfig.DEFAULT)) {
          Capabilities c = b.capabilities();
          row.put("device", b.device().name());
          row.put("path", c.matrixPath());
          row.put("dtypes", join(c.dtypes()));
          row.put("layouts", join(c.layouts()));
        } catch (RuntimeException e) {
          status = "failed";
          reason = "open failed: " + Failures.describe(d.id(), e);
        }
      }
      row.put("status", status);
      row.put("reason", reason.isEmpty() ? null : reason);
      t.add(row);
    }
    console.out().print(TableRenderer.render(t, format.format()));
    return 0;
  }

  private static String join(java.util.Set<?> values) {
    return values.stream().map(Object::toString).collect(Collectors.toCollection(TreeSet::new)).stream()
        .collect(Collectors.joining("+"));
  }
}
