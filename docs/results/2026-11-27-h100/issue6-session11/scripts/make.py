# Diagnostic (wrong-result) variants of moe_gemm_coopmat.comp for timing only (session 11).
import sys
src = open('shaders/glsl/moe_gemm_coopmat.comp').read()
def no_math(s):
    # direct path: no A fragment loads, no dequantisation, no multiplies; the weights and scales are folded into
    # a sink that is written where it can never match, so their loads stay
    a = s.index('#define MULTIPLY_STEP() \\')
    b = s.index('// First row (in the workgroup')
    s = s[:a] + '''#define MULTIPLY_STEP() \\
  [[unroll]] for (uint q_ = 0; q_ < DIRECT_QUADS; q_++) { \\
    sink ^= stepQuads[q_].x ^ stepQuads[q_].y ^ stepQuads[q_].z ^ stepQuads[q_].w; \\
  } \\
  [[unroll]] for (uint r_ = 0; r_ < DIRECT_SCALES; r_++) { \\
    sink ^= floatBitsToUint(stepScales[r_]); \\
  }

''' + s[b:]
    s = s.replace('  StepRegs next0;\n', '  uint sink = 0u;\n  StepRegs next0;\n', 1)
    s = s.replace('  for (uint blk = b0; blk < b1; blk++) {', '  if (sink == 0x9e3779b9u) {\n    cTile[gl_LocalInvocationID.x] = 1.0;\n  }\n  for (uint blk = b0; blk < b1; blk++) {', 1)
    return s
def no_a(s):
    s = s.replace('''      if (aRow >= 0) {
        r.a[l] = aQuads[''', '''      if (aRow >= 0 && aRow < 0) {
        r.a[l] = aQuads[''', 1)
    s = s.replace('''    if (i < A_QUADS) {
      aTile[''', '''    if (i < A_QUADS && i > A_QUADS) {
      aTile[''', 1)
    return s
def no_barriers(s):
    a = s.index('  if (DEPTH == 1u) {')
    b = s.index('  } else { // two register sets')
    loop = s[a:b].replace('      barrier();\n', '')
    return s[:a] + loop + s[b:]
variants = {'nomath': no_math(src), 'noa': no_a(src), 'stream': no_a(no_math(src)),
            'streamnobar': no_barriers(no_a(no_math(src)))}
v = sys.argv[1]
open('shaders/glsl/moe_gemm_coopmat.comp', 'w').write(variants[v])
