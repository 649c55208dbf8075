#!/usr/bin/env bash
# Session 8 call 1: coopmat2 path first light. Device info, calibrate, bench coopmat (tuned) vs coopmat2 (default tiles)
# alternating at 16 points, then a short coopmat2 tune. Dist built from 7621c2f.
set -uo pipefail
source .devkit/gpu-env.sh > "$OUT/env.txt" 2>&1
export LD_PRELOAD="$(dirname "$JAVA")/../lib/libjsig.so" MOE_BENCH_CACHE=/tmp/c1cache
rm -rf /tmp/c1cache && cp -r .gpu-cache /tmp/c1cache
MB=("$JAVA" -Xmx48g --add-modules jdk.incubator.vector -jar .gpu-dist/moe-bench.jar)
nvidia-smi --query-gpu=name,driver_version --format=csv,noheader | tee "$OUT/gpu.txt"
W=/tmp/c1; rm -rf $W; mkdir -p $W
trap 'tar -C "$W" -czf "$OUT/c1.tar.gz" . ; cp -r /tmp/c1cache $W/cache 2>/dev/null; tar -C /tmp/c1cache -czf "$OUT/cache.tar.gz" .' EXIT
"${MB[@]}" calibrate --backend vulkan --backend-option path=coopmat2 > $W/cal.txt 2>&1; tail -4 $W/cal.txt
ARGS=(--gemm 1,2 --tokens 1,16,256,4096 --archetypes balanced,hot16)
for r in 1 2; do
  for v in coopmat coopmat2; do
    timeout 200 "${MB[@]}" bench --backend vulkan --backend-option path=$v "${ARGS[@]}" --format csv --out $W/$v-$r > $W/$v-$r.txt 2> $W/$v-$r.log
    echo "$v-$r rc=$?"; tail -2 $W/$v-$r.log
  done
done
timeout 260 "${MB[@]}" tune --max-seconds 200 --backend vulkan --backend-option path=coopmat2 --gemm 1,2 --tokens 16,256,4096 \
  --archetypes hot16,balanced --iters 5 --warmup 1 --verbose > $W/tune.txt 2> $W/tune.log
echo "tune rc=$?"; tail -15 $W/tune.txt; tail -3 $W/tune.log
