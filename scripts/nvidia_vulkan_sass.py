#!/usr/bin/env python3
"""Machine code (SASS) of the Vulkan pipelines an NVIDIA driver compiled, from its on-disk shader cache.

Run the Vulkan backend with the driver's cache in a folder of its own:
  __GL_SHADER_DISK_CACHE=1 __GL_SHADER_DISK_CACHE_PATH=DIR __GL_SHADER_DISK_CACHE_SKIP_CLEANUP=1 \\
      java -jar moe-bench.jar bench --backend vulkan --gemm 1 --archetypes balanced --tokens 64
then: nvidia_vulkan_sass.py DIR OUT [--arch SM90] [--nvdisasm PATH]

Each cache entry (*.bin, magic "CDVN") holds zstd frames; the compiled pipelines are the frames that begin with
"NVDANVVM". Their machine code is raw, not an ELF: it starts at the frame's first S2R instruction and ends with
the branch-to-self after the last EXIT, and `nvdisasm --binary SM90` reads it. This layout was seen with driver
580.159.04 on an H100 (issue 6, session 12), not documented by NVIDIA: a frame whose code is not found is
reported, not guessed at. Writes OUT/<entry>-<frame>.sass per pipeline; the largest is usually the GEMM (the
bench's "Binary Size" statistic gives its exact length). Needs `zstd` and `nvdisasm` (CUDA, or Triton's wheel).
"""
import argparse
import pathlib
import struct
import subprocess
import sys

ZSTD_MAGIC = b'\x28\xb5\x2f\xfd'
PIPELINE_MAGIC = b'NVDANVVM'
INSTRUCTION = 16
S2R = (0x19, 0x79)                                 # opcode bytes of S2R (sm_8x/sm_9x encoding)
BRANCH_TO_SELF = struct.pack('<Q', 0xfffffffc00fc7947)  # BRA to its own address: the code's last instruction


def frames(entry):
    """The decompressed zstd frames of one cache entry (each decompressed from its magic to the entry's end)."""
    data = entry.read_bytes()
    at = data.find(ZSTD_MAGIC)
    while at >= 0:
        run = subprocess.run(['zstd', '-d', '-c', '-q'], input=data[at:], capture_output=True)
        if run.stdout:
            yield run.stdout
        at = data.find(ZSTD_MAGIC, at + 1)


def code(frame):
    """The machine code in a pipeline frame, or None where the layout above is not found: from the first S2R
    that a branch-to-self follows in the same 16-byte alignment, to that branch."""
    for start in range(len(PIPELINE_MAGIC), len(frame) - 1):
        if (frame[start], frame[start + 1]) != S2R:
            continue
        for at in range(start, len(frame) - INSTRUCTION + 1, INSTRUCTION):
            if frame[at:at + 8] == BRANCH_TO_SELF:
                return frame[start:at + INSTRUCTION]
    return None


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('cache', type=pathlib.Path, help='the folder __GL_SHADER_DISK_CACHE_PATH named')
    parser.add_argument('out', type=pathlib.Path)
    parser.add_argument('--arch', default='SM90', help='nvdisasm --binary architecture (default SM90)')
    parser.add_argument('--nvdisasm', default='nvdisasm')
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    found = 0
    for entry in sorted(args.cache.rglob('*.bin')):
        for index, frame in enumerate(frames(entry)):
            if not frame.startswith(PIPELINE_MAGIC):
                continue
            binary = code(frame)
            name = f'{entry.stem}-{index}'
            if binary is None:
                print(f'{name}: no machine code found in {len(frame)} bytes', file=sys.stderr)
                continue
            raw = args.out / f'{name}.bin'
            raw.write_bytes(binary)
            sass = subprocess.run([args.nvdisasm, '--binary', args.arch, str(raw)], capture_output=True, text=True)
            (args.out / f'{name}.sass').write_text(sass.stdout + sass.stderr)
            raw.unlink()
            found += 1
            print(f'{name}: {len(binary)} bytes of code -> {name}.sass')
    if not found:
        sys.exit('no pipeline machine code found under ' + str(args.cache))


if __name__ == '__main__':
    main()
