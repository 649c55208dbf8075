#!/usr/bin/env bash
# Session 14 call 6: OpenCL tunes (751806a's kernel) of five problems at 38-40 % of the floor in calls 4-5, from
# call 5's cache, at most 75 s each (a problem not finished by then keeps its entry).
set -uo pipefail
mkdir -p "${OUT:=/tmp/moe-out}"
CACHE=docs/results/2026-11-27-h100/issue6-session14/call5/cache source scripts/device-env.sh c6
tune() { # name, seconds, tune arguments
  local name=$1 limit=$2; shift 2
  local start=$(date +%s)
  timeout $((limit + 30)) "${MB[@]}" tune --backend opencl --verbose --max-seconds $limit "$@" > $W/tune-$name.txt 2> $W/tune-$name.log
  echo "tune $name: $(( $(date +%s) - start )) s"; grep -v '^---' $W/tune-$name.txt | sed -n 2p
}
tune a 75 --gemm 1 --archetypes zipf2 --tokens 768
tune b 75 --gemm 1 --archetypes hot16 --tokens 768
tune c 75 --gemm 2 --archetypes zipf1 --tokens 2048
tune d 75 --gemm 2 --archetypes zipf2 --tokens 128
tune e 75 --gemm 2 --archetypes uniform --tokens 2048
