#version 460
// W4A16 MoE grouped GEMM on NVIDIA's GL_NV_cooperative_matrix2: workgroup-scope matrices whose
// staging through shared memory, fragment layout and load pipelining the driver's compiler chooses,
// loaded with tensor addressing and decode functions (dequantisation and the row gather happen as
// the driver fetches each element). A workgroup computes up to BLOCKS consecutive blocks of one
// expert (a piece of its run, as on the coopmat path) x BN columns, computed transposed:
//   acc[b] (BN x BLOCK_M) += W (BN x BK, the expert's int4 rows, decoded) x X_b (BK x BLOCK_M,
//   block b's gathered activation rows, read through a transposing view)
// so one decoded weight tile serves every block of the piece. At the end each block's accumulator
// is stored column-major into shared memory (C's row-major order) and scattered to C rows.
// NVIDIA only (no RDNA3 driver offers the extension); the oracle checks it on the device.
#extension GL_KHR_memory_scope_semantics : require
#extension GL_KHR_cooperative_matrix : require
#extension GL_NV_cooperative_matrix2 : require
#extension GL_EXT_shader_explicit_arithmetic_types_float16 : require
#if DTYPE_BF16
#extension GL_EXT_bfloat16 : require
#define MATRIX_T bfloat16_t
#else
#define MATRIX_T float16_t
#endif
#include "moe_common.glsl"
#include "moe_dequant.glsl"

// K steps per iteration of the main loop, unrolled so the driver can overlap one step's loads with
// the previous step's multiplies (the host keeps K a multiple of BK * UNROLL).
layout(constant_id = 6) const uint UNROLL = 1;

const uint C_STRIDE = BN + 4u; // floats; padded off a power of two to spread shared-memory banks
shared float cTile[BLOCK_M * C_STRIDE]; // one block's [row][column]

// The memory the tensor loads address (not readonly: coopMatLoadTensorNV refuses readonly buffers).
// The weight loads address 32-bit words of it (one block of 8 k of one n); the activation loads
// ignore the address and gather by row id instead.
layout(buffer_reference, std430, buffer_reference_align = 16) buffer TensorWords { uint words[]; };
layout(buffer_reference, std430, buffer_reference_align = 4) buffer DecodeWord { uint word; };

// The workgroup's expert, read by the decode functions (which take no other arguments).
ExpertData expert;

// Weight (n, k) = (q - z) * scale: blockCoords (n, k / 8) is the word the driver points w at.
MATRIX_T decodeWeight(const in DecodeWord w, const in uint blockCoords[2], const in uint coordInBlock[2]) {
  uint k = blockCoords[1] * 8u + coordInBlock[1];
  uint g = k / GROUP_SIZE;
  return MATRIX_T(dequant(w.word, coordInBlock[1], groupScale(expert, blockCoords[0], g),
      groupZero(expert, blockCoords[0], g)));
}

// Activation (row of the workgroup's tile, k): the A row the aligned layout maps it to, 0 for padding.
MATRIX_T decodeActivation(const in DecodeWord unused, const in uint blockCoords[2], const in uint coordInBlock[2]) {
  int aRow = blockARow[blockCoords[0]];
  uint k = blockCoords[1];
  return aRow < 0 ? MATRIX_T(0.0) : MATRIX_T(halfToFloat(activationWord(uint(aRow), k >> 1) >> ((k & 1u) << 4)));
}

#define ACCUMULATOR coopmat<float, gl_ScopeWorkgroup, BN, BLOCK_M, gl_MatrixUseAccumulator>

void main() {
  uint b1 = runEnd(0u);
  int e = blockExpert(0u);
  expert = expertData(e);
  gatherRunRows(0u, b1);
  barrier();

  uint col0 = gl_WorkGroupID.y * BN;
  TensorWords words = TensorWords(expertAddress[uint(PLANTED_EXPERT(e)) * 3u]);
  tensorLayoutNV<2> weights = createTensorLayoutNV(2);
  weights = setTensorLayoutBlockSizeNV(weights, 1, 8);
  weights = setTensorLayoutDimensionNV(weights, problem.n, problem.k);
  tensorLayoutNV<2> rows = createTensorLayoutNV(2);
  rows = setTensorLayoutDimensionNV(rows, TILE_M, problem.k);
  tensorViewNV<2, false, 1, 0> transposed = createTensorViewNV(2, false, 1, 0);

  ACCUMULATOR acc[BLOCKS];
  [[unroll]] for (uint b = 0; b < BLOCKS; b++) {
    acc[b] = ACCUMULATOR(0.0);
  }
  uint kStop = min(problem.k, K_END);
  for (uint k0 = 0; k0 < kStop; k0 += BK * UNROLL) {
    [[unroll]] for (uint u = 0; u < UNROLL; u++) {
      uint k = k0 + u * BK;
      coopmat<MATRIX_T, gl_ScopeWorkgroup, BN, BK, gl_MatrixUseA> w;
      coopMatLoadTensorNV(w, words.words, 0, sliceTensorLayoutNV(weights, col0, BN, k, BK), decodeWeight);
      [[unroll]] for (uint b = 0; b < BLOCKS; b++) {
        if (b < b1) { // the piece's blocks (b1 is the same in the whole workgroup)
          coopmat<MATRIX_T, gl_ScopeWorkgroup, BK, BLOCK_M, gl_MatrixUseB> x;
          coopMatLoadTensorNV(x, words.words, 0, sliceTensorLayoutNV(rows, b * BLOCK_M, BLOCK_M, k, BK), transposed,
              decodeActivation);
          acc[b] = coopMatMulAdd(w, x, acc[b]);
        }
      }
    }
  }

  [[unroll]] for (uint b = 0; b < BLOCKS; b++) {
    if (b < b1) {
      coopMatStore(acc[b], cTile, 0, C_STRIDE, gl_CooperativeMatrixLayoutColumnMajor);
      barrier();
      for (uint i = gl_LocalInvocationID.x; i < BLOCK_M * (BN / 2u); i += WG) {
        uint r = i / (BN / 2u);
        uint c = 2u * (i % (BN / 2u));
        int cRow = blockCRow[b * BLOCK_M + r];
        if (cRow >= 0) {
          storeOutputPair(cRow, col0 + c, cTile[r * C_STRIDE + c], cTile[r * C_STRIDE + c + 1u]);
        }
      }
      barrier(); // the next block overwrites cTile
    }
  }
}
