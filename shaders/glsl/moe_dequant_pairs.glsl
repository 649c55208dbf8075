// Dequantisation straight into packed 16-bit pairs, for kernels that stage weights as 16-bit
// values (the coopmat kernel): two weights per 32-bit word, k order, (q - z) * scale rounded once;
// fragmentPairValues gives a pair of a direct load's fragment word before rounding (the device's
// conversion to the fragment's 16-bit type rounds it: Vulkan lets it round to nearest or toward zero,
// and NVIDIA's truncates, issue 6 session 12's machine code).
// bf16: 1 + q/16 is built as an fp32 (q in the mantissa's top four bits); one fma gives
//   16s(1 + q/16) - (16 + z)s = (q - z)s exactly (13 significant bits), rounded to nearest (ties
//   away) when the pair is packed. Direct loads place q lower in the mantissa instead (below).
// f16: nibble | 0x6400 is 1024 + q; subtracting 1024 + z is exact, the multiply rounds once.
#ifndef MOE_DEQUANT_PAIRS_GLSL
#define MOE_DEQUANT_PAIRS_GLSL

#include "moe_dequant.glsl"

// The 8 weights of a word as four pairs (k 0-1, 2-3, 4-5, 6-7), each with the lower k's int4 in
// bits 0-3 and the higher's in bits 16-19.
uvec4 nibblePairs(uint word) {
  uint w = PLANTED_WEIGHT_WORD(word);
#if LAYOUT_EXLLAMA
  // even k in the low half, odd k in the high half, in order: pair j is nibble j of both halves
  return uvec4(w, w >> 4, w >> 8, w >> 12) & 0x000f000fu;
#else
  uvec4 b = uvec4(w, w >> 8, w >> 16, w >> 24);
  return (b & 0xfu) | ((b & 0xf0u) << 12);
#endif
}

// Elements s and s + 1 (s even) of a lane's B fragments packed for direct loads (the host's
// FragmentLayout.pack): 32 elements per uvec4 in sequence, word s / 8 holding element s at nibble
// (s % 8) / 2 and element s + 1 four nibbles higher, so one shift and mask give the pair as above.
uint fragmentPair(uvec4 quad, uint s) {
  return (PLANTED_WEIGHT_WORD(quad[s >> 3]) >> (4u * ((s & 7u) >> 1))) & 0x000f000fu;
}

#if DTYPE_BF16

struct PairScale {
  float scale16; // 16 s
  float offset;  // -(16 + z) s
};

PairScale pairScale(float scale, float zero) {
  return PairScale(16.0 * scale, -(16.0 + zero) * scale);
}

uint dequantPair(uint pair, PairScale p) {
  uvec2 bits = floatBitsToUint(vec2(
      fma(uintBitsToFloat(0x3f800000u | ((pair << 19) & 0x00780000u)), p.scale16, p.offset),
      fma(uintBitsToFloat(0x3f800000u | ((pair << 3) & 0x00780000u)), p.scale16, p.offset)));
  return ((bits.x + 0x8000u) >> 16) | ((bits.y + 0x8000u) & 0xffff0000u);
}

// Direct loads, bf16: each of a fragment word's eight weights in one mask-and-OR and one fma, no shift of its
// own (NVIDIA's Vulkan compiler gave the 1 + q/16 form about 6.5 instructions a weight, this one about 5 with
// the conversion to bf16: a K step of 293 -> 247 instructions, 1.05x; issue 6 session 12). Nibble n is moved
// to bits 4P..4P+3 of the mantissa, P = 2, 3 or 4 (nibbles 0-2 by word << 8, 3-5 by word >> 4, 6-7 by
// word >> 16: three shifts a word), and ORed into 1.0, which reads
// 1 + q 2^(4P-23); times S_P = s 2^(23-4P) plus O_P = -s (2^(23-4P) + z) that is (q - z)s, exact: O_P has at
// most 16 + 8 significant bits. (S_P overflows only for scales above 2^112, far beyond any real group scale.)
struct FragmentScale {
  float scale[3];  // S_P, P = 2, 3, 4
  float offset[3]; // O_P
  uint oneBits;    // 1.0's bits, as a value the compiler cannot fold (so mask-and-OR is one LOP3)
};

FragmentScale fragmentScale(float scale, float zero) {
  FragmentScale f;
  [[unroll]] for (uint slot = 0; slot < 3u; slot++) {
    float lift = exp2(float(15u - 4u * slot)); // 2^(23-4P)
    f.scale[slot] = scale * lift;
    f.offset[slot] = -scale * (lift + zero);
  }
  f.oneBits = 0x3f800000u | (problem.k >> 31); // K < 2^31
  return f;
}

float fragmentNibbleValue(uint word, uint n, FragmentScale f) {
  uint slot = n < 3u ? n : n < 6u ? n - 3u : n - 6u; // P - 2
  uint moved = n < 3u ? word << 8 : n < 6u ? word >> 4 : word >> 16;
  // precise asks for the one fma as written; NVIDIA's compiler still factors the scale out (an fmul a weight, which
  // an exponent-add form of S_P removed in issue 6 session 12 at no gain in time)
  precise float value = fma(uintBitsToFloat((moved & (0xfu << (4u * slot + 8u))) | f.oneBits), f.scale[slot],
      f.offset[slot]);
  return value;
}

#define FRAGMENT_PAIR vec2

// Elements s and s + 1 (s even) of a lane's B fragments (fragmentPair's layout), exact in fp32.
vec2 fragmentPairValues(uvec4 quad, uint s, FragmentScale f) {
  uint word = PLANTED_WEIGHT_WORD(quad[s >> 3]);
  uint n = (s & 7u) >> 1;
  return vec2(fragmentNibbleValue(word, n, f), fragmentNibbleValue(word, n + 4u, f));
}

#else

#extension GL_EXT_shader_explicit_arithmetic_types_float16 : require

struct PairScale {
  f16vec2 scale;
  f16vec2 magicZero; // 1024 + z
};

PairScale pairScale(float scale, float zero) {
  return PairScale(f16vec2(float16_t(scale)), f16vec2(float16_t(1024.0 + zero)));
}

f16vec2 dequantPairValues(uint pair, PairScale p) {
  return (unpackFloat2x16(pair | 0x64006400u) - p.magicZero) * p.scale;
}

uint dequantPair(uint pair, PairScale p) {
  return packFloat2x16(dequantPairValues(pair, p));
}

#define FragmentScale PairScale
#define FRAGMENT_PAIR f16vec2

FragmentScale fragmentScale(float scale, float zero) {
  return pairScale(scale, zero);
}

f16vec2 fragmentPairValues(uvec4 quad, uint s, FragmentScale p) {
  return dequantPairValues(fragmentPair(quad, s), p);
}

#endif

#endif
