// Reading an expert's int4 weights, group scales and zero points. value = (q - z) * scale, z = 8
// without zero points. Both layouts keep the 8 consecutive k of one column n, k = 8j..8j+7 (an
// "octet"), in one uint32 at [n][j] of the expert's [N, K/8] words; they differ in nibble order:
// GPTQ plain: nibble i is k = 8j + i; ExLlama shuffle: nibbles hold k order 0,2,4,6,1,3,5,7.
#ifndef MOE_DEQUANT_H
#define MOE_DEQUANT_H

#include "moe_common.h"

#if !defined(MOE_LAYOUT_EXLLAMA) && !defined(MOE_LAYOUT_GPTQ)
#error "define MOE_LAYOUT_EXLLAMA or MOE_LAYOUT_GPTQ"
#endif

// Offsets of expert e (counted from the first expert of the buffer) in its weight, scale and zero arrays.
inline size_t qweight_base(int expert) {
  return (size_t)expert * MOE_N * (MOE_K / 8);
}

inline size_t scale_base(int expert) {
  return (size_t)expert * MOE_N * MOE_GROUPS;
}

inline size_t zero_base(int expert) {
  return (size_t)expert * (MOE_N / 2) * MOE_GROUPS;
}

// The int4 value of k = 8j + i from the octet j of a column.
inline int octet_nibble(uint octet, int i) {
#if defined(MOE_LAYOUT_EXLLAMA)
  return (int)((PLANTED_WEIGHT_WORD(octet) >> (((i & 1) << 4) | ((i >> 1) << 2))) & 0xfu);
#else
  return (int)((PLANTED_WEIGHT_WORD(octet) >> (i << 2)) & 0xfu);
#endif
}

// The values of k = 8j + 2p and 8j + 2p + 1 in bits 0-3 and 16-19: the pairs 16-bit matrix operands need.
// The ExLlama order exists so that this is one shift and one mask.
inline uint octet_pair(uint octet, int p) {
#if defined(MOE_LAYOUT_EXLLAMA)
  return (PLANTED_WEIGHT_WORD(octet) >> (p << 2)) & 0x000f000fu;
#else
  uint byte = (PLANTED_WEIGHT_WORD(octet) >> (p << 3)) & 0xffu;
  return (byte & 0xfu) | ((byte & 0xf0u) << 12);
#endif
}

inline float group_scale(__global const ushort* scales, size_t base, int n, int group) {
  return TO_FLOAT(scales[base + (size_t)n * MOE_GROUPS + (size_t)PLANTED_SCALE_GROUP(group, MOE_GROUPS)]);
}

// Zero points are packed along N: byte [n/2][group], low nibble = even n.
inline int zero_point(__global const uchar* zeros, size_t base, int n, int group) {
#if defined(MOE_HAS_ZEROS)
  uint byte = zeros[base + (size_t)(n >> 1) * MOE_GROUPS + (size_t)group];
  return (int)((byte >> ((n & 1) << 2)) & 0xfu);
#else
  return 8;
#endif
}

// The 16-bit float bits of a small integer v (|v| <= 15), exact: matrix units multiply q - z exactly
// and the group scale is applied to the fp32 partial sum afterwards.
inline uint small_int_to_half_bits(int v) {
  uint bits = as_uint((float)v);
#if defined(MOE_DTYPE_BF16)
  return bits >> 16;
#else
  // Re-bias the exponent (127 -> 15); the mantissa needs at most 4 bits, so nothing is rounded.
  return v == 0 ? 0u : (((bits >> 16) & 0x8000u) | (((bits >> 13) - (112u << 10)) & 0x7fffu));
#endif
}

// A nibble pair from octet_pair() minus the zero point, as two 16-bit floats of the dtype in one uint.
inline uint centred_pair(uint pair, int z) {
  return small_int_to_half_bits((int)(pair & 0xfu) - z) | (small_int_to_half_bits((int)(pair >> 16) - z) << 16);
}

#endif
