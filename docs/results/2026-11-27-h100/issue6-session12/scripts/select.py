# Session 12 call 4: the variant (A/B run folders given as DIR=NAME) with the lowest geometric mean kernel time over
# all its runs' points; prints its name.
import json, math, sys
times = {}
for arg in sys.argv[1:]:
    folder, name = arg.split('=')
    for p in json.load(open(folder + '/results.json'))['points']:
        if p.get('kernel_us'):
            times.setdefault(name, []).append(math.log(float(p['kernel_us'])))
means = {n: math.exp(sum(v) / len(v)) for n, v in times.items()}
for n, m in sorted(means.items(), key=lambda x: x[1]):
    print(f'{n} {m:.2f}', file=sys.stderr)
print(min(means, key=means.get))
