// W4A16 MoE grouped GEMM on AMD RDNA3 / RDNA3.5 matrix units (-DMOE_PATH_GFX11_WMMA: v_wmma
// 16x16x16, wave32). The path header gives the fragment shapes, loads and the multiply. (NVIDIA GPUs
// run moe_gemm_nvidia.cl, which streams re-packed weights straight into registers.)
//
// A work-group takes one block of MOE_BLOCK_M sorted rows (one expert) and MOE_TILE_N columns; its
// warps split that into 16-row x WARP_N tiles. Per K step the group copies the block's gathered A
// rows (raw 16-bit) and the expert's packed int4 words into local memory; warps dequantise weight
// fragments in registers to exact q - z values and accumulate one scale group in fp32 (part), then
// fold part * scale into acc, so the scale is applied in fp32 as the oracle does.
#include "moe_common.h"
#include "moe_gather.h"
#include "moe_dequant.h"

#define WARP_SIZE 32
#define WARPS (MOE_WG_SIZE / WARP_SIZE)
#define WARPS_M (MOE_BLOCK_M / 16)
#define WARPS_N (WARPS / WARPS_M)
#define WARP_N (MOE_TILE_N / WARPS_N)
#define A_STRIDE (MOE_K_STEP / 2 + 4) // words per staged A row; the pad spreads rows over banks
#define W_STRIDE (MOE_K_STEP / 8 + 1) // words per staged weight column

#if defined(MOE_PATH_GFX11_WMMA)
#include "moe_mma_gfx11.h"
#else
#error "define MOE_PATH_GFX11_WMMA"
#endif

#define FRAGS (WARP_N / FRAG_N)

#include "moe_mma_select.h"

#if MOE_WG_SIZE % WARP_SIZE != 0 || MOE_BLOCK_M % 16 != 0 || WARPS % WARPS_M != 0 || WARP_N % FRAG_N != 0
#error "the warps must tile MOE_BLOCK_M x MOE_TILE_N in 16 x FRAG_N fragments"
#endif
#if MOE_K_STEP % 16 != 0 || MOE_K % MOE_K_STEP != 0 || MOE_GROUP_SIZE % 16 != 0
#error "MOE_K_STEP and MOE_GROUP_SIZE must be multiples of 16, MOE_K_STEP must divide MOE_K"
#endif

__kernel __attribute__((reqd_work_group_size(MOE_WG_SIZE, 1, 1)))
void moe_gemm(MOE_GEMM_ARGS) {
  MOE_BLOCK_PROLOGUE();
  const int lane = lid % WARP_SIZE;
  const int warp = lid / WARP_SIZE;
  const int m_base = (warp % WARPS_M) * 16;
  const int n_warp = (warp / WARPS_M) * WARP_N; // first column of this warp within the tile

  __local int routed[MOE_BLOCK_M];
  __local uint a_tile[MOE_BLOCK_M * A_STRIDE];
  __local uint w_tile[MOE_TILE_N * W_STRIDE];
  MMA_SCRATCH
  load_block_rows(sorted_ids, block, sentinel, routed, lid);

  float acc[FRAGS][ACC_N];
  float part[FRAGS][ACC_N];
  int zero[FRAGS];
  #pragma unroll
  for (int f = 0; f < FRAGS; f++) {
    zero[f] = 8;
    #pragma unroll
    for (int e = 0; e < ACC_N; e++) {
      acc[f][e] = 0.0f;
      part[f][e] = 0.0f;
    }
  }

  for (int k0 = 0; k0 < MOE_K_END; k0 += MOE_K_STEP) {
    LOCAL_BARRIER(); // routed[] is visible; the previous step's tiles are consumed
    for (int idx = lid; idx < MOE_BLOCK_M * (MOE_K_STEP / 2); idx += MOE_WG_SIZE) {
      const int m = idx / (MOE_K_STEP / 2);
      const int kp = idx % (MOE_K_STEP / 2);
      a_tile[m * A_STRIDE + kp] = gather_a_pair(a, routed[m], k0 + 2 * kp);
    }
    for (int idx = lid; idx < MOE_TILE_N * (MOE_K_STEP / 8); idx += MOE_WG_SIZE) {
      const int n = idx / (MOE_K_STEP / 8);
      const int j = idx % (MOE_K_STEP / 8);
      w_tile[n * W_STRIDE + j] = qweight[q_base + (size_t)(n0 + n) * (MOE_K / 8) + (size_t)(k0 / 8 + j)];
    }
    LOCAL_BARRIER();
    #pragma unroll
    for (int kk = 0; kk < MOE_K_STEP; kk += 16) {
      const int k = k0 + kk;
      const int group = k / MOE_GROUP_SIZE;
#if defined(MOE_HAS_ZEROS)
      if (k % MOE_GROUP_SIZE == 0) {
        #pragma unroll
        for (int f = 0; f < FRAGS; f++) {
          zero[f] = zero_point(zeros, z_base, n0 + n_warp + f * FRAG_N + B_COL(lane), group);
        }
      }
#endif
      const a_frag_t af = load_a_frag(a_tile, m_base, kk, lane);
      #pragma unroll
      for (int f = 0; f < FRAGS; f++) {
        const b_frag_t bf = load_b_frag(w_tile, n_warp + f * FRAG_N + B_COL(lane), kk, lane, zero[f]);
        FRAG_MMA(part[f], af, bf);
      }
      if ((k + 16) % MOE_GROUP_SIZE == 0) { // the group is complete: scale it in fp32
        #pragma unroll
        for (int f = 0; f < FRAGS; f++) {
          #pragma unroll
          for (int e = 0; e < ACC_N; e++) {
            const int n = n0 + n_warp + f * FRAG_N + ACC_COL(lane, e);
            acc[f][e] += part[f][e] * group_scale(scales, s_base, n, group);
            part[f][e] = 0.0f;
          }
        }
      }
    }
  }

  #pragma unroll
  for (int f = 0; f < FRAGS; f++) {
    #pragma unroll
    for (int e = 0; e < ACC_N; e++) {
      store_output(c, routed[m_base + ACC_ROW(lane, e)], n0 + n_warp + f * FRAG_N + ACC_COL(lane, e), acc[f][e]);
    }
  }
}
