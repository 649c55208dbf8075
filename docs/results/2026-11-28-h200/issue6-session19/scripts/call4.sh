#!/usr/bin/env bash
# Session 19, call 4, on whichever card comes: an OpenCL retune of the small-T problems of the even routings (gemm1 and
# gemm2 x balanced, uniform x T 16, 64, 256; their cached tiles are the H100's of session 15, before the one-tile loop
# at blocks 1 and, on an H200, for another card's bandwidth), then the OpenCL bench twice with the retuned cache.
# Cache: .gpu-cache19 (call 2's cache plus call 1's H200 entries).
set -uo pipefail
CACHE=.gpu-cache19 source scripts/device-env.sh s19c4
timeout 260 "${MB[@]}" tune --max-seconds 210 --backend opencl --gemm 1,2 --archetypes balanced,uniform --tokens 64,256,16 \
  --iters 5 --warmup 1 --warmup-ms 100 --verbose > "$W/tune.txt" 2> "$W/tune.log"
tail -14 "$W/tune.txt"; grep -c confirm "$W/tune.log"; tail -2 "$W/tune.log" | cut -c1-300
for r in 1 2; do
  "${MB[@]}" bench --backend opencl --format csv --out "$W/bench-opencl-$r" > /dev/null 2> "$W/bench-opencl-$r.log"
  echo "opencl-$r: $(tail -1 "$W/bench-opencl-$r.log")"
done
