#!/usr/bin/env python3
"""Launch the PTX that NVIDIA's OpenCL compiler made for moe_gemm_nvidia.cl through CUDA (CuPy), so that
Nsight Compute, which profiles CUDA but not OpenCL, can read its hardware counters. Used by
scripts/device-profile-opencl.sh on the lent GPU machine (docs/PERF.md, issue 6, session 8).

Arguments: PTX INPUTS DUMP CONFIG, or --clean BINARY PTX [DIRECTIVE]
  --clean  writes the program binary from moe-bench's OpenCL program cache (NVIDIA's binaries are PTX
           text) as PTX that CUDA loads: without the OpenCL metadata section and trailing NULs, and with
           the work-group offsets OpenCL keeps in %envreg0..2 set to 0 (CUDA leaves them undefined);
           DIRECTIVE (e.g. ".maxnreg 168" or ".minnctapersm 3") is added to the entry's performance
           directives, after its .reqntid
  PTX     such a cleaned PTX
  INPUTS  a folder from `moe-bench export` (a.npy, meta.json): the point's activations
  DUMP    the --dump folder of `moe-bench run` on it: sorted_token_ids.npy, expert_ids.npy,
          num_tokens_post_padded.npy (the aligned layout the kernel reads)
  CONFIG  the tile as bench records it, e.g. "nvidia-mma bm32 n128 k128 wg128 blocks2 ...": the grid, one
          work-group per piece (each expert's run of blocks cut into pieces of up to `blocks`, as
          AlignedLayout.runPieces does) and N tile (one dimension where it says tiles-fastest, as
          KernelSpec.globalSize launches it)
The weights are zeros (the kernel's work does not depend on their values), so every routed row of C
becomes 0: the harness checks that all were written. Prints the median of 20 warm launches (CUDA events).
"""
import json
import re
import sys

import numpy as np


def clean(binary, out, directive=None):
    text = open(binary, "rb").read().replace(b"\0", b"").decode()
    text = re.sub(r"\.metadata_section \{.*?\} // end of \.metadata_section", "", text, flags=re.S)
    text = re.sub(r"%envreg[0-2]\b", "0", text)
    if directive:
        text, found = re.subn(r"^(\.reqntid [0-9, ]+)$", r"\1\n" + directive, text, count=1, flags=re.M)
        if found != 1:
            sys.exit(f"{binary}: no .reqntid line to add {directive} after")
    open(out, "w").write(text)


def run_pieces(expert_ids, blocks):
    """The first block of each piece: every expert's run of blocks cut from its start into pieces of up to
    `blocks` (AlignedLayout.runPieces); blocks of no expert (-1) start none."""
    starts, b = [], 0
    while b < len(expert_ids):
        end = b + 1
        while end < len(expert_ids) and expert_ids[end] == expert_ids[b]:
            end += 1
        if expert_ids[b] >= 0:
            starts.extend(range(b, end, blocks))
        b = end
    return np.array(starts, dtype=np.int32)


def main():
    if sys.argv[1] == "--clean":
        clean(sys.argv[2], sys.argv[3], sys.argv[4] if len(sys.argv) > 4 else None)
        return
    import cupy as cp  # on the GPU machine only; --clean runs anywhere

    ptx, inputs, dump, config = sys.argv[1:5]
    meta = json.load(open(f"{inputs}/meta.json"))
    tile_n = int(re.search(r"\bn(\d+)\b", config).group(1))
    wg = int(re.search(r"\bwg(\d+)\b", config).group(1))
    blocks = int(re.search(r"\bblocks(\d+)\b", config).group(1))
    block_m = int(re.search(r"\bbm(\d+)\b", config).group(1))
    a = cp.asarray(np.load(f"{inputs}/a.npy").view(np.uint16))
    topk = np.load(f"{inputs}/topk_ids.npy")
    sorted_ids = cp.asarray(np.load(f"{dump}/sorted_token_ids.npy").astype(np.int32))
    expert_ids = np.load(f"{dump}/expert_ids.npy").astype(np.int32)
    padded = int(np.load(f"{dump}/num_tokens_post_padded.npy")[0])
    e, n, k8 = np.load(f"{inputs}/qweight.npy", mmap_mode="r").shape  # exllama: int32 [E, N, K/8]
    k, g = 8 * k8, meta["group_size"]
    sentinel = topk.size
    qweight = cp.zeros(e * n * k // 2, dtype=cp.uint8)
    scales = cp.zeros(e * n * (k // g), dtype=cp.uint16)
    zeros = cp.zeros(max(1, e * n // 2 * (k // g)), dtype=cp.uint8)
    c = cp.full(sentinel * n, 0xFFFF, dtype=cp.uint16)
    kernel = cp.RawModule(path=ptx).get_function("moe_gemm")
    pieces = run_pieces(expert_ids[:padded // block_m], blocks)
    groups = len(pieces)
    grid = (groups * (n // tile_n),) if "tiles-fastest" in config else (groups, n // tile_n)
    args = (a, qweight, scales, zeros, sorted_ids, cp.asarray(expert_ids), np.int32(padded), np.int32(sentinel),
            np.int32(0), np.int32(e), c, cp.asarray(pieces))
    start, stop = cp.cuda.Event(), cp.cuda.Event()
    times = []
    for _ in range(23):
        start.record()
        kernel(grid, (wg,), args)
        stop.record()
        stop.synchronize()
        times.append(cp.cuda.get_elapsed_time(start, stop) * 1000)
    written = int(cp.count_nonzero(c == 0))
    print(f"grid {grid} x {wg}: warm median {np.median(times[3:]):.1f} us over 20 launches; "
          f"C elements written {written} of {sentinel * n}")


if __name__ == "__main__":
    main()
