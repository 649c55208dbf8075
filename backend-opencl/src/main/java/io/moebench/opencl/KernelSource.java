package io.moebench.opencl;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kernel sources from the shaders module's classpath resources, with their {@code #include "x.h"}
 * lines replaced by the header text: programs are built from one string (drivers cannot see into
 * a jar), and the binary cache key then covers every header. Each header is inlined once.
 */
final class KernelSource {
  static final String BASE = "io/moebench/shaders/opencl/";
  private static final Pattern INCLUDE = Pattern.compile("^\\s*#\\s*include\\s+\"([^\"]+)\"\\s*$");

  private KernelSource() {}

  /** shaders/opencl/{file} with its headers inlined. */
  static String load(String file) {
    return inline(read(BASE + file), file, new HashSet<>());
  }

  /** Any source text (e.g. a test kernel) with shaders/opencl headers inlined. */
  static String assemble(String text, String name) {
    return inline(text, name, new HashSet<>());
  }

  private static String inline(String text, String name, Set<String> seen) {
    StringBuilder out = new StringBuilder();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      Matcher m = INCLUDE.matcher(lines[i]);
      if (!m.matches()) {
        out.append(lines[i]).append('\n');
        continue;
      }
      String header = m.group(1);
      if (seen.add(header)) {
        // #line keeps compiler messages pointing at the right file and line.
        out.append("#line 1 \"").append(header).append("\"\n");
        out.append(inline(read(BASE + header), header, seen));
        out.append("#line ").append(i + 2).append(" \"").append(name).append("\"\n");
      } else {
        out.append('\n');
      }
    }
    return out.toString();
  }

  private static String read(String resource) {
    try (InputStream in = KernelSource.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("kernel source " + resource + " is not on the classpath (moe-bench-shaders missing?)");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + resource, e);
    }
  }
}
