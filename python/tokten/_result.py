"""A solved planning round for analysts: the Assignment with its Problem, as DataFrames and HTML."""

from __future__ import annotations

import copy
import os
from typing import Any, Dict, List, Mapping, NamedTuple, Optional, Sequence, Union

from . import _core

PathLike = Union[str, "os.PathLike[str]"]


def write_atomically(path: PathLike, text: str) -> None:
    """Write a file through a temporary file and a rename; a failure is an OSError, the old file intact."""
    try:
        _core.write_file_atomically(os.fspath(path), text)
    except RuntimeError as error:
        raise OSError(str(error)) from None


class ResultTables(NamedTuple):
    """The tables of a Result (see Result.to_pandas): assignment, unfilled, idle, alternates.

    Examples
    --------
    >>> import tokten
    >>> tables = tokten.solve(tokten.demo_problem(experts=60, needs=20)).to_pandas()
    >>> tables._fields
    ('assignment', 'unfilled', 'idle', 'alternates')
    """

    assignment: Any
    unfilled: Any
    idle: Any
    alternates: Any


class Result:
    """A solved planning round: the Assignment, the Problem it answers, and the policy used.

    ``solve`` returns it. The Assignment's fields read through (``status``, ``total_score``,
    ``pairs``, ``unfilled``, ``alternates``, ``objective``); the problem adds what the analyst
    filters on (institution, region, sector). In Jupyter it shows a short summary.

    Parameters
    ----------
    problem : Problem
        The planning round.
    assignment : Assignment
        Its assignment, from ``solve`` or ``load_assignment``.
    policy : ScoringPolicy, optional
        The policy the scores came from (for ``explain``); the defaults when None.
    summary : str
        The solve's one-paragraph summary.

    Examples
    --------
    >>> import tokten
    >>> result = tokten.solve(tokten.demo_problem(experts=60, needs=20))
    >>> tables = result.to_pandas()
    >>> list(tables.assignment.columns[:4])
    ['expert', 'expert_name', 'need', 'institution']
    """

    def __init__(self, problem: _core.Problem, assignment: _core.Assignment, *,
                 policy: Optional[_core.ScoringPolicy] = None, summary: str = "") -> None:
        if not isinstance(problem, _core.Problem):
            raise TypeError(f"problem must be a tokten.Problem, not {type(problem).__name__}")
        if not isinstance(assignment, _core.Assignment):
            raise TypeError(f"assignment must be a tokten.Assignment, not {type(assignment).__name__}")
        # Copies: the caller may change their problem afterwards; this result must not follow.
        self._problem = copy.copy(problem)
        self._assignment = copy.copy(assignment)
        self._policy = policy
        self._summary = summary
        self._index: Optional[Dict[str, Any]] = None

    # -- the Assignment, read through ---------------------------------------------------------
    @property
    def problem(self) -> _core.Problem:
        """The planning round solved."""
        return self._problem

    @property
    def assignment(self) -> _core.Assignment:
        """The Assignment (the document written by to_json)."""
        return self._assignment

    @property
    def policy(self) -> Optional[_core.ScoringPolicy]:
        """The scoring policy, or None for the defaults."""
        return self._policy

    @property
    def summary(self) -> str:
        """The solve's one-paragraph summary (pairs, seats, status, gap, stage times)."""
        return self._summary

    @property
    def status(self) -> _core.SolveStatus:
        """How the solve ended: optimal, feasible (dates repaired; see summary for the gap) or infeasible."""
        return self._assignment.status

    @property
    def objective(self) -> _core.Objective:
        """What the solve optimised: max_weight or max_seats_then_weight."""
        return self._assignment.objective

    @property
    def total_score(self) -> float:
        """The sum of the pair scores."""
        return self._assignment.total_score

    @property
    def pairs(self) -> List[_core.AssignedPair]:
        """The assigned pairs (AssignedPair), per need, best first."""
        return self._assignment.pairs

    @property
    def unfilled(self) -> List[_core.UnfilledSeats]:
        """The needs with open seats (UnfilledSeats), with the reason and fixes."""
        return self._assignment.unfilled

    @property
    def alternates(self) -> List[_core.NeedAlternates]:
        """Per need, the next best feasible candidates not assigned to it."""
        return self._assignment.alternates

    # -- figures --------------------------------------------------------------------------------
    @property
    def seats_requested(self) -> int:
        """Seats asked for by all needs."""
        return sum(n.seats for n in self._problem.needs)

    @property
    def seats_filled(self) -> int:
        """Seats filled: the number of pairs."""
        return len(self._assignment.pairs)

    @property
    def seat_coverage(self) -> float:
        """Seats filled / seats requested (1.0 for a round without seats)."""
        requested = self.seats_requested
        return self.seats_filled / requested if requested else 1.0

    @property
    def needs_filled(self) -> int:
        """Needs with every seat filled."""
        open_needs = {u.need for u in self._assignment.unfilled}
        return sum(1 for n in self._problem.needs if n.id not in open_needs)

    def _lookup(self) -> Dict[str, Any]:
        if self._index is None:
            p = self._problem
            self._index = {
                "experts": {e.id: e for e in p.experts},
                "needs": {n.id: n for n in p.needs},
                "institutions": {i.id: i for i in p.institutions},
            }
        return self._index

    # -- tables ---------------------------------------------------------------------------------
    def to_pandas(self) -> ResultTables:
        """The result as four DataFrames.

        Returns
        -------
        ResultTables
            A named tuple of DataFrames:

            - ``assignment``: one row per pair, need order then best first: expert,
              expert_name, need, institution, institution_name, region, sector, score, and
              each score term as ``term_<name>`` (when the solve explained its pairs);
            - ``unfilled``: one row per need with open seats: need, institution, region,
              sector, seats, reason, detail, suggested_change (the best fix) and fixes (all);
            - ``idle``: experts without a mission: expert, name, residence_country, sectors,
              max_missions, alternate_for (needs that list them as a backup), reason;
            - ``alternates``: need, rank (1 = first backup), expert, score.

        Raises
        ------
        ImportError
            pandas is not installed.

        Examples
        --------
        >>> import tokten
        >>> result = tokten.solve(tokten.demo_problem(experts=60, needs=20))
        >>> t = result.to_pandas()
        >>> len(t.assignment) == result.seats_filled, "term_skills" in t.assignment.columns
        (True, True)
        """
        import pandas as pd

        index = self._lookup()
        experts, needs, institutions = index["experts"], index["needs"], index["institutions"]
        term_names: List[str] = []
        for pair in self._assignment.pairs:
            for term in pair.terms:
                if term.name not in term_names:
                    term_names.append(term.name)
        rows = []
        for pair in self._assignment.pairs:
            need = needs.get(pair.need)
            institution = institutions.get(need.institution) if need else None
            expert = experts.get(pair.expert)
            row = {
                "expert": pair.expert, "expert_name": expert.name if expert else "",
                "need": pair.need, "institution": need.institution if need else "",
                "institution_name": institution.name if institution else "",
                "region": institution.region if institution else "",
                "sector": str(need.sector) if need else "", "score": pair.score,
            }
            values = {t.name: t.value for t in pair.terms}
            for name in term_names:
                row[f"term_{name}"] = values.get(name, float("nan"))
            rows.append(row)
        assignment = pd.DataFrame(rows, columns=["expert", "expert_name", "need", "institution", "institution_name",
                                                 "region", "sector", "score"] + [f"term_{n}" for n in term_names])

        unfilled_rows = []
        for u in self._assignment.unfilled:
            need = needs.get(u.need)
            institution = institutions.get(need.institution) if need else None
            unfilled_rows.append({
                "need": u.need, "institution": need.institution if need else "",
                "region": institution.region if institution else "", "sector": str(need.sector) if need else "",
                "seats": u.seats, "reason": str(u.reason), "detail": u.detail,
                "suggested_change": u.fixes[0] if u.fixes else "", "fixes": "; ".join(u.fixes),
            })
        unfilled = pd.DataFrame(unfilled_rows, columns=["need", "institution", "region", "sector", "seats", "reason",
                                                        "detail", "suggested_change", "fixes"])

        assigned = {p.expert for p in self._assignment.pairs}
        backup_for: Dict[str, int] = {}
        alternate_rows = []
        for entry in self._assignment.alternates:
            for rank, alt in enumerate(entry.experts, start=1):
                backup_for[alt.expert] = backup_for.get(alt.expert, 0) + 1
                alternate_rows.append({"need": entry.need, "rank": rank, "expert": alt.expert, "score": alt.score})
        alternates = pd.DataFrame(alternate_rows, columns=["need", "rank", "expert", "score"])

        idle_rows = []
        for e in self._problem.experts:
            if e.id in assigned:
                continue
            if e.max_missions == 0:
                reason = "max_missions is 0"
            elif not e.availability:
                reason = "no availability window"
            elif backup_for.get(e.id):
                reason = "a backup: the needs that could take them went to higher scores"
            else:
                reason = "not among any need's best candidates or backups"
            idle_rows.append({"expert": e.id, "name": e.name, "residence_country": e.residence_country,
                              "sectors": "|".join(str(s) for s in e.sectors), "max_missions": e.max_missions,
                              "alternate_for": backup_for.get(e.id, 0), "reason": reason})
        idle = pd.DataFrame(idle_rows, columns=["expert", "name", "residence_country", "sectors", "max_missions",
                                                "alternate_for", "reason"])
        return ResultTables(assignment, unfilled, idle, alternates)

    def coverage_by(self, by: str = "region") -> Any:
        """Seats requested and filled per region or per sector.

        Parameters
        ----------
        by : "region", "sector" or "institution"

        Returns
        -------
        DataFrame
            Indexed by the group, columns requested, filled and coverage (filled / requested),
            largest request first.

        Raises
        ------
        ValueError
            ``by`` is not one of the three.

        Examples
        --------
        >>> import tokten
        >>> result = tokten.solve(tokten.demo_problem(experts=60, needs=20))
        >>> int(result.coverage_by("sector")["requested"].sum()) == result.seats_requested
        True
        """
        import pandas as pd

        if by not in ("region", "sector", "institution"):
            raise ValueError(f"by must be 'region', 'sector' or 'institution', not {by!r}")
        index = self._lookup()
        institutions = index["institutions"]

        def group(need: Any) -> str:
            if by == "sector":
                return str(need.sector)
            if by == "institution":
                return need.institution
            inst = institutions.get(need.institution)
            return inst.region if inst else ""

        requested: Dict[str, int] = {}
        filled: Dict[str, int] = {}
        for need in self._problem.needs:
            key = group(need)
            requested[key] = requested.get(key, 0) + need.seats
            filled.setdefault(key, 0)
        needs = index["needs"]
        for pair in self._assignment.pairs:
            if pair.need in needs:
                key = group(needs[pair.need])
                filled[key] = filled.get(key, 0) + 1
        table = pd.DataFrame({"requested": pd.Series(requested, dtype="int64"),
                              "filled": pd.Series(filled, dtype="int64")}).fillna(0).astype("int64")
        table["coverage"] = (table["filled"] / table["requested"].where(table["requested"] > 0)).fillna(1.0)
        table.index.name = by
        return table.sort_values(["requested", "filled"], ascending=False, kind="stable")

    # -- files and explanations --------------------------------------------------------------
    def to_json(self, path: PathLike, indent: int = 2) -> None:
        """Write the assignment document, atomically (a failed write leaves an earlier file intact).

        Parameters
        ----------
        path : str or path
        indent : int
            JSON indentation; -1 for one line.

        Returns
        -------
        None

        Raises
        ------
        OSError
            The file cannot be written.

        Examples
        --------
        >>> import os, tempfile, tokten
        >>> result = tokten.solve(tokten.demo_problem(experts=60, needs=20))
        >>> path = os.path.join(tempfile.mkdtemp(), "assignment.json")
        >>> result.to_json(path)
        >>> tokten.load_assignment(path) == result.assignment
        True
        """
        write_atomically(path, _core.write_assignment(self._assignment, indent) + "\n")

    def to_dict(self) -> Dict[str, Any]:
        """The assignment document as a dict."""
        from ._documents import assignment_to_dict

        return assignment_to_dict(self._assignment)

    def explain(self, expert: str, need: str) -> _core.Explanation:
        """Why this expert scores what they score for this need, term by term.

        Parameters
        ----------
        expert, need : str
            Ids; the pair need not be assigned (compare an alternate with the chosen expert).

        Returns
        -------
        Explanation
            ``str()`` gives readable text; in Jupyter it shows as a table.

        Raises
        ------
        KeyError
            An unknown expert or need id.

        Examples
        --------
        >>> import tokten
        >>> result = tokten.solve(tokten.demo_problem(experts=60, needs=20))
        >>> pair = result.pairs[0]
        >>> abs(result.explain(pair.expert, pair.need).score - pair.score) < 1e-12
        True
        """
        return _core.explain(self._problem, expert, need, self._policy)

    def why_unfilled(self, need: str) -> Optional[_core.UnfilledSeats]:
        """The unfilled seats of a need with their reason and fixes, or None if it is filled.

        Parameters
        ----------
        need : str

        Returns
        -------
        UnfilledSeats or None

        Raises
        ------
        KeyError
            ``need`` is not a need of the problem.

        Examples
        --------
        >>> import tokten
        >>> result = tokten.solve(tokten.demo_problem())
        >>> gap = result.unfilled[0]
        >>> result.why_unfilled(gap.need).reason == gap.reason
        True
        """
        if need not in self._lookup()["needs"]:
            raise KeyError(f"no need {need!r} in the problem")
        return next((u for u in self._assignment.unfilled if u.need == need), None)

    @classmethod
    def load(cls, path: PathLike, problem: _core.Problem, policy: Optional[_core.ScoringPolicy] = None) -> "Result":
        """A Result from an assignment document written earlier, checked against its problem.

        Parameters
        ----------
        path : str or path
        problem : Problem
        policy : ScoringPolicy, optional

        Returns
        -------
        Result

        Raises
        ------
        InputError
            The document is invalid, or names experts or needs the problem lacks.

        Examples
        --------
        >>> import os, tempfile, tokten
        >>> problem = tokten.demo_problem(experts=60, needs=20)
        >>> path = os.path.join(tempfile.mkdtemp(), "a.json")
        >>> tokten.solve(problem).to_json(path)
        >>> tokten.Result.load(path, problem).seats_filled == tokten.solve(problem).seats_filled
        True
        """
        assignment = _core.load_assignment(os.fspath(path))
        issues = _core.validate_assignment(problem, assignment)
        if issues:
            pointer, message = issues[0]
            error = _core.InputError(f"{pointer}: {message}")
            error.pointer, error.reason = pointer, message
            raise error
        return cls(problem, assignment, policy=policy)

    # -- display --------------------------------------------------------------------------------
    def __eq__(self, other: object) -> bool:
        if isinstance(other, Result):
            return self._assignment == other._assignment
        if isinstance(other, _core.Assignment):
            return self._assignment == other
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return (f"<tokten.Result {self._assignment.problem!r}: {self.seats_filled} of {self.seats_requested} seats "
                f"filled, total score {self.total_score:.3f}, {self.status}>")

    def _repr_html_(self) -> str:
        from ._display import result_html

        return result_html(self)

    # -- plots ----------------------------------------------------------------------------------
    def plot_coverage(self, by: str = "region", ax: Any = None) -> Any:
        """Bars of seats requested and filled per region or sector (matplotlib).

        Parameters
        ----------
        by : "region", "sector" or "institution"
        ax : matplotlib Axes, optional
            Drawn on a new figure when None.

        Returns
        -------
        matplotlib Axes

        Raises
        ------
        ImportError
            matplotlib is not installed.

        Examples
        --------
        >>> import matplotlib; matplotlib.use("Agg")
        >>> import tokten
        >>> ax = tokten.solve(tokten.demo_problem(experts=60, needs=20)).plot_coverage("sector")
        >>> ax.get_ylabel()
        'seats'
        """
        from ._plots import plot_coverage

        return plot_coverage(self, by=by, ax=ax)

    def plot_scores(self, ax: Any = None, bins: int = 20) -> Any:
        """Histogram of the assigned pairs' scores (matplotlib).

        Parameters
        ----------
        ax : matplotlib Axes, optional
        bins : int

        Returns
        -------
        matplotlib Axes

        Raises
        ------
        ImportError
            matplotlib is not installed.

        Examples
        --------
        >>> import matplotlib; matplotlib.use("Agg")
        >>> import tokten
        >>> ax = tokten.solve(tokten.demo_problem(experts=60, needs=20)).plot_scores()
        >>> ax.get_xlabel()
        'pair score'
        """
        from ._plots import plot_scores

        return plot_scores(self, ax=ax, bins=bins)


def _as_named(results: Union[Mapping[str, Result], Sequence[Result]]) -> Dict[str, Result]:
    named = dict(results) if isinstance(results, Mapping) else {f"result {i + 1}": r for i, r in enumerate(results)}
    for name, result in named.items():
        if not isinstance(result, Result):
            raise TypeError(f"{name}: expected a tokten.Result, got {type(result).__name__}")
    return named


def compare_results(results: Union[Mapping[str, Result], Sequence[Result]]) -> Any:
    """Several results side by side, one row each.

    Parameters
    ----------
    results : dict of name to Result, or a list of Result
        Typically the same problem under several policies or objectives.

    Returns
    -------
    DataFrame
        Indexed by name: total_score, seats_filled, seats_requested, seat_coverage, needs_filled,
        needs, mean_score, seats_outside_capital (the share of filled seats outside the policy's
        capital region, Bamako by default), status.

    Raises
    ------
    TypeError
        An item is not a Result.

    Examples
    --------
    >>> import tokten
    >>> problem = tokten.demo_problem(experts=60, needs=20)
    >>> table = tokten.compare_results({"best total": tokten.solve(problem),
    ...     "most seats": tokten.solve(problem, objective="max_seats_then_weight")})
    >>> bool(table.loc["most seats", "seats_filled"] >= table.loc["best total", "seats_filled"])
    True
    """
    import pandas as pd

    rows = {}
    for name, r in _as_named(results).items():
        regions = {i.id: i.region for i in r.problem.institutions}
        need_institution = {n.id: n.institution for n in r.problem.needs}
        capital = (r.policy or _core.ScoringPolicy()).capital_region
        outside = sum(1 for p in r.pairs if regions.get(need_institution.get(p.need, ""), "") != capital)
        rows[name] = {
            "total_score": r.total_score, "seats_filled": r.seats_filled, "seats_requested": r.seats_requested,
            "seat_coverage": r.seat_coverage, "needs_filled": r.needs_filled, "needs": len(r.problem.needs),
            "mean_score": r.total_score / r.seats_filled if r.seats_filled else 0.0,
            "seats_outside_capital": outside / r.seats_filled if r.seats_filled else 0.0,
            "status": str(r.status),
        }
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.index.name = "result"
    return table


def plot_comparison(results: Union[Mapping[str, Result], Sequence[Result]], metric: str = "seat_coverage",
                    ax: Any = None) -> Any:
    """One bar per result for a column of compare_results (matplotlib).

    Parameters
    ----------
    results : dict of name to Result, or a list of Result
    metric : str
        A numeric column of :func:`compare_results`: seat_coverage, total_score, seats_filled,
        needs_filled, mean_score or seats_outside_capital.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes

    Raises
    ------
    ValueError
        An unknown metric.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import tokten
    >>> problem = tokten.demo_problem(experts=60, needs=20)
    >>> ax = tokten.plot_comparison({"a": tokten.solve(problem)}, metric="total_score")
    >>> ax.get_ylabel()
    'total_score'
    """
    from ._plots import plot_comparison as draw

    return draw(compare_results(results), metric=metric, ax=ax)
