#!/usr/bin/env bash
# Session 17, call 4 (diagnostic, wrong results on purpose: timings only): where the few-block points' time goes in the
# OpenCL NVIDIA kernel (700a592), by taking parts away (diag/*.patch): noA (each step's activation copies read the
# first step's rows: L2 hits), noW (each step's weights are the first chunk's), noAW (both), k1 (one K step: the launch,
# the piece's rows and expert, the first copies and the stores). Session 15's tuned tiles, alternating twice.
set -uo pipefail
mkdir -p "${OUT:=/tmp/moe-out}"
V=".gpu-dist .gpu-noA .gpu-noW .gpu-noAW .gpu-k1"
VARIANTS="$V $V" BACKEND=opencl DISTS=".gpu-noA .gpu-noW .gpu-noAW .gpu-k1" \
  ARGS="--gemm 1,2 --archetypes hot16,zipf2,balanced --tokens 16,64,256" timeout 480 bash scripts/device-ab.sh
