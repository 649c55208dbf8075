#!/usr/bin/env bash
# Session 13 call 1: what bounds the Vulkan direct-load step? (1) machine code of .gpu-prmt (bf16 pairs packed by
# one bit operation) and .gpu-nodeq (diagnostic: no dequantisation, raw bits as weights); (2) Vulkan A/B, 12 points,
# alternating: HEAD (.gpu-dist) against prmt, nodeq (wrong results: timing only) and l1 (diagnostic: every K step
# loads the first step's weights, so they come from L1/L2: wrong results, timing only); (3) verbose tune of gemm1
# balanced T = 64 in a scratch cache: every candidate's time and register count.
set -uo pipefail
mkdir -p "${OUT:=/tmp/moe-out}"
for v in prmt nodeq; do
  (
    DIST=.gpu-$v DISTS=.gpu-$v source scripts/device-env.sh sass-$v
    export __GL_SHADER_DISK_CACHE=1 __GL_SHADER_DISK_CACHE_PATH=$W/glcache __GL_SHADER_DISK_CACHE_SKIP_CLEANUP=1
    mkdir -p $W/glcache
    timeout 60 "${MB[@]}" bench --backend vulkan --gemm 1 --archetypes balanced --tokens 64 --format csv --out $W/b > $W/b.txt 2>&1
    tail -2 $W/b.txt
  )
done
VARIANTS=".gpu-dist .gpu-prmt .gpu-nodeq .gpu-l1 .gpu-dist .gpu-prmt .gpu-nodeq .gpu-l1" \
  ARGS="--gemm 1,2 --archetypes balanced,hot16 --tokens 64,1024,4096" \
  DISTS=".gpu-prmt .gpu-nodeq .gpu-l1" timeout 300 bash scripts/device-ab.sh
(
  CACHE=.gpu-cache-ceilings source scripts/device-env.sh tune1
  timeout 120 "${MB[@]}" tune --backend vulkan --gemm 1 --archetypes balanced --tokens 64 --verbose > $W/tune.txt 2> $W/tune.log
  tail -3 $W/tune.txt
)
