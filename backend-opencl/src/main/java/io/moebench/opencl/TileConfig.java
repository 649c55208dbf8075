package io.moebench.opencl;

import io.moebench.core.model.MoeShape;
import io.moebench.core.spi.UnsupportedProblemException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
  /** The tuner's parameter names; blockM is the layout's, not tunable. */
  static final String TILE_N = "tileN";
  static final String K_STEP = "kStep";
  static final String WORK_GROUP = "workGroupSize";
  private static final int[] TUNE_TILE_N = {32, 64, 128};
  private static final int[] TUNE_WORK_GROUP = {64, 128, 256};
  // Portable steps stay at 32 and below so block_m 128 tiles fit 48 KiB of local memory (a float per value).
  private static final int[] TUNE_K_STEP_MATRIX = {32, 64, 128};
  private static final int[] TUNE_K_STEP_PORTABLE = {8, 16, 32};

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

  /** The default and every tuning variant that tiles the shape on the path within maxWorkGroup items. */
  static List<TileConfig> candidates(MatrixPath path, MoeShape shape, long maxWorkGroup) {
    Set<TileConfig> tiles = new LinkedHashSet<>();
    tiles.add(defaults(path, shape));
    for (int tileN : TUNE_TILE_N) {
      for (int kStep : path.usesMatrixUnits() ? TUNE_K_STEP_MATRIX : TUNE_K_STEP_PORTABLE) {
        for (int wg : TUNE_WORK_GROUP) {
          TileConfig t = new TileConfig(shape.blockM(), tileN, kStep, wg);
          if (wg <= maxWorkGroup && t.unsupported(path, shape) == null) {
            tiles.add(t);
          }
        }
      }
    }
    return new ArrayList<>(tiles);
  }

  /** The tuner's form: {tileN, kStep, workGroupSize}, in that order. */
  Map<String, String> asMap() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(TILE_N, Integer.toString(tileN));
    m.put(K_STEP, Integer.toString(kStep));
    m.put(WORK_GROUP, Integer.toString(workGroupSize));
    return m;
  }

  /** The tile a tuner configuration names; keys it leaves out keep the shape's defaults. */
  static TileConfig parse(MatrixPath path, MoeShape shape, Map<String, String> configuration) {
    TileConfig d = defaults(path, shape);
    for (String key : configuration.keySet()) {
      if (!d.asMap().containsKey(key)) {
        throw new UnsupportedProblemException(OpenClProvider.ID,
            "unknown tile parameter " + key + ": allowed are " + String.join(", ", d.asMap().keySet()));
      }
    }
    return new TileConfig(shape.blockM(), positive(configuration, TILE_N, d.tileN), positive(configuration, K_STEP, d.kStep),
        positive(configuration, WORK_GROUP, d.workGroupSize));
  }

  private static int positive(Map<String, String> configuration, String key, int fallback) {
    String text = configuration.get(key);
    if (text == null) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(text.trim());
      if (value > 0) {
        return value;
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    throw new UnsupportedProblemException(OpenClProvider.ID, "tile parameter " + key + "=" + text
        + " is not a positive integer (e.g. " + key + "=" + fallback + ")");
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
