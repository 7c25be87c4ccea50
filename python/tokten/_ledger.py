"""The mission ledger for analysts: files, dicts and pandas tables in and out, and the indicators.

A ledger is what the programme did: completed missions with their outcomes and sources, the
roster facts (experts' countries of residence, the dates the roster knows them), the host
structures and the needs hosts asked for. The compiled core reads and checks it, reconciles
it (duplicates and inconsistencies are reported, never silently counted) and computes the
indicators; this module converts tables cell by cell, with errors that name the table, the
row, the id and the column, and gathers the indicators into DataFrames.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from html import escape
from typing import Any, Dict, List, Mapping, NamedTuple, Optional, Sequence, Tuple, Union

from . import _core
from ._core import (
    BREAKDOWN_KEYS,
    FINDING_KINDS,
    Breakdown,
    BreakdownRow,
    Continuity,
    EquityReport,
    Ledger,
    LedgerExpert,
    LedgerFinding,
    LedgerInstitution,
    MissionRecord,
    ProgrammeTotals,
    RegionRate,
    Request,
    RequestCoverage,
    breakdown,
    continuity,
    equity,
    programme_totals,
    read_ledger,
    reconcile,
    reconciled,
    request_coverage,
    synthetic_history,
    write_ledger,
)
from ._tables import (_REQUIRED, TableError, _CellError, _convert, _error, _Field, _is_missing, _KIND_WORDS, _Where,
                      check_columns_argument)

PathLike = Union[str, "os.PathLike[str]"]

__all__ = [
    "BREAKDOWN_KEYS", "FINDING_KINDS", "Breakdown", "BreakdownRow", "Continuity", "EquityReport",
    "Indicators", "Ledger", "LedgerExpert", "LedgerFinding", "LedgerInstitution", "MissionRecord",
    "ProgrammeTotals", "RegionRate", "Request", "RequestCoverage", "breakdown", "continuity", "equity",
    "indicators", "ledger_from_dict", "ledger_from_pandas", "ledger_to_dict", "ledger_to_pandas",
    "load_ledger", "programme_totals", "read_ledger", "reconcile", "reconciled", "request_coverage",
    "save_ledger", "synthetic_history", "write_ledger",
]

#: Prefix of the mission table's outcome columns: ``outcome_courses_taught`` holds the
#: ``courses_taught`` counter.
OUTCOME_PREFIX = "outcome_"


def _f(name: str, kind: str, default: Any = _REQUIRED) -> _Field:
    return _Field(name, kind, default)


#: The ledger's tables: their fields (in the order ledger_to_pandas writes them), kinds and defaults.
LEDGER_FIELDS: Dict[str, Tuple[_Field, ...]] = {
    "missions": (
        _f("id", "id"), _f("expert", "ref"), _f("institution", "ref"), _f("need", "ref", None),
        _f("sector", "sector"), _f("region", "str", ""), _f("start", "date"), _f("end", "date"),
        _f("beneficiaries", "count", 0), _f("theses_supervised", "count", 0), _f("theses_defended", "count", 0),
        _f("source", "str", ""),
    ),
    "experts": (
        _f("id", "id"), _f("residence_country", "str", ""), _f("known_from", "date", None),
        _f("known_until", "date", None),
    ),
    "institutions": (_f("id", "id"), _f("name", "str", ""), _f("kind", "kind", "other"), _f("region", "str", "")),
    "requests": (
        _f("need", "id"), _f("institution", "ref"), _f("sector", "sector"), _f("region", "str", ""),
        _f("seats", "count", 1), _f("requested_on", "date", None),
    ),
}


# --------------------------------------------------------------------------------------------
# Files and dicts.

def load_ledger(path: PathLike) -> _core.Ledger:
    """Read a mission ledger document (JSON file).

    Parameters
    ----------
    path : str or os.PathLike
        The file's path.

    Returns
    -------
    Ledger
        Its structure checked (types, dates, counts >= 0, unknown fields refused); what only
        the whole ledger reveals is for :func:`reconcile`.

    Raises
    ------
    InputError
        An unreadable file (``.pointer`` ``""``), or the first error of the document with
        ``.pointer`` the JSON pointer of the offending item (``/missions/12/dates/end``).

    See Also
    --------
    save_ledger : the inverse, atomically.

    Notes
    -----
    Linear in the file's size. The GIL is released while reading.

    Examples
    --------
    >>> import os, tempfile, tokten
    >>> path = os.path.join(tempfile.mkdtemp(), "ledger.json")
    >>> tokten.save_ledger(tokten.synthetic_history(seed=5), path)
    >>> tokten.load_ledger(path) == tokten.synthetic_history(seed=5)
    True
    """
    return _core.load_ledger(os.fspath(path))


def save_ledger(ledger: _core.Ledger, path: PathLike, indent: int = 2) -> None:
    """Write a mission ledger document atomically: a failed write leaves an earlier file intact.

    Parameters
    ----------
    ledger : Ledger
        Written as it is.
    path : str or os.PathLike
        The file to replace or create.
    indent : int, default 2
        Spaces per level; -1 writes a single line. The file ends with a newline.

    Returns
    -------
    None

    Raises
    ------
    RuntimeError
        The file cannot be written, naming the path.

    Notes
    -----
    Linear in the size of the ledger. The text goes to a temporary file beside ``path``, which
    is flushed and then renamed over it.

    Examples
    --------
    >>> import os, tempfile, tokten
    >>> path = os.path.join(tempfile.mkdtemp(), "ledger.json")
    >>> tokten.save_ledger(tokten.Ledger(name="pilot"), path)
    >>> tokten.load_ledger(path).name
    'pilot'
    """
    _core.write_file_atomically(os.fspath(path), _core.write_ledger(ledger, indent) + "\n")


def ledger_from_dict(document: Mapping[str, Any]) -> _core.Ledger:
    """A mission ledger from a dict shaped like the JSON document (for example from ``json.load``).

    Parameters
    ----------
    document : dict
        A ``tokten.ledger`` document as Python values; numpy and pandas scalars are accepted in
        place of numbers.

    Returns
    -------
    Ledger

    Raises
    ------
    InputError
        The first error, named by its JSON pointer; NaN and infinities with pointer ``"/"``.
    TypeError
        A value that is neither JSON nor a scalar with ``.item()``.

    See Also
    --------
    ledger_to_dict : the inverse.

    Examples
    --------
    >>> import tokten
    >>> document = tokten.ledger_to_dict(tokten.synthetic_history())
    >>> document["missions"][0]["beneficiaries"] = -1
    >>> try:
    ...     tokten.ledger_from_dict(document)
    ... except tokten.InputError as error:
    ...     print(error.pointer)
    /missions/0/beneficiaries
    """
    from ._documents import _dumps

    return _core.read_ledger(_dumps(dict(document)))


def ledger_to_dict(ledger: _core.Ledger) -> Dict[str, Any]:
    """The mission ledger as a dict shaped like the JSON document.

    Parameters
    ----------
    ledger : Ledger

    Returns
    -------
    dict
        JSON values only: ``json.dump`` writes it, :func:`ledger_from_dict` reads it back.

    Examples
    --------
    >>> import tokten
    >>> document = tokten.ledger_to_dict(tokten.synthetic_history())
    >>> document["format"], len(document["missions"]), document["missions"][0]["id"]
    ('tokten.ledger', 992, 'm-0001')
    """
    return json.loads(_core.write_ledger(ledger, -1))


# --------------------------------------------------------------------------------------------
# pandas.

def _check_columns(columns: Optional[Mapping[str, Mapping[str, str]]]) -> Dict[str, Mapping[str, str]]:
    return check_columns_argument(columns, LEDGER_FIELDS)


def _rows(key: str, frame: Any, names: Mapping[str, str], dayfirst: bool):
    """(record, where, outcomes) for each row of a ledger table; missing optional cells are absent."""
    import pandas as pd

    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"{key} must be a pandas DataFrame, not {type(frame).__name__}")
    label = f"{key} table"
    fields = LEDGER_FIELDS[key]
    columns = {f.name: names.get(f.name, f.name) for f in fields}
    present = [str(c) for c in frame.columns]
    if len(set(present)) != len(present):
        repeated = sorted({c for c in present if present.count(c) > 1})[0]
        raise TableError(f"{label}: the column {repeated!r} appears more than once", table=label, column=repeated)
    missing = [columns[f.name] for f in fields if f.default is _REQUIRED and columns[f.name] not in present]
    if missing:
        wanted = ", ".join(repr(columns[f.name]) for f in fields if f.default is _REQUIRED)
        field = next(f.name for f in fields if columns[f.name] == missing[0])
        raise TableError(f"{label}: missing column {missing[0]!r} (required columns: {wanted}; name yours with "
                         f"columns={{'{key}': {{'{field}': 'your column'}}}})", table=label, column=missing[0])
    used = [f for f in fields if columns[f.name] in present]
    outcome_columns = ([c for c in present if c.startswith(OUTCOME_PREFIX) and c not in columns.values()]
                       if key == "missions" else [])
    for name in outcome_columns:
        if len(name) == len(OUTCOME_PREFIX):
            raise TableError(f"{label}: the column {name!r} names no outcome (write outcome_<name>)",
                             table=label, column=name)
    id_column = columns[fields[0].name]
    wanted_columns = [columns[f.name] for f in used] + outcome_columns
    data = frame[wanted_columns] if wanted_columns else frame.iloc[:, :0]
    count = _Field("outcome", "count")
    for row, values in zip(frame.index, data.itertuples(index=False, name=None)):
        raw_id = values[wanted_columns.index(id_column)] if id_column in wanted_columns else None
        item_id = None if raw_id is None or _is_missing(raw_id) else str(raw_id).strip()
        where = _Where(label, row, item_id, columns, "row", id_column)
        record: Dict[str, Any] = {f.name: f.default for f in fields if f.default is not _REQUIRED}
        for f, value in zip(used, values):
            if _is_missing(value):
                if f.default is _REQUIRED:
                    raise _error(where, columns[f.name], f"missing value; expected {_KIND_WORDS.get(f.kind, f.kind)}")
                continue
            try:
                record[f.name] = _convert(f, value, dayfirst)
            except _CellError as error:
                raise _error(where, columns[f.name], str(error)) from None
        outcomes: Dict[str, int] = {}
        for name, value in zip(outcome_columns, values[len(used):]):
            if _is_missing(value):
                continue
            try:
                outcomes[name[len(OUTCOME_PREFIX):]] = _convert(count, value, dayfirst)
            except _CellError as error:
                raise _error(where, name, str(error)) from None
        yield record, where, outcomes


def _locate(error: Any, origin: Mapping[str, _Where]) -> TableError:
    """The C++ reader's error (a JSON pointer) as a table, row and column."""
    pointer = getattr(error, "pointer", "") or ""
    reason = getattr(error, "reason", "") or str(error)
    parts = pointer.split("/")
    prefix = "/".join(parts[:3])
    if len(parts) < 3 or prefix not in origin:
        return TableError(f"{pointer or '/'}: {reason}", pointer=pointer, reason=reason)
    where = origin[prefix]
    rest = parts[3:]
    column = None
    if rest:
        field = rest[0]
        if field == "dates" and len(rest) > 1:
            field = rest[1]
        elif field == "outcomes" and len(rest) > 1:
            field = OUTCOME_PREFIX + rest[1].replace("~1", "/").replace("~0", "~")
        column = where.columns.get(field, field)
    return _error(where, column, reason, pointer)


def ledger_from_pandas(
    missions: Any,
    *,
    experts: Any = None,
    institutions: Any = None,
    requests: Any = None,
    columns: Optional[Mapping[str, Mapping[str, str]]] = None,
    dayfirst: bool = False,
    name: str = "",
) -> _core.Ledger:
    """Build a mission ledger from pandas DataFrames, one row per mission, expert, host and request.

    Column names default to the field names below; name yours with ``columns``. Extra columns
    are ignored, except the mission table's ``outcome_<name>`` columns, which become the
    ``<name>`` outcome counter (an empty cell: no such counter on that record).

    Parameters
    ----------
    missions : DataFrame
        ``id``, ``expert``, ``institution``, ``sector``, ``start``, ``end`` required; ``need``
        (the request it answered), ``region`` (empty: the host's), ``beneficiaries``,
        ``theses_supervised``, ``theses_defended`` (0 by default), ``source``, and
        ``outcome_<name>`` counters.
    experts : DataFrame, optional
        ``id`` required; ``residence_country``, ``known_from``, ``known_until``. Without it the
        roster is the missions' experts, with nothing known about them.
    institutions : DataFrame, optional
        ``id`` required; ``name``, ``kind`` (``other``), ``region``. Without it the hosts are
        the missions' institutions, each in the region of its first mission that names one.
    requests : DataFrame, optional
        ``need``, ``institution``, ``sector`` required; ``region``, ``seats`` (1),
        ``requested_on``. Without it the ledger has no requests.
    columns : dict of dict, optional
        Per table, field -> your column name, e.g. ``{"missions": {"id": "Code"}}``.
    dayfirst : bool, default False
        Read text dates written day/month/year (``17/02/2015``); only ISO dates otherwise, so
        that no date is silently misread.
    name : str, default ""
        The ledger's name.

    Returns
    -------
    Ledger
        Checked like a ledger document. Repeated records and inconsistencies are not errors:
        :func:`reconcile` reports them.

    Raises
    ------
    TableError
        A missing column, a missing or malformed value, a mission ending before it starts, a
        request with no seat: the message names the table, the row (and its id) and the column;
        ``.table``, ``.row``, ``.column`` and ``.item_id`` hold them.
    TypeError
        A table that is not a DataFrame.
    ValueError
        ``columns`` names an unknown table or field.

    Notes
    -----
    One pass over every cell: O(total cells).

    Examples
    --------
    >>> import pandas as pd, tokten
    >>> missions = pd.DataFrame({
    ...     "id": ["m1", "m2"], "expert": ["e1", "e1"], "institution": ["u-seg", "u-seg"],
    ...     "sector": ["education", "education"], "start": ["2015-03-02", "2016-03-07"],
    ...     "end": ["2015-03-27", "2016-03-25"], "beneficiaries": [45, 38],
    ...     "outcome_courses_taught": [3, None]})
    >>> experts = pd.DataFrame({"id": ["e1"], "residence_country": ["FR"]})
    >>> ledger = tokten.ledger_from_pandas(missions, experts=experts, name="pilot")
    >>> ledger.missions[0].outcomes, ledger.missions[1].outcomes, ledger.institutions[0].id
    ({'courses_taught': 3}, {}, 'u-seg')
    >>> tokten.programme_totals(ledger).beneficiaries
    83
    """
    names = _check_columns(columns)
    origin: Dict[str, _Where] = {}
    document: Dict[str, Any] = {"format": "tokten.ledger", "format_version": 1, "name": name}

    mission_items: List[Dict[str, Any]] = []
    for record, where, outcomes in _rows("missions", missions, names.get("missions", {}), dayfirst):
        origin[f"/missions/{len(mission_items)}"] = where
        item = {k: v for k, v in record.items() if k not in ("start", "end") and v is not None}
        item["dates"] = {"start": record["start"], "end": record["end"]}
        item["outcomes"] = outcomes
        mission_items.append(item)

    def table(key: str, frame: Any) -> List[Dict[str, Any]]:
        items: List[Dict[str, Any]] = []
        for record, where, _ in _rows(key, frame, names.get(key, {}), dayfirst):
            origin[f"/{key}/{len(items)}"] = where
            items.append({k: v for k, v in record.items() if v is not None})
        return items

    if experts is not None:
        document["experts"] = table("experts", experts)
    else:
        seen: Dict[str, None] = {}
        for item in mission_items:
            seen.setdefault(item["expert"], None)
        document["experts"] = [{"id": e} for e in seen]
    if institutions is not None:
        document["institutions"] = table("institutions", institutions)
    else:
        regions: Dict[str, str] = {}
        for item in mission_items:
            if not regions.get(item["institution"]):
                regions[item["institution"]] = item.get("region", "")
        document["institutions"] = [{"id": i, "region": r} for i, r in regions.items()]
    document["missions"] = mission_items
    if requests is not None:
        document["requests"] = table("requests", requests)
    from ._documents import _dumps

    try:
        return _core.read_ledger(_dumps(document))
    except TableError:
        raise
    except _core.InputError as error:
        raise _locate(error, origin) from None


def ledger_to_pandas(ledger: _core.Ledger) -> Dict[str, Any]:
    """The mission ledger as the tables :func:`ledger_from_pandas` reads.

    Parameters
    ----------
    ledger : Ledger

    Returns
    -------
    dict of str to DataFrame
        ``missions`` (dates as ``datetime.date``, each outcome counter as a nullable integer
        column ``outcome_<name>``, empty where a record lacks it), ``experts``,
        ``institutions`` and ``requests``; ``ledger_from_pandas(**tables, name=ledger.name)``
        gives the ledger back.

    Examples
    --------
    >>> import tokten
    >>> tables = tokten.ledger_to_pandas(tokten.synthetic_history())
    >>> sorted(tables), len(tables["missions"])
    (['experts', 'institutions', 'missions', 'requests'], 992)
    >>> [c for c in tables["missions"].columns if c.startswith("outcome_")]
    ['outcome_consultations', 'outcome_courses_taught', 'outcome_field_trials', 'outcome_workshops_held']
    """
    import pandas as pd

    def names(key: str) -> List[str]:
        return [f.name for f in LEDGER_FIELDS[key]]

    records = ledger.missions
    outcome_names = sorted({n for m in records for n in m.outcomes})
    rows = []
    outcome_values: Dict[str, List[Any]] = {n: [] for n in outcome_names}
    for m in records:
        dates = m.dates
        rows.append((m.id, m.expert, m.institution, m.need, str(m.sector), m.region, dates.start, dates.end,
                     m.beneficiaries, m.theses_supervised, m.theses_defended, m.source))
        outcomes = m.outcomes
        for n in outcome_names:
            outcome_values[n].append(outcomes.get(n, pd.NA))
    missions = pd.DataFrame(rows, columns=names("missions"))
    for column in ("beneficiaries", "theses_supervised", "theses_defended"):
        missions[column] = missions[column].astype("int64")
    for n in outcome_names:
        missions[OUTCOME_PREFIX + n] = pd.array(outcome_values[n], dtype="Int64")
    experts = pd.DataFrame([(e.id, e.residence_country, e.known_from, e.known_until) for e in ledger.experts],
                           columns=names("experts"))
    institutions = pd.DataFrame([(i.id, i.name, str(i.kind), i.region) for i in ledger.institutions],
                                columns=names("institutions"))
    requests = pd.DataFrame([(r.need, r.institution, str(r.sector), r.region, r.seats, r.requested_on)
                             for r in ledger.requests], columns=names("requests"))
    requests["seats"] = requests["seats"].astype("int64")
    return {"missions": missions, "experts": experts, "institutions": institutions, "requests": requests}


# --------------------------------------------------------------------------------------------
# Indicators.

_ROW_FIELDS = ("missions", "beneficiaries", "theses_supervised", "theses_defended", "experts")
_TOTAL_FIELDS = ("missions", "beneficiaries", "theses_supervised", "theses_defended", "experts",
                 "residence_countries", "host_structures", "set_aside")
_COVERAGE_FIELDS = ("needs_requested", "needs_filled", "seats_requested", "seats_filled", "need_coverage",
                    "seat_coverage", "median_days_to_fill", "mean_days_to_fill")
_CONTINUITY_FIELDS = ("repeat_rate", "return_to_host_rate", "experts", "repeat_experts", "returning_experts")
_EQUITY_FIELDS = ("missions_outside_capital_share", "beneficiaries_outside_capital_share", "gini_regions_missions",
                  "theil_regions_missions", "gini_sectors_missions", "theil_sectors_missions",
                  "gini_regions_per_capita", "theil_regions_per_capita")
_RATE_FIELDS = ("region", "missions", "beneficiaries", "population", "missions_per_100k", "beneficiaries_per_100k")


class Indicators(NamedTuple):
    """The indicators of a mission ledger, as dicts and DataFrames (see :func:`indicators`).

    Attributes
    ----------
    name : str
        The ledger's name.
    totals : dict
        missions, beneficiaries, theses_supervised, theses_defended, experts (distinct),
        residence_countries, host_structures, set_aside (repeats left out).
    breakdowns : dict of str to DataFrame
        Per grouping: a column named after it (``year`` as integers), then missions,
        beneficiaries, theses_supervised, theses_defended, experts.
    coverage : dict
        needs and seats requested and filled, need_coverage, seat_coverage,
        median_days_to_fill and mean_days_to_fill (None when unknown).
    continuity : dict
        repeat_rate, return_to_host_rate and their counts.
    equity : dict
        Shares outside the capital, Gini and Theil over regions and sectors (and per capita).
    per_capita : DataFrame
        region, missions, beneficiaries, population, missions_per_100k, beneficiaries_per_100k;
        empty without populations.
    findings : DataFrame
        kind, missions (list of ids), message: what reconciliation found.

    Examples
    --------
    >>> import tokten
    >>> result = tokten.indicators(tokten.synthetic_history())
    >>> result.totals["missions"], list(result.breakdowns)
    (992, ['sector', 'region', 'institution_kind', 'year'])
    >>> len(result.findings)
    0
    """

    name: str
    totals: Dict[str, Any]
    breakdowns: Dict[str, Any]
    coverage: Dict[str, Any]
    continuity: Dict[str, Any]
    equity: Dict[str, Any]
    per_capita: Any
    findings: Any

    def __repr__(self) -> str:
        t = self.totals
        return (f"<Indicators of {self.name!r}: {t['missions']} missions, {t['experts']} experts, "
                f"{t['beneficiaries']} beneficiaries, {len(self.findings)} findings>")

    def _repr_html_(self) -> str:
        from ._display import _box, _table

        t = self.totals
        parts = [f"<p>{t['missions']} missions by {t['experts']} experts living in {t['residence_countries']} "
                 f"countries, at {t['host_structures']} host structures; {t['beneficiaries']:,} people trained, "
                 f"{t['theses_supervised']} theses supervised and {t['theses_defended']} defended.</p>"]
        if t["set_aside"] or len(self.findings):
            kinds = Counter(self.findings["kind"]) if len(self.findings) else Counter()
            listed = ", ".join(f"{n} {escape(k)}" for k, n in sorted(kinds.items()))
            parts.append(f"<p>Reconciliation: {t['set_aside']} repeated records set aside; "
                         f"{len(self.findings)} findings ({listed}).</p>")
        c = self.coverage
        if c["needs_requested"]:
            days = (f", median {c['median_days_to_fill']:.0f} days to fill"
                    if c["median_days_to_fill"] is not None else "")
            parts.append(f"<p>Requests: {c['seats_filled']} of {c['seats_requested']} seats filled "
                         f"({100 * c['seat_coverage']:.1f}%){days}.</p>")
        e = self.equity
        parts.append(f"<p>Outside the capital: {100 * e['missions_outside_capital_share']:.1f}% of missions, "
                     f"{100 * e['beneficiaries_outside_capital_share']:.1f}% of beneficiaries; Gini over regions "
                     f"{e['gini_regions_missions']:.3f}, over sectors {e['gini_sectors_missions']:.3f}. "
                     f"Repeat missions: {100 * self.continuity['repeat_rate']:.1f}% of experts.</p>")
        if "sector" in self.breakdowns:
            frame = self.breakdowns["sector"]
            parts.append(_table(["sector", "missions", "beneficiaries"],
                                frame[["sector", "missions", "beneficiaries"]].itertuples(index=False, name=None),
                                [False, True, True]))
        return _box(f"Indicators of {self.name!r}" if self.name else "Indicators", parts)


def _fields(value: Any, names: Sequence[str]) -> Dict[str, Any]:
    return {n: getattr(value, n) for n in names}


def indicators(
    ledger: _core.Ledger,
    *,
    by: Sequence[str] = ("sector", "region", "institution_kind", "year"),
    capital: str = "Bamako",
    population: Optional[Mapping[str, float]] = None,
) -> Indicators:
    """Every indicator of a mission ledger at once: totals, breakdowns, coverage, continuity, equity.

    Parameters
    ----------
    ledger : Ledger
    by : sequence of str, default ("sector", "region", "institution_kind", "year")
        The breakdowns wanted, among ``BREAKDOWN_KEYS`` (also ``"residence_country"``).
    capital : str, default "Bamako"
        The region counted as the capital for the equity shares.
    population : dict of str to float, optional
        Inhabitants per region, for the per-capita figures.

    Returns
    -------
    Indicators
        Counted over the records reconciliation keeps (``totals["set_aside"]`` says how many
        repeats were left out), with the findings of :func:`reconcile` as a DataFrame. Shows a
        short summary in Jupyter.

    Raises
    ------
    ValueError
        An unknown breakdown or a population that is not a finite number > 0.

    Notes
    -----
    O(n log n) for n records per indicator, each in C++.

    Examples
    --------
    >>> import tokten
    >>> result = tokten.indicators(tokten.synthetic_history(), by=["sector"],
    ...                            population={"Bamako": 2.8e6, "Kayes": 2.4e6})
    >>> result.breakdowns["sector"].iloc[0]["sector"], result.totals["theses_defended"]
    ('education', 42)
    >>> list(result.per_capita.columns)[:3]
    ['region', 'missions', 'beneficiaries']
    """
    import pandas as pd

    if isinstance(by, str):
        by = (by,)
    breakdowns: Dict[str, Any] = {}
    for key in by:
        if key not in BREAKDOWN_KEYS:
            raise ValueError(f"by: unknown breakdown {key!r}; expected some of {', '.join(BREAKDOWN_KEYS)}")
        rows = _core.breakdown(ledger, key).rows
        keys: List[Any] = [int(r.key) if key == "year" else r.key for r in rows]
        frame = pd.DataFrame({key: keys, **{f: [getattr(r, f) for r in rows] for f in _ROW_FIELDS}})
        for f in _ROW_FIELDS:
            frame[f] = frame[f].astype("int64")
        breakdowns[key] = frame
    report = _core.equity(ledger, capital, None if population is None else {str(k): float(v)
                                                                             for k, v in population.items()})
    per_capita = pd.DataFrame([_fields(r, _RATE_FIELDS) for r in report.per_capita], columns=list(_RATE_FIELDS))
    findings = pd.DataFrame([(f.kind, list(f.missions), f.message) for f in _core.reconcile(ledger)],
                            columns=["kind", "missions", "message"])
    return Indicators(
        name=ledger.name,
        totals=_fields(_core.programme_totals(ledger), _TOTAL_FIELDS),
        breakdowns=breakdowns,
        coverage=_fields(_core.request_coverage(ledger), _COVERAGE_FIELDS),
        continuity=_fields(_core.continuity(ledger), _CONTINUITY_FIELDS),
        equity=_fields(report, _EQUITY_FIELDS),
        per_capita=per_capita,
        findings=findings,
    )


def ledger_html(ledger: _core.Ledger) -> str:
    """A ledger in Jupyter: its counts and the missions by sector, never a dump."""
    from ._display import _box, _table, _top

    missions = ledger.missions
    sectors: Counter = Counter(str(m.sector) for m in missions)
    parts = [f"<p>{len(missions)} mission records, {len(ledger.experts)} experts, "
             f"{len(ledger.institutions)} institutions, {len(ledger.requests)} requests.</p>"]
    rows, more = _top(sectors)
    parts.append(_table(["sector", "missions"], rows, [False, True]))
    if more:
        parts.append(f"<p>... and {more} more sectors</p>")
    return _box(f"Mission ledger {ledger.name!r}" if ledger.name else "Mission ledger", parts)


_core.Ledger._repr_html_ = ledger_html
