#!/usr/bin/env bash
# Session 16 call 3: a piece's block experts and rows read at once, branch-free (.gpu-start) against HEAD
# (.gpu-dist, bace251: scales kept as loaded), session 15's final tuned tiles, alternating twice; then Nsight Compute
# on HEAD's kernel at two few-block points (warp states: what a step waits on there).
set -uo pipefail
mkdir -p "${OUT:=/tmp/moe-out}"
VARIANTS=".gpu-dist .gpu-start .gpu-dist .gpu-start" BACKEND=opencl DISTS=".gpu-start" \
  ARGS="--gemm 1,2 --archetypes hot16,zipf2,uniform --tokens 16,64,256,1024" timeout 240 bash scripts/device-ab.sh
POINTS="1:hot16:64 2:hot16:256" CACHE=.gpu-cache timeout 240 bash scripts/device-profile-opencl.sh
