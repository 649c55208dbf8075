#!/usr/bin/env bash
# Session 9 call 4: `tune --resume` of call 2's problems that its 330 s did not reach (gemm2 hot16 T = 4096, zipf2
# and balanced), 270 s, then `moe-bench bench --backend opencl` twice with the resulting cache (b2f2466).
set -uo pipefail
source .devkit/gpu-env.sh > /dev/null 2>&1
W=/tmp/c4
rm -rf "$W" && mkdir -p "$W" && cp -r .gpu-cache2 "$W/cache"
trap 'rm -rf "$W/cache/opencl-binaries"; tar -C "$W" -czf "$OUT/c4.tar.gz" .' EXIT
export LD_PRELOAD="$(dirname "$JAVA")/../lib/libjsig.so" MOE_BENCH_CACHE="$W/cache"
MB=("$JAVA" -Xmx48g --add-modules jdk.incubator.vector -jar .gpu-dist/moe-bench.jar)
nvidia-smi --query-gpu=name,driver_version --format=csv,noheader | tee "$W/gpu.txt"
timeout 330 "${MB[@]}" tune --max-seconds 270 --resume --backend opencl --tokens 256,1024,2048,4096 \
  --archetypes hot16,zipf2,balanced --iters 5 --warmup 1 --warmup-ms 100 --verbose > "$W/tune-opencl.txt" 2> "$W/tune-opencl.log"
tail -14 "$W/tune-opencl.txt"
for run in 1 2; do
  "${MB[@]}" bench --backend opencl --format csv --out "$W/bench-opencl-$run" > /dev/null 2> "$W/bench-opencl-$run.log"
  tail -1 "$W/bench-opencl-$run.log"
done
