#!/usr/bin/env bash
# Session 14 call 4: OpenCL with 751806a's kernel (call 3's p2): tunes of two problems near the 40 % line
# (gemm1 zipf1 T = 1536, where p2 lost 2 % on its 241-register tile; gemm2 balanced T = 4096), from call 1's cache;
# then the final table: `bench --backend opencl` twice, cold, all 110 points.
set -uo pipefail
mkdir -p "${OUT:=/tmp/moe-out}"
source scripts/device-env.sh c4
tune() { # name, seconds, tune arguments
  local name=$1 limit=$2; shift 2
  local start=$(date +%s)
  timeout $((limit + 40)) "${MB[@]}" tune --backend opencl --verbose --max-seconds $limit "$@" > $W/tune-$name.txt 2> $W/tune-$name.log
  echo "tune $name: $(( $(date +%s) - start )) s"; grep -v '^---' $W/tune-$name.txt | tail -2
}
tune a 70 --gemm 1 --archetypes zipf1 --tokens 1536
tune b 90 --gemm 2 --archetypes balanced --tokens 4096
for run in 1 2; do
  start=$(date +%s)
  timeout 150 "${MB[@]}" bench --backend opencl --format csv --out $W/bench-opencl-$run > /dev/null 2> $W/bench-opencl-$run.log
  echo "opencl run $run: $(tail -1 $W/bench-opencl-$run.log) in $(( $(date +%s) - start )) s"
done
