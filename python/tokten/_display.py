"""Jupyter display: short HTML summaries of a Problem, a Result and an Explanation, never a dump."""

from __future__ import annotations

from collections import Counter
from html import escape
from typing import Any, Iterable, List, Sequence, Tuple

from . import _core

_STYLE = ("<style>.tokten-box table{border-collapse:collapse;margin:4px 0}"
          ".tokten-box td,.tokten-box th{padding:2px 8px;text-align:left;border-bottom:1px solid #ddd}"
          ".tokten-box .num{text-align:right}</style>")

#: Rows shown in a summary table before "... and N more".
TOP = 5


def _table(header: Sequence[str], rows: Iterable[Sequence[Any]], numeric: Sequence[bool]) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    body = []
    for row in rows:
        cells = "".join(f"<td class='num'>{escape(_fmt(v))}</td>" if num else f"<td>{escape(_fmt(v))}</td>"
                        for v, num in zip(row, numeric))
        body.append(f"<tr>{cells}</tr>")
    return f"<table><tr>{head}</tr>{''.join(body)}</table>"


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def _box(title: str, parts: List[str]) -> str:
    return f"{_STYLE}<div class='tokten-box'><b>{escape(title)}</b>{''.join(parts)}</div>"


def _top(counter: Counter, limit: int = TOP) -> Tuple[List[Tuple[str, int]], int]:
    ranked = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))
    return ranked[:limit], max(0, len(ranked) - limit)


def problem_html(problem: _core.Problem) -> str:
    """Counts, then seats requested by sector and by region (the largest first)."""
    regions = {i.id: i.region for i in problem.institutions}
    seats = sum(n.seats for n in problem.needs)
    by_sector: Counter = Counter()
    by_region: Counter = Counter()
    for n in problem.needs:
        by_sector[str(n.sector)] += n.seats
        by_region[regions.get(n.institution, "")] += n.seats
    line = (f"<p>{len(problem.experts)} experts, {len(problem.institutions)} institutions in "
            f"{len(set(regions.values()))} regions, {len(problem.needs)} needs asking {seats} seats, "
            f"{len(problem.taxonomy.skills)} skills in the taxonomy.</p>")
    parts = [line]
    for title, counter in (("sector", by_sector), ("region", by_region)):
        rows, more = _top(counter)
        parts.append(_table([title, "seats requested"], rows, [False, True]))
        if more:
            parts.append(f"<p>... and {more} more {title}s</p>")
    name = f"Planning round {problem.name!r}" if problem.name else "Planning round"
    return _box(name, parts)


def result_html(result: Any) -> str:
    """Status and coverage, unfilled seats by reason, and the first pairs."""
    a = result.assignment
    parts = [f"<p>{result.seats_filled} of {result.seats_requested} seats filled "
             f"({100 * result.seat_coverage:.1f}%), {result.needs_filled} of {len(result.problem.needs)} needs "
             f"fully filled; total score {a.total_score:.3f} ({escape(str(a.status))}, "
             f"{escape(str(a.objective))}).</p>"]
    if a.unfilled:
        reasons: Counter = Counter()
        for u in a.unfilled:
            reasons[str(u.reason)] += u.seats
        parts.append(_table(["unfilled because", "seats"], sorted(reasons.items(), key=lambda kv: -kv[1]),
                            [False, True]))
    if a.pairs:
        rows = [(p.need, p.expert, p.score) for p in a.pairs[:TOP]]
        parts.append(_table(["need", "expert", "score"], rows, [False, False, True]))
        if len(a.pairs) > TOP:
            parts.append(f"<p>... and {len(a.pairs) - TOP} more pairs: result.to_pandas() has them all</p>")
    name = f"Assignment of {a.problem!r}" if a.problem else "Assignment"
    return _box(name, parts)


def explanation_html(x: _core.Explanation) -> str:
    """The verdict, then one row per score term."""
    verdict = f"feasible, score {x.score:.3f}" if x.feasible else f"infeasible: {x.message}"
    d = x.to_dict()
    rows = [(t["name"], t["value"], t["detail"]) for t in d.get("terms", [])]
    parts = [f"<p>{escape(verdict)}</p>"]
    if rows:
        parts.append(_table(["term", "value", "detail"], rows, [False, True, False]))
    return _box(f"Expert {x.expert} for need {x.need}", parts)


def unfilled_text(u: _core.UnfilledSeats) -> str:
    """The need, the open seats and the reason, then each fix on its own line."""
    seats = "seat" if u.seats == 1 else "seats"
    lines = [f"{u.need}: {u.seats} {seats} unfilled ({u.reason}): {u.detail}"]
    lines += [f"  fix: {fix}" for fix in u.fixes]
    return "\n".join(lines)


def unfilled_html(u: _core.UnfilledSeats) -> str:
    seats = "seat" if u.seats == 1 else "seats"
    parts = [f"<p>{u.seats} {seats} unfilled ({escape(str(u.reason))}): {escape(u.detail)}</p>"]
    if u.fixes:
        parts.append(_table(["single change that would fill a seat"], [(f,) for f in u.fixes], [False]))
    return _box(f"Need {u.need}", parts)


def install() -> None:
    """Give the compiled classes their Jupyter display (the C++ types stay plain)."""
    _core.Problem._repr_html_ = problem_html
    _core.Explanation._repr_html_ = explanation_html
    _core.UnfilledSeats._repr_html_ = unfilled_html
    _core.UnfilledSeats.__str__ = unfilled_text
