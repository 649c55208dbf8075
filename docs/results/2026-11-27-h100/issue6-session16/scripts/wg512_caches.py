"""Session 16 call 4's caches: session 15's final cache with every blocks-1 OpenCL tile of T <= 256 moved to work-groups
of 512 items, split-K 2 (.gpu-c512s2) or split-K 4 with tileN 64 (.gpu-c512s4), where the tile fits 48 KiB of local
memory (TileConfig.nvidiaLocalBytes). Run from the repository root with session 15's cache in .gpu-cache."""
import os
import re
import shutil


def fits(tile_n, work_group, split_k):
    warps = work_group // 32
    warps_n = warps // split_k
    fragments = tile_n // 8 // warps_n
    accumulators = 2 * fragments * 4
    for buffers in (2, 1):
        stage = max(buffers * 32 * (split_k * 64 + 4), (split_k - 1) * warps // split_k * 32 * accumulators)
        if 4 * (stage + 32) <= 49152:
            return fragments >= 1 and (tile_n // 8) % warps_n == 0
    return False


for split_k, new_tile_n in ((2, None), (4, 64)):
    target = ".gpu-c512s%d" % split_k
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(".gpu-cache", target)
    path = [os.path.join(target, "tuning", f) for f in os.listdir(target + "/tuning") if f.startswith("opencl")][0]
    lines = []
    for line in open(path):
        m = re.match(r"(gemm\d\.[^=]+?\.T(\d+)\.[^=]+)=(.*)", line.strip())
        if m and int(m.group(2)) <= 256 and "blocks\\=1," in m.group(3) and "workGroupSize" in m.group(3):
            value = m.group(3)
            tile_n = new_tile_n or int(re.search(r"tileN\\=(\d+)", value).group(1))
            if fits(tile_n, 512, split_k):
                value = re.sub(r"workGroupSize\\=\d+", r"workGroupSize\\=512", value)
                value = re.sub(r"splitK\\=\d+", r"splitK\\=%d" % split_k, value)
                value = re.sub(r"tileN\\=\d+", r"tileN\\=%d" % tile_n, value)
                line = m.group(1) + "=" + value + "\n"
        lines.append(line)
    open(path, "w").writelines(lines)
