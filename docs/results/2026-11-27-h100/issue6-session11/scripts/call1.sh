#!/usr/bin/env bash
# Session 11 call 1 (as run): (1) Vulkan coopmat, direct weights reloaded in place (inplace-reload.patch on 4a1b589,
# .gpu-v1) against main (.gpu-dist, 4a1b589), alternating, 16 points with the tuned tiles; (2) tune of the in-place
# build at balanced T 256 (every candidate's registers and time); (3) OpenCL with the new tuning key (balanced and
# uniform T 1536-4096).
set -uo pipefail
DISTS=.gpu-v1 source scripts/device-env.sh c1
i=0
for v in .gpu-dist .gpu-v1 .gpu-dist .gpu-v1; do
  i=$((i+1)); tag=A$i${v#.gpu-}
  timeout 120 "$JAVA" -Xmx48g --add-modules jdk.incubator.vector -jar $v/moe-bench.jar bench --backend vulkan \
    --gemm 1,2 --archetypes balanced,hot16 --tokens 64,256,1024,4096 --format csv --out $W/$tag > $W/$tag.log 2>&1
  echo "$tag $(tail -1 $W/$tag.log)"
done
mkdir -p $W/tunecache && cp -r $W/cache/. $W/tunecache/
MOE_BENCH_CACHE=$W/tunecache timeout 150 "$JAVA" -Xmx48g --add-modules jdk.incubator.vector -jar .gpu-v1/moe-bench.jar \
  tune --max-seconds 120 --backend vulkan --gemm 1,2 --tokens 256 --archetypes balanced --iters 5 --warmup 1 \
  --warmup-ms 100 --verbose > $W/tune-v1.txt 2> $W/tune-v1.log
tail -4 $W/tune-v1.txt
timeout 100 "${MB[@]}" bench --backend opencl --gemm 1,2 --archetypes balanced,uniform --tokens 1536,2048,4096 \
  --format csv --out $W/opencl-key > $W/opencl-key.log 2>&1
tail -2 $W/opencl-key.log
