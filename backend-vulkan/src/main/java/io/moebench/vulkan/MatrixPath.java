package io.moebench.vulkan;

import io.moebench.core.InputException;
import java.util.Locale;

/** How the GEMM's inner products run. */
enum MatrixPath {
  /** Scalar fp32 fused multiply-adds: any Vulkan 1.3 device (lavapipe included). */
  PORTABLE("portable", "moe_gemm_portable.comp"),
  /** GL_KHR_cooperative_matrix (NVIDIA mma.sync, AMD RDNA3 WMMA). */
  COOPMAT("coopmat", "moe_gemm_coopmat.comp"),
  /**
   * The coopmat kernel with scalar stand-ins for its matrix operations (moe_matrix_ops.glsl): runs
   * and checks that kernel's tiling on devices without cooperative matrices, lavapipe included. Slow.
   */
  COOPMAT_EMULATED("coopmat-emulated", "moe_gemm_coopmat.comp");

  private final String id;
  private final String shader;

  MatrixPath(String id, String shader) {
    this.id = id;
    this.shader = shader;
  }

  String id() {
    return id;
  }

  /** The shader source under io/moebench/shaders/glsl/. */
  String shader() {
    return shader;
  }

  static MatrixPath parse(String text) {
    for (MatrixPath p : values()) {
      if (p.id.equals(text.trim().toLowerCase(Locale.ROOT))) {
        return p;
      }
    }
    throw new InputException("vulkan option path=" + text + ": allowed values are auto, portable, coopmat, coopmat-emulated");
  }

  @Override
  public String toString() {
    return id;
  }
}
