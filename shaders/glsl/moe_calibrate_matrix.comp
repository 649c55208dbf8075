#version 460
// The matrix path's ceiling for `moe-bench calibrate`: each invocation (MATRIX_UNITS 0, fp32 FMAs
// on vec4) or each subgroup (MATRIX_UNITS 1, coopMatMulAdd on CM_M x CM_N x CM_K fragments) runs
// `iterations` steps of CHAINS independent multiply-adds on register-resident operands, so only the
// arithmetic units limit it. The sum is stored at the end so the loop cannot be dropped.
// (lavapipe ends an invocation's loops after about 65535 iterations in total: the host keeps
// `iterations` below that there.)
#extension GL_KHR_shader_subgroup_basic : require
#include "moe_calibrate_common.glsl"

layout(constant_id = 1) const uint CM_M = 16;
layout(constant_id = 2) const uint CM_N = 16;
layout(constant_id = 3) const uint CM_K = 16;

layout(buffer_reference, std430, buffer_reference_align = 4) buffer Sink { float values[]; };

layout(push_constant) uniform Push {
  uvec2 sink;      // one float per invocation (fp32) or CM_M * CM_N per subgroup (matrix units)
  uint iterations;
  float seed;      // a run-time value: nothing folds at compile time
};

const uint CHAINS = 8;

#if MATRIX_UNITS

#extension GL_KHR_cooperative_matrix : require
#extension GL_KHR_memory_scope_semantics : require
#extension GL_EXT_shader_explicit_arithmetic_types_float16 : require
#if DTYPE_BF16
#extension GL_EXT_bfloat16 : require
#define MATRIX_T bfloat16_t
#else
#define MATRIX_T float16_t
#endif

void main() {
  coopmat<MATRIX_T, gl_ScopeSubgroup, CM_M, CM_K, gl_MatrixUseA> a =
      coopmat<MATRIX_T, gl_ScopeSubgroup, CM_M, CM_K, gl_MatrixUseA>(MATRIX_T(seed));
  coopmat<MATRIX_T, gl_ScopeSubgroup, CM_K, CM_N, gl_MatrixUseB> b =
      coopmat<MATRIX_T, gl_ScopeSubgroup, CM_K, CM_N, gl_MatrixUseB>(MATRIX_T(seed));
  coopmat<float, gl_ScopeSubgroup, CM_M, CM_N, gl_MatrixUseAccumulator> acc[CHAINS];
  [[unroll]] for (uint c = 0; c < CHAINS; c++) {
    acc[c] = coopmat<float, gl_ScopeSubgroup, CM_M, CM_N, gl_MatrixUseAccumulator>(float(c));
  }
  for (uint i = 0; i < iterations; i++) {
    [[unroll]] for (uint c = 0; c < CHAINS; c++) {
      acc[c] = coopMatMulAdd(a, b, acc[c]);
    }
  }
  [[unroll]] for (uint c = 1; c < CHAINS; c++) {
    acc[0] = acc[0] + acc[c];
  }
  uint subgroup = gl_WorkGroupID.x * gl_NumSubgroups + gl_SubgroupID;
  coopMatStore(acc[0], Sink(sink).values, subgroup * CM_M * CM_N, CM_N, gl_CooperativeMatrixLayoutRowMajor);
}

#else

void main() {
  vec4 scale = vec4(seed);
  vec4 offset = vec4(1.0 - seed);
  vec4 acc[CHAINS];
  [[unroll]] for (uint c = 0; c < CHAINS; c++) {
    acc[c] = vec4(float(gl_LocalInvocationID.x + c));
  }
  for (uint i = 0; i < iterations; i++) {
    [[unroll]] for (uint c = 0; c < CHAINS; c++) {
      acc[c] = fma(acc[c], scale, offset);
    }
  }
  vec4 sum = vec4(0.0);
  [[unroll]] for (uint c = 0; c < CHAINS; c++) {
    sum += acc[c];
  }
  Sink(sink).values[gl_GlobalInvocationID.x] = dot(sum, vec4(1.0));
}

#endif
