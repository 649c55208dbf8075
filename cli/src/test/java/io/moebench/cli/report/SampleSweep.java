package io.moebench.cli.report;

import io.moebench.core.bench.BenchPoint;
import io.moebench.core.bench.CrossoverFinder;
import io.moebench.core.harness.TimingStats;
import io.moebench.core.routing.Archetype;
import io.moebench.core.routing.RoutingGenerator;
import io.moebench.core.spacemap.SpaceMap;
import io.moebench.core.spacemap.SpaceMapRow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Synthetic sweeps for report tests: real space-map rows from the routing generator, made-up but
 * plausible timings. The kernel never wins on balanced or uniform routing, crosses over on zipf1
 * (T=256 when sampled from T=64) and wins everywhere on zipf2 and hot16.
 */
final class SampleSweep {
  static final int BLOCK_M = 32;
  static final List<String> GEMMS = List.of("gemm1", "gemm2");
  private static final int EXPERTS = 256;
  private static final int TOP_K = 8;

  private final List<String> archetypes;
  private final List<Integer> tokens;
  private boolean baseline = true;
  private boolean floor = true;

  SampleSweep(List<String> archetypes, List<Integer> tokens) {
    this.archetypes = archetypes;
    this.tokens = tokens;
  }

  SampleSweep withoutBaseline() {
    baseline = false;
    return this;
  }

  SampleSweep withoutFloor() {
    floor = false;
    return this;
  }

  List<SpaceMapRow> spacemap() {
    List<SpaceMapRow> rows = new ArrayList<>();
    for (String a : archetypes) {
      for (int t : tokens) {
        rows.add(SpaceMap.of(RoutingGenerator.generate(Archetype.parse(a), t, EXPERTS, TOP_K, 7, false),
            List.of(16, BLOCK_M)));
      }
    }
    return rows;
  }

  List<BenchPoint> points(List<SpaceMapRow> spacemap) {
    List<BenchPoint> points = new ArrayList<>();
    for (String gemm : GEMMS) {
      for (SpaceMapRow row : spacemap) {
        points.add(point(gemm, row));
      }
    }
    return points;
  }

  SweepReport report() {
    List<SpaceMapRow> spacemap = spacemap();
    List<BenchPoint> points = points(spacemap);
    return new SweepReport(provenance(), points, spacemap, BLOCK_M, CrossoverFinder.find(points, tokens));
  }

  private BenchPoint point(String gemm, SpaceMapRow row) {
    SpaceMapRow.BlockFill fill = row.fill(BLOCK_M);
    boolean first = gemm.equals(GEMMS.get(0));
    double k = first ? 7168 : 2048;
    double n = first ? 4096 : 7168;
    double paddedFlops = 2.0 * fill.paddedRows() * n * k;
    int usedExperts = EXPERTS - row.dead();
    // launch, weights of the experts that got rows, then compute over the padded rows
    double kernelUs = 15 + usedExperts * k * n / 2 / 3.0e6 + paddedFlops / 300e12 * 1e6;
    // the further down Archetype.DEFAULTS (more skewed), the better the kernel does; other names act as zipf1
    int rank = Archetype.DEFAULTS.indexOf(row.archetype());
    int skew = rank >= 0 ? rank : 2;
    double octaves = Math.log(row.tokens() / 16.0) / Math.log(2);
    double baselineGain = (first ? -0.4 : -0.45) + 0.13 * skew + 0.03 * skew * octaves;
    return new BenchPoint(gemm, row.archetype(), row.tokens(), row.nvalid(), fill.blocks(), fill.usefulPct(),
        paddedFlops, floor ? kernelUs * (0.25 + 0.04 * skew) : null, timing(kernelUs), 3.1e-4,
        baseline ? timing(kernelUs * (1 + baselineGain)) : null, baseline ? 2.7e-4 : null, "mma bm32 bn64 bk64", "");
  }

  /** Five launches around the median. */
  static TimingStats timing(double medianUs) {
    long ns = Math.round(medianUs * 1000);
    return TimingStats.of(new long[] {ns, ns * 98 / 100, ns * 103 / 100, ns * 99 / 100, ns * 110 / 100}, true);
  }

  /** What Provenance.of records, in its shape: nested backend maps, a list of shapes, the plan. */
  static Map<String, Object> provenance() {
    Map<String, Object> kernel = new LinkedHashMap<>();
    kernel.put("id", "opencl");
    kernel.put("version", "0.1.0-SNAPSHOT");
    kernel.put("device", "NVIDIA H100 80GB HBM3");
    kernel.put("vendor", "NVIDIA Corporation");
    kernel.put("driver", "570.86.15");
    kernel.put("matrix_path", "mma.sync m16n8k16");
    kernel.put("compute_units", 132);
    kernel.put("memory_bytes", 85_029_158_912L);
    kernel.put("details", Map.of("opencl", "OpenCL 3.0 CUDA"));
    Map<String, Object> baseline = new LinkedHashMap<>(kernel);
    baseline.put("id", "cpu-ref");
    baseline.put("device", "Intel Xeon Platinum 8480+");
    baseline.put("vendor", "GenuineIntel");
    baseline.remove("driver");
    baseline.put("matrix_path", "scalar");
    Map<String, Object> plan = new LinkedHashMap<>();
    plan.put("gemms", GEMMS);
    plan.put("block_m", BLOCK_M);
    plan.put("seed", 7);
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("tool", "moe-bench");
    p.put("version", "0.1.0-SNAPSHOT");
    p.put("git_commit", "77fae62c0ffe");
    p.put("command_line", "moe-bench sweep --kernel opencl --baseline cpu-ref");
    p.put("date", "2026-12-01T10:00:00Z");
    p.put("kernel", kernel);
    p.put("baseline", baseline);
    p.put("shapes", List.of(shape("gemm1", 7168, 4096), shape("gemm2", 2048, 7168)));
    p.put("plan", plan);
    return p;
  }

  private static Map<String, Object> shape(String name, int k, int n) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", name);
    m.put("K", k);
    m.put("N", n);
    return m;
  }
}
