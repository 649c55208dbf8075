package io.moebench.core.spi;

import io.moebench.core.model.MoeShape;
import io.moebench.core.quant.Dtype;
import io.moebench.core.quant.WeightLayout;
import java.util.Set;

/**
 * What a backend can run.
 *
 * @param dtypes activation / scale / output formats
 * @param layouts weight layouts read natively
 * @param zeroPoints whether asymmetric weights with zero points run
 * @param groupSizes supported group sizes (empty: any multiple of 8)
 * @param blockSizes supported block_m values (empty: any)
 * @param nMultiple N must be a multiple of this (the N tile)
 * @param kMultiple K must be a multiple of this
 * @param matrixPath the matrix-unit path in use, e.g. "portable", "nvidia-mma", "gfx11-wmma", "coopmat"
 */
public record Capabilities(Set<Dtype> dtypes, Set<WeightLayout> layouts, boolean zeroPoints, Set<Integer> groupSizes,
    Set<Integer> blockSizes, int nMultiple, int kMultiple, String matrixPath) {

  public Capabilities {
    dtypes = Set.copyOf(dtypes);
    layouts = Set.copyOf(layouts);
    groupSizes = Set.copyOf(groupSizes);
    blockSizes = Set.copyOf(blockSizes);
  }

  /** Why this backend cannot run the combination, or null when it can. */
  public String unsupported(MoeShape shape, Dtype dtype, WeightLayout layout, boolean withZeros) {
    if (!dtypes.contains(dtype)) {
      return "dtype " + dtype + " not supported; allowed: " + dtypes;
    }
    if (!layouts.contains(layout)) {
      return "layout " + layout + " not supported; allowed: " + layouts;
    }
    if (withZeros && !zeroPoints) {
      return "zero points not supported";
    }
    if (!groupSizes.isEmpty() && !groupSizes.contains(shape.groupSize())) {
      return "group size " + shape.groupSize() + " not supported; allowed: " + groupSizes;
    }
    if (!blockSizes.isEmpty() && !blockSizes.contains(shape.blockM())) {
      return "block_m " + shape.blockM() + " not supported; allowed: " + blockSizes;
    }
    if (shape.n() % nMultiple != 0) {
      return "N = " + shape.n() + " is not a multiple of the N tile " + nMultiple;
    }
    if (shape.k() % kMultiple != 0) {
      return "K = " + shape.k() + " is not a multiple of " + kMultiple;
    }
    return null;
  }
}
