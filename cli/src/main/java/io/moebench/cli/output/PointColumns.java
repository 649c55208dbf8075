package io.moebench.cli.output;

import io.moebench.core.bench.BenchPoint;
import io.moebench.core.harness.TimingStats;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The columns of a measured point. Files and csv/json output carry all of them (enough to rebuild
 * the point on resume); the table view shows the DOMAIN.md summary columns.
 */
public final class PointColumns {
  /** What the table view shows, in order. */
  public static final List<String> SUMMARY = List.of("gemm", "archetype", "T", "nvalid", "blocks", "use_pct", "baseline_us",
      "kernel_us", "speedup_pct", "tflops", "floor_pct", "rel_err", "error");

  private PointColumns() {}

  public static ResultTable all() {
    return new ResultTable().column("gemm").column("archetype").column("T").column("nvalid").column("blocks")
        .column("use_pct", 1).column("baseline_us", 1).column("kernel_us", 1).column("speedup_pct", 1).column("tflops", 2)
        .column("floor_pct", 1).column("rel_err", 4).column("floor_us", 1).column("kernel_min_us", 1)
        .column("kernel_p90_us", 1).column("kernel_max_us", 1).column("baseline_rel_err", 4).column("baseline_min_us", 1)
        .column("baseline_p90_us", 1).column("baseline_max_us", 1).column("samples").column("timer")
        .column("padded_flops", 0).column("config").column("error");
  }

  /** The summary columns only, for the table view. */
  public static ResultTable summary(ResultTable full) {
    ResultTable t = new ResultTable();
    for (String key : SUMMARY) {
      full.columns().stream().filter(c -> c.key().equals(key)).findFirst().ifPresent(c -> t.column(c.key(), c.decimals()));
    }
    for (Map<String, Object> row : full.rows()) {
      Map<String, Object> m = new LinkedHashMap<>();
      SUMMARY.forEach(k -> m.put(k, row.get(k)));
      t.add(m);
    }
    return t;
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
    m.put("floor_us", p.floorUs());
    m.put("kernel_min_us", p.kernel() == null ? null : p.kernel().minUs());
    m.put("kernel_p90_us", p.kernel() == null ? null : p.kernel().p90Us());
    m.put("kernel_max_us", p.kernel() == null ? null : p.kernel().maxUs());
    m.put("baseline_rel_err", p.baselineRelErr());
    m.put("baseline_min_us", p.baseline() == null ? null : p.baseline().minUs());
    m.put("baseline_p90_us", p.baseline() == null ? null : p.baseline().p90Us());
    m.put("baseline_max_us", p.baseline() == null ? null : p.baseline().maxUs());
    m.put("samples", p.kernel() == null ? null : p.kernel().samples());
    m.put("timer", p.kernel() == null ? null : p.kernel().deviceTimer() ? "device" : "host");
    m.put("padded_flops", p.paddedFlops());
    m.put("config", p.kernelConfig().isEmpty() ? null : p.kernelConfig());
    m.put("error", p.error().isEmpty() ? null : p.error());
    return m;
  }

  /** Rebuilds a point from a row written by {@link #row} (values as JSON gives them back). */
  public static BenchPoint point(Map<String, Object> r) {
    Integer samples = integer(r.get("samples"));
    boolean device = "device".equals(r.get("timer"));
    TimingStats kernel = r.get("kernel_us") == null ? null : new TimingStats(num(r, "kernel_us"), num(r, "kernel_min_us"),
        num(r, "kernel_max_us"), num(r, "kernel_p90_us"), samples == null ? 0 : samples, device);
    TimingStats baseline = r.get("baseline_us") == null ? null : new TimingStats(num(r, "baseline_us"),
        num(r, "baseline_min_us"), num(r, "baseline_max_us"), num(r, "baseline_p90_us"), samples == null ? 0 : samples,
        device);
    return new BenchPoint((String) r.get("gemm"), (String) r.get("archetype"), integer(r.get("T")),
        integer(r.get("nvalid")), integer(r.get("blocks")), num(r, "use_pct"), num(r, "padded_flops"),
        r.get("floor_us") == null ? null : num(r, "floor_us"), kernel,
        r.get("rel_err") == null ? Double.NaN : num(r, "rel_err"), baseline,
        r.get("baseline_rel_err") == null ? null : num(r, "baseline_rel_err"),
        r.get("config") == null ? "" : (String) r.get("config"), r.get("error") == null ? "" : (String) r.get("error"));
  }

  public static ResultTable of(List<BenchPoint> points) {
    ResultTable t = all();
    points.forEach(p -> t.add(row(p)));
    return t;
  }

  private static double num(Map<String, Object> r, String key) {
    Object v = r.get(key);
    return v == null ? Double.NaN : ((Number) v).doubleValue();
  }

  private static Integer integer(Object v) {
    return v == null ? null : ((Number) v).intValue();
  }
}
