"""Dense linear assignment: tokten against scipy, lap.lapjv, lapx's lapjvs and OR-Tools.

Run on demand (never from the test suite):

    python3 benchmarks/bench_dense.py                       # every family, n = 1000 2000 4000
    python3 benchmarks/bench_dense.py --quick               # n = 300 600, a smoke run
    python3 benchmarks/bench_dense.py --sizes 1000 --families uniform-f64 int-small
    python3 benchmarks/bench_dense.py --shapes square --peers scipy lapx.lapjvs

Families (GUIDE.md section 5): uniform floats in float64 and float32, integers 0..100 and
0..n*1000, geometric (Euclidean distances between random points of the unit square, float64
and float32); each square (n x n) and as a 1:2 rectangle (n x 2n).

Every solver runs in this one process, on the same instances, one thread each; each cell is the
median of the repetitions (--reps, default 3; --reps-large, default 1, for n >= 4000), and the
ratio columns give peer time / tokten time (above 1: tokten is faster). Totals are
cross-checked against tokten's: a peer whose total differs is flagged.

Peers that are not installed are skipped. lapx installs the module ``lap`` with ``lapjv`` and
``lapjvs``; both read float64 (integer input is converted outside the timing), and lap.lapjv
pads rectangles itself (extend_cost). OR-Tools' SimpleLinearSumAssignment takes integer costs
and square graphs only: floats are scaled by 1e6 and rounded, rectangles are padded with
zero-cost rows, and building the arc arrays and the solver object is included in its time (its
total is then checked only to the rounding, n * 1e-6).

Peak memory: the "tokten mem" column is tokten's peak extra memory during one solve relative to
the input matrix size, as the larger of two measurements: tracemalloc's peak (numpy and Python
allocations) and the rise of the process's peak resident set (VmHWM, reset through
/proc/self/clear_refs before the solve; it also sees the C++ allocations).
"""

from __future__ import annotations

import argparse

import numpy as np

import tokten
from harness import machine, median_time, peak_extra_bytes

FAMILIES = {
    "uniform-f64": "uniform float64",
    "uniform-f32": "uniform float32",
    "int-small": "integers 0..100",
    "int-large": "integers 0..n*1000",
    "geometric": "geometric float64",
    "geometric-f32": "geometric float32",
}


def _make(family: str, shape, rng) -> np.ndarray:
    n, m = shape
    if family == "uniform-f64":
        return rng.random(shape)
    if family == "uniform-f32":
        return rng.random(shape).astype(np.float32)
    if family == "int-small":
        return rng.integers(0, 101, size=shape).astype(np.int64)
    if family == "int-large":
        return rng.integers(0, 1000 * min(n, m) + 1, size=shape).astype(np.int64)
    if family in ("geometric", "geometric-f32"):
        p, q = rng.random((n, 2)), rng.random((m, 2))
        d = np.sqrt(((p[:, None, :] - q[None, :, :]) ** 2).sum(axis=2))
        return d if family == "geometric" else d.astype(np.float32)
    raise ValueError(family)


def _peers(wanted):
    peers = {"tokten": lambda c: tokten.linear_sum_assignment(c)}
    try:
        from scipy.optimize import linear_sum_assignment as scipy_lsa

        peers["scipy"] = scipy_lsa
    except ImportError:
        print("(scipy not installed: skipped)")
    try:
        import lap

        def lapjv(c):
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
    try:
        from ortools.graph.python import linear_sum_assignment as ort_lsa

        def ortools(c):
            n, m = c.shape
            t = n > m
            if t:
                c = c.T
                n, m = m, n
            ic = c if c.dtype.kind == "i" else np.rint(c * 1e6).astype(np.int64)
            if n < m:  # square graphs only: pad with zero-cost rows
                ic = np.vstack([ic, np.zeros((m - n, m), dtype=ic.dtype)])
            s = ort_lsa.SimpleLinearSumAssignment()
            rows = np.repeat(np.arange(m, dtype=np.int64), m)
            cols = np.tile(np.arange(m, dtype=np.int64), m)
            s.add_arcs_with_cost(rows, cols, ic.ravel().astype(np.int64))
            if s.solve() != s.OPTIMAL:
                raise RuntimeError("OR-Tools: not optimal")
            mate = np.array([s.right_mate(i) for i in range(n)], dtype=np.int64)
            r = np.arange(n)
            return (mate, r) if t else (r, mate)

        peers["ortools"] = ortools
    except ImportError:
        print("(ortools not installed: skipped)")
    if wanted:
        peers = {k: f for k, f in peers.items() if k == "tokten" or k in wanted}
    return peers


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reps", type=int, default=3, help="repetitions for n < 4000")
    ap.add_argument("--reps-large", type=int, default=1, help="repetitions for n >= 4000")
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 2000, 4000])
    ap.add_argument("--shapes", nargs="+", default=["square", "rect"], choices=["square", "rect"])
    ap.add_argument("--families", nargs="+", default=list(FAMILIES), choices=list(FAMILIES))
    ap.add_argument("--peers", nargs="+", default=None,
                    help="subset of scipy lap.lapjv lapx.lapjvs ortools")
    ap.add_argument("--seed", type=int, default=2024)
    ap.add_argument("--no-memory", action="store_true", help="skip the peak-memory column")
    ap.add_argument("--quick", action="store_true", help="sizes 300 600, 3 repetitions")
    args = ap.parse_args()
    if args.quick:
        args.sizes, args.reps = [300, 600], 3

    peers = _peers(args.peers)
    names = list(peers)
    others = [p for p in names if p != "tokten"]

    print(f"\nmachine: {machine()}")
    print(f"numpy {np.__version__}; tokten {getattr(tokten, '__version__', '?')}")
    print(f"medians of {args.reps} repetitions ({args.reps_large} for n >= 4000); "
          "ratio = peer time / tokten time (above 1: tokten faster)\n")
    header = ["family", "shape"] + [f"{p} ms" for p in names] + [f"{p}/tokten" for p in others]
    if not args.no_memory:
        header.append("tokten mem")
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header), flush=True)
    for n in args.sizes:
        for shape_name in args.shapes:
            shape = (n, n) if shape_name == "square" else (n, 2 * n)
            for fam in args.families:
                rng = np.random.default_rng([args.seed, n, shape[1], list(FAMILIES).index(fam)])
                c = _make(fam, shape, rng)
                c64 = c.astype(np.float64)
                reps = args.reps_large if n >= 4000 else args.reps
                cells, times, ref_total = [], {}, None
                for p in names:
                    arg = c
                    if p.startswith("lap") and c.dtype.kind == "i":
                        arg = c64  # the lap solvers take floating input only
                    t, (r, k) = median_time(lambda: peers[p](arg), reps)
                    total = c64[r, k].sum()
                    if ref_total is None:
                        ref_total = total
                    tol = 1e-6 * (1 + abs(ref_total))
                    if p == "ortools" and c.dtype.kind == "f":
                        tol += 1e-6 * min(shape)
                    ok = abs(total - ref_total) <= tol and len(r) == min(shape)
                    times[p] = t
                    cells.append(f"{t * 1e3:.1f}" + ("" if ok else " (WRONG TOTAL)"))
                ratios = [f"{times[p] / times['tokten']:.2f}" for p in others]
                row = [FAMILIES[fam].replace("n*1000", f"{1000 * n}"), f"{shape[0]}x{shape[1]}"]
                row += cells + ratios
                if not args.no_memory:
                    row.append(f"{peak_extra_bytes(lambda: tokten.linear_sum_assignment(c)) / c.nbytes:.3f}x")
                print("| " + " | ".join(row) + " |", flush=True)


if __name__ == "__main__":
    main()
