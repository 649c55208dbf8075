#!/usr/bin/env bash
# Session 12 call 4: (1) machine code of .gpu-expadd (4dbc06c: slot scales by an exponent add, one fma a weight) and
# .gpu-pairconv (7bb679b: fragment elements converted a pair at a time); (2) Vulkan A/B: c496887 (.gpu-slotsreg)
# against both, 16 points, alternating; (3) Vulkan bench twice of the fastest of the three (select.py).
set -uo pipefail
mkdir -p "${OUT:=/tmp/moe-out}"
for v in expadd pairconv; do
  (
    DIST=.gpu-$v DISTS=.gpu-$v source scripts/device-env.sh sass-$v
    export __GL_SHADER_DISK_CACHE=1 __GL_SHADER_DISK_CACHE_PATH=$W/glcache __GL_SHADER_DISK_CACHE_SKIP_CLEANUP=1
    mkdir -p $W/glcache
    timeout 60 "${MB[@]}" bench --backend vulkan --gemm 1 --archetypes balanced --tokens 64 --format csv --out $W/b > $W/b.txt 2>&1
    tail -2 $W/b.txt
  )
done
VARIANTS=".gpu-slotsreg .gpu-expadd .gpu-pairconv .gpu-slotsreg .gpu-expadd .gpu-pairconv" \
  ARGS="--gemm 1,2 --archetypes balanced,hot16 --tokens 16,64,1024,4096" \
  DISTS=".gpu-slotsreg .gpu-expadd .gpu-pairconv" timeout 200 bash scripts/device-ab.sh
mkdir -p /tmp/ab4 && tar -C /tmp/ab4 -xzf $OUT/ab.tar.gz
best=$(python3 .gpu-s12/select.py /tmp/ab4/1_gpu_slotsreg=slotsreg /tmp/ab4/2_gpu_expadd=expadd \
  /tmp/ab4/3_gpu_pairconv=pairconv /tmp/ab4/4_gpu_slotsreg=slotsreg /tmp/ab4/5_gpu_expadd=expadd \
  /tmp/ab4/6_gpu_pairconv=pairconv)
echo "fastest: $best"
DIST=.gpu-$best source scripts/device-env.sh c4
echo "$best" > $W/variant.txt
for run in 1 2; do
  start=$(date +%s)
  timeout 125 "${MB[@]}" bench --backend vulkan --format csv --out $W/bench-vulkan-$run > /dev/null 2> $W/bench-vulkan-$run.log
  echo "vulkan run $run: $(tail -1 $W/bench-vulkan-$run.log) in $(( $(date +%s) - start )) s"
done
