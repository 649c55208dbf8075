#!/usr/bin/env bash
# Session 17, call 3 (diagnostic): what the cold flush's dirty lines cost. bench fills a 256 MiB buffer before each
# timed launch (PERF-TARGETS.md's cold cache), so the L2 starts full of dirty lines that the kernel's loads must
# write back. flush-clean.patch (not merged) adds, when MOE_FLUSH_CLEAN is set, a read-only pass over another
# 256 MiB buffer after the fill: the L2 then holds clean lines, and the kernel's own device time leaves the write-back
# out. One build (.gpu-clean: 6558143, i.e. 9acb503 + staged-weights.patch, plus this patch), session 15's cache, plain / clean alternating twice.
set -uo pipefail
mkdir -p "${OUT:=/tmp/moe-out}"
DIST=.gpu-clean DISTS=".gpu-clean" source scripts/device-env.sh c3
i=0
for mode in plain clean plain clean; do
  i=$((i + 1))
  if [ $mode = clean ]; then export MOE_FLUSH_CLEAN=1; else unset MOE_FLUSH_CLEAN; fi
  timeout 140 "${MB[@]}" bench --backend opencl --gemm 1,2 --archetypes balanced,uniform,zipf2,hot16 \
    --tokens 16,64,256,1024,4096 --format csv --out "$W/$i$mode" > /dev/null 2> "$W/$i$mode.log"
  echo "$i $mode: $(tail -1 "$W/$i$mode.log")"
done
