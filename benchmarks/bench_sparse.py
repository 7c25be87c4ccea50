"""Sparse linear assignment: tokten against scipy's sparse matcher, OR-Tools and lap.lapmod.

Run on demand (never from the test suite):

    python3 benchmarks/bench_sparse.py                    # the domain shapes and a square one
    python3 benchmarks/bench_sparse.py --quick            # small shapes, a smoke run
    python3 benchmarks/bench_sparse.py --shapes 2000x20000 --reps 3 --peers scipy

Instances have the domain's shape (GUIDE.md section 5): needs x experts, many more experts than
needs, about --per-row allowed pairs per need with uniform float64 weights in (0, 1), and a
planted random full matching of the smaller side so that every instance is feasible. The
default shapes are 2,000 x 20,000 and 10,000 x 100,000 (needs x experts) and a square
5,000 x 5,000 (the only kind lap.lapmod solves).

Every solver runs in this one process, on the same instances, one thread each; each cell is the
median of --reps repetitions (default 5), and the ratio columns give peer time / tokten time
(above 1: tokten is faster). tokten is timed through its scipy drop-in,
tokten.min_weight_full_bipartite_matching, input checks included, like scipy's. Totals are
cross-checked against tokten's; a peer whose total differs is flagged with "!".

Peers that are not installed are skipped:
  - scipy.sparse.csgraph.min_weight_full_bipartite_matching (LAPJVsp, after Hopcroft-Karp);
  - OR-Tools SimpleMinCostFlow (cost scaling): integer costs, so weights are scaled by 1e6 and
    rounded; building the graph (rows -> columns -> sink, vectorised arc arrays) is included in
    its time, and its total is checked only to the rounding;
  - lap.lapmod (sparse Jonker-Volgenant, from lapx): square instances only, otherwise "-".

Peak memory: "tokten mem" is tokten's peak extra memory during one solve as a multiple of the
CSR input's size (data + indices + indptr): the larger of tracemalloc's peak and the rise of
the process's peak resident set (VmHWM, reset through /proc/self/clear_refs).
"""

from __future__ import annotations

import argparse

import numpy as np
import scipy.sparse as sp

import tokten
from harness import available, machine, median_time, peak_extra_bytes


def _time(fn, g, reps: int):
    """(median seconds, total), or (None, None) when the solver does not apply (returns None)."""
    t, total = median_time(lambda: fn(g), reps)
    return (None, None) if total is None else (t, total)

DEFAULT_SHAPES = ["2000x20000", "10000x100000", "5000x5000"]
QUICK_SHAPES = ["200x2000", "1000x10000", "500x500"]


def make_instance(n: int, m: int, per_row: int, seed: int) -> sp.csr_array:
    """A feasible n x m CSR instance: ~per_row distinct columns per row, uniform (0, 1) weights,
    and a planted full matching of the smaller side."""
    rng = np.random.default_rng(seed)
    rows = np.repeat(np.arange(n, dtype=np.int64), per_row)
    cols = rng.integers(0, m, size=n * per_row)
    k = min(n, m)
    plant_rows = rng.permutation(n)[:k]
    plant_cols = rng.permutation(m)[:k]
    keys = np.unique(np.concatenate([rows * m + cols, plant_rows * m + plant_cols]))
    r, c = keys // m, keys % m
    data = rng.uniform(1e-9, 1.0, size=len(keys))  # never 0: scipy would drop the pair
    return sp.csr_array((data, (r, c)), shape=(n, m))


def _total(g: sp.csr_array, row_ind, col_ind) -> float:
    return float(np.asarray(g[row_ind, col_ind]).sum())


def solve_tokten(g):
    r, c = tokten.min_weight_full_bipartite_matching(g)
    return _total(g, r, c)


def solve_scipy(g):
    from scipy.sparse.csgraph import min_weight_full_bipartite_matching

    r, c = min_weight_full_bipartite_matching(g)
    return _total(g, r, c)


def solve_ortools(g):
    from ortools.graph.python import min_cost_flow

    n, m = g.shape
    if n > m:  # the smaller side supplies the flow
        g = g.T.tocsr()
        n, m = m, n
    coo = g.tocoo()
    smcf = min_cost_flow.SimpleMinCostFlow()
    sink = n + m
    tails = np.concatenate([coo.row.astype(np.int32), np.arange(n, n + m, dtype=np.int32)])
    heads = np.concatenate([(coo.col + n).astype(np.int32), np.full(m, sink, dtype=np.int32)])
    costs = np.concatenate([np.rint(coo.data * 1e6).astype(np.int64), np.zeros(m, dtype=np.int64)])
    caps = np.ones(len(tails), dtype=np.int64)
    arcs = smcf.add_arcs_with_capacity_and_unit_cost(tails, heads, caps, costs)
    supplies = np.concatenate([np.ones(n, dtype=np.int64), np.zeros(m, dtype=np.int64), [-n]])
    smcf.set_nodes_supplies(np.arange(n + m + 1, dtype=np.int32), supplies)
    if smcf.solve() != smcf.OPTIMAL:
        raise RuntimeError("OR-Tools: not optimal")
    flows = smcf.flows(arcs[: coo.nnz])
    used = flows > 0
    return float(coo.data[used].sum())


def solve_lapmod(g):
    import lap

    n, m = g.shape
    if n != m:
        return None
    g = g.tocsr()
    g.sort_indices()
    opt, _, _ = lap.lapmod(n, g.data, g.indptr.astype(np.int32), g.indices.astype(np.int32))
    return float(opt)


PEERS = {
    "scipy": ("scipy.sparse.csgraph", solve_scipy),
    "ortools": ("ortools.graph.python.min_cost_flow", solve_ortools),
    "lap.lapmod": ("lap", solve_lapmod),
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shapes", nargs="+", help="ROWSxCOLS, e.g. 2000x20000")
    ap.add_argument("--per-row", type=int, default=50, help="allowed pairs per row (default 50)")
    ap.add_argument("--reps", type=int, default=5, help="repetitions per cell (default 5)")
    ap.add_argument("--peers", nargs="+", choices=sorted(PEERS), default=sorted(PEERS))
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--quick", action="store_true", help="small shapes, 3 repetitions")
    args = ap.parse_args()
    shapes = args.shapes or (QUICK_SHAPES if args.quick else DEFAULT_SHAPES)
    reps = 3 if args.quick and args.reps == 5 else args.reps

    peers = [p for p in args.peers if available(PEERS[p][0])]
    print(f"# sparse assignment, {machine()}, tokten {tokten.__version__}, medians of {reps}")
    print()
    header = ["shape (needs x experts)", "pairs", "tokten"]
    for p in peers:
        header += [p, f"{p} / tokten"]
    header.append("tokten mem")
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for s in shapes:
        n, m = (int(x) for x in s.lower().split("x"))
        g = make_instance(n, m, args.per_row, args.seed)
        t_ours, total = _time(solve_tokten, g, reps)
        row = [f"{n:,} x {m:,}", f"{g.nnz:,}", f"{t_ours * 1e3:.1f} ms"]
        for p in peers:
            t, peer_total = _time(PEERS[p][1], g, reps)
            if t is None:
                row += ["-", "-"]
                continue
            tol = (min(n, m) * 1e-6) if p == "ortools" else 1e-9 * max(1.0, abs(total))
            flag = "" if abs(peer_total - total) <= tol else " !"
            row += [f"{t * 1e3:.1f} ms{flag}", f"{t / t_ours:.1f}x"]
        input_bytes = g.data.nbytes + g.indices.nbytes + g.indptr.nbytes
        row.append(f"{peak_extra_bytes(lambda: tokten.min_weight_full_bipartite_matching(g)) / input_bytes:.2f}x input")
        print("| " + " | ".join(row) + " |", flush=True)


if __name__ == "__main__":
    main()
