package io.moebench.core.align;

import io.moebench.core.InputException;
import io.moebench.core.routing.RoutingTable;
import java.util.Arrays;

/** {@code moe_align_block_size} exactly as inference engines lay routed rows out (DOMAIN.md). */
public final class MoeAlign {
  private MoeAlign() {}

  public static AlignedLayout align(RoutingTable routing, int blockM) {
    InputException.require(blockM > 0, "block_m must be > 0 (got " + blockM + ")");
    int experts = routing.experts();
    int numel = routing.routedRows();
    int[] counts = routing.expertLoads();
    int[] start = new int[experts + 1]; // padded segment start of each expert
    int blocks = 0;
    for (int e = 0; e < experts; e++) {
      int b = (counts[e] + blockM - 1) / blockM;
      start[e + 1] = start[e] + b * blockM;
      blocks += b;
    }
    int padded = start[experts];
    int[] sorted = new int[padded];
    Arrays.fill(sorted, numel);
    int[] cursor = Arrays.copyOf(start, experts);
    int[] ids = routing.ids();
    for (int i = 0; i < numel; i++) { // ascending row within each expert
      sorted[cursor[ids[i]]++] = i;
    }
    int[] expertIds = new int[blocks];
    int blk = 0;
    for (int e = 0; e < experts; e++) {
      for (int p = start[e]; p < start[e + 1]; p += blockM) {
        expertIds[blk++] = e;
      }
    }
    return new AlignedLayout(sorted, expertIds, padded, numel, blockM);
  }
}
