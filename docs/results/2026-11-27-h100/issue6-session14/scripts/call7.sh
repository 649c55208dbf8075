#!/usr/bin/env bash
# Session 14 call 7: the final tables at 751806a: `bench --backend opencl` twice (call 6's cache: call 5's with
# five more problems tuned) and `bench --backend vulkan` twice (its entries as session 12 tuned them), cold, all
# 110 points each, alternating.
set -uo pipefail
mkdir -p "${OUT:=/tmp/moe-out}"
CACHE=docs/results/2026-11-27-h100/issue6-session14/call6/cache source scripts/device-env.sh c7
for run in 1 2; do
  for backend in opencl vulkan; do
    start=$(date +%s)
    timeout 140 "${MB[@]}" bench --backend $backend --format csv --out $W/bench-$backend-$run > /dev/null \
      2> $W/bench-$backend-$run.log
    echo "$backend run $run: $(tail -1 $W/bench-$backend-$run.log) in $(( $(date +%s) - start )) s"
  done
done
