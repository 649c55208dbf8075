#!/usr/bin/env bash
# Session 18, call 5: the first H200 figures. Ceilings calibrated on the card; the tuning caches are the H100's
# (OpenCL: session 15/17's cache-next, Vulkan: session 12's), copied to the H200's device keys, so bench runs the
# H100's winners. Then bench --backend opencl and --backend vulkan (cold, 110 points each), and the wgmma prototype
# at gemm1 balanced T = 4096 (blocks 4, with its output-stage fix) against the driver's mma.sync build, alternating.
set -uo pipefail
source scripts/device-env.sh h200
for b in opencl vulkan; do
  "${MB[@]}" calibrate --backend $b > "$W/calibrate-$b.txt" 2>&1
  tail -1 "$W/calibrate-$b.txt"
  for f in "$W"/cache/ceilings/$b-*.properties; do
    name=$(basename "$f")
    [ -f "$W/cache/tuning/$name" ] || cp "$W"/cache/tuning/$b-nvidia-h100-*.properties "$W/cache/tuning/$name"
  done
done
ls "$W/cache/tuning" "$W/cache/ceilings"
for b in opencl vulkan; do
  "${MB[@]}" bench --backend $b --format csv --out "$W/bench-$b" > /dev/null 2> "$W/bench-$b.log"
  tail -1 "$W/bench-$b.log"
done
c="$W/cache-wg"
run() { MOE_BENCH_CACHE="$c" "${MB[@]}" bench --backend opencl --gemm 1 --archetypes balanced --tokens 4096 \
  --format csv --out "$W/wg/$1" > /dev/null 2> "$W/wg/$1.log"; echo "$1: $(tail -1 "$W/wg/$1.log")"; }
mkdir -p "$W/wg"
cp -r "$W/cache" "$c"
rm -rf "$c/opencl-binaries"
run 1-driver
bin=$(grep -la "\.entry moe_gemm" "$c"/opencl-binaries/*.bin | head -1)
cp "$bin" "$W/wg/driver.bin"
for i in 2 3 4; do
  if [ $((i % 2)) = 0 ]; then cp .gpu-wg4/g1-balanced-4096.wgmma.ptx "$bin"; run $i-wgmma
    cmp -s "$bin" .gpu-wg4/g1-balanced-4096.wgmma.ptx && echo "  kept (ran)" || echo "  REFUSED"
  else cp "$W/wg/driver.bin" "$bin"; run $i-driver; fi
done
rm -rf "$c" "$W/wg/driver.bin"
for r in "$W"/wg/*/results.csv; do
  python3 -c "import csv,sys; r=next(csv.DictReader(open(sys.argv[1]))); print(sys.argv[1].split('/')[-2], r['kernel_us'], r['kernel_min_us'], round(float(r['floor_pct']),1), r['rel_err'], r['error'])" "$r"
done
