package io.moebench.core.verify;

import io.moebench.core.InputException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Deliberate kernel bugs that GPU backends can compile in (backend option {@code plant-bug=<id>})
 * to prove that validation catches real mistakes. Never enabled unless asked for.
 */
public enum PlantedBug {
  SWAPPED_NIBBLES("swapped-nibbles", "reads the two int4 values of each byte in the wrong order"),
  EXPERT_OFF_BY_ONE("expert-off-by-one", "uses the weights of expert id + 1 (wrapping at E)"),
  SENTINEL_NOT_SKIPPED("sentinel-not-skipped", "computes sentinel rows and writes them over routed row 0"),
  WRONG_SCALE_GROUP("wrong-scale-group", "applies the scale of the next K group (the last group keeps its own)"),
  LAST_K_GROUP_DROPPED("last-k-group-dropped", "stops the K loop one quantisation group early"),
  ROW_UNWRITTEN("row-unwritten", "never writes the output of the first routed row of each block");

  /** The backend option that selects a planted bug. */
  public static final String OPTION = "plant-bug";

  private final String id;
  private final String description;

  PlantedBug(String id, String description) {
    this.id = id;
    this.description = description;
  }

  public String id() {
    return id;
  }

  public String description() {
    return description;
  }

  /** The kernel define that compiles the bug in, e.g. MOE_BUG_SWAPPED_NIBBLES. */
  public String define() {
    return "MOE_BUG_" + name();
  }

  public static PlantedBug parse(String text) {
    for (PlantedBug b : values()) {
      if (b.id.equals(text.trim().toLowerCase(Locale.ROOT))) {
        return b;
      }
    }
    throw new InputException("unknown " + OPTION + " '" + text + "': allowed values are "
        + Arrays.stream(values()).map(PlantedBug::id).collect(Collectors.joining(", ")));
  }
}
