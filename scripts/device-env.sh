# Sourced by the scripts that run on the lent GPU (../shared/device-kit/README.md): `source scripts/device-env.sh NAME`.
# Sets up what every device call needs, so that a call's script holds only its own steps:
#   JAVA, the Vulkan loader and the OpenCL ICD (the device kit's gpu-env.sh), LD_PRELOAD=libjsig for the JVM (the
#   NVIDIA driver's and PoCL's signal handlers);
#   W=/tmp/NAME, emptied (a warm machine keeps the last call's files);
#   MOE_BENCH_CACHE=$W/cache, a copy of CACHE (a cache folder: ceilings, tuning; default .gpu-cache where it exists);
#   MB=(java ... -jar DIST/moe-bench.jar), DIST defaulting to .gpu-dist; builds named in DISTS that carry only
#   moe-bench jars get the other libraries from .gpu-dist;
#   $W/env.txt (GPU, driver, memory, clocks) and $W/clocks.csv (SM clock samples: a run at lowered clocks shows there,
#   not only in slow times);
#   on exit: the samples stop and $W, less the compiled-program caches, is packed into $OUT/NAME.tar.gz.
NAME="${1:?usage: source scripts/device-env.sh NAME}"
source .devkit/gpu-env.sh > /dev/null 2>&1
export LD_PRELOAD="$(dirname "$JAVA")/../lib/libjsig.so"
W="/tmp/$NAME"
rm -rf "$W"
mkdir -p "$W" "${OUT:=/tmp/moe-out}"
CACHE="${CACHE:-$( [ -d .gpu-cache ] && echo .gpu-cache )}"
mkdir -p "$W/cache"
[ -n "$CACHE" ] && cp -r "$CACHE"/. "$W/cache/"
export MOE_BENCH_CACHE="$W/cache"
for d in ${DISTS:-}; do
  mkdir -p "$d/lib"
  cp --update=none .gpu-dist/lib/* "$d/lib/" 2>/dev/null
done
MB=("$JAVA" -Xmx48g --add-modules jdk.incubator.vector -jar "${DIST:-.gpu-dist}/moe-bench.jar")
nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.max.sm --format=csv,noheader | tee "$W/env.txt"
nvidia-smi --query-gpu=timestamp,clocks.sm,power.draw,utilization.gpu,clocks_event_reasons.active --format=csv \
  -lms 200 > "$W/clocks.csv" 2>/dev/null &
DEVICE_ENV_CLOCKS=$!
trap 'kill $DEVICE_ENV_CLOCKS 2> /dev/null; rm -rf "$W/cache/vulkan-spirv" "$W/cache/opencl-binaries";
  tar -C "$W" -czf "$OUT/$NAME.tar.gz" .' EXIT
