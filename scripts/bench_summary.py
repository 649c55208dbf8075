#!/usr/bin/env python3
"""Issue 6's bar, read off a bench run (and its second run): the summary row docs/PERF.md gives per backend.

Usage: bench_summary.py RUN1 [RUN2] (results folders of `moe-bench bench --format csv --out`). Prints the range of
% of floor, how many points reach 40 % of it, the comparison with the Triton reference of PERF-TARGETS.md (the
run's card's: H200, else H100), the largest relative error, how far RUN2 is from RUN1 (median, largest, points
over 5 %), and the range of % of floor per gemm and archetype. Used for issue 6, session 10 (docs/PERF.md).
"""
import statistics
import sys

from ab_compare import load, us
from perf_table import load_results, triton_reference

BAR_PCT = 40.0  # issue 6: within 2.5x of the floor
NOISE_PCT = 5.0  # issue 6: a second run within about 5 %


def floor_pct(row):
    return float(row["floor_pct"])


def name(point):
    return "%s %s T = %d" % point


def summary(run, device):
    pcts = [floor_pct(r) for r in run.values()]
    print("%% of floor %.1f to %.1f over %d points; %d at %.0f %% or more"
          % (min(pcts), max(pcts), len(pcts), sum(p >= BAR_PCT for p in pcts), BAR_PCT))
    triton, card = triton_reference(device)
    reference = [(t / us(run[p]), p, t) for p, t in triton.items() if p in run]
    if reference:
        slower = [p for speedup, p, _ in reference if speedup < 1]
        low, high = min(reference), max(reference)
        print("vs Triton on %s (%d reference points): slower at %d%s; %.2fx (%s: %.1f vs %d us) to %.2fx (%s)"
              % (card, len(reference), len(slower), (" (" + ", ".join(map(name, slower)) + ")") if slower else "",
                 low[0], name(low[1]), us(run[low[1]]), low[2], high[0], name(high[1])))
    print("largest relative error %.1e" % max(float(r["rel_err"]) for r in run.values()))


def noise(run1, run2):
    shared = [p for p in run1 if p in run2]
    diffs = sorted(((abs(us(run2[p]) / us(run1[p]) - 1) * 100, p) for p in shared), reverse=True)
    print("run 2 vs run 1: median %.2f %%, largest %.1f %% (%s: %.1f vs %.1f us), %d points over %.0f %%"
          % (statistics.median(d for d, _ in diffs), diffs[0][0], name(diffs[0][1]), us(run2[diffs[0][1]]),
             us(run1[diffs[0][1]]), sum(d > NOISE_PCT for d, _ in diffs), NOISE_PCT))


def per_archetype(run):
    for gemm in sorted({p[0] for p in run}):
        ranges = []
        for archetype in dict.fromkeys(p[1] for p in run if p[0] == gemm):
            pcts = [floor_pct(r) for p, r in run.items() if p[0] == gemm and p[1] == archetype]
            ranges.append("%s %.0f-%.0f" % (archetype, min(pcts), max(pcts)))
        print("%s: %s" % (gemm, ", ".join(ranges)))


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    run1 = load(sys.argv[1])
    summary(run1, load_results(sys.argv[1])["provenance"]["kernel"]["device"])
    if len(sys.argv) == 3:
        noise(run1, load(sys.argv[2]))
    per_archetype(run1)


if __name__ == "__main__":
    main()
