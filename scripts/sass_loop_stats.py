#!/usr/bin/env python3
"""Instruction mix of a kernel's main loop from cuobjdump -sass output: the instructions from the barrier before the
first HMMA to the branch after the last one (for moe_gemm_nvidia.cl, one 128-k step of the K loop), counted by
opcode, with instructions per HMMA. Usage: sass_loop_stats.py KERNEL.sass. Used for issue 6, session 9 (docs/PERF.md)."""
import collections
import re
import sys

OPCODE = re.compile(r"\*/\s+(?:@!?U?P\w+\s+)?([A-Z][A-Z0-9]+)")


def loop_stats(lines):
    hmma = [i for i, line in enumerate(lines) if "HMMA" in line]
    if not hmma:
        raise SystemExit("no HMMA in the SASS")
    lo, hi = hmma[0], hmma[-1]
    while lo > 0 and "BAR.SYNC" not in lines[lo]:
        lo -= 1
    while hi < len(lines) - 1 and "BRA" not in lines[hi]:
        hi += 1
    counts = collections.Counter()
    for line in lines[lo:hi + 1]:
        m = OPCODE.search(line)
        if m:
            counts[m.group(1)] += 1
    return counts


if __name__ == "__main__":
    counts = loop_stats(open(sys.argv[1]).read().splitlines())
    total = sum(counts.values())
    print(f"{total} instructions, {total / counts['HMMA']:.2f} per HMMA: "
          + " ".join(f"{op} {n}" for op, n in counts.most_common(14)))
