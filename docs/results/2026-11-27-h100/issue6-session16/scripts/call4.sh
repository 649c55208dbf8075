#!/usr/bin/env bash
# Session 16 call 4: (1) the piece's rows read before its expert is known (.gpu-start2; call 3's form, which also
# read every block's expert at once, made blocks-2 tiles 10x slower) against HEAD (.gpu-dist, bace251), session 15's
# tiles, alternating twice; (2) work-groups of 512 items at the few-block points: session 15's tiles (.gpu-cache)
# against the same with every blocks-1 tile of T <= 256 at 512 items, split-K 2 (.gpu-c512s2) or split-K 4 with
# tileN 64 (.gpu-c512s4), alternating twice.
set -uo pipefail
mkdir -p "${OUT:=/tmp/moe-out}"
VARIANTS=".gpu-dist .gpu-start2 .gpu-dist .gpu-start2" BACKEND=opencl DISTS=".gpu-start2" \
  ARGS="--gemm 1,2 --archetypes hot16,zipf2,uniform --tokens 16,64,1024" timeout 200 bash scripts/device-ab.sh
mv "$OUT/ab.tar.gz" "$OUT/start2.tar.gz"
i=0
for c in .gpu-cache .gpu-c512s2 .gpu-c512s4 .gpu-cache .gpu-c512s2 .gpu-c512s4; do
  i=$((i + 1))
  VARIANTS=".gpu-dist" CACHE=$c BACKEND=opencl ARGS="--gemm 1,2 --archetypes hot16,zipf2 --tokens 16,64,128,256" \
    timeout 60 bash scripts/device-ab.sh
  mv "$OUT/ab.tar.gz" "$OUT/wg512-$i${c//./_}.tar.gz"
done
