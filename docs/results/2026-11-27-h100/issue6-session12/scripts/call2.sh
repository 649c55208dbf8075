#!/usr/bin/env bash
# Session 12 call 2: (1) the defer build's machine code at gemm1 balanced T = 64 (driver shader cache, carve.py needs
# no ELF: the frames are kept for disassembly off the machine); (2) Vulkan A/B: main (1193c87) against 90bb022 (scales
# and zero points converted where used, not at the load), 16 points, alternating; (3) Vulkan bench of 90bb022 twice;
# (4) OpenCL tune of the rest of the uneven routings' large-T problems.
set -uo pipefail
mkdir -p "${OUT:=/tmp/moe-out}"
(
  DIST=.gpu-defer DISTS=.gpu-defer source scripts/device-env.sh sass2
  cp .gpu-dist/moe-bench.jar .gpu-defer/
  export __GL_SHADER_DISK_CACHE=1 __GL_SHADER_DISK_CACHE_PATH=$W/glcache __GL_SHADER_DISK_CACHE_SKIP_CLEANUP=1
  mkdir -p $W/glcache
  timeout 60 "${MB[@]}" bench --backend vulkan --gemm 1 --archetypes balanced --tokens 64 --format csv --out $W/b > $W/b.txt 2>&1
  tail -2 $W/b.txt
)
VARIANTS=".gpu-dist .gpu-defer .gpu-dist .gpu-defer" \
  ARGS="--gemm 1,2 --archetypes balanced,hot16 --tokens 16,64,1024,4096" \
  DISTS=.gpu-defer timeout 200 bash scripts/device-ab.sh
(
  DIST=.gpu-defer source scripts/device-env.sh c2
  for run in 1 2; do
    start=$(date +%s)
    timeout 150 "${MB[@]}" bench --backend vulkan --format csv --out $W/bench-vulkan-$run > /dev/null 2> $W/bench-vulkan-$run.log
    echo "vulkan run $run: $(tail -1 $W/bench-vulkan-$run.log) in $(( $(date +%s) - start )) s"
  done
)
CACHE=.gpu-s12/cache1 source scripts/device-env.sh c2tune
timeout 150 "${MB[@]}" tune --backend opencl --max-seconds 110 --iters 5 --warmup 1 --warmup-ms 100 --verbose \
  --gemm 2 --archetypes hot16,zipf2 --tokens 2048,1536,4096 > $W/tune-d.txt 2> $W/tune-d.log
tail -9 $W/tune-d.txt
