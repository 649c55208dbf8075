package io.moebench.vulkan;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** GLSL sources packaged by the shaders module under io/moebench/shaders/glsl/. */
final class ShaderSources {
  static final String ROOT = "io/moebench/shaders/glsl/";
  private static final Pattern INCLUDE = Pattern.compile("^\\s*#\\s*include\\s+\"([^\"]+)\"", Pattern.MULTILINE);

  private ShaderSources() {}

  /** The text of a shader or header, or null when there is no such resource. */
  static String find(String name) {
    if (name.contains("..") || name.startsWith("/")) {
      return null;
    }
    try (InputStream in = ShaderSources.class.getClassLoader().getResourceAsStream(ROOT + name)) {
      return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("reading shader " + name, e);
    }
  }

  static String read(String name) {
    String text = find(name);
    if (text == null) {
      throw new IllegalStateException("shader resource " + ROOT + name + " is missing from the class path "
          + "(moe-bench-shaders jar)");
    }
    return text;
  }

  /** The file and everything it includes, transitively, by name: what a compiled variant depends on. */
  static Map<String, String> closure(String name) {
    Map<String, String> files = new LinkedHashMap<>();
    collect(name, files);
    return files;
  }

  private static void collect(String name, Map<String, String> files) {
    if (files.containsKey(name)) {
      return;
    }
    String text = find(name);
    files.put(name, text == null ? "" : text); // a missing include fails in the compiler, with its message
    if (text != null) {
      Matcher m = INCLUDE.matcher(text);
      while (m.find()) {
        collect(m.group(1), files);
      }
    }
  }
}
