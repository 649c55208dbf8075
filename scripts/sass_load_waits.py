#!/usr/bin/env python3
"""Where a kernel's main loop waits for its global loads, from cuobjdump -sass output (sm_80 and later encodings).

Each instruction's control bits (the high word's bits 41-61: stall cycles, yield, the scoreboard a variable-latency
instruction sets on write and on read, the scoreboards it waits on) say which instructions wait for which load. For
each loop with an HMMA (a backward branch), every wait on a scoreboard last set by a global load (LDG) is listed:
"same step" when the load was issued earlier in the same pass through the loop, so the warp waits for its whole
latency there, "a step later" when it was issued in the pass before. Usage: sass_load_waits.py KERNEL.sass[.gz].
Issue 6, session 16 (docs/PERF.md): it showed the scale's conversion waiting in the same step as its load, and the
moves of the next chunk at a step's top waiting for the loads of the step before."""
import gzip
import re
import sys

INSTRUCTION = re.compile(r"/\*([0-9a-f]{4,})\*/\s+(.*?)\s*;\s*/\* (0x[0-9a-f]+) \*/")
HIGH_WORD = re.compile(r"^\s*/\* (0x[0-9a-f]+) \*/")
BRANCH = re.compile(r"\bBRA\s+(?:`\()?(0x[0-9a-f]+)")
OPCODE = re.compile(r"^(?:@!?U?P\w+\s+)?([A-Z][A-Z0-9]*(?:\.[A-Z0-9_]+)*)")
NO_SCOREBOARD = 7


def control(high):
    """(stall, write scoreboard, read scoreboard, wait mask) of an instruction's high word."""
    bits = high >> 41
    return bits & 0xF, (bits >> 5) & 7, (bits >> 8) & 7, (bits >> 11) & 0x3F


def instructions(lines):
    out = []
    for i, line in enumerate(lines):
        m = INSTRUCTION.search(line)
        if m and i + 1 < len(lines):
            high = HIGH_WORD.search(lines[i + 1])
            if high:
                out.append((int(m.group(1), 16), m.group(2), control(int(high.group(1), 16))))
    return out


def main_loops(code):
    for i, (address, text, _) in enumerate(code):
        m = BRANCH.search(text)
        if m and int(m.group(1), 16) < address:
            body = [c for c in code if int(m.group(1), 16) <= c[0] <= address]
            if any("HMMA" in c[1] for c in body):
                yield body


def load_waits(body):
    """(waiting instruction, its index, the load, the load's index, same step?) for each wait on a global load's data.

    A wait is for the instruction that set the scoreboard last before it (in the pass before, if none in this one);
    only a load's write scoreboard (its data) counts: its read scoreboard frees its address registers early."""
    setters = {}  # scoreboard -> [(index, instruction, sets it on write?)] in body order
    for index, (_, text, (_, write, read, _)) in enumerate(body):
        for board, on_write in ((write, True), (read, False)):
            if board != NO_SCOREBOARD:
                setters.setdefault(board, []).append((index, text, on_write))
    for index, (_, text, (_, _, _, wait)) in enumerate(body):
        for board in range(6):
            if not wait & (1 << board) or board not in setters:
                continue
            earlier = [s for s in setters[board] if s[0] < index]
            at, load, on_write = earlier[-1] if earlier else setters[board][-1]
            opcode = OPCODE.match(load)
            if on_write and opcode and opcode.group(1).startswith("LDG."):
                yield text, index, load, at, bool(earlier)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    opener = gzip.open if sys.argv[1].endswith(".gz") else open
    code = instructions(opener(sys.argv[1], "rt").read().splitlines())
    loops = list(main_loops(code))
    if not loops:
        raise SystemExit("no loop with an HMMA in the SASS")
    for n, body in enumerate(loops, 1):
        print("loop %d: %d instructions from 0x%04x" % (n, len(body), body[0][0]))
        for text, index, load, at, same in load_waits(body):
            where = "same step, %d instructions after" % (index - at) if same else "a step later than"
            print("  %4d  %-48s waits: %s %d: %s" % (index, text[:48], where, at, load[:48]))
