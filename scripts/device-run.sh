#!/usr/bin/env bash
# Runs moe-bench on the lent GPU machine (see ../shared/device-kit/README.md): carry .devkit and
# cli/target/dist (or DIST=folder), then `bash scripts/device-run.sh STEP...`. Everything is written to a work folder
# and packed into $OUT/results.tar.gz (scripts/device-env.sh, which also sets CACHE up as it says).
# Steps:
#   smoke      backends + validate of every GPU path on small shapes (build logs on failure)
#   sweep-ID   bench of one backend config over the default sweep (both gemms, E=256, bf16, cold)
#              ID: opencl-nvidia, opencl-portable, vulkan-coopmat, vulkan-portable
#   main       moe-bench sweep (best GPU backend vs the other) with the report folder
set -uo pipefail
DIST="${DIST:-cli/target/dist}" source scripts/device-env.sh results

for step in "$@"; do
  case "$step" in
    smoke)
      "${MB[@]}" backends 2>&1 | tee "$W/backends.txt"
      "${MB[@]}" validate --backends opencl,vulkan --experts 32 --tokens 16,200 --verbose 2>&1 | tee "$W/validate.txt"
      for p in portable nvidia-mma; do
        "${MB[@]}" bench --backend opencl --backend-option path=$p --gemm 1,2 --archetypes zipf1 --tokens 64,1024 \
          --iters 10 --verbose 2>&1 | tee -a "$W/smoke-bench.txt"
      done
      for p in portable coopmat; do
        "${MB[@]}" bench --backend vulkan --backend-option path=$p --gemm 1,2 --archetypes zipf1 --tokens 64,1024 \
          --iters 10 --verbose 2>&1 | tee -a "$W/smoke-bench.txt"
      done
      ;;
    sweep-*)
      id="${step#sweep-}"; backend="${id%%-*}"; path="${id#*-}"
      [ "$path" = nvidia ] && path=nvidia-mma
      "${MB[@]}" bench --backend "$backend" --backend-option "path=$path" --format csv --out "$W/$id" \
        > "$W/$id.csv" 2> "$W/$id.log"
      tail -8 "$W/$id.log"
      ;;
    main)
      "${MB[@]}" sweep --out "$W/sweep" 2>&1 | tail -40
      ;;
    *) echo "unknown step $step"; exit 2 ;;
  esac
done
