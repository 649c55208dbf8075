package io.moebench.cli.output;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rows of named, typed cells in a fixed column order, rendered as a table, CSV or JSON by
 * {@link TableRenderer}. Numbers stay numbers (JSON gets full precision, the table rounds them);
 * a null cell is shown as "-" in the table, empty in CSV and null in JSON.
 */
public final class ResultTable {
  /** A column: its key (CSV header and JSON key) and, for doubles, the decimals shown in the table. */
  public record Column(String key, int decimals) {}

  private final List<Column> columns = new ArrayList<>();
  private final List<Map<String, Object>> rows = new ArrayList<>();

  public ResultTable column(String key) {
    return column(key, 2);
  }

  public ResultTable column(String key, int decimals) {
    columns.add(new Column(key, decimals));
    return this;
  }

  /** Adds a row; its keys must be columns of this table. */
  public void add(Map<String, Object> row) {
    for (String key : row.keySet()) {
      if (columns.stream().noneMatch(c -> c.key().equals(key))) {
        throw new IllegalArgumentException("no column '" + key + "'");
      }
    }
    rows.add(Collections.unmodifiableMap(new LinkedHashMap<>(row)));
  }

  public List<Column> columns() {
    return Collections.unmodifiableList(columns);
  }

  public List<Map<String, Object>> rows() {
    return Collections.unmodifiableList(rows);
  }
}
