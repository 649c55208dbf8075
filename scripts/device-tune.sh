#!/usr/bin/env bash
# On the lent GPU (see device-run.sh): calibrate both GPU backends, tune them on zipf1 at a few T, then run the
# default bench of each twice with the tuning cache (the second run checks that the tuned figures reproduce).
# Results packed into $OUT/tune.tar.gz.
set -uo pipefail
FINAL="${OUT:-/tmp/moe-out}"
W=/tmp/moe-tune
mkdir -p "$W" "$FINAL"
trap 'tar -C "$W" -czf "$FINAL/tune.tar.gz" .' EXIT
source .devkit/gpu-env.sh > "$W/env.txt" 2>&1
export LD_PRELOAD="$(dirname "$JAVA")/../lib/libjsig.so" MOE_BENCH_CACHE="$W/cache"
MB=("$JAVA" -Xmx48g --add-modules jdk.incubator.vector -jar "${DIST:-cli/target/dist}/moe-bench.jar")
for b in opencl vulkan; do
  "${MB[@]}" calibrate --backend "$b" 2>&1 | tee -a "$W/calibrate.txt"
done
for b in opencl vulkan; do
  timeout 200 "${MB[@]}" tune --backend "$b" --tokens 64,1024 --iters 5 --warmup 1 > "$W/tune-$b.txt" 2> "$W/tune-$b.log"
  tail -8 "$W/tune-$b.txt"
done
for b in opencl vulkan; do
  for run in 1 2; do
    "${MB[@]}" bench --backend "$b" --format csv --out "$W/bench-$b-$run" > /dev/null 2> "$W/bench-$b-$run.log"
    tail -3 "$W/bench-$b-$run.log"
  done
done
