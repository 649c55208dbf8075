#!/usr/bin/env bash
# Session 13 call 3: (1) the floor of the Vulkan direct-load kernel's structure (timing-only diagnostics, wrong
# results): bare (no A staging, no barriers in the K loop, weights and scales from the first step's addresses, no
# dequantisation: what is left is the multiplies, the loop and the launch), half (HEAD multiplying only the first of
# each subgroup's M tiles) and barehalf (both); A/B against HEAD on call 1's 12 points, alternating; (2) OpenCL tune
# of the six problems session 12 did not reach with the pieces kernel (their entries predate it), from .gpu-cache.
set -uo pipefail
mkdir -p "${OUT:=/tmp/moe-out}"
VARIANTS=".gpu-dist .gpu-bare .gpu-half .gpu-barehalf .gpu-dist .gpu-bare .gpu-half .gpu-barehalf" \
  ARGS="--gemm 1,2 --archetypes balanced,hot16 --tokens 64,1024,4096" \
  DISTS=".gpu-bare .gpu-half .gpu-barehalf" timeout 300 bash scripts/device-ab.sh
(
  source scripts/device-env.sh opencl-tune
  start=$(date +%s)
  timeout 100 "${MB[@]}" tune --backend opencl --gemm 1 --archetypes zipf2,hot16 --tokens 4096 > $W/tune-a.txt 2> $W/tune-a.log
  timeout 130 "${MB[@]}" tune --backend opencl --gemm 2 --archetypes zipf2 --tokens 1536,2048,4096 > $W/tune-b.txt 2> $W/tune-b.log
  timeout 60 "${MB[@]}" tune --backend opencl --gemm 2 --archetypes hot16 --tokens 4096 > $W/tune-c.txt 2> $W/tune-c.log
  cat $W/tune-?.txt | grep -v '^---' 
  echo "opencl tune: $(( $(date +%s) - start )) s"
)
