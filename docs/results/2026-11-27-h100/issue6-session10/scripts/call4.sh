#!/usr/bin/env bash
# Session 10 call 4: (1) Vulkan coopmat without the per-tile branches around the multiplies (every M tile
# multiplies; padding rows hold zeros), A/B against main at 12 points with session 6's tuned tiles; (2) OpenCL
# tune of the problems session 9 did not retune that sit below 40 % of the floor (uniform, zipf1 at T 1536-4096;
# balanced T 1536), from session 9's call 4 cache.
set -uo pipefail
source .devkit/gpu-env.sh > /dev/null 2>&1
cp --update=none .gpu-dist/lib/* .gpu-v3/lib/
export LD_PRELOAD="$(dirname "$JAVA")/../lib/libjsig.so"
W=/tmp/c4; rm -rf $W; mkdir -p $W
cp -r docs/results/2026-11-27-h100/issue6-session9/call4-resume-tune-and-bench/cache $W/cache
cp docs/results/2026-11-26-h100/issue6-session6/call5-confirm-tune-and-vulkan-final/cache/tuning/vulkan-* $W/cache/tuning/
export MOE_BENCH_CACHE=$W/cache
nvidia-smi --query-gpu=name,driver_version --format=csv,noheader | tee $W/env.txt
nvidia-smi --query-gpu=timestamp,clocks.sm,power.draw,utilization.gpu --format=csv -lms 200 > $W/clocks.csv &
CL=$!
trap 'kill $CL; rm -rf $W/cache/opencl-binaries; tar -C $W -czf $OUT/c4.tar.gz .' EXIT
MB=("$JAVA" -Xmx48g --add-modules jdk.incubator.vector -jar)
i=0
for v in .gpu-dist .gpu-v3 .gpu-dist .gpu-v3; do
  i=$((i+1)); tag=A$i${v#.gpu-}
  "${MB[@]}" $v/moe-bench.jar bench --backend vulkan --gemm 1,2 --archetypes balanced,hot16 --tokens 16,256,4096 \
    --format csv --out $W/$tag > $W/$tag.log 2>&1
  echo "$tag $(tail -1 $W/$tag.log)"
done
timeout 340 "${MB[@]}" .gpu-dist/moe-bench.jar tune --max-seconds 300 --backend opencl --tokens 1536,2048,4096 \
  --archetypes uniform,zipf1 --iters 5 --warmup 1 --warmup-ms 100 --verbose > $W/tune-a.txt 2> $W/tune-a.log
tail -14 $W/tune-a.txt
timeout 80 "${MB[@]}" .gpu-dist/moe-bench.jar tune --max-seconds 60 --backend opencl --tokens 1536 \
  --archetypes balanced --iters 5 --warmup 1 --warmup-ms 100 --verbose > $W/tune-b.txt 2> $W/tune-b.log
tail -4 $W/tune-b.txt
