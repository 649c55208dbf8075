// AMD RDNA3 / RDNA3.5 (gfx11) matrix path: v_wmma_f32_16x16x16_{f16,bf16} in wave32 through clang's
// __builtin_amdgcn_wmma_f32_16x16x16_{f16,bf16}_w32. Fragment layouts (RDNA3 ISA, VGPR view for
// wave32); lanes 16-31 repeat lanes 0-15 for A and B:
//   A (16x16): lane l holds row l % 16, k = 0..15 (two per register, low half = lower k)
//   B (16x16): lane l holds column l % 16, k = 0..15
//   C/D (16x16 f32): element e of lane l is row 2e + l / 16, column l % 16
#ifndef MOE_MMA_GFX11_H
#define MOE_MMA_GFX11_H

#define FRAG_N 16
#define ACC_N 8
#define B_COL(lane) ((lane) & 15)
#define ACC_ROW(lane, e) (((e) << 1) + ((lane) >> 4))
#define ACC_COL(lane, e) ((lane) & 15)
// Where element A[row][k] and B[k][col] of a fragment live: lane, register (16-bit half = k & 1).
#define A_REGS 8
#define B_REGS 8
#define A_LANE(row, k) (row)
#define A_REG(row, k) ((k) >> 1)
#define B_LANE(k, col) (col)
#define B_REG(k, col) ((k) >> 1)

typedef uint8 a_frag_t;
typedef uint8 b_frag_t;

inline a_frag_t load_a_frag(__local const uint* a_tile, int m_base, int kk, int lane) {
  __local const uint* row = a_tile + (m_base + (lane & 15)) * A_STRIDE + (kk >> 1);
  return (uint8)(row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7]);
}

inline b_frag_t load_b_frag(__local const uint* w_tile, int n, int kk, int lane, int z) {
  __local const uint* column = w_tile + n * W_STRIDE + (kk >> 3);
  const uint lo = column[0];
  const uint hi = column[1];
  return (uint8)(centred_pair(octet_pair(lo, 0), z), centred_pair(octet_pair(lo, 1), z),
                 centred_pair(octet_pair(lo, 2), z), centred_pair(octet_pair(lo, 3), z),
                 centred_pair(octet_pair(hi, 0), z), centred_pair(octet_pair(hi, 1), z),
                 centred_pair(octet_pair(hi, 2), z), centred_pair(octet_pair(hi, 3), z));
}

#if !defined(MOE_MMA_EMULATE)
#if defined(MOE_DTYPE_F16)
#pragma OPENCL EXTENSION cl_khr_fp16 : enable
#endif

// d += A * B for one 16x16 fragment.
inline void frag_mma(float* d, a_frag_t a, b_frag_t b) {
  float8 c = (float8)(d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7]);
#if defined(MOE_DTYPE_BF16)
  c = __builtin_amdgcn_wmma_f32_16x16x16_bf16_w32(as_short16(a), as_short16(b), c);
#else
  c = __builtin_amdgcn_wmma_f32_16x16x16_f16_w32(as_half16(a), as_half16(b), c);
#endif
  d[0] = c.s0;
  d[1] = c.s1;
  d[2] = c.s2;
  d[3] = c.s3;
  d[4] = c.s4;
  d[5] = c.s5;
  d[6] = c.s6;
  d[7] = c.s7;
}
#endif

#endif
