#!/usr/bin/env bash
# Session 13 call 7: warp-specialised staged step (shader_variants.py ws: with a staged tile of 2 x 4 subgroups, row 0
# multiplies every M tile while row 1 loads and dequantises the next step into the other of two shared buffers, one
# barrier a step). 8 points, alternating: HEAD with its tuned tiles (.gpu-cache), HEAD with the staged tile BN 64,
# BK 64, 2 x 4 subgroups forced (.gpu-cache-st: one entry a gemm, which every point's lookup finds), ws with that tile.
set -uo pipefail
mkdir -p "${OUT:=/tmp/moe-out}"
DISTS=.gpu-ws source scripts/device-env.sh ws
for round in 1 2; do
  for v in dist:cache dist:cache-st ws:cache-st; do
    rm -rf "$W/cache" && cp -r ".gpu-${v#*:}" "$W/cache"
    timeout 40 "$JAVA" -Xmx48g --add-modules jdk.incubator.vector -jar ".gpu-${v%%:*}/moe-bench.jar" bench --backend vulkan \
      --gemm 1,2 --archetypes balanced,zipf1 --tokens 64,1024 --format csv --out "$W/$round-${v/:/-}" > /dev/null 2> "$W/$round-${v/:/-}.log"
    echo "$round $v: $(tail -1 "$W/$round-${v/:/-}.log")"
  done
done
