#!/usr/bin/env bash
# Session 10 call 5: the final benches of 2959386 (Vulkan coopmat without the per-tile multiply branches), both
# backends, twice each (alternating), with call 4's cache: session 9's OpenCL tiles plus call 4's 14 retuned
# problems, session 6's Vulkan tiles, session 6's ceilings.
set -uo pipefail
source .devkit/gpu-env.sh > /dev/null 2>&1
export LD_PRELOAD="$(dirname "$JAVA")/../lib/libjsig.so"
W=/tmp/c5; rm -rf $W; mkdir -p $W
cp -r .gpu-cache $W/cache
export MOE_BENCH_CACHE=$W/cache
nvidia-smi --query-gpu=name,driver_version --format=csv,noheader | tee $W/env.txt
nvidia-smi --query-gpu=timestamp,clocks.sm,power.draw,utilization.gpu --format=csv -lms 500 > $W/clocks.csv &
CL=$!
trap 'kill $CL; rm -rf $W/cache; tar -C $W -czf $OUT/c5.tar.gz .' EXIT
MB=("$JAVA" -Xmx48g --add-modules jdk.incubator.vector -jar .gpu-dist/moe-bench.jar)
for run in 1 2; do
  for be in vulkan opencl; do
    start=$(date +%s)
    timeout 280 "${MB[@]}" bench --backend $be --format csv --out $W/bench-$be-$run > /dev/null 2> $W/bench-$be-$run.log
    echo "$be run $run: $(tail -1 $W/bench-$be-$run.log) in $(( $(date +%s) - start )) s"
  done
done
