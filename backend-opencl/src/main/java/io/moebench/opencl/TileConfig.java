package io.moebench.opencl;

import io.moebench.core.model.MoeShape;

/**
 * The tile parameters of one kernel build; a tuner can vary them (each combination is its own
 * program binary). The portable kernel gives each item 4 adjacent-strided columns and
 * blockM * tileN / (workGroupSize * 4) rows; the matrix paths split the tile over
 * workGroupSize / 32 warps of 16 rows each.
 *
 * @param blockM rows per block: the aligned layout's block_m, not a free choice
 * @param tileN output columns per work-group
 * @param kStep K values staged in local memory per step
 * @param workGroupSize work-items per work-group
 */
record TileConfig(int blockM, int tileN, int kStep, int workGroupSize) {
  static final int DEFAULT_TILE_N = 64;
  static final int DEFAULT_WORK_GROUP = 128;
  /** Columns per item in the portable kernel (its COLS_PER_ITEM). */
  static final int PORTABLE_COLUMNS_PER_ITEM = 4;
  /** Accumulator rows per item the portable kernel allows, to stay in registers. */
  static final int PORTABLE_MAX_ROWS_PER_ITEM = 16;
  static final int WARP = 32;

  /** The default tile for a shape on a path. */
  static TileConfig defaults(MatrixPath path, MoeShape shape) {
    int[] steps = path.usesMatrixUnits() ? new int[] {64, 32, 16} : new int[] {32, 16, 8};
    int kStep = steps[steps.length - 1];
    for (int s : steps) {
      if (shape.k() % s == 0) {
        kStep = s;
        break;
      }
    }
    return new TileConfig(shape.blockM(), DEFAULT_TILE_N, kStep, DEFAULT_WORK_GROUP);
  }

  /** Why this tile cannot run the shape on the path, or null when it can. */
  String unsupported(MatrixPath path, MoeShape shape) {
    if (shape.n() % tileN != 0) {
      return "N = " + shape.n() + " is not a multiple of the N tile " + tileN;
    }
    if (shape.k() % kStep != 0) {
      return "K = " + shape.k() + " is not a multiple of the K step " + kStep;
    }
    if (path.usesMatrixUnits()) {
      int warps = workGroupSize / WARP;
      if (workGroupSize % WARP != 0 || blockM % 16 != 0 || warps % (blockM / 16) != 0) {
        return "block_m " + blockM + " must be 16 times a divisor of the " + warps + " warps (allowed: 16, 32, 64)";
      }
      int warpColumns = tileN / (warps / (blockM / 16));
      if (warpColumns == 0 || warpColumns % path.fragmentColumns() != 0) {
        return "the N tile " + tileN + " does not split into " + path.fragmentColumns() + "-column fragments per warp";
      }
      if (kStep % 16 != 0 || shape.groupSize() % 16 != 0) {
        return "group size " + shape.groupSize() + " must be a multiple of 16 on the " + path.id() + " path";
      }
      return null;
    }
    int columnGroups = tileN / PORTABLE_COLUMNS_PER_ITEM;
    if (tileN % PORTABLE_COLUMNS_PER_ITEM != 0 || workGroupSize % columnGroups != 0) {
      return "work-group " + workGroupSize + " does not tile " + tileN + " columns by " + PORTABLE_COLUMNS_PER_ITEM;
    }
    int rowGroups = workGroupSize / columnGroups;
    if (blockM % rowGroups != 0 || blockM / rowGroups > PORTABLE_MAX_ROWS_PER_ITEM) {
      return "block_m " + blockM + " must be a multiple of " + rowGroups + " up to " + rowGroups * PORTABLE_MAX_ROWS_PER_ITEM;
    }
    if (kStep % 8 != 0) {
      return "the K step " + kStep + " must be a multiple of 8";
    }
    return null;
  }

  /** The -D options of this tile. */
  String defines() {
    return "-DMOE_BLOCK_M=" + blockM + " -DMOE_TILE_N=" + tileN + " -DMOE_K_STEP=" + kStep + " -DMOE_WG_SIZE=" + workGroupSize
        + " -DMOE_COLS_PER_ITEM=" + PORTABLE_COLUMNS_PER_ITEM;
  }

  String describe() {
    return "bm" + blockM + " n" + tileN + " k" + kStep + " wg" + workGroupSize;
  }
}
