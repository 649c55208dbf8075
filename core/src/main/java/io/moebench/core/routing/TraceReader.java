package io.moebench.core.routing;

import io.moebench.core.InputException;
import io.moebench.core.npy.NpyArray;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Real routing traces: {@code .npy} (int32 or int64, little-endian, C order, shape [T, top_k]) or
 * {@code .csv} (one token per line, its expert ids separated by commas; blank lines and lines
 * starting with # are skipped). Every problem is reported with the file name.
 */
public final class TraceReader {
  private TraceReader() {}

  public static RoutingTable read(Path file, int experts) {
    String name = file.getFileName().toString();
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".npy")) {
      return fromNpy(NpyArray.read(file), experts);
    }
    if (lower.endsWith(".csv")) {
      return readCsv(file, experts);
    }
    throw new InputException(name + ": unknown trace format; allowed: .npy (int32/int64 [T, top_k]) or .csv");
  }

  public static RoutingTable fromNpy(NpyArray a, int experts) {
    String name = a.file().getFileName().toString();
    a.requireDtype("i4", "i8").requireRank(2, "[T, top_k]");
    long tokens = a.shape()[0];
    long topK = a.shape()[1];
    InputException.require(tokens > 0 && topK > 0, name + ": empty trace, shape " + a.shapeText());
    InputException.require(tokens * topK < Integer.MAX_VALUE, name + ": trace too large, shape " + a.shapeText());
    int[] ids = new int[(int) (tokens * topK)];
    ByteBuffer d = a.data().duplicate().order(a.data().order());
    boolean wide = a.dtype().equals("i8");
    for (int i = 0; i < ids.length; i++) {
      long v = wide ? d.getLong() : d.getInt();
      InputException.require(v >= 0 && v < experts, name + ": token " + i / topK + " has expert id " + v
          + ", allowed ids are 0.." + (experts - 1) + " (set --experts)");
      ids[i] = (int) v;
    }
    return table((int) tokens, (int) topK, experts, ids, name);
  }

  private static RoutingTable readCsv(Path file, int experts) {
    String name = file.getFileName().toString();
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (NoSuchFileException e) {
      throw new InputException(file + ": no such file");
    } catch (MalformedInputException e) {
      throw new InputException(name + ": not a text file (invalid UTF-8); allowed: .csv text or .npy");
    } catch (IOException e) {
      throw new InputException(file + ": cannot read: " + e.getMessage());
    }
    List<int[]> tokens = new ArrayList<>();
    for (int ln = 0; ln < lines.size(); ln++) {
      String line = lines.get(ln).replace("\uFEFF", "").trim(); // spreadsheet tools start UTF-8 with a byte-order mark
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] cells = line.split("[,\\s]+");
      int[] row = new int[cells.length];
      for (int j = 0; j < cells.length; j++) {
        try {
          row[j] = Integer.parseInt(cells[j]);
        } catch (NumberFormatException e) {
          throw new InputException(name + ": line " + (ln + 1) + ": '" + cells[j] + "' is not an expert id (whole numbers 0.."
              + (experts - 1) + ")");
        }
        InputException.require(row[j] >= 0 && row[j] < experts, name + ": line " + (ln + 1) + ": expert id " + row[j]
            + ", allowed ids are 0.." + (experts - 1) + " (set --experts)");
      }
      InputException.require(tokens.isEmpty() || row.length == tokens.get(0).length, name + ": line " + (ln + 1) + " has "
          + row.length + " ids, earlier lines have " + (tokens.isEmpty() ? 0 : tokens.get(0).length) + " (top_k must be the same for every token)");
      tokens.add(row);
    }
    InputException.require(!tokens.isEmpty(), name + ": empty trace (no token lines)");
    int topK = tokens.get(0).length;
    int[] ids = new int[tokens.size() * topK];
    for (int t = 0; t < tokens.size(); t++) {
      System.arraycopy(tokens.get(t), 0, ids, t * topK, topK);
    }
    return table(tokens.size(), topK, experts, ids, name);
  }

  private static RoutingTable table(int tokens, int topK, int experts, int[] ids, String name) {
    InputException.require(topK <= experts, name + ": top_k " + topK + " exceeds the number of experts " + experts + " (set --experts)");
    return new RoutingTable(tokens, topK, experts, ids, name);
  }
}
