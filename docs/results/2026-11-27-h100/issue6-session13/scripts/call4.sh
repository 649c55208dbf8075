#!/usr/bin/env bash
# Session 13 call 4: merged-block direct tiles split along M. The same build (HEAD, .gpu-dist) with three tuning
# caches: .gpu-cache (session 12's), .gpu-cache-m2 and .gpu-cache-m4 (its merged-block direct tiles of 1 x 8
# subgroups made 2 x 4 and 4 x 2: split_m_cache.py); 30 points (T 768, 1536, 4096, every archetype, both gemms),
# alternating, each run's results written as it ends.
set -uo pipefail
mkdir -p "${OUT:=/tmp/moe-out}"
source scripts/device-env.sh ab-m
for round in 1 2; do
  for c in cache cache-m2 cache-m4; do
    rm -rf "$W/cache" && cp -r ".gpu-$c" "$W/cache"
    "${MB[@]}" bench --backend vulkan --gemm 1,2 --tokens 768,1536,4096 --format csv --out "$W/$round-$c" \
      > /dev/null 2> "$W/$round-$c.log"
    echo "$round $c: $(tail -1 "$W/$round-$c.log")"
  done
done
