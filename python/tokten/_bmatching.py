"""Capacitated assignment (weighted bipartite b-matching) with rules.

``b_matching`` is the short call (scipy style: arrays in, index arrays out); ``solve_b_matching``
takes every rule (minimums, group quotas, pinned pairs, dates) and returns a result with the
total, the dual prices and, when no selection exists, the reason. Validation and coercion happen
here, once; the solver is ``tokten/match/capacitated_assignment.hpp`` (network simplex on the
flow layout), run with the GIL released.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable, Optional, Sequence

import numpy as np

from . import _core

__all__ = ["b_matching", "solve_b_matching", "BMatchingResult", "BMatchingInfeasibility"]

_I64 = np.int64


@dataclass(frozen=True)
class BMatchingInfeasibility:
    """Why no selection meets the rules: a set of rows and columns whose requirements (rules
    with ``requirement=True``: minimums, quota minimums, pinned pairs) demand ``required`` pairs
    while their limits (capacities, quota maxima, allowed pairs) admit at most ``available``.
    For columns whose minimums exceed the capacity of every row allowed to serve them, this is
    Hall's condition."""

    message: str
    rows: np.ndarray
    cols: np.ndarray
    required: int
    available: int
    rules: list = field(default_factory=list)

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class BMatchingResult:
    """The outcome of :func:`solve_b_matching`.

    Attributes
    ----------
    status : str
        ``"optimal"``; ``"feasible"`` when dates overlap across periods and the conflict repair
        ran (``bound - total`` is then the optimality gap); ``"infeasible"``.
    row_ind, col_ind : ndarray of int64
        The chosen pairs, sorted by row then column (with ``allow_partial`` on an infeasible
        problem: the selection meeting the most units of the rules).
    total : float
        Total weight of the chosen pairs.
    bound : float
        Upper bound on the total (lower when minimising); equal to ``total`` when optimal.
    row_price, col_price : ndarray of float64
        Dual prices: the marginal value of one more unit of each row's and column's capacity.
    pair_price : float
        The value of one more pair overall (non-zero when the number of pairs is fixed).
    infeasibility : BMatchingInfeasibility or None
    """

    status: str
    row_ind: np.ndarray
    col_ind: np.ndarray
    total: float
    bound: float
    row_price: np.ndarray
    col_price: np.ndarray
    pair_price: float
    infeasibility: Optional[BMatchingInfeasibility]

    @property
    def pairs(self) -> int:
        return int(self.row_ind.size)

    def __repr__(self) -> str:
        why = f", infeasibility={self.infeasibility.message!r}" if self.infeasibility else ""
        return (f"BMatchingResult(status={self.status!r}, pairs={self.pairs}, "
                f"total={self.total!r}, bound={self.bound!r}{why})")


def _is_sparse(x: Any) -> bool:
    try:
        import scipy.sparse as sp
    except ImportError:  # scipy is optional: dense input needs only numpy
        return False
    return sp.issparse(x)


def _graph(weights, maximize: bool):
    """(rows, cols, indptr, indices, data) of the allowed pairs."""
    if _is_sparse(weights):
        m = weights.tocsr(copy=True)
        if m.ndim != 2:
            raise ValueError("expected a matrix (2-D array)")
        m.sum_duplicates()
        m.sort_indices()
        data = np.asarray(m.data, dtype=np.float64)
        if not np.all(np.isfinite(data)):
            raise ValueError("matrix contains invalid numeric entries")
        rows, cols = m.shape
        return rows, cols, m.indptr.astype(_I64), m.indices.astype(_I64), data
    a = np.asarray(weights)
    if a.dtype.kind not in "biuf":
        a = np.asarray(weights, dtype=np.float64)
    if a.ndim != 2:
        raise ValueError(f"expected a matrix (2-D array), got a {a.ndim!r} array")
    a = a.astype(np.float64, copy=False)
    invalid = np.inf if maximize else -np.inf
    if np.isnan(a).any() or (a == invalid).any():
        raise ValueError("matrix contains invalid numeric entries")
    allowed = np.isfinite(a)
    rows, cols = a.shape
    indptr = np.zeros(rows + 1, dtype=_I64)
    np.cumsum(allowed.sum(axis=1), out=indptr[1:])
    indices = np.nonzero(allowed)[1].astype(_I64)
    return rows, cols, indptr, indices, np.ascontiguousarray(a[allowed])


def _counts(value, n: int, name: str, optional: bool = False) -> np.ndarray:
    """A scalar or a length-n array of non-negative integers, as int64."""
    if value is None:
        if optional:
            return np.zeros(0, dtype=_I64)
        raise ValueError(f"{name} is required")
    a = np.asarray(value)
    if a.dtype.kind == "f":
        if not np.all(np.isfinite(a)) or not np.all(a == np.round(a)):
            raise ValueError(f"{name} must hold integers")
    elif a.dtype.kind not in "biu":
        raise ValueError(f"{name} must be an integer or an array of integers, got {a.dtype}")
    if a.ndim == 0:
        a = np.full(n, a)
    if a.ndim != 1 or a.shape[0] != n:
        raise ValueError(f"{name} must be a scalar or have length {n}, got shape {a.shape}")
    if (a < 0).any():
        k = int(np.flatnonzero(a < 0)[0])
        raise ValueError(f"{name}[{k}] is negative")
    return np.ascontiguousarray(a, dtype=_I64)


def _groups(groups, bounds, n: int, name: str):
    if groups is None:
        if bounds is not None:
            raise ValueError(f"{name}_bounds given without {name}s")
        e = np.zeros(0, dtype=_I64)
        return e, e, e
    g = np.asarray(groups)
    if g.dtype.kind not in "iu" or g.shape != (n,):
        raise ValueError(f"{name}s must be {n} integer group indices (-1 for none)")
    b = np.asarray(bounds if bounds is not None else np.zeros((0, 2)), dtype=np.float64)
    if b.ndim != 2 or b.shape[1] != 2:
        raise ValueError(f"{name}_bounds must be a sequence of (min, max) pairs")
    if (g < -1).any() or (g >= b.shape[0]).any():
        raise ValueError(f"{name}s must be -1 or a group index below {b.shape[0]}")
    lo, hi = b[:, 0], b[:, 1]
    finite_hi = np.isfinite(hi)
    if not np.all(np.isfinite(lo)) or np.isnan(hi).any() or (hi == -np.inf).any():
        raise ValueError(f"{name}_bounds must be numbers (max may be inf)")
    if (lo != np.round(lo)).any() or (hi[finite_hi] != np.round(hi[finite_hi])).any():
        raise ValueError(f"{name}_bounds must hold integers")
    hi_int = np.full(b.shape[0], np.iinfo(_I64).max, dtype=_I64)
    hi_int[finite_hi] = hi[finite_hi].astype(_I64)
    return np.ascontiguousarray(g, dtype=_I64), lo.astype(_I64), hi_int


def _intervals(intervals, cols: int):
    if intervals is None:
        e = np.zeros(0, dtype=_I64)
        return e, e
    a = np.asarray(intervals)
    if a.shape != (cols, 2):
        raise ValueError(f"col_intervals must have shape ({cols}, 2): (first, last) per column")
    if a.dtype.kind == "M":
        a = a.astype("datetime64[D]").astype(_I64)
    elif a.dtype.kind not in "iu":
        raise ValueError("col_intervals must hold integers (days) or numpy datetime64 values")
    return np.ascontiguousarray(a[:, 0], dtype=_I64), np.ascontiguousarray(a[:, 1], dtype=_I64)


def solve_b_matching(
    weights,
    row_capacity,
    col_capacity,
    *,
    maximize: bool = True,
    max_cardinality: bool = False,
    row_minimum=None,
    col_minimum=None,
    row_groups=None,
    row_group_bounds: Optional[Sequence[Sequence[float]]] = None,
    col_groups=None,
    col_group_bounds: Optional[Sequence[Sequence[float]]] = None,
    pinned: Optional[Iterable[Sequence[int]]] = None,
    col_intervals=None,
    allow_partial: bool = False,
) -> BMatchingResult:
    """Capacitated assignment with every rule; see :func:`b_matching` for the basic arguments.

    Parameters
    ----------
    row_minimum, col_minimum : int or array of int, optional
        Least number of pairs of each row / column.
    row_groups, col_groups : array of int, optional
        One grouping per side: the group index of each row / column, -1 for none.
    row_group_bounds, col_group_bounds : sequence of (min, max), optional
        Least and most pairs over each group (``np.inf`` for no maximum).
    pinned : iterable of (row, col), optional
        Pairs that must be chosen; each must be allowed.
    col_intervals : array of shape (cols, 2), optional
        Inclusive (first, last) day of each column (integers or datetime64): no row gets two
        columns whose intervals overlap.
    allow_partial : bool
        When no selection meets the rules, also return the one meeting the most of them.

    Returns
    -------
    BMatchingResult

    Notes
    -----
    Exact minimum-cost flow (network simplex) on the layout source -> rows -> columns -> sink.
    When dates overlap across the periods the solver forms, the result is conflict-free with a
    reported gap instead (status ``"feasible"``).
    """
    rows, cols, indptr, indices, data = _graph(weights, maximize)
    if not max_cardinality and not maximize:
        raise ValueError(
            "maximize=False needs max_cardinality=True: without it the empty matching is "
            "optimal")
    rcap = _counts(row_capacity, rows, "row_capacity")
    ccap = _counts(col_capacity, cols, "col_capacity")
    rmin = _counts(row_minimum, rows, "row_minimum", optional=True)
    cmin = _counts(col_minimum, cols, "col_minimum", optional=True)
    rg, rg_lo, rg_hi = _groups(row_groups, row_group_bounds, rows, "row_group")
    cg, cg_lo, cg_hi = _groups(col_groups, col_group_bounds, cols, "col_group")
    pins = np.asarray(list(pinned) if pinned is not None else [], dtype=_I64).reshape(-1, 2)
    first, last = _intervals(col_intervals, cols)
    out = _core._solve_capacitated(
        rows, cols, indptr, indices, data, rcap, ccap, rmin, cmin, rg, rg_lo, rg_hi, cg, cg_lo,
        cg_hi, np.ascontiguousarray(pins[:, 0]), np.ascontiguousarray(pins[:, 1]), first, last,
        bool(maximize), bool(max_cardinality), bool(allow_partial))
    why = out["infeasibility"]
    if why is not None:
        why = BMatchingInfeasibility(
            message=why["message"], rows=why["rows"], cols=why["cols"],
            required=int(why["required"]), available=int(why["available"]),
            rules=list(why["rules"]))
    return BMatchingResult(
        status=out["status"], row_ind=out["row_ind"], col_ind=out["col_ind"],
        total=float(out["total"]), bound=float(out["bound"]), row_price=out["row_price"],
        col_price=out["col_price"], pair_price=float(out["pair_price"]), infeasibility=why)


def b_matching(weights, row_capacity, col_capacity, *, maximize: bool = True,
               max_cardinality: bool = False):
    """Maximum-weight bipartite b-matching.

    Parameters
    ----------
    weights : array_like of shape (n, m), or a scipy.sparse matrix
        Dense: the weight of each pair; -inf forbids a pair when maximising, +inf when
        minimising (NaN, and the opposite infinity, are invalid). Sparse: the stored entries,
        explicit zeros included, are the allowed pairs.
    row_capacity, col_capacity : int or array of int
        Most pairs per row / per column (non-negative; 0 excludes the row or column).
    maximize : bool
        Maximise (default) or minimise the total weight. Minimising needs max_cardinality.
    max_cardinality : bool
        If True, first maximise the number of pairs, then optimise the weight among those.

    Returns
    -------
    row_ind, col_ind : ndarray of int64
        The chosen pairs, sorted by row then column.

    Raises
    ------
    ValueError
        Not a matrix; invalid entries; capacities negative, non-integer or of the wrong length;
        ``maximize=False`` without ``max_cardinality``.

    Notes
    -----
    Exact: network simplex on the flow layout, O(n + m + pairs) memory. Pairs of negative weight
    are left out when maximising the weight (they would lower the total).

    Examples
    --------
    >>> import numpy as np, tokten
    >>> w = np.array([[5.0, 4.0], [-np.inf, 3.0]])
    >>> tokten.b_matching(w, [2, 1], 1)
    (array([0, 0]), array([0, 1]))
    """
    r = solve_b_matching(weights, row_capacity, col_capacity, maximize=maximize,
                         max_cardinality=max_cardinality)
    return r.row_ind, r.col_ind
