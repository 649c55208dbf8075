#!/usr/bin/env bash
# Session 9 call 5: the uint piece offsets (HEAD, .gpu-dist) against b2f2466 (.gpu-base), base, new, base, new, at 8
# points (T 256 and 4096; balanced, zipf2; both gemms), with call 4's tuning cache: the change should not move time.
set -uo pipefail
mkdir -p "$OUT/ab"
OUT="$OUT/ab" DISTS=".gpu-base" VARIANTS=".gpu-base: .gpu-dist: .gpu-base: .gpu-dist:" BACKEND=opencl CACHE=.gpu-cache3 \
  ARGS="--gemm 1,2 --tokens 256,4096 --archetypes balanced,zipf2" timeout 220 bash scripts/device-ab.sh
