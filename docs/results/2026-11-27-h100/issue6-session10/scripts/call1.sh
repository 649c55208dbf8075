#!/usr/bin/env bash
# Session 10 call 1: can the NVIDIA Vulkan driver's shader disk cache give the coopmat kernel's SASS?
set -uo pipefail
source .devkit/gpu-env.sh > /dev/null 2>&1
export LD_PRELOAD="$(dirname "$JAVA")/../lib/libjsig.so"
W=/tmp/c1; rm -rf $W; mkdir -p $W
cp -r docs/results/2026-11-26-h100/issue6-session6/call5-confirm-tune-and-vulkan-final/cache $W/cache
export MOE_BENCH_CACHE=$W/cache
nvidia-smi --query-gpu=name,driver_version --format=csv,noheader | tee $W/env.txt
which cuobjdump nvdisasm | tee -a $W/env.txt
for p in "1 balanced 256" "2 balanced 4096" "1 hot16 16"; do
  set -- $p
  tag=g$1-$2-$3
  export __GL_SHADER_DISK_CACHE=1 __GL_SHADER_DISK_CACHE_PATH=$W/glcache-$tag __GL_SHADER_DISK_CACHE_SKIP_CLEANUP=1
  mkdir -p $__GL_SHADER_DISK_CACHE_PATH
  "$JAVA" -Xmx16g --add-modules jdk.incubator.vector -jar .gpu-dist/moe-bench.jar bench --backend vulkan --gemm $1 \
    --archetypes $2 --tokens $3 --verbose --format csv --out $W/bench-$tag > $W/bench-$tag.log 2>&1
  tail -2 $W/bench-$tag.log
  find $__GL_SHADER_DISK_CACHE_PATH ~/.cache/nvidia ~/.nv -type f 2>/dev/null | head -20 | tee -a $W/files-$tag.txt
  python3 .gpu-dist/carve.py $__GL_SHADER_DISK_CACHE_PATH $W/elf-$tag > $W/carve-$tag.txt 2>&1
  tail -3 $W/carve-$tag.txt
  for f in $W/elf-$tag/*.cubin; do
    [ -f "$f" ] || continue
    cuobjdump -sass "$f" > "${f%.cubin}.sass" 2>&1 || nvdisasm -c "$f" > "${f%.cubin}.sass" 2>&1
    echo "$f $(grep -c HMMA ${f%.cubin}.sass) HMMA, $(wc -l < ${f%.cubin}.sass) lines"
  done
done
tar -C $W --exclude=cache -czf $OUT/c1.tar.gz .
