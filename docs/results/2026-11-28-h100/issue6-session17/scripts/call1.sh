#!/usr/bin/env bash
# Session 17, call 1 (prepared in session 16 as next-call1.sh): pingpong.patch at depth 1 (.gpu-pp1) and depth 2
# (.gpu-pp2) against HEAD 700a592 (.gpu-dist), session 15's final tuned tiles (.gpu-cache), alternating twice.
set -uo pipefail
mkdir -p "${OUT:=/tmp/moe-out}"
VARIANTS=".gpu-dist .gpu-pp1 .gpu-pp2 .gpu-dist .gpu-pp1 .gpu-pp2" BACKEND=opencl DISTS=".gpu-pp1 .gpu-pp2" \
  ARGS="--gemm 1,2 --archetypes hot16,zipf2,uniform --tokens 16,64,256,1024,4096" timeout 420 bash scripts/device-ab.sh
