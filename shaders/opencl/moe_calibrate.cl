// moe_peak: the matrix path's arithmetic ceiling, for `moe-bench calibrate`. Each work-item (each warp
// on the matrix paths) runs MOE_CAL_ITERS rounds over MOE_CAL_CHAINS independent accumulators with
// operands held in registers, so nothing but the multiply-adds limits it; the sums go to out[] only so
// the compiler keeps the work. The host computes the flop count from the same two numbers.
// Options: one of -DMOE_PATH_PORTABLE / -DMOE_PATH_NVIDIA_MMA / -DMOE_PATH_GFX11_WMMA, one of
// -DMOE_DTYPE_BF16 / -DMOE_DTYPE_F16, MOE_CAL_ITERS, MOE_CAL_CHAINS, MOE_WG_SIZE. seed is 1: a value the compiler
// cannot see, so it cannot fold the loop.
// Headers are inlined once, where first named (KernelSource), so shared ones come before any #if.
#include "moe_common.h"

#if defined(MOE_PATH_PORTABLE)

__kernel __attribute__((reqd_work_group_size(MOE_WG_SIZE, 1, 1)))
void moe_peak(__global float* out, uint seed) {
  const float m = 1.0f - (float)seed * 1e-7f;
  float acc[MOE_CAL_CHAINS];
  for (int c = 0; c < MOE_CAL_CHAINS; c++) {
    acc[c] = (float)(LOCAL_ID() + c);
  }
  for (int i = 0; i < MOE_CAL_ITERS; i++) {
#pragma unroll
    for (int c = 0; c < MOE_CAL_CHAINS; c++) {
      acc[c] = fma(acc[c], m, 1e-3f);
    }
  }
  float sum = 0.0f;
  for (int c = 0; c < MOE_CAL_CHAINS; c++) {
    sum += acc[c];
  }
  out[GROUP_ID_X() * MOE_WG_SIZE + LOCAL_ID()] = sum;
}

#else
// The path headers' fragment loads refer to a GEMM's sizes and staging strides; these stand-ins only
// let them compile (moe_peak loads no fragments from memory).
#define MOE_K 16
#define MOE_N 16
#define MOE_GROUP_SIZE 16
#define MOE_LAYOUT_GPTQ
#define A_STRIDE 8
#define W_STRIDE 2
#include "moe_dequant.h"
#if defined(MOE_PATH_NVIDIA_MMA)
#include "moe_mma_nvidia.h"
#elif defined(MOE_PATH_GFX11_WMMA)
#include "moe_mma_gfx11.h"
#else
#error "define MOE_PATH_PORTABLE, MOE_PATH_NVIDIA_MMA or MOE_PATH_GFX11_WMMA"
#endif

__kernel __attribute__((reqd_work_group_size(MOE_WG_SIZE, 1, 1)))
void moe_peak(__global float* out, uint seed) {
  const a_frag_t a = (a_frag_t)(ONE_PAIR * seed);
  const b_frag_t b = (b_frag_t)(ONE_PAIR * seed);
  float d[MOE_CAL_CHAINS][ACC_N];
  for (int c = 0; c < MOE_CAL_CHAINS; c++) {
    for (int e = 0; e < ACC_N; e++) {
      d[c][e] = 0.0f;
    }
  }
  for (int i = 0; i < MOE_CAL_ITERS; i++) {
#pragma unroll
    for (int c = 0; c < MOE_CAL_CHAINS; c++) {
      frag_mma(d[c], a, b);
    }
  }
  float sum = 0.0f;
  for (int c = 0; c < MOE_CAL_CHAINS; c++) {
    for (int e = 0; e < ACC_N; e++) {
      sum += d[c][e];
    }
  }
  out[GROUP_ID_X() * MOE_WG_SIZE + LOCAL_ID()] = sum;
}
#endif
