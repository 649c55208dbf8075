package io.moebench.cli.output;

import io.moebench.core.InputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes results.csv and results.json in a folder as rows arrive: a CSV line is appended and
 * flushed per row, and the JSON file is replaced atomically, so an interrupted run keeps every
 * finished row and never leaves a half-written file.
 */
public final class ResultsWriter {
  private final Path csv;
  private final Path json;
  private final ResultTable table;

  public ResultsWriter(Path dir, ResultTable emptyTable) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new InputException("cannot create output folder " + dir + ": " + e.getMessage());
    }
    this.csv = dir.resolve("results.csv");
    this.json = dir.resolve("results.json");
    this.table = emptyTable;
    write(csv, TableRenderer.csvHeader(table) + "\n", false);
    replace(json, TableRenderer.json(table));
  }

  public synchronized void add(Map<String, Object> row) {
    table.add(row);
    List<String> cells = new ArrayList<>();
    for (ResultTable.Column c : table.columns()) {
      cells.add(TableRenderer.csvCell(row.get(c.key())));
    }
    write(csv, String.join(",", cells) + "\n", true);
    replace(json, TableRenderer.json(table));
  }

  private static void write(Path file, String text, boolean append) {
    try {
      Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.SYNC);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  static void replace(Path file, String text) {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
