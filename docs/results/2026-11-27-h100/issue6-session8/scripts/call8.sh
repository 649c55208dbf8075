#!/usr/bin/env bash
# Session 8 call 8: final OpenCL bench (eedbd22: workgroup order N tiles fastest), default sweep, twice, with
# session 6's OpenCL tuning cache.
set -uo pipefail
source .devkit/gpu-env.sh > "$OUT/env.txt" 2>&1
export LD_PRELOAD="$(dirname "$JAVA")/../lib/libjsig.so" MOE_BENCH_CACHE=/tmp/c8cache
rm -rf /tmp/c8cache && cp -r .gpu-cache /tmp/c8cache
W=/tmp/c8; rm -rf $W; mkdir -p $W
trap 'tar -C "$W" -czf "$OUT/final.tar.gz" .' EXIT
nvidia-smi --query-gpu=name,driver_version --format=csv,noheader | tee "$W/gpu.txt"
for r in 1 2; do
  "$JAVA" -Xmx48g --add-modules jdk.incubator.vector -jar .gpu-dist/moe-bench.jar bench --backend opencl \
    --format csv --out $W/bench-opencl-$r > /dev/null 2> $W/bench-opencl-$r.log
  tail -1 $W/bench-opencl-$r.log
done
