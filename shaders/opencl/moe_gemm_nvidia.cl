// W4A16 MoE grouped GEMM for NVIDIA GPUs (compute capability 8.0+): PTX mma.sync m16n8k16 through
// inline assembly, int4 weights streamed from memory straight into the registers that feed it.
//
// Weights arrive pre-packed (OpenClWeights, FragmentPacking.java): per expert, 8-column fragment f and
// 128-k chunk c, 512 contiguous bytes hold one uint4 per lane with exactly the 32 int4 values its B
// fragments need for the chunk's eight k16 steps; scales (and zero points, one byte each) are packed
// as [fragment][group][8 columns]. A warp so reads its weights with one coalesced 16-byte load per lane
// and fragment, a chunk ahead of the math, and dequantises them in registers: nibble | magic is
// magic + q as a 16-bit float (magic 128 in bf16, 1024 in f16), one fma subtracts magic + z exactly,
// one more multiplies by the group scale (rounded once, as a 16-bit operand must be).
//
// A work-group takes a piece of one expert's run of blocks (up to MOE_BLOCKS of them, cut from the run's
// start: AlignedLayout.runPieces, whose starts the host passes; at MOE_BLOCKS 1, each work block) and
// MOE_TILE_N columns: the piece's blocks share every weight load (large T) in one pass over K. (Work-groups
// of MOE_BLOCKS consecutive blocks made two passes wherever two experts met in them: 1.73x the instructions
// of an even routing at uniform T = 1536 with blocks 2 on an H100, issue 6 session 11.)
// Warps split the tile WARPS_M x WARPS_N and K into MOE_SPLIT_K interleaved chunk slices, whose
// partial sums meet in local memory at the end (small T: more weight loads in flight per tile).
// The tile's activation rows are staged in local memory one step (MOE_SPLIT_K chunks) at a time by
// asynchronous copies (cp.async: no registers, no shared stores), into MOE_A_BUFFERS buffers: with two,
// the next step's copy flies while this step multiplies, one barrier a step; warps read their A
// fragments with ldmatrix. Each item's source rows are resolved once per work-group, not per step.
#include "moe_common.h"
#include "moe_gather.h"
#include "moe_dequant.h"
#include "moe_mma_nvidia.h"

#define CHUNK 128 // k per packed weight load
#define WARP_SIZE 32
#define WARPS (MOE_WG_SIZE / WARP_SIZE)
#define WARPS_MN (WARPS / MOE_SPLIT_K)
#define WARPS_N (WARPS_MN / MOE_WARPS_M)
#define M_TILE (MOE_BLOCK_M * MOE_BLOCKS)
#define MT (M_TILE / 16 / MOE_WARPS_M)         // 16-row tiles per warp
#define FRAGS (MOE_TILE_N / FRAG_N / WARPS_N) // 8-column fragments per warp
#define SPAN (MOE_SPLIT_K * CHUNK)            // k staged per step
#define STEPS (MOE_K / SPAN)
#define CHUNKS (MOE_K / CHUNK)
#define ROW_WORDS (SPAN / 2 + 4) // staged row stride: the pad puts an ldmatrix's 8 rows x 4 words on 32 banks
#define A_QUADS (M_TILE * (SPAN / 8))
#define A_LOADS ((A_QUADS + MOE_WG_SIZE - 1) / MOE_WG_SIZE)
#define ACC (MT * FRAGS * ACC_N)
#define A_WORDS (M_TILE * ROW_WORDS) // one buffer; a multiple of 4 words, so each buffer is 16-byte aligned
#define REDUCE_WORDS ((MOE_SPLIT_K - 1) * WARPS_MN * WARP_SIZE * ACC)
#define STAGE_WORDS (MOE_A_BUFFERS * A_WORDS > REDUCE_WORDS ? MOE_A_BUFFERS * A_WORDS : REDUCE_WORDS)
#define OUT_ROW_WORDS (MOE_TILE_N / 2 + 4) // output tile row stride: the pad spreads a fragment's rows over banks
// Scale groups met inside one chunk (group sizes divide 128 or are multiples of it).
#define CHUNK_GROUPS (MOE_GROUP_SIZE < CHUNK ? CHUNK / MOE_GROUP_SIZE : 1)
#define STEP_GROUP(s) (MOE_GROUP_SIZE < CHUNK ? (s) * 16 / MOE_GROUP_SIZE : 0)
// K loops specialised by the 16-row M tiles that hold the piece's rows (with warps side by side along N only,
// each warp's M tiles are the piece's rows in order: the same count in every warp, as the emulated multiply's
// barriers need): at blocks 2 a piece of one block or two (1.04x-1.10x where pieces are ragged on an H100;
// blocks 4's 254-register loop was 0.91x slower on full pieces with four copies, issue 6 session 15); at
// blocks 1 a block of at most 16 rows (every block at small T, the last of most experts' runs) or a fuller one
// (1.04x-1.11x at T 16-256 on an H100, issue 6 session 18).
#if MOE_WARPS_M == 1 && MOE_BLOCKS == 2
#define LOOP_VARIANTS 2
#define VARIANT_TILES(v) ((v) * (MOE_BLOCK_M / 16))
#elif MOE_WARPS_M == 1 && MOE_BLOCKS == 1 && MT > 1
#define LOOP_VARIANTS 2
#define VARIANT_TILES(v) ((v) == 1 ? 1 : MT)
#else
#define LOOP_VARIANTS 1
#define VARIANT_TILES(v) MT
#endif

#if MOE_K_STEP != CHUNK || MOE_K % SPAN != 0 || MOE_N % 8 != 0
#error "MOE_K_STEP must be 128 and MOE_K a multiple of MOE_SPLIT_K * 128"
#endif
#if WARPS % (MOE_SPLIT_K * MOE_WARPS_M) != 0 || M_TILE % (16 * MOE_WARPS_M) != 0 || MOE_TILE_N % (FRAG_N * WARPS_N) != 0
#error "the warps must tile MOE_BLOCKS * MOE_BLOCK_M x MOE_TILE_N in 16 x 8 fragments"
#endif
#if OUT_ROW_WORDS > ROW_WORDS || MOE_TILE_N % 16 != 0
#error "the output tile must fit the stage: MOE_TILE_N a multiple of 16, at most 128"
#endif
#if A_LOADS > 32
#error "at most 32 activation copies per work-item a step (one bit each of the live mask)"
#endif
#if MOE_A_BUFFERS != 1 && MOE_A_BUFFERS != 2
#error "MOE_A_BUFFERS must be 1 or 2"
#endif
#if MOE_GROUP_SIZE % 16 != 0 || (CHUNK % MOE_GROUP_SIZE != 0 && MOE_GROUP_SIZE % CHUNK != 0)
#error "MOE_GROUP_SIZE must be a multiple of 16 that divides 128 or a multiple of 128"
#endif

#include "moe_mma_select.h"

#if defined(MOE_DTYPE_BF16)
#define MAGIC_PAIR 0x43004300u // 128.0 in both halves: | q gives 128 + q
#define MAGIC_VALUE 128
#define HALF2 "bf16x2"
#else
#define MAGIC_PAIR 0x64006400u // 1024.0 in f16
#define MAGIC_VALUE 1024
#define HALF2 "f16x2"
#endif
#define NEG_ZERO_PAIR 0x80008000u

inline uint both_halves(uint bits) {
  return bits | (bits << 16);
}

// -(magic + z) as a 16-bit float in both halves: exact for z in 0..15.
inline uint zero_bias(int z) {
  return both_halves(FROM_FLOAT(-(float)(MAGIC_VALUE + z)));
}

// Nibbles p and p + 4 of a packed word as two 16-bit weights (q - z) * scale.
inline uint dequant_pair(uint word, int p, uint bias, uint scale) {
  const uint x = mask_or(PLANTED_WEIGHT_WORD(word) >> (4 * p), 0x000f000fu, MAGIC_PAIR);
#if defined(MOE_MMA_EMULATE)
  const float s = TO_FLOAT(scale & 0xffffu);
  const float b = TO_FLOAT(bias & 0xffffu);
  const uint lo = FROM_FLOAT((TO_FLOAT(x & 0xffffu) + b) * s);
  const uint hi = FROM_FLOAT((TO_FLOAT(x >> 16) + b) * s);
  return lo | (hi << 16);
#else
  uint centred;
  uint scaled;
  PTX_ASM("fma.rn." HALF2 " %0, %1, %2, %3;" : "=r"(centred) : "r"(x), "r"(ONE_PAIR), "r"(bias));
  PTX_ASM("fma.rn." HALF2 " %0, %1, %2, %3;" : "=r"(scaled) : "r"(centred), "r"(scale), "r"(NEG_ZERO_PAIR));
  return scaled;
#endif
}

inline size_t packed_zero_base(int expert) {
  return (size_t)expert * MOE_N * MOE_GROUPS;
}

// One warp's weights for one chunk: FRAGS packed words, and per scale group the scale's and zero point's bits
// as loaded. Nothing computed from a load sits beside it: the step that loads the next chunk would wait there
// for it (the scale's both_halves did, at every step: a memory latency the math could not hide).
typedef struct {
  uint4 q[FRAGS];
  uint scale[FRAGS][CHUNK_GROUPS];
#if defined(MOE_HAS_ZEROS)
  uint zero[FRAGS][CHUNK_GROUPS];
#endif
} chunk_t;

inline void load_chunk(chunk_t* w, __global const uint* qweight, __global const ushort* scales, __global const uchar* zeros,
                       int expert, int frag0, int chunk, int lane) {
  const int column = lane >> 2;
  const bool live = chunk * CHUNK < MOE_K_END; // always, but for the planted last-k-group-dropped bug
  UNROLL for (int f = 0; f < FRAGS; f++) {
    const size_t fragment = (size_t)(frag0 + f);
    w->q[f] = ((__global const uint4*)qweight)[(qweight_base(expert) >> 2) + (fragment * CHUNKS + chunk) * WARP_SIZE + lane];
    UNROLL for (int g = 0; g < CHUNK_GROUPS; g++) {
      const int group = PLANTED_SCALE_GROUP(chunk * CHUNK / MOE_GROUP_SIZE + g, MOE_GROUPS);
      const size_t at = (fragment * MOE_GROUPS + (size_t)group) * 8 + (size_t)column;
      w->scale[f][g] = live ? scales[scale_base(expert) + at] : 0u;
#if defined(MOE_HAS_ZEROS)
      w->zero[f][g] = zeros[packed_zero_base(expert) + at];
#endif
    }
  }
}

// Where each of this item's A_LOADS 16-byte copies of a step comes from: its activation row's first
// uint4 plus the copy's offset in the step, and bit l of `live` set where copy l reads it. A row past
// row_hi (no block of the work-group's) or padding is copied as zeros, its address kept in row 0 so that
// each step's copies need no select (407 -> 401 and 535 -> 517 instructions a step, with frag_load_a's
// addressing 1.03x median over 24 points on an H100, issue 6 session 14). A uint: only an A of 64 GiB
// (more than one buffer can hold on these devices) would overflow it.
inline void locate_a_sources(uint* sources, uint* live, __local const int* routed, int row_hi, int lid) {
  *live = 0u;
  UNROLL for (int l = 0; l < A_LOADS; l++) {
    const int i = lid + l * MOE_WG_SIZE;
    const int m = i / (SPAN / 8);
    const int row = (i < A_QUADS && m < row_hi) ? routed[m] : NO_ROW;
    sources[l] = (row == NO_ROW ? 0u : (uint)activation_row(row) * (MOE_K / 8)) + (uint)(i % (SPAN / 8));
    *live |= row == NO_ROW ? 0u : 1u << l;
  }
}

// Starts copying the step at k0 into `buffer` (rows ROW_WORDS apart); COPY_COMMIT closes the batch.
inline void copy_a_step(__local uint* buffer, __global const uint* a, const uint* sources, uint live, int k0, int lid) {
  UNROLL for (int l = 0; l < A_LOADS; l++) {
    const int i = lid + l * MOE_WG_SIZE;
    if (i < A_QUADS) {
      __local uint* to = buffer + (i / (SPAN / 8)) * ROW_WORDS + 4 * (i % (SPAN / 8));
      copy_quad_async(to, a + 4 * ((size_t)sources[l] + (size_t)(k0 / 8)), (live >> l) & 1u);
    }
  }
  COPY_COMMIT();
}

__kernel __attribute__((reqd_work_group_size(MOE_WG_SIZE, 1, 1)))
void moe_gemm(MOE_GEMM_ARGS, __global const int* piece_starts) {
  const int lid = LOCAL_ID();
  const int lane = lid % WARP_SIZE;
  const int warp = lid / WARP_SIZE;
  const int wk = warp / WARPS_MN; // this warp's K slice: chunks wk, wk + MOE_SPLIT_K, ...
  const int wmn = warp % WARPS_MN;
  const int m_warp = (wmn % MOE_WARPS_M) * MT * 16;
  const int frag0 = GROUP_TILE_N() * (MOE_TILE_N / FRAG_N) + (wmn / MOE_WARPS_M) * FRAGS;
#if MOE_BLOCKS == 1
  // A piece of one block is the work block itself: no start to read, one memory latency less before the expert (at
  // blocks 1 the host launches a work-group per work block, and those of no expert leave below).
  const int first_block = GROUP_BLOCK();
#else
  const int first_block = piece_starts[GROUP_BLOCK()];
#endif

  __local int routed[M_TILE];
  __local uint4 stage_quads[STAGE_WORDS / 4];
  __local uint* stage = (__local uint*)stage_quads;
  MMA_SCRATCH

  // The piece's rows are read before its expert is known, beside it rather than a memory latency after it:
  // those of all MOE_BLOCKS blocks (past the layout's end, the last block's), of which the piece uses its own.
  const int last_block = num_tokens_post_padded / MOE_BLOCK_M - 1; // a piece's first block is at most this
  UNROLL for (int b = 0; b < MOE_BLOCKS; b++) {
    load_block_rows(sorted_ids, first_block + b < last_block ? first_block + b : last_block, sentinel,
                    routed + b * MOE_BLOCK_M, lid);
  }
  // the piece: its first block's expert and the blocks of that expert among the next MOE_BLOCKS
  const int expert = chunk_expert(expert_ids, first_block, num_tokens_post_padded, expert_begin, expert_end);
  if (expert < 0) {
    return; // another weight chunk's expert: the whole work-group leaves together, before any barrier
  }
  int blocks = 1;
  while (blocks < MOE_BLOCKS
      && chunk_expert(expert_ids, first_block + blocks, num_tokens_post_padded, expert_begin, expert_end) == expert) {
    blocks++;
  }
  LOCAL_BARRIER();
  const int row_hi = blocks * MOE_BLOCK_M; // rows past it are no block of this piece
  float acc[ACC];
  UNROLL for (int i = 0; i < ACC; i++) {
    acc[i] = 0.0f;
  }
  uint sources[A_LOADS];
  uint live;
  locate_a_sources(sources, &live, routed, row_hi, lid);
#if MOE_BLOCKS == 1
  bool fuller = false; // rows past the first M tile
  for (int m = 16; m < M_TILE; m++) {
    fuller |= routed[m] != NO_ROW;
  }
  const int variant = fuller ? 2 : 1;
#else
  const int variant = blocks;
#endif
  chunk_t w_next;
  copy_a_step(stage, a, sources, live, 0, lid);
  load_chunk(&w_next, qweight, scales, zeros, expert, frag0, wk, lane);

  // One copy of the K loop per variant (the outer loop unrolls): each multiplies only the M tiles that hold
  // its piece's rows, no test in the loop, so a short piece skips the ldmatrix and multiplies of its empty
  // tiles (it still dequantises every weight).
  UNROLL for (int v = 1; v <= LOOP_VARIANTS; v++) {
    if (LOOP_VARIANTS == 1 || v == variant) {
      const int live_tiles = VARIANT_TILES(v);
      for (int step = 0; step < STEPS; step++) {
        COPY_WAIT_ALL(); // this item's copies of the step have landed
        LOCAL_BARRIER(); // everyone's have; with two buffers, every warp is also done with the other one
        // this lane's ldmatrix address in the warp's first A tile of the step (frag_load_a)
        __local const uint* a_lane = stage + (step % MOE_A_BUFFERS) * A_WORDS + m_warp * ROW_WORDS + wk * CHUNK / 2
            + A_LDM_OFFSET(lane, ROW_WORDS);
        const chunk_t w = w_next;
        if (step + 1 < STEPS) { // the next step's weights (and with two buffers its rows) fly while this one multiplies
          if (MOE_A_BUFFERS == 2) {
            copy_a_step(stage + ((step + 1) % 2) * A_WORDS, a, sources, live, (step + 1) * SPAN, lid);
          }
          load_chunk(&w_next, qweight, scales, zeros, expert, frag0, (step + 1) * MOE_SPLIT_K + wk, lane);
        }
        UNROLL for (int s = 0; s < CHUNK / 16; s++) {
          b_frag_t bf[FRAGS];
          UNROLL for (int f = 0; f < FRAGS; f++) {
            const uint4 q = w.q[f];
            const uint word = (s >> 1) == 0 ? q.s0 : (s >> 1) == 1 ? q.s1 : (s >> 1) == 2 ? q.s2 : q.s3;
            const int g = STEP_GROUP(s);
            const uint scale = both_halves(w.scale[f][g]);
#if defined(MOE_HAS_ZEROS)
            const uint bias = zero_bias(w.zero[f][g]);
#else
            const uint bias = zero_bias(8);
#endif
            bf[f] = (b_frag_t)(dequant_pair(word, 2 * (s & 1), bias, scale), dequant_pair(word, 2 * (s & 1) + 1, bias, scale));
          }
          UNROLL for (int mt = 0; mt < live_tiles; mt++) {
            const a_frag_t af = frag_load_a(a_lane + mt * 16 * ROW_WORDS + s * 8, ROW_WORDS, lane);
            UNROLL for (int f = 0; f < FRAGS; f++) {
              FRAG_MMA(acc + (mt * FRAGS + f) * ACC_N, af, bf[f]);
            }
          }
        }
        if (MOE_A_BUFFERS == 1 && step + 1 < STEPS) { // one buffer: refilled once every warp is done with it
          LOCAL_BARRIER();
          copy_a_step(stage, a, sources, live, (step + 1) * SPAN, lid);
        }
      }
    }
  }

#if MOE_SPLIT_K > 1
  LOCAL_BARRIER(); // the stage becomes the reduction buffer
  if (wk > 0) {
    __local float* mine = (__local float*)stage + ((wk - 1) * WARPS_MN + wmn) * WARP_SIZE * ACC;
    UNROLL for (int i = 0; i < ACC; i++) {
      mine[i * WARP_SIZE + lane] = acc[i];
    }
  }
  LOCAL_BARRIER();
  if (wk == 0) {
    for (int j = 1; j < MOE_SPLIT_K; j++) {
      __local const float* theirs = (__local const float*)stage + ((j - 1) * WARPS_MN + wmn) * WARP_SIZE * ACC;
      UNROLL for (int i = 0; i < ACC; i++) {
        acc[i] += theirs[i * WARP_SIZE + lane];
      }
    }
  }
#endif
  // The tile's outputs meet in local memory as 16-bit values, then leave as whole 16-byte row pieces:
  // stored straight from the fragments, each row would get 16-byte halves of 32-byte sectors.
  LOCAL_BARRIER();
  if (wk == 0) {
    UNROLL for (int mt = 0; mt < MT; mt++) {
      UNROLL for (int f = 0; f < FRAGS; f++) {
        UNROLL for (int h = 0; h < 2; h++) { // rows g and g + 8: two adjacent columns each
          const int m = m_warp + mt * 16 + ACC_ROW(lane, 2 * h);
          const int n = ((frag0 + f) * FRAG_N + ACC_COL(lane, 0)) % MOE_TILE_N;
          const float* v = acc + (mt * FRAGS + f) * ACC_N + 2 * h;
          stage[m * OUT_ROW_WORDS + n / 2] = FROM_FLOAT(v[0]) | (FROM_FLOAT(v[1]) << 16);
        }
      }
    }
  }
  LOCAL_BARRIER();
  const int n0 = GROUP_TILE_N() * MOE_TILE_N;
  for (int i = lid; i < M_TILE * (MOE_TILE_N / 8); i += MOE_WG_SIZE) {
    const int m = i / (MOE_TILE_N / 8);
    const int q = i % (MOE_TILE_N / 8);
    const int row = m < row_hi ? routed[m] : NO_ROW;
    if (row != NO_ROW) {
      ((__global uint4*)c)[((size_t)row * MOE_N + (size_t)n0) / 8 + (size_t)q] =
          *(__local const uint4*)(stage + m * OUT_ROW_WORDS + 4 * q);
    }
  }
}
