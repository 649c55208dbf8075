#!/usr/bin/env bash
# On the lent GPU: A/B timings of builds (or backend options) in one call, with SM clock samples, so that
# comparisons never cross calls or machines. Each variant is DIST[:BACKEND_OPTIONS]; list them alternating
# (".gpu-base: .gpu-dist: .gpu-base: .gpu-dist:") to see the noise between runs of the same build.
# Environment: VARIANTS (required), ARGS (bench arguments, e.g. "--gemm 1,2 --tokens 16,4096"), BACKEND (default
# vulkan), CACHE (tuning cache and ceilings to start from; default .gpu-cache where it exists, else none), DISTS
# (builds that carry only the jars they change: the other libraries are copied from .gpu-dist). Results, logs with a
# time stamp per line and clocks.csv are packed into $OUT/ab.tar.gz; compare them with scripts/ab_compare.py. Used
# for issue 6 since session 4 (docs/PERF.md).
set -uo pipefail
source scripts/device-env.sh ab
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
