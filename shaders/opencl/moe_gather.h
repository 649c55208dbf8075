// The aligned layout (moe_align_block_size) as every moe_gemm kernel reads it: the kernel arguments,
// which expert a block belongs to, which routed row each of its MOE_BLOCK_M sorted positions holds,
// where that row's activations live, and where its output goes.
#ifndef MOE_GATHER_H
#define MOE_GATHER_H

#include "moe_common.h"

// A padding position of the block (the sentinel T*top_k, or anything past it).
#define NO_ROW (-1)

// The arguments of every moe_gemm kernel, in the order the host sets them (OpenClGemm.ARG_*).
#define MOE_GEMM_ARGS                                                                              \
  __global const uint* a,         /* activations [rows, K] as 16-bit pairs */                      \
  __global const uint* qweight,   /* experts [expert_begin, expert_end): [N, K/8] words each */    \
  __global const ushort* scales,  /* [N, K/G] each */                                              \
  __global const uchar* zeros,    /* [N/2, K/G] each; read only with MOE_HAS_ZEROS */              \
  __global const int* sorted_ids, /* the aligned layout */                                         \
  __global const int* expert_ids,                                                                  \
  const int num_tokens_post_padded,                                                                \
  const int sentinel,                                                                              \
  const int expert_begin,         /* the experts of this weight chunk */                           \
  const int expert_end,                                                                            \
  __global ushort* c              /* [T*top_k, N] */

// The block's expert counted from the chunk's first, or -1 when the block has no work: a block past
// the padded total (whose expert id is not read: the NVIDIA kernel looks one block past a piece that
// ends the layout), no expert (-1), or another chunk's expert.
inline int chunk_expert(__global const int* expert_ids, int block, int num_tokens_post_padded, int expert_begin,
                        int expert_end) {
  if (block * MOE_BLOCK_M >= num_tokens_post_padded) {
    return -1;
  }
  const int expert = expert_ids[block];
  if (expert < expert_begin || expert >= expert_end) {
    return -1;
  }
  return PLANTED_EXPERT(expert - expert_begin, expert_end - expert_begin);
}

// Fills routed[MOE_BLOCK_M] with the block's routed rows, NO_ROW for padding. Barrier before use.
inline void load_block_rows(__global const int* sorted_ids, int block, int sentinel, __local int* routed, int lid) {
  for (int m = lid; m < MOE_BLOCK_M; m += MOE_WG_SIZE) {
    int id = sorted_ids[block * MOE_BLOCK_M + m];
    routed[m] = PLANTED_BLOCK_ROW(m, (id >= 0 && id < sentinel) ? id : PLANTED_PADDING_ROW);
  }
}

// The A row of routed row t*top_k + j: the token t for gemm1 (divisor top_k), the routed row for gemm2 (1).
inline int activation_row(int routed) {
  return routed / MOE_ROW_DIVISOR;
}

// A[row of routed][k] and [k + 1] (k even) as raw 16-bit bits in one uint, low half = k; 0 for padding.
inline uint gather_a_pair(__global const uint* a, int routed, int k) {
  return routed == NO_ROW ? 0u : a[((size_t)activation_row(routed) * MOE_K + (size_t)k) >> 1];
}

// Output element C[routed][n], rounded to the dtype; nothing for padding.
inline void store_output(__global ushort* c, int routed, int n, float value) {
  if (routed != NO_ROW) {
    c[(size_t)routed * MOE_N + (size_t)n] = (ushort)FROM_FLOAT(value);
  }
}

// Work-group order (the host's WorkGroupOrder). MOE_TILES_FASTEST: a 1-D grid with the N tiles fastest,
// so the N tiles of one block (or of the NVIDIA kernel's piece of merged blocks) run side by side: their activation
// rows come from memory once and then from L2, as do the weights shared by an expert's consecutive blocks.
// Otherwise grid x is the block, y the N tile (on an H100, gemm2 at T = 4096 then read its activations
// once per N tile: about 800 MB from DRAM instead of about 300; docs/PERF.md, session 8).
#if defined(MOE_TILES_FASTEST)
#define TILES_N (MOE_N / MOE_TILE_N)
#define GROUP_BLOCK() (GROUP_ID_X() / TILES_N)
#define GROUP_TILE_N() (GROUP_ID_X() % TILES_N)
#else
#define GROUP_BLOCK() GROUP_ID_X()
#define GROUP_TILE_N() GROUP_ID_Y()
#endif

// The opening of every GEMM kernel: its block and N tile (GROUP_BLOCK, GROUP_TILE_N), the block's expert within
// this launch's weight chunk, that expert's weight/scale/zero offsets and the work-item's local id.
// Work-groups with nothing to do (no expert, another chunk's expert, past the padded total) leave
// at once, together, before any barrier.
#define MOE_BLOCK_PROLOGUE()                                                                              \
  const int block = GROUP_BLOCK();                                                                        \
  const int n0 = GROUP_TILE_N() * MOE_TILE_N;                                                             \
  const int local_expert = chunk_expert(expert_ids, block, num_tokens_post_padded, expert_begin, expert_end); \
  if (local_expert < 0) {                                                                                 \
    return;                                                                                               \
  }                                                                                                       \
  const size_t q_base = qweight_base(local_expert);                                                       \
  const size_t s_base = scale_base(local_expert);                                                         \
  const size_t z_base = zero_base(local_expert);                                                          \
  const int lid = LOCAL_ID()

#endif
