# Session 12: carve ELF images (NVIDIA machine code, if the driver keeps it so) out of the NVIDIA driver's on-disk
# shader cache after a Vulkan run, and disassemble each with cuobjdump/nvdisasm. Usage: carve.py CACHE_DIR OUT_DIR
import os, struct, subprocess, sys
src, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)
n = 0
with open(os.path.join(out, 'files.txt'), 'w') as listing:
    for root, _, files in os.walk(src):
        for f in files:
            p = os.path.join(root, f)
            data = open(p, 'rb').read()
            listing.write(f'{p} {len(data)} {data[:32].hex()}\n')
            at = data.find(b'\x7fELF')
            while at >= 0:
                h = data[at:at + 64]
                if len(h) == 64 and h[4] == 2:
                    shoff, = struct.unpack_from('<Q', h, 0x28)
                    shentsize, shnum = struct.unpack_from('<HH', h, 0x3A)
                    size = shoff + shentsize * shnum
                    if 64 <= size <= len(data) - at:
                        n += 1
                        blob = os.path.join(out, f'elf{n}.bin')
                        open(blob, 'wb').write(data[at:at + size])
                        listing.write(f'  ELF at {at}, {size} bytes -> {blob}\n')
                        for tool in (['cuobjdump', '-sass'], ['nvdisasm', '-c']):
                            r = subprocess.run(tool + [blob], capture_output=True, text=True)
                            with open(f'{blob}.{tool[0]}.txt', 'w') as t:
                                t.write(r.stdout + r.stderr)
                at = data.find(b'\x7fELF', at + 4)
print(f'carve: {n} ELF images')
