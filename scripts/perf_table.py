#!/usr/bin/env python3
"""Markdown per-point table of a moe-bench results.json (bench --out or sweep), for docs/PERF.md.

usage: perf_table.py RESULTS_DIR_OR_JSON [--reference] (results.json or results.json.gz)
--reference adds the Triton reference of PERF-TARGETS.md where a point has one (the run's card: H200, else H100).
"""
import gzip
import json
import os
import sys

# PERF-TARGETS.md: Triton W4A16 us on H100 and on H200, per (gemm, archetype, T)
TRITON_US = {
    ('gemm1', 'balanced', 16): (378, 384), ('gemm1', 'zipf1', 16): (232, 238),
    ('gemm1', 'hot16', 16): (105, 105), ('gemm1', 'balanced', 256): (579, 593),
    ('gemm1', 'zipf1', 256): (559, 573), ('gemm1', 'hot16', 256): (423, 433),
    ('gemm1', 'balanced', 1024): (582, 591), ('gemm1', 'zipf1', 1024): (703, 721),
    ('gemm1', 'hot16', 1024): (764, 784), ('gemm1', 'balanced', 4096): (1106, 1130),
    ('gemm1', 'zipf1', 4096): (1357, 1384), ('gemm1', 'hot16', 4096): (1475, 1513),
    ('gemm2', 'balanced', 16): (194, 198), ('gemm2', 'zipf1', 16): (119, 122),
    ('gemm2', 'hot16', 16): (54, 55), ('gemm2', 'balanced', 256): (306, 313),
    ('gemm2', 'zipf1', 256): (296, 303), ('gemm2', 'hot16', 256): (226, 232),
    ('gemm2', 'balanced', 1024): (310, 317), ('gemm2', 'zipf1', 1024): (372, 381),
    ('gemm2', 'hot16', 1024): (412, 421), ('gemm2', 'balanced', 4096): (599, 614),
    ('gemm2', 'zipf1', 4096): (732, 750), ('gemm2', 'hot16', 4096): (794, 808),
}


def triton_reference(device):
    """The Triton figures of the card the run was on (a device name as the results give it): H200's or H100's."""
    card = 'H200' if 'H200' in (device or '') else 'H100'
    column = 1 if card == 'H200' else 0
    return {point: us[column] for point, us in TRITON_US.items()}, card


def fmt(v, digits=1):
    return '-' if v is None else ('%.*f' % (digits, v))


def load_results(path):
    """A results.json (or its archived .gz), given it or its folder."""
    if os.path.isdir(path):
        path = os.path.join(path, 'results.json')
    if not os.path.exists(path) and os.path.exists(path + '.gz'):
        path += '.gz'  # archived results are gzipped
    return json.load(gzip.open(path, 'rt') if path.endswith('.gz') else open(path))


def main():
    doc = load_results(sys.argv[1])
    prov = doc['provenance']
    k = prov.get('kernel') or {}
    print('- kernel: %s (%s) on %s, driver %s' % (k.get('id'), k.get('matrix_path'), k.get('device'), k.get('driver')))
    print('- commit %s, %s; %s; floor from %s' % (prov.get('git_commit'), prov.get('date'),
                                               prov['plan']['timing'] + ' cache, median of %d' % prov['plan']['iterations'],
                                               prov.get('ceilings')))
    print('- command: `%s`' % prov.get('command_line'))
    print()
    ref = '--reference' in sys.argv
    triton, card = triton_reference(k.get('device'))
    head = '| gemm | archetype | T | use % | kernel us | floor us | % of floor | TFLOP/s | rel err |'
    if ref:
        head += ' Triton us (%s) |' % card
    print(head)
    print('|' + '---|' * (head.count('|') - 1))
    for p in doc['points']:
        row = '| %s | %s | %d | %s | %s | %s | %s | %s | %s |' % (
            p['gemm'], p['archetype'], p['T'], fmt(p['use_pct']), fmt(p['kernel_us']), fmt(p['floor_us']),
            fmt(p['floor_pct']), fmt(p['tflops']), '-' if p['rel_err'] is None else '%.1e' % p['rel_err'])
        if ref:
            row += ' %s |' % triton.get((p['gemm'], p['archetype'], p['T']), '')
        if p.get('error'):
            row += ' ' + p['error']
        print(row)


if __name__ == '__main__':
    main()
