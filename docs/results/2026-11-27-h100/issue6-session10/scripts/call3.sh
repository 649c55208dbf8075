#!/usr/bin/env bash
# Session 10 call 3: does Nsight Compute see Vulkan compute dispatches (and give their SASS)?
set -uo pipefail
source .devkit/gpu-env.sh > /dev/null 2>&1
W=/tmp/c3; rm -rf $W; mkdir -p $W
trap 'tar -C $W --exclude=cache -czf $OUT/c3.tar.gz .' EXIT
cp -r docs/results/2026-11-26-h100/issue6-session6/call5-confirm-tune-and-vulkan-final/cache $W/cache
export MOE_BENCH_CACHE=$W/cache
ncu --version | tail -1 | tee $W/tools.txt
JSIG="$(dirname "$JAVA")/../lib/libjsig.so"
B=(bench --backend vulkan --gemm 1 --archetypes balanced --tokens 256 --iters 3 --warmup 1 --format csv)
timeout 200 ncu --target-processes all --launch-count 2 --section LaunchStats --section Occupancy --section SpeedOfLight \
  --section SourceCounters --section WarpStateStats -o $W/vk \
  env LD_PRELOAD="$JSIG" "$JAVA" -Xmx16g --add-modules jdk.incubator.vector -jar .gpu-dist/moe-bench.jar "${B[@]}" --out $W/b1 \
  > $W/ncu-run.txt 2>&1
echo "rc=$?"; tail -15 $W/ncu-run.txt
ls -la $W
if [ -f $W/vk.ncu-rep ]; then
  ncu -i $W/vk.ncu-rep > $W/vk.txt 2>&1; head -80 $W/vk.txt
  ncu -i $W/vk.ncu-rep --page source --print-source sass --csv > $W/vk-sass.csv 2>&1; wc -l $W/vk-sass.csv; head -5 $W/vk-sass.csv
fi
