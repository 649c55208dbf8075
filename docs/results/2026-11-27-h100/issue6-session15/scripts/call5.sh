#!/usr/bin/env bash
# Session 15 call 5: three kernels on call 3's tuned tiles, alternating twice at 9 points: the parent's (.gpu-base,
# 66cc5e9), 9c71aa6 (.gpu-dist: d709fc9's loop selection at blocks 2 only) and be801e3 (.gpu-be801); then one full
# OpenCL bench with 9c71aa6.
set -uo pipefail
mkdir -p "${OUT:=/tmp/moe-out}"
VARIANTS=".gpu-base .gpu-dist .gpu-be801 .gpu-base .gpu-dist .gpu-be801" BACKEND=opencl \
  ARGS="--gemm 1 --archetypes hot16,zipf2,uniform --tokens 512,1024,2048" DISTS=".gpu-base .gpu-be801" \
  timeout 150 bash scripts/device-ab.sh
source scripts/device-env.sh final
timeout 150 "${MB[@]}" bench --backend opencl --format csv --out "$W/bench-opencl-1" > "$W/bench-1.log" 2>&1
tail -1 "$W/bench-1.log"
