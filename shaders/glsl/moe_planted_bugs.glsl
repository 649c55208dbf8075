// Planted bugs: deliberately wrong shader variants that prove validation catches real mistakes
// (core's io.moebench.core.verify.PlantedBug, backend option plant-bug=<id>, which defines one
// MOE_BUG_*). Every hook below is the identity unless its MOE_BUG_* is defined, so the normal
// shaders compile exactly as they would without this file. The hooks sit in the shared headers
// (and the K loop bound of each kernel), so both paths get the same bug from one place; the same
// bugs, with the same meaning, are in shaders/opencl/moe_planted_bugs.h.
// Which validation rule catches each: docs/RELIABILITY.md.
#ifndef MOE_PLANTED_BUGS_GLSL
#define MOE_PLANTED_BUGS_GLSL

// swapped-nibbles: a weight word read with the two int4 values of each byte exchanged.
#if defined(MOE_BUG_SWAPPED_NIBBLES)
#define PLANTED_WEIGHT_WORD(w) ((((w) >> 4) & 0x0f0f0f0fu) | (((w) << 4) & 0xf0f0f0f0u))
#else
#define PLANTED_WEIGHT_WORD(w) (w)
#endif

// expert-off-by-one: expert e reads the weights of e + 1, wrapping at E (the address table holds
// three addresses per expert).
#if defined(MOE_BUG_EXPERT_OFF_BY_ONE)
#define PLANTED_EXPERT(e) (((e) + 1) % (expertAddress.length() / 3))
#else
#define PLANTED_EXPERT(e) (e)
#endif

// sentinel-not-skipped: a padding position of a block is computed as routed row 0 (A row 0) and
// stored there; -1 marks padding otherwise.
#if defined(MOE_BUG_SENTINEL_NOT_SKIPPED)
#define PLANTED_PADDING_ROW 0
#else
#define PLANTED_PADDING_ROW (-1)
#endif

// wrong-scale-group: K group g (of groups) takes the scale of g + 1; the last keeps its own.
#if defined(MOE_BUG_WRONG_SCALE_GROUP)
#define PLANTED_SCALE_GROUP(g, groups) ((g) + 1u < (groups) ? (g) + 1u : (g))
#else
#define PLANTED_SCALE_GROUP(g, groups) (g)
#endif

// last-k-group-dropped: the K loops (k0 < K_END, step BK) run only the steps that end at or before
// the last quantisation group's start.
#if defined(MOE_BUG_LAST_K_GROUP_DROPPED)
#define K_END uint(max(0, int(problem.k) - int(GROUP_SIZE) - int(BK) + 1))
#else
#define K_END problem.k
#endif

// row-unwritten: position 0 of every block (its first routed row) gets no C row, so its output is
// never stored and C keeps the poison there.
#if defined(MOE_BUG_ROW_UNWRITTEN)
#define PLANTED_C_ROW(r, row) ((r) == 0u ? -1 : (row))
#else
#define PLANTED_C_ROW(r, row) (row)
#endif

#endif
