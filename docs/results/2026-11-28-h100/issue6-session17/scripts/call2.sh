#!/usr/bin/env bash
# Session 17, call 2: staged weights (6558143 = 9acb503 + staged-weights.patch, a commit reset after this call; .gpu-new: the OpenCL backend and shader jars) tuned at the few-block
# problems (gemm 1 and 2, hot16 T 16/64/256, zipf2 T 16; --verbose: every candidate's time, staged and register
# tiles side by side), then bench at the 12 few-block points: HEAD 700a592 (.gpu-dist) with session 15's cache against
# .gpu-new with that cache plus the new winners, alternating twice.
set -uo pipefail
mkdir -p "${OUT:=/tmp/moe-out}"
DISTS=".gpu-new" source scripts/device-env.sh c2
cp -r "$W/cache" "$W/cache-base"
start=$(date +%s)
DIST=.gpu-new
timeout 330 "$JAVA" -Xmx48g --add-modules jdk.incubator.vector -jar .gpu-new/moe-bench.jar tune --backend opencl \
  --verbose --max-seconds 290 --gemm 1,2 --archetypes hot16 --tokens 64,16,256 > "$W/tune-hot16.txt" 2> "$W/tune-hot16.log"
timeout 100 "$JAVA" -Xmx48g --add-modules jdk.incubator.vector -jar .gpu-new/moe-bench.jar tune --backend opencl \
  --verbose --max-seconds 60 --gemm 1,2 --archetypes zipf2 --tokens 16 > "$W/tune-zipf2.txt" 2> "$W/tune-zipf2.log"
echo "tune: $(( $(date +%s) - start )) s"; grep -v '^---' "$W/tune-hot16.txt" | tail -4
i=0
for v in .gpu-dist .gpu-new .gpu-dist .gpu-new; do
  i=$((i + 1))
  cache="$W/cache"; [ "$v" = .gpu-dist ] && cache="$W/cache-base"
  MOE_BENCH_CACHE="$cache" timeout 90 "$JAVA" -Xmx48g --add-modules jdk.incubator.vector -jar "$v/moe-bench.jar" bench \
    --backend opencl --gemm 1,2 --archetypes hot16,zipf2 --tokens 16,64,256 --format csv --out "$W/$i${v//./_}" \
    > /dev/null 2> "$W/$i${v//./_}.log"
  echo "$i $v: $(tail -1 "$W/$i${v//./_}.log")"
done
