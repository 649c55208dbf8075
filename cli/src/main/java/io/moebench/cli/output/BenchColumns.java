package io.moebench.cli.output;

import io.moebench.core.bench.BenchPoint;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The per-point columns of bench and sweep (DOMAIN.md), the same in every format. */
public final class BenchColumns {
  private BenchColumns() {}

  public static ResultTable table() {
    return new ResultTable().column("gemm").column("archetype").column("T").column("nvalid").column("blocks")
        .column("use_pct", 1).column("baseline_us", 1).column("kernel_us", 1).column("speedup_pct", 1)
        .column("tflops", 2).column("floor_pct", 1).column("rel_err", 4).column("kernel_p90_us", 1).column("config")
        .column("error");
  }

  public static Map<String, Object> row(BenchPoint p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("gemm", p.gemm());
    m.put("archetype", p.archetype());
    m.put("T", p.tokens());
    m.put("nvalid", p.nvalid());
    m.put("blocks", p.blocks());
    m.put("use_pct", p.usefulPct());
    m.put("baseline_us", p.baseline() == null ? null : p.baseline().medianUs());
    m.put("kernel_us", p.kernel() == null ? null : p.kernel().medianUs());
    m.put("speedup_pct", p.speedupPct());
    m.put("tflops", p.tflops());
    m.put("floor_pct", p.pctOfFloor());
    m.put("rel_err", p.kernel() == null ? null : p.kernelRelErr());
    m.put("kernel_p90_us", p.kernel() == null ? null : p.kernel().p90Us());
    m.put("config", p.kernelConfig().isEmpty() ? null : p.kernelConfig());
    m.put("error", p.error().isEmpty() ? null : p.error());
    return m;
  }

  public static ResultTable of(List<BenchPoint> points) {
    ResultTable t = table();
    points.forEach(p -> t.add(row(p)));
    return t;
  }
}
