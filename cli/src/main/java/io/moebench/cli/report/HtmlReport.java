package io.moebench.cli.report;

import io.moebench.cli.output.ResultsWriter;
import io.moebench.core.bench.BenchPoint;
import io.moebench.core.spacemap.SpaceMapRow;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * report.html of a sweep: one self-contained file (charts embedded as PNG data: URIs, inline CSS,
 * no scripts, no external fonts) that can be mailed or attached to an issue and opened anywhere.
 */
public final class HtmlReport {
  private HtmlReport() {}

  /** A complete, self-contained HTML document (images embedded as data: URIs, no external CSS/JS/fonts). */
  public static String render(SweepReport report) {
    // before anything touches AWT (even java.awt.Color reads it once): charts are drawn off screen, and a
    // DISPLAY left over from an ssh session must not send them to an X server
    System.setProperty("java.awt.headless", "true");
    ArchetypePalette palette = palette(report);
    List<String> gemms = report.points().stream().map(BenchPoint::gemm).distinct().toList();
    StringBuilder h = new StringBuilder(256 * 1024);
    h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>").append(Html.esc(title(report))).append("</title>\n<style>\n").append(ReportStyle.CSS)
        .append("</style>\n</head>\n<body>\n<main>\n");
    header(h, report);
    speedup(h, report, gemms, palette);
    h.append(ReportTables.crossovers(report, palette));
    throughput(h, report, gemms, palette);
    spacemap(h, report, palette);
    h.append(ReportTables.points(report.points()));
    h.append(ReportTables.provenance(report.provenance()));
    h.append("</main>\n</body>\n</html>\n");
    return h.toString();
  }

  /** Writes the report whole or not at all (temp file + atomic move), so a reader never sees half a file. */
  public static void write(Path file, SweepReport report) {
    ResultsWriter.replace(file, render(report));
  }

  private static String title(SweepReport report) {
    Object kernel = ReportTables.field(report.provenance().get("kernel"), "id");
    return "moe-bench sweep" + (kernel == null ? "" : ": " + kernel);
  }

  /** Archetypes in the order the sweep ran them, then those only the space-map has. */
  private static ArchetypePalette palette(SweepReport report) {
    ArchetypePalette palette = new ArchetypePalette();
    report.points().forEach(p -> palette.add(p.archetype()));
    report.spacemap().forEach(r -> palette.add(r.archetype()));
    report.crossovers().forEach(c -> palette.add(c.archetype()));
    return palette;
  }

  private static void header(StringBuilder h, SweepReport report) {
    h.append("<header>\n<h1>").append(Html.esc(title(report))).append("</h1>\n");
    h.append(ReportTables.summary(report)).append("</header>\n");
  }

  private static void speedup(StringBuilder h, SweepReport report, List<String> gemms, ArchetypePalette palette) {
    h.append("<section id=\"speedup\">\n<h2>Speedup over the baseline</h2>\n");
    if (report.points().stream().noneMatch(p -> p.baseline() != null)) {
      h.append(Html.note("No point has a baseline timing (the sweep ran without a baseline backend,"
          + " or every baseline run failed): nothing to compare against."));
    } else {
      h.append("<p class=\"lead\">baseline median / kernel median &minus; 1. Above the zero line the kernel wins."
          + " Failed points are left out.</p>\n");
      perGemm(h, report.points(), gemms, palette, "speedup over the baseline", "speedup %",
          BenchPoint::speedupPct, TokenChart::zeroLine, "no successful point with a baseline");
    }
    h.append("</section>\n");
  }

  private static void throughput(StringBuilder h, SweepReport report, List<String> gemms, ArchetypePalette palette) {
    h.append("<section id=\"throughput\">\n<h2>Kernel throughput</h2>\n");
    if (report.points().isEmpty()) {
      h.append(Html.note("No measured points."));
    } else {
      h.append("<p class=\"lead\">TFLOP/s over the padded work: 2 &middot; padded rows &middot; N &middot; K"
          + " / kernel median.</p>\n");
      perGemm(h, report.points(), gemms, palette, "kernel TFLOP/s", "TFLOP/s", BenchPoint::tflops,
          UnaryOperator.identity(), "no successful point");
    }
    h.append("<h3>Distance to the roofline</h3>\n");
    if (report.points().stream().noneMatch(p -> p.floorUs() != null)) {
      h.append(Html.note("The ceilings of this device are unknown, so there is no % of floor:"
          + " run `moe-bench calibrate` to measure them."));
    } else {
      h.append("<p class=\"lead\">Roofline floor / kernel median: 100 % is the roofline, the fastest the device"
          + " allows for the bytes and flops of the point.</p>\n");
      perGemm(h, report.points(), gemms, palette, "% of roofline floor", "% of floor", BenchPoint::pctOfFloor,
          UnaryOperator.identity(), "no successful point with a floor");
    }
    h.append("</section>\n");
  }

  /** One chart per gemm of a value of the successful points, side by side. */
  private static void perGemm(StringBuilder h, List<BenchPoint> points, List<String> gemms, ArchetypePalette palette,
      String what, String valueLabel, Function<BenchPoint, Double> value, UnaryOperator<TokenChart> style,
      String emptyNote) {
    h.append("<div class=\"charts\">\n");
    for (String gemm : gemms) {
      TokenChart chart = style.apply(new TokenChart(gemm + ": " + what, valueLabel));
      Predicate<BenchPoint> plotted = p -> p.gemm().equals(gemm) && !p.failed();
      points.stream().filter(plotted).forEach(p -> chart.add(p.archetype(), p.tokens(), value.apply(p)));
      h.append(chartOrNote(chart, ChartImage.HALF_WIDTH, palette, gemm + ": " + emptyNote));
    }
    h.append("</div>\n");
  }

  private static void spacemap(StringBuilder h, SweepReport report, ArchetypePalette palette) {
    int bm = report.blockM();
    h.append("<section id=\"spacemap\">\n<h2>Space-map: block fill at block_m = ").append(bm).append("</h2>\n");
    h.append("<p class=\"lead\">Predicted from the routing alone: real rows / padded rows. The rest of each block"
        + " is padding a kernel computes for nothing.</p>\n");
    TokenChart chart = new TokenChart("Useful rows at block_m = " + bm, "useful %").percentOfWhole();
    for (SpaceMapRow row : report.spacemap()) {
      row.blocks().stream().filter(b -> b.blockM() == bm).findFirst()
          .ifPresent(b -> chart.add(row.archetype(), row.tokens(), b.usefulPct()));
    }
    String empty = report.spacemap().isEmpty() ? "No space-map rows."
        : "The space-map has no fill at block_m = " + bm + ".";
    h.append("<div class=\"charts\">\n").append(chartOrNote(chart, ChartImage.FULL_WIDTH, palette, empty))
        .append("</div>\n</section>\n");
  }

  private static String chartOrNote(TokenChart chart, int width, ArchetypePalette palette, String emptyNote) {
    if (chart.isEmpty()) {
      return Html.note(emptyNote);
    }
    return ChartImage.html(chart.title(), width, ChartImage.HEIGHT, () -> chart.build(palette));
  }
}
