#!/usr/bin/env bash
# Session 16 call 6: the final OpenCL table, twice, with HEAD (9a43438: scales kept as loaded, rows read beside the
# expert) on session 15's final tuned tiles (issue6-session15/call6/cache).
set -uo pipefail
mkdir -p "${OUT:=/tmp/moe-out}"
source scripts/device-env.sh final
for run in 1 2; do
  timeout 170 "${MB[@]}" bench --backend opencl --format csv --out "$W/bench-opencl-$run" > "$W/bench-$run.log" 2>&1
  tail -1 "$W/bench-$run.log"
done
