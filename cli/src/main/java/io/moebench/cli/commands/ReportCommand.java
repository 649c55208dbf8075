package io.moebench.cli.commands;

import com.google.inject.Inject;
import io.moebench.cli.Console;
import io.moebench.cli.GlobalOptions;
import io.moebench.cli.output.PointColumns;
import io.moebench.cli.output.ResultsWriter;
import io.moebench.cli.report.HtmlReport;
import io.moebench.cli.report.SweepReport;
import io.moebench.core.InputException;
import io.moebench.core.bench.BenchPoint;
import io.moebench.core.bench.CrossoverFinder;
import io.moebench.core.model.SyntheticCase;
import io.moebench.core.routing.Archetype;
import io.moebench.core.spacemap.SpaceMap;
import io.moebench.core.spacemap.SpaceMapRow;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * Rebuilds report.html from a results folder (sweep or bench --out): for results brought back from a
 * machine that could not draw the charts (no fonts), or after editing nothing but wanting a fresh look.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = "Rebuild DIR/report.html from DIR/results.json (e.g. results brought back from a machine without fonts).")
public final class ReportCommand implements Callable<Integer> {
  @Mixin GlobalOptions global;

  @Parameters(paramLabel = "DIR", description = "A folder written by `sweep` or `bench --out`.")
  Path dir;

  private final Console console;

  @Inject
  ReportCommand(Console console) {
    this.console = console;
  }

  @Override
  public Integer call() {
    ResultsWriter.Contents c = ResultsWriter.read(dir);
    Map<String, Object> plan = map(c.provenance().get("plan"));
    List<BenchPoint> points = new ArrayList<>();
    c.points().forEach(r -> points.add(PointColumns.point(r)));
    List<Integer> tokens = ints(plan.get("tokens"));
    int blockM = ((Number) plan.get("block_m")).intValue();
    List<SpaceMapRow> spacemap = new ArrayList<>();
    for (Object a : (List<?>) plan.get("archetypes")) {
      for (int t : tokens) {
        spacemap.add(SpaceMap.of(SyntheticCase.routing(Archetype.parse(a.toString()), t,
            ((Number) plan.get("experts")).intValue(), ((Number) plan.get("top_k")).intValue(),
            ((Number) plan.get("seed")).longValue(), Boolean.TRUE.equals(plan.get("shuffle_ids"))), List.of(blockM)));
      }
    }
    Path out = dir.resolve("report.html");
    HtmlReport.write(out, new SweepReport(c.provenance(), points, spacemap, blockM, CrossoverFinder.find(points, tokens)));
    console.out().println("wrote " + out);
    return 0;
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> map(Object o) {
    if (!(o instanceof Map)) {
      throw new InputException(dir.resolve(ResultsWriter.JSON) + ": no plan in the provenance: not written by moe-bench");
    }
    return (Map<String, Object>) o;
  }

  private static List<Integer> ints(Object o) {
    return ((List<?>) o).stream().map(v -> ((Number) v).intValue()).toList();
  }
}
