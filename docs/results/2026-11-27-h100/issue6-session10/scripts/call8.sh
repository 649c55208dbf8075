#!/usr/bin/env bash
# Session 10 call 8: `tune --backend vulkan` of hot16 at T 4096, 2048, 994, 768, 512 (R 4 tiles won hot16 at
# T 1024 and 1536 in call 7), from call 7's cache, then the final `moe-bench bench --backend vulkan` twice.
set -uo pipefail
source .devkit/gpu-env.sh > /dev/null 2>&1
export LD_PRELOAD="$(dirname "$JAVA")/../lib/libjsig.so"
W=/tmp/c8; rm -rf $W; mkdir -p $W
cp -r .gpu-cache $W/cache
export MOE_BENCH_CACHE=$W/cache
nvidia-smi --query-gpu=name,driver_version --format=csv,noheader | tee $W/env.txt
nvidia-smi --query-gpu=timestamp,clocks.sm,power.draw,utilization.gpu --format=csv -lms 500 > $W/clocks.csv &
CL=$!
trap 'kill $CL; rm -rf $W/cache/vulkan-spirv $W/cache/opencl-binaries; tar -C $W -czf $OUT/c8.tar.gz .' EXIT
MB=("$JAVA" -Xmx48g --add-modules jdk.incubator.vector -jar .gpu-dist/moe-bench.jar)
timeout 270 "${MB[@]}" tune --max-seconds 240 --backend vulkan --tokens 4096,2048,994,768,512 --archetypes hot16 \
  --iters 5 --warmup 1 --warmup-ms 100 --verbose > $W/tune-vulkan.txt 2> $W/tune-vulkan.log
tail -12 $W/tune-vulkan.txt
for run in 1 2; do
  start=$(date +%s)
  timeout 150 "${MB[@]}" bench --backend vulkan --format csv --out $W/bench-vulkan-$run > /dev/null 2> $W/bench-vulkan-$run.log
  echo "vulkan run $run: $(tail -1 $W/bench-vulkan-$run.log) in $(( $(date +%s) - start )) s"
done
