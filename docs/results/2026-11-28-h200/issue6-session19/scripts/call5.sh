#!/usr/bin/env bash
# Session 19, call 5 (the device budget's last 4 minutes): per-M-tile K loops at blocks 2 (`tile-loops.patch`: a
# piece's loop multiplies the M tiles up to its last row, 1-4, not its blocks, 2 or 4) against HEAD, alternating
# twice, at 12 points where the cached tile is blocks 2 (and two controls: gemm1 hot16 T = 4096 is blocks 4, gemm2
# zipf2 T = 1536 blocks 1). .gpu-tl: .gpu-dist's CLI with its shaders jar holding the patched kernel.
set -uo pipefail
mkdir -p "${OUT:=/tmp/moe-out}"
CACHE=.gpu-cache19 VARIANTS=".gpu-dist .gpu-tl .gpu-dist .gpu-tl" BACKEND=opencl DISTS=".gpu-tl" \
  ARGS="--gemm 1,2 --archetypes uniform,zipf2,hot16 --tokens 1536,4096" timeout 230 bash scripts/device-ab.sh
