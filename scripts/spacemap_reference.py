#!/usr/bin/env python3
"""Independent reference of the moe-bench space-map (DOMAIN.md "Space-map"), for routing traces.

usage: spacemap_reference.py TRACE [TRACE ...] [--experts E] [--block-m 16,32]

TRACE is a .npy (int32/int64, little-endian, C order, shape [T, top_k]) or a .csv (one token per
line, expert ids separated by commas or spaces; blank lines and lines starting with # skipped).
Prints what `moe-bench spacemap --trace TRACE --format json` prints: a JSON array with one object
per trace, keys archetype (the file name), T, nvalid, mean, median, max, dead, then for each block
size B: bmB_useful_pct, bmB_sk8_pct. Floats are printed at full precision (compare numerically).
Needs python3 and numpy only; bad input exits with code 2 and a message naming the file.
"""
import json
import os
import re
import sys

import numpy as np

SKINNY_ROWS = 8


def fail(message):
  print(message, file=sys.stderr)
  sys.exit(2)


def read_trace(path, experts):
  name = os.path.basename(path)
  if path.lower().endswith('.npy'):
    try:
      ids = np.load(path, allow_pickle=False)
    except (OSError, ValueError) as e:
      fail('%s: not a readable .npy file (%s)' % (name, e))
    if ids.dtype.kind != 'i' or ids.dtype.itemsize not in (4, 8):
      fail('%s: dtype %s, allowed int32 or int64' % (name, ids.dtype))
    if ids.dtype.byteorder == '>':  # moe-bench reads what engines write: little-endian, C order
      fail('%s: big-endian dtype, allowed: little-endian' % name)
    if ids.ndim > 1 and not ids.flags.c_contiguous:
      fail('%s: Fortran-order array, allowed: C order' % name)
    if ids.ndim != 2:
      fail('%s: shape %s, expected 2 dimensions [T, top_k]' % (name, list(ids.shape)))
  elif path.lower().endswith('.csv'):
    rows = []
    with open(path, encoding='utf-8-sig') as f:  # -sig: drop a spreadsheet's byte-order mark
      for line in f:
        line = line.strip()
        if line and not line.startswith('#'):
          try:
            rows.append([int(cell) for cell in re.split(r'[,\s]+', line)])
          except ValueError:
            fail('%s: %r is not a line of expert ids' % (name, line))
    if len({len(r) for r in rows}) > 1:
      fail('%s: lines have different numbers of ids' % name)
    ids = np.array(rows, dtype=np.int64).reshape(len(rows), len(rows[0]) if rows else 0)
  else:
    fail('%s: unknown trace format; allowed: .npy or .csv' % name)
  if ids.size == 0:
    fail('%s: empty trace, shape %s' % (name, list(ids.shape)))
  if ids.min() < 0 or ids.max() >= experts:
    fail('%s: expert ids must be in 0..%d (got %d..%d)' % (name, experts - 1, ids.min(), ids.max()))
  if any(len(set(row)) != len(row) for row in ids.tolist()):
    fail('%s: a token lists an expert twice' % name)
  return name, ids.astype(np.int64)


def space_map(name, ids, experts, block_sizes):
  tokens, top_k = ids.shape
  nvalid = tokens * top_k
  loads = np.bincount(ids.ravel(), minlength=experts)
  used = loads[loads > 0]
  row = {'archetype': name, 'T': int(tokens), 'nvalid': int(nvalid), 'mean': nvalid / len(used),
         'median': int(np.median(used)),  # integer part; numpy averages the two middle values
         'max': int(used.max()), 'dead': int(experts - len(used))}
  for bm in block_sizes:
    # real rows of every block: an expert with c rows fills ceil(c / bm) blocks, all full but the last
    per_block = np.concatenate([np.minimum(bm, c - bm * np.arange(-(-c // bm))) for c in used.tolist()])
    padded = len(per_block) * bm
    row['bm%d_useful_pct' % bm] = 100.0 * nvalid / padded
    row['bm%d_sk8_pct' % bm] = 100.0 * int(np.count_nonzero(per_block <= SKINNY_ROWS)) / len(per_block)
  return row


def main(argv):
  usage = __doc__.split('\n\n')[1]
  experts = 256
  block_sizes = [16, 32]
  traces = []
  i = 0
  try:
    while i < len(argv):
      a = argv[i]
      if a in ('-h', '--help'):
        print(usage)
        return
      if a in ('--experts', '--block-m'):
        value = argv[i + 1]
        i += 1
      elif a.startswith('--experts=') or a.startswith('--block-m='):
        a, value = a.split('=', 1)
      elif a.startswith('-'):
        fail(usage)
      else:
        traces.append(a)
        i += 1
        continue
      if a == '--experts':
        experts = int(value)
      else:
        block_sizes = [int(b) for b in value.split(',')]
      i += 1
  except (IndexError, ValueError):
    fail(usage)
  if not traces or experts < 1 or any(b < 1 for b in block_sizes):
    fail(usage)
  rows = [space_map(*read_trace(t, experts), experts, block_sizes) for t in traces]
  print(json.dumps(rows, indent=2))


if __name__ == '__main__':
  main(sys.argv[1:])
