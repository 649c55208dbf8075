#version 460
// W4A16 MoE grouped GEMM without matrix units (any Vulkan 1.3 device, e.g. lavapipe): a workgroup
// computes up to BLOCKS consecutive blocks of BLOCK_M sorted rows of one expert (a piece of its run;
// TILE_M rows, those past the piece masked) x BN columns of C; each invocation owns TM rows x TN
// columns, accumulating in fp32 from A and dequantised-B tiles staged in shared memory.
#include "moe_common.glsl"
#include "moe_dequant.glsl"

layout(constant_id = 6) const uint TN = 4; // columns per invocation, even (stored as pairs)

const uint TX = BN / TN;                     // invocations along N
const uint TY = WG / TX;                     // invocations along M
const uint TM = (TILE_M + TY - 1u) / TY;     // rows per invocation (the last may be partial)
const uint PAIRS = TN / 2u;

shared float aTile[TILE_M * BK]; // [row][k]
shared float bTile[BK * BN];      // [k][column]

// The run of the workgroup's blocks b0 .. b1-1, all of expert `expert`.
void computeRun(int expert, uint b0, uint b1) {
  uint col0 = gl_WorkGroupID.y * BN;
  uint tid = gl_LocalInvocationID.x;
  uint tx = tid % TX;
  uint ty = tid / TX;
  ExpertData ex = expertData(expert);
  gatherRunRows(b0, b1);

  float acc[TM][TN];
  [[unroll]] for (uint i = 0; i < TM; i++) {
    [[unroll]] for (uint j = 0; j < TN; j++) {
      acc[i][j] = 0.0;
    }
  }
  barrier();

  for (uint k0 = 0; k0 < K_END; k0 += BK) {
    for (uint i = tid; i < TILE_M * (BK / 2u); i += WG) {
      uint r = i / (BK / 2u);
      uint w = i % (BK / 2u);
      int aRow = blockARow[r];
      uint word = aRow < 0 ? 0u : activationWord(uint(aRow), (k0 >> 1) + w);
      aTile[r * BK + 2u * w] = halfToFloat(word);
      aTile[r * BK + 2u * w + 1u] = halfToFloat(word >> 16);
    }
    for (uint i = tid; i < BN * (BK / 8u); i += WG) {
      uint c = i / (BK / 8u);
      uint w = i % (BK / 8u);
      uint n = col0 + c;
      uint kk = k0 + 8u * w;
      uint g = kk / GROUP_SIZE;
      float scale = groupScale(ex, n, g);
      float zero = groupZero(ex, n, g);
      uint word = quantWord(ex, n, kk >> 3);
      [[unroll]] for (uint j = 0; j < 8u; j++) {
        bTile[(8u * w + j) * BN + c] = dequant(word, j, scale, zero);
      }
    }
    barrier();
    for (uint kk = 0; kk < BK; kk++) {
      float a[TM];
      [[unroll]] for (uint i = 0; i < TM; i++) {
        uint r = ty + i * TY;
        a[i] = r < TILE_M ? aTile[r * BK + kk] : 0.0;
      }
      [[unroll]] for (uint p = 0; p < PAIRS; p++) {
        uint c = 2u * (tx + p * TX);
        float bLo = bTile[kk * BN + c];
        float bHi = bTile[kk * BN + c + 1u];
        [[unroll]] for (uint i = 0; i < TM; i++) {
          acc[i][2u * p] += a[i] * bLo;
          acc[i][2u * p + 1u] += a[i] * bHi;
        }
      }
    }
    barrier();
  }

  [[unroll]] for (uint i = 0; i < TM; i++) {
    uint r = ty + i * TY;
    if (r < TILE_M && blockCRow[r] >= 0) {
      [[unroll]] for (uint p = 0; p < PAIRS; p++) {
        storeOutputPair(blockCRow[r], col0 + 2u * (tx + p * TX), acc[i][2u * p], acc[i][2u * p + 1u]);
      }
    }
  }
}

void main() {
  computeRun(blockExpert(0u), 0u, runEnd(0u)); // the workgroup's piece: one expert's blocks (pieceStart)
}
