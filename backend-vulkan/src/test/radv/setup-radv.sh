#!/usr/bin/env bash
# Unpacks Mesa RADV from bookworm-backports (plus the libdrm it was built against) into a folder, without
# installing anything and without touching the system's apt sources or its Mesa: apt runs with a private
# source list and state under the folder. RadvIsaTest compiles the cooperative-matrix shaders on RADV's
# null device (RADV_FORCE_FAMILY) with the driver found there.
#
#   backend-vulkan/src/test/radv/setup-radv.sh [DIR]     (default: $MOEBENCH_RADV_DIR or /tmp/moe-bench-radv)
#
# Then run the tests with MOEBENCH_RADV_DIR=DIR (or -Dmoebench.radvDir=DIR). Prints DIR on success.
# Needs network access to deb.debian.org; the driver's other runtime libraries (libllvm15, libelf1,
# libexpat1, libzstd1, zlib1g, libxcb*, libwayland-client0) come from bookworm itself and are the
# system Mesa's dependencies too, so they are normally installed already.
set -euo pipefail
DIR=${1:-${MOEBENCH_RADV_DIR:-/tmp/moe-bench-radv}}
MIRROR=${MOEBENCH_DEBIAN_MIRROR:-http://deb.debian.org/debian}
LIB="$DIR/root/usr/lib/x86_64-linux-gnu"

if [ ! -f "$LIB/libvulkan_radeon.so" ]; then
  mkdir -p "$DIR/apt/lists/partial" "$DIR/apt/cache/archives/partial" "$DIR/debs"
  KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg
  SIGNED=""
  if [ -f "$KEYRING" ]; then SIGNED="[signed-by=$KEYRING] "; fi
  echo "deb $SIGNED$MIRROR bookworm-backports main" > "$DIR/apt/sources.list"
  : > "$DIR/apt/status"
  APT=(-o "Dir::Etc::SourceList=$DIR/apt/sources.list" -o "Dir::Etc::SourceParts=/dev/null"
       -o "Dir::State::Lists=$DIR/apt/lists" -o "Dir::State::Status=$DIR/apt/status"
       -o "Dir::Cache=$DIR/apt/cache" -o "APT::Sandbox::User=root" -qq)
  apt-get "${APT[@]}" update
  (cd "$DIR/debs" && apt-get "${APT[@]}" download \
      mesa-vulkan-drivers/bookworm-backports libdrm2/bookworm-backports libdrm-amdgpu1/bookworm-backports)
  for deb in "$DIR"/debs/*.deb; do dpkg -x "$deb" "$DIR/root"; done
fi
test -f "$LIB/libvulkan_radeon.so" || { echo "setup-radv: libvulkan_radeon.so missing under $LIB" >&2; exit 1; }

# the ICD manifest with the absolute path of the unpacked driver
sed "s#\"library_path\": \"[^\"]*\"#\"library_path\": \"$LIB/libvulkan_radeon.so\"#" \
  "$DIR/root/usr/share/vulkan/icd.d/radeon_icd.json" > "$DIR/radeon_icd.json"
echo "$DIR"
