package io.moebench.cli.report;

import java.awt.Color;
import java.awt.Shape;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.plot.DefaultDrawingSupplier;

/**
 * One colour and marker shape per archetype, the same in every chart and table of a report, so
 * a reader can follow an archetype from chart to chart.
 */
final class ArchetypePalette {
  /** Tableau 10, minus its yellow (too faint on white), in its usual order. */
  private static final int[] RGB = {0x4e79a7, 0xf28e2b, 0xe15759, 0x59a14f, 0xb07aa1, 0x76b7b2, 0x9c755f,
      0xff9da7, 0x7f7f7f};

  private final List<String> archetypes = new ArrayList<>();

  /** Archetypes get colours in the order first seen. */
  void add(String archetype) {
    if (!archetypes.contains(archetype)) {
      archetypes.add(archetype);
    }
  }

  /** Sorts archetypes in palette order, so every legend lists them alike. */
  Comparator<String> order() {
    return Comparator.comparingInt(this::index);
  }

  Color color(String archetype) {
    return new Color(rgb(archetype));
  }

  /** The colour as CSS "#rrggbb". */
  String css(String archetype) {
    return String.format(Locale.ROOT, "#%06x", rgb(archetype));
  }

  Shape shape(String archetype) {
    // built on demand: only chart rendering, which may fail on a machine without fonts, touches JFreeChart
    Shape[] shapes = DefaultDrawingSupplier.createStandardSeriesShapes();
    return shapes[index(archetype) % shapes.length];
  }

  private int rgb(String archetype) {
    int i = index(archetype);
    if (i < RGB.length) {
      return RGB[i];
    }
    // past the table: golden-ratio hue steps keep neighbours apart
    return Color.HSBtoRGB((float) ((i * 0.618034) % 1.0), 0.65f, 0.75f) & 0xffffff;
  }

  private int index(String archetype) {
    int i = archetypes.indexOf(archetype);
    if (i < 0) {
      throw new IllegalArgumentException("archetype '" + archetype + "' has no colour; add it first");
    }
    return i;
  }
}
