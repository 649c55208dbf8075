package io.moebench.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** Builds plugin jars in tests: compiled from source (classes only in the jar) or services-only. */
public final class PluginJars {
  private PluginJars() {}

  static final String SERVICE = "META-INF/services/io.moebench.core.spi.BackendProvider";

  /** Compiles one provider source against the given classes' locations and jars it with its service file. */
  public static Path compiled(Path dir, String jarName, String className, String source, Class<?>... classpath) throws IOException {
    Path src = dir.resolve("src-" + jarName);
    Path classes = dir.resolve("classes-" + jarName);
    Path file = src.resolve(className.replace('.', '/') + ".java");
    Files.createDirectories(file.getParent());
    Files.createDirectories(classes);
    Files.writeString(file, source);
    String cp = Stream.of(classpath).map(PluginJars::location).collect(Collectors.joining(java.io.File.pathSeparator));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    int rc = javac.run(null, null, null, "-d", classes.toString(), "-cp", cp, "--release", "17", file.toString());
    if (rc != 0) {
      throw new IllegalStateException("plugin source did not compile");
    }
    Path jar = dir.resolve(jarName);
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar)); Stream<Path> files = Files.walk(classes)) {
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        out.putNextEntry(new JarEntry(classes.relativize(p).toString().replace('\\', '/')));
        out.write(Files.readAllBytes(p));
        out.closeEntry();
      }
      entry(out, SERVICE, className + "\n");
    }
    return jar;
  }

  /** A jar with only a service file naming classes the test class path already has. */
  public static Path servicesOnly(Path dir, String jarName, List<String> classNames) throws IOException {
    Path jar = dir.resolve(jarName);
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      entry(out, SERVICE, String.join("\n", classNames) + "\n");
    }
    return jar;
  }

  private static void entry(JarOutputStream out, String name, String text) throws IOException {
    out.putNextEntry(new JarEntry(name));
    out.write(text.getBytes(StandardCharsets.UTF_8));
    out.closeEntry();
  }

  private static String location(Class<?> c) {
    try {
      return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

}
