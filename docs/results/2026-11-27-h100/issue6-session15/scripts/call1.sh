#!/usr/bin/env bash
# Session 15 call 1: OpenCL A/B of d709fc9 (one K loop per piece length: pieces shorter than MOE_BLOCKS skip the
# ldmatrix and multiplies of their missing blocks) against its parent's kernel (.gpu-base: the same jars, the
# shaders jar with 66cc5e9's moe_gemm_nvidia.cl). 24 points where the tuned tiles merge blocks on ragged routings,
# base/new alternating twice, session 14's call 6 cache; then the new build's SASS at one blocks-2 point.
set -uo pipefail
mkdir -p "${OUT:=/tmp/moe-out}"
VARIANTS=".gpu-base .gpu-dist .gpu-base .gpu-dist" BACKEND=opencl \
  ARGS="--gemm 1,2 --archetypes uniform,zipf1,zipf2,hot16 --tokens 1024,2048,4096" \
  DISTS=".gpu-base" timeout 330 bash scripts/device-ab.sh
DIST=.gpu-dist POINTS="1:zipf2:2048" CACHE=.gpu-cache NCU=0 timeout 60 bash scripts/device-profile-opencl.sh
