# Session 13: a copy of a Vulkan tuning cache whose merged-block direct tiles of 8 subgroups (blocks >= 2, sgM 1,
# sgN 8, direct 1) are split SG_M ways along M instead (sgN 8 / SG_M): python3 split_m_cache.py IN OUT SG_M
import sys
src, dst, sg_m = sys.argv[1], sys.argv[2], int(sys.argv[3])
out, changed = [], 0
for line in open(src):
    if '=' in line and not line.startswith('#'):
        key, value = line.rstrip('\n').split('=', 1)
        params = dict(p.split('\\=') for p in value.split(','))
        if params.get('direct') == '1' and params['sgM'] == '1' and params['sgN'] == '8' and int(params['blocks']) >= 2:
            params['sgM'], params['sgN'] = str(sg_m), str(8 // sg_m)
            line = key + '=' + ','.join(f'{k}\\={v}' for k, v in params.items()) + '\n'
            changed += 1
    out.append(line)
open(dst, 'w').writelines(out)
print(f'{dst}: {changed} entries split {sg_m} ways along M', file=sys.stderr)
