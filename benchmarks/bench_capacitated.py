"""Capacitated assignment (b-matching) from Python: tokten.b_matching against OR-Tools and networkx.

The domain's shape: experts (rows, capacity 1-3 missions) x needs (columns, 1-5 seats), 50
distinct candidate experts per need; uniform weights in [0, 1) and a variant with integer weights
0..10^6; shapes 20,000 x 2,000 and 100,000 x 10,000 (seeded, generated here). Peers, each timed
from the (expert, need, weight) arrays to the chosen pairs (graph building included), median of
--reps repetitions:

  tokten     tokten.b_matching on a scipy.sparse CSR matrix (building the CSR included);
             max-weight, and max_cardinality=True (most pairs, then the best weight)
  OR-Tools   SimpleMinCostFlow (cost-scaling push-relabel), integer costs: weights scaled by 10^6
             and rounded; the layout source -> experts -> needs -> sink built with the vectorised
             add_arcs_with_capacity_and_unit_cost. Max-weight: solve() with a source -> sink
             bypass; max-cardinality: solve_max_flow_with_min_cost() without it.
  networkx   max_weight_matching (pure-Python blossom) with unit capacities, on a 2,000 x 200
             instance only, one repetition (it is O(V^3)); skipped with --quick.

Totals are recomputed from the original weights of the chosen pairs; each peer must match
tokten's within the scaling error (pairs * 10^-6; exactly for integer weights), else MISMATCH is
printed and the exit status is 1. Peak memory: tracemalloc's peak of Python-side allocations
(numpy arrays included, not the C++ solver's own heap) during one extra tokten call, and the
process's peak RSS at the end.

Usage (a built tokten module on the path, e.g. PYTHONPATH=/tmp/pyt):
  python benchmarks/bench_capacitated.py [--reps 5] [--quick] [--no-networkx]
--quick: 3 repetitions, only the 20,000 x 2,000 shape, no networkx.
"""

from __future__ import annotations

import argparse
import platform
import resource
import sys
import tracemalloc

import numpy as np
import scipy.sparse as sp

import tokten
from harness import machine, median_time


def timed(fn, reps: int):
    """(median milliseconds, the last result)."""
    seconds, out = median_time(fn, reps)
    return seconds * 1e3, out

SCALE = 10**6


def make_instance(experts: int, needs: int, per_need: int, integer: bool, unit: bool, seed: int):
    rng = np.random.default_rng(seed)
    row_cap = np.ones(experts, np.int64) if unit else rng.integers(1, 4, experts)
    col_cap = np.ones(needs, np.int64) if unit else rng.integers(1, 6, needs)
    rows = np.concatenate([rng.choice(experts, per_need, replace=False) for _ in range(needs)])
    cols = np.repeat(np.arange(needs, dtype=np.int64), per_need)
    if integer:
        w = rng.integers(0, SCALE + 1, rows.size).astype(np.float64)
    else:
        w = rng.random(rows.size)
    return dict(experts=experts, needs=needs, rows=rows.astype(np.int64), cols=cols, w=w,
                row_cap=row_cap.astype(np.int64), col_cap=col_cap.astype(np.int64))


def total_of(inst, row_ind, col_ind) -> float:
    """Sum of the original weights of the chosen pairs (each pair stored once)."""
    key = inst["rows"] * inst["needs"] + inst["cols"]
    order = np.argsort(key)
    pos = np.searchsorted(key[order], row_ind * inst["needs"] + col_ind)
    return float(inst["w"][order[pos]].sum())


# ---- solvers: each returns the chosen (rows, cols) --------------------------------------------

def run_tokten(inst, max_cardinality: bool):
    m = sp.csr_matrix((inst["w"], (inst["rows"], inst["cols"])),
                      shape=(inst["experts"], inst["needs"]))
    return tokten.b_matching(m, inst["row_cap"], inst["col_cap"], maximize=True,
                             max_cardinality=max_cardinality)


def run_ortools(inst, max_cardinality: bool):
    from ortools.graph.python import min_cost_flow

    e, n = inst["experts"], inst["needs"]
    source, sink = e + n, e + n + 1
    units = int(min(inst["row_cap"].sum(), inst["col_cap"].sum()))
    pairs = inst["rows"].size
    cost = -np.rint(inst["w"] * (1 if inst["integer"] else SCALE)).astype(np.int64)
    tails = [np.full(e, source, np.int64), inst["rows"], e + np.arange(n, dtype=np.int64)]
    heads = [np.arange(e, dtype=np.int64), e + inst["cols"], np.full(n, sink, np.int64)]
    caps = [inst["row_cap"], np.ones(pairs, np.int64), inst["col_cap"]]
    costs = [np.zeros(e, np.int64), cost, np.zeros(n, np.int64)]
    if not max_cardinality:  # the bypass lets flow skip pairs that do not pay
        tails.append(np.array([source], np.int64))
        heads.append(np.array([sink], np.int64))
        caps.append(np.array([units], np.int64))
        costs.append(np.zeros(1, np.int64))
    f = min_cost_flow.SimpleMinCostFlow()
    f.add_arcs_with_capacity_and_unit_cost(np.concatenate(tails), np.concatenate(heads),
                                           np.concatenate(caps), np.concatenate(costs))
    f.set_nodes_supplies(np.array([source, sink], np.int64), np.array([units, -units], np.int64))
    status = f.solve_max_flow_with_min_cost() if max_cardinality else f.solve()
    if status != f.OPTIMAL:
        raise RuntimeError(f"OR-Tools status {status}")
    pair_arcs = np.arange(e, e + pairs, dtype=np.int64)
    chosen = f.flows(pair_arcs) > 0
    return inst["rows"][chosen], inst["cols"][chosen]


def run_networkx(inst):
    import networkx as nx

    e = inst["experts"]
    g = nx.Graph()
    g.add_weighted_edges_from(zip(inst["rows"].tolist(), (e + inst["cols"]).tolist(),
                                  inst["w"].tolist()))
    m = nx.max_weight_matching(g)
    pairs = sorted((min(a, b), max(a, b) - e) for a, b in m)
    return (np.array([p[0] for p in pairs], np.int64), np.array([p[1] for p in pairs], np.int64))


# ---- harness -------------------------------------------------------------------------------

def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--no-networkx", action="store_true")
    args = ap.parse_args()
    reps = min(args.reps, 3) if args.quick else args.reps
    shapes = [(20_000, 2_000)] if args.quick else [(20_000, 2_000), (100_000, 10_000)]
    rows_out, mismatches = [], 0

    def check(name, objective, peer, ref, got, tol):
        nonlocal mismatches
        (rp, rt), (gp, gt) = ref, got
        bad = abs(rt - gt) > tol + 1e-9 * max(1.0, abs(rt))
        if objective == "max_cardinality":
            bad = bad or rp != gp
        if bad:
            mismatches += 1
            print(f"\n!!! MISMATCH on {name} ({objective}): {peer} {gp} pairs, total {gt:.9f}; "
                  f"tokten {rp} pairs, total {rt:.9f} (tolerance {tol:.3g})\n")

    for experts, needs in shapes:
        for integer in (False, True):
            name = f"{experts:,} x {needs:,}, {'int 0..10^6' if integer else 'uniform'}"
            inst = make_instance(experts, needs, 50, integer, False, seed=experts + integer)
            inst["integer"] = integer
            for objective in ("max_weight", "max_cardinality"):
                mc = objective == "max_cardinality"
                t_ms, (r, c) = timed(lambda: run_tokten(inst, mc), reps)
                ref = (r.size, total_of(inst, r, c))
                tracemalloc.start()
                run_tokten(inst, mc)
                peak = tracemalloc.get_traced_memory()[1] / 2**20
                tracemalloc.stop()
                rows_out.append((name, objective, "tokten.b_matching", t_ms, 1.0, *ref,
                                 f"{peak:.1f}"))
                o_ms, (r2, c2) = timed(lambda: run_ortools(inst, mc), reps)
                got = (r2.size, total_of(inst, r2, c2))
                tol = 0.0 if integer else max(ref[0], got[0]) / SCALE
                check(name, objective, "OR-Tools", ref, got, tol)
                rows_out.append((name, objective, "OR-Tools SimpleMinCostFlow", o_ms, o_ms / t_ms,
                                 *got, ""))
                print(f"done: {name}, {objective}", file=sys.stderr)

    nx_note = "networkx skipped (--quick or --no-networkx)"
    if not (args.quick or args.no_networkx):
        inst = make_instance(2_000, 200, 50, False, True, seed=4242)
        inst["integer"] = False
        name = "2,000 x 200, unit capacities, uniform"
        t_ms, (r, c) = timed(lambda: run_tokten(inst, False), reps)
        ref = (r.size, total_of(inst, r, c))
        rows_out.append((name, "max_weight", "tokten.b_matching", t_ms, 1.0, *ref, ""))
        o_ms, (r2, c2) = timed(lambda: run_ortools(inst, False), reps)
        got = (r2.size, total_of(inst, r2, c2))
        check(name, "max_weight", "OR-Tools", ref, got, max(ref[0], got[0]) / SCALE)
        rows_out.append((name, "max_weight", "OR-Tools SimpleMinCostFlow", o_ms, o_ms / t_ms,
                         *got, ""))
        n_ms, (r3, c3) = timed(lambda: run_networkx(inst), 1)
        got = (r3.size, total_of(inst, r3, c3))
        check(name, "max_weight", "networkx", ref, got, 1e-9 * ref[0])
        rows_out.append((name, "max_weight", "networkx max_weight_matching", n_ms, n_ms / t_ms,
                         *got, ""))
        nx_note = "networkx: one repetition, 2,000 x 200 unit-capacity instance only"

    print("\n| instance | objective | solver | median ms | ratio peer/tokten | pairs | total "
          "| tokten peak MiB (tracemalloc) |")
    print("|---|---|---|---:|---:|---:|---:|---:|")
    for name, obj, peer, ms, ratio, pairs, total, mem in rows_out:
        print(f"| {name} | {obj} | {peer} | {ms:.1f} | {ratio:.2f} | {pairs} | {total:.6f} | {mem} |")
    import ortools
    import scipy
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\nmachine: {machine()}, Python {platform.python_version()}, numpy {np.__version__}, "
          f"scipy {scipy.__version__}, OR-Tools {ortools.__version__}; medians of {reps} "
          f"repetitions; times include building the graph; {nx_note}; peak RSS of the run "
          f"{rss:.0f} MiB")
    if mismatches:
        print(f"\n!!! {mismatches} MISMATCH(ES): see above")
        return 1
    print("all solvers agree on every optimal total")
    return 0


if __name__ == "__main__":
    sys.exit(main())
