// The matrix operations of moe_gemm_coopmat.comp, as macros over its shared tiles aTile (row-major,
// A_STRIDE), bTile (column-major, B_STRIDE) and cTile (row-major, C_STRIDE). aTile and bTile are
// uvec4 arrays of raw 16-bit values (eight per element: the kernel fills them with 16-byte stores);
// offsets and strides below are in 16-bit elements, multiples of 8, and GL_KHR_cooperative_matrix
// reads such arrays in units of their own element type.
//
// COOPMAT_EMULATED 0: cooperative matrices (NVIDIA mma, RDNA3 WMMA).
// COOPMAT_EMULATED 1: scalar stand-ins with the same memory semantics, so devices without
//   cooperative matrices (lavapipe in CI) run and check the kernel's tiling, gathers and stores.
//   As on hardware, lane l of a subgroup owns accumulator elements l, l + subgroup size, ...; a
//   fragment is the offset of its tile, read by the multiply in the same barrier interval as the
//   real load would read it. (Few loop iterations on purpose: lavapipe ends every loop of an
//   invocation after about 65535 iterations in total, which per-lane 16x16x16 loops exceed.)
//
// B fragments built in registers (the kernel's direct weight loads): element i of an invocation's
// B fragment is set with B_SET; where each element sits in the CM_K x CM_N matrix is the device's
// own layout, which the host probes with moe_coopmat_layout.comp and the kernel reads back from a
// loaded fragment. The emulation's layout: element i of lane l is element l * B_LENGTH + i of the
// matrix in column-major order (a lane holds whole runs of one column), kept in a shared scratch
// matrix per subgroup, bScratch, that the emulated multiply reads after B_READY.
// Included first: it only declares extensions and macros, expanded where the kernel uses them.
#ifndef MOE_MATRIX_OPS_GLSL
#define MOE_MATRIX_OPS_GLSL

#extension GL_KHR_shader_subgroup_basic : require
#extension GL_KHR_memory_scope_semantics : require

#if COOPMAT_EMULATED

// 16-bit element i of a uvec4 tile, as a float.
#define TILE_VALUE(tile, i) halfToFloat(tile[(i) >> 3u][((i) >> 1u) & 3u] >> (((i) & 1u) << 4u))
#define A_FRAGMENT uint
#define B_FRAGMENT uint
#define ACCUMULATOR float[CM_M * CM_N]
#define ZERO_ACCUMULATOR(acc) \
  for (uint e_ = gl_SubgroupInvocationID; e_ < CM_M * CM_N; e_ += gl_SubgroupSize) { acc[e_] = 0.0; }
#define LOAD_A(frag, offset) frag = (offset)
#define LOAD_B(frag, offset) frag = (offset)
// B element (k, n) of the fragment at b: staged in bTile, or built in bScratch (direct loads).
#define B_VALUE(b, k, n) (DIRECT_B ? bScratch[(b) + (n) * CM_K + (k)] : TILE_VALUE(bTile, (b) + (n) * B_STRIDE + (k)))
#define MULTIPLY_ADD(acc, a, b) \
  for (uint e_ = gl_SubgroupInvocationID; e_ < CM_M * CM_N; e_ += gl_SubgroupSize) { \
    float s_ = acc[e_]; \
    [[unroll]] for (uint k_ = 0; k_ < CM_K; k_++) { \
      s_ += TILE_VALUE(aTile, a + (e_ / CM_N) * A_STRIDE + k_) * B_VALUE(b, k_, e_ % CM_N); \
    } \
    acc[e_] = s_; }
#define B_START(b) b = gl_SubgroupID * CM_K * CM_N
// rounded to the 16-bit type, as the real fragment's element is
#define B_SET(b, i, v) bScratch[(b) + gl_SubgroupInvocationID * B_LENGTH + (i)] = halfToFloat(floatToHalf(float(v)))
// the subgroup's elements written before the multiply reads them, and read before they are overwritten
#define B_READY() subgroupMemoryBarrierShared(); subgroupBarrier()
#define B_DONE() subgroupBarrier()
// Column-major element of lane l's element i, in the emulated layout.
#define EMULATED_B_ELEMENT(l, i) ((l) * B_LENGTH + (i))
#define STORE_C(acc, offset) \
  for (uint e_ = gl_SubgroupInvocationID; e_ < CM_M * CM_N; e_ += gl_SubgroupSize) { \
    cTile[(offset) + (e_ / CM_N) * C_STRIDE + e_ % CM_N] = acc[e_]; }

#else

#extension GL_KHR_cooperative_matrix : require
#extension GL_EXT_shader_explicit_arithmetic_types_float16 : require
#if DTYPE_BF16
#extension GL_EXT_bfloat16 : require
#define MATRIX_T bfloat16_t
#else
#define MATRIX_T float16_t
#endif

#define A_FRAGMENT coopmat<MATRIX_T, gl_ScopeSubgroup, CM_M, CM_K, gl_MatrixUseA>
#define B_FRAGMENT coopmat<MATRIX_T, gl_ScopeSubgroup, CM_K, CM_N, gl_MatrixUseB>
#define ACCUMULATOR coopmat<float, gl_ScopeSubgroup, CM_M, CM_N, gl_MatrixUseAccumulator>
#define ZERO_ACCUMULATOR(acc) acc = ACCUMULATOR(0.0)
#define LOAD_A(frag, offset) coopMatLoad(frag, aTile, (offset) / 8u, A_STRIDE / 8u, gl_CooperativeMatrixLayoutRowMajor)
#define LOAD_B(frag, offset) coopMatLoad(frag, bTile, (offset) / 8u, B_STRIDE / 8u, gl_CooperativeMatrixLayoutColumnMajor)
#define MULTIPLY_ADD(acc, a, b) acc = coopMatMulAdd(a, b, acc)
#define B_START(b)
#define B_SET(b, i, v) b[i] = MATRIX_T(v)
#define B_READY()
#define B_DONE()
#define STORE_C(acc, offset) coopMatStore(acc, cTile, offset, C_STRIDE, gl_CooperativeMatrixLayoutRowMajor)

#endif

#endif
