#!/usr/bin/env bash
# Session 15 call 3: OpenCL tunes with be801e3 of three more gemm1 problems under 40 % with ragged pieces (from call 2's
# cache), then the final OpenCL table: bench twice, cold, with the resulting cache.
set -uo pipefail
mkdir -p "${OUT:=/tmp/moe-out}"
source scripts/device-env.sh final
for problem in zipf1:1536:85 uniform:2048:85 zipf2:1024:85; do
  IFS=: read -r arch tokens seconds <<< "$problem"
  "${MB[@]}" tune --backend opencl --verbose --gemm 1 --archetypes "$arch" --tokens "$tokens" --max-seconds "$seconds" \
    >> "$W/tune-gemm1.log" 2>&1
done
grep "^tune: \(replaced\|stopped\)" "$W/tune-gemm1.log"
for run in 1 2; do
  timeout 160 "${MB[@]}" bench --backend opencl --format csv --out "$W/bench-opencl-$run" > "$W/bench-$run.log" 2>&1
  tail -1 "$W/bench-$run.log"
done
