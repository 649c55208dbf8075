// The matrix operations of moe_gemm_coopmat.comp, as macros over its shared tiles aTile (row-major,
// A_STRIDE), bTile (column-major, B_STRIDE) and cTile (row-major, C_STRIDE), with offsets and
// strides in elements, as GL_KHR_cooperative_matrix defines them.
//
// COOPMAT_EMULATED 0: cooperative matrices (NVIDIA mma, RDNA3 WMMA).
// COOPMAT_EMULATED 1: scalar stand-ins with the same memory semantics, so devices without
//   cooperative matrices (lavapipe in CI) run and check the kernel's tiling, gathers and stores.
//   As on hardware, lane l of a subgroup owns accumulator elements l, l + subgroup size, ...; a
//   fragment is the offset of its tile, read by the multiply in the same barrier interval as the
//   real load would read it. (Few loop iterations on purpose: lavapipe ends every loop of an
//   invocation after about 65535 iterations in total, which per-lane 16x16x16 loops exceed.)
//   bf16 tiles hold raw bits there (lavapipe has no bfloat16 type).
// Included first: it only declares extensions and macros, expanded where the kernel uses them.
#ifndef MOE_MATRIX_OPS_GLSL
#define MOE_MATRIX_OPS_GLSL

#extension GL_KHR_shader_subgroup_basic : require

#if COOPMAT_EMULATED

#if DTYPE_BF16
#extension GL_EXT_shader_explicit_arithmetic_types_int16 : require
#define MATRIX_T uint16_t
#define TO_MATRIX(x) uint16_t(floatToBf16(x))
#define FROM_MATRIX(v) bf16ToFloat(uint(v))
#else
#extension GL_EXT_shader_explicit_arithmetic_types_float16 : require
#define MATRIX_T float16_t
#define TO_MATRIX(x) float16_t(x)
#define FROM_MATRIX(v) float(v)
#endif

#define A_FRAGMENT uint
#define B_FRAGMENT uint
#define ACCUMULATOR float[CM_M * CM_N]
#define ZERO_ACCUMULATOR(acc) \
  for (uint e_ = gl_SubgroupInvocationID; e_ < CM_M * CM_N; e_ += gl_SubgroupSize) { acc[e_] = 0.0; }
#define LOAD_A(frag, offset) frag = (offset)
#define LOAD_B(frag, offset) frag = (offset)
#define MULTIPLY_ADD(acc, a, b) \
  for (uint e_ = gl_SubgroupInvocationID; e_ < CM_M * CM_N; e_ += gl_SubgroupSize) { \
    float s_ = acc[e_]; \
    [[unroll]] for (uint k_ = 0; k_ < CM_K; k_++) { \
      s_ += FROM_MATRIX(aTile[a + (e_ / CM_N) * A_STRIDE + k_]) * FROM_MATRIX(bTile[b + (e_ % CM_N) * B_STRIDE + k_]); \
    } \
    acc[e_] = s_; }
#define STORE_C(acc, offset) \
  for (uint e_ = gl_SubgroupInvocationID; e_ < CM_M * CM_N; e_ += gl_SubgroupSize) { \
    cTile[(offset) + (e_ / CM_N) * C_STRIDE + e_ % CM_N] = acc[e_]; }

#else

#extension GL_KHR_cooperative_matrix : require
#extension GL_KHR_memory_scope_semantics : require
#extension GL_EXT_shader_explicit_arithmetic_types_float16 : require
#if DTYPE_BF16
#extension GL_EXT_bfloat16 : require
#define MATRIX_T bfloat16_t
#else
#define MATRIX_T float16_t
#endif
#define TO_MATRIX(x) MATRIX_T(x)
#define FROM_MATRIX(v) float(v)

#define A_FRAGMENT coopmat<MATRIX_T, gl_ScopeSubgroup, CM_M, CM_K, gl_MatrixUseA>
#define B_FRAGMENT coopmat<MATRIX_T, gl_ScopeSubgroup, CM_K, CM_N, gl_MatrixUseB>
#define ACCUMULATOR coopmat<float, gl_ScopeSubgroup, CM_M, CM_N, gl_MatrixUseAccumulator>
#define ZERO_ACCUMULATOR(acc) acc = ACCUMULATOR(0.0)
#define LOAD_A(frag, offset) coopMatLoad(frag, aTile, offset, A_STRIDE, gl_CooperativeMatrixLayoutRowMajor)
#define LOAD_B(frag, offset) coopMatLoad(frag, bTile, offset, B_STRIDE, gl_CooperativeMatrixLayoutColumnMajor)
#define MULTIPLY_ADD(acc, a, b) acc = coopMatMulAdd(a, b, acc)
#define STORE_C(acc, offset) coopMatStore(acc, cTile, offset, C_STRIDE, gl_CooperativeMatrixLayoutRowMajor)

#endif

#endif
