#!/usr/bin/env bash
# Session 19, call 2 (call 1 came on an H200: its branch ran; this one names nvidia-h100-x1) (.gpu-dist = de9a543: 52424c3's kernel, the one-tile loop at blocks 1; .gpu-cache = session 17's
# call2/cache-next, the tiles of session 18's benches). On an H100: a retune of the ragged large-T problems where the
# cached tile is blocks 2 (blocks 1's pieces of at most 16 rows are cheaper now), then the final OpenCL bench twice
# with that cache. On an H200 (never measured before): both backends calibrated, the H100's tuning caches copied to
# the H200's device keys (bench runs the H100's winners, each checked against the oracle), the OpenCL bench twice
# and the Vulkan bench once. The tree is carried without docs/results (64 MiB limit).
set -uo pipefail
source scripts/device-env.sh s19c2
if grep -q H200 "$W/env.txt"; then
  for b in opencl vulkan; do
    "${MB[@]}" calibrate --backend $b > "$W/calibrate-$b.txt" 2>&1; tail -2 "$W/calibrate-$b.txt" | head -1
    for f in "$W"/cache/ceilings/$b-*h200*.properties; do
      [ -f "$f" ] && cp "$W"/cache/tuning/$b-nvidia-h100-*.properties "$W/cache/tuning/$(basename "$f")"
    done
  done
  ls "$W/cache/tuning"
  RUNS="opencl-1 opencl-2 vulkan-1"
else
  timeout 330 "${MB[@]}" tune --max-seconds 270 --backend opencl --gemm 1 --archetypes uniform,zipf2 --tokens 2048,1536 \
    --iters 5 --warmup 1 --warmup-ms 100 --verbose > "$W/tune.txt" 2> "$W/tune.log"
  tail -8 "$W/tune.txt"; tail -2 "$W/tune.log"
  RUNS="opencl-1 opencl-2"
fi
for r in $RUNS; do
  "${MB[@]}" bench --backend ${r%-*} --format csv --out "$W/bench-$r" > /dev/null 2> "$W/bench-$r.log"
  echo "$r: $(tail -1 "$W/bench-$r.log")"
done
