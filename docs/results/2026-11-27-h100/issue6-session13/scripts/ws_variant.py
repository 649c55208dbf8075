# Session 13 prototype: warp-specialised staged step (timing experiment). Where the tile is staged (direct=0) with
# 2 x SG_N subgroups and one K step in flight, subgroups of row 0 multiply every M tile while row 1 loads and
# dequantises the next step into the other of two shared buffers: one barrier a step, the parts overlapping.
import sys
path = sys.argv[1]
s = open(path).read()
def sub(old, new, count=1):
    global s
    assert s.count(old) == count, (old, s.count(old))
    s = s.replace(old, new)

sub("""const uint TILES_M = TILE_M / (SG_M * CM_M);""",
"""// WS: subgroups of M row 0 multiply all M tiles, row 1 loads and stores the next step (two buffers).
const bool WS = !DIRECT_B && SG_M == 2u && DEPTH == 1u;
const uint BUFS = WS ? 2u : 1u;
const uint TILES_M = WS ? TILE_M / CM_M : TILE_M / (SG_M * CM_M);
const uint LOADERS = WS ? WG / 2u : WG; // invocations that load and store a step""")
sub("const uint A_LOADS = (A_QUADS + WG - 1u) / WG;", "const uint A_LOADS = (A_QUADS + LOADERS - 1u) / LOADERS;")
sub("const uint B_LOADS = DIRECT_B ? 1u : (B_QUADS + WG - 1u) / WG;", "const uint B_LOADS = DIRECT_B ? 1u : (B_QUADS + LOADERS - 1u) / LOADERS;")
sub("shared uvec4 aTile[TILE_M * A_STRIDE / 8u]; // [row][k]", "shared uvec4 aTile[BUFS * TILE_M * A_STRIDE / 8u]; // [buffer][row][k]")
sub("shared uvec4 bTile[DIRECT_B ? 1u : BN * B_STRIDE / 8u];", "shared uvec4 bTile[DIRECT_B ? 1u : BUFS * BN * B_STRIDE / 8u];")
# loader index
sub("""void loadStep(out StepRegs r, ExpertData ex, uint col0, uint k0, uint colBase, uint columns[B_RUNS]) {""",
"""// This invocation's index among the LOADERS.
uint loaderIndex() {
  return WS ? (gl_SubgroupID - SG_N) * gl_SubgroupSize + gl_SubgroupInvocationID : gl_LocalInvocationID.x;
}

void loadStep(out StepRegs r, ExpertData ex, uint col0, uint k0, uint colBase, uint columns[B_RUNS]) {""")
sub("""    uint i = gl_LocalInvocationID.x + l * WG;""", """    uint i = loaderIndex() + l * LOADERS;""", 4)
sub("""void storeStep(StepRegs r, uint col0, uint k0) {""", """void storeStep(StepRegs r, uint col0, uint k0, uint buf) {""")
sub("""      aTile[(i / (BK / 8u)) * (A_STRIDE / 8u) + i % (BK / 8u)] = r.a[l];""",
    """      aTile[buf * (TILE_M * A_STRIDE / 8u) + (i / (BK / 8u)) * (A_STRIDE / 8u) + i % (BK / 8u)] = r.a[l];""")
sub("""      uint base = (i / (BK / 32u)) * (B_STRIDE / 8u) + 4u * (i % (BK / 32u));""",
    """      uint base = buf * (BN * B_STRIDE / 8u) + (i / (BK / 32u)) * (B_STRIDE / 8u) + 4u * (i % (BK / 32u));""")
sub("""#define MULTIPLY_STEP() \\""", """#define MULTIPLY_STEP(buf) \\""")
sub("""      LOAD_A(a[i], tileRow(i) * A_STRIDE + kk); \\""", """      LOAD_A(a[i], (buf) * TILE_M * A_STRIDE + tileRow(i) * A_STRIDE + kk); \\""")
sub("""        LOAD_B(b, (colBase + j * CM_N) * B_STRIDE + kk); \\""", """        LOAD_B(b, (buf) * BN * B_STRIDE + (colBase + j * CM_N) * B_STRIDE + kk); \\""")
sub("""  return (i * SG_M + gl_SubgroupID / SG_N) * CM_M;""", """  return WS ? i * CM_M : (i * SG_M + gl_SubgroupID / SG_N) * CM_M;""")
sub("""        storeStep(next1, col0, k0 + BK);""", """        storeStep(next1, col0, k0 + BK, 0u);""")
sub("""      storeStep(next0, col0, k0);""", """      storeStep(next0, col0, k0, 0u);""", 2)
sub("""        MULTIPLY_STEP();""", """        MULTIPLY_STEP(0u);""")
sub("""      MULTIPLY_STEP();""", """      MULTIPLY_STEP(0u);""", 2)
sub("""  loadStep(next0, ex, col0, kBegin, colBase, columns);
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
sub("""  for (uint blk = b0; blk < b1; blk++) {
    [[unroll]] for (uint i = 0; i < TILES_M; i++) {
      if (tileRow(i) / BLOCK_M == blk) {""", """  }

  for (uint blk = b0; blk < b1; blk++) {
    [[unroll]] for (uint i = 0; i < TILES_M; i++) {
      if (multiplies && tileRow(i) / BLOCK_M == blk) {""")
open(path, "w").write(s)
