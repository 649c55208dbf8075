#!/usr/bin/env bash
# Session 9 call 3: final OpenCL bench of b2f2466 (cp.async stages, one-lop3 dequant), run twice, with session 6's
# cache as retuned in call 2 (15 problems; session 6's ceilings: 2.99 TB/s, 633 TFLOP/s).
set -uo pipefail
source .devkit/gpu-env.sh > /dev/null 2>&1
W=/tmp/c3
rm -rf "$W" && mkdir -p "$W" && cp -r .gpu-cache2 "$W/cache"
trap 'rm -rf "$W/cache/opencl-binaries"; tar -C "$W" -czf "$OUT/final.tar.gz" .' EXIT
nvidia-smi --query-gpu=name,driver_version --format=csv,noheader | tee "$W/gpu.txt"
for run in 1 2; do
  LD_PRELOAD="$(dirname "$JAVA")/../lib/libjsig.so" MOE_BENCH_CACHE="$W/cache" "$JAVA" -Xmx48g \
    --add-modules jdk.incubator.vector -jar .gpu-dist/moe-bench.jar bench --backend opencl --format csv \
    --out "$W/bench-opencl-$run" > /dev/null 2> "$W/bench-opencl-$run.log"
  tail -1 "$W/bench-opencl-$run.log"
done
