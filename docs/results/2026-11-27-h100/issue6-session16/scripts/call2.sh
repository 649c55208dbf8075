#!/usr/bin/env bash
# Session 16 call 2: the scale kept as loaded in the chunk (.gpu-raw: both_halves at the use, not beside the load)
# and the same with session 15's wdepth2.patch (.gpu-rawwd2) against HEAD (.gpu-dist, 93c8c26), session 15's final
# tuned tiles, alternating twice.
set -uo pipefail
mkdir -p "${OUT:=/tmp/moe-out}"
VARIANTS=".gpu-dist .gpu-raw .gpu-rawwd2 .gpu-dist .gpu-raw .gpu-rawwd2" BACKEND=opencl DISTS=".gpu-raw .gpu-rawwd2" \
  ARGS="--gemm 1,2 --archetypes hot16,zipf2,uniform --tokens 16,256,1024,4096" timeout 330 bash scripts/device-ab.sh
