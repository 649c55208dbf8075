#!/usr/bin/env bash
# Session 17, call 5: 4da6de8 (.gpu-new: at blocks 1 no piece start is read) against 700a592 (.gpu-dist) at 30 points,
# alternating twice, then the final table: two full `bench --backend opencl` runs of 4da6de8. Session 15's tuned tiles.
set -uo pipefail
mkdir -p "${OUT:=/tmp/moe-out}"
VARIANTS=".gpu-dist .gpu-new .gpu-dist .gpu-new" BACKEND=opencl DISTS=".gpu-new" \
  ARGS="--gemm 1,2 --archetypes hot16,zipf2,uniform --tokens 16,64,256,1024,4096" timeout 220 bash scripts/device-ab.sh
DIST=.gpu-new DISTS=".gpu-new" source scripts/device-env.sh final
for run in 1 2; do
  timeout 170 "${MB[@]}" bench --backend opencl --format csv --out "$W/run$run" > /dev/null 2> "$W/run$run.log"
  echo "final run $run: $(tail -1 "$W/run$run.log")"
done
