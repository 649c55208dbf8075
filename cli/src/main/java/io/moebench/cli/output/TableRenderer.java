package io.moebench.cli.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders a {@link ResultTable}; output is the same under every default Locale. */
public final class TableRenderer {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private TableRenderer() {}

  public static String render(ResultTable t, OutputFormat format) {
    switch (format) {
      case csv:
        return csv(t);
      case json:
        return json(t);
      default:
        return table(t);
    }
  }

  public static String json(ResultTable t) {
    try {
      return JSON.writeValueAsString(jsonRows(t)) + System.lineSeparator();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Rows as ordered maps with every column present, ready for a JSON mapper. */
  public static List<Map<String, Object>> jsonRows(ResultTable t) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Map<String, Object> row : t.rows()) {
      Map<String, Object> m = new LinkedHashMap<>();
      for (ResultTable.Column c : t.columns()) {
        m.put(c.key(), jsonValue(row.get(c.key())));
      }
      out.add(m);
    }
    return out;
  }

  /** NaN and infinities are not JSON numbers: they become null. */
  private static Object jsonValue(Object v) {
    if (v instanceof Double d && !Double.isFinite(d)) {
      return null;
    }
    return v;
  }

  public static String csv(ResultTable t) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.join(",", t.columns().stream().map(ResultTable.Column::key).toList())).append('\n');
    for (Map<String, Object> row : t.rows()) {
      List<String> cells = new ArrayList<>();
      for (ResultTable.Column c : t.columns()) {
        cells.add(csvCell(row.get(c.key())));
      }
      sb.append(String.join(",", cells)).append('\n');
    }
    return sb.toString();
  }


  public static String csvCell(Object v) {
    if (v == null) {
      return "";
    }
    String s = v instanceof Double d ? Double.toString(d) : v.toString();
    if (s.contains(",") || s.contains("\"") || s.contains("\n")) {
      return '"' + s.replace("\"", "\"\"") + '"';
    }
    return s;
  }

  public static String table(ResultTable t) {
    List<ResultTable.Column> cols = t.columns();
    List<String[]> cells = new ArrayList<>();
    String[] header = cols.stream().map(ResultTable.Column::key).toArray(String[]::new);
    cells.add(header);
    for (Map<String, Object> row : t.rows()) {
      String[] r = new String[cols.size()];
      for (int i = 0; i < cols.size(); i++) {
        r[i] = tableCell(row.get(cols.get(i).key()), cols.get(i).decimals());
      }
      cells.add(r);
    }
    int[] width = new int[cols.size()];
    for (String[] r : cells) {
      for (int i = 0; i < r.length; i++) {
        width[i] = Math.max(width[i], r[i].length());
      }
    }
    StringBuilder sb = new StringBuilder();
    for (int line = 0; line < cells.size(); line++) {
      String[] r = cells.get(line);
      StringBuilder l = new StringBuilder();
      for (int i = 0; i < r.length; i++) {
        if (i > 0) {
          l.append("  ");
        }
        boolean left = line == 0 || i == 0 || !looksNumeric(r[i]);
        l.append(left ? pad(r[i], width[i], true) : pad(r[i], width[i], false));
      }
      sb.append(l.toString().stripTrailing()).append('\n');
      if (line == 0) {
        int total = 0;
        for (int w : width) {
          total += w;
        }
        sb.append("-".repeat(total + 2 * (width.length - 1))).append('\n');
      }
    }
    return sb.toString();
  }

  public static String tableCell(Object v, int decimals) {
    if (v == null) {
      return "-";
    }
    if (v instanceof Double d) {
      if (d.isNaN()) {
        return "NaN";
      }
      if (Math.abs(d) != 0 && Math.abs(d) < 1e-3) {
        return String.format(Locale.ROOT, "%.2e", d);
      }
      return String.format(Locale.ROOT, "%." + decimals + "f", d);
    }
    return v.toString();
  }

  private static boolean looksNumeric(String s) {
    return !s.isEmpty() && (Character.isDigit(s.charAt(0)) || s.charAt(0) == '-' || s.equals("NaN"));
  }

  private static String pad(String s, int width, boolean left) {
    String fill = " ".repeat(Math.max(0, width - s.length()));
    return left ? s + fill : fill + s;
  }
}
