#!/usr/bin/env bash
# Session 8 call 6: the OpenCL NVIDIA kernel's PTX with register caps (.maxnreg) timed through CUDA at six points.
set -uo pipefail
export CACHE=.gpu-cache NCU=0 DIRECTIVES="maxnreg=128 maxnreg=168 maxnreg=200" \
  POINTS="1:balanced:4096 2:balanced:4096 1:zipf1:2048 2:hot16:4096 1:uniform:1024 2:hot16:16"
bash scripts/device-profile-opencl.sh
