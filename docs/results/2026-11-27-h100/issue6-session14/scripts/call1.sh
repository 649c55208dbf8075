#!/usr/bin/env bash
# Session 14 call 1: (1) Vulkan A/B, 12 points, alternating, HEAD (.gpu-dist, 8c7e464) against pipeb (session 13's
# shader_variants.py pipeb: with direct loads and one step in flight, each subgroup builds step k + 1's B fragments
# between step k's multiplies), both with the tuned cache; (2) verbose tunes of gemm1 balanced T = 64, pipeb then
# HEAD, in scratch caches (every candidate's time: pipeb changes only the direct depth-1 tiles); (3) OpenCL tune of
# gemm2 zipf2 T = 4096 (the last problem left with a pre-pieces entry), 220 s.
set -uo pipefail
mkdir -p "${OUT:=/tmp/moe-out}"
VARIANTS=".gpu-dist .gpu-pipeb .gpu-dist .gpu-pipeb" ARGS="--gemm 1,2 --archetypes balanced,hot16 --tokens 64,1024,4096" \
  DISTS=".gpu-pipeb" timeout 150 bash scripts/device-ab.sh
for v in pipeb dist; do
  (
    DIST=.gpu-$v CACHE=.gpu-cache-ceilings source scripts/device-env.sh tune-$v
    timeout 110 "${MB[@]}" tune --backend vulkan --gemm 1 --archetypes balanced --tokens 64 --verbose > $W/tune.txt 2> $W/tune.log
    echo "$v: $(grep -v '^---' $W/tune.txt | sed -n 2p)"
  )
done
(
  source scripts/device-env.sh ocl-tune
  timeout 250 "${MB[@]}" tune --backend opencl --verbose --max-seconds 220 --gemm 2 --archetypes zipf2 --tokens 4096 > $W/tune.txt 2> $W/tune.log
  grep -v '^---' $W/tune.txt | tail -3
)
