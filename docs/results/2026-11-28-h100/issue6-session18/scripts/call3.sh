#!/usr/bin/env bash
# Session 18, call 3 (probe): Hopper's warpgroup MMA through NVIDIA's OpenCL driver. wgmma_peak.cl (clang-19, nvcl
# triple, -march=sm_90a, in .gpu-wgmma as the program binary) takes the place of moe_calibrate.cl's moe_peak in the
# program cache, so `calibrate --backend opencl` times 256 HGMMA.64x256x16 per warpgroup against its own flop count
# (the same as moe_peak's mma.sync loop). Driver, wgmma, driver, wgmma.
set -uo pipefail
source scripts/device-env.sh wgmma
c="$W/cal"
calibrate() { MOE_BENCH_CACHE="$c" "${MB[@]}" calibrate --backend opencl > "$W/$1.txt" 2>&1; echo "$1: $(grep -i "tflop\|TB/s" "$W/$1.txt" | tr '\n' ' ')"; }
calibrate 1-driver
bin=$(grep -la "\.entry moe_peak" "$c"/opencl-binaries/*.bin | head -1)
cp "$bin" "$W/driver.bin"
for i in 2 3 4; do
  if [ $((i % 2)) = 0 ]; then
    cp .gpu-wgmma/wgmma_peak.ptx.bin "$bin"
    calibrate "$i-wgmma"
    cmp -s "$bin" .gpu-wgmma/wgmma_peak.ptx.bin && echo "  wgmma binary kept (ran)" || echo "  wgmma binary REFUSED (rebuilt)"
  else
    cp "$W/driver.bin" "$bin"
    calibrate "$i-driver"
  fi
done 2>&1 | tee "$W/summary.txt"
rm -rf "$c/opencl-binaries" "$W/driver.bin"
