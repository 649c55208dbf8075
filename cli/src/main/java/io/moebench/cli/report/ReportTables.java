package io.moebench.cli.report;

import io.moebench.cli.output.PointColumns;
import io.moebench.cli.output.ResultTable;
import io.moebench.cli.output.TableRenderer;
import io.moebench.core.bench.BenchPoint;
import io.moebench.core.bench.Crossover;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** The report's tables: the header summary, crossovers, every point, and the provenance. */
final class ReportTables {
  private ReportTables() {}

  /** Kernel, baseline, device and run, read from the provenance as results.json records it. */
  static String summary(SweepReport report) {
    Map<String, Object> prov = report.provenance();
    StringBuilder h = new StringBuilder("<dl class=\"summary\">\n");
    Object kernel = prov.get("kernel");
    Object baseline = prov.get("baseline");
    if (kernel != null) {
      item(h, "Kernel", backend(kernel));
      item(h, "Device", device(kernel));
    }
    if (prov.containsKey("baseline")) {
      item(h, "Baseline", baseline == null ? "none" : backend(baseline));
      if (baseline != null && !Objects.equals(field(baseline, "device"), field(kernel, "device"))) {
        item(h, "Baseline device", device(baseline));
      }
    }
    long failed = report.points().stream().filter(BenchPoint::failed).count();
    item(h, "Points", report.points().size() + " measured" + (failed == 0 ? "" : ", " + failed + " failed"));
    if (prov.get("date") != null) {
      item(h, "Date", Html.text(prov.get("date")));
    }
    if (prov.get("version") != null) {
      Object commit = prov.get("git_commit");
      item(h, "moe-bench", Html.text(prov.get("version")) + (commit == null ? "" : " (" + Html.text(commit) + ")"));
    }
    if (prov.get("command_line") != null) {
      item(h, "Command", Html.text(prov.get("command_line")));
    }
    return h.append("</dl>\n").toString();
  }

  static String crossovers(SweepReport report, ArchetypePalette palette) {
    StringBuilder h = new StringBuilder("<section id=\"crossovers\">\n<h2>Crossovers</h2>\n");
    if (report.crossovers().isEmpty()) {
      return h.append(Html.note("No crossovers: they need successful points with a baseline.")).append("</section>\n")
          .toString();
    }
    h.append("<p class=\"lead\">The smallest T from which the kernel beats the baseline at every larger measured T.")
        .append("</p>\n")
        .append("<table class=\"crossovers\">\n<thead><tr><th>gemm</th><th>archetype</th><th>crossover</th>")
        .append("<th>speedup at largest T</th></tr></thead>\n<tbody>\n");
    for (Crossover c : report.crossovers()) {
      double s = c.speedupPctAtLargest();
      h.append("<tr><td>").append(Html.esc(c.gemm())).append("</td><td>").append(swatch(palette, c.archetype()))
          .append(Html.esc(c.archetype())).append("</td><td>").append(Html.esc(c.describe()))
          .append("</td><td class=\"num").append(s > 0 ? " pos" : s < 0 ? " neg" : "").append("\">")
          .append(Html.esc(Html.signedPct(s))).append("</td></tr>\n");
    }
    return h.append("</tbody>\n</table>\n</section>\n").toString();
  }

  /** The CSV's summary columns (PointColumns.SUMMARY), one row per point, failed rows highlighted. */
  static String points(List<BenchPoint> points) {
    StringBuilder h = new StringBuilder("<section id=\"points\">\n<h2>Points</h2>\n");
    if (points.isEmpty()) {
      return h.append(Html.note("No measured points.")).append("</section>\n").toString();
    }
    ResultTable table = PointColumns.summary(PointColumns.of(points));
    // a number column (all "-" included, as without a baseline) aligns right; text columns hold strings or errors
    Set<String> text = new HashSet<>(Set.of("error"));
    table.rows().forEach(r -> r.forEach((k, v) -> {
      if (v instanceof String) {
        text.add(k);
      }
    }));
    h.append("<table class=\"points\">\n<thead><tr>");
    // "speedup %" over "speedup_pct": headers that can wrap keep the number columns narrow; the title keeps the CSV key
    table.columns().forEach(c -> h.append(text.contains(c.key()) ? "<th" : "<th class=\"num\"")
        .append(" title=\"").append(Html.esc(c.key())).append("\">")
        .append(Html.esc(c.key().replace("_pct", " %").replace('_', ' '))).append("</th>"));
    h.append("</tr></thead>\n<tbody>\n");
    for (int i = 0; i < points.size(); i++) {
      Map<String, Object> row = table.rows().get(i);
      h.append(points.get(i).failed() ? "<tr class=\"failed\">" : "<tr>");
      for (ResultTable.Column c : table.columns()) {
        Object v = row.get(c.key());
        h.append("<td").append(cellClass(c.key(), v, !text.contains(c.key()))).append('>')
            .append(Html.esc(TableRenderer.tableCell(v, c.decimals()))).append("</td>");
      }
      h.append("</tr>\n");
    }
    return h.append("</tbody>\n</table>\n</section>\n").toString();
  }

  static String provenance(Map<String, Object> provenance) {
    StringBuilder h = new StringBuilder("<section id=\"provenance\">\n<h2>Provenance</h2>\n");
    if (provenance.isEmpty()) {
      return h.append(Html.note("No provenance recorded.")).append("</section>\n").toString();
    }
    return h.append(keyValues(provenance)).append("</section>\n").toString();
  }

  /** A key of a provenance map entry, or null when the entry is not a map (or has no such key). */
  static Object field(Object map, String key) {
    return map instanceof Map<?, ?> m ? m.get(key) : null;
  }

  private static String keyValues(Map<?, ?> map) {
    StringBuilder h = new StringBuilder("<table class=\"kv\"><tbody>\n");
    map.forEach((k, v) -> h.append("<tr><th>").append(Html.esc(String.valueOf(k))).append("</th><td>")
        .append(value(v)).append("</td></tr>\n"));
    return h.append("</tbody></table>\n").toString();
  }

  /** Nested maps become nested tables, lists of maps one table each; anything else is text. */
  private static String value(Object v) {
    if (v instanceof Map<?, ?> m && !m.isEmpty()) {
      return keyValues(m);
    }
    if (v instanceof List<?> l && l.stream().anyMatch(x -> x instanceof Map || x instanceof List)) {
      StringBuilder h = new StringBuilder();
      l.forEach(x -> h.append(value(x)));
      return h.toString();
    }
    return Html.esc(Html.text(v));
  }

  private static void item(StringBuilder h, String key, String value) {
    h.append("<dt>").append(Html.esc(key)).append("</dt><dd>").append(Html.esc(value)).append("</dd>\n");
  }

  /** "opencl 0.1.0, matrix path mma" from a backend's provenance entry (or its text when it is not a map). */
  private static String backend(Object b) {
    if (!(b instanceof Map)) {
      return Html.text(b);
    }
    StringBuilder s = new StringBuilder(Html.text(field(b, "id")));
    if (field(b, "version") != null) {
      s.append(' ').append(Html.text(field(b, "version")));
    }
    if (field(b, "matrix_path") != null) {
      s.append(", matrix path ").append(Html.text(field(b, "matrix_path")));
    }
    return s.toString();
  }

  /** "NVIDIA H100 (NVIDIA Corporation), driver 570.86" from a backend's provenance entry. */
  private static String device(Object b) {
    Object name = field(b, "device");
    if (name == null) {
      return "-";
    }
    StringBuilder s = new StringBuilder(Html.text(name));
    if (field(b, "vendor") != null) {
      s.append(" (").append(Html.text(field(b, "vendor"))).append(')');
    }
    if (field(b, "driver") != null) {
      s.append(", driver ").append(Html.text(field(b, "driver")));
    }
    return s.toString();
  }

  private static String swatch(ArchetypePalette palette, String archetype) {
    return "<span class=\"swatch\" style=\"background:" + palette.css(archetype) + "\"></span>";
  }

  private static String cellClass(String key, Object v, boolean numericColumn) {
    if (key.equals("error")) {
      return " class=\"error\"";
    }
    if (!(v instanceof Number n)) {
      return numericColumn ? " class=\"num\"" : "";
    }
    double d = n.doubleValue();
    if (key.equals("speedup_pct") && d != 0 && Double.isFinite(d)) {
      return d > 0 ? " class=\"num pos\"" : " class=\"num neg\"";
    }
    return " class=\"num\"";
  }
}
