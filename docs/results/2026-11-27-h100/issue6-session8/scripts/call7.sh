#!/usr/bin/env bash
# Session 8 call 7: workgroup order with N tiles fastest (eedbd22, .gpu-dist) against d306c22 (.gpu-base), both
# backends, base, new, base, new, with session 6's tuning caches, at 20 points (T 1024 and 4096).
set -uo pipefail
ROOT=$OUT
export DISTS=".gpu-base" VARIANTS=".gpu-base: .gpu-dist: .gpu-base: .gpu-dist:" \
  ARGS="--gemm 1,2 --tokens 1024,4096 --archetypes balanced,uniform,zipf1,zipf2,hot16"
for b in opencl vulkan; do
  mkdir -p "$ROOT/$b"
  rm -rf /tmp/c7cache && cp -r .gpu-cache /tmp/c7cache
  OUT="$ROOT/$b" BACKEND=$b CACHE=/tmp/c7cache bash scripts/device-ab.sh
done
