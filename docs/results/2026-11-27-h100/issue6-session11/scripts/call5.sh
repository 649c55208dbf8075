#!/usr/bin/env bash
# Session 11 call 5: OpenCL work-groups on pieces of one expert's run (019fe16, .gpu-pieces) against main (fb18d29,
# .gpu-dist) at the uneven routings' large T (uniform, zipf1, zipf2, hot16 x T 1536, 2048, 4096, both gemms):
# main and pieces with the tuned cache, pieces with balanced's merged-block tiles at those points (crafted);
# then `tune` of the pieces build at uniform and zipf1 (T 4096 first) for what time is left.
set -uo pipefail
DISTS=.gpu-pieces source scripts/device-env.sh c5
mkdir -p $W/crafted && cp -r .gpu-pieces/crafted/. $W/crafted/
PTS=(--gemm 1,2 --archetypes uniform,zipf1,zipf2,hot16 --tokens 1536,2048,4096 --format csv)
run() { # tag dist cache
  local start=$(date +%s)
  MOE_BENCH_CACHE=$3 timeout 100 "$JAVA" -Xmx48g --add-modules jdk.incubator.vector -jar $2/moe-bench.jar bench \
    --backend opencl "${PTS[@]}" --out $W/$1 > /dev/null 2> $W/$1.log
  echo "$1: $(tail -1 $W/$1.log) in $(( $(date +%s) - start )) s"
}
run A1main .gpu-dist $W/cache
run A2pieces .gpu-pieces $W/cache
run A3crafted .gpu-pieces $W/crafted
mkdir -p $W/tunecache && cp -r $W/cache/. $W/tunecache/
MOE_BENCH_CACHE=$W/tunecache timeout 230 "$JAVA" -Xmx48g --add-modules jdk.incubator.vector -jar .gpu-pieces/moe-bench.jar \
  tune --max-seconds 200 --backend opencl --tokens 4096,2048,1536 --archetypes zipf1,uniform --iters 5 --warmup 1 \
  --warmup-ms 100 --verbose > $W/tune-pieces.txt 2> $W/tune-pieces.log
tail -16 $W/tune-pieces.txt; tail -3 $W/tune-pieces.log
