package io.moebench.core.tune;

import io.moebench.core.model.MoeShape;
import io.moebench.core.quant.Dtype;
import io.moebench.core.quant.WeightLayout;
import io.moebench.core.util.CacheDirs;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Winning tile configurations per device, in CacheDirs "tuning/KEY.properties": one entry per
 * (shape, dtype, layout, tuned T), value "k=v,k=v". A point uses the configuration tuned at the
 * nearest T (on a log scale) for its shape, dtype and layout.
 */
public final class TuneCache {
  private final Path dir;

  public TuneCache(Path dir) {
    this.dir = dir;
  }

  public static TuneCache standard() {
    return new TuneCache(CacheDirs.of("tuning"));
  }

  public Path file(String deviceKey) {
    return dir.resolve(deviceKey + ".properties");
  }

  static String shapeKey(MoeShape s, Dtype dtype, WeightLayout layout, boolean zeros) {
    return s.name() + ".E" + s.experts() + ".K" + s.k() + ".N" + s.n() + ".G" + s.groupSize() + ".bm" + s.blockM() + "."
        + dtype.id() + "." + layout.id() + (zeros ? ".zp" : "");
  }

  public synchronized void store(String deviceKey, MoeShape s, Dtype dtype, WeightLayout layout, boolean zeros, int tokens,
      Map<String, String> config) {
    Properties p = read(deviceKey);
    p.setProperty(shapeKey(s, dtype, layout, zeros) + ".T" + tokens, format(config));
    try {
      Files.createDirectories(dir);
      try (Writer w = Files.newBufferedWriter(file(deviceKey))) {
        p.store(w, "moe-bench tune");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file(deviceKey), e);
    }
  }

  /** The configuration tuned at the T nearest to {@code tokens} (log scale) for this shape, if any. */
  public Optional<Map<String, String>> lookup(String deviceKey, MoeShape s, Dtype dtype, WeightLayout layout, boolean zeros,
      int tokens) {
    String prefix = shapeKey(s, dtype, layout, zeros) + ".T";
    Properties p = read(deviceKey);
    TreeMap<Integer, String> byT = new TreeMap<>();
    for (String k : p.stringPropertyNames()) {
      if (k.startsWith(prefix)) {
        try {
          byT.put(Integer.parseInt(k.substring(prefix.length())), p.getProperty(k));
        } catch (NumberFormatException ignored) {
          // a key of another shape that shares the prefix
        }
      }
    }
    if (byT.isEmpty()) {
      return Optional.empty();
    }
    int best = byT.firstKey();
    for (int t : byT.keySet()) {
      if (Math.abs(Math.log((double) t / tokens)) < Math.abs(Math.log((double) best / tokens))) {
        best = t;
      }
    }
    return Optional.of(parse(byT.get(best)));
  }

  private Properties read(String deviceKey) {
    Properties p = new Properties();
    Path f = file(deviceKey);
    if (Files.isRegularFile(f)) {
      try (Reader r = Files.newBufferedReader(f)) {
        p.load(r);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + f, e);
      }
    }
    return p;
  }

  public static String format(Map<String, String> config) {
    StringBuilder sb = new StringBuilder();
    new TreeMap<>(config).forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ",").append(k).append('=').append(v));
    return sb.toString();
  }

  public static Map<String, String> parse(String text) {
    Map<String, String> m = new LinkedHashMap<>();
    for (String pair : text.split(",")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        m.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
      }
    }
    return m;
  }
}
