#!/usr/bin/env bash
# Session 13 call 2: more of what bounds the Vulkan direct-load step (timing-only diagnostics, wrong results):
# noA (no A staging and no barriers in the K loop), nobar (A staged, no barriers), allL1 (A, weights and scales of
# every step read from the first step's addresses: L1/L2 hits); A/B against HEAD on call 1's 12 points, alternating;
# then the machine code of HEAD's depth-2 direct tile at gemm1 balanced T = 64 (a cache naming it).
set -uo pipefail
mkdir -p "${OUT:=/tmp/moe-out}"
VARIANTS=".gpu-dist .gpu-noA .gpu-nobar .gpu-allL1 .gpu-dist .gpu-noA .gpu-nobar .gpu-allL1" \
  ARGS="--gemm 1,2 --archetypes balanced,hot16 --tokens 64,1024,4096" \
  DISTS=".gpu-noA .gpu-nobar .gpu-allL1" timeout 300 bash scripts/device-ab.sh
(
  CACHE=.gpu-cache-d2 source scripts/device-env.sh sass-depth2
  export __GL_SHADER_DISK_CACHE=1 __GL_SHADER_DISK_CACHE_PATH=$W/glcache __GL_SHADER_DISK_CACHE_SKIP_CLEANUP=1
  mkdir -p $W/glcache
  timeout 60 "${MB[@]}" bench --backend vulkan --gemm 1 --archetypes balanced --tokens 64 --format csv --out $W/b > $W/b.txt 2>&1
  tail -2 $W/b.txt
)
