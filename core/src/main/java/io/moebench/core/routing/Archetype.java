package io.moebench.core.routing;

import io.moebench.core.InputException;
import java.util.List;
import java.util.Locale;

/**
 * A routing distribution over experts, by popularity rank r = 1..E (rank r is expert r-1 unless ids
 * are shuffled). {@code balanced} is deterministic round-robin; the others are sampled.
 *
 * @param name the name as the user writes it (zipf1, zipf:1.5, hot:4, ...)
 * @param kind the family
 * @param parameter the zipf exponent or the number of hot experts (unused for balanced/uniform)
 */
public record Archetype(String name, Kind kind, double parameter) {

  /** The five archetypes of the reference suite, in report order. */
  public static final List<String> DEFAULTS = List.of("balanced", "uniform", "zipf1", "zipf2", "hot16");

  public static final String ALLOWED =
      "balanced, uniform, zipf1, zipf2, hot16, zipf:<alpha> (alpha >= 0), hot:<k> (k >= 1)";

  /** Popularity of a cold expert in the hot-k family, relative to a hot one. */
  static final double COLD_POPULARITY = 1e-6;

  public enum Kind {
    BALANCED,
    ZIPF,
    HOT
  }

  public static Archetype parse(String text) {
    String s = text.trim().toLowerCase(Locale.ROOT);
    switch (s) {
      case "balanced":
        return new Archetype(s, Kind.BALANCED, 0);
      case "uniform":
        return new Archetype(s, Kind.ZIPF, 0);
      case "zipf1":
        return new Archetype(s, Kind.ZIPF, 1);
      case "zipf2":
        return new Archetype(s, Kind.ZIPF, 2);
      case "hot16":
        return new Archetype(s, Kind.HOT, 16);
      default:
        break;
    }
    if (s.startsWith("zipf:")) {
      double alpha = parseNumber(text, s.substring(5));
      InputException.require(alpha >= 0 && alpha <= 64,
          "archetype '" + text + "': the zipf exponent must be between 0 and 64");
      return new Archetype(s, Kind.ZIPF, alpha);
    }
    if (s.startsWith("hot:")) {
      double k = parseNumber(text, s.substring(4));
      InputException.require(k >= 1 && k == Math.rint(k) && k <= Integer.MAX_VALUE,
          "archetype '" + text + "': the number of hot experts must be a whole number >= 1");
      return new Archetype(s, Kind.HOT, k);
    }
    throw new InputException("unknown archetype '" + text + "': allowed values are " + ALLOWED);
  }

  private static double parseNumber(String whole, String number) {
    try {
      double v = Double.parseDouble(number);
      if (Double.isFinite(v)) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new InputException("archetype '" + whole + "': '" + number + "' is not a number; allowed values are " + ALLOWED);
  }

  /** Normalised popularity of each rank (index r-1); null for balanced. */
  public double[] popularity(int experts) {
    if (kind == Kind.BALANCED) {
      return null;
    }
    double[] p = new double[experts];
    double sum = 0;
    for (int r = 1; r <= experts; r++) {
      double w = kind == Kind.ZIPF ? 1.0 / StrictMath.pow(r, parameter) : (r <= parameter ? 1.0 : COLD_POPULARITY);
      p[r - 1] = w;
      sum += w;
    }
    for (int i = 0; i < experts; i++) {
      p[i] /= sum;
    }
    return p;
  }
}
