#!/usr/bin/env bash
# Session 8 call 2: coopmat2 with kernel-staged activations (dist built from f523b16). Bench coopmat (tuned) vs
# coopmat2 (default tiles) alternating at 16 points, then short coopmat2 tunes at three points.
set -uo pipefail
source .devkit/gpu-env.sh > "$OUT/env.txt" 2>&1
export LD_PRELOAD="$(dirname "$JAVA")/../lib/libjsig.so" MOE_BENCH_CACHE=/tmp/c2cache
rm -rf /tmp/c2cache && cp -r .gpu-cache /tmp/c2cache
MB=("$JAVA" -Xmx48g --add-modules jdk.incubator.vector -jar .gpu-dist/moe-bench.jar)
nvidia-smi --query-gpu=name,driver_version --format=csv,noheader | tee "$OUT/gpu.txt"
W=/tmp/c2; rm -rf $W; mkdir -p $W
trap 'tar -C "$W" -czf "$OUT/c2.tar.gz" . ; tar -C /tmp/c2cache -czf "$OUT/cache.tar.gz" .' EXIT
"${MB[@]}" calibrate --backend vulkan --backend-option path=coopmat2 > $W/cal.txt 2>&1; tail -2 $W/cal.txt
ARGS=(--gemm 1,2 --tokens 1,16,256,4096 --archetypes balanced,hot16)
for r in 1 2; do
  for v in coopmat coopmat2; do
    timeout 200 "${MB[@]}" bench --backend vulkan --backend-option path=$v "${ARGS[@]}" --format csv --out $W/$v-$r > $W/$v-$r.txt 2> $W/$v-$r.log
    echo "$v-$r rc=$?"
  done
done
TUNE=(--backend vulkan --backend-option path=coopmat2 --iters 5 --warmup 1 --verbose)
timeout 200 "${MB[@]}" tune --max-seconds 150 "${TUNE[@]}" --gemm 1 --tokens 16,256 --archetypes hot16 > $W/tune1.txt 2> $W/tune1.log
echo "tune1 rc=$?"; tail -4 $W/tune1.txt
timeout 200 "${MB[@]}" tune --max-seconds 130 "${TUNE[@]}" --gemm 2 --tokens 4096 --archetypes balanced > $W/tune2.txt 2> $W/tune2.log
echo "tune2 rc=$?"; tail -3 $W/tune2.txt
