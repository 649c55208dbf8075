#!/usr/bin/env bash
# Session 10 call 7: more `tune --backend vulkan` of 2959386 where the cached tile is R 1 (T 1536: zipf2, zipf1,
# uniform, hot16; T 1024: zipf2, hot16), from call 6's cache.
set -uo pipefail
source .devkit/gpu-env.sh > /dev/null 2>&1
export LD_PRELOAD="$(dirname "$JAVA")/../lib/libjsig.so"
W=/tmp/c7; rm -rf $W; mkdir -p $W
cp -r .gpu-cache $W/cache
export MOE_BENCH_CACHE=$W/cache
nvidia-smi --query-gpu=name,driver_version --format=csv,noheader | tee $W/env.txt
trap 'rm -rf $W/cache/vulkan-spirv $W/cache/opencl-binaries; tar -C $W -czf $OUT/c7.tar.gz .' EXIT
MB=("$JAVA" -Xmx48g --add-modules jdk.incubator.vector -jar .gpu-dist/moe-bench.jar)
timeout 300 "${MB[@]}" tune --max-seconds 270 --backend vulkan --tokens 1536 --archetypes zipf2,zipf1,uniform,hot16 \
  --iters 5 --warmup 1 --warmup-ms 100 --verbose > $W/tune-vulkan-a.txt 2> $W/tune-vulkan-a.log
tail -12 $W/tune-vulkan-a.txt
timeout 200 "${MB[@]}" tune --max-seconds 170 --backend vulkan --tokens 1024 --archetypes zipf2,hot16 \
  --iters 5 --warmup 1 --warmup-ms 100 --verbose > $W/tune-vulkan-b.txt 2> $W/tune-vulkan-b.log
tail -8 $W/tune-vulkan-b.txt
