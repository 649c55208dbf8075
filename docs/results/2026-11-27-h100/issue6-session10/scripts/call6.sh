#!/usr/bin/env bash
# Session 10 call 6: `tune --backend vulkan` of 2959386 (no per-tile multiply branches, 164 registers for the
# R 2 / BN 256 tile instead of 254) at T 4096 and 2048 for the archetypes whose cached tile is R 1 (zipf2, zipf1,
# uniform), from call 5's cache; session 6's ceilings.
set -uo pipefail
source .devkit/gpu-env.sh > /dev/null 2>&1
export LD_PRELOAD="$(dirname "$JAVA")/../lib/libjsig.so"
W=/tmp/c6; rm -rf $W; mkdir -p $W
cp -r .gpu-cache $W/cache
export MOE_BENCH_CACHE=$W/cache
nvidia-smi --query-gpu=name,driver_version --format=csv,noheader | tee $W/env.txt
trap 'rm -rf $W/cache/vulkan-spirv $W/cache/opencl-binaries; tar -C $W -czf $OUT/c6.tar.gz .' EXIT
MB=("$JAVA" -Xmx48g --add-modules jdk.incubator.vector -jar .gpu-dist/moe-bench.jar)
timeout 560 "${MB[@]}" tune --max-seconds 500 --backend vulkan --tokens 4096,2048 --archetypes zipf2,zipf1,uniform \
  --iters 5 --warmup 1 --warmup-ms 100 --verbose > $W/tune-vulkan.txt 2> $W/tune-vulkan.log
tail -16 $W/tune-vulkan.txt
