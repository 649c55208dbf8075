#!/usr/bin/env python3
"""Independent float64 reference for moe-bench input folders (docs/INPUTS.md), numpy only.

usage:
  byo_reference.py make DIR --gemm 1|2 --layout gptq|exllama --dtype fp16|bf16 [--zeros] --seed S
                        [--meta full|none] [--ids int32|int64]
  byo_reference.py check DIR DUMPDIR [DIR DUMPDIR ...]

make writes a folder with random contents (E=8, T=24, top_k=4, K=256, N=128, G=64): distinct random
experts per token, uniform activations in [-1, 1), random int4 weights, scales (0.5 + u) / sqrt(7 K),
with --zeros random zero points 0..15. --meta none leaves meta.json out (moe-bench infers it).

check computes C = A . W^T per routed row i = t*top_k + j straight from DOMAIN.md, in float64, with
its own unpacking of both layouts and its own bf16 decoding; compares DUMPDIR/c.npy (written by
`moe-bench run --dump`) and prints sum|c - ref| / sum|ref|; exit 1 when that reaches the tolerance of
the output dtype (fp16 2e-3, bf16 1e-2) or when the dumped aligned layout differs from its own
moe_align_block_size. Several pairs are checked in one run (one line each; exit 1 if any fails).
Bad input exits 2 with a message naming the file.
"""
import argparse
import json
import os
import sys

import numpy as np

E, T, TOP_K, K, N, G = 8, 24, 4, 256, 128, 64
TOLERANCE = {'fp16': 2e-3, 'bf16': 1e-2}
# ExLlama shuffle: nibble p (bits 4p..4p+3) of each int32 holds k = 8i + EXLLAMA_ORDER[p]
EXLLAMA_ORDER = [0, 2, 4, 6, 1, 3, 5, 7]
SYMMETRIC_ZERO = 8
DEFAULT_BLOCK_M = 32


def fail(message, code=2):
  print(message, file=sys.stderr)
  sys.exit(code)


def bf16_bits(x):
  """float32 -> bf16 bits, round to nearest even (finite inputs)."""
  bits = np.asarray(x, dtype=np.float32).view(np.uint32).astype(np.uint64)
  return ((bits + 0x7fff + ((bits >> 16) & 1)) >> 16).astype(np.uint16)


def bf16_value(bits):
  return (bits.astype(np.uint32) << 16).view(np.float32)


def encode(x, dtype):
  return x.astype(np.float16) if dtype == 'fp16' else bf16_bits(x)


def decode(a, dtype, name):
  want = np.float16 if dtype == 'fp16' else np.uint16
  if a.dtype != want:
    fail('%s: dtype %s, expected %s for %s' % (name, a.dtype, np.dtype(want).name, dtype))
  return (a if dtype == 'fp16' else bf16_value(a)).astype(np.float64)


def pack_gptq(q):
  """[E, N, K] nibbles -> uint8 [E, N, K/2]: k = 2j in bits 0-3, k = 2j+1 in bits 4-7."""
  return (q[..., 0::2] | (q[..., 1::2] << 4)).astype(np.uint8)


def pack_exllama(q):
  """[E, N, K] nibbles -> int32 [E, N, K/8] in nibble order [0,2,4,6,1,3,5,7]."""
  e, n, k = q.shape
  groups = q.reshape(e, n, k // 8, 8).astype(np.uint32)
  word = np.zeros((e, n, k // 8), dtype=np.uint32)
  for p, kk in enumerate(EXLLAMA_ORDER):
    word |= groups[..., kk] << np.uint32(4 * p)
  return word.view(np.int32).astype('<i4')


def unpack(qweight):
  if qweight.dtype == np.uint8:
    e, n, half = qweight.shape
    q = np.empty((e, n, half * 2), dtype=np.int64)
    q[..., 0::2] = qweight & 0xf
    q[..., 1::2] = qweight >> 4
    return q
  if qweight.dtype in (np.int32, np.uint32):
    words = qweight.view(np.uint32).astype(np.int64)
    e, n, eighth = words.shape
    q = np.empty((e, n, eighth, 8), dtype=np.int64)
    for p, kk in enumerate(EXLLAMA_ORDER):
      q[..., kk] = (words >> (4 * p)) & 0xf
    return q.reshape(e, n, eighth * 8)
  fail('qweight.npy: dtype %s, allowed uint8 (gptq) or int32 (exllama)' % qweight.dtype)


def unpack_zeros(zeros):
  """uint8 [E, N/2, K/G] packed along N (low nibble = even n) -> [E, N, K/G]."""
  e, half, groups = zeros.shape
  z = np.empty((e, half * 2, groups), dtype=np.int64)
  z[:, 0::2, :] = zeros & 0xf
  z[:, 1::2, :] = zeros >> 4
  return z


def make(args):
  rng = np.random.default_rng(args.seed)
  os.makedirs(args.dir, exist_ok=True)
  ids = np.argsort(rng.random((T, E)), axis=1)[:, :TOP_K]  # distinct experts per token
  np.save(os.path.join(args.dir, 'topk_ids.npy'), ids.astype(np.int32 if args.ids == 'int32' else np.int64))
  rows = T if args.gemm == 1 else T * TOP_K
  a = rng.uniform(-1, 1, (rows, K)).astype(np.float32)
  np.save(os.path.join(args.dir, 'a.npy'), encode(a, args.dtype))
  q = rng.integers(0, 16, (E, N, K), dtype=np.uint8)
  np.save(os.path.join(args.dir, 'qweight.npy'), pack_gptq(q) if args.layout == 'gptq' else pack_exllama(q))
  scales = ((0.5 + rng.random((E, N, K // G))) / np.sqrt(7.0 * K)).astype(np.float32)
  np.save(os.path.join(args.dir, 'scales.npy'), encode(scales, args.dtype))
  zeros_file = os.path.join(args.dir, 'zeros.npy')
  if args.zeros:
    z = rng.integers(0, 16, (E, N, K // G), dtype=np.uint8)
    np.save(zeros_file, (z[:, 0::2, :] | (z[:, 1::2, :] << 4)).astype(np.uint8))
  elif os.path.exists(zeros_file):
    os.remove(zeros_file)
  meta_file = os.path.join(args.dir, 'meta.json')
  if args.meta == 'full':
    with open(meta_file, 'w') as f:
      json.dump({'gemm': args.gemm, 'layout': args.layout, 'dtype': args.dtype, 'group_size': G, 'block_m': 32}, f)
  elif os.path.exists(meta_file):
    os.remove(meta_file)


def load(path, required=True):
  if not os.path.exists(path):
    if required:
      fail('%s: missing' % os.path.basename(path))
    return None
  try:
    return np.load(path, allow_pickle=False)
  except (OSError, ValueError) as e:
    fail('%s: not a readable .npy file (%s)' % (os.path.basename(path), e))


def moe_align(flat, experts, block_m):
  """DOMAIN.md moe_align_block_size: rows grouped by ascending expert, each segment padded with numel."""
  numel = flat.size
  sorted_ids, expert_ids = [], []
  for e in range(experts):
    rows = np.nonzero(flat == e)[0]
    if rows.size == 0:
      continue
    blocks = -(-rows.size // block_m)
    segment = np.full(blocks * block_m, numel, dtype=np.int64)
    segment[:rows.size] = rows
    sorted_ids.append(segment)
    expert_ids += [e] * blocks
  return np.concatenate(sorted_ids), np.array(expert_ids, dtype=np.int64)


def check(d, dump):
  """Prints one line per output; returns whether the output and the dumped layout agree."""
  meta = {}
  if os.path.exists(os.path.join(d, 'meta.json')):
    with open(os.path.join(d, 'meta.json')) as f:
      meta = json.load(f)
  ids = load(os.path.join(d, 'topk_ids.npy')).astype(np.int64)
  a = load(os.path.join(d, 'a.npy'))
  qweight = load(os.path.join(d, 'qweight.npy'))
  scales = load(os.path.join(d, 'scales.npy'))
  zeros = load(os.path.join(d, 'zeros.npy'), required=False)
  dtype = 'fp16' if a.dtype == np.float16 else 'bf16'
  tokens, top_k = ids.shape
  gemm = meta.get('gemm', 1 if a.shape[0] == tokens and top_k > 1 else 2)
  block_m = meta.get('block_m', DEFAULT_BLOCK_M)

  A = decode(a, dtype, 'a.npy')
  q = unpack(qweight)
  experts, n, k = q.shape
  S = decode(scales, dtype, 'scales.npy')
  group = k // S.shape[2]
  Z = unpack_zeros(zeros) if zeros is not None else np.full(S.shape, SYMMETRIC_ZERO, dtype=np.int64)
  flat = ids.reshape(-1)
  a_row = np.arange(flat.size) // top_k if gemm == 1 else np.arange(flat.size)
  ref = np.zeros((flat.size, n), dtype=np.float64)
  for e in np.unique(flat):
    # value of (e, n, k) = (q - z[e, n, k // G]) * s[e, n, k // G]
    w = (q[e] - np.repeat(Z[e], group, axis=1)) * np.repeat(S[e], group, axis=1)
    rows = np.nonzero(flat == e)[0]
    ref[rows] = A[a_row[rows]] @ w.T

  c = load(os.path.join(dump, 'c.npy'))
  if c.shape != ref.shape:
    fail('c.npy: shape %s, expected %s [T*top_k, N]' % (list(c.shape), list(ref.shape)))
  C = decode(c, dtype, 'c.npy')
  nan = int(np.isnan(C).sum())
  rel = float('nan') if nan else float(np.abs(C - ref).sum() / np.abs(ref).sum())
  ok = nan == 0 and rel < TOLERANCE[dtype]
  print('%s gemm%d %s%s: rel err %.3e (tolerance %.0e)%s: %s' % (os.path.basename(os.path.normpath(d)), gemm, dtype,
        ', zero points' if zeros is not None else '', rel, TOLERANCE[dtype], ', %d NaN' % nan if nan else '',
        'PASS' if ok else 'FAIL'))

  sorted_ids, expert_ids = moe_align(flat, experts, block_m)
  for name, want in (('sorted_token_ids.npy', sorted_ids), ('expert_ids.npy', expert_ids),
                     ('num_tokens_post_padded.npy', np.array([sorted_ids.size]))):
    got = load(os.path.join(dump, name))
    if got.dtype != np.int32 or got.shape != want.shape or not np.array_equal(got, want):
      print('%s: differs from moe_align_block_size (dtype %s, shape %s, expected int32 %s): FAIL'
            % (name, got.dtype, list(got.shape), list(want.shape)))
      ok = False
  return ok


def main():
  p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
  sub = p.add_subparsers(dest='command', required=True)
  m = sub.add_parser('make', help='write a random input folder')
  m.add_argument('dir')
  m.add_argument('--gemm', type=int, choices=(1, 2), required=True)
  m.add_argument('--layout', choices=('gptq', 'exllama'), required=True)
  m.add_argument('--dtype', choices=('fp16', 'bf16'), required=True)
  m.add_argument('--zeros', action='store_true')
  m.add_argument('--seed', type=int, required=True)
  m.add_argument('--meta', choices=('full', 'none'), default='full')
  m.add_argument('--ids', choices=('int32', 'int64'), default='int64')
  c = sub.add_parser('check', help='compare a dumped output with the float64 reference')
  c.add_argument('pairs', nargs='+', metavar='DIR DUMPDIR')
  args = p.parse_args()
  if args.command == 'make':
    make(args)
    return
  if len(args.pairs) % 2:
    fail('check: give input folders and dump folders in pairs: DIR DUMPDIR [DIR DUMPDIR ...]')
  results = [check(d, dump) for d, dump in zip(args.pairs[0::2], args.pairs[1::2])]
  sys.exit(0 if all(results) else 1)


if __name__ == '__main__':
  main()
