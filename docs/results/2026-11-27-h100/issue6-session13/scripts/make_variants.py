import sys, re
name, path = sys.argv[1], sys.argv[2]
s = open(path).read()
old = """          B_SET(b, e_, v_.x); \\
          B_SET(b, e_ + 1u, v_.y); \\
"""
assert old in s
ext = "#include \"moe_matrix_ops.glsl\"\n"
if name == "prmt":
    s = s.replace(old, """          bf16vec2 p_ = uintBitsToBFloat16EXT(unpack16((floatBitsToUint(v_.y) & 0xffff0000u) | (floatBitsToUint(v_.x) >> 16))); \\
          b[e_] = p_.x; \\
          b[e_ + 1u] = p_.y; \\
""")
    s = s.replace(ext, ext + "#extension GL_EXT_shader_explicit_arithmetic_types : require\n")
elif name == "nodeq":
    old2 = "          FRAGMENT_PAIR v_ = fragmentPairValues(quad_, s_, stepScales[j * B_RUNS + e_ / (B_LENGTH / B_RUNS)]); \\\n"
    assert old2 in s
    s = s.replace(old2 + old, """          uint w_ = (quad_[s_ >> 3] >> (4u * ((s_ & 7u) >> 1))) & 0x000f000fu | 0x3f803f80u; \\
          bf16vec2 p_ = uintBitsToBFloat16EXT(unpack16(w_)); \\
          b[e_] = p_.x; \\
          b[e_ + 1u] = p_.y; \\
""")
    s = s.replace(ext, ext + "#extension GL_EXT_shader_explicit_arithmetic_types : require\n")
elif name == "l1":
    o = "(tile * (problem.k / CHUNK_K) + k0 / CHUNK_K + c)"
    assert o in s
    s = s.replace(o, "(tile * (problem.k / CHUNK_K) + c)")

def loop_patch(s, drop_store, drop_bar):
    old = """    for (uint k0 = kBegin; k0 < kStop; k0 += BK) {
      storeStep(next0, col0, k0);
      KEEP_DIRECT(next0, k0);
      barrier();
      if (k0 + BK < kEnd) {
        loadStep(next0, ex, col0, k0 + BK, colBase, columns);
      }
      MULTIPLY_STEP();
      barrier();
    }"""
    assert old in s
    new = old
    if drop_store:
        new = new.replace("      storeStep(next0, col0, k0);\n", "")
    if drop_bar:
        new = new.replace("      barrier();\n", "")
    return s.replace(old, new)

if name == "noA":
    s = loop_patch(s, True, True)
elif name == "nobar":
    s = loop_patch(s, False, True)
elif name == "allL1":
    for o, n in [("(tile * (problem.k / CHUNK_K) + k0 / CHUNK_K + c)", "(tile * (problem.k / CHUNK_K) + c)"),
                 ("aQuads[(uint(aRow) * problem.k + k0) / 8u", "aQuads[(uint(aRow) * problem.k) / 8u"),
                 ("r.directScales[j * B_RUNS + run] = groupScaleWord(ex, n, k0 / GROUP_SIZE);", "r.directScales[j * B_RUNS + run] = groupScaleWord(ex, n, 0u);"),
                 ("r.directZeros[j * B_RUNS + run] = groupZeroWord(ex, n, k0 / GROUP_SIZE);", "r.directZeros[j * B_RUNS + run] = groupZeroWord(ex, n, 0u);")]:
        assert o in s, o
        s = s.replace(o, n)

def nodeq(s):
    old2 = "          FRAGMENT_PAIR v_ = fragmentPairValues(quad_, s_, stepScales[j * B_RUNS + e_ / (B_LENGTH / B_RUNS)]); \\\n"
    old = "          B_SET(b, e_, v_.x); \\\n          B_SET(b, e_ + 1u, v_.y); \\\n"
    assert old2 + old in s
    s = s.replace(old2 + old, """          uint w_ = (quad_[s_ >> 3] >> (4u * ((s_ & 7u) >> 1))) & 0x000f000fu | 0x3f803f80u; \\
          bf16vec2 p_ = uintBitsToBFloat16EXT(unpack16(w_)); \\
          b[e_] = p_.x; \\
          b[e_ + 1u] = p_.y; \\
""")
    ext = "#include \"moe_matrix_ops.glsl\"\n"
    return s.replace(ext, ext + "#extension GL_EXT_shader_explicit_arithmetic_types : require\n")
def l1w(s):
    for o, n in [("(tile * (problem.k / CHUNK_K) + k0 / CHUNK_K + c)", "(tile * (problem.k / CHUNK_K) + c)"),
                 ("r.directScales[j * B_RUNS + run] = groupScaleWord(ex, n, k0 / GROUP_SIZE);", "r.directScales[j * B_RUNS + run] = groupScaleWord(ex, n, 0u);"),
                 ("r.directZeros[j * B_RUNS + run] = groupZeroWord(ex, n, k0 / GROUP_SIZE);", "r.directZeros[j * B_RUNS + run] = groupZeroWord(ex, n, 0u);")]:
        assert o in s, o
        s = s.replace(o, n)
    return s
def half(s):
    o = "        MULTIPLY_ADD(acc[i * TILES_N + j], a[i], b); \\\n"
    assert o in s
    return s.replace(o, "        if (i == 0u) { MULTIPLY_ADD(acc[i * TILES_N + j], a[i], b); } \\\n")
if name == "bare":
    s = nodeq(l1w(loop_patch(s, True, True)))
elif name == "half":
    s = half(s)
elif name == "barehalf":
    s = half(nodeq(l1w(loop_patch(s, True, True))))
open(path, "w").write(s)
