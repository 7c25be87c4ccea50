"""tokten.linear_sum_assignment against scipy.optimize.linear_sum_assignment.

Optimal assignments are not unique: totals are compared, never index arrays (except where the
answer is unique or scipy documents it, as for a constant matrix).
"""

import doctest

import itertools

import numpy as np
import pytest

import tokten

scipy_optimize = pytest.importorskip("scipy.optimize")
scipy_lsa = scipy_optimize.linear_sum_assignment

lsa = tokten.linear_sum_assignment


def _forbidden(maximize):
    return -np.inf if maximize else np.inf


def _scipy_outcome(c, maximize):
    """(feasible, total) from scipy on the float64 version of c."""
    c64 = np.asarray(c, dtype=np.float64)
    try:
        r, k = scipy_lsa(c64, maximize=maximize)
    except ValueError as e:
        assert "infeasible" in str(e)
        return False, None
    return True, c64[r, k].sum()


def _check_certificate(c, res, maximize, rtol=1e-9):
    """The dual certificate, checked in numpy from the returned potentials."""
    c = np.asarray(c, dtype=np.float64)
    n, m = c.shape
    sg = -1.0 if maximize else 1.0
    u = sg * res.row_potential
    v = sg * res.col_potential
    cs = sg * c
    allowed = np.isfinite(cs)
    slack = np.where(allowed, cs - u[:, None] - v[None, :], 0.0)
    scale = 1.0 + np.abs(np.where(allowed, cs, 0.0)) + np.abs(u)[:, None] + np.abs(v)[None, :]
    assert np.all(slack >= -rtol * scale), "dual infeasible"
    assert np.allclose(slack[res.row_ind, res.col_ind], 0.0, atol=0, rtol=0) or np.all(
        np.abs(slack[res.row_ind, res.col_ind]) <= rtol * scale[res.row_ind, res.col_ind]
    ), "complementary slackness"
    # The larger side: potentials <= 0, exactly 0 where unmatched.
    if m > n:
        free = np.ones(m, bool)
        free[res.col_ind] = False
        assert np.all(v[free] == 0.0)
        assert np.all(v <= rtol * (1 + np.abs(v)))
    if n > m:
        free = np.ones(n, bool)
        free[res.row_ind] = False
        assert np.all(u[free] == 0.0)
        assert np.all(u <= rtol * (1 + np.abs(u)))
    # Strong duality: the total equals the dual objective.
    dual = u.sum() + v.sum()
    assert abs(sg * res.total - dual) <= rtol * (1 + abs(res.total)) * max(n, m)


def _check_against_scipy(c, maximize, certificate=True):
    feasible, expected = _scipy_outcome(c, maximize)
    if not feasible:
        with pytest.raises(ValueError, match="cost matrix is infeasible"):
            lsa(c, maximize=maximize)
        return False
    r, k = lsa(c, maximize=maximize)
    assert r.dtype == np.intp and k.dtype == np.intp
    assert len(r) == min(np.shape(c))
    assert np.all(np.diff(r) > 0)  # sorted by row, each row once
    assert len(np.unique(k)) == len(k)
    c64 = np.asarray(c, dtype=np.float64)
    total = c64[r, k].sum()
    assert np.isfinite(total)
    assert total == pytest.approx(expected, rel=1e-10, abs=1e-10)
    if certificate:
        res = tokten.solve_assignment(c, maximize=maximize)
        assert res.total == pytest.approx(expected, rel=1e-10, abs=1e-10)
        _check_certificate(c, res, maximize)
    return True


# ---------------------------------------------------------------------------------------------
# Random instances against scipy: thousands, seeded.

SHAPES = [(n, m) for n in (1, 2, 3, 5, 8, 13) for m in (1, 2, 3, 5, 8, 13)] + [
    (30, 30),
    (20, 50),
    (50, 20),
    (64, 65),
]


@pytest.mark.parametrize("maximize", [False, True])
@pytest.mark.parametrize("shape", SHAPES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_random_against_scipy(shape, maximize):
    rng = np.random.default_rng(hash(shape) % (2**32) + maximize)
    n, m = shape
    for rep in range(12):
        # Small integers: many ties.
        _check_against_scipy(rng.integers(0, 4, size=shape), maximize)
        _check_against_scipy(rng.integers(-50, 50, size=shape).astype(np.int32), maximize)
        # Floats, both precisions.
        _check_against_scipy(rng.random(shape), maximize)
        _check_against_scipy(rng.normal(size=shape).astype(np.float32), maximize)
        # Forbidden entries, densities that make some instances infeasible.
        c = rng.integers(-5, 20, size=shape).astype(np.float64)
        c[rng.random(shape) < (0.15, 0.4, 0.7)[rep % 3]] = _forbidden(maximize)
        _check_against_scipy(c, maximize)
        c32 = rng.random(shape).astype(np.float32)
        c32[rng.random(shape) < 0.3] = _forbidden(maximize)
        _check_against_scipy(c32, maximize)


def test_both_outcomes_occur_with_forbidden_entries():
    rng = np.random.default_rng(3)
    outcomes = set()
    for _ in range(200):
        c = rng.random((6, 6))
        c[rng.random((6, 6)) < 0.6] = np.inf
        outcomes.add(_check_against_scipy(c, False))
    assert outcomes == {True, False}


def test_scipy_sparse_style_instances():
    # 100 x 100, 6% allowed entries (integers), the rest forbidden: many are infeasible.
    rng = np.random.default_rng(12342309)
    results = []
    for _ in range(60):
        dense = np.full((100, 100), np.inf)
        mask = rng.random((100, 100)) < 0.06
        dense[mask] = rng.integers(1, 100, size=mask.sum())
        results.append(_check_against_scipy(dense, False))
    assert any(results) and not all(results)


@pytest.mark.parametrize("maximize", [False, True])
def test_larger_random_instances(maximize):
    rng = np.random.default_rng(8)
    for shape in [(200, 200), (150, 300), (300, 150)]:
        _check_against_scipy(rng.random(shape), maximize)
        _check_against_scipy(rng.integers(0, 100, size=shape), maximize)
        _check_against_scipy(rng.random(shape).astype(np.float32), maximize)


# ---------------------------------------------------------------------------------------------
# Known small cases (the classic ones; expected optimal entries spelled out).

SMALL_CASES = [
    ([[400, 150, 400], [400, 450, 600], [300, 225, 300]], [150, 400, 300]),
    ([[400, 150, 400, 1], [400, 450, 600, 2], [300, 225, 300, 3]], [150, 2, 300]),
    ([[10, 10, 8], [9, 8, 1], [9, 7, 4]], [10, 1, 7]),
    ([[10, 10, 8, 11], [9, 8, 1, 1], [9, 7, 4, 10]], [10, 1, 4]),
    (
        [[10, np.inf, np.inf], [np.inf, np.inf, 1], [np.inf, 7, np.inf]],
        [10, 1, 7],
    ),
]


@pytest.mark.parametrize("sign", [-1, 1])
@pytest.mark.parametrize("case", range(len(SMALL_CASES)))
def test_small_cases(sign, case):
    cost, expected = SMALL_CASES[case]
    cost = sign * np.array(cost, dtype=float)
    expected = sign * np.array(expected, dtype=float)
    maximize = sign == -1
    r, k = lsa(cost, maximize=maximize)
    assert np.array_equal(r, np.sort(r))
    assert np.array_equal(cost[r, k], expected)  # these optima are unique
    r, k = lsa(cost.T, maximize=maximize)
    assert np.array_equal(np.sort(cost.T[r, k]), np.sort(expected))


# ---------------------------------------------------------------------------------------------
# Input handling: same errors and types as scipy.

BAD_INPUTS = [
    [1, 2, 3],
    np.zeros(3),
    np.zeros((2, 2, 2)),
    5,
    [[np.nan]],
    np.diag([np.nan, 1, 1]),
    np.diag([1, -np.inf, 1]),
    [[np.inf]],
    [[-np.inf]],
    np.identity(3).astype(str),
    np.array([["a"]]),
    np.array([[1 + 1j]]),
    np.array([[1, 2]], dtype=object),
    [[None]],
    "x",
    [[1, 2], [3]],
    np.array([[np.datetime64("2020-01-01")]]),
    np.array([[1.0]], dtype=np.longdouble),
    np.array([[1, 2], [3, 4]], dtype=np.complex64),
]


def _outcome(f, c, maximize):
    try:
        r, k = f(c, maximize=maximize)
    except Exception as e:  # noqa: BLE001 - the exception itself is the outcome
        return type(e), str(e)
    return "ok", (len(r), r.dtype, k.dtype)


@pytest.mark.parametrize("maximize", [False, True])
@pytest.mark.parametrize("index", range(len(BAD_INPUTS)))
def test_errors_match_scipy(index, maximize):
    c = BAD_INPUTS[index]
    assert _outcome(lsa, c, maximize) == _outcome(scipy_lsa, c, maximize)


def test_error_messages_spelled_out():
    with pytest.raises(ValueError, match=r"^expected a matrix \(2-D array\), got a 1 array$"):
        lsa([1, 2, 3])
    with pytest.raises(ValueError, match="^matrix contains invalid numeric entries$"):
        lsa(np.diag([np.nan, 1, 1]))
    with pytest.raises(ValueError, match="^matrix contains invalid numeric entries$"):
        lsa(np.diag([1, -np.inf, 1]))
    with pytest.raises(ValueError, match="^matrix contains invalid numeric entries$"):
        lsa(np.diag([1, np.inf, 1]), maximize=True)
    c = np.identity(3)
    c[:, 0] = np.inf
    with pytest.raises(ValueError, match="^cost matrix is infeasible$"):
        lsa(c)
    # The rich call says which rows fall short (scipy's message, then the Hall witness).
    with pytest.raises(ValueError, match=r"^cost matrix is infeasible: rows \[0, 1, 2\] have only 2 allowed partner\(s\) \[1, 2\]$"):
        tokten.solve_assignment(c)
    with pytest.raises(TypeError, match="Cannot cast array data"):
        lsa(np.identity(3).astype(str))


@pytest.mark.parametrize("shape", [(0, 0), (2, 0), (0, 3)])
@pytest.mark.parametrize("maximize", [False, True])
def test_empty(shape, maximize):
    r, k = lsa(np.empty(shape), maximize=maximize)
    assert r.dtype == np.intp and k.dtype == np.intp
    assert len(r) == 0 and len(k) == 0
    res = tokten.solve_assignment(np.empty(shape), maximize=maximize)
    assert res.total == 0.0
    assert res.row_potential.shape == (shape[0],)
    assert res.col_potential.shape == (shape[1],)


def test_constant_matrix_gives_identity():
    r, k = lsa(np.ones((8, 8)))
    assert np.array_equal(r, np.arange(8))
    assert np.array_equal(k, np.arange(8))


DTYPES = [
    np.float64,
    np.float32,
    np.float16,
    np.int64,
    np.int32,
    np.int16,
    np.int8,
    np.uint8,
    np.uint16,
    np.uint32,
    np.uint64,
]


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: np.dtype(d).name)
@pytest.mark.parametrize("maximize", [False, True])
def test_dtypes(dtype, maximize):
    rng = np.random.default_rng(np.dtype(dtype).num)
    for shape in [(7, 7), (5, 9), (9, 5)]:
        c = rng.integers(0, 100, size=shape).astype(dtype)
        _check_against_scipy(c, maximize)
    # Big-endian input is accepted too.
    c = rng.integers(0, 100, size=(6, 6)).astype(np.dtype(dtype).newbyteorder(">"))
    _check_against_scipy(c, maximize)


@pytest.mark.filterwarnings("ignore::PendingDeprecationWarning")
def test_bool_and_lists():
    i3 = np.identity(3)
    for maximize in (False, True):
        r1, k1 = lsa(i3.astype(bool), maximize=maximize)
        assert i3[r1, k1].sum() == (3 if maximize else 0)
        _check_against_scipy(i3.astype(bool), maximize)
    c = [[1, 2, 3], [4, 5, 6]]
    assert np.array_equal(lsa(c)[0], lsa(np.asarray(c))[0])
    assert np.asarray(c)[lsa(c)].sum() == np.asarray(c)[scipy_lsa(c)].sum()
    assert lsa([[True, False], [False, True]])[1].tolist() == [1, 0]
    assert np.asarray(c)[lsa(np.matrix(c))].sum() == 6  # noqa: NPY002 - np.matrix input


def test_integers_are_exact():
    # Costs near 1e15 that differ in the last digits: exact in tokten's integer kernels.
    rng = np.random.default_rng(5)
    for _ in range(50):
        small = rng.integers(-3, 4, size=(6, 6))
        c = np.where(rng.random((6, 6)) < 0.5, 10**15, -(10**15)) + small
        res = tokten.solve_assignment(c)
        best = _brute_force_int(c)
        assert int(c[res.row_ind, res.col_ind].sum()) == best
    # int32 extremes.
    c = np.array(
        [[2**31 - 1, -(2**31), 5], [-(2**31), 2**31 - 1, 7], [3, 2**31 - 1, -(2**31)]],
        dtype=np.int32,
    )
    c64 = c.astype(np.int64)
    r, k = lsa(c)
    assert int(c64[r, k].sum()) == _brute_force_int(c64) == -3 * 2**31
    r, k = lsa(c, maximize=True)
    assert int(c64[r, k].sum()) == -_brute_force_int(-c64) == 2 * (2**31 - 1) + 7


def _brute_force_int(c):
    from itertools import permutations

    n = c.shape[0]
    return min(sum(int(c[i, p[i]]) for i in range(n)) for p in permutations(range(n)))


# ---------------------------------------------------------------------------------------------
# Memory layouts.


@pytest.mark.parametrize("maximize", [False, True])
def test_fortran_order_and_non_contiguous(maximize):
    rng = np.random.default_rng(77)
    for shape in [(40, 40), (25, 60), (60, 25)]:
        base = rng.random(shape)
        expected = _scipy_outcome(base, maximize)[1]
        variants = {
            "fortran": np.asfortranarray(base),
            "transpose-of-transpose": base.T.copy().T,
            "sliced-columns": np.repeat(base, 2, axis=1)[:, ::2],
            "sliced-rows": np.repeat(base, 3, axis=0)[::3, :],
            "reversed": base[::-1, ::-1],
        }
        for name, c in variants.items():
            r, k = lsa(c, maximize=maximize)
            assert c[r, k].sum() == pytest.approx(expected, rel=1e-12), name
        for c in (base.astype(np.float32)[:, ::2], np.asfortranarray(base.astype(np.float32))):
            r, k = lsa(c, maximize=maximize)
            assert c[r, k].astype(np.float64).sum() == pytest.approx(
                _scipy_outcome(c, maximize)[1], rel=1e-6
            )
        ints = rng.integers(0, 1000, size=shape)
        for c in (np.asfortranarray(ints), ints[::-1, :], ints.T.copy().T[:, ::-1]):
            r, k = lsa(c, maximize=maximize)
            assert c[r, k].sum() == _scipy_outcome(c, maximize)[1]


def test_input_not_modified_and_read_only_accepted():
    rng = np.random.default_rng(1)
    c = rng.random((20, 30))
    keep = c.copy()
    c.setflags(write=False)
    lsa(c)
    tokten.solve_assignment(c, maximize=True)
    assert np.array_equal(c, keep)


def test_result_object():
    c = np.array([[4.0, 1.0, 3.0], [2.0, 0.0, 5.0]])
    res = tokten.solve_assignment(c)
    assert isinstance(res, tokten.LinearAssignmentResult)
    assert res.total == 3.0
    assert res.row_ind.dtype == np.intp and res.col_ind.dtype == np.intp
    assert res.row_potential.dtype == np.float64 and res.col_potential.dtype == np.float64
    assert res.row_potential.shape == (2,) and res.col_potential.shape == (3,)
    assert "total=3.0" in repr(res)
    _check_certificate(c, res, False)
    _check_certificate(c, tokten.solve_assignment(c, maximize=True), True)


def test_docstring_examples():
    import tokten._lsap as module

    failed, attempted = doctest.testmod(module, optionflags=doctest.ELLIPSIS)[:2]
    assert attempted > 0 and failed == 0


def test_public_names():
    for name in ("linear_sum_assignment", "solve_assignment", "LinearAssignmentResult"):
        assert hasattr(tokten, name)


def _max_matching_size(allowed: np.ndarray) -> int:
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import maximum_bipartite_matching
    return int((maximum_bipartite_matching(csr_matrix(allowed.astype(int)), perm_type="column") >= 0).sum())


@pytest.mark.parametrize("maximize", [False, True])
def test_infeasible_matrices_give_a_witness_and_the_best_partial_assignment(maximize):
    rng = np.random.default_rng(41 + maximize)
    forbidden = -np.inf if maximize else np.inf
    checked = 0
    for _ in range(400):
        n, m = rng.integers(1, 6, size=2)
        c = rng.uniform(-5, 5, (n, m))
        c[rng.random((n, m)) < 0.55] = forbidden
        allowed = np.isfinite(c)
        if _max_matching_size(allowed) == min(n, m):
            continue
        res = tokten.solve_assignment(c, maximize=maximize, allow_partial=True)
        assert not res.feasible
        w = res.witness
        # Hall's condition, recomputed: the members' allowed partners are fewer than they.
        mask = allowed if w.rows_side else allowed.T
        partners = np.flatnonzero(mask[w.members].any(axis=0))
        assert partners.tolist() == w.neighbours.tolist()
        assert len(w.neighbours) < len(w.members)
        # The partial assignment: a maximum matching, of best total among maximum matchings.
        pairs = list(zip(res.row_ind.tolist(), res.col_ind.tolist()))
        assert len(pairs) == _max_matching_size(allowed)
        assert all(allowed[i, j] for i, j in pairs)
        assert len({i for i, _ in pairs}) == len({j for _, j in pairs}) == len(pairs)
        best = None
        cells = [(i, j) for i in range(n) for j in range(m) if allowed[i, j]]
        for k in range(len(pairs), len(pairs) + 1):
            for sel in itertools.combinations(cells, k):
                if len({i for i, _ in sel}) == k and len({j for _, j in sel}) == k:
                    t = sum(c[i, j] for i, j in sel)
                    if best is None or (t > best if maximize else t < best):
                        best = t
        assert res.total == pytest.approx(best, abs=1e-9)
        checked += 1
    assert checked > 50


def test_matrices_are_read_in_place_never_copied():
    # A 200 x 150,000 float64 view with row stride 0 (240 MB if copied, 1.2 MB held): solving it must
    # not grow the process by anything near a copy. Run in a child so that the peak is its own.
    import subprocess
    import sys
    import textwrap

    script = textwrap.dedent("""
        import resource, numpy as np, tokten
        b = np.random.default_rng(5).random(150_000)
        view = np.lib.stride_tricks.as_strided(b, shape=(200, b.size), strides=(0, 8), writeable=False)
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        rows, cols = tokten.linear_sum_assignment(view)
        grew = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
        exact = np.sort(b)[:200].sum()
        print(grew, abs(view[rows, cols].sum() - exact) < 1e-9)
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    grew_kb, right = out.stdout.split()
    assert right == "True"
    assert int(grew_kb) < 100_000, f"the process grew by {int(grew_kb) // 1024} MB: the matrix was copied"
