#!/usr/bin/env bash
# Session 9 call 1: OpenCL NVIDIA kernel with cp.async activation stages and one-lop3 dequant (b2f2466, .gpu-dist)
# against main before it (b674ed6, .gpu-base), base, new, base, new, with session 6's OpenCL tuning cache, at 30
# points (T 16, 256, 1024, 2048, 4096; balanced, zipf2, hot16; both gemms); then the new kernel's PTX under ncu.
set -uo pipefail
ROOT=$OUT
mkdir -p "$ROOT/ab"
rm -rf /tmp/c1cache && cp -r .gpu-cache /tmp/c1cache
OUT="$ROOT/ab" DISTS=".gpu-base" VARIANTS=".gpu-base: .gpu-dist: .gpu-base: .gpu-dist:" BACKEND=opencl CACHE=/tmp/c1cache \
  ARGS="--gemm 1,2 --tokens 16,256,1024,2048,4096 --archetypes balanced,zipf2,hot16" bash scripts/device-ab.sh
mkdir -p "$ROOT/prof"
OUT="$ROOT/prof" DIST=.gpu-dist CACHE=.gpu-cache POINTS="1:balanced:4096 2:balanced:4096 2:hot16:16" \
  timeout 200 bash scripts/device-profile-opencl.sh
