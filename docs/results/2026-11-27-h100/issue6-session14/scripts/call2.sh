#!/usr/bin/env bash
# Session 14 call 2: the OpenCL NVIDIA kernel under Nsight Compute with its stall reasons (the harness updated for
# pieces), at four points below 40 % with the tuned tiles: where a warp's 4-5 cycles between instructions go.
set -uo pipefail
mkdir -p "${OUT:=/tmp/moe-out}"
R=""
for r in long_scoreboard short_scoreboard math_pipe_throttle mio_throttle lg_throttle barrier wait not_selected selected \
    dispatch_stall no_instruction tex_throttle membar branch_resolving sleeping drain misc imc_miss; do
  R="$R${R:+,}smsp__average_warps_issue_stalled_${r}_per_issue_active.ratio"
done
POINTS="1:zipf1:2048 2:zipf2:4096 1:hot16:256 1:balanced:1536" CACHE=.gpu-cache NCU_METRICS="$R" \
  timeout 560 bash scripts/device-profile-opencl.sh
