#version 460
// W4A16 MoE grouped GEMM on NVIDIA's GL_NV_cooperative_matrix2: workgroup-scope matrices whose
// staging through shared memory, fragment layout and load pipelining the driver's compiler chooses,
// the weights loaded with tensor addressing and a decode function (dequantisation as the driver
// fetches each element), the gathered activation rows staged in shared memory by the kernel. A
// workgroup computes up to BLOCKS consecutive blocks of one expert (a piece of its run, as on the
// coopmat path) x BN columns, computed transposed:
//   acc[b] (BN x BLOCK_M) += W (BN x BK, the expert's int4 rows, decoded) x X_b (BK x BLOCK_M,
//   block b's gathered activation rows, read column-major from the staged rows)
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

// K steps per iteration of the main loop: the activations and scales of UNROLL steps (a chunk) are
// staged at once, so the barriers come once per chunk (the host keeps the chunk within one group:
// G a multiple of it).
layout(constant_id = 6) const uint UNROLL = 1;
const uint CHUNK = BK * UNROLL;

// The chunk's gathered activation rows, 16-bit values eight per uvec4, [row][k] with 8 values of
// padding per row (16-byte aligned rows, banks spread); read column-major as BK x BLOCK_M matrices.
const uint A_STRIDE = CHUNK + 8u;
const uint A_QUADS = TILE_M * (CHUNK / 8u);
const uint A_LOADS = (A_QUADS + WG - 1u) / WG;
shared uvec4 aTile[TILE_M * A_STRIDE / 8u];
// The chunk's (scale, -zero x scale) of each of the workgroup's columns: one fma dequantises.
const uint SCALES = BN;
const uint SCALE_LOADS = (SCALES + WG - 1u) / WG;
shared vec2 chunkScale[SCALES];
const uint C_STRIDE = BN + 4u; // floats; padded off a power of two to spread shared-memory banks
shared float cTile[BLOCK_M * C_STRIDE]; // one block's [row][column]

// The memory the weight loads address (not readonly: coopMatLoadTensorNV refuses readonly buffers):
// 32-bit words, one block of 8 k of one n each.
layout(buffer_reference, std430, buffer_reference_align = 16) buffer TensorWords { uint words[]; };
layout(buffer_reference, std430, buffer_reference_align = 4) buffer DecodeWord { uint word; };

// Read by the decode function (which takes no other arguments): the workgroup's first column.
uint col0;

// Weight (n, k) = (q - z) * scale, exact in fp32 as q * s + (-z * s): blockCoords (n, k / 8) is the
// word the driver points w at.
MATRIX_T decodeWeight(const in DecodeWord w, const in uint blockCoords[2], const in uint coordInBlock[2]) {
  vec2 p = chunkScale[blockCoords[0] - col0];
  return MATRIX_T(fma(float(nibble(w.word, coordInBlock[1])), p.x, p.y));
}

// A chunk's global data, held in registers while the previous chunk multiplies.
struct ChunkRegs {
  uvec4 a[A_LOADS];
  vec2 scales[SCALE_LOADS];
};

void loadChunk(out ChunkRegs r, ExpertData ex, uint k0) {
  [[unroll]] for (uint l = 0; l < A_LOADS; l++) {
    uint i = gl_LocalInvocationID.x + l * WG;
    r.a[l] = uvec4(0);
    if (i < A_QUADS) {
      int aRow = blockARow[i / (CHUNK / 8u)];
      if (aRow >= 0) {
        r.a[l] = aQuads[(uint(aRow) * problem.k + k0) / 8u + i % (CHUNK / 8u)];
      }
    }
  }
  [[unroll]] for (uint l = 0; l < SCALE_LOADS; l++) {
    uint i = gl_LocalInvocationID.x + l * WG;
    if (i < SCALES) {
      float scale = groupScale(ex, col0 + i, k0 / GROUP_SIZE);
      r.scales[l] = vec2(scale, -groupZero(ex, col0 + i, k0 / GROUP_SIZE) * scale);
    }
  }
}

void storeChunk(ChunkRegs r) {
  [[unroll]] for (uint l = 0; l < A_LOADS; l++) {
    uint i = gl_LocalInvocationID.x + l * WG;
    if (i < A_QUADS) {
      aTile[(i / (CHUNK / 8u)) * (A_STRIDE / 8u) + i % (CHUNK / 8u)] = r.a[l];
    }
  }
  [[unroll]] for (uint l = 0; l < SCALE_LOADS; l++) {
    uint i = gl_LocalInvocationID.x + l * WG;
    if (i < SCALES) {
      chunkScale[i] = r.scales[l];
    }
  }
}

#define ACCUMULATOR coopmat<float, gl_ScopeWorkgroup, BN, BLOCK_M, gl_MatrixUseAccumulator>

void main() {
  uint b1 = runEnd(0u);
  int e = blockExpert(0u);
  ExpertData ex = expertData(e);
  gatherRunRows(0u, b1);
  col0 = gl_WorkGroupID.y * BN;
  barrier();

  TensorWords words = TensorWords(expertAddress[uint(PLANTED_EXPERT(e)) * 3u]);
  tensorLayoutNV<2> weights = createTensorLayoutNV(2);
  weights = setTensorLayoutBlockSizeNV(weights, 1, 8);
  weights = setTensorLayoutDimensionNV(weights, problem.n, problem.k);

  ACCUMULATOR acc[BLOCKS];
  [[unroll]] for (uint b = 0; b < BLOCKS; b++) {
    acc[b] = ACCUMULATOR(0.0);
  }
  uint kStop = min(problem.k, K_END);
  ChunkRegs next;
  loadChunk(next, ex, 0u);
  for (uint k0 = 0; k0 < kStop; k0 += CHUNK) {
    barrier(); // the last chunk's matrices are loaded
    storeChunk(next);
    barrier();
    if (k0 + CHUNK < problem.k) {
      loadChunk(next, ex, k0 + CHUNK); // in flight while this chunk multiplies
    }
    [[unroll]] for (uint u = 0; u < UNROLL; u++) {
      coopmat<MATRIX_T, gl_ScopeWorkgroup, BN, BK, gl_MatrixUseA> w;
      coopMatLoadTensorNV(w, words.words, 0, sliceTensorLayoutNV(weights, col0, BN, k0 + u * BK, BK), decodeWeight);
      [[unroll]] for (uint b = 0; b < BLOCKS; b++) {
        if (b < b1) { // the piece's blocks (b1 is the same in the whole workgroup)
          coopmat<MATRIX_T, gl_ScopeWorkgroup, BK, BLOCK_M, gl_MatrixUseB> x;
          coopMatLoad(x, aTile, (b * BLOCK_M * A_STRIDE + u * BK) / 8u, A_STRIDE / 8u,
              gl_CooperativeMatrixLayoutColumnMajor);
          acc[b] = coopMatMulAdd(w, x, acc[b]);
        }
      }
    }
  }

  [[unroll]] for (uint b = 0; b < BLOCKS; b++) {
    if (b < b1) {
      barrier(); // cTile is free
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
    }
  }
}
