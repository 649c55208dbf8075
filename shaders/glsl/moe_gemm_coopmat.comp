#version 460
// W4A16 MoE grouped GEMM on matrix units through GL_KHR_cooperative_matrix (NVIDIA mma, AMD RDNA3
// WMMA). A workgroup of SG_M x SG_N full subgroups computes one block of BLOCK_M sorted rows x BN
// columns; each subgroup owns TILES_M x TILES_N accumulators of CM_M x CM_N (fp32). Per BK step the
// gathered A rows and the dequantised int4 weights are staged in shared memory as 16-bit floats
// (the next step's global loads are issued before this step's multiplies, to hide their latency);
// at the end the accumulators pass through shared memory to be rounded and scattered to C rows.
// The matrix operations come from moe_matrix_ops.glsl (cooperative matrices, or their emulation).
#include "moe_matrix_ops.glsl"
#include "moe_common.glsl"
#include "moe_dequant.glsl"

layout(constant_id = 5) const uint SG_M = 1;  // subgroups along M
layout(constant_id = 6) const uint SG_N = 4;  // subgroups along N
layout(constant_id = 7) const uint CM_M = 16; // cooperative matrix shape, as the device lists it
layout(constant_id = 8) const uint CM_N = 16;
layout(constant_id = 9) const uint CM_K = 16;

const uint TILES_M = BLOCK_M / (SG_M * CM_M);
const uint TILES_N = BN / (SG_N * CM_N);
// Row strides in elements: multiples of 16 bytes (coopMatLoad/Store alignment), padded off a power
// of two to spread shared-memory banks.
const uint A_STRIDE = BK + 8u;
const uint B_STRIDE = BK + 8u;
const uint C_STRIDE = BN + 4u;
const uint A_QUADS = BLOCK_M * (BK / 8u); // uvec4 of eight 16-bit activations
const uint B_QUADS = BN * (BK / 32u);     // uvec4 of 32 int4 weights
const uint A_LOADS = (A_QUADS + WG - 1u) / WG;
const uint B_LOADS = (B_QUADS + WG - 1u) / WG;

shared MATRIX_T aTile[BLOCK_M * A_STRIDE]; // [row][k]
shared MATRIX_T bTile[BN * B_STRIDE];      // [column][k]: the BK x BN operand, column-major
shared float cTile[BLOCK_M * C_STRIDE];    // [row][column]

// The next step's global data, held in registers while the current step multiplies.
uvec4 aRegs[A_LOADS];
uvec4 bRegs[B_LOADS];
vec4 bScales[B_LOADS];
vec4 bZeros[B_LOADS];

void loadStep(ExpertData ex, uint col0, uint k0) {
  [[unroll]] for (uint l = 0; l < A_LOADS; l++) {
    uint i = gl_LocalInvocationID.x + l * WG;
    aRegs[l] = uvec4(0);
    if (i < A_QUADS) {
      int aRow = blockARow[i / (BK / 8u)];
      if (aRow >= 0) {
        aRegs[l] = aQuads[(uint(aRow) * problem.k + k0) / 8u + i % (BK / 8u)];
      }
    }
  }
  [[unroll]] for (uint l = 0; l < B_LOADS; l++) {
    uint i = gl_LocalInvocationID.x + l * WG;
    if (i < B_QUADS) {
      uint n = col0 + i / (BK / 32u);
      uint k = k0 + 32u * (i % (BK / 32u));
      bRegs[l] = quantQuad(ex, n, k >> 5);
      if (GROUP_SIZE % 32u == 0u) { // one group for all 32 weights
        bScales[l] = vec4(groupScale(ex, n, k / GROUP_SIZE));
        bZeros[l] = vec4(groupZero(ex, n, k / GROUP_SIZE));
      } else {
        [[unroll]] for (uint w = 0; w < 4u; w++) {
          bScales[l][w] = groupScale(ex, n, (k + 8u * w) / GROUP_SIZE);
          bZeros[l][w] = groupZero(ex, n, (k + 8u * w) / GROUP_SIZE);
        }
      }
    }
  }
}

void storeStep() {
  [[unroll]] for (uint l = 0; l < A_LOADS; l++) {
    uint i = gl_LocalInvocationID.x + l * WG;
    if (i < A_QUADS) {
      uint base = (i / (BK / 8u)) * A_STRIDE + 8u * (i % (BK / 8u));
      [[unroll]] for (uint w = 0; w < 4u; w++) {
        aTile[base + 2u * w] = TO_MATRIX(halfToFloat(aRegs[l][w]));
        aTile[base + 2u * w + 1u] = TO_MATRIX(halfToFloat(aRegs[l][w] >> 16));
      }
    }
  }
  [[unroll]] for (uint l = 0; l < B_LOADS; l++) {
    uint i = gl_LocalInvocationID.x + l * WG;
    if (i < B_QUADS) {
      uint base = (i / (BK / 32u)) * B_STRIDE + 32u * (i % (BK / 32u));
      [[unroll]] for (uint w = 0; w < 4u; w++) {
        [[unroll]] for (uint j = 0; j < 8u; j++) {
          bTile[base + 8u * w + j] = TO_MATRIX(dequant(bRegs[l][w], j, bScales[l][w], bZeros[l][w]));
        }
      }
    }
  }
}

void main() {
  uint block = gl_WorkGroupID.x;
  int expert = expertIds[block];
  if (expert < 0) {
    return; // padding block: the whole workgroup leaves before any barrier
  }
  uint col0 = gl_WorkGroupID.y * BN;
  uint rowBase = (gl_SubgroupID / SG_N) * TILES_M * CM_M;
  uint colBase = (gl_SubgroupID % SG_N) * TILES_N * CM_N;
  ExpertData ex = expertData(expert);
  gatherBlockRows(block);

  ACCUMULATOR acc[TILES_M * TILES_N];
  [[unroll]] for (uint t = 0; t < TILES_M * TILES_N; t++) {
    ZERO_ACCUMULATOR(acc[t]);
  }
  barrier();
  loadStep(ex, col0, 0u);

  for (uint k0 = 0; k0 < K_END; k0 += BK) {
    storeStep();
    barrier();
    if (k0 + BK < problem.k) {
      loadStep(ex, col0, k0 + BK);
    }
    [[unroll]] for (uint kk = 0; kk < BK; kk += CM_K) {
      A_FRAGMENT a[TILES_M];
      [[unroll]] for (uint i = 0; i < TILES_M; i++) {
        LOAD_A(a[i], (rowBase + i * CM_M) * A_STRIDE + kk);
      }
      [[unroll]] for (uint j = 0; j < TILES_N; j++) {
        B_FRAGMENT b;
        LOAD_B(b, (colBase + j * CM_N) * B_STRIDE + kk);
        [[unroll]] for (uint i = 0; i < TILES_M; i++) {
          MULTIPLY_ADD(acc[i * TILES_N + j], a[i], b);
        }
      }
    }
    barrier();
  }

  [[unroll]] for (uint i = 0; i < TILES_M; i++) {
    [[unroll]] for (uint j = 0; j < TILES_N; j++) {
      STORE_C(acc[i * TILES_N + j], (rowBase + i * CM_M) * C_STRIDE + colBase + j * CM_N);
    }
  }
  barrier();
  for (uint i = gl_LocalInvocationID.x; i < BLOCK_M * (BN / 2u); i += WG) {
    uint r = i / (BN / 2u);
    uint c = 2u * (i % (BN / 2u));
    int cRow = blockCRow[r];
    if (cRow >= 0) {
      storeOutputPair(cRow, col0 + c, cTile[r * C_STRIDE + c], cTile[r * C_STRIDE + c + 1u]);
    }
  }
}
