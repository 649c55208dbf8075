package io.moebench.core.spi;

import io.moebench.core.InputException;
import java.util.Map;
import java.util.TreeMap;

/**
 * Options for {@link BackendProvider#open}: free-form key=value pairs a backend documents (e.g.
 * "path=portable", "device=1"). A backend refuses keys or values it does not know.
 */
public record BackendConfig(Map<String, String> options) {

  public static final BackendConfig DEFAULT = new BackendConfig(Map.of());

  public BackendConfig {
    options = Map.copyOf(options);
  }

  public String get(String key, String fallback) {
    return options.getOrDefault(key, fallback);
  }

  public int getInt(String key, int fallback) {
    String v = options.get(key);
    if (v == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new InputException("backend option " + key + "=" + v + " is not a whole number");
    }
  }

  public BackendConfig with(String key, String value) {
    Map<String, String> m = new TreeMap<>(options);
    m.put(key, value);
    return new BackendConfig(m);
  }

  /** Parses "k=v,k=v". */
  public static BackendConfig parse(String text) {
    Map<String, String> m = new TreeMap<>();
    if (text != null && !text.isBlank()) {
      for (String pair : text.split(",")) {
        int eq = pair.indexOf('=');
        InputException.require(eq > 0, "backend option '" + pair + "' is not key=value");
        m.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
      }
    }
    return new BackendConfig(m);
  }
}
