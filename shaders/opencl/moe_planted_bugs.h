// Planted bugs: deliberately wrong kernel variants that prove validation catches real mistakes
// (core's io.moebench.core.verify.PlantedBug, backend option plant-bug=<id>, which defines one
// MOE_BUG_*). Every hook below is the identity unless its MOE_BUG_* is defined, so the normal
// kernels compile exactly as they would without this header. The hooks sit in the shared headers
// (and the K loop bound of each kernel), so every path gets the same bug from one place.
// Which validation rule catches each: docs/RELIABILITY.md.
#ifndef MOE_PLANTED_BUGS_H
#define MOE_PLANTED_BUGS_H

// swapped-nibbles: a weight word read with the two int4 values of each byte exchanged.
#if defined(MOE_BUG_SWAPPED_NIBBLES)
#define PLANTED_WEIGHT_WORD(w) ((((w) >> 4) & 0x0f0f0f0fu) | (((w) << 4) & 0xf0f0f0f0u))
#else
#define PLANTED_WEIGHT_WORD(w) (w)
#endif

// expert-off-by-one: expert e reads the weights of e + 1, wrapping at count (E, or the experts of
// the weight chunk when they are split).
#if defined(MOE_BUG_EXPERT_OFF_BY_ONE)
#define PLANTED_EXPERT(e, count) (((e) + 1) % (count))
#else
#define PLANTED_EXPERT(e, count) (e)
#endif

// sentinel-not-skipped: a padding position of a block is computed as routed row 0 and stored there.
#if defined(MOE_BUG_SENTINEL_NOT_SKIPPED)
#define PLANTED_PADDING_ROW 0
#else
#define PLANTED_PADDING_ROW NO_ROW
#endif

// wrong-scale-group: K group g (of groups) takes the scale of g + 1; the last keeps its own.
#if defined(MOE_BUG_WRONG_SCALE_GROUP)
#define PLANTED_SCALE_GROUP(g, groups) ((g) + 1 < (groups) ? (g) + 1 : (g))
#else
#define PLANTED_SCALE_GROUP(g, groups) (g)
#endif

// last-k-group-dropped: the K loops (k0 < MOE_K_END, step MOE_K_STEP) run only the steps that end
// at or before the last quantisation group's start.
#if defined(MOE_BUG_LAST_K_GROUP_DROPPED)
#define MOE_K_END (MOE_K - MOE_GROUP_SIZE - MOE_K_STEP + 1)
#else
#define MOE_K_END MOE_K
#endif

// row-unwritten: position 0 of every block (its first routed row) leaves the block's row list, so
// its output is never stored and C keeps the poison there.
#if defined(MOE_BUG_ROW_UNWRITTEN)
#define PLANTED_BLOCK_ROW(m, row) ((m) == 0 ? NO_ROW : (row))
#else
#define PLANTED_BLOCK_ROW(m, row) (row)
#endif

#endif
