package io.moebench.core.util;

/**
 * A C-family kernel source (OpenCL C, GLSL) reduced to what its compiler reads: lines spliced where they end in a
 * backslash, comments gone, runs of blanks one space, no blank lines and no blanks at a line's ends. Tuned winners'
 * kernel fingerprints hash this, so editing a comment or the layout of a kernel keeps its tuned tiles valid, while
 * any change to a token, a directive or a string literal still makes a new build.
 */
public final class KernelCode {
  private KernelCode() {}

  public static String of(String source) {
    String spliced = source.replace("\\\r\n", "").replace("\\\n", ""); // translation phase 2, before comments
    StringBuilder out = new StringBuilder(spliced.length());
    int i = 0;
    while (i < spliced.length()) {
      char c = spliced.charAt(i);
      if (c == '/' && spliced.startsWith("//", i)) {
        i = lineEnd(spliced, i);
        blank(out);
      } else if (c == '/' && spliced.startsWith("/*", i)) {
        int end = spliced.indexOf("*/", i + 2);
        i = end < 0 ? spliced.length() : end + 2;
        blank(out);
      } else if (c == '"' || c == '\'') {
        i = copyLiteral(spliced, i, out);
      } else if (c == '\n' || c == '\r') {
        trimLineEnd(out);
        if (out.length() > 0 && out.charAt(out.length() - 1) != '\n') {
          out.append('\n');
        }
        i++;
      } else if (c == ' ' || c == '\t' || c == '\f') {
        blank(out);
        i++;
      } else {
        out.append(c);
        i++;
      }
    }
    trimLineEnd(out);
    if (out.length() > 0 && out.charAt(out.length() - 1) == '\n') {
      out.setLength(out.length() - 1);
    }
    return out.toString();
  }

  private static int lineEnd(String text, int from) {
    int end = text.indexOf('\n', from);
    return end < 0 ? text.length() : end;
  }

  /** Copies a string or character literal whole, escapes included, so that nothing in it reads as a comment. */
  private static int copyLiteral(String text, int start, StringBuilder out) {
    char quote = text.charAt(start);
    int i = start + 1;
    while (i < text.length() && text.charAt(i) != quote && text.charAt(i) != '\n') {
      i += text.charAt(i) == '\\' ? 2 : 1;
    }
    int end = Math.min(i + 1, text.length());
    out.append(text, start, end);
    return end;
  }

  /** One space between tokens: none at a line's start, never two. */
  private static void blank(StringBuilder out) {
    int n = out.length();
    if (n > 0 && out.charAt(n - 1) != ' ' && out.charAt(n - 1) != '\n') {
      out.append(' ');
    }
  }

  private static void trimLineEnd(StringBuilder out) {
    while (out.length() > 0 && out.charAt(out.length() - 1) == ' ') {
      out.setLength(out.length() - 1);
    }
  }
}
