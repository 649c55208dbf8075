#!/usr/bin/env bash
# Session 18, call 4 (prototype, not merged): the OpenCL NVIDIA kernel with MOE_WGMMA (Hopper's warpgroup MMA: the
# dequantised weights as wgmma's A from registers, the step's activation rows as its B from local memory), compiled
# by clang-19 for sm_90a (.gpu-wg, made with the tuned tile of each point: work-group 128, 128 columns, split-K 1) and
# put in place of the driver's binary in the program cache, as in call 2; bench checks it against the oracle.
# Driver (mma.sync), wgmma, driver, wgmma; at two points also the descriptor with LBO and SBO swapped (`swap`).
set -uo pipefail
source scripts/device-env.sh wg
POINTS="1:balanced:4096 1:zipf2:2048 1:uniform:2048 1:zipf1:1536 1:zipf2:1024 2:uniform:4096 2:zipf2:4096 2:zipf2:2048 2:hot16:1024 1:balanced:1024"
run() { # cache out gemm arch t
  MOE_BENCH_CACHE="$1" "${MB[@]}" bench --backend opencl --gemm "$3" --archetypes "$4" --tokens "$5" --format csv \
    --out "$2" > /dev/null 2> "$2.log"
  echo "$2: $(tail -1 "$2.log")"
}
swap_in() { # variant-file bin out-tag ...
  cp "$1" "$2"
  run "$c" "$W/$tag/$3" "$gemm" "$arch" "$t"
  cmp -s "$2" "$1" && echo "  $3 binary kept (ran)" || echo "  $3 binary REFUSED (rebuilt)"
}
for p in $POINTS; do
  IFS=: read -r gemm arch t <<< "$p"
  tag="g$gemm-$arch-$t"
  c="$W/cache-$tag"
  mkdir -p "$W/$tag"
  cp -r "$W/cache" "$c"
  run "$c" "$W/$tag/1-driver" "$gemm" "$arch" "$t"
  bin=$(grep -la "\.entry moe_gemm" "$c"/opencl-binaries/*.bin | head -1)
  cp "$bin" "$W/$tag/driver.bin"
  swap_in ".gpu-wg/$tag.wgmma.ptx" "$bin" 2-wgmma
  cp "$W/$tag/driver.bin" "$bin"
  run "$c" "$W/$tag/3-driver" "$gemm" "$arch" "$t"
  swap_in ".gpu-wg/$tag.wgmma.ptx" "$bin" 4-wgmma
  [ -f ".gpu-wg/$tag.swap.ptx" ] && swap_in ".gpu-wg/$tag.swap.ptx" "$bin" 5-swap
  rm -rf "$c" "$W/$tag/driver.bin"
done 2>&1 | tee "$W/summary.txt"
for r in "$W"/g*/[0-9]-*/results.csv; do
  python3 -c "import csv,sys; r=next(csv.DictReader(open(sys.argv[1]))); print(*sys.argv[1].split('/')[-3:-1], r['kernel_us'], r['kernel_min_us'], round(float(r['floor_pct']),1), r['rel_err'], r['error'])" "$r"
done | tee "$W/times.txt"
