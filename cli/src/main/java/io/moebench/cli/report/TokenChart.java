package io.moebench.cli.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * A line chart of one value against T on a log2 axis, one series per archetype. Collecting the
 * values needs no AWT; only {@link #build} touches JFreeChart, so a machine without fonts fails
 * there, per chart, where the caller can catch it.
 */
final class TokenChart {
  /** Past this many octaves of T, label every other power of two so the labels do not collide. */
  private static final int MAX_LABELLED_OCTAVES = 10;

  /** Fonts and colours, loaded with the first chart built, not when values are collected. */
  private static final class Style {
    static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 15);
    static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    static final Font TICK = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    static final Color GRID = new Color(0xdde1e7);
    static final Color AXIS = new Color(0x4a5568);
  }

  private final String title;
  private final String valueLabel;
  private final Map<String, List<double[]>> series = new LinkedHashMap<>();
  private boolean zeroLine;
  private boolean percentOfWhole;

  TokenChart(String title, String valueLabel) {
    this.title = title;
    this.valueLabel = valueLabel;
  }

  /** Draws y = 0, the line between losing and winning. */
  TokenChart zeroLine() {
    zeroLine = true;
    return this;
  }

  /** Fixes the value axis to 0..100, for shares of a whole. */
  TokenChart percentOfWhole() {
    percentOfWhole = true;
    return this;
  }

  /** Adds one value; a missing or non-finite value is skipped (it has no place on a chart). */
  void add(String archetype, int tokens, Double value) {
    if (value != null && Double.isFinite(value) && tokens > 0) {
      series.computeIfAbsent(archetype, a -> new ArrayList<>()).add(new double[] {tokens, value});
    }
  }

  boolean isEmpty() {
    return series.isEmpty();
  }

  String title() {
    return title;
  }

  JFreeChart build(ArchetypePalette palette) {
    XYSeriesCollection data = new XYSeriesCollection();
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
    List<String> names = new ArrayList<>(series.keySet());
    names.sort(palette.order());
    double minT = Double.MAX_VALUE;
    double maxT = 0;
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      XYSeries s = new XYSeries(name, true, true);
      for (double[] p : series.get(name)) {
        s.add(p[0], p[1]);
        minT = Math.min(minT, p[0]);
        maxT = Math.max(maxT, p[0]);
      }
      data.addSeries(s);
      renderer.setSeriesPaint(i, palette.color(name));
      renderer.setSeriesShape(i, palette.shape(name));
      renderer.setSeriesStroke(i, new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
    }
    XYPlot plot = new XYPlot(data, tokenAxis(minT, maxT), valueAxis(), renderer);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(Style.GRID);
    plot.setRangeGridlinePaint(Style.GRID);
    plot.setOutlinePaint(Style.GRID);
    plot.setAxisOffset(new RectangleInsets(4, 4, 4, 4));
    if (zeroLine) {
      plot.addRangeMarker(new ValueMarker(0, Style.AXIS, new BasicStroke(1.2f)));
    }
    JFreeChart chart = new JFreeChart(title, Style.TITLE, plot, true);
    chart.setBackgroundPaint(Color.WHITE);
    chart.setPadding(new RectangleInsets(6, 6, 6, 10));
    LegendTitle legend = chart.getLegend();
    legend.setPosition(RectangleEdge.BOTTOM);
    legend.setItemFont(Style.TICK);
    legend.setFrame(BlockBorder.NONE);
    legend.setBackgroundPaint(Color.WHITE);
    return chart;
  }

  private ValueAxis tokenAxis(double minT, double maxT) {
    LogAxis x = new LogAxis("T (tokens), log2 scale");
    x.setBase(2);
    x.setSmallestValue(1);
    x.setNumberFormatOverride(decimalFormat("0"));
    double octaves = Math.log(maxT / minT) / Math.log(2);
    x.setTickUnit(new NumberTickUnit(octaves > MAX_LABELLED_OCTAVES ? 2 : 1), false, true);
    x.setMinorTickMarksVisible(false);
    style(x);
    return x;
  }

  private ValueAxis valueAxis() {
    NumberAxis y = new NumberAxis(valueLabel);
    y.setNumberFormatOverride(decimalFormat("0.######"));
    if (percentOfWhole) {
      y.setRange(0, 104); // room above 100 so markers at 100 % are not cut in half
      y.setTickUnit(new NumberTickUnit(20));
    } else {
      y.setAutoRangeIncludesZero(true);
    }
    style(y);
    return y;
  }

  private static void style(ValueAxis axis) {
    axis.setLabelFont(Style.LABEL);
    axis.setLabelPaint(Style.AXIS);
    axis.setTickLabelFont(Style.TICK);
    axis.setTickLabelPaint(Style.AXIS);
    axis.setAxisLinePaint(Style.AXIS);
  }

  /** Tick labels ignore the default Locale: a German machine must not print 1,5. */
  private static DecimalFormat decimalFormat(String pattern) {
    return new DecimalFormat(pattern, DecimalFormatSymbols.getInstance(Locale.ROOT));
  }
}
