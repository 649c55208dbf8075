#!/usr/bin/env bash
# Session 18 call 1 (prepared in session 17 as next-call1.sh): one-tile-loop.patch (.gpu-otl: the OpenCL NVIDIA kernel at blocks 1 gets a second K loop for blocks of at most 16 rows, which multiplies only the
# first M tile) against HEAD (.gpu-dist), alternating twice, both with call2/cache-next (session 15's tiles plus
# call 2's retuned few-block winners: gemm1 hot16 T = 64 tileN 64, 128 items, split-K 2). Before the call, here:
# .gpu-dist from HEAD, then .gpu-otl with .gpu-dist's moe-bench.jar and its shaders jar updated with the patched
# io/moebench/shaders/opencl/moe_gemm_nvidia.cl; copy call2/cache-next to .gpu-cache. The working tree a call
# carries is limited to 64 MiB of disk blocks: drop lwjgl-vulkan, lwjgl-shaderc and the Vulkan backend jar from
# .gpu-dist/lib for this OpenCL-only call (session 17's calls 4-5). About 300 s on an H100.
set -uo pipefail
mkdir -p "${OUT:=/tmp/moe-out}"
VARIANTS=".gpu-dist .gpu-otl .gpu-dist .gpu-otl" BACKEND=opencl DISTS=".gpu-otl" \
  ARGS="--gemm 1,2 --archetypes balanced,uniform,zipf1,zipf2,hot16 --tokens 16,64,256,4096" timeout 420 bash scripts/device-ab.sh
