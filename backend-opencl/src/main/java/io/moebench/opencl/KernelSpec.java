package io.moebench.opencl;

import io.moebench.core.model.GemmProblem;
import io.moebench.core.model.MoeShape;
import io.moebench.core.quant.Dtype;
import io.moebench.core.quant.WeightLayout;
import io.moebench.core.verify.PlantedBug;

/**
 * Everything one moe_gemm program is specialised for: the build options are derived from it, and so
 * is the binary cache key (with the source and the device).
 *
 * @param extraDefines further -D options, "" normally (tests add -DMOE_MMA_EMULATE)
 * @param plantedBug a deliberate bug compiled in (its MOE_BUG_* define), or null
 * @param tilesFastest whether the work-groups launch with the N tiles fastest (a 1-D grid, MOE_TILES_FASTEST)
 *     or the blocks fastest (grid x blocks, y N tiles); see {@link WorkGroupOrder}
 */
record KernelSpec(MatrixPath path, Dtype dtype, WeightLayout layout, boolean zeroPoints, MoeShape shape, int rowDivisor,
    TileConfig tile, String extraDefines, PlantedBug plantedBug, boolean tilesFastest) {

  static final String KERNEL_NAME = "moe_gemm";

  static KernelSpec of(MatrixPath path, GemmProblem problem, boolean zeroPoints, WeightLayout layout, TileConfig tile,
      String extraDefines, PlantedBug plantedBug, boolean tilesFastest) {
    MoeShape shape = problem.shape();
    return new KernelSpec(path, problem.activations().dtype(), layout, zeroPoints, shape,
        shape.rowDivisor(problem.routing().topK()), tile, extraDefines, plantedBug, tilesFastest);
  }

  /**
   * The launch's global work size for {@code groups} work-groups along the blocks (one per piece where the path
   * {@link MatrixPath#launchesPieces launches pieces}, else one per block): one dimension with the N tiles fastest,
   * else groups x N tiles.
   */
  long[] globalSize(int groups) {
    long tiles = shape.n() / tile.tileN();
    return tilesFastest ? new long[] {groups * tiles * tile.workGroupSize()}
        : new long[] {groups * tile.workGroupSize(), tiles};
  }

  long[] localSize() {
    return tilesFastest ? new long[] {tile.workGroupSize()} : new long[] {tile.workGroupSize(), 1};
  }

  /** The program's source: the path's kernel with its headers inlined. */
  String source() {
    return KernelSource.load(path.sourceFile());
  }

  /** The -D options, without -cl-std (offline compilers pass their own). */
  String defines() {
    StringBuilder s = new StringBuilder();
    s.append("-D").append(path.define());
    s.append(dtype == Dtype.BF16 ? " -DMOE_DTYPE_BF16" : " -DMOE_DTYPE_F16");
    s.append(layout == WeightLayout.EXLLAMA ? " -DMOE_LAYOUT_EXLLAMA" : " -DMOE_LAYOUT_GPTQ");
    if (zeroPoints) {
      s.append(" -DMOE_HAS_ZEROS");
    }
    s.append(" -DMOE_K=").append(shape.k()).append(" -DMOE_N=").append(shape.n());
    s.append(" -DMOE_GROUP_SIZE=").append(shape.groupSize()).append(" -DMOE_ROW_DIVISOR=").append(rowDivisor);
    s.append(' ').append(tile.defines());
    if (!extraDefines.isEmpty()) {
      s.append(' ').append(extraDefines);
    }
    if (tilesFastest) {
      s.append(" -DMOE_TILES_FASTEST");
    }
    if (plantedBug != null) {
      s.append(" -D").append(plantedBug.define());
    }
    return s.toString();
  }

  /**
   * What clBuildProgram gets; NVIDIA's assembler report (registers, spills) in the build log only
   * where the compiler takes the option (cl_nv_compiler_options): PoCL and clang refuse unknown options.
   */
  String buildOptions(boolean nvidiaCompilerOptions) {
    return path.languageOption() + " " + defines() + (nvidiaCompilerOptions ? " " + PtxasReport.VERBOSE_OPTION : "");
  }

  /** For BoundGemm.configuration(): the path and the tile, and a planted bug where there is one. */
  String describe() {
    return path.id() + " " + tile.describe() + (tilesFastest ? " tiles-fastest" : "") + " " + dtype + " " + layout
        + (zeroPoints ? " zp" : "") + (extraDefines.isEmpty() ? "" : " " + extraDefines)
        + (plantedBug == null ? "" : " " + PlantedBug.OPTION + "=" + plantedBug.id());
  }
}
