"""Planning rounds from pandas tables and spreadsheet CSV files, and back.

The tables are the problem document flattened the way spreadsheets hold it: one row per expert,
institution and need, and long tables for what an item has several of (an expert's skills,
languages, degrees and availability windows; a need's skills and languages). Short lists may
also sit in one cell (``"education|health"``, ``"isced:0912=4|isced:0613=3"``).

Every cell is converted here, with errors that name the table, the row, the id and the column;
what only the whole round can tell (an unknown skill, a window shorter than the mission) is
checked by the C++ reader, and its JSON pointer is translated back to the table and row.
"""

from __future__ import annotations

import codecs
import csv
import datetime as _dt
import math
import os
import re
from dataclasses import dataclass
from typing import Any, Callable, Dict, Iterable, List, Mapping, Optional, Tuple, Union

from . import _core
from ._result import write_atomically

PathLike = Union[str, "os.PathLike[str]"]

#: In-cell list separators read (a cell "education|health" or "education; health").
_LIST_SPLIT = re.compile(r"[|;,]")
#: The separator written in cells by problem_to_pandas(..., lists="text") and write_problem_csv.
LIST_SEPARATOR = "|"


class TableError(_core.InputError):
    """A table cell, row or column that cannot be read.

    Attributes
    ----------
    table : str
        The table (``"experts"``) or file (``"experts.csv"``).
    row : object or None
        The row: the DataFrame index label, or the spreadsheet row number of a CSV file (the
        header is row 1).
    column : str or None
        The column as the caller named it.
    item_id : str or None
        The id of the row's item, when it has one.
    pointer : str
        The JSON pointer in the problem document, when the C++ reader found the issue.

    Examples
    --------
    >>> import pandas as pd, tokten
    >>> tables = tokten.problem_to_pandas(tokten.demo_problem(experts=10, needs=3))
    >>> skills = tables["expert_skills"].astype({"level": "float"})
    >>> skills.loc[1, "level"] = float("nan")
    >>> try:
    ...     tokten.problem_from_pandas(**{**tables, "expert_skills": skills})
    ... except tokten.TableError as error:
    ...     print(error.table, error.row, error.column)
    expert_skills table 1 level
    """

    def __init__(self, message: str, *, table: str = "", row: Any = None, column: Optional[str] = None,
                 item_id: Optional[str] = None, pointer: str = "", reason: str = "") -> None:
        super().__init__(message)
        self.table = table
        self.row = row
        self.column = column
        self.item_id = item_id
        self.pointer = pointer
        self.reason = reason or message


# --------------------------------------------------------------------------------------------
# The tables: their fields, kinds and defaults.

_REQUIRED = object()  # a field without a default: its column must be there, its cells filled


@dataclass(frozen=True)
class _Field:
    name: str
    kind: str
    default: Any = _REQUIRED


def _f(name: str, kind: str, default: Any = _REQUIRED) -> _Field:
    return _Field(name, kind, default)


#: Fields of each table, in the order problem_to_pandas writes them.
TABLE_FIELDS: Dict[str, Tuple[_Field, ...]] = {
    "experts": (
        _f("id", "id"), _f("name", "str", ""), _f("residence_country", "str"),
        _f("sectors", "sector_list", None), _f("years_experience", "count", 0),
        _f("max_missions", "count", 1), _f("remote_possible", "bool", False),
        _f("available_from", "date", None), _f("available_until", "date", None),
        _f("skills", "skill_list", None), _f("languages", "language_list", None),
        _f("degrees", "degree_list", None), _f("preferred_regions", "str_list", None),
        _f("preferred_sectors", "sector_list", None),
    ),
    "expert_skills": (_f("expert_id", "ref"), _f("skill", "id"), _f("level", "proficiency")),
    "expert_languages": (_f("expert_id", "ref"), _f("language", "id"), _f("level", "cefr")),
    "expert_degrees": (_f("expert_id", "ref"), _f("level", "degree"), _f("field", "str", "")),
    "availability": (_f("expert_id", "ref"), _f("start", "date"), _f("end", "date")),
    "institutions": (
        _f("id", "id"), _f("name", "str"), _f("kind", "kind", "other"), _f("region", "str", ""),
    ),
    "needs": (
        _f("id", "id"), _f("institution", "id"), _f("sector", "sector"),
        _f("window_start", "date"), _f("window_end", "date"), _f("duration_days", "count"),
        _f("seats", "count", 1), _f("priority", "count", 3), _f("mode", "mode", "on_site"),
        _f("thesis_supervision", "bool", False), _f("skills", "requirement_list", None),
        _f("languages", "language_list", None),
    ),
    "need_skills": (
        _f("need_id", "ref"), _f("skill", "id"), _f("essential", "bool", True),
        _f("min_level", "proficiency", 3), _f("weight", "weight", 1.0),
    ),
    "need_languages": (_f("need_id", "ref"), _f("language", "id"), _f("min_level", "cefr", "B2")),
    "taxonomy": (_f("id", "id"), _f("name", "str", ""), _f("parent", "str", None)),
}

_MAIN_TABLES = ("experts", "institutions", "needs")
#: Which main table a long table's "ref" column points into.
_REFERS_TO = {
    "expert_skills": "experts", "expert_languages": "experts", "expert_degrees": "experts",
    "availability": "experts", "need_skills": "needs", "need_languages": "needs",
}

_KIND_WORDS = {
    "id": "a non-empty text id",
    "ref": "a non-empty text id",
    "str": "text",
    "count": "a whole number >= 0",
    "proficiency": "a proficiency level, a whole number from 1 to 5",
    "weight": "a finite number >= 0",
    "bool": "true or false (also yes/no, oui/non, 1/0)",
    "date": "a date (YYYY-MM-DD; day/month/year with dayfirst=True)",
    "cefr": "a CEFR level (A1, A2, B1, B2, C1 or C2)",
}


# --------------------------------------------------------------------------------------------
# Cells.

class _CellError(Exception):
    """A cell's value is wrong; the caller adds where."""


def _is_bool(value: Any) -> bool:
    """Python's and numpy's booleans (numpy 2 names its type "bool", numpy 1 "bool_")."""
    import numpy as np

    return isinstance(value, (bool, np.bool_))


def _is_missing(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    if isinstance(value, str):
        return value.strip() == ""
    try:  # pd.NA, pd.NaT, np.nan and numpy scalars
        import pandas as pd

        result = pd.isna(value)
        return bool(result) if isinstance(result, (bool,)) or getattr(result, "shape", None) == () else False
    except (TypeError, ValueError, ImportError):
        return False


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _as_text(value: Any) -> str:
    """Text, or a whole number written as text (ids are often numbers in spreadsheets)."""
    if isinstance(value, str):
        return value.strip()
    if _is_bool(value):
        raise _CellError(f"expected text, got {_shown(value)}")
    if isinstance(value, int) or type(value).__name__.startswith(("int", "uint")):
        return str(int(value))
    if isinstance(value, float) or type(value).__name__.startswith("float"):
        if math.isfinite(value) and value == int(value):  # an integer column with gaps reads as float
            return str(int(value))
    raise _CellError(f"expected text, got {_shown(value)}")


def _as_int(value: Any, low: int, high: int, what: str) -> int:
    if _is_bool(value):
        raise _CellError(f"expected {what}, got {_shown(value)}")
    number: Any = value
    if isinstance(value, str):
        text = value.strip()
        if not re.fullmatch(r"[+-]?\d+(\.0*)?", text):
            raise _CellError(f"expected {what}, got {_shown(value)}")
        number = int(float(text)) if "." in text else int(text)
    else:
        try:
            as_float = float(value)
        except (TypeError, ValueError):
            raise _CellError(f"expected {what}, got {_shown(value)}") from None
        if not math.isfinite(as_float) or as_float != int(as_float):
            raise _CellError(f"expected {what}, got {_shown(value)}")
        number = int(value) if isinstance(value, int) or hasattr(value, "__index__") else int(as_float)
    if not low <= number <= high:
        raise _CellError(f"expected {what}, got {number}")
    return number


def _as_float(value: Any, what: str) -> float:
    if _is_bool(value):
        raise _CellError(f"expected {what}, got {_shown(value)}")
    if isinstance(value, str):
        text = value.strip()
        if re.fullmatch(r"[+-]?\d+,\d+", text):  # a decimal comma, as French spreadsheets write
            text = text.replace(",", ".")
        try:
            number = float(text)
        except ValueError:
            raise _CellError(f"expected {what}, got {_shown(value)}") from None
    else:
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise _CellError(f"expected {what}, got {_shown(value)}") from None
    if not math.isfinite(number) or number < 0:
        raise _CellError(f"expected {what}, got {_shown(value)}")
    return number


_TRUE = {"true", "yes", "y", "oui", "o", "vrai", "1", "x"}
_FALSE = {"false", "no", "n", "non", "faux", "0"}


def _as_bool(value: Any) -> bool:
    if _is_bool(value):
        return bool(value)
    if isinstance(value, str):
        text = value.strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
    elif isinstance(value, (int, float)) or type(value).__name__.startswith(("int", "float", "uint")):
        if value == 1:
            return True
        if value == 0:
            return False
    raise _CellError(f"expected {_KIND_WORDS['bool']}, got {_shown(value)}")


_DAY_FIRST = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")


def _as_date(value: Any, dayfirst: bool) -> str:
    """ISO text of a date cell: a date, a datetime, a pandas Timestamp or text."""
    if isinstance(value, _dt.datetime):  # pandas Timestamp too
        return value.date().isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    if type(value).__name__ == "datetime64":
        import numpy as np

        return str(np.datetime64(value, "D"))
    if not isinstance(value, str):
        raise _CellError(f"expected {_KIND_WORDS['date']}, got {_shown(value)}")
    text = value.strip()
    iso = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})(?:[T ]00:00(?::00)?)?", text)
    if iso:
        year, month, day = (int(g) for g in iso.groups())
    else:
        match = _DAY_FIRST.fullmatch(text)
        if not match:
            raise _CellError(f"expected {_KIND_WORDS['date']}, got {_shown(value)}")
        if not dayfirst:
            raise _CellError(f"expected a date as YYYY-MM-DD, got {_shown(value)}; for day/month/year "
                             "dates pass dayfirst=True")
        day, month, year = (int(g) for g in match.groups())
    try:
        return _dt.date(year, month, day).isoformat()
    except ValueError as error:
        raise _CellError(f"expected a calendar date, got {_shown(value)} ({error})") from None


def _as_enum(value: Any, enum: Any, what: str) -> str:
    if isinstance(value, enum):
        return str(value)
    if isinstance(value, str):
        key = value.strip().lower().replace(" ", "_").replace("-", "_")
        if key in enum.__members__:
            return key
    names = ", ".join(enum.__members__)
    raise _CellError(f"expected {what} ({names}), got {_shown(value)}")


def _as_cefr(value: Any) -> str:
    if isinstance(value, _core.Cefr):
        return str(value)
    if isinstance(value, str) and value.strip().upper() in _core.Cefr.__members__:
        return value.strip().upper()
    raise _CellError(f"expected {_KIND_WORDS['cefr']}, got {_shown(value)}")


def _items(value: Any) -> List[Any]:
    """The items of a list cell: a list, tuple, set or array, or text split on | ; or ,."""
    if _is_missing(value):
        return []
    if isinstance(value, str):
        return [part.strip() for part in _LIST_SPLIT.split(value) if part.strip()]
    if isinstance(value, Mapping):
        return list(value.items())
    if isinstance(value, (list, tuple, set, frozenset)) or hasattr(value, "tolist"):
        items = value.tolist() if hasattr(value, "tolist") else list(value)
        return sorted(items) if isinstance(value, (set, frozenset)) else items
    raise _CellError(f"expected a list (or text separated by '|'), got {_shown(value)}")


def _pair(item: Any, first: str, second: str) -> Tuple[Any, Any]:
    """(key, value) of a list item: a 2-tuple, a dict or "key=value" text."""
    if isinstance(item, str):
        key, sep, rest = item.partition("=")
        if not sep or not key.strip() or not rest.strip():
            raise _CellError(f"expected '{first}={second}' items, got {_shown(item)}")
        return key.strip(), rest.strip()
    if isinstance(item, Mapping):
        if first in item and second in item:
            return item[first], item[second]
    elif isinstance(item, (tuple, list)) and len(item) == 2:
        return item[0], item[1]
    raise _CellError(f"expected '{first}={second}' items, got {_shown(item)}")


def _convert(field: _Field, value: Any, dayfirst: bool) -> Any:
    """The document value of a non-missing cell."""
    kind = field.kind
    if kind in ("id", "ref"):
        text = _as_text(value)
        if not text:
            raise _CellError(f"expected {_KIND_WORDS[kind]}, got {_shown(value)}")
        return text
    if kind == "str":
        return _as_text(value)
    if kind == "count":
        return _as_int(value, 0, 1_000_000_000, _KIND_WORDS["count"])
    if kind == "proficiency":
        return _as_int(value, _core.MIN_PROFICIENCY, _core.MAX_PROFICIENCY, _KIND_WORDS["proficiency"])
    if kind == "weight":
        return _as_float(value, _KIND_WORDS["weight"])
    if kind == "bool":
        return _as_bool(value)
    if kind == "date":
        return _as_date(value, dayfirst)
    if kind == "cefr":
        return _as_cefr(value)
    if kind == "sector":
        return _as_enum(value, _core.Sector, "a sector")
    if kind == "kind":
        return _as_enum(value, _core.InstitutionKind, "an institution kind")
    if kind == "mode":
        return _as_enum(value, _core.MissionMode, "a mission mode")
    if kind == "degree":
        return _as_enum(value, _core.DegreeLevel, "a degree level")
    if kind == "str_list":
        return [_as_text(v) for v in _items(value)]
    if kind == "sector_list":
        return [_as_enum(v, _core.Sector, "a sector") for v in _items(value)]
    if kind == "degree_list":
        return [{"level": _as_enum(v, _core.DegreeLevel, "a degree level")} for v in _items(value)]
    if kind == "skill_list":
        out = []
        for item in _items(value):
            skill, level = _pair(item, "skill", "level")
            out.append({"skill": _as_text(skill), "level": _as_int(
                level, _core.MIN_PROFICIENCY, _core.MAX_PROFICIENCY, _KIND_WORDS["proficiency"])})
        return out
    if kind == "requirement_list":
        out = []
        for item in _items(value):
            skill, level = _pair(item, "skill", "min_level")
            out.append({"skill": _as_text(skill), "min_level": _as_int(
                level, _core.MIN_PROFICIENCY, _core.MAX_PROFICIENCY, _KIND_WORDS["proficiency"])})
        return out
    if kind == "language_list":
        out = []
        for item in _items(value):
            language, level = _pair(item, "language", "level")
            out.append((_as_text(language), _as_cefr(level)))
        return out
    raise AssertionError(kind)


# --------------------------------------------------------------------------------------------
# Tables.

@dataclass
class _Where:
    """Where a document item came from: the table, the row, its id, and the column names."""
    table: str
    row: Any
    item_id: Optional[str]
    columns: Mapping[str, str]
    row_word: str
    id_column: Optional[str] = None


class _Table:
    """One input table with the caller's column names, read row by row into plain values."""

    def __init__(self, key: str, frame: Any, columns: Mapping[str, str], label: str, row_word: str,
                 dayfirst: bool) -> None:
        import pandas as pd

        if not isinstance(frame, pd.DataFrame):
            raise TypeError(f"{key} must be a pandas DataFrame, not {type(frame).__name__}")
        self.key = key
        self.label = label
        self.row_word = row_word
        self.dayfirst = dayfirst
        self.fields = TABLE_FIELDS[key]
        self.columns = {f.name: columns.get(f.name, f.name) for f in self.fields}
        present = set(map(str, frame.columns))
        if len(present) != len(frame.columns):
            dupes = sorted({str(c) for c in frame.columns if list(map(str, frame.columns)).count(str(c)) > 1})
            raise TableError(f"{label}: the column {dupes[0]!r} appears more than once", table=label,
                             column=dupes[0])
        missing = [self.columns[f.name] for f in self.fields
                   if f.default is _REQUIRED and self.columns[f.name] not in present]
        if missing:
            wanted = ", ".join(repr(self.columns[f.name]) for f in self.fields if f.default is _REQUIRED)
            raise TableError(
                f"{label}: missing column {missing[0]!r} (required columns: {wanted}; name yours with "
                f"columns={{'{key}': {{'{_field_of(self.columns, missing[0])}': 'your column'}}}})",
                table=label, column=missing[0])
        self.used = [f for f in self.fields if self.columns[f.name] in present]
        # Defaults the document needs written out (it requires a name, a kind, a region, ...).
        self.defaults = [f for f in self.fields if f.default is not _REQUIRED and f.default is not None]
        self.frame = frame
        id_field = next((f.name for f in self.fields if f.kind in ("id", "ref")), None)
        self.id_column = self.columns[id_field] if id_field else None

    def rows(self) -> Iterable[Tuple[Any, Dict[str, Any], _Where]]:
        """(row label, {field: value}, where) for every row; missing optional cells are absent."""
        names = [self.columns[f.name] for f in self.used]
        data = self.frame[names] if names else self.frame.iloc[:, :0]
        for label, values in zip(self.frame.index, data.itertuples(index=False, name=None)):
            raw_id = values[names.index(self.id_column)] if self.id_column in names else None
            item_id = None if raw_id is None or _is_missing(raw_id) else str(raw_id).strip()
            where = _Where(self.label, label, item_id, self.columns, self.row_word, self.id_column)
            record: Dict[str, Any] = {f.name: f.default for f in self.defaults}
            for f, value in zip(self.used, values):
                if _is_missing(value):
                    if f.default is _REQUIRED:
                        raise _error(where, self.columns[f.name],
                                     f"missing value; expected {_KIND_WORDS.get(f.kind, f.kind)}")
                    continue
                try:
                    record[f.name] = _convert(f, value, self.dayfirst)
                except _CellError as error:
                    raise _error(where, self.columns[f.name], str(error)) from None
            yield label, record, where


def _field_of(columns: Mapping[str, str], column: str) -> str:
    return next((f for f, c in columns.items() if c == column), column)


def _describe(where: _Where, column: Optional[str]) -> str:
    text = f"{where.table}, {where.row_word} {where.row}"
    if where.item_id is not None:
        text += f" ({where.id_column or 'id'} {where.item_id!r})"
    if column is not None:
        text += f", column {column!r}"
    return text


def _error(where: _Where, column: Optional[str], message: str, pointer: str = "") -> TableError:
    return TableError(f"{_describe(where, column)}: {message}", table=where.table, row=where.row,
                      column=column, item_id=where.item_id, pointer=pointer, reason=message)


def _check_unique(table: _Table, seen: Dict[str, _Where], item_id: str, where: _Where) -> None:
    if item_id in seen:
        first = seen[item_id]
        raise _error(where, table.columns["id"],
                     f"duplicate id {item_id!r}, already in {first.row_word} {first.row}")
    seen[item_id] = where


# --------------------------------------------------------------------------------------------
# Tables -> Problem.

def check_columns_argument(columns: Optional[Mapping[str, Mapping[str, str]]],
                           fields: Mapping[str, Tuple[Any, ...]] = TABLE_FIELDS) -> Dict[str, Mapping[str, str]]:
    """The ``columns=`` argument checked against the tables' fields (each field has ``.name``)."""
    if columns is None:
        return {}
    out = {}
    for table, mapping in columns.items():
        if table not in fields:
            raise ValueError(f"columns: unknown table {table!r}; the tables are {', '.join(fields)}")
        known = {f.name for f in fields[table]}
        for field in mapping:
            if field not in known:
                raise ValueError(f"columns[{table!r}]: unknown field {field!r}; the fields are "
                                 f"{', '.join(f.name for f in fields[table])}")
        out[table] = mapping
    return out


def _build(frames: Mapping[str, Any], *, name: str, taxonomy: Any, columns: Mapping[str, Mapping[str, str]],
           dayfirst: bool, labels: Mapping[str, str], row_word: str) -> _core.Problem:
    tables = {key: _Table(key, frame, columns.get(key, {}), labels.get(key, f"{key} table"), row_word, dayfirst)
              for key, frame in frames.items() if frame is not None}
    origin: Dict[str, _Where] = {}  # JSON pointer prefix -> where the item came from

    # The main tables.
    position: Dict[str, Dict[str, int]] = {}
    items: Dict[str, List[Dict[str, Any]]] = {}
    for key in _MAIN_TABLES:
        position[key], items[key] = {}, []
        seen: Dict[str, _Where] = {}
        for label, record, where in tables[key].rows():
            _check_unique(tables[key], seen, record["id"], where)
            pointer = f"/{key}/{len(items[key])}"
            origin[pointer] = where
            position[key][record["id"]] = len(items[key])
            items[key].append(_document_item(key, record, where))

    # The long tables, attached to their items.
    for key, parent in _REFERS_TO.items():
        if key not in tables:
            continue
        ref_field = "expert_id" if parent == "experts" else "need_id"
        for label, record, where in tables[key].rows():
            ref = record[ref_field]
            if ref not in position[parent]:
                raise _error(where, tables[key].columns[ref_field],
                             f"unknown {parent[:-1]} {ref!r} (not in the {parent} table)")
            index = position[parent][ref]
            item = items[parent][index]
            list_key, entry = _long_entry(key, record)
            pointer = f"/{parent}/{index}/{list_key}/{len(item.setdefault(list_key, []))}"
            item[list_key].append(entry)
            origin[pointer] = where

    document: Dict[str, Any] = {"format": "tokten.problem", "format_version": 1, "name": name}
    if "taxonomy" in tables:
        skills = []
        seen = {}
        for label, record, where in tables["taxonomy"].rows():
            _check_unique(tables["taxonomy"], seen, record["id"], where)
            origin[f"/taxonomy/skills/{len(skills)}"] = where
            skills.append({k: v for k, v in record.items() if v is not None})
        document["taxonomy"] = {"skills": skills}
    else:
        base = taxonomy if taxonomy is not None else _core.isced_taxonomy()
        if not isinstance(base, _core.Taxonomy):
            raise TypeError(f"taxonomy must be a tokten.Taxonomy or a DataFrame, not {type(base).__name__}")
        document["taxonomy"] = {"skills": [{"id": s.id, "name": s.name, **({"parent": s.parent} if s.parent else {})}
                                           for s in base.skills]}
    for key in _MAIN_TABLES:
        document[key] = items[key]
    from ._documents import _dumps

    try:
        return _core.read_problem(_dumps(document))
    except TableError:
        raise
    except _core.InputError as error:
        raise _located(error, origin) from None


def _document_item(key: str, record: Dict[str, Any], where: _Where) -> Dict[str, Any]:
    """The problem document's item for a row of a main table."""
    if key == "institutions":
        return dict(record)
    if key == "needs":
        item = {k: v for k, v in record.items() if k not in ("window_start", "window_end", "languages")}
        item["window"] = {"start": record["window_start"], "end": record["window_end"]}
        item["skills"] = list(record.get("skills") or [])
        item["languages"] = [{"language": lang, "min_level": level} for lang, level in record.get("languages") or []]
        return item
    item = {k: record[k] for k in ("id", "name", "residence_country", "years_experience", "max_missions",
                                   "remote_possible") if k in record}
    item["skills"] = list(record.get("skills") or [])
    item["languages"] = [{"language": lang, "level": level} for lang, level in record.get("languages") or []]
    item["sectors"] = list(record.get("sectors") or [])
    item["degrees"] = list(record.get("degrees") or [])
    start, end = record.get("available_from"), record.get("available_until")
    if (start is None) != (end is None):
        column = where.columns["available_until" if end is None else "available_from"]
        raise _error(where, column, "missing value; available_from and available_until go together")
    item["availability"] = [{"start": start, "end": end}] if start is not None else []
    preferences = {"regions": record.get("preferred_regions") or [], "sectors": record.get("preferred_sectors") or []}
    if preferences["regions"] or preferences["sectors"]:
        item["preferences"] = preferences
    return item


def _long_entry(key: str, record: Dict[str, Any]) -> Tuple[str, Dict[str, Any]]:
    if key == "expert_skills":
        return "skills", {"skill": record["skill"], "level": record["level"]}
    if key == "expert_languages":
        return "languages", {"language": record["language"], "level": record["level"]}
    if key == "expert_degrees":
        return "degrees", {"level": record["level"], "field": record.get("field", "")}
    if key == "availability":
        return "availability", {"start": record["start"], "end": record["end"]}
    if key == "need_skills":
        return "skills", {k: record[k] for k in ("skill", "essential", "min_level", "weight") if k in record}
    if key == "need_languages":
        return "languages", {k: record[k] for k in ("language", "min_level") if k in record}
    raise AssertionError(key)


#: Document field -> table field, where they differ.
_DOCUMENT_TO_FIELD = {
    ("needs", "window"): "window_start", ("experts", "availability"): "available_from",
    ("experts", "preferences"): "preferred_regions",
}


def _located(error: Any, origin: Mapping[str, _Where]) -> TableError:
    """The C++ reader's error (a JSON pointer) as a table, row and column."""
    pointer = getattr(error, "pointer", "") or ""
    reason = (getattr(error, "reason", "") or str(error)).replace("(not in /taxonomy/skills)", "(not in the taxonomy)")
    prefix = pointer
    while prefix and prefix not in origin:
        prefix = prefix.rsplit("/", 1)[0]
    if not prefix:
        return TableError(f"{pointer or '/'}: {reason}", pointer=pointer, reason=reason)
    where = origin[prefix]
    rest = pointer[len(prefix):].strip("/").split("/") if pointer != prefix else []
    table_key = prefix.split("/")[1]
    column = None
    if rest and rest[0]:
        field = rest[0]
        if len(rest) >= 2 and rest[0] == "window":
            field = "window_start" if rest[1] == "start" else "window_end"
        elif len(rest) >= 2 and rest[0] == "availability":
            field = "available_from" if rest[-1] != "end" else "available_until"
        elif (table_key, field) in _DOCUMENT_TO_FIELD:
            field = _DOCUMENT_TO_FIELD[(table_key, field)]
        column = where.columns.get(field, field)
    return _error(where, column, reason, pointer)


def problem_from_pandas(
    experts: Any,
    institutions: Any,
    needs: Any,
    *,
    expert_skills: Any = None,
    expert_languages: Any = None,
    expert_degrees: Any = None,
    availability: Any = None,
    need_skills: Any = None,
    need_languages: Any = None,
    taxonomy: Any = None,
    name: str = "",
    columns: Optional[Mapping[str, Mapping[str, str]]] = None,
    dayfirst: bool = False,
) -> _core.Problem:
    """Build a planning round from pandas DataFrames.

    One row per expert, institution and need; what an item has several of comes either as a long
    table (one row per expert and skill, ...) or as a list column of the main table (a list, or
    text such as ``"isced:0912=4|isced:0613=3"``). Column names default to the field names
    below; name yours with ``columns``. Extra columns are ignored.

    Parameters
    ----------
    experts : DataFrame
        ``id`` and ``residence_country`` (ISO code, e.g. ``FR``) required; ``name``, ``sectors`` (list),
        ``years_experience``,
        ``max_missions`` (default 1), ``remote_possible``, ``available_from`` and
        ``available_until`` (one availability window), ``skills`` (list of ``skill=level``),
        ``languages`` (list of ``language=CEFR``), ``degrees`` (list of degree levels),
        ``preferred_regions``, ``preferred_sectors``.
    institutions : DataFrame
        ``id`` and ``name`` (required), ``kind`` (default ``other``), ``region``.
    needs : DataFrame
        ``id``, ``institution``, ``sector``, ``window_start``, ``window_end``, ``duration_days``
        (required), ``seats`` (1), ``priority`` (3), ``mode`` (``on_site``),
        ``thesis_supervision`` (false), ``skills`` (list of ``skill=min_level``), ``languages``
        (list of ``language=CEFR``).
    expert_skills, expert_languages, expert_degrees, availability : DataFrame, optional
        Long tables keyed by ``expert_id``: (``skill``, ``level``), (``language``, ``level``),
        (``level``, ``field``), (``start``, ``end``).
    need_skills, need_languages : DataFrame, optional
        Long tables keyed by ``need_id``: (``skill``, ``essential``, ``min_level``, ``weight``),
        (``language``, ``min_level``).
    taxonomy : DataFrame or Taxonomy, optional
        Skills (``id``, ``name``, ``parent``); the built-in ISCED-F taxonomy when omitted.
    name : str
        The round's name.
    columns : dict of dict, optional
        Per table, field -> your column name, e.g. ``{"experts": {"id": "Code"}}``.
    dayfirst : bool
        Read text dates written day/month/year (``17/02/2027``). Without it only ISO dates
        (``2027-02-17``) are read from text, so that no date is silently misread.

    Returns
    -------
    Problem
        Checked like a problem document: ids unique and known, values in range.

    Raises
    ------
    TableError
        A missing column, a missing or malformed value, a duplicate id, a reference to an unknown
        expert or need: the message names the table, the row (and its id) and the column;
        ``.table``, ``.row``, ``.column`` and ``.item_id`` hold them.
    TypeError
        A table that is not a DataFrame.
    ValueError
        ``columns`` names an unknown table or field.

    Notes
    -----
    One pass over every cell: O(total cells). A national roster of 100,000 experts reads in a few
    seconds.

    Examples
    --------
    >>> import pandas as pd, tokten
    >>> experts = pd.DataFrame({"id": ["e1"], "residence_country": ["FR"], "skills": ["isced:0912=4"],
    ...                         "languages": ["fr=C1"],
    ...                         "available_from": ["2027-01-04"], "available_until": ["2027-03-31"]})
    >>> institutions = pd.DataFrame({"id": ["chu"], "name": ["CHU de Ségou"], "kind": ["hospital"],
    ...                              "region": ["Ségou"]})
    >>> needs = pd.DataFrame({"id": ["n1"], "institution": ["chu"], "sector": ["health"],
    ...                       "skills": ["isced:0912=3"], "window_start": ["2027-02-01"],
    ...                       "window_end": ["2027-02-28"], "duration_days": [14]})
    >>> problem = tokten.problem_from_pandas(experts, institutions, needs, name="pilot")
    >>> len(problem.experts), problem.needs[0].skills[0].min_level
    (1, 3)
    """
    frames = {"experts": experts, "institutions": institutions, "needs": needs,
              "expert_skills": expert_skills, "expert_languages": expert_languages,
              "expert_degrees": expert_degrees, "availability": availability,
              "need_skills": need_skills, "need_languages": need_languages}
    import pandas as pd

    if isinstance(taxonomy, pd.DataFrame):
        frames["taxonomy"] = taxonomy
        taxonomy = None
    return _build(frames, name=name, taxonomy=taxonomy, columns=check_columns_argument(columns),
                  dayfirst=dayfirst, labels={}, row_word="row")


# --------------------------------------------------------------------------------------------
# CSV files.

def _sniff_separator(path: str, encoding: str) -> str:
    with open(path, encoding=encoding, newline="") as f:
        header = f.readline()
    counts = {sep: header.count(sep) for sep in (";", ",", "\t")}
    best = max(counts, key=lambda s: counts[s])
    return best if counts[best] > 0 else ","


def _check_separator(sep: Optional[str], *, optional: bool) -> None:
    if sep is None and optional:
        return
    if not isinstance(sep, str) or len(sep) != 1 or sep in ('"', "\r", "\n"):
        raise ValueError(f"sep={sep!r}: expected one character such as ',', ';' or '\\t' (not a quote or a "
                         f"line break){'' if not optional else ', or None to detect it'}")


def _check_encoding(encoding: str) -> None:
    try:
        codecs.lookup(encoding)
    except (LookupError, TypeError):
        raise ValueError(f"encoding={encoding!r}: not a text encoding Python knows (for example 'utf-8' "
                         f"or 'cp1252')") from None


def _read_csv(path: str, label: str, sep: Optional[str], encoding: str) -> Any:
    import pandas as pd

    codec = "utf-8-sig" if encoding.lower().replace("_", "-") in ("utf-8", "utf8") else encoding
    try:
        with open(path, "rb") as f:
            text = f.read().decode(codec)
    except UnicodeDecodeError as error:
        raise TableError(f"{label}: not {encoding} text at byte {error.start}; save the sheet as "
                         f"'CSV UTF-8', or pass encoding='cp1252' for a file saved as plain 'CSV' on "
                         f"Windows", table=label) from None
    separator = sep or _sniff_separator(path, codec)
    # The header as written: pandas would rename a repeated column ("max_missions.1") and the
    # second one would be ignored without a word.
    # Split as pandas splits it below (skipinitialspace), or ' "name"' would hide a repeat.
    try:
        with open(path, encoding=codec, newline="") as f:
            header = next(csv.reader(f, delimiter=separator, skipinitialspace=True), [])
    except csv.Error as error:  # an unclosed quote running past the field limit, a NUL before 3.11
        raise TableError(f"{label}, row 1: cannot read the header row: {error}", table=label, row=1) from None
    names = [name.strip() for name in header]
    if not text.strip():
        raise TableError(f"{label}: the file is empty (expected a header row)", table=label)
    if not any(names):
        raise TableError(f"{label}, row 1: the header row is empty (expected the column names on the first row)",
                         table=label, row=1)
    repeated = sorted({name for name in names if name and names.count(name) > 1})
    if repeated:
        raise TableError(f"{label}: the column {repeated[0]!r} appears more than once", table=label, column=repeated[0])
    try:
        # Blank lines are kept so that each row keeps its spreadsheet number; rows with every
        # cell empty (blank lines, or ";;;;" rows a spreadsheet leaves at the end) are dropped.
        frame = pd.read_csv(path, sep=separator, dtype=str, keep_default_na=False, encoding=codec,
                            skipinitialspace=True, quoting=csv.QUOTE_MINIMAL, skip_blank_lines=False)
    except pd.errors.EmptyDataError:
        raise TableError(f"{label}: the file is empty (expected a header row)", table=label) from None
    except pd.errors.ParserError as error:
        raise TableError(f"{label}: cannot read it as CSV with separator {separator!r}: {error}",
                         table=label) from None
    frame.columns = [str(c).strip() for c in frame.columns]
    frame.index = range(2, len(frame) + 2)  # spreadsheet rows: the header is row 1
    empty = frame.apply(lambda row: all(str(v).strip() == "" for v in row), axis=1)
    return frame[~empty] if len(frame) else frame


def read_problem_csv(
    folder: PathLike,
    *,
    sep: Optional[str] = None,
    dayfirst: bool = False,
    encoding: str = "utf-8",
    columns: Optional[Mapping[str, Mapping[str, str]]] = None,
    name: Optional[str] = None,
    taxonomy: Any = None,
) -> _core.Problem:
    """Read a planning round from CSV files saved from a spreadsheet.

    The folder holds ``experts.csv``, ``institutions.csv`` and ``needs.csv``, and optionally the
    long tables ``expert_skills.csv``, ``expert_languages.csv``, ``expert_degrees.csv``,
    ``availability.csv``, ``need_skills.csv``, ``need_languages.csv`` and ``taxonomy.csv``, with
    the columns of :func:`problem_from_pandas`. Files are only read, never changed.

    Parameters
    ----------
    folder : str or path
        The folder of CSV files.
    sep : str, optional
        The separator; by default the most frequent of ``;``, ``,`` and tab in each header row
        (spreadsheets in French locales save with ``;``).
    dayfirst : bool
        Read dates written day/month/year (``17/02/2027``), as French spreadsheets save them.
    encoding : str
        The files' encoding; UTF-8 by default (a byte-order mark is skipped). Sheets saved as
        plain "CSV" on Windows are ``"cp1252"``.
    columns : dict of dict, optional
        Per table, field -> your column name, as in :func:`problem_from_pandas`.
    name : str, optional
        The round's name; the folder's name by default.
    taxonomy : Taxonomy, optional
        Used when there is no ``taxonomy.csv``; the built-in ISCED-F taxonomy by default.

    Returns
    -------
    Problem

    Raises
    ------
    TableError
        A missing file or column, text that is not in the encoding, a malformed row or cell, a
        duplicate id or an unknown reference, naming the file, the spreadsheet row (the header
        is row 1), the id and the column.
    ValueError
        ``sep`` is not one character, or ``encoding`` is not an encoding.

    Notes
    -----
    Reads every file once: O(total cells). Decimal commas (``1,5``) are read in numbers.

    Examples
    --------
    >>> import tempfile, tokten
    >>> folder = tempfile.mkdtemp()
    >>> tokten.write_problem_csv(tokten.demo_problem(experts=30, needs=10), folder, sep=";")
    >>> tokten.read_problem_csv(folder).needs[0].id
    'need-5001'
    """
    folder = os.fspath(folder)
    _check_separator(sep, optional=True)
    _check_encoding(encoding)
    if not os.path.isdir(folder):
        raise TableError(f"{folder}: not a folder (expected a folder of CSV files: experts.csv, "
                         "institutions.csv, needs.csv, ...)", table=folder)
    frames: Dict[str, Any] = {}
    labels: Dict[str, str] = {}
    for key in TABLE_FIELDS:
        path = os.path.join(folder, f"{key}.csv")
        labels[key] = f"{key}.csv"
        if os.path.exists(path):
            frames[key] = _read_csv(path, labels[key], sep, encoding)
        elif key in _MAIN_TABLES:
            raise TableError(f"{key}.csv: missing from {folder} (expected experts.csv, institutions.csv and "
                             "needs.csv)", table=labels[key])
    if "taxonomy" not in frames and taxonomy is not None and not isinstance(taxonomy, _core.Taxonomy):
        raise TypeError(f"taxonomy must be a tokten.Taxonomy, not {type(taxonomy).__name__}")
    round_name = name if name is not None else os.path.basename(os.path.normpath(folder))
    return _build(frames, name=round_name, taxonomy=taxonomy, columns=check_columns_argument(columns),
                  dayfirst=dayfirst, labels=labels, row_word="row")


# --------------------------------------------------------------------------------------------
# Problem -> tables.

def problem_to_pandas(problem: _core.Problem, *, lists: str = "python") -> Dict[str, Any]:
    """The planning round as the tables :func:`problem_from_pandas` reads.

    Parameters
    ----------
    problem : Problem
    lists : "python" or "text"
        List cells (an expert's sectors, preferred regions) as Python lists, or as text joined
        with ``|`` (for CSV files and spreadsheets).

    Returns
    -------
    dict of str to DataFrame
        ``experts``, ``institutions``, ``needs``, the long tables ``expert_skills``,
        ``expert_languages``, ``expert_degrees``, ``availability``, ``need_skills``,
        ``need_languages``, and ``taxonomy``; ``problem_from_pandas(**tables, name=...)`` gives
        the problem back.

    Raises
    ------
    ValueError
        ``lists`` is neither "python" nor "text".

    Examples
    --------
    >>> import tokten
    >>> tables = tokten.problem_to_pandas(tokten.demo_problem(experts=20, needs=5))
    >>> sorted(tables)[:3], len(tables["experts"])
    (['availability', 'expert_degrees', 'expert_languages'], 20)
    """
    import pandas as pd

    if lists not in ("python", "text"):
        raise ValueError(f"lists must be 'python' or 'text', not {lists!r}")
    as_list: Callable[[List[str]], Any] = (list if lists == "python"
                                           else (lambda xs: LIST_SEPARATOR.join(xs)))

    def frame(key: str, rows: List[Tuple[Any, ...]], names: Optional[List[str]] = None) -> Any:
        names = names or [f.name for f in TABLE_FIELDS[key]]
        return pd.DataFrame(rows, columns=names)

    expert_names = [f.name for f in TABLE_FIELDS["experts"]
                    if f.name not in ("skills", "languages", "degrees", "available_from", "available_until")]
    experts, skills, languages, degrees, windows = [], [], [], [], []
    for e in problem.experts:
        experts.append((e.id, e.name, e.residence_country, as_list([str(s) for s in e.sectors]),
                        e.years_experience, e.max_missions, e.remote_possible,
                        as_list(list(e.preferences.regions)), as_list([str(s) for s in e.preferences.sectors])))
        skills += [(e.id, s.skill, s.level) for s in e.skills]
        languages += [(e.id, l.language, str(l.level)) for l in e.languages]
        degrees += [(e.id, str(d.level), d.field) for d in e.degrees]
        windows += [(e.id, w.start, w.end) for w in e.availability]
    need_names = [f.name for f in TABLE_FIELDS["needs"] if f.name not in ("skills", "languages")]
    needs, need_skills, need_languages = [], [], []
    for n in problem.needs:
        needs.append((n.id, n.institution, str(n.sector), n.window.start, n.window.end, n.duration_days,
                      n.seats, n.priority, str(n.mode), n.thesis_supervision))
        need_skills += [(n.id, s.skill, s.essential, s.min_level, s.weight) for s in n.skills]
        need_languages += [(n.id, l.language, str(l.min_level)) for l in n.languages]
    tables = {
        "experts": frame("experts", experts, expert_names),
        "institutions": frame("institutions", [(i.id, i.name, str(i.kind), i.region) for i in problem.institutions]),
        "needs": frame("needs", needs, need_names),
        "expert_skills": frame("expert_skills", skills),
        "expert_languages": frame("expert_languages", languages),
        "expert_degrees": frame("expert_degrees", degrees),
        "availability": frame("availability", windows),
        "need_skills": frame("need_skills", need_skills),
        "need_languages": frame("need_languages", need_languages),
        "taxonomy": frame("taxonomy", [(s.id, s.name, s.parent) for s in problem.taxonomy.skills]),
    }
    return tables


def write_problem_csv(problem: _core.Problem, folder: PathLike, *, sep: str = ",") -> None:
    """Write the planning round as CSV files that :func:`read_problem_csv` reads back.

    Parameters
    ----------
    problem : Problem
    folder : str or path
        Created if needed. Each file is written atomically (a failed write leaves an earlier
        file intact).
    sep : str
        The separator; ``";"`` suits spreadsheets in French locales. Dates are ISO (YYYY-MM-DD),
        list cells are joined with ``|``, and the files are UTF-8.

    Returns
    -------
    None

    Raises
    ------
    ValueError
        ``sep`` is not one character (or is a quote or a line break).
    OSError
        The folder cannot be created or written.

    Examples
    --------
    >>> import os, tempfile, tokten
    >>> folder = tempfile.mkdtemp()
    >>> tokten.write_problem_csv(tokten.demo_problem(experts=10, needs=3), folder)
    >>> sorted(os.listdir(folder))[:3]
    ['availability.csv', 'expert_degrees.csv', 'expert_languages.csv']
    """
    folder = os.fspath(folder)
    _check_separator(sep, optional=False)
    os.makedirs(folder, exist_ok=True)
    for key, table in problem_to_pandas(problem, lists="text").items():
        text = table.to_csv(sep=sep, index=False, lineterminator="\n")
        write_atomically(os.path.join(folder, f"{key}.csv"), text)
