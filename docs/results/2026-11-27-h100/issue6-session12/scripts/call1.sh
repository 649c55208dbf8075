#!/usr/bin/env bash
# Session 12 call 1: (1) the NVIDIA driver's shader disk cache after one Vulkan point (gemm1 balanced T = 64, the
# tuned tile), carved for machine code (carve.py); (2) Vulkan A/B: main (1193c87) against exp-onebar (b3bd666 on
# main: next step's loads before the barrier, two A buffers, one barrier a step), balanced T 64/1024/4096, alternating;
# (3) OpenCL tune with main's pieces kernel of the uneven routings' large-T problems session 11 did not retune.
set -uo pipefail
mkdir -p "${OUT:=/tmp/moe-out}"
(
  source scripts/device-env.sh sass
  export __GL_SHADER_DISK_CACHE=1 __GL_SHADER_DISK_CACHE_PATH=$W/glcache __GL_SHADER_DISK_CACHE_SKIP_CLEANUP=1
  mkdir -p $W/glcache
  timeout 60 "${MB[@]}" bench --backend vulkan --gemm 1 --archetypes balanced --tokens 64 --format csv --out $W/b > $W/b.txt 2>&1
  tail -2 $W/b.txt
  ls -laR $W/glcache | head -20; ls -la ~/.nv ~/.cache/nvidia 2>/dev/null | head
  timeout 60 python3 .gpu-s12/carve.py $W/glcache $W/carved
)
VARIANTS=".gpu-dist .gpu-onebar .gpu-dist .gpu-onebar" ARGS="--gemm 1,2 --archetypes balanced --tokens 64,1024,4096" \
  DISTS=.gpu-onebar timeout 150 bash scripts/device-ab.sh
source scripts/device-env.sh c1
tune() { # tag max-seconds args...
  local tag=$1 max=$2; shift 2
  timeout $((max + 40)) "${MB[@]}" tune --backend opencl --max-seconds $max --iters 5 --warmup 1 --warmup-ms 100 \
    --verbose "$@" > $W/tune-$tag.txt 2> $W/tune-$tag.log
  tail -8 $W/tune-$tag.txt
}
tune a 130 --gemm 2 --archetypes uniform,zipf1 --tokens 2048,1536
tune b 70 --gemm 2 --archetypes uniform --tokens 4096
tune c 120 --gemm 1 --archetypes hot16,zipf2 --tokens 1536,2048
