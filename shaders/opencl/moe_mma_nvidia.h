// NVIDIA matrix path: PTX mma.sync.aligned.m16n8k16.row.col.f32.{f16,bf16} (compute capability 8.0+),
// A fragments by ldmatrix, through inline assembly, which NVIDIA's OpenCL C accepts. Fragment layouts
// (PTX ISA, "Matrix Fragments for mma.m16n8k16 with floating point type"), g = lane / 4, t = lane % 4:
//   A (16x16, row): reg0 = (row g, k 2t..2t+1), reg1 = (g+8, 2t..), reg2 = (g, 2t+8..), reg3 = (g+8, 2t+8..)
//   B (16x8, col):  reg0 = (k 2t..2t+1, col g), reg1 = (k 2t+8..2t+9, col g); low half = lower k
//   C/D (16x8 f32): c0 = (g, 2t), c1 = (g, 2t+1), c2 = (g+8, 2t), c3 = (g+8, 2t+1)
#ifndef MOE_MMA_NVIDIA_H
#define MOE_MMA_NVIDIA_H

#define FRAG_N 8
#define ACC_N 4
#define ACC_ROW(lane, e) (((lane) >> 2) + (((e) >> 1) << 3))
#define ACC_COL(lane, e) ((((lane) & 3) << 1) + ((e) & 1))
// Where element A[row][k] and B[k][col] of a fragment live: lane, register (16-bit half = k & 1).
#define A_REGS 4
#define B_REGS 2
#define A_LANE(row, k) ((((row) & 7) << 2) + (((k) & 7) >> 1))
#define A_REG(row, k) (((row) >> 3) + (((k) >> 3) << 1))
#define B_LANE(k, col) (((col) << 2) + (((k) & 7) >> 1))
#define B_REG(k, col) ((k) >> 3)

#if defined(MOE_DTYPE_BF16)
#define MMA_TYPE "bf16"
#else
#define MMA_TYPE "f16"
#endif

typedef uint4 a_frag_t;
typedef uint2 b_frag_t;

// ldmatrix.x4 loads an A fragment: lane l gives the address of row A_LDM_ROW(l) at k A_LDM_K(l) (8 values,
// 16 bytes), lanes 8j..8j+7 the 8 rows of matrix j, which lands in register j of every lane (lane l: row l/4,
// words l%4). Matrix j is rows 8(j&1).., k 8(j>>1).., as A_REG(row, k) == j requires.
#define A_LDM_ROW(lane) ((lane) & 15)
#define A_LDM_K(lane) (((lane) >> 4) << 3)

// This lane's ldmatrix address in a 16x16 tile, in words from the tile's origin (rows `stride` words apart).
#define A_LDM_OFFSET(lane, stride) (A_LDM_ROW(lane) * (stride) + A_LDM_K(lane) / 2)

// The A fragment of the 16x16 tile whose origin is `at` - A_LDM_OFFSET(lane, stride) (rows `stride` words
// apart, 16-byte aligned, k pairs per word). The caller adds the lane's offset once, so that each fragment's
// address is a constant away from one register, which NVIDIA's compiler folds into the ldmatrix (a step of
// the blocks 1 and 2 tiles: 424 -> 407 and 548 -> 535 instructions on an H100, issue 6 session 14).
inline a_frag_t frag_load_a(__local const uint* at, int stride, int lane) {
#if defined(MOE_MMA_EMULATE)
  // What ldmatrix does, from the same row addresses: register j is word l%4 of the row lane 8j + l/4 gives.
  __local const uint* tile = at - A_LDM_OFFSET(lane, stride);
  uint r[A_REGS];
  for (int j = 0; j < A_REGS; j++) {
    const int source = 8 * j + (lane >> 2);
    r[j] = tile[A_LDM_OFFSET(source, stride) + (lane & 3)];
  }
  return (a_frag_t)(r[0], r[1], r[2], r[3]);
#else
  // __local is PTX's .shared state space (addrspace 3) in NVIDIA's OpenCL C and clang's nvptx target: the
  // pointer's integer value is the .shared window address, no cvta needed.
  const uint address = (uint)(size_t)at;
  uint a0;
  uint a1;
  uint a2;
  uint a3;
  PTX_ASM("ldmatrix.sync.aligned.m8n8.x4.shared.b16 {%0,%1,%2,%3}, [%4];"
          : "=r"(a0), "=r"(a1), "=r"(a2), "=r"(a3)
          : "r"(address));
  return (a_frag_t)(a0, a1, a2, a3);
#endif
}

// (x & mask) | bits in one instruction: NVIDIA's compiler otherwise emits an AND and an OR (a LOP3 takes
// one immediate), one more instruction per pair of weights (docs/PERF.md, session 9).
inline uint mask_or(uint x, uint mask, uint bits) {
#if defined(MOE_MMA_EMULATE)
  return (x & mask) | bits;
#else
  uint r;
  PTX_ASM("lop3.b32 %0, %1, %2, %3, 0xEA;" : "=r"(r) : "r"(x), "r"(mask), "r"(bits)); // 0xEA: (a & b) | c
  return r;
#endif
}

// Asynchronous 16-byte copies from global to local memory (cp.async, compute capability 8.0+): `to`
// gets the uint4 at `from`, or zeros when !live (`from` is then not read). They land after
// COPY_WAIT_ALL, visible to the work-group after the barrier that follows it. Emulated: plain copies.
inline void copy_quad_async(__local uint* to, __global const uint* from, bool live) {
#if defined(MOE_MMA_EMULATE)
  *(__local uint4*)to = live ? *(__global const uint4*)from : (uint4)(0u);
#else
  const uint address = (uint)(size_t)to; // the .shared window address, as in frag_load_a
  PTX_ASM("cp.async.cg.shared.global [%0], [%1], 16, %2;" ::"r"(address), "l"(from), "r"(live ? 16 : 0) : "memory");
#endif
}

#if defined(MOE_MMA_EMULATE)
#define COPY_COMMIT()
#define COPY_WAIT_ALL()
#else
#define COPY_COMMIT() PTX_ASM("cp.async.commit_group;" ::: "memory")
#define COPY_WAIT_ALL() PTX_ASM("cp.async.wait_all;" ::: "memory")
#endif

#if !defined(MOE_MMA_EMULATE)
// d += A * B for one 16x8 fragment.
inline void frag_mma(float* d, a_frag_t a, b_frag_t b) {
  float d0 = d[0];
  float d1 = d[1];
  float d2 = d[2];
  float d3 = d[3];
  PTX_ASM("mma.sync.aligned.m16n8k16.row.col.f32." MMA_TYPE "." MMA_TYPE ".f32 "
               "{%0,%1,%2,%3}, {%4,%5,%6,%7}, {%8,%9}, {%0,%1,%2,%3};"
               : "+f"(d0), "+f"(d1), "+f"(d2), "+f"(d3)
               : "r"(a.s0), "r"(a.s1), "r"(a.s2), "r"(a.s3), "r"(b.s0), "r"(b.s1));
  d[0] = d0;
  d[1] = d1;
  d[2] = d2;
  d[3] = d3;
}
#endif

#endif
