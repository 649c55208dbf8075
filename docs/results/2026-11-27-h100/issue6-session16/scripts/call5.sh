#!/usr/bin/env bash
# Session 16 call 5: two start/loop-order variants against HEAD (.gpu-dist, 9a43438), session 15's tiles, alternating
# twice: .gpu-early (the first step's weights loaded as soon as the expert is known, before the rows' barrier) and
# .gpu-pre (each step's next weights loaded before the step's copy wait and barrier, not after).
set -uo pipefail
mkdir -p "${OUT:=/tmp/moe-out}"
VARIANTS=".gpu-dist .gpu-early .gpu-pre .gpu-dist .gpu-early .gpu-pre" BACKEND=opencl DISTS=".gpu-early .gpu-pre" \
  ARGS="--gemm 1,2 --archetypes hot16,zipf2,uniform --tokens 16,64,1024,4096" timeout 330 bash scripts/device-ab.sh
