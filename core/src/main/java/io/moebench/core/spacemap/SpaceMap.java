package io.moebench.core.spacemap;

import io.moebench.core.InputException;
import io.moebench.core.routing.RoutingTable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Space-map statistics (DOMAIN.md): predicts padding and block fill without a GPU. */
public final class SpaceMap {
  /** A block with at most this many real rows counts as skinny. */
  public static final int SKINNY_ROWS = 8;

  private SpaceMap() {}

  public static SpaceMapRow of(RoutingTable routing, List<Integer> blockSizes) {
    int[] loads = routing.expertLoads();
    int[] used = Arrays.stream(loads).filter(c -> c > 0).sorted().toArray();
    int nvalid = routing.routedRows();
    double mean = (double) nvalid / used.length;
    int mid = used.length / 2;
    // integer part of the median; for an even count the median is the mean of the two middle values
    int median = used.length % 2 == 1 ? used[mid] : (int) (((long) used[mid - 1] + used[mid]) / 2);
    int max = used[used.length - 1];
    List<SpaceMapRow.BlockFill> fills = new ArrayList<>();
    for (int bm : blockSizes) {
      InputException.require(bm > 0, "block_m must be > 0 (got " + bm + ")");
      int blocks = 0;
      int skinny = 0;
      for (int c : used) {
        int b = (c + bm - 1) / bm;
        blocks += b;
        int last = c - (b - 1) * bm;
        if (last <= SKINNY_ROWS) {
          skinny++;
        }
        if (bm <= SKINNY_ROWS) { // every full block is skinny too when blocks are that small
          skinny += b - 1;
        }
      }
      long padded = (long) blocks * bm;
      fills.add(new SpaceMapRow.BlockFill(bm, blocks, (int) padded, 100.0 * nvalid / padded, 100.0 * skinny / blocks));
    }
    return new SpaceMapRow(routing.source(), routing.tokens(), nvalid, mean, median, max,
        routing.experts() - used.length, List.copyOf(fills));
  }
}
