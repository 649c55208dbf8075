#!/usr/bin/env bash
# On the lent GPU (see device-run.sh): calibrate the GPU backends, tune them over a few routings and T, then run
# the default bench of each twice with the tuning cache (the second run checks that the tuned figures reproduce).
# Environment: BACKENDS (default "opencl vulkan"), TOKENS (tuning T values, default 16,64,256,1024,4096),
# ARCHETYPES (tuning routings, default zipf1,hot16,balanced), RUNS (bench runs per backend, default 2),
# TUNE_TIMEOUT (tune --max-seconds per backend, default 300), TUNE_WARMUP_MS (warm-up per candidate, default 100; the first
# candidate of each problem gets at least 500). A Vulkan tune over 4 archetypes took 541 s on an H100 (session 4):
# run it alone (RUNS=0 TUNE_TIMEOUT=480) and the benches in another call, with the tuning cache from tune.tar.gz.
# Every candidate's time and configuration goes to tune-BACKEND.log; SM clocks to clocks.csv.
# Results packed into $OUT/tune.tar.gz (scripts/device-env.sh).
set -uo pipefail
# CACHE: a cache folder (ceilings, tuning) to start from, e.g. the last call's, with RESUME=1; default .gpu-cache where
# it exists, else a fresh one. DIST: the build (default .gpu-dist).
source scripts/device-env.sh tune
BACKENDS="${BACKENDS:-opencl vulkan}"
for b in $BACKENDS; do
  "${MB[@]}" calibrate --backend "$b" 2>&1 | tee -a "$W/calibrate.txt"
done
for b in $BACKENDS; do
  # --max-seconds ends the search cleanly (finished problems cached); timeout is only a backstop: the NVIDIA driver
  # crashed the JVM twice when it was killed with work in flight (session 5)
  # RESUME=1 skips the problems already in the cache (a tune spread over several calls)
  resume=(); [ "${RESUME:-0}" = 1 ] && resume=(--resume)
  timeout $(( ${TUNE_TIMEOUT:-300} + 60 )) "${MB[@]}" tune --max-seconds "${TUNE_TIMEOUT:-300}" "${resume[@]}" \
    --backend "$b" --tokens "${TOKENS:-16,64,256,1024,4096}" \
    --archetypes "${ARCHETYPES:-zipf1,hot16,balanced}" --iters 5 --warmup 1 --warmup-ms "${TUNE_WARMUP_MS:-100}" --verbose > "$W/tune-$b.txt" 2> "$W/tune-$b.log"
  tail -12 "$W/tune-$b.txt"; tail -3 "$W/tune-$b.log"
done
for b in $BACKENDS; do
  for run in $(seq 1 "${RUNS:-2}"); do
    "${MB[@]}" bench --backend "$b" --format csv --out "$W/bench-$b-$run" > /dev/null 2> "$W/bench-$b-$run.log"
    tail -3 "$W/bench-$b-$run.log"
  done
done
