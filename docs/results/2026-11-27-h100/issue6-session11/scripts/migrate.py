# Session 11: carried session 10's tuning caches to the key with the largest expert (4a1b589). /tmp/works.txt held
# "archetype T T..B..X.. L.." for the default sweep, printed by jshell from AlignedLayout (core) for seed 0, E 256, top_k 8,
# block_m 32; T1536.B512.X256 held uniform's winner, balanced's came from session 10 call 4's tune.
import re, sys
works = {}
for line in open('/tmp/works.txt'):
    p = line.split()
    if len(p) == 4 and p[2].startswith('T'):
        works.setdefault(p[2], set()).add(p[3])
# colliding T1536.B512.X256: the cache holds uniform's winner (L3); balanced's (L2) from call 4's tune
extra = {'opencl': {
  'gemm1.E256.K2048.N1024.G128.bm32.bf16.exllama.T1536.B512.X256.L2': 'blocks\\=2,splitK\\=1,tileN\\=128,warpsM\\=1,workGroupSize\\=128',
  'gemm2.E256.K512.N2048.G128.bm32.bf16.exllama.T1536.B512.X256.L2': 'blocks\\=2,splitK\\=1,tileN\\=128,warpsM\\=1,workGroupSize\\=256'}}
for f in sys.argv[1:]:
    out = []
    for line in open(f):
        if line.startswith('#'):
            out.append(line); continue
        k, v = line.rstrip('\n').split('=', 1)
        m = re.search(r'\.(T\d+\.B\d+\.X\d+)$', k)
        if not m or m.group(1) not in works:
            print('unmapped', f, k); continue
        ls = sorted(works[m.group(1)])
        L = 'L3' if m.group(1) == 'T1536.B512.X256' else ls[0]
        if len(ls) > 1 and m.group(1) != 'T1536.B512.X256': print('ambiguous', k, ls)
        out.append(k + '.' + L + '=' + v + '\n')
    for kind, entries in extra.items():
        if kind in f.split('/')[-1]:
            for k, v in entries.items():
                out.append(k + '=' + v + '\n')
    open(f, 'w').writelines(out)
    print(f, len(out))
