#!/usr/bin/env bash
# Session 12 call 3: (1) machine code of two Vulkan builds at gemm1 balanced T = 64 (driver shader cache):
# .gpu-slots (bf16 direct-load dequantisation, one mask-and-OR and one fma a weight) and .gpu-slotsreg (the same
# with 1.0's bits in a register, so the mask-and-OR can be one LOP3); (2) Vulkan A/B: 90bb022 against both, 16 points,
# alternating; (3) OpenCL bench of main twice with this session's retuned cache.
set -uo pipefail
mkdir -p "${OUT:=/tmp/moe-out}"
for v in slots slotsreg; do
  (
    DIST=.gpu-$v DISTS=.gpu-$v source scripts/device-env.sh sass-$v
    cp .gpu-dist/moe-bench.jar .gpu-$v/
    export __GL_SHADER_DISK_CACHE=1 __GL_SHADER_DISK_CACHE_PATH=$W/glcache __GL_SHADER_DISK_CACHE_SKIP_CLEANUP=1
    mkdir -p $W/glcache
    timeout 60 "${MB[@]}" bench --backend vulkan --gemm 1 --archetypes balanced --tokens 64 --format csv --out $W/b > $W/b.txt 2>&1
    tail -2 $W/b.txt
  )
done
VARIANTS=".gpu-defer .gpu-slots .gpu-slotsreg .gpu-defer .gpu-slots .gpu-slotsreg" \
  ARGS="--gemm 1,2 --archetypes balanced,hot16 --tokens 16,64,1024,4096" \
  DISTS=".gpu-defer .gpu-slots .gpu-slotsreg" timeout 240 bash scripts/device-ab.sh
source scripts/device-env.sh c3
for run in 1 2; do
  start=$(date +%s)
  timeout 150 "${MB[@]}" bench --backend opencl --format csv --out $W/bench-opencl-$run > /dev/null 2> $W/bench-opencl-$run.log
  echo "opencl run $run: $(tail -1 $W/bench-opencl-$run.log) in $(( $(date +%s) - start )) s"
done
