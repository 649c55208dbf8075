#!/usr/bin/env bash
# Runs moe-bench on the lent GPU machine (see ../shared/device-kit/README.md): carry .devkit and
# cli/target/dist (or DIST=folder), then `bash scripts/device-run.sh STEP...`. Everything is written to a work folder
# and packed into $OUT/results.tar.gz (the device tool brings back at most 8 files).
# Steps:
#   smoke      backends + validate of every GPU path on small shapes (build logs on failure)
#   sweep-ID   bench of one backend config over the default sweep (both gemms, E=256, bf16, cold)
#              ID: opencl-nvidia, opencl-portable, vulkan-coopmat, vulkan-portable
#   main       moe-bench sweep (best GPU backend vs the other) with the report folder
set -uo pipefail
FINAL="${OUT:-/tmp/moe-out}"
OUT=/tmp/moe-work
mkdir -p "$OUT" "$FINAL"
trap 'tar -C "$OUT" -czf "$FINAL/results.tar.gz" .' EXIT
source .devkit/gpu-env.sh > "$OUT/env.txt" 2>&1
cat "$OUT/env.txt"
nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.max.sm --format=csv >> "$OUT/env.txt" 2>&1
export LD_PRELOAD="$(dirname "$JAVA")/../lib/libjsig.so"   # PoCL's LLVM vs the JVM's signal handlers
MB=("$JAVA" -Xmx48g --add-modules jdk.incubator.vector -jar "${DIST:-cli/target/dist}/moe-bench.jar")

for step in "$@"; do
  case "$step" in
    smoke)
      "${MB[@]}" backends 2>&1 | tee "$OUT/backends.txt"
      "${MB[@]}" validate --backends opencl,vulkan --experts 32 --tokens 16,200 --verbose 2>&1 | tee "$OUT/validate.txt"
      for p in portable nvidia-mma; do
        "${MB[@]}" bench --backend opencl --backend-option path=$p --gemm 1,2 --archetypes zipf1 --tokens 64,1024 \
          --iters 10 --verbose 2>&1 | tee -a "$OUT/smoke-bench.txt"
      done
      for p in portable coopmat; do
        "${MB[@]}" bench --backend vulkan --backend-option path=$p --gemm 1,2 --archetypes zipf1 --tokens 64,1024 \
          --iters 10 --verbose 2>&1 | tee -a "$OUT/smoke-bench.txt"
      done
      ;;
    sweep-*)
      id="${step#sweep-}"; backend="${id%%-*}"; path="${id#*-}"
      [ "$path" = nvidia ] && path=nvidia-mma
      "${MB[@]}" bench --backend "$backend" --backend-option "path=$path" --format csv --out "$OUT/$id" \
        > "$OUT/$id.csv" 2> "$OUT/$id.log"
      tail -8 "$OUT/$id.log"
      ;;
    main)
      "${MB[@]}" sweep --out "$OUT/sweep" 2>&1 | tail -40
      ;;
    *) echo "unknown step $step"; exit 2 ;;
  esac
done
