#!/usr/bin/env bash
# Session 8 call 3: OpenCL NVIDIA kernel, padding tiles skipped (.gpu-dist, 96438b3) against 0fb024c (.gpu-base, its
# moe-bench jars only), alternating base, new, base, new, with session 6's OpenCL tuning cache, at 50 points (T <= 1024).
set -uo pipefail
export DISTS=".gpu-base" VARIANTS=".gpu-base: .gpu-dist: .gpu-base: .gpu-dist:" BACKEND=opencl CACHE=/tmp/c3cache \
  ARGS="--gemm 1,2 --tokens 1,16,64,256,1024 --archetypes balanced,uniform,zipf1,zipf2,hot16"
rm -rf /tmp/c3cache && cp -r .gpu-cache /tmp/c3cache
bash scripts/device-ab.sh
