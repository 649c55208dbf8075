#!/usr/bin/env bash
# Session 13 call 6: OpenCL tune of the problems call 3 did not finish (their entries predate session 11's pieces
# kernel), from call 5's cache, with --verbose so each candidate's time and the confirmation round (the cached winner
# timed again beside the new one) are in the logs. The nearest-to-the-40 % line first.
set -uo pipefail
mkdir -p "${OUT:=/tmp/moe-out}"
CACHE=docs/results/2026-11-27-h100/issue6-session13/call5-opencl-cold-warm/cache source scripts/device-env.sh c6
run() { # name, seconds, tune arguments
  local name=$1 limit=$2; shift 2
  local start=$(date +%s)
  timeout $((limit + 30)) "${MB[@]}" tune --backend opencl --verbose --max-seconds $limit "$@" > $W/tune-$name.txt 2> $W/tune-$name.log
  echo "$name: $(( $(date +%s) - start )) s"; grep -v '^---' $W/tune-$name.txt | tail -3
}
run a 150 --gemm 2 --archetypes hot16,zipf2 --tokens 4096
run b 130 --gemm 2 --archetypes zipf2 --tokens 2048,1536
run c 100 --gemm 1 --archetypes hot16 --tokens 4096
