#!/usr/bin/env bash
# Session 15 call 2: be801e3 (loop copies at blocks 2 only; blocks 4 back to one loop) against its parent's kernel
# (.gpu-base, 66cc5e9's moe_gemm_nvidia.cl) at 6 points, base/new alternating twice; then OpenCL tunes with be801e3
# of the problems near or under 40 % where blocks-2 pieces are ragged, starting from session 14's call 6 cache.
set -uo pipefail
mkdir -p "${OUT:=/tmp/moe-out}"
VARIANTS=".gpu-base .gpu-dist .gpu-base .gpu-dist" BACKEND=opencl \
  ARGS="--gemm 1 --archetypes hot16 --tokens 2048,4096" DISTS=".gpu-base" timeout 120 bash scripts/device-ab.sh
source scripts/device-env.sh tune
"${MB[@]}" tune --backend opencl --verbose --gemm 1 --archetypes zipf2,zipf1,uniform --tokens 2048,1536 \
  --max-seconds 200 > "$W/tune-gemm1.log" 2>&1
tail -3 "$W/tune-gemm1.log"
"${MB[@]}" tune --backend opencl --verbose --gemm 2 --archetypes zipf2,zipf1,uniform --tokens 2048,1536 \
  --max-seconds 150 > "$W/tune-gemm2.log" 2>&1
tail -3 "$W/tune-gemm2.log"
