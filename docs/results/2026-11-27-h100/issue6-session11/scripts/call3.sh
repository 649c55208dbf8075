#!/usr/bin/env bash
# Session 11 call 3: (1) Vulkan weights in dedicated allocations with every expert 2 MiB-aligned, against the default
# placement (backend options, same build), 6 memory-bound and large-T points, alternating; (2) final benches of
# main (fb18d29) with the migrated tuning cache: OpenCL twice, Vulkan twice.
set -uo pipefail
VARIANTS=".gpu-dist .gpu-dist:weight-align=2097152,dedicated=true .gpu-dist .gpu-dist:weight-align=2097152,dedicated=true" \
  ARGS="--gemm 1,2 --archetypes balanced --tokens 64,1024,4096" timeout 150 bash scripts/device-ab.sh
source scripts/device-env.sh c3
for b in opencl vulkan; do
  for run in 1 2; do
    start=$(date +%s)
    timeout 160 "${MB[@]}" bench --backend $b --format csv --out $W/bench-$b-$run > /dev/null 2> $W/bench-$b-$run.log
    echo "$b run $run: $(tail -1 $W/bench-$b-$run.log) in $(( $(date +%s) - start )) s"
  done
done
