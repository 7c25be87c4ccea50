"""Dense rectangular linear assignment: a drop-in for scipy.optimize.linear_sum_assignment.

The input is validated and coerced here, once; the algorithm runs in C++
(``tokten/match/dense_assignment.hpp``) on the array in place, whatever its strides.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import numpy as np

from . import _core
from ._sparse import HallWitness

__all__ = ["linear_sum_assignment", "solve_assignment", "LinearAssignmentResult"]

# dtypes the kernel reads directly (native byte order); every other accepted dtype is converted
# to the narrowest of these that holds it exactly.
_KERNEL_DTYPES = frozenset(
    np.dtype(t) for t in (np.float64, np.float32, np.int64, np.int32, np.uint8)
)


def _as_cost_matrix(cost_matrix) -> np.ndarray:
    """Validate like scipy, then return a 2-D array of a kernel dtype (a view when possible)."""
    if isinstance(cost_matrix, np.ndarray):
        a = cost_matrix
        if not np.can_cast(a.dtype, np.float64, casting="safe"):
            raise TypeError(
                f"Cannot cast array data from {a.dtype!r} to dtype('float64') "
                "according to the rule 'safe'"
            )
    else:
        # Lists and other array-likes: keep exact integers when numpy infers them, otherwise
        # convert to float64 as scipy does (which also raises scipy's errors).
        try:
            inferred: Optional[np.ndarray] = np.asarray(cost_matrix)
        except (ValueError, TypeError):
            inferred = None
        if inferred is None or inferred.dtype.kind not in "biuf":
            inferred = np.asarray(cost_matrix, dtype=np.float64)
        a = inferred

    if a.ndim != 2:
        raise ValueError(f"expected a matrix (2-D array), got a {a.ndim!r} array")
    if type(a) is not np.ndarray:  # np.matrix and other subclasses
        a = a.view(np.ndarray)

    if not a.dtype.isnative:
        a = a.astype(a.dtype.newbyteorder("="))
    kind, size = a.dtype.kind, a.dtype.itemsize
    if kind == "b":
        a = a.view(np.uint8)
    elif kind == "f" and a.dtype not in _KERNEL_DTYPES:
        a = a.astype(np.float32 if size < 4 else np.float64)
    elif kind == "i" and a.dtype not in _KERNEL_DTYPES:
        a = a.astype(np.int32 if size < 4 else np.int64)
    elif kind == "u" and a.dtype not in _KERNEL_DTYPES:
        if size < 4:
            a = a.astype(np.int32)
        elif size == 4 or a.size == 0 or a.max() <= np.iinfo(np.int64).max:
            a = a.astype(np.int64)
        else:
            a = a.astype(np.float64)  # uint64 beyond int64: what scipy computes with
    if not a.flags.aligned or any(s % a.dtype.itemsize for s in a.strides):
        a = np.array(a, copy=True)
    return a


def _solve(cost_matrix, maximize: bool):
    a = _as_cost_matrix(cost_matrix)
    row_ind, col_ind, total, u, v, feasible = _core._solve_dense_assignment(a, bool(maximize))
    if not feasible:
        raise ValueError("cost matrix is infeasible")
    return row_ind, col_ind, total, u, v


def linear_sum_assignment(cost_matrix, maximize=False):
    """Solve the linear sum assignment problem (a drop-in for SciPy's function).

    Given an ``n x m`` cost matrix ``C``, choose ``k = min(n, m)`` pairs of a row and a column,
    no row and no column twice, such that the sum of ``C[i, j]`` over the pairs is minimal (or
    maximal with ``maximize=True``). Every row of the smaller side is matched; nothing is
    padded.

    Parameters
    ----------
    cost_matrix : array_like
        The cost matrix, 2-D. float64, float32, int64, int32, uint8 and bool arrays are read in
        place with any strides (Fortran order, slices, transposes); other numeric dtypes are
        converted once (float16 to float32, other integers to int32 or int64). ``+inf`` forbids
        a pair when minimising, ``-inf`` when maximising.
    maximize : bool, optional
        Maximise the total instead of minimising it. Default False.

    Returns
    -------
    row_ind, col_ind : ndarray of intp
        The matched pairs ``(row_ind[t], col_ind[t])``, sorted by row. The optimal total is
        ``cost_matrix[row_ind, col_ind].sum()``. For a square matrix ``row_ind`` is
        ``arange(n)``.

    Raises
    ------
    ValueError
        "expected a matrix (2-D array), got a ... array" when the input is not 2-D;
        "matrix contains invalid numeric entries" for NaN, ``-inf`` when minimising or ``+inf``
        when maximising; "cost matrix is infeasible" when the smaller side cannot be matched
        with allowed pairs.
    TypeError
        When the array's dtype cannot be cast safely to float64 (strings, complex, objects).

    See Also
    --------
    solve_assignment : the same solve, also returning the total and dual potentials.

    Notes
    -----
    Shortest augmenting paths with dual potentials: the Jonker-Volgenant (1987) initialisation
    and shortest-path phase, extended to rectangles as Crouse (2016) describes; square matrices
    of size 256 and more first solve a sparsified copy and verify its duals on the full matrix.
    Worst-case time ``O(k^2 K)`` for ``k = min(n, m)``, ``K = max(n, m)`` (``O(n^3)`` for a
    square matrix), usually far less; extra memory ``O(n + m)``, plus one copy of the matrix
    in its own dtype when the smaller side's vectors are not contiguous. Integer matrices are
    solved exactly while entries stay within ``2^56`` in magnitude. The GIL is released during
    the solve.

    Optimal assignments are often not unique: compare totals, not index arrays.

    References
    ----------
    R. Jonker and A. Volgenant, "A shortest augmenting path algorithm for dense and sparse
    linear assignment problems", Computing 38 (1987) 325-340.
    D. F. Crouse, "On implementing 2D rectangular assignment algorithms", IEEE Transactions on
    Aerospace and Electronic Systems 52(4) (2016) 1679-1696.

    Examples
    --------
    >>> import numpy as np
    >>> from tokten import linear_sum_assignment
    >>> cost = np.array([[4, 1, 3], [2, 0, 5], [3, 2, 2]])
    >>> row_ind, col_ind = linear_sum_assignment(cost)
    >>> col_ind
    array([1, 0, 2])
    >>> int(cost[row_ind, col_ind].sum())
    5
    """
    row_ind, col_ind, _, _, _ = _solve(cost_matrix, maximize)
    return row_ind.astype(np.intp, copy=False), col_ind.astype(np.intp, copy=False)


@dataclass(frozen=True)
class LinearAssignmentResult:
    """An optimal assignment with its dual certificate.

    Attributes
    ----------
    row_ind, col_ind : ndarray of intp
        The matched pairs, sorted by row (as from ``linear_sum_assignment``).
    total : float
        The optimal total, ``cost_matrix[row_ind, col_ind].sum()``.
    row_potential, col_potential : ndarray of float64
        Dual potentials ``u`` (one per row) and ``v`` (one per column). When minimising,
        ``u[i] + v[j] <= C[i, j]`` for every allowed pair with equality on the matched pairs,
        and on the larger side of a rectangle every potential is ``<= 0``, exactly 0 where
        unmatched. When maximising the inequalities are reversed. Together they prove the
        assignment optimal.
    feasible : bool
        False only with ``allow_partial=True`` on an infeasible matrix; then the pairs are the
        best partial assignment (the most pairs, then the best total among those), ``total`` is
        their sum, the potentials are empty, and ``witness`` says why no full one exists.
    witness : HallWitness or None
        A set of rows (or columns) of the smaller side with fewer allowed partners than members.

    Examples
    --------
    >>> import numpy as np
    >>> from tokten import solve_assignment
    >>> res = solve_assignment(np.array([[4, 1, 3], [2, 0, 5], [3, 2, 2]]))
    >>> res.total, res.col_ind.tolist(), res.feasible
    (5.0, [1, 0, 2], True)
    >>> res
    LinearAssignmentResult(pairs=3, total=5.0, rows=3, cols=3)
    """

    row_ind: np.ndarray
    col_ind: np.ndarray
    total: float
    row_potential: np.ndarray
    col_potential: np.ndarray
    feasible: bool = True
    witness: Optional[HallWitness] = None

    def __repr__(self) -> str:
        if not self.feasible:
            return (f"LinearAssignmentResult(feasible=False, partial pairs={len(self.row_ind)}, "
                    f"witness={self.witness!r})")
        return (
            f"LinearAssignmentResult(pairs={len(self.row_ind)}, total={self.total!r}, "
            f"rows={len(self.row_potential)}, cols={len(self.col_potential)})"
        )


def solve_assignment(cost_matrix, maximize=False, *, allow_partial=False) -> LinearAssignmentResult:
    """Solve the linear sum assignment problem and return the total and dual potentials.

    Same input, semantics and errors as :func:`linear_sum_assignment`.

    Parameters
    ----------
    cost_matrix : array_like
        The 2-D cost matrix; see :func:`linear_sum_assignment`.
    maximize : bool, optional
        Maximise the total instead of minimising it. Default False.
    allow_partial : bool, optional
        When the smaller side cannot be matched, return the best partial assignment with a
        Hall witness (``feasible=False``) instead of raising. Default False.

    Returns
    -------
    LinearAssignmentResult
        ``row_ind``, ``col_ind`` (intp, sorted by row), ``total`` (float) and the dual
        potentials ``row_potential``, ``col_potential`` (float64) certifying optimality.

    Raises
    ------
    ValueError, TypeError
        As :func:`linear_sum_assignment`; "cost matrix is infeasible" names the rows (or
        columns) whose allowed partners are too few.

    See Also
    --------
    linear_sum_assignment : the pairs only, as SciPy returns them.
    solve_sparse_assignment : the same problem on a sparse matrix.

    Notes
    -----
    The algorithm of :func:`linear_sum_assignment`: worst-case time ``O(k^2 K)`` for
    ``k = min(n, m)``, ``K = max(n, m)`` (``O(n^3)`` square). When infeasible, a
    Hopcroft-Karp maximum matching (``O(E sqrt(n + m))`` over the ``E`` allowed entries) gives
    the Hall witness, and with ``allow_partial`` a b-matching with unit capacities gives the
    partial assignment. The certificate can be checked in numpy: with ``u, v`` the potentials,
    ``C - u[:, None] - v[None, :] >= 0`` on the allowed pairs when minimising, ``== 0`` on the
    matched pairs.

    Examples
    --------
    >>> import numpy as np
    >>> from tokten import solve_assignment
    >>> res = solve_assignment(np.array([[4.0, 1.0, 3.0], [2.0, 0.0, 5.0]]))
    >>> res.total
    3.0
    >>> bool(np.all(res.row_potential[:, None] + res.col_potential <= [[4, 1, 3], [2, 0, 5]]))
    True
    >>> inf = np.inf
    >>> res = solve_assignment([[1.0, inf, inf], [2.0, inf, inf], [3.0, 4.0, 5.0]],
    ...                        allow_partial=True)
    >>> res.feasible, res.witness.members.tolist(), res.row_ind.tolist(), res.col_ind.tolist()
    (False, [0, 1], [0, 2], [0, 1])
    """
    a = _as_cost_matrix(cost_matrix)
    row_ind, col_ind, total, u, v, feasible = _core._solve_dense_assignment(a, bool(maximize))
    if not feasible:
        found = _core._hall_witness_dense(a, bool(maximize))
        assert found is not None  # infeasible: some set of the smaller side falls short
        side, members, neighbours = found
        witness = HallWitness(bool(side), members, neighbours)
        if not allow_partial:
            what = "rows" if witness.rows_side else "columns"
            raise ValueError(
                f"cost matrix is infeasible: {what} {_brief(members)} have only "
                f"{len(neighbours)} allowed partner(s) {_brief(neighbours)}")
        # The best partial assignment: the most pairs, then the best total (b-matching with
        # unit capacities, counting pairs first).
        from ._bmatching import solve_b_matching
        w = a.astype(np.float64)
        part = solve_b_matching(w, 1, 1, maximize=bool(maximize), max_cardinality=True)
        rows = part.row_ind.astype(np.intp, copy=False)
        cols = part.col_ind.astype(np.intp, copy=False)
        empty = np.zeros(0)
        return LinearAssignmentResult(rows, cols, float(w[rows, cols].sum()), empty, empty,
                                      feasible=False, witness=witness)
    return LinearAssignmentResult(
        row_ind.astype(np.intp, copy=False),
        col_ind.astype(np.intp, copy=False),
        float(total),
        u,
        v,
    )


def _brief(indices: np.ndarray, limit: int = 10) -> str:
    shown = ", ".join(str(int(i)) for i in indices[:limit])
    more = f", ... ({len(indices)} in all)" if len(indices) > limit else ""
    return f"[{shown}{more}]"
