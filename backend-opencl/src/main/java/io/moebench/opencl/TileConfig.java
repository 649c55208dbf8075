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
 * blockM * tileN / (workGroupSize * 4) rows; the gfx11 matrix path splits the tile over
 * workGroupSize / 32 warps of 16 rows each; the NVIDIA path (moe_gemm_nvidia.cl) takes a piece of up to
 * {@code blocks} blocks of one expert per work-group and splits its warps warpsM x warpsN x splitK (K slices).
 *
 * @param path the kernel the tile is for
 * @param blockM rows per block: the aligned layout's block_m, not a free choice
 * @param tileN output columns per work-group
 * @param kStep K values staged per step (the NVIDIA path: per packed weight load, always 128)
 * @param workGroupSize work-items per work-group
 * @param blocks the most blocks of one expert per work-group (NVIDIA path; 1 elsewhere)
 * @param splitK warps that share a tile and split its K chunks (NVIDIA path; 1 elsewhere)
 * @param warpsM warps along M (NVIDIA path; 1 elsewhere)
 */
record TileConfig(MatrixPath path, int blockM, int tileN, int kStep, int workGroupSize, int blocks, int splitK, int warpsM) {
  static final int DEFAULT_TILE_N = 64;
  static final int DEFAULT_WORK_GROUP = 128;
  /** The NVIDIA path's work-group: 8 warps keep enough weight loads in flight at small T. */
  static final int NVIDIA_DEFAULT_WORK_GROUP = 256;
  /** K per packed weight load of the NVIDIA path (moe_gemm_nvidia.cl's CHUNK; FragmentPacking's too). */
  static final int NVIDIA_K_STEP = FragmentPacking.CHUNK;
  /** Columns per item in the portable kernel (its COLS_PER_ITEM). */
  static final int PORTABLE_COLUMNS_PER_ITEM = 4;
  /** Accumulator rows per item the portable kernel allows, to stay in registers. */
  static final int PORTABLE_MAX_ROWS_PER_ITEM = 16;
  static final int WARP = 32;
  /** Accumulators per lane the NVIDIA path allows (fp32 registers). */
  static final int NVIDIA_MAX_ACCUMULATORS = 128;
  /** 16-byte activation copies per work-item and step the NVIDIA kernel allows (one bit each of a live mask). */
  static final int NVIDIA_MAX_ACTIVATION_COPIES = 32;
  /** Local memory every OpenCL GPU device offers a work-group (NVIDIA's limit). */
  static final int LOCAL_MEMORY_BYTES = 48 * 1024;
  /** The tuner's parameter names; blockM is the layout's, not tunable. */
  static final String TILE_N = "tileN";
  static final String K_STEP = "kStep";
  static final String WORK_GROUP = "workGroupSize";
  static final String BLOCKS = "blocks";
  static final String SPLIT_K = "splitK";
  static final String WARPS_M = "warpsM";
  private static final int[] TUNE_TILE_N = {32, 64, 128};
  /** The NVIDIA path also tries 16 columns: routings with few blocks need more work-groups. */
  private static final int[] TUNE_TILE_N_NVIDIA = {16, 32, 64, 128};
  private static final int[] TUNE_WORK_GROUP = {64, 128, 256};
  // Portable steps stay at 32 and below so block_m 128 tiles fit 48 KiB of local memory (a float per value).
  private static final int[] TUNE_K_STEP_MATRIX = {32, 64, 128};
  private static final int[] TUNE_K_STEP_PORTABLE = {8, 16, 32};
  private static final int[] TUNE_BLOCKS = {1, 2, 4};
  private static final int[] TUNE_SPLIT_K = {1, 2, 4};
  private static final int[] TUNE_WARPS_M = {1, 2};

  /** The default tile for a shape on a path. */
  static TileConfig defaults(MatrixPath path, MoeShape shape) {
    if (path == MatrixPath.NVIDIA_MMA) { // the widest K split that divides K with two activation stages, else with one
      TileConfig oneStage = null;
      TileConfig t = null;
      for (int splitK = 4; splitK >= 1; splitK /= 2) {
        t = new TileConfig(path, shape.blockM(), DEFAULT_TILE_N, NVIDIA_K_STEP, NVIDIA_DEFAULT_WORK_GROUP, 1, splitK, 1);
        if (t.unsupported(shape) != null) {
          continue;
        }
        if (t.activationBuffers() == 2) {
          return t;
        }
        oneStage = oneStage == null ? t : oneStage;
      }
      return oneStage != null ? oneStage : t; // nothing fits: split-K 1, which bind refuses with the reason
    }
    int[] steps = path.usesMatrixUnits() ? new int[] {64, 32, 16} : new int[] {32, 16, 8};
    int kStep = steps[steps.length - 1];
    for (int s : steps) {
      if (shape.k() % s == 0) {
        kStep = s;
        break;
      }
    }
    return new TileConfig(path, shape.blockM(), DEFAULT_TILE_N, kStep, DEFAULT_WORK_GROUP, 1, 1, 1);
  }

  /** The default and every tuning variant that tiles the shape on the path within maxWorkGroup items. */
  static List<TileConfig> candidates(MatrixPath path, MoeShape shape, long maxWorkGroup) {
    Set<TileConfig> tiles = new LinkedHashSet<>();
    TileConfig defaults = defaults(path, shape);
    if (defaults.workGroupSize() <= maxWorkGroup) {
      tiles.add(defaults);
    }
    for (int tileN : path == MatrixPath.NVIDIA_MMA ? TUNE_TILE_N_NVIDIA : TUNE_TILE_N) {
      for (int wg : TUNE_WORK_GROUP) {
        if (path == MatrixPath.NVIDIA_MMA) {
          for (int blocks : TUNE_BLOCKS) {
            for (int splitK : TUNE_SPLIT_K) {
              for (int warpsM : TUNE_WARPS_M) {
                TileConfig t = new TileConfig(path, shape.blockM(), tileN, NVIDIA_K_STEP, wg, blocks, splitK, warpsM);
                if (wg <= maxWorkGroup && t.unsupported(shape) == null && t.worthTuning()) {
                  tiles.add(t);
                }
              }
            }
          }
          continue;
        }
        for (int kStep : path.usesMatrixUnits() ? TUNE_K_STEP_MATRIX : TUNE_K_STEP_PORTABLE) {
          TileConfig t = new TileConfig(path, shape.blockM(), tileN, kStep, wg, 1, 1, 1);
          if (wg <= maxWorkGroup && t.unsupported(shape) == null) {
            tiles.add(t);
          }
        }
      }
    }
    return new ArrayList<>(tiles);
  }

  /**
   * Prunes the NVIDIA search to shapes that can win: at least two fragments per warp (one 16-byte
   * weight load per warp and chunk starves the memory system), split-K only for single-block tiles
   * (the small-T form), more than one warp along M only where the tile is tall.
   */
  private boolean worthTuning() {
    return fragments() >= 2 && (splitK == 1 || blocks == 1) && (warpsM == 1 || blocks >= 2);
  }

  /** The NVIDIA kernel's A_LOADS: 16-byte copies of a step's activation rows per work-item. */
  private int activationCopiesPerItem() {
    int quads = blockM * blocks * splitK * NVIDIA_K_STEP / 8;
    return (quads + workGroupSize - 1) / workGroupSize;
  }

  private int warps() {
    return workGroupSize / WARP;
  }

  private int warpsN() {
    return warps() / (splitK * warpsM);
  }

  /** 8-column fragments per warp on the NVIDIA path. */
  private int fragments() {
    int warpsN = warpsN();
    return warpsN == 0 ? 0 : tileN / (path.fragmentColumns() * warpsN);
  }

  /** The tuner's form: {tileN, kStep, workGroupSize}, on the NVIDIA path {tileN, workGroupSize, blocks, splitK, warpsM}. */
  Map<String, String> asMap() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(TILE_N, Integer.toString(tileN));
    if (path != MatrixPath.NVIDIA_MMA) {
      m.put(K_STEP, Integer.toString(kStep));
    }
    m.put(WORK_GROUP, Integer.toString(workGroupSize));
    if (path == MatrixPath.NVIDIA_MMA) {
      m.put(BLOCKS, Integer.toString(blocks));
      m.put(SPLIT_K, Integer.toString(splitK));
      m.put(WARPS_M, Integer.toString(warpsM));
    }
    return m;
  }

  /** The tile a tuner configuration names; keys it leaves out keep the shape's defaults. */
  static TileConfig parse(MatrixPath path, MoeShape shape, Map<String, String> configuration) {
    TileConfig d = defaults(path, shape);
    for (String key : configuration.keySet()) {
      if (!d.asMap().containsKey(key)) {
        throw new UnsupportedProblemException(OpenClProvider.ID, "unknown tile parameter " + key + " on the " + path.id()
            + " path: allowed are " + String.join(", ", d.asMap().keySet()));
      }
    }
    return new TileConfig(path, shape.blockM(), positive(configuration, TILE_N, d.tileN), positive(configuration, K_STEP, d.kStep),
        positive(configuration, WORK_GROUP, d.workGroupSize), positive(configuration, BLOCKS, d.blocks),
        positive(configuration, SPLIT_K, d.splitK), positive(configuration, WARPS_M, d.warpsM));
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

  /** Why this tile cannot run the shape on its path, or null when it can. */
  String unsupported(MoeShape shape) {
    if (shape.n() % tileN != 0) {
      return "N = " + shape.n() + " is not a multiple of the N tile " + tileN;
    }
    if (shape.k() % kStep != 0) {
      return "K = " + shape.k() + " is not a multiple of the K step " + kStep;
    }
    if (path == MatrixPath.NVIDIA_MMA) {
      return unsupportedOnNvidia(shape);
    }
    if (blocks != 1 || splitK != 1 || warpsM != 1) {
      return "blocks, splitK and warpsM other than 1 exist on the nvidia-mma path only";
    }
    if (path.usesMatrixUnits()) {
      int warps = warps();
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

  private String unsupportedOnNvidia(MoeShape shape) {
    int g = shape.groupSize();
    if (g % 16 != 0 || (NVIDIA_K_STEP % g != 0 && g % NVIDIA_K_STEP != 0)) {
      return "group size " + g + " must be a multiple of 16 that divides 128 or a multiple of 128 on the nvidia-mma path";
    }
    if (kStep != NVIDIA_K_STEP) {
      return "the K step is " + NVIDIA_K_STEP + " on the nvidia-mma path, not " + kStep;
    }
    if (shape.k() % (splitK * NVIDIA_K_STEP) != 0) {
      return "K = " + shape.k() + " is not a multiple of splitK " + splitK + " x " + NVIDIA_K_STEP;
    }
    int rows = blockM * blocks;
    if (workGroupSize % WARP != 0 || warps() % (splitK * warpsM) != 0 || rows % (16 * warpsM) != 0) {
      return "the " + warps() + " warps do not split into splitK " + splitK + " x warpsM " + warpsM
          + " with 16-row tiles of " + blocks + " x block_m " + blockM + " rows";
    }
    int fragments = fragments();
    if (fragments == 0 || tileN % (path.fragmentColumns() * warpsN()) != 0) {
      return "the N tile " + tileN + " does not split into 8-column fragments over " + warpsN() + " warps";
    }
    int accumulators = accumulatorsPerLane();
    if (accumulators > NVIDIA_MAX_ACCUMULATORS) {
      return accumulators + " accumulators per lane, over " + NVIDIA_MAX_ACCUMULATORS + " (smaller tileN or blocks)";
    }
    int copies = activationCopiesPerItem();
    if (copies > NVIDIA_MAX_ACTIVATION_COPIES) {
      return copies + " activation copies per work-item a step, over " + NVIDIA_MAX_ACTIVATION_COPIES
          + " (larger work-group, fewer blocks or splitK)";
    }
    int localBytes = nvidiaLocalBytes(1);
    if (localBytes > LOCAL_MEMORY_BYTES) {
      return "needs " + localBytes + " bytes of local memory, over " + LOCAL_MEMORY_BYTES;
    }
    return null;
  }

  /** moe_gemm_nvidia.cl's local memory with {@code buffers} activation stages (its STAGE_WORDS and routed rows). */
  private int nvidiaLocalBytes(int buffers) {
    int rows = blockM * blocks;
    int stageWords = Math.max(buffers * rows * (splitK * NVIDIA_K_STEP / 2 + 4),
        (splitK - 1) * warps() / splitK * WARP * accumulatorsPerLane());
    return 4 * (stageWords + rows);
  }

  /** fp32 accumulators per lane on the NVIDIA path: 16-row tiles per warp x 8-column fragments x 4 (moe_gemm_nvidia.cl's ACC). */
  private int accumulatorsPerLane() {
    return blockM * blocks / 16 / warpsM * fragments() * 4;
  }

  /**
   * Activation stages of the NVIDIA path (MOE_A_BUFFERS): two where they fit local memory, so the next
   * step's rows are copied while this one multiplies; else one, refilled after each step's multiplies.
   * Other paths ignore it (1).
   */
  int activationBuffers() {
    return path == MatrixPath.NVIDIA_MMA && nvidiaLocalBytes(2) <= LOCAL_MEMORY_BYTES ? 2 : 1;
  }

  /** The -D options of this tile. */
  String defines() {
    return "-DMOE_BLOCK_M=" + blockM + " -DMOE_TILE_N=" + tileN + " -DMOE_K_STEP=" + kStep + " -DMOE_WG_SIZE=" + workGroupSize
        + " -DMOE_COLS_PER_ITEM=" + PORTABLE_COLUMNS_PER_ITEM + " -DMOE_BLOCKS=" + blocks + " -DMOE_SPLIT_K=" + splitK
        + " -DMOE_WARPS_M=" + warpsM + " -DMOE_A_BUFFERS=" + activationBuffers();
  }

  String describe() {
    String base = "bm" + blockM + " n" + tileN + " k" + kStep + " wg" + workGroupSize;
    return path == MatrixPath.NVIDIA_MMA
        ? base + " blocks" + blocks + " splitK" + splitK + " warpsM" + warpsM + " stages" + activationBuffers() : base;
  }
}
