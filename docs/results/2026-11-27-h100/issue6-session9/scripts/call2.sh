#!/usr/bin/env bash
# Session 9 call 2: (1) the new kernel's PTX with .maxnreg 168 at two T = 4096 points (3 work-groups of 128 per
# multiprocessor instead of 2 at 212 registers), timed by the harness; (2) `tune --backend opencl` of the new kernel
# (b2f2466) at balanced, zipf2 and hot16, T 256-4096, both gemms, from session 6's cache (its ceilings kept, so the
# floors stay comparable), 330 s.
set -uo pipefail
ROOT=$OUT
mkdir -p "$ROOT/prof"
OUT="$ROOT/prof" DIST=.gpu-dist CACHE=.gpu-cache POINTS="1:balanced:4096 2:balanced:4096" NCU=0 DIRECTIVES="maxnreg=168" \
  timeout 150 bash scripts/device-profile-opencl.sh
source .devkit/gpu-env.sh > /dev/null 2>&1
W=/tmp/c2tune
rm -rf "$W" && mkdir -p "$W" && cp -r .gpu-cache "$W/cache"
trap 'tar -C "$W" -czf "$ROOT/tune.tar.gz" .' EXIT
LD_PRELOAD="$(dirname "$JAVA")/../lib/libjsig.so" MOE_BENCH_CACHE="$W/cache" timeout 400 "$JAVA" -Xmx48g \
  --add-modules jdk.incubator.vector -jar .gpu-dist/moe-bench.jar tune --max-seconds 330 --backend opencl \
  --tokens 256,1024,2048,4096 --archetypes hot16,zipf2,balanced --iters 5 --warmup 1 --warmup-ms 100 --verbose \
  > "$W/tune-opencl.txt" 2> "$W/tune-opencl.log"
tail -30 "$W/tune-opencl.txt"
