package io.moebench.cli.report;

import java.awt.AWTError;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.Locale;
import java.util.function.Supplier;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;

/** Renders a chart to a PNG embedded in an {@code <img>} as a data: URI, or a note when rendering fails. */
final class ChartImage {
  /** Two charts side by side fill the report's 1000 px column. */
  static final int HALF_WIDTH = 470;
  static final int FULL_WIDTH = 960;
  static final int HEIGHT = 340;

  private ChartImage() {}

  /**
   * The chart as an {@code <img>}. Rendering needs a font; a machine without one (a bare GPU box)
   * fails here, in AWT or its native font code, and gets a one-line note instead of the chart, so
   * the tables of the report still arrive.
   */
  static String html(String alt, int width, int height, Supplier<JFreeChart> chart) {
    try {
      ByteArrayOutputStream png = new ByteArrayOutputStream();
      ChartUtils.writeChartAsPNG(png, chart.get(), width, height);
      return String.format(Locale.ROOT, "<img src=\"data:image/png;base64,%s\" width=\"%d\" height=\"%d\""
          + " alt=\"%s\">\n", Base64.getEncoder().encodeToString(png.toByteArray()), width, height, Html.esc(alt));
    } catch (IOException | RuntimeException | LinkageError | InternalError | AWTError e) {
      return Html.note(alt + ": chart not drawn (" + rootCause(e) + "); a missing font is the usual cause: install"
          + " one, e.g. fonts-dejavu-core");
    }
  }

  /** AWT wraps the useful part ("Fontconfig head is null") in InternalError(InvocationTargetException(...)). */
  private static String rootCause(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return String.valueOf(root).lines().findFirst().orElse(root.getClass().getName());
  }
}
