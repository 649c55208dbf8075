#version 460
// Copy bandwidth as a kernel gets it, for `moe-bench calibrate`: every invocation copies 16-byte
// words at a grid stride, COPY_UNROLL loads in flight before their stores. (vkCmdCopyBuffer is no
// measure of that: NVIDIA runs Vulkan transfer commands on a copy engine, at a fraction of what
// shaders stream.)
#include "moe_calibrate_common.glsl"

layout(constant_id = 1) const uint QUADS = 1; // uvec4 to copy, below 2^31

layout(buffer_reference, std430, buffer_reference_align = 16) readonly buffer Source { uvec4 quads[]; };
layout(buffer_reference, std430, buffer_reference_align = 16) writeonly buffer Destination { uvec4 quads[]; };

layout(push_constant) uniform Push {
  uvec2 source;
  uvec2 destination;
};

const uint COPY_UNROLL = 4;

void main() {
  uint threads = gl_NumWorkGroups.x * gl_WorkGroupSize.x;
  Source from = Source(source);
  Destination to = Destination(destination);
  for (uint i = gl_GlobalInvocationID.x; i < QUADS; i += COPY_UNROLL * threads) {
    uvec4 v[COPY_UNROLL];
    [[unroll]] for (uint u = 0; u < COPY_UNROLL; u++) {
      uint j = i + u * threads;
      v[u] = uvec4(0);
      if (j < QUADS) {
        v[u] = from.quads[j];
      }
    }
    [[unroll]] for (uint u = 0; u < COPY_UNROLL; u++) {
      uint j = i + u * threads;
      if (j < QUADS) {
        to.quads[j] = v[u];
      }
    }
  }
}
