package io.moebench.cli.output;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.moebench.core.InputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes results.csv and results.json ({"provenance": {...}, "points": [...]}) in a folder as rows
 * arrive: a CSV line is appended and synced per row, and the JSON file is replaced atomically, so
 * an interrupted run (kill -9 included) keeps every finished row, and results.json is always whole.
 * results.json is the record a resume reads; the CSV is rewritten from it when a run resumes.
 */
public final class ResultsWriter {
  public static final String CSV = "results.csv";
  public static final String JSON = "results.json";
  private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Path csv;
  private final Path json;
  private final ResultTable table;
  private final Map<String, Object> provenance;

  /** Starts the files with the table's existing rows (none for a fresh run, the finished ones on resume). */
  public ResultsWriter(Path dir, ResultTable table, Map<String, Object> provenance) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new InputException("cannot create output folder " + dir + ": " + e.getMessage());
    }
    this.csv = dir.resolve(CSV);
    this.json = dir.resolve(JSON);
    this.table = table;
    this.provenance = new LinkedHashMap<>(provenance);
    replace(csv, TableRenderer.csv(table));
    replace(json, json());
  }

  public synchronized void add(Map<String, Object> row) {
    table.add(row);
    List<String> cells = new ArrayList<>();
    for (ResultTable.Column c : table.columns()) {
      cells.add(TableRenderer.csvCell(row.get(c.key())));
    }
    append(csv, String.join(",", cells) + "\n");
    replace(json, json());
  }

  /** Updates a provenance entry (e.g. the end time) in results.json. */
  public synchronized void provenance(String key, Object value) {
    provenance.put(key, value);
    replace(json, json());
  }

  private String json() {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("provenance", provenance);
    doc.put("points", TableRenderer.jsonRows(table));
    try {
      return MAPPER.writeValueAsString(doc) + "\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What a results.json holds. */
  public record Contents(Map<String, Object> provenance, List<Map<String, Object>> points) {}

  public static Contents read(Path dir) {
    Path file = dir.resolve(JSON);
    if (!Files.isRegularFile(file)) {
      throw new InputException(dir + " holds no " + JSON + ": not a results folder");
    }
    try {
      Map<String, Object> doc = MAPPER.readValue(file.toFile(), new TypeReference<Map<String, Object>>() {});
      @SuppressWarnings("unchecked")
      Map<String, Object> prov = (Map<String, Object>) doc.get("provenance");
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> points = (List<Map<String, Object>>) doc.get("points");
      if (prov == null || points == null) {
        throw new InputException(file + ": no provenance or points: not written by moe-bench");
      }
      return new Contents(prov, points);
    } catch (IOException e) {
      throw new InputException(file + ": unreadable (" + e.getMessage().lines().findFirst().orElse("") + ")");
    }
  }

  private static void append(Path file, String text) {
    try {
      Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.APPEND, StandardOpenOption.SYNC);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** Writes a file whole or not at all: a temp file, then an atomic move. */
  public static void replace(Path file, String text) {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
