package io.moebench.core.inputs;

import io.moebench.core.InputException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parses the one JSON shape meta.json uses: a flat object whose values are strings, whole numbers
 * or null. Core has no third-party dependency, and this is all the folder format needs. Errors
 * name the file and the line and column.
 */
final class FlatJson {
  private final String text;
  private final String file;
  private int pos;

  private FlatJson(String text, String file) {
    this.text = text;
    this.file = file;
  }

  /** Keys in file order; values are String, Long or null. Duplicate keys are refused. */
  static Map<String, Object> parse(String text, String file) {
    FlatJson p = new FlatJson(text.startsWith("\uFEFF") ? text.substring(1) : text, file);
    Map<String, Object> values = p.object();
    p.skipSpace();
    if (p.pos < p.text.length()) {
      throw p.error("unexpected text after the closing }");
    }
    return values;
  }

  private Map<String, Object> object() {
    Map<String, Object> values = new LinkedHashMap<>();
    expect('{', "a JSON object starting with {");
    if (peek() == '}') {
      pos++;
      return values;
    }
    while (true) {
      if (peek() != '"') {
        throw error("expected a \"key\"");
      }
      String key = string();
      expect(':', "':' after \"" + key + "\"");
      Object value = value(key);
      if (values.containsKey(key)) {
        throw new InputException(file + ": \"" + key + "\" is given twice");
      }
      values.put(key, value);
      if (peek() == '}') {
        pos++;
        return values;
      }
      expect(',', "',' or '}'");
    }
  }

  private Object value(String key) {
    char c = peek();
    if (c == '"') {
      return string();
    }
    if (c == '-' || (c >= '0' && c <= '9')) {
      return number(key);
    }
    if (text.startsWith("null", pos)) {
      pos += 4;
      return null;
    }
    if (c == '{' || c == '[' || text.startsWith("true", pos) || text.startsWith("false", pos)) {
      throw new InputException(file + ": \"" + key + "\" must be a string or a whole number");
    }
    throw error("expected a value for \"" + key + "\"");
  }

  private Long number(String key) {
    int start = pos;
    if (peek() == '-') {
      pos++;
    }
    while (pos < text.length() && "0123456789.eE+-".indexOf(text.charAt(pos)) >= 0) {
      pos++;
    }
    String n = text.substring(start, pos);
    try {
      return Long.parseLong(n);
    } catch (NumberFormatException e) {
      throw new InputException(file + ": \"" + key + "\" is " + n + ", allowed: a whole number");
    }
  }

  private String string() {
    StringBuilder s = new StringBuilder();
    pos++; // the opening quote
    while (pos < text.length()) {
      char c = text.charAt(pos++);
      if (c == '"') {
        return s.toString();
      }
      if (c == '\\') {
        s.append(escape());
      } else if (c < 0x20) {
        pos--;
        throw error("control character inside a string");
      } else {
        s.append(c);
      }
    }
    throw error("unterminated string");
  }

  private char escape() {
    if (pos >= text.length()) {
      throw error("unterminated string");
    }
    char c = text.charAt(pos++);
    switch (c) {
      case '"':
      case '\\':
      case '/':
        return c;
      case 'b':
        return '\b';
      case 'f':
        return '\f';
      case 'n':
        return '\n';
      case 'r':
        return '\r';
      case 't':
        return '\t';
      case 'u':
        if (pos + 4 <= text.length()) {
          try {
            char u = (char) Integer.parseInt(text.substring(pos, pos + 4), 16);
            pos += 4;
            return u;
          } catch (NumberFormatException e) {
            // reported below
          }
        }
        throw error("bad \\u escape");
      default:
        pos--;
        throw error("bad escape \\" + c);
    }
  }

  private void expect(char c, String what) {
    if (peek() != c) {
      throw error("expected " + what);
    }
    pos++;
  }

  /** The next character after white space, '\0' at the end. */
  private char peek() {
    skipSpace();
    return pos < text.length() ? text.charAt(pos) : '\0';
  }

  private void skipSpace() {
    while (pos < text.length() && " \t\r\n".indexOf(text.charAt(pos)) >= 0) {
      pos++;
    }
  }

  private InputException error(String what) {
    int line = 1;
    int col = 1;
    for (int i = 0; i < Math.min(pos, text.length()); i++) {
      if (text.charAt(i) == '\n') {
        line++;
        col = 1;
      } else {
        col++;
      }
    }
    String at = pos >= text.length() ? "end of file" : "line " + line + ", column " + col;
    return new InputException(file + ": bad JSON at " + at + ": " + what);
  }
}
