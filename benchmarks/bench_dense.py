"""Dense linear assignment: tokten against scipy, lap.lapjv and lapx's lapjvs, side by side.

Run on demand (never from the test suite):

    python3 benchmarks/bench_dense.py [--reps 3] [--sizes 1000 2000] [--quick]

Every solver runs in this one process, on the same instances, one thread each; each cell is the
median of the repetitions, and the ratio columns give peer time / tokten time (above 1: tokten
is faster). Totals are cross-checked: a peer whose total differs is flagged. A peer that is not
installed is skipped (``pip install scipy lapx``; lapx installs the module ``lap`` with both
``lapjv`` and ``lapjvs``; the older ``lap`` package provides ``lapjv`` only).
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np

import tokten


def _peers():
    peers = {"tokten": lambda c: tokten.linear_sum_assignment(c)}
    try:
        from scipy.optimize import linear_sum_assignment as scipy_lsa

        peers["scipy"] = scipy_lsa
    except ImportError:
        print("(scipy not installed: skipped)")
    try:
        import lap

        def lapjv(c):
            # lap.lapjv pads rectangles (extend_cost) and reads float64.
            _, x, _ = lap.lapjv(c, extend_cost=c.shape[0] != c.shape[1])
            rows = np.flatnonzero((x >= 0) & (x < c.shape[1]))
            return rows, x[rows]

        peers["lap.lapjv"] = lapjv
        if hasattr(lap, "lapjvs"):

            def lapjvs(c):
                res = lap.lapjvs(c, extend_cost=None, return_cost=False, jvx_like=True)
                return res[0], res[1]

            peers["lapx.lapjvs"] = lapjvs
        else:
            print("(lapx not installed: lapjvs skipped)")
    except ImportError:
        print("(lap / lapx not installed: skipped)")
    return peers


def _instances(sizes, rng):
    for n in sizes:
        for shape in [(n, n), (n, 2 * n)]:
            tag = f"{shape[0]}x{shape[1]}"
            yield "uniform float64", tag, rng.random(shape)
            yield "uniform float32", tag, rng.random(shape).astype(np.float32)
            yield "integers 0..100", tag, rng.integers(0, 101, size=shape).astype(np.int64)


def _time(f, c, reps):
    times, result = [], None
    for _ in range(reps):
        t0 = time.perf_counter()
        result = f(c)
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 2000])
    ap.add_argument("--seed", type=int, default=2024)
    ap.add_argument("--quick", action="store_true", help="sizes 300 600, 3 repetitions")
    args = ap.parse_args()
    if args.quick:
        args.sizes, args.reps = [300, 600], 3

    peers = _peers()
    names = list(peers)
    others = [p for p in names if p != "tokten"]
    rng = np.random.default_rng(args.seed)

    header = ["family", "shape"] + [f"{p} ms" for p in names] + [f"{p}/tokten" for p in others]
    print(f"\nmedians of {args.reps} repetitions; ratio = peer time / tokten time\n")
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for family, tag, c in _instances(args.sizes, rng):
        c64 = c.astype(np.float64)
        cells, times, ref_total = [], {}, None
        for p in names:
            arg = c
            if p.startswith("lap") and c.dtype.kind == "i":
                arg = c64  # the lap solvers take floating input only
            t, (r, k) = _time(peers[p], arg, args.reps)
            total = c64[r, k].sum()
            if ref_total is None:
                ref_total = total
            ok = abs(total - ref_total) <= 1e-6 * (1 + abs(ref_total)) and len(r) == min(c.shape)
            times[p] = t
            cells.append(f"{t * 1e3:.1f}" + ("" if ok else " (WRONG TOTAL)"))
        ratios = [f"{times[p] / times['tokten']:.2f}" for p in others]
        print("| " + " | ".join([family, tag] + cells + ratios) + " |")


if __name__ == "__main__":
    main()
