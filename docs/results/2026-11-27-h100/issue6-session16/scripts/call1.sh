#!/usr/bin/env bash
# Session 16 call 1: session 15's wdepth2.patch (weights of two steps in flight, .gpu-wd2) against HEAD (.gpu-dist,
# 93c8c26) on session 15's final tuned tiles, alternating twice: the few-block points, then blocks-2 points.
set -uo pipefail
mkdir -p "${OUT:=/tmp/moe-out}"
VARIANTS=".gpu-dist .gpu-wd2 .gpu-dist .gpu-wd2" BACKEND=opencl DISTS=".gpu-wd2" \
  ARGS="--gemm 1,2 --archetypes hot16,zipf2 --tokens 16,64,256,512,1024" timeout 260 bash scripts/device-ab.sh
mv "$OUT/ab.tar.gz" "$OUT/ab-few.tar.gz"
VARIANTS=".gpu-dist .gpu-wd2 .gpu-dist .gpu-wd2" BACKEND=opencl DISTS=".gpu-wd2" \
  ARGS="--gemm 1 --archetypes uniform,zipf1,hot16 --tokens 2048,4096" timeout 150 bash scripts/device-ab.sh
