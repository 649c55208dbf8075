package io.moebench.cli.commands;

import com.google.inject.Inject;
import io.moebench.cli.Console;
import io.moebench.cli.GlobalOptions;
import io.moebench.cli.options.FormatOption;
import io.moebench.cli.options.RoutingOptions;
import io.moebench.cli.output.SpaceMapColumns;
import io.moebench.cli.output.TableRenderer;
import io.moebench.core.InputException;
import io.moebench.core.routing.Archetype;
import io.moebench.core.routing.RoutingGenerator;
import io.moebench.core.routing.RoutingTable;
import io.moebench.core.routing.TraceReader;
import io.moebench.core.spacemap.SpaceMap;
import io.moebench.core.spacemap.SpaceMapRow;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Padding and block fill per (archetype, T), predicted without a GPU. */
@Command(name = "spacemap", mixinStandardHelpOptions = true,
    description = "Predict padding and block fill per archetype and T without a GPU (the space-map).")
public final class SpacemapCommand implements Callable<Integer> {
  @Mixin GlobalOptions global;
  @Mixin RoutingOptions routing;
  @Mixin FormatOption format;

  @Option(names = "--block-m", split = ",", paramLabel = "LIST", defaultValue = "16,32",
      description = "Block sizes to evaluate (default ${DEFAULT-VALUE}).")
  List<Integer> blockSizes;

  @Option(names = "--trace", paramLabel = "FILE",
      description = "A routing trace (.npy int32/int64 [T, top_k], or .csv one token per line) instead of archetypes.")
  Path trace;

  private final Console console;

  @Inject
  SpacemapCommand(Console console) {
    this.console = console;
  }

  @Override
  public Integer call() {
    for (int bm : blockSizes) {
      InputException.require(bm >= 1 && bm <= 1024, "--block-m: block sizes must be between 1 and 1024 (got " + bm + ")");
    }
    InputException.require(blockSizes.stream().distinct().count() == blockSizes.size(),
        "--block-m: block sizes must be distinct (got " + blockSizes + ")");
    List<SpaceMapRow> rows = new ArrayList<>();
    if (trace != null) {
      InputException.require(!routing.archetypesGiven() && !routing.tokensGiven(),
          "--trace replaces --archetypes and --tokens: give one or the other");
      rows.add(SpaceMap.of(TraceReader.read(trace, routing.experts()), blockSizes));
    } else {
      List<Archetype> archetypes = routing.archetypes();
      List<Integer> tokens = routing.tokens();
      int experts = routing.experts();
      int topK = routing.topK();
      for (Archetype a : archetypes) {
        for (int t : tokens) {
          RoutingTable r = RoutingGenerator.generate(a, t, experts, topK, routing.seed(), routing.shuffleIds());
          rows.add(SpaceMap.of(r, blockSizes));
        }
      }
    }
    console.out().print(TableRenderer.render(SpaceMapColumns.of(rows, blockSizes), format.format()));
    return 0;
  }
}
