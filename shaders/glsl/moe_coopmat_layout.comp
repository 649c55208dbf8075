#version 460
// Where the elements of a cooperative B matrix (CM_K x CM_N, the kernel's 16-bit type) sit in a
// subgroup's invocations: GL_KHR_cooperative_matrix leaves it to the device, and the coopmat kernel's
// direct weight loads need it to pack the weights (the host's FragmentLayout). One subgroup loads a
// matrix of row indices, then one of column indices, and writes what each invocation's element i
// holds: values[pass][lane][i] (pass 0 rows, 1 columns; MAX_LENGTH per lane), then their count.
// With COOPMAT_EMULATED the emulation's own layout is reported (moe_matrix_ops.glsl).
#include "moe_matrix_ops.glsl"
#extension GL_EXT_buffer_reference : require
#extension GL_EXT_buffer_reference_uvec2 : require
#extension GL_EXT_control_flow_attributes : require
#extension GL_EXT_shader_explicit_arithmetic_types_float16 : require

layout(local_size_x_id = 0) in; // one subgroup
layout(constant_id = 1) const uint CM_K = 16;
layout(constant_id = 2) const uint CM_N = 16;
const uint MAX_LENGTH = CM_K * CM_N;
const uint B_LENGTH = CM_K * CM_N / gl_WorkGroupSize.x; // the emulation's

layout(buffer_reference, std430, buffer_reference_align = 4) writeonly buffer Values { float values[]; };
layout(push_constant) uniform Push {
  uvec2 target;
};

shared uvec4 source[CM_K * CM_N / 8u]; // column-major 16-bit values

uint toHalf(uint v) {
#if DTYPE_BF16
  return floatBitsToUint(float(v)) >> 16; // small integers: exact
#else
  return packHalf2x16(vec2(float(v), 0.0));
#endif
}

float fromHalf(uint bits) {
#if DTYPE_BF16
  return uintBitsToFloat(bits << 16);
#else
  return unpackHalf2x16(bits).x;
#endif
}

void main() {
  Values o = Values(target);
  uint lane = gl_SubgroupInvocationID; // the workgroup is one subgroup
  uint count = 0u;
  for (uint pass = 0u; pass < 2u; pass++) {
    for (uint w = lane; w < CM_K * CM_N / 2u; w += gl_WorkGroupSize.x) {
      uint e = 2u * w; // elements e and e + 1: rows e % CM_K and the next, column e / CM_K
      uint lo = pass == 0u ? e % CM_K : e / CM_K;
      uint hi = pass == 0u ? lo + 1u : lo;
      source[w >> 2][w & 3u] = toHalf(lo) | (toHalf(hi) << 16);
    }
    barrier();
    uint at = (pass * gl_WorkGroupSize.x + lane) * MAX_LENGTH;
#if COOPMAT_EMULATED
    count = B_LENGTH;
    for (uint i = 0u; i < B_LENGTH; i++) {
      uint e = EMULATED_B_ELEMENT(lane, i);
      o.values[at + i] = fromHalf(source[e >> 3][(e >> 1) & 3u] >> ((e & 1u) << 4));
    }
#else
    B_FRAGMENT b;
    coopMatLoad(b, source, 0, CM_K / 8u, gl_CooperativeMatrixLayoutColumnMajor);
    count = b.length();
    for (uint i = 0u; i < b.length(); i++) {
      o.values[at + i] = float(b[i]);
    }
#endif
    barrier();
  }
  if (lane == 0u) {
    o.values[2u * gl_WorkGroupSize.x * MAX_LENGTH] = float(count);
  }
}
