# Session 13, prepared for the next session (not timed): the B fragments of step k + 1 built while step k multiplies
# (direct loads, one step in flight); the emulation builds each fragment of a step in its own slot of bScratch, so
# lavapipe checks it against the oracle too. Usage: python3 pipeb_variant.py FILE
import sys
path = sys.argv[1]
s = open(path).read()
def sub(old, new, count=1):
    global s
    assert s.count(old) == count, (old, s.count(old))
    s = s.replace(old, new)

# A step's A words stored from a held copy (the register set is reloaded before the store).
sub("""// With DIRECT_B, the weights of step k""", """// A words of a step, stored in the A tile.
void storeA(uvec4 a[A_LOADS]) {
  [[unroll]] for (uint l = 0; l < A_LOADS; l++) {
    uint i = gl_LocalInvocationID.x + l * WG;
    if (i < A_QUADS) {
      aTile[(i / (BK / 8u)) * (A_STRIDE / 8u) + i % (BK / 8u)] = a[l];
    }
  }
}

// With DIRECT_B, the weights of step k""")
sub("""shared float bScratch[DIRECT_B ? SG_M * SG_N * CM_K * CM_N : 1u]; // each subgroup's B fragment, built""",
"""// the pipelined loop keeps a step's B fragments: one slot each
const uint B_SLOTS = DIRECT_B && DEPTH == 1u ? (BK / CM_K) * TILES_N : 1u;
shared float bScratch[DIRECT_B ? SG_M * SG_N * B_SLOTS * CM_K * CM_N : 1u]; // each subgroup's B fragments, built
#define B_SLOT(b, slot) b = (gl_SubgroupID * B_SLOTS + (slot)) * CM_K * CM_N
#else
#define B_SLOT(b, slot)""")
sub("""  if (DEPTH == 1u) {
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
# one B fragment of the kept step (stepQuads, stepScales): N tile j, K slice kk
sub("""// First row (in the workgroup's tile) of this subgroup's M tile i""", """#define BUILD_B(b, kk, j) { \\
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
open(path, "w").write(s)
