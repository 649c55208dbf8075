#!/usr/bin/env bash
# Session 11 call 2 (as run; the diagnostic shader jars were built by make.py into .gpu-nomath etc.): (1) where the
# Vulkan coopmat time goes at the memory-bound points: diagnostic builds of main's shader (wrong results, timing
# only) without the math (nomath), without the activation staging (noa), without both (stream: the weight loads,
# the K loop and its barriers), and without the K loop's barriers too (streamnobar), against main, 6 points with
# the tuned tiles; (2) OpenCL bench twice with the new tuning key (4a1b589).
set -uo pipefail
DISTS=".gpu-nomath .gpu-noa .gpu-stream .gpu-streamnobar" \
  VARIANTS=".gpu-dist .gpu-nomath .gpu-noa .gpu-stream .gpu-streamnobar .gpu-dist" \
  ARGS="--gemm 1,2 --archetypes balanced --tokens 64,1024,4096" timeout 200 bash scripts/device-ab.sh
source scripts/device-env.sh c2
for run in 1 2; do
  start=$(date +%s)
  timeout 170 "${MB[@]}" bench --backend opencl --format csv --out $W/bench-opencl-$run > /dev/null 2> $W/bench-opencl-$run.log
  echo "opencl run $run: $(tail -1 $W/bench-opencl-$run.log) in $(( $(date +%s) - start )) s"
done
