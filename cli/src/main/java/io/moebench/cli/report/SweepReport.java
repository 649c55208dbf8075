package io.moebench.cli.report;

import io.moebench.core.bench.BenchPoint;
import io.moebench.core.bench.Crossover;
import io.moebench.core.spacemap.SpaceMapRow;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a report shows.
 *
 * @param provenance ordered key -> value (strings, numbers, lists, nested maps), as results.json records it
 * @param points the measured points, in sweep order
 * @param spacemap the GPU-free prediction rows of the same routings
 * @param blockM the block size whose space-map fill the report plots
 * @param crossovers where the kernel starts beating the baseline, per (gemm, archetype)
 */
public record SweepReport(Map<String, Object> provenance, List<BenchPoint> points, List<SpaceMapRow> spacemap,
    int blockM, List<Crossover> crossovers) {

  public SweepReport {
    // LinkedHashMap, not Map.copyOf: the order is the reader's order, and a value may be null (no baseline)
    provenance = Collections.unmodifiableMap(new LinkedHashMap<>(provenance));
    points = List.copyOf(points);
    spacemap = List.copyOf(spacemap);
    crossovers = List.copyOf(crossovers);
  }
}
