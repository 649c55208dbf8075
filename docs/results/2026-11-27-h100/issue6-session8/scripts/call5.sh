#!/usr/bin/env bash
# Session 8 call 5 (call 4 was the same before the harness cleaned %envreg: every work-group left at once): the
# OpenCL NVIDIA kernel (code of 385837b; dist from 14c835a) under Nsight Compute at four points, tiles from session
# 6's tuning cache.
set -uo pipefail
export CACHE=.gpu-cache POINTS="1:balanced:4096 2:balanced:4096 2:hot16:16 1:hot16:16"
bash scripts/device-profile-opencl.sh
