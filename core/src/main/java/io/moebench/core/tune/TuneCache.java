package io.moebench.core.tune;

import io.moebench.core.model.GemmProblem;
import io.moebench.core.model.MoeShape;
import io.moebench.core.quant.Dtype;
import io.moebench.core.quant.WeightLayout;
import io.moebench.core.spi.Tuning;
import io.moebench.core.spi.UnsupportedProblemException;
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
 *
 * <p>Each entry has a companion property, the entry's key behind {@value #FINGERPRINT_PREFIX}, naming
 * the build its configuration compiled to when it was tuned ({@link Tuning#kernelFingerprint}: kernel
 * sources, compiler settings and what the backend derives from the configuration); the entry
 * line itself keeps its format, so {@link #parse} and older readers still read it:
 * <pre>
 * gemm2.E8.K512.N2048.G128.bm32.bf16.exllama.T4.B8.X8.L1=bk\=32,blocks\=1,bn\=128,tn\=8
 * fingerprint.gemm2.E8.K512.N2048.G128.bm32.bf16.exllama.T4.B8.X8.L1=3f9a0c1b2d4e
 * </pre>
 * An entry without one (cached before builds were recorded, or by a backend that does not know its
 * build) counts as tuned for an unknown build. Stale winners are still used: {@link Entry#isStale}
 * lets bench say so and tune --resume retune them.
 */
public final class TuneCache {
  /** The routing work at the end of a key: T64, T64.B40 and T64.B40.X20 in older caches. */
  private static final Pattern ROUTING_SUFFIX = Pattern.compile("\\.(T\\d+(\\.[A-Z]\\d+)*)$");
  /** Before an entry's key: the key of its kernel fingerprint. A prefix: older readers take it for another shape. */
  static final String FINGERPRINT_PREFIX = "fingerprint.";
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

  /**
   * A cached winner: its key, its configuration and the kernel build it was tuned for ("" unknown).
   */
  public record Entry(String key, Map<String, String> config, String kernelFingerprint) {
    /**
     * Whether it was tuned for another build than {@code current}, the kernel's fingerprint now, or for
     * an unknown one; while the current build is unknown, nothing is known to be stale.
     */
    public boolean isStale(String current) {
      return !current.isEmpty() && !current.equals(kernelFingerprint);
    }

    /**
     * Whether it is stale for the build {@code tuning} compiles its configuration to now, for this problem and
     * weights; a configuration the backend now refuses was tuned for another build.
     */
    public boolean isStale(Tuning tuning, GemmProblem problem, WeightLayout layout, boolean zeroPoints) {
      try {
        return isStale(tuning.kernelFingerprint(problem, layout, zeroPoints, config));
      } catch (UnsupportedProblemException refused) {
        return true;
      }
    }
  }

  /** Stores the winner tuned at {@code work} for the kernel build {@code kernelFingerprint} ("" unknown). */
  public synchronized void store(String deviceKey, MoeShape s, Dtype dtype, WeightLayout layout, boolean zeros,
      RoutingWork work, Map<String, String> config, String kernelFingerprint) {
    Properties p = read(deviceKey);
    String key = shapeKey(s, dtype, layout, zeros) + "." + work.key();
    p.setProperty(key, format(config));
    if (kernelFingerprint.isEmpty()) {
      p.remove(FINGERPRINT_PREFIX + key); // unknown: the replaced winner's build does not apply
    } else {
      p.setProperty(FINGERPRINT_PREFIX + key, kernelFingerprint);
    }
    try {
      Files.createDirectories(dir);
      try (Writer w = Files.newBufferedWriter(file(deviceKey))) {
        p.store(w, "moe-bench tune");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file(deviceKey), e);
    }
  }

  /** The winner stored for exactly {@code work} and this shape, if any. */
  public Optional<Entry> get(String deviceKey, MoeShape s, Dtype dtype, WeightLayout layout, boolean zeros,
      RoutingWork work) {
    return entry(read(deviceKey), shapeKey(s, dtype, layout, zeros) + "." + work.key());
  }

  /** The winner tuned nearest to {@code work} for this shape, if any. */
  public Optional<Entry> lookup(String deviceKey, MoeShape s, Dtype dtype, WeightLayout layout, boolean zeros,
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
          best = k;
        }
      } catch (IllegalArgumentException ignored) {
        // a key of another shape that shares the prefix, or of an older format
      }
    }
    return best == null ? Optional.empty() : entry(p, best);
  }

  private static Optional<Entry> entry(Properties p, String key) {
    return Optional.ofNullable(p.getProperty(key))
        .map(config -> new Entry(key, parse(config), p.getProperty(FINGERPRINT_PREFIX + key, "")));
  }

  /** How many entries of this device's cache have a routing work of an older format, which lookups ignore. */
  public int olderEntries(String deviceKey) {
    int older = 0;
    for (String k : read(deviceKey).stringPropertyNames()) {
      if (k.startsWith(FINGERPRINT_PREFIX)) {
        continue;
      }
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
