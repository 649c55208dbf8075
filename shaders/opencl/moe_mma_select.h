// The matrix instruction the kernels call, FRAG_MMA(d, a, b): the path header's frag_mma on the GPU,
// or its emulation on CPU devices (-DMOE_MMA_EMULATE), which needs a local scratch (MMA_SCRATCH, declared
// in the kernel, which must define WARPS and name its warp and lane `warp` and `lane`). UNROLL: unrolled on
// the GPU; rolled under emulation, so that PoCL keeps few barrier regions (the emulation has barriers).
// Included after the path header.
#ifndef MOE_MMA_SELECT_H
#define MOE_MMA_SELECT_H

#if defined(MOE_MMA_EMULATE)
#include "moe_mma_emulated.h"
#define MMA_SCRATCH __local uint mma_scratch[WARPS * MMA_SCRATCH_WORDS];
#define FRAG_MMA(d, a, b) frag_mma_emulated(d, a, b, mma_scratch + warp * MMA_SCRATCH_WORDS, lane)
#define UNROLL
#else
#define MMA_SCRATCH
#define FRAG_MMA(d, a, b) frag_mma(d, a, b)
#define UNROLL _Pragma("unroll")
#endif

#endif
