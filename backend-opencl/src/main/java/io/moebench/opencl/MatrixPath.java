package io.moebench.opencl;

import io.moebench.core.InputException;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The kernel variant that does the matrix arithmetic; chosen from the device, or by option path=. */
enum MatrixPath {
  /** Local-memory tiles and fp32 FMA: any OpenCL 1.2 device (PoCL runs this). */
  PORTABLE("portable", "moe_gemm_portable.cl", "MOE_PATH_PORTABLE", "CL1.2"),
  /** PTX mma.sync m16n8k16 through inline assembly, weights re-packed: NVIDIA, compute capability 8.0 and later. */
  NVIDIA_MMA("nvidia-mma", "moe_gemm_nvidia.cl", "MOE_PATH_NVIDIA_MMA", "CL1.2"),
  /** v_wmma 16x16x16 through clang builtins: AMD RDNA3 / RDNA3.5 (gfx11) on AMD's OpenCL runtime, wave32. */
  GFX11_WMMA("gfx11-wmma", "moe_gemm_mma.cl", "MOE_PATH_GFX11_WMMA", "CL2.0");

  private static final Pattern GFX11 = Pattern.compile("gfx11[0-9a-f]{2}\\b.*");

  private final String id;
  private final String sourceFile;
  private final String define;
  private final String clStd;

  MatrixPath(String id, String sourceFile, String define, String clStd) {
    this.id = id;
    this.sourceFile = sourceFile;
    this.define = define;
    this.clStd = clStd;
  }

  String id() {
    return id;
  }

  /**
   * Whether the kernel takes a piece of one expert's run of blocks per work-group (the NVIDIA kernel's merged
   * blocks; AlignedLayout.runPieces) rather than one block: its launch gets the pieces' first blocks where a tile
   * merges more than one block (at one, each work block is its own piece).
   */
  boolean launchesPieces() {
    return this == NVIDIA_MMA;
  }

  /** The kernel file under shaders/opencl. */
  String sourceFile() {
    return sourceFile;
  }

  /** The -D macro that selects this path in the kernel source. */
  String define() {
    return define;
  }

  /** The -cl-std= value the kernels are built with. */
  String clStd() {
    return clStd;
  }

  /** The build option of that version, which every program of the path gets. */
  String languageOption() {
    return "-cl-std=" + clStd;
  }

  boolean usesMatrixUnits() {
    return this != PORTABLE;
  }

  /** Columns of one matrix-unit fragment (the portable path has none: 1). */
  int fragmentColumns() {
    switch (this) {
      case NVIDIA_MMA:
        return 8;
      case GFX11_WMMA:
        return 16;
      default:
        return 1;
    }
  }

  /** The best path this device runs. */
  static MatrixPath detect(ClDeviceFacts device) {
    if (device.gpu() && device.computeCapability() >= 80) {
      return NVIDIA_MMA;
    }
    // Only AMD's own runtime compiles the amdgcn builtins; Mesa's rusticl on the same card does not.
    if (device.gpu() && device.platformName().startsWith("AMD Accelerated Parallel Processing")
        && GFX11.matcher(device.name()).matches()) {
      return GFX11_WMMA;
    }
    return PORTABLE;
  }

  static MatrixPath parse(String text) {
    for (MatrixPath p : values()) {
      if (p.id.equals(text.trim().toLowerCase(Locale.ROOT))) {
        return p;
      }
    }
    throw new InputException("unknown opencl option path=" + text + ": allowed values are " + allowed());
  }

  static String allowed() {
    return Arrays.stream(values()).map(MatrixPath::id).collect(Collectors.joining(", "));
  }
}
