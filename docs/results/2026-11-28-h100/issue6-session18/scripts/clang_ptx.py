#!/usr/bin/env python3
"""Session 18, call 2 (probe): moe_gemm_nvidia.cl compiled by clang-19 to NVIDIA OpenCL PTX (the nvcl triple: the
same .entry/.param form as NVIDIA's own OpenCL compiler emits) for the tuned tile of each point, with the defines
KernelSpec.defines() gives bench's points (bf16, ExLlama, no zero points, tiles fastest). The device script puts
each PTX in place of NVIDIA's binary in a program cache, so bench loads it through clCreateProgramWithBinary.
Usage: clang_ptx.py RESULTS_CSV OUT_DIR MARCH POINT... (POINT = gemm:archetype:T, e.g. 1:zipf2:2048)."""
import csv
import re
import subprocess
import sys

SHAPES = {"1": dict(K=2048, N=1024, ROW_DIVISOR=8), "2": dict(K=512, N=2048, ROW_DIVISOR=1)}


def defines(gemm, config):
    tile = {k: int(re.search(rf"\b{k}(\d+)\b", config).group(1))
            for k in ("bm", "n", "k", "wg", "blocks", "splitK", "warpsM", "stages")}
    s = SHAPES[gemm]
    d = ["MOE_BARE_NVPTX", "MOE_PATH_NVIDIA_MMA", "MOE_DTYPE_BF16", "MOE_LAYOUT_EXLLAMA", f"MOE_K={s['K']}",
         f"MOE_N={s['N']}", "MOE_GROUP_SIZE=128", f"MOE_ROW_DIVISOR={s['ROW_DIVISOR']}", f"MOE_BLOCK_M={tile['bm']}",
         f"MOE_TILE_N={tile['n']}", f"MOE_K_STEP={tile['k']}", f"MOE_WG_SIZE={tile['wg']}", "MOE_COLS_PER_ITEM=4",
         f"MOE_BLOCKS={tile['blocks']}", f"MOE_SPLIT_K={tile['splitK']}", f"MOE_WARPS_M={tile['warpsM']}",
         f"MOE_A_BUFFERS={tile['stages']}"]
    if "tiles-fastest" in config:
        d.append("MOE_TILES_FASTEST")
    return ["-D" + x for x in d]


def main():
    results, out, march, points = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
    rows = {(r["gemm"][-1], r["archetype"], r["T"]): r["config"] for r in csv.DictReader(open(results))}
    for p in points:
        gemm, arch, t = p.split(":")
        config = rows[(gemm, arch, t)]
        target = f"{out}/g{gemm}-{arch}-{t}.{march}.ptx"
        subprocess.run(["clang-19", "-x", "cl", "-cl-std=CL1.2", "-nogpulib", "-O3", "-S", "-target",
                        "nvptx64-nvidia-nvcl", f"-march={march}", "-Ishaders/opencl", *defines(gemm, config),
                        "shaders/opencl/moe_gemm_nvidia.cl", "-o", target], check=True)
        print(p, config, target)


if __name__ == "__main__":
    main()
