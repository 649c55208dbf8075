#!/usr/bin/env bash
# Session 13 call 5: OpenCL bench of HEAD, all 110 points, twice cold (the final table: session 12's cache with call
# 3's retuned gemm1 zipf2 T = 4096 entry; and the run-to-run check) and twice warm (no cache flush between launches:
# whether the launches that run slow within a point, and the points that shift between runs, come with the flush).
set -uo pipefail
mkdir -p "${OUT:=/tmp/moe-out}"
source scripts/device-env.sh c5
for run in 1 2; do
  for mode in cold warm; do
    start=$(date +%s)
    timeout 140 "${MB[@]}" bench --backend opencl $([ $mode = warm ] && echo --warm) --format csv \
      --out $W/bench-opencl-$mode-$run > /dev/null 2> $W/bench-opencl-$mode-$run.log
    echo "opencl $mode run $run: $(tail -1 $W/bench-opencl-$mode-$run.log) in $(( $(date +%s) - start )) s"
  done
done
