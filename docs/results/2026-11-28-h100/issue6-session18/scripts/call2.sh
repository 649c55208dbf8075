#!/usr/bin/env bash
# Session 18, call 2 (probe): does NVIDIA's OpenCL driver run clang-19's PTX of moe_gemm_nvidia.cl (nvcl triple, made
# here by clang_ptx.py into .gpu-clang), and is it faster than the driver's own compile of the same source and tile?
# Per point: bench with a fresh copy of the tuning cache (the driver compiles; its PTX lands in opencl-binaries), then
# that binary replaced by clang's PTX (bench loads it with clCreateProgramWithBinary and checks the result against the
# oracle; a binary the driver refuses is rebuilt from source, which `cmp` shows), alternating driver/clang twice.
# The sm_90a PTX of one point asks whether the driver takes Hopper-only PTX targets (wgmma, setmaxnreg) this way.
set -uo pipefail
source scripts/device-env.sh clang
POINTS="1:balanced:4096 1:zipf2:2048 2:uniform:4096 2:hot16:1024 1:balanced:64 1:hot16:256 2:zipf2:16 1:hot16:16"
run() { # cache out gemm arch t
  MOE_BENCH_CACHE="$1" "${MB[@]}" bench --backend opencl --gemm "$3" --archetypes "$4" --tokens "$5" --format csv \
    --out "$2" > /dev/null 2> "$2.log"
  echo "$2: $(tail -1 "$2.log")"
}
for p in $POINTS "2:hot16:1024:sm_90a"; do
  IFS=: read -r gemm arch t march <<< "$p"
  march=${march:-sm_90}
  tag="g$gemm-$arch-$t-$march"
  c="$W/cache-$tag"
  mkdir -p "$W/$tag"
  cp -r "$W/cache" "$c"
  run "$c" "$W/$tag/1-driver" "$gemm" "$arch" "$t"
  bin=$(grep -la "\.entry moe_gemm" "$c"/opencl-binaries/*.bin | head -1)
  cp "$bin" "$W/$tag/driver.ptx.bin"
  { cat ".gpu-clang/g$gemm-$arch-$t.$march.ptx"; printf '\0'; } > "$W/$tag/clang.ptx.bin"
  for i in 2 3 4; do
    if [ $((i % 2)) = 0 ]; then
      cp "$W/$tag/clang.ptx.bin" "$bin"
      run "$c" "$W/$tag/$i-clang" "$gemm" "$arch" "$t"
      cmp -s "$bin" "$W/$tag/clang.ptx.bin" && echo "  clang binary kept (ran)" || echo "  clang binary REFUSED (rebuilt)"
    else
      cp "$W/$tag/driver.ptx.bin" "$bin"
      run "$c" "$W/$tag/$i-driver" "$gemm" "$arch" "$t"
    fi
  done
  rm -rf "$c" "$W/$tag/driver.ptx.bin" "$W/$tag/clang.ptx.bin"
done 2>&1 | tee "$W/summary.txt"
for d in "$W"/g*; do
  for r in "$d"/[0-9]-*/results.csv; do
    python3 -c "import csv,sys; r=next(csv.DictReader(open(sys.argv[1]))); print(sys.argv[1].split('/')[-3:-1], r['kernel_us'], r['kernel_min_us'], r['floor_pct'], r['rel_err'], r['error'])" "$r"
  done
done | tee "$W/times.txt"
