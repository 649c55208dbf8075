// Shared by every moe_gemm kernel: work-item ids, barriers, the 16-bit formats and derived sizes.
// Sizes come from the host as -D options (prefixed MOE_ so they cannot clash with builtin headers):
// MOE_K, MOE_N, MOE_GROUP_SIZE, MOE_BLOCK_M, MOE_ROW_DIVISOR, MOE_TILE_N, MOE_K_STEP, MOE_WG_SIZE,
// one of MOE_DTYPE_BF16 / MOE_DTYPE_F16, one of MOE_LAYOUT_EXLLAMA / MOE_LAYOUT_GPTQ, MOE_HAS_ZEROS;
// with the backend option plant-bug=<id> only, one MOE_BUG_* (moe_planted_bugs.h).
#ifndef MOE_COMMON_H
#define MOE_COMMON_H

#if defined(MOE_BARE_AMDGCN)
// Offline compile checks (clang -nogpulib) have no OpenCL library: use the target's builtins.
#define LOCAL_ID() ((int)__builtin_amdgcn_workitem_id_x())
#define GROUP_ID_X() ((int)__builtin_amdgcn_workgroup_id_x())
#define GROUP_ID_Y() ((int)__builtin_amdgcn_workgroup_id_y())
#define LOCAL_BARRIER()                                  \
  do {                                                   \
    __builtin_amdgcn_fence(__ATOMIC_RELEASE, "workgroup"); \
    __builtin_amdgcn_s_barrier();                        \
    __builtin_amdgcn_fence(__ATOMIC_ACQUIRE, "workgroup"); \
  } while (0)
#elif defined(MOE_BARE_NVPTX)
#define LOCAL_ID() ((int)__nvvm_read_ptx_sreg_tid_x())
#define GROUP_ID_X() ((int)__nvvm_read_ptx_sreg_ctaid_x())
#define GROUP_ID_Y() ((int)__nvvm_read_ptx_sreg_ctaid_y())
#define LOCAL_BARRIER() __nvvm_bar_sync(0)
#define PTX_ASM __asm__ volatile // clang's OpenCL mode knows only the GNU spelling
#else
#define LOCAL_ID() ((int)get_local_id(0))
#define GROUP_ID_X() ((int)get_group_id(0))
#define GROUP_ID_Y() ((int)get_group_id(1))
#define LOCAL_BARRIER() barrier(CLK_LOCAL_MEM_FENCE)
#define PTX_ASM asm volatile // the spelling seen working in NVIDIA's OpenCL C
#endif

#define MOE_GROUPS (MOE_K / MOE_GROUP_SIZE)

#include "moe_planted_bugs.h"

// ---- 16-bit floats as bits: no cl_khr_fp16 needed (NVIDIA and PoCL lack it) ----

inline float bf16_to_float(uint bits) {
  return as_float(bits << 16);
}

inline float f16_to_float(uint bits) {
  uint magnitude = bits & 0x7fffu;
  // The shift lines the f16 exponent and mantissa up with a float's; 2^112 re-biases the exponent,
  // which also turns f16 subnormals (float subnormals after the shift) into the right normals.
  float value = as_float(magnitude << 13) * 0x1p112f;
  if (magnitude >= 0x7c00u) {
    value = as_float(0x7f800000u | (magnitude << 13)); // infinity or NaN, payload kept
  }
  return as_float(as_uint(value) | ((bits & 0x8000u) << 16));
}

// value >> shift, rounded to nearest even on the dropped bits (shift >= 1).
inline uint round_shift_even(uint value, uint shift) {
  uint kept = value >> shift;
  uint rest = value & ((1u << shift) - 1u);
  uint halfway = 1u << (shift - 1u);
  return kept + ((rest > halfway || (rest == halfway && (kept & 1u) != 0u)) ? 1u : 0u);
}

// Round to nearest even, NaN stays a quiet NaN: bit for bit what core's BFloat16.fromFloat gives.
inline uint float_to_bf16(float value) {
  uint bits = as_uint(value);
  if ((bits & 0x7fffffffu) > 0x7f800000u) {
    return (bits >> 16) | 0x40u;
  }
  return (bits + 0x7fffu + ((bits >> 16) & 1u)) >> 16;
}

// Round to nearest even with subnormals and overflow to infinity: bit for bit core's Half.fromFloat.
inline uint float_to_f16(float value) {
  uint bits = as_uint(value);
  uint sign = (bits >> 16) & 0x8000u;
  uint magnitude = bits & 0x7fffffffu;
  if (magnitude >= 0x7f800000u) {
    return sign | (magnitude > 0x7f800000u ? 0x7e00u | ((magnitude >> 13) & 0x3ffu) : 0x7c00u);
  }
  if (magnitude >= 0x477ff000u) { // rounds to 65536 and above
    return sign | 0x7c00u;
  }
  if (magnitude < 0x38800000u) { // below 2^-14: an f16 subnormal or zero
    uint exponent = magnitude >> 23;
    if (exponent < 102u) {
      return sign;
    }
    return sign | round_shift_even((magnitude & 0x7fffffu) | 0x800000u, 126u - exponent);
  }
  return sign | round_shift_even(magnitude - (112u << 23), 13u);
}

// ONE_PAIR: 1.0 in both 16-bit halves of a word (a packed-pair multiplier).
#if defined(MOE_DTYPE_BF16)
#define TO_FLOAT(bits) bf16_to_float(bits)
#define FROM_FLOAT(value) float_to_bf16(value)
#define ONE_PAIR 0x3f803f80u
#elif defined(MOE_DTYPE_F16)
#define TO_FLOAT(bits) f16_to_float(bits)
#define FROM_FLOAT(value) float_to_f16(value)
#define ONE_PAIR 0x3c003c00u
#else
#error "define MOE_DTYPE_BF16 or MOE_DTYPE_F16"
#endif

#endif
