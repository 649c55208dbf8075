#!/usr/bin/env python3
"""Independent reference of moe-bench's synthetic routing (DOMAIN.md, SplitMix64 javadoc).

usage: routing_reference.py ARCHETYPE T E TOP_K SEED [--shuffle] [--libm] [--out FILE.npy]
       routing_reference.py --golden

Prints the routing table [T, TOP_K] as JSON rows, or writes it to a .npy file (int32). --golden
prints the values pinned by core's RoutingGoldenTest: SplitMix64 outputs, small tables in full and
SHA-256 checksums (int32 little-endian bytes) of large ones, and how often the C library's log
differs from the fdlibm port on the logs those tables take.

Plain Python on purpose (no numpy): every float operation is one IEEE-754 double operation with
round-to-nearest, as in Java. log is a port of fdlibm's e_log.c, the algorithm of Java's
StrictMath.log; --libm uses math.log (the C library) instead, to measure the difference.
"""
import hashlib
import json
import math
import struct
import sys

MASK = (1 << 64) - 1
GOLDEN_GAMMA = 0x9E3779B97F4A7C15
EPS = 1e-12
COLD_POPULARITY = 1e-6


def mix(z):
  z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
  z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
  return z ^ (z >> 31)


def derive(seed, stream):
  return mix((seed + stream * GOLDEN_GAMMA) & MASK)


class SplitMix64:
  def __init__(self, seed):
    self.state = seed & MASK

  def next_long(self):
    self.state = (self.state + GOLDEN_GAMMA) & MASK
    return mix(self.state)

  def next_open_unit(self):
    # (top 52 bits + 0.5) * 2^-52: both steps exact in double arithmetic
    return ((self.next_long() >> 12) + 0.5) * 2.0 ** -52

  def next_int(self, bound):
    return ((self.next_long() >> 32) * bound) >> 32


# ---- fdlibm __ieee754_log, transcribed from e_log.c (Sun, 1993) -------------------------------

def _d(hex_bits):
  return struct.unpack('<d', struct.pack('<Q', hex_bits))[0]


LN2_HI = _d(0x3FE62E42FEE00000)
LN2_LO = _d(0x3DEA39EF35793C76)
TWO54 = _d(0x4350000000000000)
LG1 = _d(0x3FE5555555555593)
LG2 = _d(0x3FD999999997FA04)
LG3 = _d(0x3FD2492494229359)
LG4 = _d(0x3FCC71C51D8E78AF)
LG5 = _d(0x3FC7466496CB03DE)
LG6 = _d(0x3FC39A09D078C69F)
LG7 = _d(0x3FC2F112DF3E5244)


def _words(x):
  bits = struct.unpack('<Q', struct.pack('<d', x))[0]
  hi = bits >> 32
  return (hi - (1 << 32) if hi & 0x80000000 else hi), bits & 0xFFFFFFFF


def _with_hi(x, hi):
  bits = struct.unpack('<Q', struct.pack('<d', x))[0]
  return struct.unpack('<d', struct.pack('<Q', ((hi & 0xFFFFFFFF) << 32) | (bits & 0xFFFFFFFF)))[0]


def fdlibm_log(x):
  hx, lx = _words(x)
  k = 0
  if hx < 0x00100000:
    if ((hx & 0x7FFFFFFF) | lx) == 0:
      return -math.inf
    if hx < 0:
      return math.nan
    k -= 54
    x *= TWO54
    hx, _ = _words(x)
  if hx >= 0x7FF00000:
    return x + x
  k += (hx >> 20) - 1023
  hx &= 0x000FFFFF
  i = (hx + 0x95F64) & 0x100000
  x = _with_hi(x, hx | (i ^ 0x3FF00000))
  k += i >> 20
  f = x - 1.0
  if (0x000FFFFF & (2 + hx)) < 3:
    if f == 0.0:
      if k == 0:
        return 0.0
      dk = float(k)
      return dk * LN2_HI + dk * LN2_LO
    r = f * f * (0.5 - 0.33333333333333333 * f)
    if k == 0:
      return f - r
    dk = float(k)
    return dk * LN2_HI - (r - dk * LN2_LO - f)
  s = f / (2.0 + f)
  dk = float(k)
  z = s * s
  i = hx - 0x6147A
  w = z * z
  j = 0x6B851 - hx
  t1 = w * (LG2 + w * (LG4 + w * LG6))
  t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)))
  i |= j
  r = t2 + t1
  if i > 0:
    hfsq = 0.5 * f * f
    if k == 0:
      return f - (hfsq - s * (hfsq + r))
    return dk * LN2_HI - ((hfsq - (s * (hfsq + r) + dk * LN2_LO)) - f)
  if k == 0:
    return f - s * (f - r)
  return dk * LN2_HI - ((s * (f - r) - dk * LN2_LO) - f)


# ---- archetypes (DOMAIN.md "Routing archetypes") ---------------------------------------------

def parse_archetype(text):
  """(kind, parameter): kind 'balanced', 'zipf' (exponent) or 'hot' (number of hot experts)."""
  s = text.strip().lower()
  named = {'balanced': ('balanced', 0.0), 'uniform': ('zipf', 0.0), 'zipf1': ('zipf', 1.0),
           'zipf2': ('zipf', 2.0), 'hot16': ('hot', 16.0)}
  if s in named:
    return named[s]
  if s.startswith('zipf:'):
    return 'zipf', float(s[5:])
  if s.startswith('hot:'):
    return 'hot', float(s[4:])
  raise SystemExit('unknown archetype ' + text)


def popularity(kind, parameter, experts):
  if kind == 'zipf':
    w = [1.0 / float(r) ** parameter for r in range(1, experts + 1)]
  else:
    w = [1.0 if r <= parameter else COLD_POPULARITY for r in range(1, experts + 1)]
  total = 0.0
  for v in w:  # left-to-right sum (Python >= 3.12's sum() compensates, Java's loop does not)
    total += v
  return [v / total for v in w]


def generate(archetype, tokens, experts, top_k, seed, shuffle=False, log=fdlibm_log):
  kind, parameter = parse_archetype(archetype)
  if kind == 'balanced':
    ranks = [i % experts for i in range(tokens * top_k)]
  else:
    log_p = [log(p + EPS) for p in popularity(kind, parameter, experts)]
    rng = SplitMix64(derive(seed, 1))
    ranks = []
    for _ in range(tokens):
      keys = [log_p[r] - log(-log(rng.next_open_unit())) for r in range(experts)]
      # the top_k largest keys, descending; equal keys keep the lower rank first
      ranks.extend(sorted(range(experts), key=lambda r: (-keys[r], r))[:top_k])
  perm = list(range(experts))
  if shuffle:  # Fisher-Yates from stream 4
    rng = SplitMix64(derive(seed, 4))
    for i in range(experts - 1, 0, -1):
      j = rng.next_int(i + 1)
      perm[i], perm[j] = perm[j], perm[i]
  return [perm[r] for r in ranks]


def sha256_int32(ids):
  return hashlib.sha256(struct.pack('<%di' % len(ids), *ids)).hexdigest()


class CountingLog:
  """fdlibm log that also counts the inputs where math.log gives other bits."""

  def __init__(self):
    self.calls = 0
    self.mismatches = []

  def __call__(self, x):
    a = fdlibm_log(x)
    self.calls += 1
    if struct.pack('<d', a) != struct.pack('<d', math.log(x)):
      self.mismatches.append(x.hex())
    return a


# the large tables pinned by checksum: (archetype, T, E, top_k, seed, shuffle)
CHECKSUM_CASES = [
    ('zipf1', 1024, 256, 8, 0, False),
    ('zipf2', 1024, 256, 8, 0, False),
    ('uniform', 1024, 256, 8, 0, False),
    ('hot16', 1024, 256, 8, 0, False),
    ('zipf1', 512, 256, 8, 7, True),
    ('zipf:1.5', 256, 64, 4, 123456789, False),
    ('hot:4', 256, 64, 4, -1 & MASK, True),
    ('balanced', 100, 7, 3, 0, True),
]


def golden():
  rng = SplitMix64(0)
  out = {'splitmix64_seed0': ['%016x' % rng.next_long() for _ in range(4)],
         'derive_0_1': '%016x' % derive(0, 1)}
  u = SplitMix64(derive(0, 1))
  out['gumbel_first4_bits'] = [struct.unpack('<Q', struct.pack('<d', -fdlibm_log(-fdlibm_log(u.next_open_unit()))))[0]
                               for _ in range(4)]
  out['gumbel_first4_bits'] = ['%016x' % b for b in out['gumbel_first4_bits']]
  counting = CountingLog()
  for name in ('zipf1', 'hot16', 'uniform'):
    out['T8_' + name] = generate(name, 8, 256, 8, 0, log=counting)
  sums = []
  for case in CHECKSUM_CASES:
    ids = generate(*case, log=counting)
    libm_ids = generate(*case, log=math.log)
    sums.append({'case': list(case), 'sha256': sha256_int32(ids), 'libm_ids_equal': ids == libm_ids})
  out['checksums'] = sums
  out['log_calls'] = counting.calls
  out['log_libm_mismatches'] = len(counting.mismatches)
  out['log_libm_mismatch_inputs'] = counting.mismatches[:20]
  print(json.dumps(out, indent=1))


def main(argv):
  if argv == ['--golden']:
    golden()
    return
  flags = [a for a in argv if a.startswith('--')]
  args = [a for a in argv if not a.startswith('--')]
  out_file = None
  if '--out' in argv:
    out_file = argv[argv.index('--out') + 1]
    args.remove(out_file)
  if len(args) != 5 or any(f not in ('--shuffle', '--libm', '--out') for f in flags):
    print(__doc__.split('\n\n')[1], file=sys.stderr)
    sys.exit(2)
  archetype, tokens, experts, top_k, seed = args[0], int(args[1]), int(args[2]), int(args[3]), int(args[4])
  ids = generate(archetype, tokens, experts, top_k, seed & MASK, '--shuffle' in flags,
                 math.log if '--libm' in flags else fdlibm_log)
  if out_file:
    import numpy as np
    np.save(out_file, np.array(ids, dtype='<i4').reshape(tokens, top_k))
  else:
    print(json.dumps([ids[t * top_k:(t + 1) * top_k] for t in range(tokens)]))


if __name__ == '__main__':
  main(sys.argv[1:])
