#!/usr/bin/env bash
# On the lent GPU: A/B timings of builds (or backend options) in one call, with SM clock samples, so that
# comparisons never cross calls or machines. Each variant is DIST[:BACKEND_OPTIONS]; list them alternating
# (".gpu-base: .gpu-dist: .gpu-base: .gpu-dist:") to see the noise between runs of the same build.
# Environment: VARIANTS (required), ARGS (bench arguments, e.g. "--gemm 1,2 --tokens 16,4096"), BACKEND (default
# vulkan), CACHE (MOE_BENCH_CACHE: tuning cache and ceilings; default an empty /tmp/moe-cache), DISTS (builds
# that carry only moe-bench jars: the other libraries are copied from .gpu-dist). Results, logs with a time stamp
# per line and clocks.csv are packed into $OUT/ab.tar.gz. Used for issue 6, session 4 (docs/PERF.md).
set -uo pipefail
source .devkit/gpu-env.sh > /dev/null 2>&1
for d in ${DISTS:-}; do
  mkdir -p "$d/lib"
  cp --update=none .gpu-dist/lib/* "$d/lib/" 2>/dev/null
done
export LD_PRELOAD="$(dirname "$JAVA")/../lib/libjsig.so" MOE_BENCH_CACHE="${CACHE:-/tmp/moe-cache}"
W=/tmp/ab
rm -rf "$W" # a warm machine keeps the last call's files
mkdir -p "$W"
nvidia-smi --query-gpu=name,driver_version --format=csv,noheader
nvidia-smi --query-gpu=timestamp,clocks.sm,power.draw,utilization.gpu,clocks_event_reasons.active --format=csv \
  -lms 100 > "$W/clocks.csv" 2>/dev/null &
CLOCKS=$!
trap 'kill $CLOCKS 2> /dev/null; tar -C "$W" -czf "$OUT/ab.tar.gz" .' EXIT
i=0
for v in $VARIANTS; do
  i=$((i + 1))
  dist=${v%%:*}
  options=${v#*:}
  [ "$options" = "$v" ] && options=""
  tag=$i$(echo "$v" | tr -c 'a-zA-Z0-9\n' '_')
  # shellcheck disable=SC2086 # ARGS is a list of arguments
  "$JAVA" -Xmx48g --add-modules jdk.incubator.vector -jar "$dist/moe-bench.jar" bench --backend "${BACKEND:-vulkan}" \
    ${options:+--backend-option "$options"} ${ARGS:-} --format csv --out "$W/$tag" 2>&1 > /dev/null \
    | while IFS= read -r line; do echo "$(date +%H:%M:%S.%N) $line"; done > "$W/$tag.log"
  tail -1 "$W/$tag.log"
done
