"""Safe publication of two-way tables: suppression of small counts, and an audit that proves it.

A table of missions (or beneficiaries) by region x sector is published with its row, column and
grand totals. A number behind which stand fewer than ``k`` distinct experts is withheld (primary
suppression); more numbers are withheld (complementary suppression, totals too when cells cannot
do) until no withheld number can be worked out from what is published: over every table of
non-negative whole numbers that agrees with the published ones, each withheld number still
ranges over at least ``protection`` values. ``audit`` computes those ranges exactly.

The work is done by ``tokten/publish/suppression.hpp`` (network flows, GIL released); this
module reads the DataFrames, names rows and columns in errors and messages, and lays out the
published table.
"""

from __future__ import annotations

import math
import os
from typing import Any, Dict, Hashable, List, NamedTuple, Optional, Sequence, Tuple, Union

import numpy as np

from . import _core
from ._result import write_atomically
from ._tables import TableError, _is_missing

__all__ = ["AuditReport", "CountTable", "PublishedTable", "audit_table", "count_table", "publish_table"]

PathLike = Union[str, "os.PathLike[str]"]
_COSTS = ("value", "cells")
_KIND = {0: "published", 1: "primary", 2: "complementary"}


def _pd() -> Any:
    import pandas as pd

    return pd


# --------------------------------------------------------------------------------------------
# Reading the inputs.

def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _whole(value: Any, table: str, row: Any, column: Any, what: str) -> int:
    """A whole number >= 0 from a cell, or a TableError that names the cell."""
    where = table + (f", row {row!r}" if row is not None else "") + (
        f", column {column!r}" if column is not None else "")
    if not isinstance(value, str) and _is_missing(value):
        raise TableError(f"{where}: missing value; expected {what}", table=table, row=row,
                         column=None if column is None else str(column))
    ok = not isinstance(value, (bool, np.bool_, str))
    if ok:
        try:
            as_float = float(value)
        except (TypeError, ValueError):
            ok = False
        else:
            ok = math.isfinite(as_float) and as_float == int(as_float) and as_float >= 0
    if not ok:
        raise TableError(f"{where}: expected {what}, got {_shown(value)}", table=table, row=row,
                         column=None if column is None else str(column))
    number = int(value) if isinstance(value, (int, np.integer)) else int(float(value))
    if number >= 2 ** 52:
        raise TableError(f"{where}: {number} is too large (at most 2^52)", table=table, row=row,
                         column=None if column is None else str(column))
    return number


def _frame(data: Any, name: str) -> Any:
    pd = _pd()
    frame = data if isinstance(data, pd.DataFrame) else pd.DataFrame(data)
    for axis, labels in (("row", frame.index), ("column", frame.columns)):
        if labels.has_duplicates:
            dupe = labels[labels.duplicated()][0]
            raise TableError(f"{name}: the {axis} label {dupe!r} appears more than once", table=name)
    return frame


def _int_matrix(frame: Any, name: str, what: str) -> np.ndarray:
    """The frame's cells as int64, each checked (fast path for integer columns)."""
    out = np.zeros(frame.shape, dtype=np.int64)
    for j, column in enumerate(frame.columns):
        series = frame.iloc[:, j]
        values = series.to_numpy()
        if values.dtype.kind in "iu" and (values.size == 0 or (values.min() >= 0 and values.max() < 2 ** 52)):
            out[:, j] = values
            continue
        for i, (label, cell) in enumerate(series.items()):
            out[i, j] = _whole(cell, name, label, column, what)
    return out


def _check_labels(total_label: Hashable, values: Any) -> None:
    for axis, labels in (("row", values.index), ("column", values.columns)):
        if total_label in labels.tolist():
            raise TableError(f"values: a {axis} is labelled {total_label!r}, the label of the totals; "
                             f"rename it or pass total_label=", table="values")


def _aligned(frame: Any, values: Any, name: str) -> Any:
    """`frame` with the rows and columns of `values`, in their order."""
    for axis, mine, theirs in (("row", frame.index, values.index), ("column", frame.columns, values.columns)):
        missing = [label for label in theirs if label not in set(mine)]
        extra = [label for label in mine if label not in set(theirs)]
        if missing or extra:
            label, verb = (missing[0], "lacks") if missing else (extra[0], "has an extra")
            raise TableError(f"{name} {verb} {axis} {label!r}: it must have the rows and columns of "
                             f"values", table=name, row=label if axis == "row" else None,
                             column=str(label) if axis == "column" else None)
    return frame.loc[values.index.tolist(), values.columns.tolist()]


def _margin_experts(given: Any, labels: Any, name: str) -> Optional[np.ndarray]:
    """Distinct experts per row (or column), in the order of `labels`; None when not given."""
    if given is None:
        return None
    pd = _pd()
    if isinstance(given, (pd.Series, dict)):
        series = pd.Series(given) if isinstance(given, dict) else given
        missing = [label for label in labels if label not in series.index]
        if missing:
            raise TableError(f"{name}: no count for {missing[0]!r}", table=name, row=missing[0])
        items = [(label, series[label]) for label in labels]
    else:
        seq = list(given)
        if len(seq) != len(labels):
            raise TableError(f"{name}: {len(seq)} counts for {len(labels)} labels", table=name)
        items = list(zip(labels, seq))
    return np.array([_whole(v, name, label, None, "a count of distinct experts, a whole number >= 0")
                     for label, v in items], dtype=np.int64)


def _check_margin_experts(counts: Optional[np.ndarray], cells: np.ndarray, labels: Any, name: str,
                          word: str) -> None:
    """A total's distinct experts lie between the most of any of its cells and their sum."""
    if counts is None:
        return
    most = cells.max(axis=1) if cells.shape[1] else np.zeros(cells.shape[0], dtype=np.int64)
    total = cells.sum(axis=1)
    for label, count, lo, hi in zip(labels, counts, most, total):
        if not lo <= count <= hi:
            raise TableError(f"{name}: {word} {label!r} counts {count} distinct experts, but its cells "
                             f"need between {lo} and {hi} (the most of one cell, and their sum)",
                             table=name, row=label)


class _Inputs(NamedTuple):
    values: Any        # DataFrame
    experts: Any       # DataFrame
    v: np.ndarray
    e: np.ndarray
    row_experts: Optional[np.ndarray]
    col_experts: Optional[np.ndarray]
    total_experts: Optional[int]


def _read(values: Any, experts: Any, row_experts: Any, col_experts: Any, total_experts: Any,
          total_label: Hashable) -> _Inputs:
    values = _frame(values, "values")
    _check_labels(total_label, values)
    v = _int_matrix(values, "values", "a whole number >= 0")
    if experts is None:
        experts = values * 0
        e = np.zeros_like(v)
    else:
        experts = _aligned(_frame(experts, "experts"), values, "experts")
        e = _int_matrix(experts, "experts", "a count of distinct experts, a whole number >= 0")
    rows = _margin_experts(row_experts, values.index.tolist(), "row_experts")
    cols = _margin_experts(col_experts, values.columns.tolist(), "col_experts")
    _check_margin_experts(rows, e, values.index.tolist(), "row_experts", "row")
    _check_margin_experts(cols, e.T, values.columns.tolist(), "col_experts", "column")
    total = None
    if total_experts is not None:
        total = _whole(total_experts, "total_experts", None, None,
                       "a count of distinct experts, a whole number >= 0")
        row_eff = rows if rows is not None else (e.max(axis=1) if e.size else np.zeros(e.shape[0], np.int64))
        col_eff = cols if cols is not None else (e.max(axis=0) if e.size else np.zeros(e.shape[1], np.int64))
        lo = int(max(row_eff.max(initial=0), col_eff.max(initial=0)))
        hi = int(min(row_eff.sum(), col_eff.sum()))
        if not lo <= total <= hi:
            raise TableError(f"total_experts: {total} distinct experts, but the totals need between {lo} "
                             f"and {hi}", table="total_experts")
    return _Inputs(values, experts, v, e, rows, cols, total)


def _options(k: Any, protection: Any, protection_ratio: Any, cost: Any) -> Tuple[int, int, float, str]:
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 1:
        raise ValueError(f"k must be a whole number >= 1, got {_shown(k)}")
    if isinstance(protection, bool) or not isinstance(protection, (int, np.integer)) or protection < 1:
        raise ValueError(f"protection must be a whole number >= 1, got {_shown(protection)}")
    ratio = float(protection_ratio)
    if not math.isfinite(ratio) or ratio < 0:
        raise ValueError(f"protection_ratio must be a finite number >= 0, got {_shown(protection_ratio)}")
    if cost not in _COSTS:
        raise ValueError(f"cost must be 'value' or 'cells', got {_shown(cost)}")
    return int(k), int(protection), ratio, str(cost)


def _empty_i64(x: Optional[np.ndarray]) -> np.ndarray:
    return np.zeros(0, dtype=np.int64) if x is None else x


# --------------------------------------------------------------------------------------------
# The audit.

class AuditReport:
    """What a reader can work out from a published table: the range of every withheld number.

    ``safe`` is True when no sensitive number (one counting fewer than ``k`` distinct experts) is
    published and every withheld number keeps a range at least as wide as required, over all
    tables of whole numbers >= 0 that agree with what is published. The ranges are exact (two
    network flows per withheld number), not estimates.

    Attributes
    ----------
    safe : bool
        The table may be published.
    ranges : pandas.DataFrame
        One row per withheld number: ``row`` and ``column`` (their labels; a total has the label
        of the totals, ``"Total"``, in place of the missing one), ``value`` (the true value),
        ``lo`` and ``hi`` (what a reader can narrow it to; ``hi`` is ``inf`` when nothing bounds
        it), ``width`` (``hi - lo``), ``required`` (the width it needs), ``protected``,
        ``sensitive`` and ``kind`` (``"primary"`` for sensitive, else ``"complementary"``).
    exposed : pandas.DataFrame
        The sensitive numbers left published (``row``, ``column``, ``value``); empty when safe.
    failures : list of str
        One sentence per problem, with the row and column labels.

    Examples
    --------
    >>> import pandas as pd, tokten
    >>> values = pd.DataFrame({"health": [3, 8], "education": [10, 12]}, index=["Kayes", "Mopti"])
    >>> experts = pd.DataFrame({"health": [2, 7], "education": [9, 11]}, index=["Kayes", "Mopti"])
    >>> report = tokten.publish_table(values, experts, row_experts=[11, 18],
    ...                               col_experts=[9, 20], total_experts=29).audit()
    >>> report.safe
    True
    >>> report.ranges[["row", "column", "value", "lo", "hi", "kind"]]
         row     column  value  lo    hi           kind
    0  Kayes     health      3   0  11.0        primary
    1  Kayes  education     10   2  13.0  complementary
    2  Mopti     health      8   0  11.0  complementary
    3  Mopti  education     12   9  20.0  complementary
    """

    def __init__(self, safe: bool, ranges: Any, exposed: Any, failures: List[str]) -> None:
        self.safe = bool(safe)
        self.ranges = ranges
        self.exposed = exposed
        self.failures = list(failures)

    def __repr__(self) -> str:
        state = "safe" if self.safe else f"NOT safe: {len(self.failures)} problem(s)"
        return f"<AuditReport {state}, {len(self.ranges)} withheld numbers>"

    def _repr_html_(self) -> str:
        from html import escape

        from ._display import _box

        head = (f"<p>{'Safe to publish' if self.safe else 'Not safe to publish'}: "
                f"{len(self.ranges)} withheld numbers, {len(self.failures)} problem(s).</p>")
        parts = [head]
        if self.failures:
            shown = "".join(f"<li>{escape(f)}</li>" for f in self.failures[:10])
            more = f"<li>... and {len(self.failures) - 10} more</li>" if len(self.failures) > 10 else ""
            parts.append(f"<ul>{shown}{more}</ul>")
        if len(self.ranges):
            parts.append(self.ranges.to_html(max_rows=20, index=False))
        return _box("Publication audit", parts)


def _label(labels: Sequence[Any], k: int, total_label: Hashable) -> Any:
    return total_label if k < 0 else labels[k]


def _name(row: Any, col: Any, row_is_total: bool, col_is_total: bool) -> str:
    if row_is_total and col_is_total:
        return "the grand total"
    if col_is_total:
        return f"the total of row {row!r}"
    if row_is_total:
        return f"the total of column {col!r}"
    return f"cell ({row!r}, {col!r})"


def _report(inputs: _Inputs, cells: np.ndarray, row_totals: np.ndarray, col_totals: np.ndarray,
            grand_total: bool, k: int, protection: int, ratio: float, total_label: Hashable) -> AuditReport:
    pd = _pd()
    raw = _core._audit_table(inputs.v, inputs.e, _empty_i64(inputs.row_experts),
                             _empty_i64(inputs.col_experts),
                             -1 if inputs.total_experts is None else inputs.total_experts,
                             cells.astype(np.uint8), row_totals.astype(bool), col_totals.astype(bool),
                             bool(grand_total), k, protection, ratio)
    rows = inputs.values.index.tolist()
    cols = inputs.values.columns.tolist()
    hi = raw["hi"].astype(float)
    hi[raw["unbounded"]] = math.inf
    lo = raw["lo"]
    ranges = pd.DataFrame({
        "row": [_label(rows, r, total_label) for r in raw["row"].tolist()],
        "column": [_label(cols, c, total_label) for c in raw["col"].tolist()],
        "value": raw["value"],
        "lo": lo,
        "hi": hi,
        "width": hi - lo,
        "required": raw["required"],
        "protected": raw["protected"],
        "sensitive": raw["sensitive"],
        "kind": np.where(raw["sensitive"], "primary", "complementary"),
    })
    exposed_values = []
    failures = []
    for r, c in zip(raw["exposed_row"].tolist(), raw["exposed_col"].tolist()):
        row, col = _label(rows, r, total_label), _label(cols, c, total_label)
        value, count = _true_value(inputs, r, c)
        exposed_values.append((row, col, value))
        failures.append(f"{_name(row, col, r < 0, c < 0)} counts {count} distinct experts "
                        f"(fewer than k = {k}) but is published")
    for n, (r, c) in enumerate(zip(raw["row"].tolist(), raw["col"].tolist())):
        if raw["protected"][n]:
            continue
        name = _name(_label(rows, r, total_label), _label(cols, c, total_label), r < 0, c < 0)
        low, high = int(raw["lo"][n]), int(raw["hi"][n])  # bounded: an unbounded number is protected
        failures.append(f"{name} = {int(raw['value'][n])} is withheld but a reader can narrow it to "
                        f"[{low}, {high}] (width {high - low}, {int(raw['required'][n])} required)")
    exposed = pd.DataFrame(exposed_values, columns=["row", "column", "value"])
    return AuditReport(bool(raw["safe"]), ranges, exposed, failures)


def _true_value(inputs: _Inputs, r: int, c: int) -> Tuple[int, int]:
    """Value and distinct experts of a cell or total (r or c < 0 for a total)."""
    v, e = inputs.v, inputs.e
    if r >= 0 and c >= 0:
        return int(v[r, c]), int(e[r, c])
    if c < 0 and r >= 0:
        count = inputs.row_experts[r] if inputs.row_experts is not None else e[r].max(initial=0)
        return int(v[r].sum()), int(count)
    if r < 0 and c >= 0:
        count = inputs.col_experts[c] if inputs.col_experts is not None else e[:, c].max(initial=0)
        return int(v[:, c].sum()), int(count)
    if inputs.total_experts is not None:
        count = inputs.total_experts
    else:
        row_eff = inputs.row_experts if inputs.row_experts is not None else e.max(axis=1, initial=0)
        col_eff = inputs.col_experts if inputs.col_experts is not None else e.max(axis=0, initial=0)
        count = max(int(np.max(row_eff, initial=0)), int(np.max(col_eff, initial=0)))
    return int(v.sum()), int(count)


# --------------------------------------------------------------------------------------------
# The published table.

class PublishedTable:
    """A table ready for publication: sensitive and complementary numbers withheld.

    Made by :func:`publish_table`. ``table`` is what to publish; ``audit()`` proves it safe.

    Attributes
    ----------
    table : pandas.DataFrame
        The values with a total row and a total column appended (labelled ``total_label``,
        ``"Total"`` by default); withheld numbers show the marker (``"x"`` by default, ``pd.NA``
        with ``marker=None``).
    suppressed : pandas.DataFrame of bool
        True where a number is withheld, totals included (same shape as ``table``).
    kind : pandas.DataFrame of str
        ``"published"``, ``"primary"`` (sensitive) or ``"complementary"`` per number, totals
        included.
    values, experts : pandas.DataFrame
        The inputs (whole numbers).
    k, protection, protection_ratio, cost : the options used.

    Examples
    --------
    >>> import pandas as pd, tokten
    >>> values = pd.DataFrame({"health": [3, 8], "education": [10, 12]}, index=["Kayes", "Mopti"])
    >>> experts = pd.DataFrame({"health": [2, 7], "education": [9, 11]}, index=["Kayes", "Mopti"])
    >>> published = tokten.publish_table(values, experts, row_experts=[11, 18],
    ...                                  col_experts=[9, 20], total_experts=29)
    >>> published.table
          health education  Total
    Kayes      x         x     13
    Mopti      x         x     20
    Total     11        22     33
    >>> int(published.suppressed.to_numpy().sum())
    4
    """

    def __init__(self, inputs: _Inputs, raw: Dict[str, Any], k: int, protection: int, ratio: float,
                 cost: str, marker: Optional[str], total_label: Hashable) -> None:
        pd = _pd()
        self._inputs = inputs
        self.values = inputs.values
        self.experts = inputs.experts
        self.k = k
        self.protection = protection
        self.protection_ratio = ratio
        self.cost = cost
        self.marker = marker
        self.total_label = total_label
        self._cells = np.asarray(raw["cells"], dtype=np.uint8).reshape(inputs.v.shape)
        self._row_totals = np.asarray(raw["row_totals"], dtype=bool)
        self._col_totals = np.asarray(raw["col_totals"], dtype=bool)
        self._grand_total = bool(raw["grand_total"])
        index = inputs.values.index.tolist() + [total_label]
        columns = inputs.values.columns.tolist() + [total_label]
        rows, cols = inputs.v.shape
        codes = np.zeros((rows + 1, cols + 1), dtype=np.uint8)
        codes[:rows, :cols] = self._cells
        sens = self._margin_sensitive()
        codes[:rows, cols] = np.where(self._row_totals, np.where(sens[0], 1, 2), 0)
        codes[rows, :cols] = np.where(self._col_totals, np.where(sens[1], 1, 2), 0)
        codes[rows, cols] = (1 if sens[2] else 2) if self._grand_total else 0
        words = np.array([_KIND[c] for c in codes.ravel().tolist()], dtype=object).reshape(codes.shape)
        self.kind = pd.DataFrame(words, index=index, columns=columns)
        self.kind.index.name = inputs.values.index.name
        self.kind.columns.name = inputs.values.columns.name
        self.suppressed = self.kind != "published"
        full = np.zeros((rows + 1, cols + 1), dtype=np.int64)
        full[:rows, :cols] = inputs.v
        full[:rows, cols] = inputs.v.sum(axis=1)
        full[rows, :cols] = inputs.v.sum(axis=0)
        full[rows, cols] = inputs.v.sum()
        shown = pd.DataFrame(full, index=index, columns=columns).astype(object)
        shown = shown.mask(self.suppressed.to_numpy(), pd.NA if marker is None else marker)
        shown.index.name = inputs.values.index.name
        shown.columns.name = inputs.values.columns.name
        self.table = shown

    def _margin_sensitive(self) -> Tuple[np.ndarray, np.ndarray, bool]:
        rows, cols = self._inputs.v.shape
        row_sens = np.array([0 < _true_value(self._inputs, i, -1)[1] < self.k for i in range(rows)], dtype=bool)
        col_sens = np.array([0 < _true_value(self._inputs, -1, j)[1] < self.k for j in range(cols)], dtype=bool)
        return row_sens, col_sens, 0 < _true_value(self._inputs, -1, -1)[1] < self.k

    def audit(self) -> AuditReport:
        """The exact range of every withheld number, and whether the table is safe.

        Returns
        -------
        AuditReport
            ``safe`` is always True for a table made by ``publish_table``; the ranges show how
            much a reader can still learn.

        Examples
        --------
        >>> import pandas as pd, tokten
        >>> values = pd.DataFrame({"a": [3, 8], "b": [10, 12]})
        >>> experts = pd.DataFrame({"a": [2, 7], "b": [9, 11]})
        >>> tokten.publish_table(values, experts).audit().safe
        True
        """
        return _report(self._inputs, self._cells, self._row_totals, self._col_totals, self._grand_total,
                       self.k, self.protection, self.protection_ratio, self.total_label)

    def to_csv(self, path: PathLike, **kwargs: Any) -> None:
        """Write ``table`` as CSV, atomically (through a temporary file and a rename).

        Parameters
        ----------
        path : str or os.PathLike
            The file to write; an existing one is replaced only once the new one is complete.
        **kwargs
            Passed to ``pandas.DataFrame.to_csv`` (``sep=";"``, ``na_rep=...``).

        Examples
        --------
        >>> import pandas as pd, tokten
        >>> values = pd.DataFrame({"a": [3, 8], "b": [10, 12]}, index=["r1", "r2"])
        >>> experts = pd.DataFrame({"a": [2, 7], "b": [9, 11]}, index=["r1", "r2"])
        >>> tokten.publish_table(values, experts).to_csv("published.csv")
        >>> print(open("published.csv").read().splitlines()[1])
        r1,x,x,13
        """
        if "path_or_buf" in kwargs:
            raise TypeError("to_csv() takes the path as its first argument")
        write_atomically(path, self.table.to_csv(**kwargs))

    def __repr__(self) -> str:
        rows, cols = self._inputs.v.shape
        primary = int((self.kind == "primary").to_numpy().sum())
        comp = int((self.kind == "complementary").to_numpy().sum())
        return (f"<PublishedTable {rows} x {cols}, k = {self.k}: {primary} primary and {comp} "
                f"complementary suppressions>")

    def _repr_html_(self) -> str:
        from ._display import _box

        primary = int((self.kind == "primary").to_numpy().sum())
        comp = int((self.kind == "complementary").to_numpy().sum())
        totals = int(self.suppressed.iloc[:, -1].sum() + self.suppressed.iloc[-1, :-1].sum())
        head = (f"<p>k = {self.k}, protection {self.protection}: {primary} sensitive numbers withheld, "
                f"{comp} more to protect them ({totals} of them totals).</p>")
        return _box("Table for publication", [head, self.table.to_html(max_rows=30, max_cols=15)])


def publish_table(values: Any, experts: Any = None, *, row_experts: Any = None, col_experts: Any = None,
                  total_experts: Any = None, k: int = 5, protection: int = 1, protection_ratio: float = 0.0,
                  cost: str = "value", marker: Optional[str] = "x",
                  total_label: Hashable = "Total") -> PublishedTable:
    """A table ready for publication: numbers of fewer than ``k`` experts withheld, and enough
    others that none can be worked out from the totals.

    Parameters
    ----------
    values : pandas.DataFrame or CountTable
        Whole numbers >= 0 (missions or beneficiaries), rows by columns. A :class:`CountTable`
        from :func:`count_table` brings every other input with it.
    experts : pandas.DataFrame
        Distinct experts behind each cell, with the rows and columns of ``values``.
    row_experts, col_experts : pandas.Series, dict or sequence, optional
        Distinct experts behind each row total and column total (by label, or in table order).
        They cannot be derived from the cells (an expert may work in several); when not given,
        the fewest possible is assumed (the most of any one cell), which may withhold a total
        that could have been shown, never the reverse.
    total_experts : int, optional
        Distinct experts in the whole table; by default the most of any total.
    k : int, default 5
        A number counting ``0 < experts < k`` is sensitive and withheld. A cell with no experts
        (a structural zero) is published.
    protection : int, default 1
        The least width ``hi - lo`` of every withheld number's range (1: not pinned).
    protection_ratio : float, default 0.0
        A sensitive number also needs a width of ``ceil(protection_ratio * value)``.
    cost : {"value", "cells"}, default "value"
        What a complementary cell costs: its value plus one (least information lost) or one per
        cell (fewest cells). Totals are withheld only when cells cannot do.
    marker : str or None, default "x"
        What withheld numbers show in ``table``; None shows ``pd.NA``.
    total_label : hashable, default "Total"
        The label of the total row and column.

    Returns
    -------
    PublishedTable
        ``table`` (to publish), ``suppressed``, ``kind``, ``audit()``, ``to_csv(path)``.

    Raises
    ------
    TableError
        A cell that is not a whole number >= 0 (named by row and column), labels of ``experts``
        that differ from those of ``values``, a duplicated label, a label equal to
        ``total_label``, or total expert counts that their cells rule out.
    ValueError
        An option out of range.

    Notes
    -----
    Sensitive numbers are withheld first; then each withheld number whose range a reader could
    narrow below ``protection`` is protected by the cheapest circulation through it in the
    network of rows, columns and totals, and what it moves is withheld too. Ranges are computed
    exactly with two min-cost flows per withheld number, so the result always passes the audit.
    Time: about the square of the number of withheld cells times a flow solve; 0.1 s for an
    80 x 80 table with 5% sensitive cells, seconds for thousands of withheld cells. See
    ``tokten/publish/suppression.hpp`` for the method and references (Cox 1980, 1995;
    Fischetti and Salazar-Gonzalez 2000; Hundepool et al. 2012).

    Examples
    --------
    >>> import pandas as pd, tokten
    >>> missions = pd.DataFrame({                        # one row per mission
    ...     "region": ["Kayes"] * 3 + ["Mopti"] * 3 + ["Sikasso"] * 4,
    ...     "sector": ["health", "education", "education", "health", "health", "education",
    ...                "health", "health", "education", "education"],
    ...     "expert": [f"e{n}" for n in range(10)]})
    >>> published = tokten.publish_table(tokten.count_table(missions, "region", "sector"), k=2)
    >>> published.table
    sector  education health Total
    region
    Kayes           x      x     3
    Mopti           x      x     3
    Sikasso         2      2     4
    Total           5      5    10
    >>> published.audit().safe
    True
    """
    if isinstance(values, CountTable):
        if experts is not None or row_experts is not None or col_experts is not None or total_experts is not None:
            raise TypeError("publish_table(): a CountTable brings the expert counts; pass no others")
        values, experts, row_experts, col_experts, total_experts = values
    elif experts is None:
        raise TypeError("publish_table() needs experts (distinct experts per cell), or a CountTable")
    k, protection, ratio, cost = _options(k, protection, protection_ratio, cost)
    inputs = _read(values, experts, row_experts, col_experts, total_experts, total_label)
    raw = _core._suppress_table(inputs.v, inputs.e, _empty_i64(inputs.row_experts),
                                _empty_i64(inputs.col_experts),
                                -1 if inputs.total_experts is None else inputs.total_experts,
                                k, protection, ratio, cost)
    return PublishedTable(inputs, raw, k, protection, ratio, cost, marker, total_label)


def audit_table(values: Any, published_mask: Any, *, experts: Any = None, row_experts: Any = None,
                col_experts: Any = None, total_experts: Any = None, k: int = 5, protection: int = 1,
                protection_ratio: float = 0.0, total_label: Hashable = "Total") -> AuditReport:
    """Audit any suppression pattern: what a reader can work out from a table published elsewhere.

    Parameters
    ----------
    values : pandas.DataFrame
        The true values (whole numbers >= 0), rows by columns, without totals.
    published_mask : pandas.DataFrame of bool
        True where a number is published. Either the shape of ``values`` (every total
        published) or with a total row and column labelled ``total_label`` appended, as
        ``~published.suppressed`` of a :class:`PublishedTable`.
    experts : pandas.DataFrame, optional
        Distinct experts per cell; with it, a sensitive number left published is a failure.
        Without it only the widths are audited.
    row_experts, col_experts, total_experts : optional
        As for :func:`publish_table` (only with ``experts``).
    k, protection, protection_ratio, total_label :
        As for :func:`publish_table`.

    Returns
    -------
    AuditReport
        ``safe``, ``ranges`` (exact), ``exposed`` and ``failures``.

    Raises
    ------
    TableError
        Malformed values or a mask whose labels differ from those of ``values``.
    ValueError
        An option out of range, or total expert counts without ``experts``.

    Notes
    -----
    Two min-cost flows (network simplex) per withheld number on a network of rows + columns + 2
    nodes, exact for whole numbers (the constraint matrix is totally unimodular).

    Examples
    --------
    >>> import pandas as pd, tokten
    >>> values = pd.DataFrame({"a": [3, 8], "b": [10, 12]})
    >>> mask = pd.DataFrame({"a": [False, True], "b": [False, True]})   # row 0 withheld
    >>> report = tokten.audit_table(values, mask)
    >>> report.safe
    False
    >>> report.failures[0]
    "cell (0, 'a') = 3 is withheld but a reader can narrow it to [3, 3] (width 0, 1 required)"
    """
    k, protection, ratio, _ = _options(k, protection, protection_ratio, "value")
    if experts is None and (row_experts is not None or col_experts is not None or total_experts is not None):
        raise ValueError("audit_table(): row_experts, col_experts and total_experts need experts")
    inputs = _read(values, experts, row_experts, col_experts, total_experts, total_label)
    pd = _pd()
    mask = published_mask if isinstance(published_mask, pd.DataFrame) else pd.DataFrame(published_mask)
    rows, cols = inputs.v.shape
    with_totals = total_label in list(mask.index) and total_label in list(mask.columns)
    target = inputs.values
    if with_totals:
        target = pd.DataFrame(index=inputs.values.index.tolist() + [total_label],
                              columns=inputs.values.columns.tolist() + [total_label])
    mask = _aligned(_frame(mask, "published_mask"), target, "published_mask")
    flags = np.zeros(mask.shape, dtype=bool)
    for j, column in enumerate(mask.columns):
        for i, (label, cell) in enumerate(mask.iloc[:, j].items()):
            if not isinstance(cell, (bool, np.bool_)):
                raise TableError(f"published_mask, row {label!r}, column {column!r}: expected True or "
                                 f"False, got {_shown(cell)}", table="published_mask", row=label,
                                 column=str(column))
            flags[i, j] = bool(cell)
    withheld = ~flags
    sensitive = (inputs.e > 0) & (inputs.e < k)
    cells = np.where(withheld[:rows, :cols], np.where(sensitive, 1, 2), 0).astype(np.uint8)
    row_totals = withheld[:rows, cols] if with_totals else np.zeros(rows, dtype=bool)
    col_totals = withheld[rows, :cols] if with_totals else np.zeros(cols, dtype=bool)
    grand = bool(withheld[rows, cols]) if with_totals else False
    return _report(inputs, cells, row_totals, col_totals, grand, k, protection, ratio, total_label)


# --------------------------------------------------------------------------------------------
# From missions to counts.

class CountTable(NamedTuple):
    """The inputs of :func:`publish_table` counted from a table of missions.

    Unpacks as ``values, experts, row_experts, col_experts, total_experts``; pass it whole to
    ``publish_table``.

    Attributes
    ----------
    values : pandas.DataFrame
        Missions (or the sum of a value column) per row and column category.
    experts : pandas.DataFrame
        Distinct experts per cell.
    row_experts, col_experts : pandas.Series
        Distinct experts per row and per column (not the sums of the cells: an expert with
        missions in two cells counts once).
    total_experts : int
        Distinct experts in the whole table.

    Examples
    --------
    >>> import pandas as pd, tokten
    >>> missions = pd.DataFrame({"region": ["Kayes", "Kayes", "Mopti"],
    ...                          "sector": ["health", "education", "health"],
    ...                          "expert": ["e1", "e1", "e2"]})
    >>> counts = tokten.count_table(missions, "region", "sector")
    >>> counts.row_experts.tolist(), counts.total_experts
    ([1, 1], 2)
    """

    values: Any
    experts: Any
    row_experts: Any
    col_experts: Any
    total_experts: int


def count_table(missions: Any, rows: str, cols: str, value: Optional[str] = None,
                expert: str = "expert") -> CountTable:
    """Count a table of missions into the inputs of :func:`publish_table`.

    Parameters
    ----------
    missions : pandas.DataFrame
        One row per mission (or per record).
    rows, cols : str
        The columns whose categories become the table's rows and columns (region, sector). A
        categorical column keeps its unused categories as rows or columns of zeros.
    value : str, optional
        A column of whole numbers >= 0 to sum per cell (beneficiaries); by default each row
        counts 1 (missions).
    expert : str, default "expert"
        The column of expert ids; distinct ids are counted per cell, row, column and in all.

    Returns
    -------
    CountTable
        ``values, experts, row_experts, col_experts, total_experts``.

    Raises
    ------
    TableError
        A missing column, or a missing or malformed cell (named by its row label).

    Examples
    --------
    >>> import pandas as pd, tokten
    >>> missions = pd.DataFrame({"region": ["Kayes", "Kayes", "Mopti"],
    ...                          "sector": ["health", "health", "education"],
    ...                          "expert": ["e1", "e2", "e1"], "trained": [10, 5, 7]})
    >>> values, experts, row_experts, col_experts, total = tokten.count_table(
    ...     missions, "region", "sector", value="trained")
    >>> values
    sector  education  health
    region
    Kayes           0      15
    Mopti           7       0
    >>> int(experts.loc["Kayes", "health"]), total
    (2, 2)
    """
    pd = _pd()
    if not isinstance(missions, pd.DataFrame):
        raise TypeError(f"count_table() needs a pandas DataFrame, got {type(missions).__name__}")
    if rows == cols:
        raise ValueError(f"count_table(): rows and cols are both {rows!r}; a table needs two columns")
    needed = [rows, cols, expert] + ([value] if value is not None else [])
    for column in needed:
        if column not in missions.columns:
            raise TableError(f"missions: no column {column!r} (columns: {', '.join(map(str, missions.columns))})",
                             table="missions", column=str(column))
    for column in (rows, cols, expert):
        missing = missions[column].isna()
        if missing.any():
            label = missions.index[missing.to_numpy()][0]
            raise TableError(f"missions, row {label!r}, column {column!r}: missing value", table="missions",
                             row=label, column=str(column))
    if value is not None:
        amounts = pd.Series([_whole(x, "missions", label, value, "a whole number >= 0")
                             for label, x in missions[value].items()], index=missions.index, dtype=np.int64)
    else:
        amounts = pd.Series(np.ones(len(missions), dtype=np.int64), index=missions.index)

    def categories(column: str) -> List[Any]:
        series = missions[column]
        if isinstance(series.dtype, pd.CategoricalDtype):
            return list(series.cat.categories)
        return sorted(series.unique().tolist(), key=lambda x: (str(type(x)), x))

    row_labels, col_labels = categories(rows), categories(cols)
    keys = [missions[rows].astype(object), missions[cols].astype(object)]
    frame = pd.DataFrame({"r": keys[0].to_numpy(), "c": keys[1].to_numpy(),
                          "amount": amounts.to_numpy(), "expert": missions[expert].to_numpy()})
    grouped = frame.groupby(["r", "c"], sort=False)
    values = grouped["amount"].sum().unstack(fill_value=0) if len(frame) else pd.DataFrame()
    experts = grouped["expert"].nunique().unstack(fill_value=0) if len(frame) else pd.DataFrame()
    values = values.reindex(index=row_labels, columns=col_labels, fill_value=0).astype(np.int64)
    experts = experts.reindex(index=row_labels, columns=col_labels, fill_value=0).astype(np.int64)
    for table in (values, experts):
        table.index.name = rows
        table.columns.name = cols
    row_experts = frame.groupby("r", sort=False)["expert"].nunique().reindex(row_labels, fill_value=0)
    col_experts = frame.groupby("c", sort=False)["expert"].nunique().reindex(col_labels, fill_value=0)
    row_experts = row_experts.astype(np.int64).rename_axis(rows).rename("experts")
    col_experts = col_experts.astype(np.int64).rename_axis(cols).rename("experts")
    total = int(frame["expert"].nunique())
    return CountTable(values, experts, row_experts, col_experts, total)
