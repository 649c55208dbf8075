#!/usr/bin/env bash
# Session 10 call 2: Vulkan B-fragment element conversion variants (bf16), and bf16 vs fp16 on both paths.
set -uo pipefail
source .devkit/gpu-env.sh > /dev/null 2>&1
for d in .gpu-v0 .gpu-v1 .gpu-v2; do cp --update=none .gpu-dist/lib/* "$d/lib/"; done
export LD_PRELOAD="$(dirname "$JAVA")/../lib/libjsig.so"
W=/tmp/c2; rm -rf $W; mkdir -p $W
cp -r docs/results/2026-11-26-h100/issue6-session6/call5-confirm-tune-and-vulkan-final/cache $W/cache
export MOE_BENCH_CACHE=$W/cache
nvidia-smi --query-gpu=name,driver_version --format=csv,noheader | tee $W/env.txt
nvidia-smi --query-gpu=timestamp,clocks.sm,power.draw,utilization.gpu --format=csv -lms 200 > $W/clocks.csv &
CL=$!
trap 'kill $CL; tar -C $W --exclude=cache -czf $OUT/c2.tar.gz .' EXIT
PTS="--gemm 1,2 --archetypes balanced,hot16 --tokens 16,256,4096"
run() { # tag dist backend extra...
  local tag=$1 dist=$2 be=$3; shift 3
  "$JAVA" -Xmx32g --add-modules jdk.incubator.vector -jar $dist/moe-bench.jar bench --backend $be $PTS "$@" \
    --format csv --out $W/$tag > $W/$tag.log 2>&1
  echo "$tag $(tail -1 $W/$tag.log)"
}
i=0
for v in .gpu-dist .gpu-v1 .gpu-v2 .gpu-dist .gpu-v1 .gpu-v2 .gpu-v0; do
  i=$((i+1)); run A$i${v#.gpu-} $v vulkan
done
run B1-vk-bf16 .gpu-dist vulkan --no-tune-cache
run B2-vk-fp16 .gpu-dist vulkan --no-tune-cache --dtype fp16
run B3-cl-bf16 .gpu-dist opencl --no-tune-cache
run B4-cl-fp16 .gpu-dist opencl --no-tune-cache --dtype fp16
run B5-vk-bf16 .gpu-dist vulkan --no-tune-cache
run B6-vk-fp16 .gpu-dist vulkan --no-tune-cache --dtype fp16
