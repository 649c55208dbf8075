#!/usr/bin/env bash
# On the lent GPU: the OpenCL NVIDIA kernel's own PTX under Nsight Compute. For each point (POINTS, e.g.
# "1:balanced:4096 2:hot16:16"): bench compiles it with the tuning cache's tile (CACHE) into a fresh program
# cache, export + run give the point's arrays and aligned layout, scripts/opencl_ptx_harness.py launches that
# PTX through CUDA (CuPy) under ncu (NCU=0 skips it); ptxas -v and cuobjdump give its registers and SASS, and
# scripts/sass_loop_stats.py the main loop's instruction mix (loop.txt), scripts/sass_load_waits.py where it waits for
# its global loads (waits.txt).
# NCU_METRICS: further metrics for ncu's --metrics (e.g. the stall reasons, smsp__average_warps_issue_stalled_*).
# DIRECTIVES (e.g. "maxnreg=168 minnctapersm=3"): the same PTX with each performance directive added, timed by the
# harness with ptxas -v's registers and spills. Results (bench csv, ncu text, SASS, logs) packed into
# $OUT/profile.tar.gz. Used for issue 6, session 8 (docs/PERF.md).
set -uo pipefail
source .devkit/gpu-env.sh > /dev/null 2>&1
W=/tmp/profile
rm -rf "$W"
mkdir -p "$W"
trap 'tar -C "$W" -czf "$OUT/profile.tar.gz" .' EXIT
# libjsig only for the JVM (the NVIDIA driver's signal handlers), not for python3 and ncu
MB=(env LD_PRELOAD="$(dirname "$JAVA")/../lib/libjsig.so" "$JAVA" -Xmx48g --add-modules jdk.incubator.vector -jar
  "${DIST:-.gpu-dist}/moe-bench.jar")
ptxas --version | tail -1 > "$W/tools.txt"
ncu --version | tail -1 >> "$W/tools.txt"
nvidia-smi --query-gpu=name,driver_version --format=csv,noheader | tee -a "$W/tools.txt"
SECTIONS=(--section SpeedOfLight --section LaunchStats --section Occupancy --section WarpStateStats
  --section SchedulerStats --section ComputeWorkloadAnalysis --section MemoryWorkloadAnalysis --section InstructionStats)
for p in $POINTS; do
  IFS=: read -r gemm arch t <<< "$p"
  d="$W/g$gemm-$arch-$t"
  mkdir -p "$d"
  rm -rf /tmp/pcache && cp -r "$CACHE" /tmp/pcache
  MOE_BENCH_CACHE=/tmp/pcache "${MB[@]}" bench --backend opencl --gemm "$gemm" --tokens "$t" --archetypes "$arch" \
    --format csv --out "$d/bench" > /dev/null 2> "$d/bench.log"
  binary=$(grep -la "\.entry moe_gemm" /tmp/pcache/opencl-binaries/*.bin | head -1)
  python3 scripts/opencl_ptx_harness.py --clean "$binary" "$d/kernel.ptx"
  config=$(python3 -c "import csv,sys; print(next(csv.DictReader(open(sys.argv[1])))['config'])" "$d/bench/results.csv")
  echo "$config" > "$d/config.txt"
  "${MB[@]}" export --archetype "$arch" --tokens "$t" --gemm "$gemm" --out "$d/in" > /dev/null 2>&1
  "${MB[@]}" run --backend opencl --inputs "$d/in" --dump "$d/dump" > "$d/run.txt" 2>&1
  ptxas -arch=sm_90 -v "$d/kernel.ptx" -o "$d/kernel.cubin" > "$d/ptxas.txt" 2>&1
  cuobjdump -sass "$d/kernel.cubin" > "$d/kernel.sass" 2>&1
  python3 scripts/sass_loop_stats.py "$d/kernel.sass" > "$d/loop.txt" 2>&1
  python3 scripts/sass_load_waits.py "$d/kernel.sass" > "$d/waits.txt" 2>&1
  python3 scripts/opencl_ptx_harness.py "$d/kernel.ptx" "$d/in" "$d/dump" "$config" > "$d/harness.txt" 2>&1
  for dv in ${DIRECTIVES:-}; do
    v="$d/${dv/=/-}"
    python3 scripts/opencl_ptx_harness.py --clean "$binary" "$v.ptx" ".${dv/=/ }"
    ptxas -arch=sm_90 -v "$v.ptx" -o /dev/null > "$v.ptxas.txt" 2>&1
    python3 scripts/opencl_ptx_harness.py "$v.ptx" "$d/in" "$d/dump" "$config" > "$v.harness.txt" 2>&1
    echo "  $dv: $(tail -1 "$v.harness.txt") | $(grep -h "Used\|spill" "$v.ptxas.txt" | tr '\n' ' ')"
  done
  [ "${NCU:-1}" = 1 ] && timeout 240 ncu --clock-control none "${SECTIONS[@]}" ${NCU_METRICS:+--metrics "$NCU_METRICS"} -k regex:moe_gemm --launch-skip 5 --launch-count 1 \
    python3 scripts/opencl_ptx_harness.py "$d/kernel.ptx" "$d/in" "$d/dump" "$config" > "$d/ncu.txt" 2>&1
  rm -rf "$d/in" "$d/dump" "$d/kernel.cubin"
  echo "$p: $(grep -h kernel "$d/bench.log" | tail -1) | $(cat "$d/harness.txt" | tail -1) | $(grep -h "registers\|Used" "$d/ptxas.txt" | tail -1)"
  echo "  main loop: $(cat "$d/loop.txt")"
done
