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
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Winning tile configurations per device, in CacheDirs "tuning/KEY.properties": one entry per
 * (shape, dtype, layout, routing work tuned at), value "k=v,k=v". The best tile depends on the rows
 * (T), on how many blocks of work the routing makes (the parallelism: at the same T a hot routing gives
 * a few full blocks, a balanced one many sparse ones) and on how many blocks each expert has (whether
 * a tile of several blocks shares weight loads), so a point uses the configuration tuned nearest to its
 * own {@link RoutingWork}. Entries of older formats (without the expert count or the largest expert's
 * blocks) are ignored, and counted by {@link #olderEntries} so that bench can say so.
 */
public final class TuneCache {
  /** The routing work at the end of a key: T64, T64.B40 and T64.B40.X20 in older caches. */
  private static final Pattern ROUTING_SUFFIX = Pattern.compile("\\.(T\\d+(\\.[A-Z]\\d+)*)$");
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

  /** Stores the winner tuned at {@code work}. */
  public synchronized void store(String deviceKey, MoeShape s, Dtype dtype, WeightLayout layout, boolean zeros,
      RoutingWork work, Map<String, String> config) {
    Properties p = read(deviceKey);
    p.setProperty(shapeKey(s, dtype, layout, zeros) + "." + work.key(), format(config));
    try {
      Files.createDirectories(dir);
      try (Writer w = Files.newBufferedWriter(file(deviceKey))) {
        p.store(w, "moe-bench tune");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file(deviceKey), e);
    }
  }

  /** Whether a winner was stored for exactly {@code work} and this shape. */
  public boolean has(String deviceKey, MoeShape s, Dtype dtype, WeightLayout layout, boolean zeros, RoutingWork work) {
    return get(deviceKey, s, dtype, layout, zeros, work).isPresent();
  }

  /** The winner stored for exactly {@code work} and this shape, if any. */
  public Optional<Map<String, String>> get(String deviceKey, MoeShape s, Dtype dtype, WeightLayout layout, boolean zeros,
      RoutingWork work) {
    return Optional.ofNullable(read(deviceKey).getProperty(shapeKey(s, dtype, layout, zeros) + "." + work.key()))
        .map(TuneCache::parse);
  }

  /** The configuration tuned nearest to {@code work} for this shape, if any. */
  public Optional<Map<String, String>> lookup(String deviceKey, MoeShape s, Dtype dtype, WeightLayout layout, boolean zeros,
      RoutingWork work) {
    String prefix = shapeKey(s, dtype, layout, zeros) + ".";
    Properties p = read(deviceKey);
    String best = null;
    double bestDistance = Double.MAX_VALUE;
    for (String k : new TreeSet<>(p.stringPropertyNames())) { // sorted: ties resolve the same way every time
      if (!k.startsWith(prefix)) {
        continue;
      }
      try {
        double distance = RoutingWork.parse(k.substring(prefix.length())).distance(work);
        if (distance < bestDistance) {
          bestDistance = distance;
          best = p.getProperty(k);
        }
      } catch (IllegalArgumentException ignored) {
        // a key of another shape that shares the prefix, or of an older format
      }
    }
    return Optional.ofNullable(best).map(TuneCache::parse);
  }

  /** How many entries of this device's cache have a routing work of an older format, which lookups ignore. */
  public int olderEntries(String deviceKey) {
    int older = 0;
    for (String k : read(deviceKey).stringPropertyNames()) {
      Matcher m = ROUTING_SUFFIX.matcher(k);
      try {
        RoutingWork.parse(m.find() ? m.group(1) : k);
      } catch (IllegalArgumentException e) {
        older++;
      }
    }
    return older;
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
