#!/usr/bin/env python3
"""Instruction mix of a kernel's main loops from cuobjdump -sass output: in each loop with an HMMA (a backward
branch), the instructions from the barrier before its first HMMA to the branch (for moe_gemm_nvidia.cl, one 128-k
step of a K loop), counted by opcode, with instructions per HMMA. A kernel with one K loop per piece length or row
count prints a line per loop. Usage: sass_loop_stats.py KERNEL.sass[.gz]. Used for issue 6 since session 9
(docs/PERF.md); per loop since session 17."""
import collections
import gzip
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sass_load_waits import OPCODE, instructions, main_loops  # noqa: E402  (the same loops that script reports)


def step_stats(body):
    """Opcode counts of a loop body from the barrier before its first HMMA to its end."""
    first = next(i for i, (_, text, _) in enumerate(body) if "HMMA" in text)
    start = max((i for i in range(first) if "BAR.SYNC" in body[i][1]), default=0)
    counts = collections.Counter()
    for _, text, _ in body[start:]:
        m = OPCODE.match(text)
        if m:
            counts[m.group(1).split(".")[0]] += 1
    return counts


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    opener = gzip.open if sys.argv[1].endswith(".gz") else open
    loops = list(main_loops(instructions(opener(sys.argv[1], "rt").read().splitlines())))
    if not loops:
        raise SystemExit("no loop with an HMMA in the SASS")
    for n, body in enumerate(loops, 1):
        counts = step_stats(body)
        total = sum(counts.values())
        print(f"loop {n}: {total} instructions, {total / counts['HMMA']:.2f} per HMMA: "
              + " ".join(f"{op} {c}" for op, c in counts.most_common(14)))
