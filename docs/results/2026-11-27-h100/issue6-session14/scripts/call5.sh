#!/usr/bin/env bash
# Session 14 call 5: the two tunes of call 4 again with enough time (each stopped at its 45th-49th candidate there),
# from call 4's cache (call 1's plus nothing new); then `bench --backend opencl` twice more, cold, all 110 points.
set -uo pipefail
mkdir -p "${OUT:=/tmp/moe-out}"
CACHE=docs/results/2026-11-27-h100/issue6-session14/call4/cache source scripts/device-env.sh c5
tune() { # name, seconds, tune arguments
  local name=$1 limit=$2; shift 2
  local start=$(date +%s)
  timeout $((limit + 40)) "${MB[@]}" tune --backend opencl --verbose --max-seconds $limit "$@" > $W/tune-$name.txt 2> $W/tune-$name.log
  echo "tune $name: $(( $(date +%s) - start )) s"; grep -v '^---' $W/tune-$name.txt | tail -2
}
tune a 100 --gemm 1 --archetypes zipf1 --tokens 1536
tune b 120 --gemm 2 --archetypes balanced --tokens 4096
for run in 1 2; do
  start=$(date +%s)
  timeout 135 "${MB[@]}" bench --backend opencl --format csv --out $W/bench-opencl-$run > /dev/null 2> $W/bench-opencl-$run.log
  echo "opencl run $run: $(tail -1 $W/bench-opencl-$run.log) in $(( $(date +%s) - start )) s"
done
