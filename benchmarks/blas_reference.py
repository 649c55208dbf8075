#!/usr/bin/env python3
"""BLAS reference for the CPU oracle (docs/PERF.md, "CPU oracle").

Times numpy float32 matmul (OpenBLAS sgemm) on exactly the per-expert products the oracle computes
at each benchmark point: for every expert with rows, A_e [rows, K] @ W_e[N, K].T, where W_e stands
for the dequantised weights (float32, one distinct matrix per expert, as the oracle reads one per
expert). The row counts come from the Java routing generator through
`java -cp benchmarks/target/benchmarks.jar io.moebench.benchmarks.ExpertLoads`, so both sides see
the same routing. Reports useful GFLOP/s = 2 * routed rows * N * K / time.

Run (unset the OpenBLAS overrides some machines here set, for this command only):
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python3 benchmarks/blas_reference.py
"""
import argparse
import ctypes
import glob
import json
import os
import subprocess
import sys
import time

import numpy as np


def blas_info():
    """(library, core type, threads) of the BLAS numpy calls, via threadpoolctl when installed."""
    try:
        from threadpoolctl import threadpool_info
        for pool in threadpool_info():
            if pool.get("user_api") == "blas":
                return pool.get("internal_api"), pool.get("architecture"), pool.get("num_threads")
    except ImportError:
        pass
    libs = glob.glob(os.path.join(os.path.dirname(np.__file__), "..", "numpy.libs", "*openblas*"))
    if not libs:
        return "unknown", "unknown", None
    lib = ctypes.CDLL(libs[0])
    prefix = next((p for p in ("scipy_openblas_", "openblas_") if hasattr(lib, p + "get_corename64_")
                   or hasattr(lib, p + "get_corename")), "openblas_")
    suffix = "64_" if hasattr(lib, prefix + "get_corename64_") else ""
    corename = getattr(lib, prefix + "get_corename" + suffix)
    corename.restype = ctypes.c_char_p
    threads = getattr(lib, prefix + "get_num_threads" + suffix)
    config = getattr(lib, prefix + "get_config" + suffix)
    config.restype = ctypes.c_char_p
    return config().decode(), corename().decode(), threads()


def expert_loads(args):
    if args.loads:
        with open(args.loads) as f:
            return json.load(f)
    out = subprocess.run(["java", "-cp", args.jar, "io.moebench.benchmarks.ExpertLoads"] + args.points,
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def time_point(k, n, rows, repeats, rng):
    experts = [r for r in rows if r > 0]
    weights = [rng.standard_normal((n, k), dtype=np.float32) for _ in experts]
    acts = [rng.standard_normal((r, k), dtype=np.float32) for r in experts]
    outs = [np.empty((r, n), dtype=np.float32) for r in experts]

    def once():
        start = time.perf_counter()
        for a, w, c in zip(acts, weights, outs):
            np.matmul(a, w.T, out=c)
        return time.perf_counter() - start

    once()  # warm-up: thread pool start, page faults
    times = sorted(once() for _ in range(repeats))
    flops = 2.0 * sum(experts) * n * k
    return flops / times[len(times) // 2] / 1e9, flops / times[0] / 1e9, times


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("points", nargs="*", help="points such as gemm1:zipf1:1024 (default: all of ExpertLoads)")
    parser.add_argument("--jar", default="benchmarks/target/benchmarks.jar", help="the shaded benchmarks jar")
    parser.add_argument("--loads", help="JSON from ExpertLoads instead of running java")
    parser.add_argument("--repeats", type=int, default=7, help="timed passes per point (median reported)")
    args = parser.parse_args()

    library, core, threads = blas_info()
    print(f"# numpy {np.__version__}, {library}, core {core}, threads {threads}")
    for var in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"):
        if var in os.environ:
            print(f"# note: {var}={os.environ[var]} is set", file=sys.stderr)
    rng = np.random.default_rng(1)
    print(f"{'point':<22} {'experts':>7} {'rows':>6} {'median GFLOP/s':>15} {'best GFLOP/s':>13}")
    for point, spec in expert_loads(args).items():
        median, best, _ = time_point(spec["k"], spec["n"], spec["rows"], args.repeats, rng)
        used = sum(1 for r in spec["rows"] if r > 0)
        print(f"{point:<22} {used:>7} {sum(spec['rows']):>6} {median:>15.1f} {best:>13.1f}", flush=True)


if __name__ == "__main__":
    main()
