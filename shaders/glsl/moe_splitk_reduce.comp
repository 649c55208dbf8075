#version 460
// Split-K's second pass: C = the sum of the SPLIT_K fp32 partial sums that moe_gemm_coopmat.comp
// wrote for each pair of C, rounded once to the 16-bit type, parts added in order (deterministic).
// Every routed row's pairs are written by each part, so no buffer needs clearing between launches.
// One invocation per pair, in a grid-stride loop (the host caps the workgroup count).
#include "moe_common.glsl"

void main() {
  uint rowPairs = problem.n >> 1;
  uint pairs = problem.sentinel * rowPairs;
  for (uint i = gl_GlobalInvocationID.x; i < pairs; i += gl_NumWorkGroups.x * WG) {
    vec2 sum = partials[i];
    for (uint part = 1u; part < SPLIT_K; part++) {
      sum += partials[part * pairs + i];
    }
    storeOutputPair(int(i / rowPairs), 2u * (i % rowPairs), sum.x, sum.y);
  }
}
