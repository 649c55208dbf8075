#!/usr/bin/env bash
# Session 14 call 3: OpenCL A/B of two address changes in moe_gemm_nvidia.cl (prepared after call 2's stall reasons:
# the ALU and tensor pipes are near balance, so instructions count): p1 = each lane's ldmatrix address computed once
# a step, every fragment a constant away; p2 = p1 + dead activation copies addressed at row 0 with a live mask, no
# select per copy. 24 points, base/p1/p2 alternating twice, with the tuned cache; then each build's main-loop SASS.
set -uo pipefail
mkdir -p "${OUT:=/tmp/moe-out}"
VARIANTS=".gpu-dist .gpu-p1 .gpu-p2 .gpu-dist .gpu-p1 .gpu-p2" BACKEND=opencl \
  ARGS="--gemm 1,2 --archetypes balanced,zipf1,zipf2,hot16 --tokens 256,1536,4096" \
  DISTS=".gpu-p1 .gpu-p2" timeout 330 bash scripts/device-ab.sh
for v in dist p1 p2; do
  DIST=.gpu-$v POINTS="1:zipf1:2048 1:balanced:1536" CACHE=.gpu-cache NCU=0 timeout 80 bash scripts/device-profile-opencl.sh
  mv $OUT/profile.tar.gz $OUT/profile-$v.tar.gz
done
