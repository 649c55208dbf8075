package io.moebench.cli.report;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Escaping and value formatting for the report; every inserted text goes through {@link #esc}. */
final class Html {
  private Html() {}

  /** Escapes text for element content and double- or single-quoted attribute values. */
  static String esc(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> sb.append("&amp;");
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&#39;");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }

  /** A one-line explanation shown where a chart or table has nothing to show. */
  static String note(String text) {
    return "<p class=\"note\">" + esc(text) + "</p>\n";
  }

  /** A plain-text value: "-" for null, doubles without exponent or trailing zeros, lists comma-joined. */
  static String text(Object v) {
    if (v == null) {
      return "-";
    }
    if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      return Double.isFinite(d) ? BigDecimal.valueOf(d).stripTrailingZeros().toPlainString() : Double.toString(d);
    }
    if (v instanceof List<?> list) {
      return list.stream().map(Html::text).collect(Collectors.joining(", "));
    }
    if (v instanceof Map<?, ?> map) {
      return map.entrySet().stream().map(e -> e.getKey() + "=" + text(e.getValue())).collect(Collectors.joining(", "));
    }
    return v.toString();
  }

  /** A signed percentage with one decimal, "-" when missing or not a number. */
  static String signedPct(Double v) {
    return v == null || !Double.isFinite(v) ? "-" : String.format(Locale.ROOT, "%+.1f %%", v);
  }
}
