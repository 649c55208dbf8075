#!/usr/bin/env bash
# Session 11 call 4 (as run): why a tile of merged blocks (blocks 2) that suits balanced T = 1536 is 1.4x slower on
# uniform T = 1536: the OpenCL kernel under Nsight Compute (scripts/device-profile-opencl.sh) at gemm1 uniform and
# balanced T = 1536 with blocks 2 (cache2: .gpu-cache with uniform's gemm1 entry set to balanced's tile), and uniform
# with its own blocks 1 tile (.gpu-cache).
set -uo pipefail
ROOT=$OUT
mkdir -p "$ROOT/b2" "$ROOT/b1"
OUT="$ROOT/b2" CACHE=.gpu-prof/cache2 POINTS="1:uniform:1536 1:balanced:1536" timeout 280 bash scripts/device-profile-opencl.sh
OUT="$ROOT/b1" CACHE=.gpu-cache POINTS="1:uniform:1536" timeout 150 bash scripts/device-profile-opencl.sh
