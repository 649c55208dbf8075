#!/usr/bin/env python3
"""A/B table of one device-ab.sh call run as base, new, base, new.

Usage: ab_compare.py BASE1 NEW1 BASE2 NEW2 (the four results folders). Per point: both runs of each build, the
speedup (mean base time / mean new time), the new build's % of floor and the end of its tile; then the median and
range of the speedups and the base-against-base noise. Used for issue 6, session 9 (docs/PERF.md).
"""
import csv
import statistics
import sys


def load(folder):
    with open(folder + "/results.csv") as f:
        return {(r["gemm"], r["archetype"], int(r["T"])): r for r in csv.DictReader(f)}


def us(row):
    return float(row["kernel_us"])


def main(base1, new1, base2, new2):
    speedups, noise = [], []
    for key in sorted(base1):
        b1, b2, n1, n2 = us(base1[key]), us(base2[key]), us(new1[key]), us(new2[key])
        speedup = (b1 + b2) / (n1 + n2)
        speedups.append(speedup)
        noise.append(abs(b1 / b2 - 1))
        gemm, archetype, tokens = key
        print(f"{gemm} {archetype:9s} {tokens:5d} base {b1:7.1f} {b2:7.1f} new {n1:7.1f} {n2:7.1f}  {speedup:5.3f}x"
              f"  floor% {float(new1[key]['floor_pct']):4.1f}  {new1[key]['config'][-40:]}")
    print(f"median {statistics.median(speedups):.3f} min {min(speedups):.3f} max {max(speedups):.3f}; "
          f"base noise median {100 * statistics.median(noise):.2f}% max {100 * max(noise):.2f}%")


if __name__ == "__main__":
    if len(sys.argv) != 5:
        sys.exit("usage: ab_compare.py BASE1 NEW1 BASE2 NEW2")
    main(*(load(folder) for folder in sys.argv[1:5]))
