#!/usr/bin/env bash
# Session 10 call 10: the final `moe-bench bench --backend opencl`, twice, with call 9's cache in which the two
# T1536.B512.X256 entries hold call 4's uniform winners again (call 4's balanced tune had overwritten them: balanced
# and uniform T = 1536 share the key, and the balanced winner took uniform from 280 to 389 us in call 5).
set -uo pipefail
source .devkit/gpu-env.sh > /dev/null 2>&1
export LD_PRELOAD="$(dirname "$JAVA")/../lib/libjsig.so"
W=/tmp/c10; rm -rf $W; mkdir -p $W
cp -r .gpu-cache $W/cache
export MOE_BENCH_CACHE=$W/cache
nvidia-smi --query-gpu=name,driver_version --format=csv,noheader | tee $W/env.txt
nvidia-smi --query-gpu=timestamp,clocks.sm,power.draw,utilization.gpu --format=csv -lms 500 > $W/clocks.csv &
CL=$!
trap 'kill $CL; rm -rf $W/cache/vulkan-spirv $W/cache/opencl-binaries; tar -C $W -czf $OUT/c10.tar.gz .' EXIT
MB=("$JAVA" -Xmx48g --add-modules jdk.incubator.vector -jar .gpu-dist/moe-bench.jar)
for run in 1 2; do
  start=$(date +%s)
  timeout 200 "${MB[@]}" bench --backend opencl --format csv --out $W/bench-opencl-$run > /dev/null 2> $W/bench-opencl-$run.log
  echo "opencl run $run: $(tail -1 $W/bench-opencl-$run.log) in $(( $(date +%s) - start )) s"
done
