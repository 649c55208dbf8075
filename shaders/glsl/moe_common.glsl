// Shared by every moe-bench Vulkan GEMM shader: bindings, push constants, the row gather of the
// aligned layout, 16-bit float conversions and the output store. Host side: io.moebench.vulkan
// (ShaderVariant sets the defines, TileConfig the specialization constants, VulkanBoundGemm binds).
//
// Variant defines (set by the host, one SPIR-V per combination):
//   DTYPE_BF16       1: activations, scales and C are bf16; 0: fp16
//   LAYOUT_EXLLAMA   1: int32 words hold k in nibble order [0,2,4,6,1,3,5,7]; 0: GPTQ plain (k in order)
//   HAS_ZEROS        1: per-(n, group) zero points; 0: symmetric, zero point 8
//   COOPMAT_EMULATED (coopmat kernel only) see moe_matrix_ops.glsl
//   MOE_BUG_*        (plant-bug=<id> only, at most one) a planted bug, see moe_planted_bugs.glsl
#ifndef MOE_COMMON_GLSL
#define MOE_COMMON_GLSL

#extension GL_EXT_buffer_reference : require
#extension GL_EXT_buffer_reference_uvec2 : require
#extension GL_EXT_control_flow_attributes : require

#include "moe_planted_bugs.glsl"

// Tile parameters common to both paths (specialization constants 0-5; the host's TileConfig).
layout(local_size_x_id = 0) in;
layout(constant_id = 1) const uint BLOCK_M = 32;    // rows of one block of the aligned layout
layout(constant_id = 2) const uint BN = 64;         // output columns per workgroup
layout(constant_id = 3) const uint BK = 32;         // K per main-loop step, a multiple of 32
layout(constant_id = 4) const uint GROUP_SIZE = 128; // G, a multiple of 8
layout(constant_id = 5) const uint BLOCKS = 1;      // at most this many blocks of one expert per workgroup (R)
// Split-K (coopmat path): K is cut into SPLIT_K equal parts, one per gl_WorkGroupID.z; each writes fp32
// partial sums that moe_splitk_reduce.comp adds into C. 1: the GEMM writes C itself.
layout(constant_id = 16) const uint SPLIT_K = 1;
const uint WG = gl_WorkGroupSize.x;
// The workgroup's M tile: up to BLOCKS consecutive blocks of one expert (a piece of the expert's
// run, AlignedLayout.runPieces), so the dequantised weights of a step serve every block of it.
const uint TILE_M = BLOCKS * BLOCK_M;

// Device addresses of each expert's packed data (weights can exceed maxStorageBufferRange and are
// split over several allocations): experts[3e] int4 words, [3e+1] scales, [3e+2] zero points.
layout(std430, binding = 0) readonly buffer ExpertTable { uvec2 expertAddress[]; };
// A [rows, K], eight 16-bit values per uvec4 (K is a multiple of 32, so rows start 16-byte aligned).
layout(std430, binding = 1) readonly buffer Activations { uvec4 aQuads[]; };
// The aligned layout: routed-row ids grouped by expert, and the expert of each block (-1: no expert,
// never a piece's first block, ends runEnd's scan; the host pads expertIds with -1 so that every
// workgroup can read BLOCKS of them).
layout(std430, binding = 2) readonly buffer SortedIds { int sortedIds[]; };
layout(std430, binding = 3) readonly buffer ExpertIds { int expertIds[]; };
// C [T*top_k, N] in routed-row order, two 16-bit values per word (N is even).
layout(std430, binding = 4) writeonly buffer Output { uint cWords[]; };
// Each workgroup's first block: experts' runs of blocks cut into pieces of at most BLOCKS, so no
// workgroup straddles two experts (derived from expertIds on the host, like the aligned layout).
layout(std430, binding = 5) readonly buffer Pieces { uint pieceStart[]; };
// Split-K partial sums [SPLIT_K][T*top_k][N], fp32 pairs in C's order (a placeholder when SPLIT_K is 1).
layout(std430, binding = 6) buffer Partials { vec2 partials[]; };

layout(push_constant) uniform Problem {
  uint n;          // N
  uint k;          // K
  uint sentinel;   // T*top_k: sorted ids >= sentinel are padding
  uint rowDivisor; // A row = sorted id / rowDivisor (top_k for gemm1, 1 for gemm2)
} problem;

// Weights of one expert: int4, 8 consecutive k of one n per 32-bit word, rows of K/8 words.
layout(buffer_reference, std430, buffer_reference_align = 16) readonly buffer QuantWords { uvec4 quads[]; };
// Scales [N, K/G] as 16-bit values, two per word.
layout(buffer_reference, std430, buffer_reference_align = 4) readonly buffer ScaleWords { uint words[]; };
// Zero points [N/2, K/G], one byte holds n even (low nibble) and n odd, four bytes per word.
layout(buffer_reference, std430, buffer_reference_align = 4) readonly buffer ZeroWords { uint words[]; };

// Row ids of the workgroup's tile, read once: A row and C row, -1 for sentinels and for the rows past
// the workgroup's piece.
shared int blockARow[TILE_M];
shared int blockCRow[TILE_M];

// The workgroup's first block.
uint firstBlock() {
  return pieceStart[gl_WorkGroupID.x];
}

int blockExpert(uint b) {
  return expertIds[firstBlock() + b];
}

// The end (exclusive) of the run of the workgroup's blocks from b0 on that share b0's expert: from
// b0 = 0, the end of the workgroup's piece (blocks after it belong to other workgroups).
uint runEnd(uint b0) {
  uint b1 = b0 + 1u;
  while (b1 < BLOCKS && blockExpert(b1) == blockExpert(b0)) {
    b1++;
  }
  return b1;
}

// Fills blockARow / blockCRow for the run of blocks b0 .. b1-1 (of the workgroup's); every
// invocation calls it, followed by a barrier.
void gatherRunRows(uint b0, uint b1) {
  for (uint r = gl_LocalInvocationID.x; r < TILE_M; r += WG) {
    uint b = r / BLOCK_M;
    bool inRun = b >= b0 && b < b1;
    int id = -1;
    if (inRun) { // other blocks may lie past the ids (blocks of expert -1)
      id = sortedIds[firstBlock() * BLOCK_M + r];
    }
    bool real = id >= 0 && uint(id) < problem.sentinel;
    blockARow[r] = !inRun ? -1 : real ? int(uint(id) / problem.rowDivisor) : PLANTED_PADDING_ROW;
    blockCRow[r] = !inRun ? -1 : PLANTED_C_ROW(r % BLOCK_M, real ? id : PLANTED_PADDING_ROW);
  }
}

// Word w (two 16-bit values) of A row aRow.
uint activationWord(uint aRow, uint w) {
  uint i = aRow * (problem.k >> 1) + w;
  return aQuads[i >> 2][i & 3u];
}

float bf16ToFloat(uint bits) {
  return uintBitsToFloat((bits & 0xffffu) << 16);
}

float fp16ToFloat(uint bits) {
  return unpackHalf2x16(bits & 0xffffu).x;
}

float halfToFloat(uint bits) {
#if DTYPE_BF16
  return bf16ToFloat(bits);
#else
  return fp16ToFloat(bits);
#endif
}

// Round to nearest even, NaN kept quiet: the same bits as core's BFloat16.fromFloat.
uint floatToBf16(float v) {
  uint bits = floatBitsToUint(v);
  if ((bits & 0x7fffffffu) > 0x7f800000u) {
    return (bits >> 16) | 0x40u;
  }
  return (bits + 0x7fffu + ((bits >> 16) & 1u)) >> 16;
}

// value >> shift rounded to nearest even on the dropped bits (1 <= shift <= 24).
uint roundShiftEven(uint value, uint shift) {
  uint kept = value >> shift;
  uint rest = value & ((1u << shift) - 1u);
  uint halfway = 1u << (shift - 1u);
  return kept + ((rest > halfway || (rest == halfway && (kept & 1u) != 0u)) ? 1u : 0u);
}

// Round to nearest even in integer arithmetic (packHalf2x16 leaves the rounding mode to the driver):
// the same bits as core's Half.fromFloat.
uint floatToFp16(float v) {
  uint bits = floatBitsToUint(v);
  uint sign = (bits >> 16) & 0x8000u;
  uint a = bits & 0x7fffffffu;
  if (a >= 0x7f800000u) {
    return a > 0x7f800000u ? (sign | 0x7e00u | ((a >> 13) & 0x3ffu)) : (sign | 0x7c00u);
  }
  if (a >= 0x477ff000u) {
    return sign | 0x7c00u;
  }
  if (a < 0x38800000u) {
    uint e = a >> 23;
    return e < 102u ? sign : (sign | roundShiftEven((a & 0x7fffffu) | 0x800000u, 126u - e));
  }
  return sign | roundShiftEven(a - (112u << 23), 13u);
}

uint floatToHalf(float v) {
#if DTYPE_BF16
  return floatToBf16(v);
#else
  return floatToFp16(v);
#endif
}

// C[cRow, col], C[cRow, col + 1] (col even) in one 32-bit store.
void storeOutputPair(int cRow, uint col, float lo, float hi) {
  cWords[(uint(cRow) * problem.n + col) >> 1] = floatToHalf(lo) | (floatToHalf(hi) << 16);
}

// The same pair as part `part` of a split-K sum, for moe_splitk_reduce.comp.
void storePartialPair(uint part, int cRow, uint col, float lo, float hi) {
  partials[((part * problem.sentinel + uint(cRow)) * problem.n + col) >> 1] = vec2(lo, hi);
}

#endif
