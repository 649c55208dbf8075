package io.moebench.core.tune;

import io.moebench.core.bench.Roofline;
import io.moebench.core.util.CacheDirs;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * Measured ceilings per device key, in CacheDirs "ceilings/KEY.properties": bandwidth (bytes/s),
 * matrix flop/s and when they were measured. bench and sweep read them for % of floor.
 */
public final class CeilingsCache {
  private final Path dir;

  public CeilingsCache(Path dir) {
    this.dir = dir;
  }

  public static CeilingsCache standard() {
    return new CeilingsCache(CacheDirs.of("ceilings"));
  }

  public Path file(String deviceKey) {
    return dir.resolve(deviceKey + ".properties");
  }

  public void store(String deviceKey, double bandwidth, double matrixFlops, String measured) {
    Properties p = new Properties();
    p.setProperty("bandwidth_bytes_per_s", Double.toString(bandwidth));
    p.setProperty("matrix_flops_per_s", Double.toString(matrixFlops));
    p.setProperty("measured", measured);
    try {
      Files.createDirectories(dir);
      try (Writer w = Files.newBufferedWriter(file(deviceKey))) {
        p.store(w, "moe-bench calibrate");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file(deviceKey), e);
    }
  }

  /** The cached ceilings of the device, if calibrated; an unreadable file counts as none. */
  public Optional<Roofline> load(String deviceKey) {
    Path f = file(deviceKey);
    if (!Files.isRegularFile(f)) {
      return Optional.empty();
    }
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(f)) {
      p.load(r);
      double bw = Double.parseDouble(p.getProperty("bandwidth_bytes_per_s"));
      double flops = Double.parseDouble(p.getProperty("matrix_flops_per_s"));
      return Optional.of(new Roofline(bw, flops, String.format(java.util.Locale.ROOT,
          "calibrated %s: %.2f TB/s copy, %.0f TFLOP/s matrix", p.getProperty("measured", "?"), bw / 1e12, flops / 1e12)));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
