#!/usr/bin/env bash
# Session 18, call 6 (prototype, not merged): call 4's wgmma kernel with MOE_WGMMA_OVERLAP (.gpu-ov): each step waits
# only for the multiplies of the step before last (wgmma.wait_group 1: they read the buffer this step's copies refill),
# so the last step's may fly on while this one dequantises; in place of the driver's binary in the program cache as in
# call 2, checked by bench against the oracle (it also tells whether the A registers overwritten while in flight race).
# Driver (mma.sync), overlap, driver, overlap.
set -uo pipefail
source scripts/device-env.sh ov
POINTS="1:zipf1:1536 1:zipf2:2048 2:uniform:4096"
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
  swap_in ".gpu-ov/$tag.ov.ptx" "$bin" 2-overlap
  cp "$W/$tag/driver.bin" "$bin"
  run "$c" "$W/$tag/3-driver" "$gemm" "$arch" "$t"
  swap_in ".gpu-ov/$tag.ov.ptx" "$bin" 4-overlap
  rm -rf "$c" "$W/$tag/driver.bin"
done 2>&1 | tee "$W/summary.txt"
for r in "$W"/g*/[0-9]-*/results.csv; do
  python3 -c "import csv,sys; r=next(csv.DictReader(open(sys.argv[1]))); print(*sys.argv[1].split('/')[-3:-1], r['kernel_us'], r['kernel_min_us'], round(float(r['floor_pct']),1), r['rel_err'], r['error'])" "$r"
done | tee "$W/times.txt"
