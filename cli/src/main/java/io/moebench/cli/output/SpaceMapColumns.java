package io.moebench.cli.output;

import io.moebench.core.spacemap.SpaceMapRow;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The space-map columns of DOMAIN.md, with bm&lt;B&gt;_useful_pct and bm&lt;B&gt;_sk8_pct per block size. */
public final class SpaceMapColumns {
  private SpaceMapColumns() {}

  public static ResultTable of(List<SpaceMapRow> rows, List<Integer> blockSizes) {
    ResultTable t = new ResultTable().column("archetype").column("T").column("nvalid").column("mean", 1).column("median")
        .column("max").column("dead");
    for (int bm : blockSizes) {
      t.column("bm" + bm + "_useful_pct", 1).column("bm" + bm + "_sk8_pct", 1);
    }
    for (SpaceMapRow r : rows) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("archetype", r.archetype());
      m.put("T", r.tokens());
      m.put("nvalid", r.nvalid());
      m.put("mean", r.mean());
      m.put("median", r.median());
      m.put("max", r.max());
      m.put("dead", r.dead());
      for (SpaceMapRow.BlockFill f : r.blocks()) {
        m.put("bm" + f.blockM() + "_useful_pct", f.usefulPct());
        m.put("bm" + f.blockM() + "_sk8_pct", f.skinnyPct());
      }
      t.add(m);
    }
    return t;
  }
}
