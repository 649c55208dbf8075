#!/usr/bin/env bash
# Session 19, call 3: the Vulkan bench twice on whichever card comes (H200: its first Vulkan run 2; H100: this
# build's Vulkan figures with session 12's tiles), with .gpu-cache19 = call 2's cache plus call 1's H200 entries
# (ceilings calibrated in call 1; tiles the H100's, copied to the H200's keys).
set -uo pipefail
CACHE=.gpu-cache19 source scripts/device-env.sh s19c3
for r in 1 2; do
  "${MB[@]}" bench --backend vulkan --format csv --out "$W/bench-vulkan-$r" > /dev/null 2> "$W/bench-vulkan-$r.log"
  echo "vulkan-$r: $(tail -1 "$W/bench-vulkan-$r.log")"
done
