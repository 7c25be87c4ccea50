"""Sparse rectangular assignment.

A drop-in for scipy.sparse.csgraph.min_weight_full_bipartite_matching, and a richer solve
with the dual certificate or, when infeasible, a Hall witness.

The input is validated and converted to CSR here, once; the algorithm runs in C++
(``tokten/match/sparse_assignment.hpp``) on the CSR arrays in place.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Optional

import numpy as np

from . import _core

__all__ = [
    "min_weight_full_bipartite_matching",
    "solve_sparse_assignment",
    "SparseAssignmentResult",
    "HallWitness",
]

# The formats scipy's matcher accepts; tokten also converts every other scipy.sparse format.
_SCIPY_FORMATS = ("csr", "csc", "coo")


def _as_scipy_sparse(matrix):
    """The input as a scipy.sparse matrix or array, with scipy's error for anything else."""
    try:
        import scipy.sparse as sp
    except ImportError:  # no scipy: nothing can be a scipy.sparse matrix
        raise TypeError("graph must be sparse") from None
    if not sp.issparse(matrix) and hasattr(matrix, "to_scipy_sparse"):  # pydata.sparse
        matrix = matrix.to_scipy_sparse()
    if not sp.issparse(matrix):
        raise TypeError("graph must be sparse")
    return matrix


def _check_numeric(matrix) -> None:
    if not (np.issubdtype(matrix.dtype, np.number) or matrix.dtype == np.dtype(np.bool_)):
        raise ValueError(f"expected a matrix containing numerical entries, got {matrix.dtype}")


def _csr_arrays(csr):
    """(indptr, indices, data) as the kernel reads them: contiguous, native, one index type."""
    indptr, indices = csr.indptr, csr.indices
    if indptr.dtype != indices.dtype or indptr.dtype not in (np.int32, np.int64):
        indptr, indices = indptr.astype(np.int64), indices.astype(np.int64)
    data = csr.data
    if not data.dtype.isnative:
        data = data.astype(data.dtype.newbyteorder("="))
    return (
        np.ascontiguousarray(indptr),
        np.ascontiguousarray(indices),
        np.ascontiguousarray(data),
    )


def _index_dtype(size: int):
    """scipy returns the solved side's indices as int32 (intp only beyond the int32 range)."""
    return np.int32 if size <= np.iinfo(np.int32).max else np.intp


def min_weight_full_bipartite_matching(biadjacency, maximize=False):
    """Minimum (or maximum) weight full matching of a bipartite graph (a drop-in for SciPy's).

    Choose ``min(n, m)`` allowed pairs of an ``n x m`` biadjacency matrix, no row and no column
    twice, so that every vertex of the smaller side is matched and the sum of the weights is
    minimal (maximal with ``maximize=True``).

    Parameters
    ----------
    biadjacency : scipy sparse array or matrix
        The weights of the allowed pairs. As in SciPy: a stored entry is an allowed pair, except
        explicit zeros (removed, with a ``UserWarning``) and ``+inf`` when minimising (``-inf``
        when maximising), which forbid the pair; duplicates of COO input are summed. CSR, CSC
        and COO are read as SciPy reads them; unlike SciPy, other formats (DOK, LIL, BSR, DIA)
        are accepted too and converted to CSR, their zeros (such as BSR block padding)
        dropped silently. Any numeric or bool dtype (complex: the imaginary part is discarded
        with a warning, as by SciPy).
    maximize : bool, optional
        Maximise the total weight instead. Default False.

    Returns
    -------
    row_ind, col_ind : ndarray
        The matched pairs, sorted by row: ``biadjacency[row_ind, col_ind].sum()`` is the optimal
        total. For ``n <= m``, ``row_ind`` is ``arange(n)`` (intp) and ``col_ind`` int32; for
        ``n > m``, ``row_ind`` is int32 and ``col_ind`` intp: SciPy's dtypes.

    Raises
    ------
    TypeError
        "graph must be sparse" when the input is not a scipy.sparse matrix or array.
    ValueError
        "no full matching exists" when the smaller side cannot be matched;
        "expected a matrix containing numerical entries, got ..." for non-numeric dtypes;
        "matrix contains invalid numeric entries" for NaN, ``-inf`` when minimising or ``+inf``
        when maximising (SciPy returns an arbitrary matching or a wrong error for these).

    See Also
    --------
    solve_sparse_assignment : the same solve, with the total, dual potentials and, when
        infeasible, a Hall witness instead of an exception.

    Notes
    -----
    Successive shortest augmenting paths with dual potentials (sparse Jonker-Volgenant), each
    search a Dijkstra over the stored pairs with a binary heap that resets only what it
    touched; the smaller side is augmented, the larger never padded. Worst case
    ``O(k E log E)`` for ``k = min(n, m)`` augmentations over ``E`` stored pairs, far less on
    typical instances; memory ``O(n + m + E)``, never ``O(n m)``. The GIL is released during
    the solve.

    Optimal matchings are often not unique: compare totals, not index arrays.

    Examples
    --------
    >>> from scipy.sparse import csr_array
    >>> from tokten import min_weight_full_bipartite_matching
    >>> biadjacency = csr_array([[3, 3, 6], [4, 3, 5], [10, 1, 8]])
    >>> row_ind, col_ind = min_weight_full_bipartite_matching(biadjacency)
    >>> print(col_ind)
    [0 2 1]
    >>> print(biadjacency[row_ind, col_ind].sum())
    9
    """
    matrix = _as_scipy_sparse(biadjacency)
    scipy_format = matrix.format in _SCIPY_FORMATS
    _check_numeric(matrix)
    if not scipy_format:
        matrix = matrix.tocsr()
        matrix.eliminate_zeros()
    matrix = matrix.astype(np.float64)  # a copy: the caller's matrix is never modified
    if maximize:
        matrix = -matrix

    # SciPy's order of operations: zeros warned about and removed, the forbidding infinity
    # removed, then the conversion to CSR (which sums COO duplicates).
    if not np.all(matrix.data):
        warnings.warn(
            "explicit zero weights are removed before matching", UserWarning, stacklevel=2
        )
    matrix.data[np.isposinf(matrix.data)] = 0
    matrix.eliminate_zeros()
    rows, cols = matrix.shape
    csr = matrix.tocsr()
    indptr, indices, data = _csr_arrays(csr)

    # The kernel minimises (weights were negated for maximize).
    row_to_col, _, _, _, feasible, _ = _core._solve_sparse_assignment(
        rows, cols, indptr, indices, data, False
    )
    if not feasible:
        raise ValueError("no full matching exists")
    matched = np.flatnonzero(row_to_col >= 0)
    if rows <= cols:
        return matched.astype(np.intp, copy=False), row_to_col[matched].astype(_index_dtype(cols))
    return matched.astype(_index_dtype(rows)), row_to_col[matched].astype(np.intp, copy=False)


@dataclass(frozen=True)
class HallWitness:
    """Why the smaller side cannot be matched: ``members`` have fewer allowed partners.

    Attributes
    ----------
    rows_side : bool
        True when ``members`` are rows (the rows are the smaller side, ``n <= m``), False when
        they are columns.
    members : ndarray of int64
        A set R of the smaller side, ascending.
    neighbours : ndarray of int64
        N(R): every vertex of the other side allowed to any member, ascending;
        ``len(neighbours) < len(members)``.

    Notes
    -----
    By Hall's theorem the smaller side can be matched exactly when no such set exists; the
    witness found shows the whole shortfall: ``deficiency`` is how many vertices of the
    smaller side every matching leaves unmatched. Anyone can check it from the input alone.

    Examples
    --------
    >>> from scipy.sparse import csr_array
    >>> from tokten import solve_sparse_assignment
    >>> w = solve_sparse_assignment(csr_array([[1, 0, 0], [2, 0, 0], [3, 4, 5]])).witness
    >>> w
    HallWitness(2 rows with 1 allowed partners, deficiency 1)
    >>> w.rows_side, w.members.tolist(), w.neighbours.tolist()
    (True, [0, 1], [0])
    """

    rows_side: bool
    members: np.ndarray
    neighbours: np.ndarray

    @property
    def deficiency(self) -> int:
        """How many members stay unmatched in every matching: ``len(members) - len(neighbours)``."""
        return len(self.members) - len(self.neighbours)

    def __repr__(self) -> str:
        side = "rows" if self.rows_side else "columns"
        return (
            f"HallWitness({len(self.members)} {side} with {len(self.neighbours)} allowed "
            f"partners, deficiency {self.deficiency})"
        )


@dataclass(frozen=True)
class SparseAssignmentResult:
    """An optimal sparse assignment with its dual certificate, or the reason there is none.

    Attributes
    ----------
    feasible : bool
        False when the smaller side cannot be matched; then the potentials are empty,
        ``witness`` says why, and ``row_ind``, ``col_ind`` are empty with ``total`` NaN, or,
        with ``allow_partial=True``, hold the best partial assignment (the most pairs, then the
        best total) with its total.
    row_ind, col_ind : ndarray of intp
        The matched pairs, sorted by row.
    total : float
        The optimal total weight.
    row_potential, col_potential : ndarray of float64
        Dual potentials ``u``, ``v``. When minimising, ``u[i] + v[j] <= w[i, j]`` for every
        stored pair with equality on the matched pairs; on the larger side of a rectangle every
        potential is ``<= 0``, exactly 0 where unmatched. Reversed when maximising.
    witness : HallWitness or None
        Set exactly when infeasible.

    Examples
    --------
    >>> from scipy.sparse import csr_array
    >>> from tokten import solve_sparse_assignment
    >>> res = solve_sparse_assignment(csr_array([[4, 1, 3], [2, 0, 5]]))
    >>> res
    SparseAssignmentResult(pairs=2, total=3.0, rows=2, cols=3)
    >>> res.feasible, res.witness is None
    (True, True)
    """

    feasible: bool
    row_ind: np.ndarray
    col_ind: np.ndarray
    total: float
    row_potential: np.ndarray
    col_potential: np.ndarray
    witness: Optional[HallWitness]

    def __repr__(self) -> str:
        if not self.feasible:
            return f"SparseAssignmentResult(feasible=False, witness={self.witness!r})"
        return (
            f"SparseAssignmentResult(pairs={len(self.row_ind)}, total={self.total!r}, "
            f"rows={len(self.row_potential)}, cols={len(self.col_potential)})"
        )


def _kernel_data(data: np.ndarray) -> np.ndarray:
    """Weights in a dtype the kernel reads exactly: float64/float32/int64/int32 as they are."""
    kind, size = data.dtype.kind, data.dtype.itemsize
    if data.dtype in (np.float64, np.float32, np.int64, np.int32):
        return data
    if kind == "b" or (kind in "iu" and size < 4) or (kind == "u" and size == 4):
        return data.astype(np.int64 if kind == "u" and size == 4 else np.int32)
    if kind == "u" and (data.size == 0 or data.max() <= np.iinfo(np.int64).max):
        return data.astype(np.int64)
    if kind == "f" and size < 4:
        return data.astype(np.float32)
    if kind in "iuf":
        return data.astype(np.float64)
    raise TypeError(f"expected real weights, got {data.dtype}")


def solve_sparse_assignment(matrix, maximize=False, *, allow_partial=False) -> SparseAssignmentResult:
    """Solve the sparse assignment problem; return the total, potentials or a Hall witness.

    Unlike :func:`min_weight_full_bipartite_matching`, every stored entry is an allowed pair,
    explicit zeros included (weight 0), and infeasibility is a result, not an exception.

    Parameters
    ----------
    matrix : scipy sparse array or matrix
        Any scipy.sparse format (converted to CSR once; duplicates summed). Weights are read in
        their own dtype: float64, float32, int64 and int32 in place, other integers and bool
        widened; integer weights are solved exactly.
    maximize : bool, optional
        Maximise the total weight instead. Default False.
    allow_partial : bool, optional
        When infeasible, also return the best partial assignment. Default False.

    Returns
    -------
    SparseAssignmentResult
        ``feasible``, ``row_ind``, ``col_ind`` (intp, sorted by row), ``total``,
        ``row_potential``, ``col_potential`` and ``witness`` (a :class:`HallWitness` when
        infeasible: a set of the smaller side with fewer allowed partners than members; the
        whole shortfall, ``witness.deficiency == min(n, m) -`` the largest matching).

    Raises
    ------
    TypeError
        "graph must be sparse" for anything but a scipy.sparse matrix or array; complex weights.
    ValueError
        "matrix contains invalid numeric entries" for NaN or infinite weights (forbid a pair by
        not storing it); "expected a matrix containing numerical entries, got ..." for
        non-numeric dtypes.

    See Also
    --------
    min_weight_full_bipartite_matching : SciPy's interface to the same solver.
    solve_assignment : the same problem on a dense matrix.

    Notes
    -----
    The solver of :func:`min_weight_full_bipartite_matching`: worst case ``O(k E log E)`` for
    ``k = min(n, m)`` and ``E`` stored pairs, memory ``O(n + m + E)``. When infeasible, a
    Hopcroft-Karp maximum matching (``O(E sqrt(n + m))``) gives the witness, and with
    ``allow_partial`` a b-matching with unit capacities gives the partial assignment. The
    potentials certify optimality: ``w[i, j] - u[i] - v[j] >= 0`` on every stored pair when
    minimising, ``== 0`` on the matched pairs.

    Examples
    --------
    >>> from scipy.sparse import csr_array
    >>> from tokten import solve_sparse_assignment
    >>> res = solve_sparse_assignment(csr_array([[1, 0, 0], [2, 0, 0], [3, 4, 5]]))
    >>> res.feasible, res.witness.members.tolist(), res.witness.neighbours.tolist()
    (False, [0, 1], [0])
    >>> res = solve_sparse_assignment(csr_array([[4, 1, 3], [2, 0, 5]]))
    >>> res.total, res.col_ind.tolist()
    (3.0, [1, 0])
    """
    matrix = _as_scipy_sparse(matrix)
    _check_numeric(matrix)
    rows, cols = matrix.shape
    csr = matrix.tocsr(copy=True)
    csr.sum_duplicates()
    indptr, indices, data = _csr_arrays(csr)
    data = np.ascontiguousarray(_kernel_data(data))
    row_to_col, total, u, v, feasible, witness = _core._solve_sparse_assignment(
        rows, cols, indptr, indices, data, bool(maximize)
    )
    matched = np.flatnonzero(row_to_col >= 0)
    hall = None
    if witness is not None:
        hall = HallWitness(bool(witness[0]), witness[1], witness[2])
        if allow_partial:
            # The most pairs, then the best total: b-matching with unit capacities.
            from ._bmatching import solve_b_matching
            part = solve_b_matching(csr, 1, 1, maximize=bool(maximize), max_cardinality=True)
            r = part.row_ind.astype(np.intp, copy=False)
            c = part.col_ind.astype(np.intp, copy=False)
            empty = np.zeros(0)
            return SparseAssignmentResult(False, r, c, part.total, empty, empty, hall)
    return SparseAssignmentResult(
        bool(feasible),
        matched.astype(np.intp, copy=False),
        row_to_col[matched].astype(np.intp, copy=False),
        float(total),
        u,
        v,
        hall,
    )
