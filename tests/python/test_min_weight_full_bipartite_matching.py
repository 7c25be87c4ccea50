"""tokten.min_weight_full_bipartite_matching against scipy.sparse.csgraph's, and
tokten.solve_sparse_assignment's certificate and Hall witness.

Optimal matchings are not unique: totals are compared, never index arrays (except where the
answer is unique).
"""

import doctest
import warnings

import numpy as np
import pytest

import tokten

sp = pytest.importorskip("scipy.sparse")
csgraph = pytest.importorskip("scipy.sparse.csgraph")
scipy_mwfbm = csgraph.min_weight_full_bipartite_matching
mwfbm = tokten.min_weight_full_bipartite_matching

FORMATS = ["csr", "csc", "coo"]


def _random_instance(rng, n, m, density, integer=False, plant=False):
    """A dense weight matrix with NaN where no pair is stored; weights never 0."""
    if integer:
        w = rng.integers(1, 6, size=(n, m)).astype(np.float64) * rng.choice([-1, 1], size=(n, m))
    else:
        w = rng.uniform(0.5, 10.0, size=(n, m)) * rng.choice([-1, 1], size=(n, m))
    mask = rng.random((n, m)) < density
    if plant and min(n, m) > 0:
        k = min(n, m)
        rows = rng.permutation(n)[:k]
        cols = rng.permutation(m)[:k]
        mask[rows, cols] = True
    return np.where(mask, w, np.nan)


def _sparse(dense_with_nan, fmt):
    r, c = np.nonzero(~np.isnan(dense_with_nan))
    coo = sp.coo_array((dense_with_nan[r, c], (r, c)), shape=dense_with_nan.shape)
    return coo.asformat(fmt)


def _outcome(fn, matrix, maximize):
    """("ok", total, row_ind, col_ind) or ("error", type, message)."""
    try:
        row_ind, col_ind = fn(matrix, maximize=maximize)
    except (ValueError, TypeError) as e:
        return ("error", type(e), str(e))
    total = float(np.asarray(sp.csr_array(matrix)[row_ind, col_ind]).sum())
    return ("ok", total, row_ind, col_ind)


def _check_same(matrix, maximize):
    ours = _outcome(mwfbm, matrix, maximize)
    # scipy (1.17) fails on non-square COO/CSC input with int64 indices ("index pointer size
    # ... should be ..."): compare with its answer on the CSR form (see the test below).
    theirs = _outcome(scipy_mwfbm, matrix.tocsr(), maximize)
    assert ours[0] == theirs[0], (ours, theirs)
    if ours[0] == "error":
        assert ours[1:] == theirs[1:]
        return False
    assert ours[1] == pytest.approx(theirs[1], rel=1e-9, abs=1e-9)
    for a, b in zip(ours[2:], theirs[2:]):
        assert a.dtype == b.dtype
        assert a.shape == b.shape
    row_ind, col_ind = ours[2], ours[3]
    assert np.all(np.diff(row_ind) > 0)
    assert len(set(col_ind.tolist())) == len(col_ind)
    assert len(row_ind) == min(matrix.shape)
    return True


# -- against scipy on random instances -----------------------------------------------------


@pytest.mark.parametrize("seed", range(8))
def test_random_small_instances_match_scipy(seed):
    rng = np.random.default_rng(seed)
    feasible = 0
    for trial in range(250):
        n, m = rng.integers(1, 13, size=2)
        density = rng.uniform(0.1, 0.9)
        dense = _random_instance(rng, n, m, density, integer=trial % 3 == 0)
        fmt = FORMATS[trial % 3]
        feasible += _check_same(_sparse(dense, fmt), maximize=bool(trial % 2))
    assert feasible > 50


@pytest.mark.parametrize("shape", [(40, 40), (30, 90), (90, 30), (1, 50), (50, 1)])
@pytest.mark.parametrize("maximize", [False, True])
def test_random_medium_instances_match_scipy(shape, maximize):
    rng = np.random.default_rng(hash(shape) % 1000 + maximize)
    for trial in range(20):
        dense = _random_instance(rng, *shape, density=rng.uniform(0.05, 0.3), plant=True)
        assert _check_same(_sparse(dense, FORMATS[trial % 3]), maximize)


def test_random_instances_match_the_dense_solver():
    rng = np.random.default_rng(11)
    for trial in range(300):
        n, m = rng.integers(1, 9, size=2)
        dense = _random_instance(rng, n, m, rng.uniform(0.2, 1.0), integer=True)
        maximize = bool(trial % 2)
        forbid = -np.inf if maximize else np.inf
        cost = np.where(np.isnan(dense), forbid, dense)
        try:
            r, c = tokten.linear_sum_assignment(cost, maximize=maximize)
            expected = cost[r, c].sum()
        except ValueError:
            expected = None
        outcome = _outcome(mwfbm, _sparse(dense, "csr"), maximize)
        if expected is None:
            assert outcome[:3] == ("error", ValueError, "no full matching exists")
        else:
            assert outcome[1] == expected


def test_larger_instance_matches_scipy():
    rng = np.random.default_rng(5)
    n, m, per_row = 500, 5000, 20
    rows = np.repeat(np.arange(n), per_row)
    cols = rng.integers(0, m, size=n * per_row)
    rows = np.concatenate([rows, np.arange(n)])
    cols = np.concatenate([cols, rng.permutation(m)[:n]])  # a planted full matching
    data = rng.uniform(1.0, 2.0, size=len(rows))
    g = sp.coo_array((data, (rows, cols)), shape=(n, m)).tocsr()
    for maximize in (False, True):
        assert _check_same(g, maximize)
        assert _check_same(g.T.tocsr(), maximize)


# -- scipy's own test cases, re-created -----------------------------------------------------


@pytest.mark.parametrize("shape", [(0, 0), (2, 0), (0, 3)])
@pytest.mark.parametrize("make", [sp.csr_array, sp.coo_array, sp.csr_matrix])
def test_trivial_graphs_give_empty_matchings(shape, make):
    row_ind, col_ind = mwfbm(make(shape))
    expected = scipy_mwfbm(make(shape))
    assert len(row_ind) == len(col_ind) == 0
    assert row_ind.dtype == expected[0].dtype and col_ind.dtype == expected[1].dtype


INFEASIBLE = [
    [[1, 1, 1], [1, 0, 0], [1, 0, 0]],  # two rows share one column
    [[1, 1, 1], [0, 0, 1], [0, 0, 1]],
    [[1, 0, 0, 1], [1, 1, 0, 1], [0, 0, 0, 0]],  # an empty row
    [[1, 0, 0], [2, 0, 0]],  # wide, both rows on one column
    [[0, 1, 0], [0, 2, 0]],
    [[1, 0], [2, 0], [5, 0]],  # tall, an empty column
]


@pytest.mark.parametrize("dense", INFEASIBLE)
@pytest.mark.parametrize("make", [sp.csr_array, sp.coo_array, sp.csc_array])
def test_infeasible_problems_raise(dense, make):
    with pytest.raises(ValueError, match="^no full matching exists$"):
        mwfbm(make(np.array(dense)))
    witness = tokten.solve_sparse_assignment(make(np.array(dense))).witness
    assert witness is not None and witness.deficiency >= 1


def test_large_infeasible_problem_raises():
    # Nine rows each pinned to its own column among 13..21, and thirteen rows that share only
    # twelve columns among 0..12: a Hall violation hidden behind many feasible rows.
    rng = np.random.default_rng(17269)
    a = np.zeros((22, 22))
    for i in range(9):
        a[i, 13 + i] = 0.001
    for i in range(9, 22):
        a[i, rng.choice(12, size=3, replace=False)] = rng.uniform(0.01, 1, size=3)
    for make in (sp.csr_array, sp.coo_array):
        with pytest.raises(ValueError, match="no full matching exists"):
            mwfbm(make(a))
        with pytest.raises(ValueError, match="no full matching exists"):
            scipy_mwfbm(make(a))
    w = tokten.solve_sparse_assignment(sp.csr_array(a)).witness
    assert w.rows_side and w.deficiency >= 1
    assert set(w.neighbours.tolist()) <= set(range(12))


def test_explicit_zero_warns_and_is_removed():
    g = sp.csr_array(np.array([[2, 0, 3], [0, 1, 1], [0, 2, 3]]))
    g.data[g.data == 1] = 0  # explicit zeros at (1, 1) and (1, 2)
    for m in (g, g.tocoo()):
        with pytest.warns(UserWarning, match="explicit zero weights are removed before matching"):
            with pytest.raises(ValueError, match="no full matching exists"):
                mwfbm(m)
    g2 = sp.csr_array(np.array([[2.0, 1, 3], [1, 1, 1], [3, 2, 3]]))
    g2.data[0] = 0.0  # (0, 0) removed
    with pytest.warns(UserWarning):
        r, c = mwfbm(g2)
    assert 0 not in c[r == 0]


# The classic small assignment examples, with the costs of the optimal pairs row by row.
SMALL_CASES = [
    ([[400, 150, 400], [400, 450, 600], [300, 225, 300]], [150, 400, 300]),
    ([[400, 150, 400, 1], [400, 450, 600, 2], [300, 225, 300, 3]], [150, 2, 300]),
    ([[10, 10, 8], [9, 8, 1], [9, 7, 4]], [10, 1, 7]),
    ([[10, 10, 8, 11], [9, 8, 1, 1], [9, 7, 4, 10]], [10, 1, 4]),
    ([[10, np.inf, np.inf], [np.inf, np.inf, 1], [np.inf, 7, np.inf]], [10, 1, 7]),
]


@pytest.mark.parametrize("sign", [-1, 1])
@pytest.mark.parametrize("case", SMALL_CASES)
def test_small_inputs_in_both_orientations(sign, case):
    dense, expected = case
    maximize = sign == -1
    g = sign * sp.csr_array(np.array(dense, dtype=float))
    expected = sign * np.array(expected, dtype=float)

    row_ind, col_ind = mwfbm(g, maximize=maximize)
    assert np.array_equal(row_ind, np.sort(row_ind))
    assert np.array_equal(np.asarray(g[row_ind, col_ind]).ravel(), expected)

    gt = g.T
    row_ind, col_ind = mwfbm(gt, maximize=maximize)
    assert np.array_equal(row_ind, np.sort(row_ind))
    assert np.array_equal(np.sort(np.asarray(gt[row_ind, col_ind]).ravel()), np.sort(expected))


def test_docstring_examples_of_scipy():
    g = sp.csr_array([[1, 1, 1], [1, 0, 0], [0, 1, 0]])
    assert mwfbm(g)[1].tolist() == [2, 0, 1]  # the only perfect matching
    r, c = mwfbm(sp.csr_array([[0, 1, 1], [0, 2, 3]]))
    assert (r.tolist(), c.tolist()) == ([0, 1], [2, 1])
    r, c = mwfbm(sp.csr_array([[0, 1], [3, 1], [1, 4]]))
    assert (r.tolist(), c.tolist()) == ([0, 2], [1, 0])


# -- argument handling, errors and dtypes ----------------------------------------------------


class _NotSparse:
    shape = (2, 2)


ERROR_CASES = [
    (np.eye(2), False),
    ([[1, 2], [3, 4]], True),
    (None, False),
    (_NotSparse(), False),
    (sp.csr_array(np.array([[1, 0], [2, 0]])), False),  # tall, an empty column
    (sp.csr_array(np.array([[1, 2], [0, 0]])), True),  # square, an empty row
    (sp.csr_array((3, 2)), False),  # no edges at all
    (sp.coo_array(np.array([[np.inf, np.inf], [1, 2]])), False),  # +inf forbids: row 0 empty
    (sp.coo_array(np.array([[-np.inf, 1], [-np.inf, 2]])), True),  # -inf forbids: column 0 empty
]


@pytest.mark.parametrize("bad,maximize", ERROR_CASES)
def test_error_parity_with_scipy(bad, maximize):
    ours = _outcome(mwfbm, bad, maximize)
    theirs = _outcome(scipy_mwfbm, bad, maximize)
    assert ours[0] == theirs[0] == "error"
    assert ours[1:] == theirs[1:]


def test_three_dimensional_input_fails_like_scipy():
    try:
        g = sp.coo_array(np.ones((2, 2, 2)))
    except (ValueError, TypeError):
        pytest.skip("this scipy has no n-D COO arrays")
    errors = []
    for fn in (mwfbm, scipy_mwfbm):
        with pytest.raises(Exception) as info:
            fn(g)
        errors.append((info.type, str(info.value)))
    assert errors[0] == errors[1]


@pytest.mark.parametrize("shape", [(3, 3), (2, 4), (4, 2), (0, 3), (3, 0), (0, 0)])
@pytest.mark.parametrize("make", [sp.csr_array, sp.csr_matrix, sp.coo_array, sp.csc_matrix])
def test_returned_dtypes_match_scipy(shape, make):
    n, m = shape
    dense = np.arange(1, n * m + 1, dtype=float).reshape(n, m)
    ours = mwfbm(make(dense))
    theirs = scipy_mwfbm(make(dense))
    assert [a.dtype for a in ours] == [a.dtype for a in theirs]
    assert all(isinstance(a, np.ndarray) and a.ndim == 1 for a in ours)


@pytest.mark.parametrize(
    "dtype", [np.float64, np.float32, np.int64, np.int32, np.int16, np.int8, np.uint8, np.uint64, bool]
)
def test_any_numeric_dtype(dtype):
    dense = np.array([[3, 3, 6], [4, 3, 5], [10, 1, 8]]).astype(dtype)
    for maximize in (False, True):
        assert _check_same(sp.csr_array(dense), maximize)


def test_complex_weights_warn_like_scipy():
    g = sp.csr_array(np.array([[1 + 1j, 5], [5, 1 + 2j]]))
    for fn in (mwfbm, scipy_mwfbm):
        with pytest.warns(np.exceptions.ComplexWarning):
            r, c = fn(g)
        assert c.tolist() == [0, 1]


def test_non_numeric_dtype_raises_like_scipy():
    fake = sp.csr_array(np.eye(2))
    fake.data = np.array(["a", "b"], dtype=object)
    outcomes = []
    for fn in (mwfbm, scipy_mwfbm):
        with pytest.raises(ValueError) as info:
            fn(fake)
        outcomes.append(str(info.value))
    assert outcomes[0] == outcomes[1]


@pytest.mark.parametrize("fmt", ["dok", "lil", "bsr", "dia"])
def test_other_formats_are_accepted_unlike_scipy(fmt):
    dense = np.array([[3.0, 3, 6], [4, 3, 5], [10, 1, 8]])
    g = sp.csr_array(dense).asformat(fmt)
    with pytest.raises(TypeError, match="graph must be in CSC, CSR, or COO format."):
        scipy_mwfbm(g)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # block padding zeros are dropped silently
        r, c = mwfbm(g)
    assert dense[r, c].sum() == 9


def test_non_csr_formats_with_int64_indices_work_unlike_scipy():
    dense = np.array([[3.0, 3, 6, 1], [4, 3, 5, 9], [10, 1, 8, 2]])
    for d in (dense, dense.T):
        r, c = np.nonzero(d)  # int64 coordinates
        for g in (sp.coo_array((d[r, c], (r, c)), shape=d.shape), sp.csc_array((d[r, c], (r, c)), shape=d.shape)):
            row_ind, col_ind = mwfbm(g)
            assert d[row_ind, col_ind].sum() == 6
            try:
                scipy_mwfbm(g)
            except ValueError as e:  # scipy's bug; once fixed, the answers must agree
                assert "index pointer" in str(e)
            else:
                assert _check_same(g, False)


def test_input_is_not_modified():
    g = sp.coo_array(np.array([[1.0, 0, 2], [0, 3, np.inf]]))
    g.data[0] = 0.0  # an explicit zero
    data, row, col = g.data.copy(), g.row.copy(), g.col.copy()
    with pytest.warns(UserWarning):
        mwfbm(g)
    assert np.array_equal(g.data, data) and np.array_equal(g.row, row) and np.array_equal(g.col, col)


def test_coo_duplicates_are_summed_as_by_scipy():
    # (0, 0) stored twice: 1 + 4 = 5 > 3, so the diagonal loses to the anti-diagonal.
    g = sp.coo_array(
        (np.array([1.0, 4.0, 1.0, 1.0, 2.0]), (np.array([0, 0, 1, 0, 1]), np.array([0, 0, 1, 1, 0]))),
        shape=(2, 2),
    )
    for maximize in (False, True):
        assert _check_same(g, maximize)
    r, c = mwfbm(g)
    assert c.tolist() == [1, 0]


def test_inf_forbids_in_its_sense():
    dense = np.array([[np.inf, 1.0], [1.0, 2.0]])
    r, c = mwfbm(sp.csr_array(dense))
    assert c.tolist() == [1, 0]
    r, c = mwfbm(sp.csr_array(-dense), maximize=True)
    assert c.tolist() == [1, 0]


@pytest.mark.parametrize(
    "dense,maximize",
    [
        ([[np.nan, 1.0], [1.0, 2.0]], False),
        ([[-np.inf, 1.0], [1.0, 2.0]], False),
        ([[np.inf, 1.0], [1.0, 2.0]], True),
    ],
)
def test_invalid_entries_raise(dense, maximize):
    # scipy returns an arbitrary matching or "no full matching exists" for these.
    with pytest.raises(ValueError, match="^matrix contains invalid numeric entries$"):
        mwfbm(sp.csr_array(np.array(dense)), maximize=maximize)


def test_truthy_maximize_like_scipy():
    g = sp.csr_array(np.array([[1.0, 5], [5, 1]]))
    assert mwfbm(g, maximize="yes")[1].tolist() == scipy_mwfbm(g, maximize="yes")[1].tolist() == [1, 0]


# -- solve_sparse_assignment: certificate and witness ---------------------------------------


def _check_certificate(g, res, maximize, rtol=1e-9):
    coo = sp.coo_array(g)
    coo.sum_duplicates()
    sg = -1.0 if maximize else 1.0
    u, v = sg * res.row_potential, sg * res.col_potential
    c = sg * coo.data.astype(float)
    slack = c - u[coo.row] - v[coo.col]
    scale = 1 + np.abs(c) + np.abs(u[coo.row]) + np.abs(v[coo.col])
    assert np.all(slack >= -rtol * scale)
    matched = {(int(i), int(j)) for i, j in zip(res.row_ind, res.col_ind)}
    on = np.array([(int(i), int(j)) in matched for i, j in zip(coo.row, coo.col)], dtype=bool)
    assert np.all(np.abs(slack[on]) <= rtol * scale[on])
    n, m = g.shape
    if n != m:
        larger, mates = (v, res.col_ind) if m > n else (u, res.row_ind)
        assert np.all(larger <= rtol * (1 + np.abs(larger)))
        free = np.ones(len(larger), dtype=bool)
        free[mates] = False
        assert np.all(larger[free] == 0)


def _check_witness(g, w):
    n, m = g.shape
    assert w.rows_side == (n <= m)
    csr = sp.csr_array(g) if w.rows_side else sp.csr_array(g.T)
    partners = [csr.indices[csr.indptr[r] : csr.indptr[r + 1]] for r in w.members]
    neighbours = np.unique(np.concatenate(partners)) if partners else np.array([], dtype=int)
    assert neighbours.tolist() == w.neighbours.tolist()
    assert len(neighbours) < len(w.members)


def test_rich_result_certificate_and_witness_on_random_instances():
    rng = np.random.default_rng(3)
    infeasible = 0
    for trial in range(600):
        n, m = rng.integers(1, 12, size=2)
        dense = _random_instance(rng, n, m, rng.uniform(0.05, 0.7), integer=trial % 2 == 0)
        g = _sparse(dense, FORMATS[trial % 3])
        if trial % 2 == 0:
            g = g.astype(np.int64)
        maximize = bool(trial % 4 >= 2)
        res = tokten.solve_sparse_assignment(g, maximize=maximize)
        expected = _outcome(scipy_mwfbm, g.tocsr(), maximize)  # CSR: see above
        if res.feasible:
            assert expected[0] == "ok"
            assert res.total == pytest.approx(expected[1], rel=1e-9, abs=1e-9)
            assert res.witness is None
            _check_certificate(g, res, maximize)
        else:
            infeasible += 1
            assert expected[:3] == ("error", ValueError, "no full matching exists")
            assert np.isnan(res.total) and len(res.row_ind) == 0
            _check_witness(g, res.witness)
    assert infeasible > 100


def test_rich_result_keeps_explicit_zeros_as_pairs():
    g = sp.csr_array((np.array([0.0, 5.0, 7.0]), np.array([0, 1, 0]), np.array([0, 2, 3])), shape=(2, 2))
    res = tokten.solve_sparse_assignment(g)
    assert res.feasible and res.total == 12.0  # (0, 1) + (1, 0): (0, 0) is a pair of weight 0
    res = tokten.solve_sparse_assignment(g, maximize=True)
    assert res.total == 12.0
    # Both rows only on column 0: infeasible for both functions, the zero notwithstanding.
    h = sp.csr_array((np.array([0.0, 7.0]), np.array([0, 0]), np.array([0, 1, 2])), shape=(2, 2))
    with pytest.warns(UserWarning), pytest.raises(ValueError, match="no full matching exists"):
        mwfbm(h)
    assert tokten.solve_sparse_assignment(h).witness.deficiency == 1


def test_rich_result_integers_exact_near_2_62():
    big = 2**62 - 10
    g = sp.csr_array(np.array([[big, big - 1], [big - 3, big]], dtype=np.int64))
    res = tokten.solve_sparse_assignment(g)
    assert res.col_ind.tolist() == [1, 0]
    res = tokten.solve_sparse_assignment(g, maximize=True)
    assert res.col_ind.tolist() == [0, 1]


def test_rich_result_rejects_non_finite_weights():
    for bad in (np.nan, np.inf, -np.inf):
        with pytest.raises(ValueError, match="^matrix contains invalid numeric entries$"):
            tokten.solve_sparse_assignment(sp.csr_array(np.array([[1.0, bad]])))
    with pytest.raises(TypeError, match="graph must be sparse"):
        tokten.solve_sparse_assignment(np.eye(2))


def test_rich_result_repr_and_types():
    res = tokten.solve_sparse_assignment(sp.csr_array(np.array([[4.0, 1, 3], [2, 0, 5]])))
    assert "pairs=2" in repr(res)
    assert res.row_ind.dtype == np.intp and res.col_ind.dtype == np.intp
    assert res.row_potential.dtype == np.float64 and res.col_potential.shape == (3,)
    bad = tokten.solve_sparse_assignment(sp.csr_array((3, 4)))
    assert "deficiency 3" in repr(bad) and isinstance(bad.witness, tokten.HallWitness)


def test_docstrings_run():
    import tokten._sparse as module

    failures, _ = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert failures == 0
