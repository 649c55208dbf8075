#!/usr/bin/env python3
"""Carve ELF images (cubins) out of arbitrary blobs (NVIDIA driver shader caches): argv dirs/files, out dir last."""
import os, struct, sys
out = sys.argv[-1]
os.makedirs(out, exist_ok=True)
n = 0
for root in sys.argv[1:-1]:
    paths = [root] if os.path.isfile(root) else [os.path.join(d, f) for d, _, fs in os.walk(root) for f in fs]
    for p in paths:
        data = open(p, 'rb').read()
        print(f"{p}: {len(data)} bytes, head {data[:16].hex()}")
        i = data.find(b'\x7fELF')
        while i >= 0:
            try:
                shoff, = struct.unpack_from('<Q', data, i + 0x28)
                shentsize, shnum = struct.unpack_from('<HH', data, i + 0x3A)
                phoff, = struct.unpack_from('<Q', data, i + 0x20)
                phentsize, phnum = struct.unpack_from('<HH', data, i + 0x36)
                end = max(shoff + shentsize * shnum, phoff + phentsize * phnum)
                machine, = struct.unpack_from('<H', data, i + 0x12)
                if 64 <= end <= len(data) - i:
                    name = os.path.join(out, f"elf{n:03d}.cubin")
                    open(name, 'wb').write(data[i:i + end])
                    print(f"  ELF at {i}: {end} bytes machine {machine} -> {name}")
                    n += 1
            except struct.error:
                pass
            i = data.find(b'\x7fELF', i + 4)
print(f"{n} ELF images")
