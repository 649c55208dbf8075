#!/usr/bin/env bash
# Here, without a GPU: moe_gemm_nvidia.cl for one tile through clang-19 (OpenCL C to PTX, as OfflineKernelCompileTest
# builds it), ptxas and cuobjdump, then the main loop's instruction mix (sass_loop_stats.py) and where it waits for its
# global loads (sass_load_waits.py). NVIDIA's OpenCL compiler makes other code than clang, so this predicts, and
# scripts/device-profile-opencl.sh shows the real thing; it is how session 16 found a step waiting beside its loads.
# Usage: scripts/offline_sass.sh [SOURCE_DIR (default shaders/opencl)] [OUT_PREFIX (default /tmp/moe-sass)].
# Tile and shape from the environment: BLOCKS (1), TILE_N (128), WG (128), SPLIT_K (1), WARPS_M (1), A_BUFFERS (2),
# K (2048), N (1024), GROUP (128); CUOBJDUMP: a CUDA cuobjdump (e.g. from Triton's wheel, triton/backends/nvidia/bin).
set -euo pipefail
src=${1:-shaders/opencl}
out=${2:-/tmp/moe-sass}
here=$(dirname "$0")
defines=(-DMOE_PATH_NVIDIA_MMA -DMOE_DTYPE_BF16 -DMOE_LAYOUT_EXLLAMA -DMOE_BARE_NVPTX -DMOE_ROW_DIVISOR=8 -DMOE_BLOCK_M=32
  -DMOE_K_STEP=128 -DMOE_COLS_PER_ITEM=4 -DMOE_K="${K:-2048}" -DMOE_N="${N:-1024}" -DMOE_GROUP_SIZE="${GROUP:-128}"
  -DMOE_TILE_N="${TILE_N:-128}" -DMOE_WG_SIZE="${WG:-128}" -DMOE_BLOCKS="${BLOCKS:-1}" -DMOE_SPLIT_K="${SPLIT_K:-1}"
  -DMOE_WARPS_M="${WARPS_M:-1}" -DMOE_A_BUFFERS="${A_BUFFERS:-2}")
clang-19 -x cl -cl-std=CL1.2 -nogpulib -O3 -S -target nvptx64-nvidia-cuda -march=sm_90 -I"$src" "${defines[@]}" \
  "$src/moe_gemm_nvidia.cl" -o "$out.ptx"
ptxas -v -arch=sm_90 "$out.ptx" -o "$out.cubin" 2>&1 | grep -i "registers\|spill"
"${CUOBJDUMP:-cuobjdump}" -sass "$out.cubin" > "$out.sass"
python3 "$here/sass_loop_stats.py" "$out.sass"
python3 "$here/sass_load_waits.py" "$out.sass"
