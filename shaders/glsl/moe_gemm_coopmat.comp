#version 460
// W4A16 MoE grouped GEMM on matrix units through GL_KHR_cooperative_matrix (NVIDIA mma, AMD RDNA3
// WMMA). A workgroup of SG_M x SG_N full subgroups computes up to BLOCKS consecutive blocks of
// BLOCK_M sorted rows of one expert (a piece of its run) x BN columns: the dequantised weights of a
// step serve every row of the piece.
// Each subgroup owns TILES_M x TILES_N accumulators of CM_M x CM_N (fp32), its M tiles interleaved
// with the other subgroups' so every subgroup has work in every block. Every tile multiplies, also
// past the piece or over padding alone (their A rows are staged as zeros): a uniform branch around
// each multiply to skip those tiles cost 1.26-1.42x at T = 4096 on an H100 (254 registers against
// 164) and gained nothing where blocks are mostly padding (issue 6, session 10). Per BK step the
// gathered A rows (as loaded) and the int4 weights, dequantised two per 32-bit word, are staged in
// shared memory as 16-bit floats with 16-byte stores (the next step's global loads are issued
// before this step's multiplies, to hide their latency); at the end the accumulators pass through
// shared memory, one block at a time, to be rounded and scattered to C rows. DEPTH 2 keeps the
// global loads of two steps in flight instead of one (for memory-bound points, where few rows leave
// the multiplies too short to hide one step's load latency).
// SPLIT_K > 1: gl_WorkGroupID.z takes one of SPLIT_K equal parts of K and scatters fp32 partial sums
// instead, which moe_splitk_reduce.comp adds into C: SPLIT_K times the workgroups, each with a
// shorter serial K loop, where few blocks would leave most of the GPU idle.
// DIRECT_B: the weights skip shared memory. The host packs them in the device's B fragment layout
// (FragmentLayout), so each invocation loads its own elements, 16 bytes per CHUNK_K x CM_N
// fragments, and dequantises them straight into its fragments (as Marlin and ExLlama kernels do
// with mma.sync's registers). Only A is staged.
// The matrix operations come from moe_matrix_ops.glsl (cooperative matrices, or their emulation).
#include "moe_matrix_ops.glsl"
#include "moe_common.glsl"
#include "moe_dequant_pairs.glsl"

layout(constant_id = 6) const uint SG_M = 1;   // subgroups along M
layout(constant_id = 7) const uint SG_N = 4;   // subgroups along N
layout(constant_id = 8) const uint CM_M = 16;  // cooperative matrix shape, as the device lists it
layout(constant_id = 9) const uint CM_N = 16;
layout(constant_id = 10) const uint CM_K = 16;
layout(constant_id = 11) const uint DEPTH = 1; // K steps of global loads in flight: 1 or 2
layout(constant_id = 12) const bool DIRECT_B = false;
layout(constant_id = 13) const uint B_LENGTH = 8; // elements of a B fragment per invocation (direct loads)
layout(constant_id = 14) const uint B_RUNS = 1;   // runs of one column each among them, of equal length
layout(constant_id = 15) const uint B_LOAD_LANES = 32; // lanes with their own packed words (lane l loads l % it)

const uint TILES_M = TILE_M / (SG_M * CM_M);
const uint TILES_N = BN / (SG_N * CM_N);
// Row strides in elements: multiples of 16 bytes (coopMatLoad/Store alignment), padded off a power
// of two to spread shared-memory banks.
const uint A_STRIDE = BK + 8u;
const uint B_STRIDE = BK + 8u;
const uint C_STRIDE = BN + 4u;
const uint A_QUADS = TILE_M * (BK / 8u);  // uvec4 of eight 16-bit activations
const uint B_QUADS = DIRECT_B ? 0u : BN * (BK / 32u); // uvec4 of 32 int4 weights, staged
const uint A_LOADS = (A_QUADS + WG - 1u) / WG;
const uint B_LOADS = DIRECT_B ? 1u : (B_QUADS + WG - 1u) / WG; // one unused set with direct loads
// Direct loads: a uvec4 holds CHUNK_K x CM_N fragments' elements of one invocation.
const uint CHUNK_K = (32u / B_LENGTH) * CM_K;
const uint STEP_CHUNKS = BK / CHUNK_K;
const uint DIRECT_QUADS = DIRECT_B ? TILES_N * STEP_CHUNKS : 1u;
const uint DIRECT_SCALES = DIRECT_B ? TILES_N * B_RUNS : 1u;

// 16-bit values, eight per uvec4 (strides above are in 16-bit elements).
shared uvec4 aTile[TILE_M * A_STRIDE / 8u]; // [row][k]
shared uvec4 bTile[DIRECT_B ? 1u : BN * B_STRIDE / 8u]; // [column][k]: the BK x BN operand, column-major
shared float cTile[BLOCK_M * C_STRIDE];   // [row][column] of one block
#if COOPMAT_EMULATED
shared float bScratch[DIRECT_B ? SG_M * SG_N * CM_K * CM_N : 1u]; // each subgroup's B fragment, built
#endif

// A later step's global data, held in registers while the current step multiplies: the words as loaded
// (scales and zero points too, converted where the step is stored or kept, so no warp waits for them here).
struct StepRegs {
  uvec4 a[A_LOADS];
  uvec4 b[B_LOADS];
  uvec4 scales[B_LOADS]; // groupScaleWord of each of b's four words
  uvec4 zeros[B_LOADS];
  uvec4 direct[DIRECT_QUADS];       // [N tile][chunk] of this invocation's packed weights
  uint directScales[DIRECT_SCALES]; // [N tile][run]: the step lies in one group (G % BK == 0)
  uint directZeros[DIRECT_SCALES];
};

// The weight column of run `run` of this invocation's B fragment elements in N tile j (direct loads).
uint directColumn(uint col0, uint colBase, uint j, uint columns[B_RUNS], uint run) {
  return ((col0 + colBase) / CM_N + j) * CM_N + columns[run];
}

// The columns (in a CM_N tile) of this invocation's B fragment elements, one per run: read back
// from a fragment loaded from a matrix of column indices (shared memory is free at the kernel's start).
void fragmentColumns(out uint columns[B_RUNS]) {
  for (uint i = gl_LocalInvocationID.x; i < CM_K * CM_N / 2u; i += WG) {
    uint bits = floatToHalf(float(2u * i / CM_K)); // column-major: both elements of a word share the column
    aTile[i >> 2][i & 3u] = bits | (bits << 16);
  }
  barrier();
#if COOPMAT_EMULATED
  [[unroll]] for (uint r = 0; r < B_RUNS; r++) {
    columns[r] = uint(TILE_VALUE(aTile, EMULATED_B_ELEMENT(gl_SubgroupInvocationID, r * (B_LENGTH / B_RUNS))));
  }
#else
  B_FRAGMENT b;
  coopMatLoad(b, aTile, 0, CM_K / 8u, gl_CooperativeMatrixLayoutColumnMajor);
  [[unroll]] for (uint r = 0; r < B_RUNS; r++) {
    columns[r] = uint(float(b[r * (B_LENGTH / B_RUNS)]));
  }
#endif
  barrier();
}

void loadStep(out StepRegs r, ExpertData ex, uint col0, uint k0, uint colBase, uint columns[B_RUNS]) {
  [[unroll]] for (uint l = 0; l < A_LOADS; l++) {
    uint i = gl_LocalInvocationID.x + l * WG;
    r.a[l] = uvec4(0);
    if (i < A_QUADS) {
      int aRow = blockARow[i / (BK / 8u)];
      if (aRow >= 0) {
        r.a[l] = aQuads[(uint(aRow) * problem.k + k0) / 8u + i % (BK / 8u)];
      }
    }
  }
  [[unroll]] for (uint l = 0; l < B_LOADS; l++) {
    uint i = gl_LocalInvocationID.x + l * WG;
    r.b[l] = uvec4(0);
    r.scales[l] = uvec4(0);
    r.zeros[l] = uvec4(0);
    if (i < B_QUADS) {
      uint n = col0 + i / (BK / 32u);
      uint k = k0 + 32u * (i % (BK / 32u));
      r.b[l] = quantQuad(ex, n, k >> 5);
      if (GROUP_SIZE % 32u == 0u) { // one group for all 32 weights
        r.scales[l] = uvec4(groupScaleWord(ex, n, k / GROUP_SIZE));
        r.zeros[l] = uvec4(groupZeroWord(ex, n, k / GROUP_SIZE));
      } else {
        [[unroll]] for (uint w = 0; w < 4u; w++) {
          r.scales[l][w] = groupScaleWord(ex, n, (k + 8u * w) / GROUP_SIZE);
          r.zeros[l][w] = groupZeroWord(ex, n, (k + 8u * w) / GROUP_SIZE);
        }
      }
    }
  }
  if (DIRECT_B) {
    [[unroll]] for (uint j = 0; j < TILES_N; j++) {
      uint tile = (col0 + colBase) / CM_N + j;
      [[unroll]] for (uint c = 0; c < STEP_CHUNKS; c++) {
        r.direct[j * STEP_CHUNKS + c] = ex.q.quads[(tile * (problem.k / CHUNK_K) + k0 / CHUNK_K + c) * B_LOAD_LANES
            + gl_SubgroupInvocationID % B_LOAD_LANES];
      }
      [[unroll]] for (uint run = 0; run < B_RUNS; run++) {
        uint n = directColumn(col0, colBase, j, columns, run);
        r.directScales[j * B_RUNS + run] = groupScaleWord(ex, n, k0 / GROUP_SIZE);
        r.directZeros[j * B_RUNS + run] = groupZeroWord(ex, n, k0 / GROUP_SIZE);
      }
    }
  }
}

// Stores step k0 (loaded into r) in the shared tiles.
void storeStep(StepRegs r, uint col0, uint k0) {
  [[unroll]] for (uint l = 0; l < A_LOADS; l++) {
    uint i = gl_LocalInvocationID.x + l * WG;
    if (i < A_QUADS) {
      aTile[(i / (BK / 8u)) * (A_STRIDE / 8u) + i % (BK / 8u)] = r.a[l];
    }
  }
  [[unroll]] for (uint l = 0; l < B_LOADS; l++) {
    uint i = gl_LocalInvocationID.x + l * WG;
    if (i < B_QUADS) {
      uint base = (i / (BK / 32u)) * (B_STRIDE / 8u) + 4u * (i % (BK / 32u));
      uint n = col0 + i / (BK / 32u);
      uint k = k0 + 32u * (i % (BK / 32u));
      [[unroll]] for (uint w = 0; w < 4u; w++) {
        uint g = (k + 8u * w) / GROUP_SIZE;
        PairScale p = pairScale(groupScaleOf(r.scales[l][w], n, g), groupZeroOf(r.zeros[l][w], n, g));
        uvec4 pairs = nibblePairs(r.b[l][w]);
        bTile[base + w] = uvec4(dequantPair(pairs.x, p), dequantPair(pairs.y, p), dequantPair(pairs.z, p),
            dequantPair(pairs.w, p));
      }
    }
  }
}

// With DIRECT_B, the weights of step k (about to be multiplied), copied out of its register set (whole
// structs of specialization-sized arrays cannot be assigned) so the next step's loads can reuse it, and
// its scales and zero points converted (a macro in computeRun: col0, colBase and columns in scope).
#define KEEP_DIRECT(regs, k) \
  [[unroll]] for (uint q_ = 0; q_ < DIRECT_QUADS; q_++) { \
    stepQuads[q_] = regs.direct[q_]; \
  } \
  [[unroll]] for (uint j_ = 0; j_ < TILES_N; j_++) { \
    [[unroll]] for (uint r_ = 0; r_ < B_RUNS; r_++) { \
      uint n_ = directColumn(col0, colBase, j_, columns, r_); \
      uint g_ = (k) / GROUP_SIZE; \
      stepScales[j_ * B_RUNS + r_] = fragmentScale(groupScaleOf(regs.directScales[j_ * B_RUNS + r_], n_, g_), \
          groupZeroOf(regs.directZeros[j_ * B_RUNS + r_], n_, g_)); \
    } \
  }

// One step's multiplies from the staged tiles (and, with DIRECT_B, the weights KEEP_DIRECT kept)
// into computeRun's accumulators (a macro: acc stays a local array of cooperative matrices, used in
// both K loops).
#define MULTIPLY_STEP() \
  [[unroll]] for (uint kk = 0; kk < BK; kk += CM_K) { \
    A_FRAGMENT a[TILES_M]; \
    [[unroll]] for (uint i = 0; i < TILES_M; i++) { \
      LOAD_A(a[i], tileRow(i) * A_STRIDE + kk); \
    } \
    [[unroll]] for (uint j = 0; j < TILES_N; j++) { \
      B_FRAGMENT b; \
      if (DIRECT_B) { \
        B_START(b); \
        uvec4 quad_ = stepQuads[j * STEP_CHUNKS + (kk / CM_K) / (32u / B_LENGTH)]; \
        [[unroll]] for (uint e_ = 0; e_ < B_LENGTH; e_ += 2u) { \
          uint s_ = ((kk / CM_K) % (32u / B_LENGTH)) * B_LENGTH + e_; \
          FRAGMENT_PAIR v_ = fragmentPairValues(quad_, s_, stepScales[j * B_RUNS + e_ / (B_LENGTH / B_RUNS)]); \
          B_SET(b, e_, v_.x); \
          B_SET(b, e_ + 1u, v_.y); \
        } \
        B_READY(); \
      } else { \
        LOAD_B(b, (colBase + j * CM_N) * B_STRIDE + kk); \
      } \
      [[unroll]] for (uint i = 0; i < TILES_M; i++) { \
        MULTIPLY_ADD(acc[i * TILES_N + j], a[i], b); \
      } \
      if (DIRECT_B) { \
        B_DONE(); \
      } \
    } \
  }

// First row (in the workgroup's tile) of this subgroup's M tile i: tiles interleave across subgroups.
uint tileRow(uint i) {
  return (i * SG_M + gl_SubgroupID / SG_N) * CM_M;
}

// The run of the workgroup's blocks b0 .. b1-1, all of expert `expert`; `columns` as fragmentColumns gives them.
void computeRun(int expert, uint b0, uint b1, uint columns[B_RUNS]) {
  uint col0 = gl_WorkGroupID.y * BN;
  uint colBase = (gl_SubgroupID % SG_N) * TILES_N * CM_N;
  ExpertData ex = expertData(expert);
  gatherRunRows(b0, b1);
  ACCUMULATOR acc[TILES_M * TILES_N];
  [[unroll]] for (uint t = 0; t < TILES_M * TILES_N; t++) {
    ZERO_ACCUMULATOR(acc[t]);
  }
  barrier();
  // This workgroup's part of K: all of it, or one of SPLIT_K equal parts (the host keeps them multiples of
  // BK). Loads stop at the part's end; the multiplies also at K_END (a planted bug's shortened loop).
  uint kBegin = gl_WorkGroupID.z * (problem.k / SPLIT_K);
  uint kEnd = kBegin + problem.k / SPLIT_K;
  uint kStop = min(kEnd, K_END);
  StepRegs next0;
  StepRegs next1;
  uvec4 stepQuads[DIRECT_QUADS];
  FragmentScale stepScales[DIRECT_SCALES];
  loadStep(next0, ex, col0, kBegin, colBase, columns);
  if (DEPTH == 1u) {
    for (uint k0 = kBegin; k0 < kStop; k0 += BK) {
      storeStep(next0, col0, k0);
      KEEP_DIRECT(next0, k0);
      barrier();
      if (k0 + BK < kEnd) {
        loadStep(next0, ex, col0, k0 + BK, colBase, columns);
      }
      MULTIPLY_STEP();
      barrier();
    }
  } else { // two register sets, steps alternating between them
    if (kBegin + BK < kEnd) {
      loadStep(next1, ex, col0, kBegin + BK, colBase, columns);
    }
    for (uint k0 = kBegin; k0 < kStop; k0 += 2u * BK) {
      storeStep(next0, col0, k0);
      KEEP_DIRECT(next0, k0);
      barrier();
      if (k0 + 2u * BK < kEnd) {
        loadStep(next0, ex, col0, k0 + 2u * BK, colBase, columns);
      }
      MULTIPLY_STEP();
      barrier();
      if (k0 + BK < kStop) {
        storeStep(next1, col0, k0 + BK);
        KEEP_DIRECT(next1, k0 + BK);
        barrier();
        if (k0 + 3u * BK < kEnd) {
          loadStep(next1, ex, col0, k0 + 3u * BK, colBase, columns);
        }
        MULTIPLY_STEP();
        barrier();
      }
    }
  }

  for (uint blk = b0; blk < b1; blk++) {
    [[unroll]] for (uint i = 0; i < TILES_M; i++) {
      if (tileRow(i) / BLOCK_M == blk) {
        [[unroll]] for (uint j = 0; j < TILES_N; j++) {
          STORE_C(acc[i * TILES_N + j], (tileRow(i) - blk * BLOCK_M) * C_STRIDE + colBase + j * CM_N);
        }
      }
    }
    barrier();
    for (uint i = gl_LocalInvocationID.x; i < BLOCK_M * (BN / 2u); i += WG) {
      uint r = i / (BN / 2u);
      uint c = 2u * (i % (BN / 2u));
      int cRow = blockCRow[blk * BLOCK_M + r];
      if (cRow >= 0 && SPLIT_K == 1u) {
        storeOutputPair(cRow, col0 + c, cTile[r * C_STRIDE + c], cTile[r * C_STRIDE + c + 1u]);
      } else if (cRow >= 0) {
        storePartialPair(gl_WorkGroupID.z, cRow, col0 + c, cTile[r * C_STRIDE + c], cTile[r * C_STRIDE + c + 1u]);
      }
    }
    barrier(); // the next block overwrites cTile
  }
}

void main() {
  uint columns[B_RUNS];
  [[unroll]] for (uint r = 0; r < B_RUNS; r++) {
    columns[r] = 0u;
  }
  if (DIRECT_B) {
    fragmentColumns(columns);
  }
  computeRun(blockExpert(0u), 0u, runEnd(0u), columns); // the workgroup's piece: one expert's blocks (pieceStart)
}
