package io.moebench.vulkan;

import io.moebench.core.quant.Dtype;
import io.moebench.core.quant.WeightLayout;
import io.moebench.core.verify.PlantedBug;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One compiled form of a GEMM shader: the path's source with the defines of moe_common.glsl. Tile
 * sizes are not part of it: they are specialization constants, set per pipeline.
 *
 * @param plantedBug a deliberate bug compiled in (its MOE_BUG_* define), or null for the normal shader
 */
record ShaderVariant(MatrixPath path, Dtype dtype, WeightLayout layout, boolean zeroPoints, PlantedBug plantedBug) {

  ShaderVariant(MatrixPath path, Dtype dtype, WeightLayout layout, boolean zeroPoints) {
    this(path, dtype, layout, zeroPoints, null);
  }

  Map<String, String> defines() {
    Map<String, String> d = new TreeMap<>();
    d.put("DTYPE_BF16", dtype == Dtype.BF16 ? "1" : "0");
    d.put("LAYOUT_EXLLAMA", layout == WeightLayout.EXLLAMA ? "1" : "0");
    d.put("HAS_ZEROS", zeroPoints ? "1" : "0");
    if (path != MatrixPath.PORTABLE) {
      d.put("COOPMAT_EMULATED", path == MatrixPath.COOPMAT_EMULATED ? "1" : "0");
    }
    if (plantedBug != null) {
      d.put(plantedBug.define(), "1");
    }
    return d;
  }

  /** Every variant the backend can build: 3 paths x 2 dtypes x 2 layouts x with and without zero points. */
  static List<ShaderVariant> all() {
    List<ShaderVariant> all = new ArrayList<>();
    for (MatrixPath p : MatrixPath.values()) {
      for (Dtype d : Dtype.values()) {
        for (WeightLayout l : WeightLayout.values()) {
          all.add(new ShaderVariant(p, d, l, false));
          all.add(new ShaderVariant(p, d, l, true));
        }
      }
    }
    return all;
  }

  @Override
  public String toString() {
    return path + " " + dtype + " " + layout + (zeroPoints ? " zp" : "")
        + (plantedBug == null ? "" : " " + PlantedBug.OPTION + "=" + plantedBug.id());
  }
}
