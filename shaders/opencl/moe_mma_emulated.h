// Test-only stand-in for the warp-level matrix instruction (-DMOE_MMA_EMULATE): computes what the
// instruction computes from the fragment layout macros of the path header (A_LANE, A_REG, B_LANE,
// B_REG, ACC_ROW, ACC_COL), exchanging registers through local memory. It lets a CPU device check
// everything in moe_gemm_mma.cl and moe_gemm_nvidia.cl but the instruction itself: fragment loads,
// dequantisation, group scaling and stores. Every item of the work-group must call it equally often (it has barriers).
#ifndef MOE_MMA_EMULATED_H
#define MOE_MMA_EMULATED_H

#define MMA_SCRATCH_WORDS (32 * (A_REGS + B_REGS))

typedef union {
  a_frag_t v;
  uint r[A_REGS];
} a_regs_t;

typedef union {
  b_frag_t v;
  uint r[B_REGS];
} b_regs_t;

inline float fragment_value(uint word, int k) {
  return TO_FLOAT((k & 1) != 0 ? word >> 16 : word & 0xffffu);
}

// d += A * B for one fragment; scratch holds MMA_SCRATCH_WORDS for this warp.
inline void frag_mma_emulated(float* d, a_frag_t a, b_frag_t b, __local uint* scratch, int lane) {
  __local uint* a_words = scratch;                    // [lane][A_REGS]
  __local uint* b_words = scratch + 32 * A_REGS;      // [lane][B_REGS]
  a_regs_t ar;
  b_regs_t br;
  ar.v = a;
  br.v = b;
  for (int r = 0; r < A_REGS; r++) {
    a_words[lane * A_REGS + r] = ar.r[r];
  }
  for (int r = 0; r < B_REGS; r++) {
    b_words[lane * B_REGS + r] = br.r[r];
  }
  LOCAL_BARRIER();
  for (int e = 0; e < ACC_N; e++) {
    const int row = ACC_ROW(lane, e);
    const int col = ACC_COL(lane, e);
    float sum = d[e];
    for (int k = 0; k < 16; k++) {
      const float av = fragment_value(a_words[A_LANE(row, k) * A_REGS + A_REG(row, k)], k);
      const float bv = fragment_value(b_words[B_LANE(k, col) * B_REGS + B_REG(k, col)], k);
      sum += av * bv;
    }
    d[e] = sum;
  }
  LOCAL_BARRIER(); // the next call overwrites the scratch
}

#endif
