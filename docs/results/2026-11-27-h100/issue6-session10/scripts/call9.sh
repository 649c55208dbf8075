#!/usr/bin/env bash
# Session 10 call 9: `tune --backend vulkan` of the memory-bound points (T 256 and 64: balanced, uniform, zipf1),
# from call 8's cache (the registers fell from 111 to 83: 3 workgroups of 256 fit a multiprocessor), then `moe-bench bench --backend vulkan` twice.
set -uo pipefail
source .devkit/gpu-env.sh > /dev/null 2>&1
export LD_PRELOAD="$(dirname "$JAVA")/../lib/libjsig.so"
W=/tmp/c9; rm -rf $W; mkdir -p $W
cp -r .gpu-cache $W/cache
export MOE_BENCH_CACHE=$W/cache
nvidia-smi --query-gpu=name,driver_version --format=csv,noheader | tee $W/env.txt
nvidia-smi --query-gpu=timestamp,clocks.sm,power.draw,utilization.gpu --format=csv -lms 500 > $W/clocks.csv &
CL=$!
trap 'kill $CL; rm -rf $W/cache/vulkan-spirv $W/cache/opencl-binaries; tar -C $W -czf $OUT/c9.tar.gz .' EXIT
MB=("$JAVA" -Xmx48g --add-modules jdk.incubator.vector -jar .gpu-dist/moe-bench.jar)
timeout 330 "${MB[@]}" tune --max-seconds 300 --backend vulkan --tokens 256,64 --archetypes balanced,uniform,zipf1 \
  --iters 5 --warmup 1 --warmup-ms 100 --verbose > $W/tune-vulkan.txt 2> $W/tune-vulkan.log
tail -12 $W/tune-vulkan.txt
for run in 1 2; do
  start=$(date +%s)
  timeout 150 "${MB[@]}" bench --backend vulkan --format csv --out $W/bench-vulkan-$run > /dev/null 2> $W/bench-vulkan-$run.log
  echo "vulkan run $run: $(tail -1 $W/bench-vulkan-$run.log) in $(( $(date +%s) - start )) s"
done
