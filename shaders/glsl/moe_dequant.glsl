// int4 dequantisation of both weight layouts (DOMAIN.md "Weight layouts"): value = (q - z) * scale,
// z = 8 without zero points. Both layouts put 8 consecutive k of one n in one little-endian 32-bit
// word, so word (n, k/8) sits at n*K/8 + k/8 in either; only the nibble order inside it differs.
// (q - z) * scale is exact in fp32 (a 5-bit integer times an 11- or 8-bit mantissa), as in the oracle.
#ifndef MOE_DEQUANT_GLSL
#define MOE_DEQUANT_GLSL

#include "moe_common.glsl"

struct ExpertData {
  QuantWords q;
  ScaleWords s;
  ZeroWords z;
};

ExpertData expertData(int e) {
  uint i = uint(PLANTED_EXPERT(e)) * 3u;
  return ExpertData(QuantWords(expertAddress[i]), ScaleWords(expertAddress[i + 1u]), ZeroWords(expertAddress[i + 2u]));
}

// The 32-bit word holding k = k8*8 .. k8*8+7 of row n.
uint quantWord(ExpertData d, uint n, uint k8) {
  uint i = n * (problem.k >> 3) + k8;
  return d.q.quads[i >> 2][i & 3u];
}

// The four words holding k = k32*32 .. k32*32+31 of row n (K is a multiple of 32).
uvec4 quantQuad(ExpertData d, uint n, uint k32) {
  return d.q.quads[n * (problem.k >> 5) + k32];
}

// The int4 value of the i-th consecutive k (0..7) in a word.
uint nibble(uint word, uint i) {
#if LAYOUT_EXLLAMA
  // nibble order [0,2,4,6,1,3,5,7]: even k in bits 0-15, odd k in bits 16-31
  return (PLANTED_WEIGHT_WORD(word) >> (((i & 1u) << 4) | ((i >> 1) << 2))) & 0xfu;
#else
  return (PLANTED_WEIGHT_WORD(word) >> (i << 2)) & 0xfu;
#endif
}

// Each group value in two halves, the load (...Word) and the conversion (...Of the word), so a kernel can
// load a step ahead and convert when it uses the value: converting at once makes the warp wait for the
// load right there (the Vulkan coopmat kernel's K loop did, issue 6 session 12).
uint scaleIndex(uint n, uint g) {
  return n * (problem.k / GROUP_SIZE) + PLANTED_SCALE_GROUP(g, problem.k / GROUP_SIZE);
}

uint groupScaleWord(ExpertData d, uint n, uint g) {
  return d.s.words[scaleIndex(n, g) >> 1];
}

float groupScaleOf(uint word, uint n, uint g) {
  return halfToFloat(word >> ((scaleIndex(n, g) & 1u) << 4));
}

float groupScale(ExpertData d, uint n, uint g) {
  return groupScaleOf(groupScaleWord(d, n, g), n, g);
}

uint zeroIndex(uint n, uint g) {
  return (n >> 1) * (problem.k / GROUP_SIZE) + g;
}

uint groupZeroWord(ExpertData d, uint n, uint g) {
#if HAS_ZEROS
  return d.z.words[zeroIndex(n, g) >> 2];
#else
  return 0u;
#endif
}

float groupZeroOf(uint word, uint n, uint g) {
#if HAS_ZEROS
  uint zeroByte = word >> ((zeroIndex(n, g) & 3u) << 3);
  return float((zeroByte >> ((n & 1u) << 2)) & 0xfu);
#else
  return 8.0;
#endif
}

float groupZero(ExpertData d, uint n, uint g) {
  return groupZeroOf(groupZeroWord(d, n, g), n, g);
}

// The i-th of 8 consecutive weights in a word, given its group's scale and zero point.
float dequant(uint word, uint i, float scale, float zero) {
  return (float(nibble(word, i)) - zero) * scale;
}

#endif
