package io.moebench.vulkan;

import static org.lwjgl.vulkan.KHRShaderBfloat16.VK_COMPONENT_TYPE_BFLOAT16_KHR;

/**
 * One cooperative-matrix multiply the device lists (VkCooperativeMatrixPropertiesKHR) with subgroup
 * scope and fp32 accumulation.
 *
 * @param m rows of A and C
 * @param n columns of B and C
 * @param k columns of A, rows of B
 * @param inputType VkComponentTypeKHR of A and B (float16 or bfloat16)
 */
record CoopmatShape(int m, int n, int k, int inputType) {

  @Override
  public String toString() {
    return m + "x" + n + "x" + k + (inputType == VK_COMPONENT_TYPE_BFLOAT16_KHR ? " bf16" : " f16");
  }
}
