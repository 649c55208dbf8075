#!/usr/bin/env bash
# Session 15 call 4: be801e3 against its parent's kernel (.gpu-base) on call 3's tuned tiles, 8 points (blocks-2
# tiles on ragged and on nearly full pieces, gemm1 hot16 T = 2048 on blocks 4), base/new alternating twice.
set -uo pipefail
mkdir -p "${OUT:=/tmp/moe-out}"
VARIANTS=".gpu-base .gpu-dist .gpu-base .gpu-dist" BACKEND=opencl \
  ARGS="--gemm 1 --archetypes hot16,zipf2,uniform,zipf1 --tokens 512,2048" DISTS=".gpu-base" timeout 200 bash scripts/device-ab.sh
