package io.moebench.opencl;

import io.moebench.core.InputException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The order in which the GEMM's work-groups are launched (option {@code order}). With the N tiles
 * fastest, the N tiles of one block run side by side and read its activation rows from memory once,
 * then from L2; with the blocks fastest, each N tile sweeps all blocks, and on an H100 gemm2 at T =
 * 4096 read its activations once per N tile (1.12x to 1.17x slower there; docs/PERF.md, session 8).
 */
enum WorkGroupOrder {
  /**
   * N tiles fastest on GPUs (the order was measured on an H100 only); blocks fastest on CPU devices, where
   * PoCL's contiguous work-group ranges per thread then run the blocks of one N tile in order, which keeps
   * sentinel-not-skipped's race (its padding rows of another expert's block overwrite a routed row)
   * resolved the same way in every CI run (with the N tiles fastest it escaped detection 1 run in 3).
   */
  AUTO("auto"),
  BLOCKS("blocks"),
  TILES("tiles");

  static final String OPTION = "order";

  private final String id;

  WorkGroupOrder(String id) {
    this.id = id;
  }

  String id() {
    return id;
  }

  static WorkGroupOrder parse(String text) {
    for (WorkGroupOrder o : values()) {
      if (o.id.equals(text.trim().toLowerCase(Locale.ROOT))) {
        return o;
      }
    }
    throw new InputException("opencl option " + OPTION + "=" + text + ": allowed values are "
        + Arrays.stream(values()).map(WorkGroupOrder::id).collect(Collectors.joining(", ")));
  }

  /** Whether a device ({@code gpu}: a GPU) launches the N tiles fastest under this order. */
  boolean tilesFastest(boolean gpu) {
    return this == TILES || this == AUTO && gpu;
  }
}
