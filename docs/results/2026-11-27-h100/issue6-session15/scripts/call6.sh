#!/usr/bin/env bash
# Session 15 call 6: with 9c71aa6, retune gemm1 hot16 T = 512 and 768 (blocks-2 tiles on nearly full pieces, where
# call 5 timed the two-copy loop 0.91x at T = 512), from call 3's cache; then bench gemm1 hot16 at T 256-1024.
set -uo pipefail
mkdir -p "${OUT:=/tmp/moe-out}"
source scripts/device-env.sh retune
"${MB[@]}" tune --backend opencl --verbose --gemm 1 --archetypes hot16 --tokens 512,768 --max-seconds 200 \
  > "$W/tune.log" 2>&1
grep "^tune: \(replaced\|stopped\)" "$W/tune.log"
grep -A4 "^gemm   archetype" "$W/tune.log"
"${MB[@]}" bench --backend opencl --gemm 1 --archetypes hot16 --tokens 256,512,768,1024 --format csv \
  --out "$W/bench-hot16" > "$W/bench.log" 2>&1
tail -1 "$W/bench.log"
