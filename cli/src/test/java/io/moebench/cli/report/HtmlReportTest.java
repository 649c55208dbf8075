package io.moebench.cli.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.moebench.core.bench.BenchPoint;
import io.moebench.core.bench.Crossover;
import io.moebench.core.bench.CrossoverFinder;
import io.moebench.core.spacemap.SpaceMapRow;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Renders real reports (JFreeChart included) and reads back their images and tables. */
class HtmlReportTest {
  private static final List<String> ARCHETYPES = List.of("balanced", "zipf1", "hot16");
  private static final List<Integer> TOKENS = List.of(64, 256, 1024, 4096);
  private static final Pattern IMG = Pattern.compile(
      "<img src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\" width=\"(\\d+)\" height=\"(\\d+)\" alt=\"([^\"]*)\">");

  private record Chart(String alt, BufferedImage image, int width, int height) {}

  @Test
  void everyChartIsAnEmbeddedPngOfItsSizeShowingEveryArchetype() throws IOException {
    String html = HtmlReport.render(new SampleSweep(ARCHETYPES, TOKENS).report());

    List<Chart> charts = charts(html);
    assertThat(charts).extracting(Chart::alt).containsExactly("gemm1: speedup over the baseline",
        "gemm2: speedup over the baseline", "gemm1: kernel TFLOP/s", "gemm2: kernel TFLOP/s",
        "gemm1: % of roofline floor", "gemm2: % of roofline floor", "Useful rows at block_m = 32");
    ArchetypePalette palette = palette(ARCHETYPES);
    for (Chart c : charts) {
      int expectedWidth = c.alt().startsWith("Useful") ? ChartImage.FULL_WIDTH : ChartImage.HALF_WIDTH;
      assertThat(c.image().getWidth()).as(c.alt()).isEqualTo(expectedWidth).isEqualTo(c.width());
      assertThat(c.image().getHeight()).as(c.alt()).isEqualTo(ChartImage.HEIGHT).isEqualTo(c.height());
      for (String a : ARCHETYPES) {
        assertThat(pixels(c.image(), palette.color(a).getRGB())).as(c.alt() + " draws " + a).isGreaterThan(50);
      }
    }
    assertThat(html).startsWith("<!DOCTYPE html>").endsWith("</html>\n")
        .doesNotContainPattern("(src|href)=\"(https?:|//)").doesNotContain("<script").doesNotContain("<link");
  }

  @Test
  void crossoverTableMatchesTheCrossoversOfThePoints() {
    SweepReport report = new SampleSweep(ARCHETYPES, TOKENS).report();
    String html = HtmlReport.render(report);

    List<List<String>> expected = new ArrayList<>();
    for (Crossover c : report.crossovers()) {
      expected.add(List.of(c.gemm(), c.archetype(), c.describe(), Html.signedPct(c.speedupPctAtLargest())));
    }
    assertThat(crossoverRows(html)).isEqualTo(expected).hasSize(6);
    // the fixture's story, as the table tells it
    assertThat(crossoverRows(html)).extracting(r -> r.get(1) + ": " + r.get(2)).containsSubsequence(
        "balanced: never wins at the largest T", "zipf1: wins from T=256 (loses at T=64)",
        "hot16: wins from T=64 (every measured T)");
  }

  @Test
  void everyInsertedTextIsEscaped() {
    String evil = "<zip&f\"1'>";
    SampleSweep sweep = new SampleSweep(List.of("zipf1"), TOKENS);
    List<SpaceMapRow> spacemap = sweep.spacemap().stream().map(r -> new SpaceMapRow(evil, r.tokens(), r.nvalid(),
        r.mean(), r.median(), r.max(), r.dead(), r.blocks())).toList();
    List<BenchPoint> points = new ArrayList<>(sweep.points(spacemap));
    BenchPoint p = points.get(0);
    points.set(0, new BenchPoint(p.gemm(), p.archetype(), p.tokens(), p.nvalid(), p.blocks(), p.usefulPct(),
        p.paddedFlops(), p.floorUs(), null, Double.NaN, p.baseline(), p.baselineRelErr(), "", "bad <b>&</b> \"x\""));
    Map<String, Object> provenance = SampleSweep.provenance();
    provenance.put("command_line", "moe-bench sweep --trace '</td><script>alert(1)</script>'");
    provenance.put("<key>", List.of("a&b", 1.5));

    String html = HtmlReport.render(new SweepReport(provenance, points, spacemap, SampleSweep.BLOCK_M,
        CrossoverFinder.find(points, TOKENS)));

    assertThat(html).doesNotContain(evil).doesNotContain("<script").doesNotContain("<b>").doesNotContain("<key>")
        .contains("&lt;zip&amp;f&quot;1&#39;&gt;").contains("bad &lt;b&gt;&amp;&lt;/b&gt; &quot;x&quot;")
        .contains("&lt;/td&gt;&lt;script&gt;alert(1)&lt;/script&gt;")
        .contains("<th>&lt;key&gt;</th><td>a&amp;b, 1.5</td>");
    assertThat(charts(html)).hasSize(7);
  }

  @Test
  void failedPointsNoBaselineAndNoFloorStillRenderWithNotes() {
    SampleSweep sweep = new SampleSweep(ARCHETYPES, TOKENS).withoutBaseline().withoutFloor();
    List<SpaceMapRow> spacemap = sweep.spacemap();
    List<BenchPoint> points = new ArrayList<>(sweep.points(spacemap));
    BenchPoint lost = points.get(1);
    points.set(1, new BenchPoint(lost.gemm(), lost.archetype(), lost.tokens(), lost.nvalid(), lost.blocks(),
        lost.usefulPct(), lost.paddedFlops(), null, null, Double.NaN, null, null, "",
        "opencl: CL_OUT_OF_RESOURCES (-5)"));
    BenchPoint wrong = points.get(5);
    points.set(5, new BenchPoint(wrong.gemm(), wrong.archetype(), wrong.tokens(), wrong.nvalid(), wrong.blocks(),
        Double.NaN, wrong.paddedFlops(), null, wrong.kernel(), Double.NaN, null, null, "", "verification failed: NaN"));

    String html = HtmlReport.render(new SweepReport(Map.of(), points, spacemap, SampleSweep.BLOCK_M, List.of()));

    assertThat(charts(html)).extracting(Chart::alt).containsExactly("gemm1: kernel TFLOP/s", "gemm2: kernel TFLOP/s",
        "Useful rows at block_m = 32");
    assertThat(html).contains("No point has a baseline timing").contains("run `moe-bench calibrate`")
        .contains("No crossovers").contains("No provenance recorded").contains("24 measured, 2 failed");
    List<String> failedRows = Pattern.compile("<tr class=\"failed\">(.*?)</tr>").matcher(html).results()
        .map(m -> m.group(1)).toList();
    assertThat(failedRows).hasSize(2);
    assertThat(failedRows.get(0)).contains("<td class=\"error\">opencl: CL_OUT_OF_RESOURCES (-5)</td>")
        .contains("<td class=\"num\">-</td>"); // no kernel time
    assertThat(failedRows.get(1)).contains("verification failed: NaN").contains(">NaN</td>");
  }

  @Test
  void emptyAndSingleTokenSweepsRender() {
    String empty = HtmlReport.render(new SweepReport(Map.of(), List.of(), List.of(), 32, List.of()));
    assertThat(charts(empty)).isEmpty();
    assertThat(empty).contains("No measured points").contains("No space-map rows").endsWith("</html>\n");

    // one T: the log axis has no width of its own to scale
    assertThat(charts(HtmlReport.render(new SampleSweep(ARCHETYPES, List.of(256)).report()))).hasSize(7);

    SweepReport otherBlock = new SampleSweep(ARCHETYPES, TOKENS).report();
    String html = HtmlReport.render(new SweepReport(otherBlock.provenance(), otherBlock.points(),
        otherBlock.spacemap(), 64, otherBlock.crossovers()));
    assertThat(html).contains("The space-map has no fill at block_m = 64.");
    assertThat(charts(html)).hasSize(6);
  }

  @Test
  void aChartThatCannotBeDrawnBecomesANote() {
    // what OpenJDK 17 throws on drawing text where fontconfig finds no font
    String html = ChartImage.html("gemm1: kernel TFLOP/s", 100, 100, () -> {
      throw new InternalError(new InvocationTargetException(
          new RuntimeException("Fontconfig head is null, check your fonts or fonts configuration")));
    });
    assertThat(html).doesNotContain("<img").startsWith("<p class=\"note\">gemm1: kernel TFLOP/s: chart not drawn")
        .contains("(java.lang.RuntimeException: Fontconfig head is null, check your fonts or fonts configuration)")
        .contains("fonts-dejavu-core").hasLineCount(1);
    assertThat(ChartImage.html("x", 100, 100, () -> {
      throw new IllegalStateException("no plot");
    })).contains("x: chart not drawn (java.lang.IllegalStateException: no plot)");
  }

  @Test
  void numbersIgnoreTheDefaultLocale() {
    Locale before = Locale.getDefault();
    try {
      Locale.setDefault(Locale.GERMANY);
      SweepReport report = new SampleSweep(ARCHETYPES, TOKENS).report();
      String html = HtmlReport.render(report);
      BenchPoint p = report.points().get(0);
      assertThat(html).contains(">" + String.format(Locale.ROOT, "%.1f", p.usefulPct()) + "</td>")
          .contains(">" + String.format(Locale.ROOT, "%.2f", p.tflops()) + "</td>")
          .doesNotContainPattern(">-?\\d+,\\d+( %)?</td>");
    } finally {
      Locale.setDefault(before);
    }
  }

  @Test
  void writeReplacesTheFileWhole(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("report.html");
    Files.writeString(file, "old");
    HtmlReport.write(file, new SampleSweep(ARCHETYPES, List.of(64, 1024)).report());

    assertThat(Files.readString(file)).startsWith("<!DOCTYPE html>").endsWith("</html>\n");
    assertThat(charts(Files.readString(file))).hasSize(7);
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).containsExactly(file); // no temp file left behind
    }
  }

  private static List<Chart> charts(String html) {
    List<Chart> charts = new ArrayList<>();
    assertThat(html.split("<img", -1)).as("every <img> is an embedded chart").hasSize(count(IMG.matcher(html)) + 1);
    Matcher m = IMG.matcher(html);
    while (m.find()) {
      try {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(m.group(1))));
        assertThat(image).as("PNG of " + m.group(4)).isNotNull();
        charts.add(new Chart(m.group(4), image, Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))));
      } catch (IOException e) {
        throw new AssertionError("unreadable PNG of " + m.group(4), e);
      }
    }
    return charts;
  }

  private static int count(Matcher m) {
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  private static List<List<String>> crossoverRows(String html) {
    String table = html.substring(html.indexOf("<table class=\"crossovers\">"));
    table = table.substring(0, table.indexOf("</table>"));
    Pattern row = Pattern.compile("<tr><td>(.*?)</td><td><span class=\"swatch\"[^>]*></span>(.*?)</td>"
        + "<td>(.*?)</td><td[^>]*>(.*?)</td></tr>");
    return row.matcher(table).results().map(m -> List.of(m.group(1), m.group(2), m.group(3), m.group(4))).toList();
  }

  private static ArchetypePalette palette(List<String> archetypes) {
    ArchetypePalette p = new ArchetypePalette();
    archetypes.forEach(p::add);
    return p;
  }

  /** Pixels of exactly this colour: series lines and filled markers carry it, antialiased edges do not. */
  private static int pixels(BufferedImage image, int argb) {
    Map<Integer, Integer> counts = new HashMap<>();
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        counts.merge(image.getRGB(x, y) | 0xff000000, 1, Integer::sum);
      }
    }
    return counts.getOrDefault(argb | 0xff000000, 0);
  }
}
