// W4A16 MoE grouped GEMM, portable path: local-memory tiles and fp32 FMA, no matrix units.
// It is what CPU devices (PoCL) run and the fallback on every GPU.
//
// A work-group takes one block of MOE_BLOCK_M sorted rows (one expert) and MOE_TILE_N columns.
// Per K step it gathers the block's A rows into local memory as floats, dequantises the expert's
// weights for the tile once into local memory, and each item accumulates a ROWS_PER_ITEM x
// MOE_COLS_PER_ITEM micro tile in registers. Items interleave their rows and columns (stride
// ROW_GROUPS / COL_GROUPS) so neighbouring items touch neighbouring local words and outputs.
#include "moe_common.h"
#include "moe_gather.h"
#include "moe_dequant.h"

#define COL_GROUPS (MOE_TILE_N / MOE_COLS_PER_ITEM)
#define ROW_GROUPS (MOE_WG_SIZE / COL_GROUPS)
#define ROWS_PER_ITEM (MOE_BLOCK_M / ROW_GROUPS)
#define W_PITCH (MOE_TILE_N + 1) // the pad moves each k row to another bank

#if ROW_GROUPS * COL_GROUPS != MOE_WG_SIZE || ROWS_PER_ITEM * ROW_GROUPS != MOE_BLOCK_M
#error "the work-group must tile MOE_BLOCK_M x MOE_TILE_N exactly"
#endif
#if MOE_K_STEP % 8 != 0 || MOE_K % MOE_K_STEP != 0
#error "MOE_K_STEP must be a multiple of 8 that divides MOE_K"
#endif

__kernel __attribute__((reqd_work_group_size(MOE_WG_SIZE, 1, 1)))
void moe_gemm(MOE_GEMM_ARGS) {
  MOE_BLOCK_PROLOGUE();
  const int row_group = lid / COL_GROUPS;
  const int col_group = lid % COL_GROUPS;

  __local int routed[MOE_BLOCK_M];
  __local float a_tile[MOE_K_STEP][MOE_BLOCK_M];
  __local float w_tile[MOE_K_STEP][W_PITCH];
  load_block_rows(sorted_ids, block, sentinel, routed, lid);

  float acc[ROWS_PER_ITEM][MOE_COLS_PER_ITEM];
  #pragma unroll
  for (int i = 0; i < ROWS_PER_ITEM; i++) {
    #pragma unroll
    for (int j = 0; j < MOE_COLS_PER_ITEM; j++) {
      acc[i][j] = 0.0f;
    }
  }

  for (int k0 = 0; k0 < MOE_K_END; k0 += MOE_K_STEP) {
    LOCAL_BARRIER(); // routed[] is visible; the previous step's tiles are consumed
    for (int idx = lid; idx < MOE_BLOCK_M * (MOE_K_STEP / 2); idx += MOE_WG_SIZE) {
      const int m = idx / (MOE_K_STEP / 2);
      const int kp = idx % (MOE_K_STEP / 2);
      const uint pair = gather_a_pair(a, routed[m], k0 + 2 * kp);
      a_tile[2 * kp][m] = TO_FLOAT(pair & 0xffffu);
      a_tile[2 * kp + 1][m] = TO_FLOAT(pair >> 16);
    }
    for (int idx = lid; idx < MOE_TILE_N * (MOE_K_STEP / 8); idx += MOE_WG_SIZE) {
      const int n = idx / (MOE_K_STEP / 8);
      const int j = idx % (MOE_K_STEP / 8);
      const int k = k0 + 8 * j;
      const int group = k / MOE_GROUP_SIZE; // an octet never straddles groups: G is a multiple of 8
      const uint octet = qweight[q_base + (size_t)(n0 + n) * (MOE_K / 8) + (size_t)(k / 8)];
      const float scale = group_scale(scales, s_base, n0 + n, group);
      const int z = zero_point(zeros, z_base, n0 + n, group);
      #pragma unroll
      for (int i = 0; i < 8; i++) {
        w_tile[8 * j + i][n] = (float)(octet_nibble(octet, i) - z) * scale;
      }
    }
    LOCAL_BARRIER();
    #pragma unroll
    for (int kk = 0; kk < MOE_K_STEP; kk++) {
      float av[ROWS_PER_ITEM];
      float wv[MOE_COLS_PER_ITEM];
      #pragma unroll
      for (int i = 0; i < ROWS_PER_ITEM; i++) {
        av[i] = a_tile[kk][row_group + i * ROW_GROUPS];
      }
      #pragma unroll
      for (int j = 0; j < MOE_COLS_PER_ITEM; j++) {
        wv[j] = w_tile[kk][col_group + j * COL_GROUPS];
      }
      #pragma unroll
      for (int i = 0; i < ROWS_PER_ITEM; i++) {
        #pragma unroll
        for (int j = 0; j < MOE_COLS_PER_ITEM; j++) {
          acc[i][j] += av[i] * wv[j];
        }
      }
    }
  }

  #pragma unroll
  for (int i = 0; i < ROWS_PER_ITEM; i++) {
    const int r = routed[row_group + i * ROW_GROUPS];
    #pragma unroll
    for (int j = 0; j < MOE_COLS_PER_ITEM; j++) {
      store_output(c, r, n0 + col_group + j * COL_GROUPS, acc[i][j]);
    }
  }
}
