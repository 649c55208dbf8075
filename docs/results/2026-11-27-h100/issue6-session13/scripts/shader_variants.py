# Issue 6 session 13: variants of shaders/glsl/moe_gemm_coopmat.comp (as of b18bc8a), rewritten in place:
#   python3 shader_variants.py NAME FILE
# Timing diagnostics (wrong results on purpose; bench times them all the same), each removing parts of the direct-load
# K step: nodeq (raw bits as weights, no dequantisation), l1 (weights from the first step's addresses), allL1 (A,
# weights and scales from the first step's addresses), noA (no A staging, no barriers in the K loop), nobar (no
# barriers), bare (noA + weights and scales from the first step + nodeq), half (only each subgroup's first M tile
# multiplies), barehalf (bare + half). Candidates (correct results): prmt (a bf16 pair packed by one bit operation),
# ws (warp-specialised staged step: with 2 x SG_N staged subgroups, row 0 multiplies every M tile while row 1 loads
# and dequantises the next step into the other of two buffers), pipeb (direct loads, one step in flight: each subgroup
# builds step k + 1's B fragments between step k's multiplies; the emulation keeps a slot of bScratch per fragment).
import sys

EXPLICIT_TYPES = '#include "moe_matrix_ops.glsl"\n'
SET_PAIR = "          B_SET(b, e_, v_.x); \\\n          B_SET(b, e_ + 1u, v_.y); \\\n"
PAIR_VALUES = ("          FRAGMENT_PAIR v_ = fragmentPairValues(quad_, s_, stepScales[j * B_RUNS + e_ / (B_LENGTH / "
               "B_RUNS)]); \\\n")
DEPTH1_LOOP = """    for (uint k0 = kBegin; k0 < kStop; k0 += BK) {
      storeStep(next0, col0, k0);
      KEEP_DIRECT(next0, k0);
      barrier();
      if (k0 + BK < kEnd) {
        loadStep(next0, ex, col0, k0 + BK, colBase, columns);
      }
      MULTIPLY_STEP();
      barrier();
    }"""
WEIGHTS_AT_K0 = "(tile * (problem.k / CHUNK_K) + k0 / CHUNK_K + c)"
WEIGHTS_FIRST = "(tile * (problem.k / CHUNK_K) + c)"
SCALES_FIRST = [("r.directScales[j * B_RUNS + run] = groupScaleWord(ex, n, k0 / GROUP_SIZE);",
                 "r.directScales[j * B_RUNS + run] = groupScaleWord(ex, n, 0u);"),
                ("r.directZeros[j * B_RUNS + run] = groupZeroWord(ex, n, k0 / GROUP_SIZE);",
                 "r.directZeros[j * B_RUNS + run] = groupZeroWord(ex, n, 0u);")]


def sub(s, old, new, count=1):
    """s with `old` (found exactly `count` times) replaced by `new`."""
    assert s.count(old) == count, (old, s.count(old))
    return s.replace(old, new)


def with_explicit_types(s):
    return sub(s, EXPLICIT_TYPES, EXPLICIT_TYPES + "#extension GL_EXT_shader_explicit_arithmetic_types : require\n")


def prmt(s):
    return with_explicit_types(sub(s, SET_PAIR, """          bf16vec2 p_ = uintBitsToBFloat16EXT(unpack16((floatBitsToUint(v_.y) & 0xffff0000u) | (floatBitsToUint(v_.x) >> 16))); \\
          b[e_] = p_.x; \\
          b[e_ + 1u] = p_.y; \\
"""))


def nodeq(s):
    return with_explicit_types(sub(s, PAIR_VALUES + SET_PAIR, """          uint w_ = (quad_[s_ >> 3] >> (4u * ((s_ & 7u) >> 1))) & 0x000f000fu | 0x3f803f80u; \\
          bf16vec2 p_ = uintBitsToBFloat16EXT(unpack16(w_)); \\
          b[e_] = p_.x; \\
          b[e_ + 1u] = p_.y; \\
"""))


def l1(s):
    return sub(s, WEIGHTS_AT_K0, WEIGHTS_FIRST)


def weights_and_scales_first(s):
    for old, new in SCALES_FIRST:
        s = sub(s, old, new)
    return l1(s)


def all_l1(s):
    return weights_and_scales_first(sub(s, "aQuads[(uint(aRow) * problem.k + k0) / 8u", "aQuads[(uint(aRow) * problem.k) / 8u"))


def depth1_loop(s, store, barriers):
    new = DEPTH1_LOOP
    if not store:
        new = new.replace("      storeStep(next0, col0, k0);\n", "")
    if not barriers:
        new = new.replace("      barrier();\n", "")
    return sub(s, DEPTH1_LOOP, new)


def no_a(s):
    return depth1_loop(s, store=False, barriers=False)


def no_bar(s):
    return depth1_loop(s, store=True, barriers=False)


def bare(s):
    return nodeq(weights_and_scales_first(no_a(s)))


def half(s):
    return sub(s, "        MULTIPLY_ADD(acc[i * TILES_N + j], a[i], b); \\\n",
               "        if (i == 0u) { MULTIPLY_ADD(acc[i * TILES_N + j], a[i], b); } \\\n")


def ws(s):
    s = sub(s, "const uint TILES_M = TILE_M / (SG_M * CM_M);",
            """// WS: subgroups of M row 0 multiply all M tiles, row 1 loads and stores the next step (two buffers).
const bool WS = !DIRECT_B && SG_M == 2u && DEPTH == 1u;
const uint BUFS = WS ? 2u : 1u;
const uint TILES_M = WS ? TILE_M / CM_M : TILE_M / (SG_M * CM_M);
const uint LOADERS = WS ? WG / 2u : WG; // invocations that load and store a step""")
    s = sub(s, "const uint A_LOADS = (A_QUADS + WG - 1u) / WG;", "const uint A_LOADS = (A_QUADS + LOADERS - 1u) / LOADERS;")
    s = sub(s, "const uint B_LOADS = DIRECT_B ? 1u : (B_QUADS + WG - 1u) / WG;",
            "const uint B_LOADS = DIRECT_B ? 1u : (B_QUADS + LOADERS - 1u) / LOADERS;")
    s = sub(s, "shared uvec4 aTile[TILE_M * A_STRIDE / 8u]; // [row][k]",
            "shared uvec4 aTile[BUFS * TILE_M * A_STRIDE / 8u]; // [buffer][row][k]")
    s = sub(s, "shared uvec4 bTile[DIRECT_B ? 1u : BN * B_STRIDE / 8u];",
            "shared uvec4 bTile[DIRECT_B ? 1u : BUFS * BN * B_STRIDE / 8u];")
    s = sub(s, "void loadStep(out StepRegs r, ExpertData ex, uint col0, uint k0, uint colBase, uint columns[B_RUNS]) {",
            """// This invocation's index among the LOADERS.
uint loaderIndex() {
  return WS ? (gl_SubgroupID - SG_N) * gl_SubgroupSize + gl_SubgroupInvocationID : gl_LocalInvocationID.x;
}

void loadStep(out StepRegs r, ExpertData ex, uint col0, uint k0, uint colBase, uint columns[B_RUNS]) {""")
    s = sub(s, "    uint i = gl_LocalInvocationID.x + l * WG;", "    uint i = loaderIndex() + l * LOADERS;", 4)
    s = sub(s, "void storeStep(StepRegs r, uint col0, uint k0) {", "void storeStep(StepRegs r, uint col0, uint k0, uint buf) {")
    s = sub(s, "      aTile[(i / (BK / 8u)) * (A_STRIDE / 8u) + i % (BK / 8u)] = r.a[l];",
            "      aTile[buf * (TILE_M * A_STRIDE / 8u) + (i / (BK / 8u)) * (A_STRIDE / 8u) + i % (BK / 8u)] = r.a[l];")
    s = sub(s, "      uint base = (i / (BK / 32u)) * (B_STRIDE / 8u) + 4u * (i % (BK / 32u));",
            "      uint base = buf * (BN * B_STRIDE / 8u) + (i / (BK / 32u)) * (B_STRIDE / 8u) + 4u * (i % (BK / 32u));")
    s = sub(s, "#define MULTIPLY_STEP() \\", "#define MULTIPLY_STEP(buf) \\")
    s = sub(s, "      LOAD_A(a[i], tileRow(i) * A_STRIDE + kk); \\",
            "      LOAD_A(a[i], (buf) * TILE_M * A_STRIDE + tileRow(i) * A_STRIDE + kk); \\")
    s = sub(s, "        LOAD_B(b, (colBase + j * CM_N) * B_STRIDE + kk); \\",
            "        LOAD_B(b, (buf) * BN * B_STRIDE + (colBase + j * CM_N) * B_STRIDE + kk); \\")
    s = sub(s, "  return (i * SG_M + gl_SubgroupID / SG_N) * CM_M;", "  return WS ? i * CM_M : (i * SG_M + gl_SubgroupID / SG_N) * CM_M;")
    s = sub(s, "        storeStep(next1, col0, k0 + BK);", "        storeStep(next1, col0, k0 + BK, 0u);")
    s = sub(s, "      storeStep(next0, col0, k0);", "      storeStep(next0, col0, k0, 0u);", 2)
    s = sub(s, "        MULTIPLY_STEP();", "        MULTIPLY_STEP(0u);")
    s = sub(s, "      MULTIPLY_STEP();", "      MULTIPLY_STEP(0u);", 2)
    s = sub(s, """  loadStep(next0, ex, col0, kBegin, colBase, columns);
  if (DEPTH == 1u) {""", """  bool multiplies = !WS || gl_SubgroupID < SG_N;
  if (WS) {
    if (!multiplies) {
      loadStep(next0, ex, col0, kBegin, colBase, columns);
      storeStep(next0, col0, kBegin, 0u);
      if (kBegin + BK < kEnd) {
        loadStep(next0, ex, col0, kBegin + BK, colBase, columns);
      }
    }
    barrier();
    uint buf = 0u;
    for (uint k0 = kBegin; k0 < kStop; k0 += BK) {
      if (multiplies) {
        MULTIPLY_STEP(buf);
      } else if (k0 + BK < kEnd) {
        storeStep(next0, col0, k0 + BK, buf ^ 1u);
        if (k0 + 2u * BK < kEnd) {
          loadStep(next0, ex, col0, k0 + 2u * BK, colBase, columns);
        }
      }
      barrier();
      buf ^= 1u;
    }
  } else {
  loadStep(next0, ex, col0, kBegin, colBase, columns);
  if (DEPTH == 1u) {""")
    return sub(s, """  for (uint blk = b0; blk < b1; blk++) {
    [[unroll]] for (uint i = 0; i < TILES_M; i++) {
      if (tileRow(i) / BLOCK_M == blk) {""", """  }

  for (uint blk = b0; blk < b1; blk++) {
    [[unroll]] for (uint i = 0; i < TILES_M; i++) {
      if (multiplies && tileRow(i) / BLOCK_M == blk) {""")


def pipeb(s):
    s = sub(s, "shared float bScratch[DIRECT_B ? SG_M * SG_N * CM_K * CM_N : 1u]; // each subgroup's B fragment, built",
            """// the pipelined loop keeps a step's B fragments: one slot each
const uint B_SLOTS = DIRECT_B && DEPTH == 1u ? (BK / CM_K) * TILES_N : 1u;
shared float bScratch[DIRECT_B ? SG_M * SG_N * B_SLOTS * CM_K * CM_N : 1u]; // each subgroup's B fragments, built
#define B_SLOT(b, slot) b = (gl_SubgroupID * B_SLOTS + (slot)) * CM_K * CM_N
#else
#define B_SLOT(b, slot)""")
    s = sub(s, "// With DIRECT_B, the weights of step k", """// A words of a step, stored in the A tile.
void storeA(uvec4 a[A_LOADS]) {
  [[unroll]] for (uint l = 0; l < A_LOADS; l++) {
    uint i = gl_LocalInvocationID.x + l * WG;
    if (i < A_QUADS) {
      aTile[(i / (BK / 8u)) * (A_STRIDE / 8u) + i % (BK / 8u)] = a[l];
    }
  }
}

// With DIRECT_B, the weights of step k""")
    s = sub(s, """  if (DEPTH == 1u) {
    for (uint k0 = kBegin; k0 < kStop; k0 += BK) {""", """  if (DIRECT_B && DEPTH == 1u) {
    // step k multiplies with the B fragments built in step k - 1, while it builds step k + 1's
    const uint STEP_KK = BK / CM_K;
    B_FRAGMENT bf[STEP_KK * TILES_N];
    uvec4 heldA[A_LOADS];
    storeStep(next0, col0, kBegin);
    KEEP_DIRECT(next0, kBegin);
    [[unroll]] for (uint kk = 0; kk < STEP_KK; kk++) {
      [[unroll]] for (uint j = 0; j < TILES_N; j++) {
        BUILD_B(bf[kk * TILES_N + j], kk, j);
      }
    }
    if (kBegin + BK < kEnd) {
      loadStep(next0, ex, col0, kBegin + BK, colBase, columns);
    }
    barrier();
    for (uint k0 = kBegin; k0 < kStop; k0 += BK) {
      bool more = k0 + BK < kEnd;
      if (more) {
        KEEP_DIRECT(next0, k0 + BK);
        [[unroll]] for (uint l = 0; l < A_LOADS; l++) {
          heldA[l] = next0.a[l];
        }
        if (k0 + 2u * BK < kEnd) {
          loadStep(next0, ex, col0, k0 + 2u * BK, colBase, columns);
        }
      }
      [[unroll]] for (uint kk = 0; kk < STEP_KK; kk++) {
        A_FRAGMENT a[TILES_M];
        [[unroll]] for (uint i = 0; i < TILES_M; i++) {
          LOAD_A(a[i], tileRow(i) * A_STRIDE + kk * CM_K);
        }
        [[unroll]] for (uint j = 0; j < TILES_N; j++) {
          [[unroll]] for (uint i = 0; i < TILES_M; i++) {
            MULTIPLY_ADD(acc[i * TILES_N + j], a[i], bf[kk * TILES_N + j]);
          }
          if (more) {
            B_DONE();
            BUILD_B(bf[kk * TILES_N + j], kk, j);
          }
        }
      }
      barrier();
      if (more) {
        storeA(heldA);
      }
      barrier();
    }
  } else if (DEPTH == 1u) {
    for (uint k0 = kBegin; k0 < kStop; k0 += BK) {""")
    return sub(s, "// First row (in the workgroup's tile) of this subgroup's M tile i", """#define BUILD_B(b, kk, j) { \\
    B_SLOT(b, (kk) * TILES_N + (j)); \\
    uvec4 quad_ = stepQuads[(j) * STEP_CHUNKS + (kk) / (32u / B_LENGTH)]; \\
    [[unroll]] for (uint e_ = 0; e_ < B_LENGTH; e_ += 2u) { \\
      uint s_ = ((kk) % (32u / B_LENGTH)) * B_LENGTH + e_; \\
      FRAGMENT_PAIR v_ = fragmentPairValues(quad_, s_, stepScales[(j) * B_RUNS + e_ / (B_LENGTH / B_RUNS)]); \\
      B_SET(b, e_, v_.x); \\
      B_SET(b, e_ + 1u, v_.y); \\
    } \\
    B_READY(); }

// First row (in the workgroup's tile) of this subgroup's M tile i""")


VARIANTS = {"prmt": prmt, "nodeq": nodeq, "l1": l1, "allL1": all_l1, "noA": no_a, "nobar": no_bar, "bare": bare,
            "half": half, "barehalf": lambda s: half(bare(s)), "ws": ws, "pipeb": pipeb}

if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in VARIANTS:
        sys.exit("usage: shader_variants.py NAME FILE; NAME one of " + ", ".join(VARIANTS))
    name, path = sys.argv[1:]
    with open(path) as f:
        text = f.read()
    with open(path, "w") as f:
        f.write(VARIANTS[name](text))
