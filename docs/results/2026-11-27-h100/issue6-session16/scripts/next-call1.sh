#!/usr/bin/env bash
# Prepared in session 16 for the next session's first device call: pingpong.patch at depth 1 (.gpu-pp1) and depth 2
# (.gpu-pp2) against HEAD (.gpu-dist), session 15's final tuned tiles, alternating twice. Before the call, here:
# .gpu-dist from the commit (the GPU workflow in docs/PERF.md's earlier sessions), then for each depth a folder with
# .gpu-dist's moe-bench.jar and its shaders jar updated with the patched io/moebench/shaders/opencl/moe_gemm_nvidia.cl
# (MOE_W_DEPTH 1 or 2); carry .devkit, .gpu-dist, .gpu-pp1, .gpu-pp2, .gpu-cache (about 300 s on an H100). The
# working tree a call carries is limited to 64 MiB and the tracked files are about 31 MB: drop
# lwjgl-shaderc-*-natives-linux.jar from .gpu-dist/lib (only Vulkan compiles GLSL) as session 16's calls 3-6 did.
set -uo pipefail
mkdir -p "${OUT:=/tmp/moe-out}"
VARIANTS=".gpu-dist .gpu-pp1 .gpu-pp2 .gpu-dist .gpu-pp1 .gpu-pp2" BACKEND=opencl DISTS=".gpu-pp1 .gpu-pp2" \
  ARGS="--gemm 1,2 --archetypes hot16,zipf2,uniform --tokens 16,64,256,1024,4096" timeout 420 bash scripts/device-ab.sh
