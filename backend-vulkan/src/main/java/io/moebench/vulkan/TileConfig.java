package io.moebench.vulkan;

import io.moebench.core.quant.Dtype;
import io.moebench.core.quant.FragmentLayout;
import java.util.Set;

/**
 * The tile parameters of one GEMM pipeline, passed to the shader as specialization constants (the
 * ids of moe_common.glsl first, then the path's own). A tuner can build others than
 * {@link #defaults}; the compact constructors refuse inconsistent ones and {@link #unfit} says
 * whether a device can run one.
 */
sealed interface TileConfig permits TileConfig.Portable, TileConfig.Coopmat {
  /** block_m values the backend runs (both paths: rows per thread / 16-row matrix tiles divide them). */
  Set<Integer> BLOCK_SIZES = Set.of(16, 32, 64, 128);
  /** K must be a multiple of this: the smallest main-loop step (one uvec4 of int4 per row). */
  int K_STEP = 32;

  MatrixPath path();

  int blockM();

  /** Output columns per workgroup: N must be a multiple of it. */
  int bn();

  /** At most this many blocks of one expert per workgroup (R, a piece of its run): they share each weight tile. */
  int blocks();

  /** Rows of the workgroup's M tile. */
  default int tileM() {
    return blocks() * blockM();
  }

  int bk();

  /**
   * Workgroups along z that each take one of this many equal parts of K and write fp32 partial sums,
   * added into C by a second pass (moe_splitk_reduce.comp); 1: the GEMM writes C.
   */
  default int splitK() {
    return 1;
  }

  int workgroupSize();

  /** The subgroup size the pipeline requires (VK_EXT_subgroup_size_control), 0 for the driver's choice. */
  int requiredSubgroupSize();

  /** Specialization constants 0.. for a problem of group size {@code groupSize}. */
  int[] specialization(int groupSize);

  long sharedMemoryBytes();

  /** One line recorded with every result. */
  String describe();

  /** Why a problem of group size {@code groupSize} cannot run on this configuration, or null. */
  default String unsupported(int groupSize) {
    return null;
  }

  /** Why the device cannot run this configuration, or null. */
  default String unfit(PhysicalDeviceInfo device) {
    if (sharedMemoryBytes() > device.maxSharedMemory) {
      return describe() + " needs " + sharedMemoryBytes() + " bytes of shared memory, the device has "
          + device.maxSharedMemory;
    }
    if (workgroupSize() > device.maxWorkGroupInvocations) {
      return describe() + " needs " + workgroupSize() + " invocations per workgroup, the device allows "
          + device.maxWorkGroupInvocations;
    }
    return null;
  }

  /**
   * The configuration the backend uses for a path, block size and K, with up to {@code blocks}
   * blocks per workgroup (halved until the tiles fit) and, on the coopmat path, K split over up to
   * {@code splitK} workgroups (halved until the parts are whole steps). The coopmat kernel takes 64 K
   * per step where K allows: each weight row then loads 32 contiguous bytes (a full sector) per step.
   * {@code fragments}: the device's B fragment layout for the dtype (null where unknown), which
   * direct-load variants of the coopmat tiles need.
   */
  static TileConfig defaults(MatrixPath path, int blockM, int k, int blocks, int splitK, PathPlan plan, Dtype dtype,
      FragmentLayout fragments, PhysicalDeviceInfo device) {
    TileConfig c = withBlocks(path, blockM, k, blocks, splitK, plan, dtype, fragments, device);
    while (c.blocks() > 1 && c.sharedMemoryBytes() > device.maxSharedMemory) {
      c = withBlocks(path, blockM, k, c.blocks() / 2, splitK, plan, dtype, fragments, device);
    }
    return c;
  }

  /** The default tiles with {@code blocks} blocks per workgroup, BN halved until they fit if it can be. */
  private static TileConfig withBlocks(MatrixPath path, int blockM, int k, int blocks, int splitK, PathPlan plan,
      Dtype dtype, FragmentLayout fragments, PhysicalDeviceInfo device) {
    if (path == MatrixPath.PORTABLE) {
      return new Portable(blockM, 64, K_STEP, 4, 64, blocks);
    }
    CoopmatShape shape = plan.coopmat().get(dtype);
    int bk = k % (2 * K_STEP) == 0 ? 2 * K_STEP : K_STEP;
    int sgM = Math.max(1, Math.min(4, blockM / 32));
    int sgN = 4 / sgM;
    int split = splitK;
    while (split > 1 && k % (split * bk) != 0) {
      split /= 2;
    }
    Coopmat c = new Coopmat(path, blockM, 128, bk, sgM, sgN, plan.subgroupSize(), shape, blocks, 1, fragments, false,
        split);
    // halve BN until the tiles fit the device's shared memory (48 KiB on NVIDIA, 32 KiB on lavapipe)
    while (c.sharedMemoryBytes() > device.maxSharedMemory && c.bn() / 2 >= sgN * shape.n()) {
      c = new Coopmat(path, blockM, c.bn() / 2, bk, sgM, sgN, plan.subgroupSize(), shape, blocks, 1, fragments, false,
          split);
    }
    return c;
  }

  /**
   * Scalar path: each of {@code workgroupSize} invocations owns {@code tn} columns (in pairs) of
   * some of the block's rows.
   */
  record Portable(int blockM, int bn, int bk, int tn, int workgroupSize, int blocks) implements TileConfig {
    public Portable {
      require(bk % 32 == 0 && tn % 2 == 0 && bn % tn == 0 && workgroupSize % (bn / tn) == 0 && blocks >= 1,
          "portable tiles need BK % 32 == 0, even TN dividing BN, (BN / TN) dividing the workgroup and R >= 1");
    }

    @Override
    public MatrixPath path() {
      return MatrixPath.PORTABLE;
    }

    @Override
    public int requiredSubgroupSize() {
      return 0;
    }

    @Override
    public int[] specialization(int groupSize) {
      return new int[] {workgroupSize, blockM, bn, bk, groupSize, blocks, tn};
    }

    @Override
    public long sharedMemoryBytes() {
      return 4L * tileM() * bk + 4L * bk * bn + 8L * tileM();
    }

    @Override
    public String describe() {
      return "portable fp32, workgroup " + workgroupSize + ", block_m " + blockM + ", R " + blocks + ", BN " + bn + ", BK "
          + bk + ", TN " + tn;
    }
  }

  /**
   * Cooperative matrices (or their emulation): sgM x sgN subgroups of {@code subgroupSize}
   * invocations, each owning (blocks * blockM / sgM / m) x (bn / sgN / n) accumulators of the
   * device's m x n x k shape; {@code depth} K steps of global loads (1 or 2) in flight. With
   * {@code direct}, weights go from memory straight into each invocation's B fragments (packed in
   * the device's {@code fragments} layout) instead of through shared memory; {@code splitK} as
   * {@link TileConfig#splitK}.
   */
  record Coopmat(MatrixPath path, int blockM, int bn, int bk, int sgM, int sgN, int subgroupSize, CoopmatShape shape,
      int blocks, int depth, FragmentLayout fragments, boolean direct, int splitK) implements TileConfig {
    public Coopmat {
      require(path != MatrixPath.PORTABLE && shape != null && subgroupSize > 0 && blocks >= 1,
          "coopmat tiles need a coopmat path, a matrix shape, a subgroup size and R >= 1");
      require(depth == 1 || depth == 2, "coopmat tiles keep 1 or 2 K steps of loads in flight");
      require(splitK >= 1 && Integer.bitCount(splitK) == 1, "coopmat tiles split K into a power of two of parts");
      require(blockM % (sgM * shape.m()) == 0 && bn % (sgN * shape.n()) == 0 && bk % 32 == 0 && bk % shape.k() == 0,
          "coopmat tiles need block_m % (SG_M * M) == 0, BN % (SG_N * N) == 0, BK a multiple of 32 and of K");
      require(!direct || fragments != null && fragments.unusable() == null,
          "direct weight loads need the device's B fragment layout: " + (fragments == null ? "unknown" : fragments));
      if (direct) {
        require(bk % fragments.chunkK() == 0, "direct weight loads need BK a multiple of " + fragments.chunkK());
      }
    }

    @Override
    public String unsupported(int groupSize) {
      return direct && groupSize % bk != 0 ? describe() + ": direct weight loads need G " + groupSize
          + " to be a multiple of BK" : null;
    }

    @Override
    public int workgroupSize() {
      return sgM * sgN * subgroupSize;
    }

    @Override
    public int requiredSubgroupSize() {
      return subgroupSize;
    }

    @Override
    public int[] specialization(int groupSize) {
      return new int[] {workgroupSize(), blockM, bn, bk, groupSize, blocks, sgM, sgN, shape.m(), shape.n(), shape.k(),
          depth, direct ? 1 : 0, direct ? fragments.length() : 8, direct ? fragments.runs() : 1,
          direct ? fragments.loadLanes() : subgroupSize, splitK};
    }

    /**
     * A (all R blocks) and staged B tiles as 16-bit floats with 8 elements of padding per row, C
     * (one block) as fp32 with 4, row ids; with direct loads a one-element B tile, and on the
     * emulation an fp32 B fragment per subgroup (one float without direct loads).
     */
    @Override
    public long sharedMemoryBytes() {
      long b = direct ? 16 : 2L * bn * (bk + 8);
      long scratch = path != MatrixPath.COOPMAT_EMULATED ? 0 : direct ? 4L * sgM * sgN * shape.k() * shape.n() : 4;
      return 2L * tileM() * (bk + 8) + b + scratch + 4L * blockM * (bn + 4) + 8L * tileM();
    }

    /** Cooperative-matrix multiplies per subgroup per main-loop step when the piece has R blocks. */
    public int multipliesPerStep() {
      return tileM() / (sgM * shape.m()) * (bn / (sgN * shape.n())) * (bk / shape.k());
    }

    @Override
    public String describe() {
      return path + " " + shape + ", subgroup " + subgroupSize + ", workgroup " + workgroupSize() + " (" + sgM + "x" + sgN
          + " subgroups), block_m " + blockM + ", R " + blocks + ", BN " + bn + ", BK " + bk + ", depth " + depth
          + (direct ? ", direct B loads" : "") + (splitK > 1 ? ", split-K " + splitK : "");
    }
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}
