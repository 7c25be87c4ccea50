"""tokten.b_matching and solve_b_matching: brute force, OR-Tools, networkx and scipy as
independent references; every rule; the error messages."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
import scipy.optimize
import scipy.sparse as sp

import tokten

networkx = pytest.importorskip("networkx")
min_cost_flow = pytest.importorskip("ortools.graph.python.min_cost_flow")


def brute_force(w, rcap, ccap, maximize=True, max_cardinality=False):
    """Best (pairs, signed total) over every selection of allowed pairs, by enumeration."""
    allowed = [(i, j) for i in range(w.shape[0]) for j in range(w.shape[1]) if np.isfinite(w[i, j])]
    sign = 1.0 if maximize else -1.0
    best = None
    for mask in range(1 << len(allowed)):
        chosen = [allowed[k] for k in range(len(allowed)) if mask >> k & 1]
        rl = np.bincount([i for i, _ in chosen], minlength=w.shape[0])
        cl = np.bincount([j for _, j in chosen], minlength=w.shape[1])
        if (rl > rcap).any() or (cl > ccap).any():
            continue
        score = (len(chosen) if max_cardinality else 0, sign * sum(w[i, j] for i, j in chosen))
        if best is None or score > best:
            best = score
    return best


def score_of(w, rows, cols, maximize=True, max_cardinality=False):
    sign = 1.0 if maximize else -1.0
    return (len(rows) if max_cardinality else 0, sign * float(w[rows, cols].sum()))


def random_instance(rng, n_max=4, density=0.7, integral=False):
    n, m = rng.integers(1, n_max + 1, size=2)
    w = rng.integers(-3, 10, size=(n, m)).astype(float) if integral else rng.uniform(-2, 10, (n, m))
    w[rng.random((n, m)) > density] = -np.inf
    return w, rng.integers(0, 4, size=n), rng.integers(0, 4, size=m)


@pytest.mark.parametrize(("maximize", "max_cardinality"), [(True, False), (True, True), (False, True)])
def test_matches_brute_force_on_small_instances(maximize, max_cardinality):
    rng = np.random.default_rng(3 + 2 * maximize + max_cardinality)
    for _ in range(400):
        w, rcap, ccap = random_instance(rng)
        if len(set(w[np.isfinite(w)].ravel())) > 12 or np.isfinite(w).sum() > 12:
            w[np.isfinite(w).cumsum().reshape(w.shape) > 12] = -np.inf
        if not maximize:
            w[np.isneginf(w)] = np.inf
        rows, cols = tokten.b_matching(w, rcap, ccap, maximize=maximize,
                                       max_cardinality=max_cardinality)
        ref = brute_force(np.where(np.isinf(w), -np.inf, w), rcap, ccap, maximize, max_cardinality)
        got = score_of(w, rows, cols, maximize, max_cardinality)
        assert got[0] == ref[0]
        assert got[1] == pytest.approx(ref[1], abs=1e-9)


def ortools_reference(w, rcap, ccap, max_cardinality):
    """Max-weight (or max-count then max-weight) b-matching by OR-Tools' min-cost flow."""
    n, m = w.shape
    smcf = min_cost_flow.SimpleMinCostFlow()
    s, t = n + m, n + m + 1
    flow = int(min(rcap.sum(), ccap.sum()))
    for i in range(n):
        smcf.add_arc_with_capacity_and_unit_cost(s, i, int(rcap[i]), 0)
    for i, j in zip(*np.nonzero(np.isfinite(w))):
        smcf.add_arc_with_capacity_and_unit_cost(int(i), n + int(j), 1, -int(w[i, j]))
    for j in range(m):
        smcf.add_arc_with_capacity_and_unit_cost(n + j, t, int(ccap[j]), 0)
    if max_cardinality:
        smcf.set_node_supply(s, flow)
        smcf.set_node_supply(t, -flow)
        assert smcf.solve_max_flow_with_min_cost() == smcf.OPTIMAL
        return smcf.maximum_flow(), -smcf.optimal_cost()
    smcf.add_arc_with_capacity_and_unit_cost(s, t, flow, 0)  # pairs are optional
    smcf.set_node_supply(s, flow)
    smcf.set_node_supply(t, -flow)
    assert smcf.solve() == smcf.OPTIMAL
    return 0, -smcf.optimal_cost()


@pytest.mark.parametrize("max_cardinality", [False, True])
def test_matches_ortools_min_cost_flow_on_random_instances(max_cardinality):
    rng = np.random.default_rng(17 + max_cardinality)
    for _ in range(1000):
        n, m = rng.integers(1, 30, size=2)
        w = rng.integers(-20, 1000, size=(n, m)).astype(float)
        w[rng.random((n, m)) > rng.uniform(0.1, 0.9)] = -np.inf
        rcap, ccap = rng.integers(0, 4, size=n), rng.integers(0, 6, size=m)
        rows, cols = tokten.b_matching(w, rcap, ccap, max_cardinality=max_cardinality)
        count, total = ortools_reference(w, rcap, ccap, max_cardinality)
        if max_cardinality:
            assert len(rows) == count
        assert w[rows, cols].sum() == total


def test_matches_networkx_maximum_weight_matching_with_unit_capacities():
    rng = np.random.default_rng(5)
    for _ in range(200):
        n, m = rng.integers(1, 9, size=2)
        w = np.round(rng.uniform(0.1, 10, (n, m)), 3)
        w[rng.random((n, m)) > 0.6] = -np.inf
        g = networkx.Graph()
        for i, j in zip(*np.nonzero(np.isfinite(w))):
            g.add_edge(("r", int(i)), ("c", int(j)), weight=float(w[i, j]))
        ref = sum(g.edges[e]["weight"] for e in networkx.max_weight_matching(g))
        rows, cols = tokten.b_matching(w, 1, 1)
        assert w[rows, cols].sum() == pytest.approx(ref, abs=1e-9)


def test_unit_capacities_with_max_cardinality_agree_with_linear_sum_assignment():
    rng = np.random.default_rng(8)
    for _ in range(300):
        n, m = rng.integers(1, 12, size=2)
        c = rng.uniform(-5, 5, (n, m))
        r1, c1 = scipy.optimize.linear_sum_assignment(c)
        r2, c2 = tokten.b_matching(c, 1, 1, maximize=False, max_cardinality=True)
        assert len(r2) == min(n, m)
        assert c[r2, c2].sum() == pytest.approx(c[r1, c1].sum(), abs=1e-9)


def test_sparse_input_gives_the_dense_result_and_explicit_zeros_are_allowed():
    rng = np.random.default_rng(9)
    for _ in range(200):
        w, rcap, ccap = random_instance(rng, n_max=8)
        allowed = np.isfinite(w)
        coo = sp.coo_matrix((w[allowed], np.nonzero(allowed)), shape=w.shape)
        for fmt in ("csr", "csc", "coo", "lil", "dok"):
            s = coo.asformat(fmt)
            rows, cols = tokten.b_matching(s, rcap, ccap)
            d_rows, d_cols = tokten.b_matching(w, rcap, ccap)
            assert w[rows, cols].sum() == pytest.approx(w[d_rows, d_cols].sum(), abs=1e-9)
    zeros = sp.csr_matrix((np.zeros(2), ([0, 1], [0, 1])), shape=(2, 2))
    assert zeros.nnz == 2
    rows, cols = tokten.b_matching(zeros, 1, 1, max_cardinality=True)
    assert list(zip(rows, cols)) == [(0, 0), (1, 1)]


def test_returns_int64_pairs_sorted_by_row_then_column():
    w = np.array([[1.0, 5.0, 2.0], [3.0, 4.0, 6.0]])
    rows, cols = tokten.b_matching(w, 3, 2)
    assert rows.dtype == np.int64 and cols.dtype == np.int64
    pairs = list(zip(rows.tolist(), cols.tolist()))
    assert pairs == sorted(pairs) == [(0, 0), (0, 1), (0, 2), (1, 0), (1, 1), (1, 2)]


def test_negative_weights_are_left_out_unless_counting_first():
    w = np.array([[-1.0, -2.0]])
    assert tokten.b_matching(w, 2, 1)[0].size == 0
    rows, cols = tokten.b_matching(w, 1, 1, max_cardinality=True)
    assert cols.tolist() == [0]


def test_empty_shapes_and_zero_capacities():
    for shape in [(0, 0), (0, 3), (3, 0)]:
        rows, cols = tokten.b_matching(np.zeros(shape), 1, 1)
        assert rows.size == cols.size == 0
    rows, _ = tokten.b_matching(np.ones((3, 3)), [0, 0, 0], 1)
    assert rows.size == 0


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (dict(weights=[[np.nan]]), "invalid numeric entries"),
        (dict(weights=[[np.inf]]), "invalid numeric entries"),
        (dict(weights=[1.0, 2.0]), "expected a matrix"),
        (dict(weights=[[1.0]], row_capacity=-1), "row_capacity[0] is negative"),
        (dict(weights=[[1.0]], col_capacity=[1, 2]), "col_capacity must be a scalar or have length 1"),
        (dict(weights=[[1.0]], row_capacity=1.5), "row_capacity must hold integers"),
        (dict(weights=[[1.0]], maximize=False), "needs max_cardinality=True"),
    ],
)
def test_bad_input_raises_a_clear_value_error(kwargs, message):
    args = dict(weights=[[1.0]], row_capacity=1, col_capacity=1)
    args.update(kwargs)
    with pytest.raises(ValueError, match=__import__("re").escape(message)):
        tokten.b_matching(**args)


def test_minimums_that_cannot_be_met_give_a_hall_witness_and_a_partial_result():
    # Needs 0 and 1 each want an expert, but only expert 0 (one mission) may serve them.
    w = np.array([[1.0, 2.0, -np.inf], [-np.inf, -np.inf, 3.0]])
    r = tokten.solve_b_matching(w, 1, 1, col_minimum=[1, 1, 0], allow_partial=True)
    assert r.status == "infeasible"
    why = r.infeasibility
    assert why.required > why.available
    assert set(why.cols.tolist()) >= {0, 1} and 0 in why.rows.tolist()
    kinds = {(rule["kind"], rule["requirement"]) for rule in why.rules}
    assert ("col_minimum", True) in kinds and ("row_capacity", False) in kinds
    # The partial result meets one of the two minimums and still takes the free pair.
    assert sorted(zip(r.row_ind.tolist(), r.col_ind.tolist())) == [(0, 1), (1, 2)]
    strict = tokten.solve_b_matching(w, 1, 1, col_minimum=[1, 1, 0])
    assert strict.status == "infeasible" and strict.row_ind.size == 0


def test_pinned_pairs_groups_and_dates():
    w = np.array([[5.0, 1.0, 4.0], [4.0, 3.0, 1.0]])
    pinned = tokten.solve_b_matching(w, 2, 1, pinned=[(1, 2)])
    assert (1, 2) in zip(pinned.row_ind.tolist(), pinned.col_ind.tolist())
    # At most one pair among columns 0 and 2 (a region quota).
    quota = tokten.solve_b_matching(w, 2, 1, col_groups=[0, -1, 0], col_group_bounds=[(0, 1)])
    assert np.isin(quota.col_ind, [0, 2]).sum() == 1
    # Columns 0 and 2 overlap in time: row 0 may not take both.
    days = np.array([["2027-01-04", "2027-01-20"], ["2027-03-01", "2027-03-10"],
                     ["2027-01-15", "2027-02-01"]], dtype="datetime64[D]")
    dated = tokten.solve_b_matching(w, 2, 1, col_intervals=days)
    assert dated.status == "optimal"
    taken = set(dated.col_ind[dated.row_ind == 0].tolist())
    assert not {0, 2} <= taken
    ref = max(
        sum(w[i, j] for i, j in sel)
        for k in range(0, 7)
        for sel in itertools.combinations([(i, j) for i in range(2) for j in range(3)], k)
        if all(sum(1 for i, _ in sel if i == r) <= 2 for r in range(2))
        and all(sum(1 for _, j in sel if j == c) <= 1 for c in range(3))
        and not any({(r, 0), (r, 2)} <= set(sel) for r in range(2))
    )
    assert dated.total == pytest.approx(ref)


def test_dual_prices_certify_the_optimum_without_rules():
    rng = np.random.default_rng(21)
    for _ in range(200):
        w, rcap, ccap = random_instance(rng, n_max=10)
        r = tokten.solve_b_matching(w, rcap, ccap)
        y, z = r.row_price, r.col_price
        chosen = set(zip(r.row_ind.tolist(), r.col_ind.tolist()))
        assert (y >= -1e-9).all() and (z >= -1e-9).all()
        for i, j in zip(*np.nonzero(np.isfinite(w))):
            slack = y[i] + z[j] + r.pair_price - w[i, j]
            if (i, j) in chosen:
                assert slack <= 1e-9
            else:
                assert slack >= -1e-9


def test_group_bounds_accept_inf_and_refuse_fractions():
    w = np.ones((2, 4))
    r = tokten.solve_b_matching(w, 2, 1, col_groups=[0, 0, 1, 1], col_group_bounds=[(1, np.inf), (0, 1)])
    assert r.status == "optimal" and r.pairs == 3
    with pytest.raises(ValueError, match=r"col_group_bounds\[0\] min must be an integer, got 0.5"):
        tokten.solve_b_matching(w, 2, 1, col_groups=[0, 0, 1, 1], col_group_bounds=[(0.5, 2), (0, 1)])
    with pytest.raises(ValueError, match="given without"):
        tokten.solve_b_matching(w, 2, 1, col_group_bounds=[(0, 1)])


def test_capacities_accept_inf_and_huge_values_and_refuse_the_rest():
    w = np.ones((2, 3))
    assert tokten.b_matching(w, np.inf, 1)[0].size == 3
    assert tokten.b_matching(w, 1e20, 1)[0].size == 3
    assert tokten.b_matching(w, np.array([2**64 - 1, 0], dtype=np.uint64), 1)[0].size == 3
    with pytest.raises(ValueError, match="must hold integers"):
        tokten.b_matching(w, np.nan, 1)
    with pytest.raises(ValueError, match="must be an integer"):
        tokten.b_matching(w, "two", 1)


def test_complex_weights_are_refused():
    with pytest.raises(TypeError, match="complex"):
        tokten.b_matching(np.ones((2, 2)) + 1j, 1, 1)


def test_pinned_pairs_must_be_integer_pairs_inside_the_matrix():
    w = np.ones((2, 2))
    for bad in ([(0.9, 1.2)], [0, 1, 1, 0], [(0, 1, 1)]):
        with pytest.raises(ValueError, match="pinned must be"):
            tokten.solve_b_matching(w, 1, 1, pinned=bad)
    with pytest.raises(ValueError, match=r"pinned pair \(2, 0\) is outside"):
        tokten.solve_b_matching(w, 1, 1, pinned=[(2, 0)])
    r = tokten.solve_b_matching(w, 1, 1, pinned=np.array([[0, 1]]))
    assert (0, 1) in zip(r.row_ind.tolist(), r.col_ind.tolist())


def test_group_bounds_are_exact_integers():
    w = np.ones((1, 2))
    r = tokten.solve_b_matching(w, 2, 1, col_groups=[0, 0], col_group_bounds=[(2**53 + 1, np.inf)])
    assert r.status == "infeasible"
    assert any(rule["kind"] == "col_group_min" for rule in r.infeasibility.rules)
    with pytest.raises(ValueError, match="min 3 exceeds max 2"):
        tokten.solve_b_matching(w, 2, 1, col_groups=[0, 0], col_group_bounds=[(3, 2)])
    empty = tokten.solve_b_matching(np.zeros((0, 2)), 1, 1, row_groups=[], row_group_bounds=[])
    assert empty.pairs == 0


def test_undecided_is_reported_when_the_date_repair_finds_nothing():
    # Every pair overlaps every other, but row 0 must take two columns: no selection exists,
    # and the repair (not a proof) may say "undecided" or prove "infeasible"; never a wrong claim.
    w = np.array([[1.0, 2.0, 3.0]])
    days = [[0, 10], [5, 15], [9, 20]]
    r = tokten.solve_b_matching(w, 2, 1, row_minimum=2, col_intervals=days)
    assert r.status in ("undecided", "infeasible")
    assert r.pairs == 0
    part = tokten.solve_b_matching(w, 2, 1, row_minimum=2, col_intervals=days, allow_partial=True)
    assert part.pairs == 1 and part.col_ind.tolist() == [2]
