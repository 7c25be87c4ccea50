"""The programme report from Python: the same page as `tokten report` (one self-contained HTML),
and the same numbers as data (the tokten.report document)."""

from __future__ import annotations

import json
import os
from typing import Any, Dict, Mapping, Optional, Sequence, Union

from . import _core
from ._result import write_atomically
from ._solve import PolicyLike, _policy

PathLike = Union[str, "os.PathLike[str]"]


def report(path: Optional[PathLike] = None, *, ledger: Any = None, problem: Any = None, policy: PolicyLike = None,
           title: str = "TOKTEN programme report", capital: str = "Bamako",
           population: Optional[Mapping[str, float]] = None, k: int = 5,
           bonuses: Sequence[float] = (0.0, 0.1, 0.2, 0.3, 0.5, 1.0), withdrawal_probability: float = 0.1,
           trials: int = 100, seed: int = 1, candidates_per_need: int = 50) -> str:
    """Write the programme report: one HTML page that opens offline in a browser.

    The page holds the ledger's indicators (totals, breakdowns by sector, region, kind of host
    and year, a region x sector table, requests, continuity and equity) and, for a planning
    round, the assignment policies compared, the price of equity and robustness to withdrawals,
    with charts drawn as inline SVG. Every table counting experts' missions withholds numbers
    behind fewer than ``k`` distinct experts, with complementary withholding, and prints its
    audit.

    Parameters
    ----------
    path : str or path, optional
        Where to write the page (atomically); None only returns it.
    ledger : Ledger, None or False
        The mission ledger; None uses the built-in synthetic history, False leaves the ledger
        sections out.
    problem : Problem, None or False
        The planning round; None uses the built-in demo round, False leaves its sections out.
    policy : ScoringPolicy, dict, path or None
        The scoring policy of the round's sections.
    title : str
    capital : str
        The region counted as the capital in the equity measures.
    population : mapping of region to inhabitants, optional
        Adds per-capita rates.
    k : int
        The least number of distinct experts behind a published number.
    bonuses : sequence of float
        The equity bonuses of the price-of-equity sweep.
    withdrawal_probability, trials, seed
        The withdrawal Monte Carlo.
    candidates_per_need : int

    Returns
    -------
    str
        The HTML text (also written to ``path`` when given).

    Raises
    ------
    InputError
        An invalid ledger, problem or policy.
    ValueError
        A population that is not a positive number, or k < 1.
    OSError
        The file cannot be written (an earlier file is left intact).

    Notes
    -----
    Deterministic: the same inputs give the same bytes. The round's sections cost one solve
    per policy and per bonus, plus the Monte Carlo.

    Examples
    --------
    >>> import tokten
    >>> html = tokten.report(problem=False, k=5)
    >>> html.startswith("<!DOCTYPE html>") and "Programme indicators" in html
    True
    """
    html = _core._html_report(*_arguments(ledger, problem, policy, title, capital, population, k, bonuses,
                                          withdrawal_probability, trials, seed, candidates_per_need))
    if path is not None:
        write_atomically(path, html)
    return html


def report_data(path: Optional[PathLike] = None, *, ledger: Any = None, problem: Any = None,
                policy: PolicyLike = None, title: str = "TOKTEN programme report", capital: str = "Bamako",
                population: Optional[Mapping[str, float]] = None, k: int = 5,
                bonuses: Sequence[float] = (0.0, 0.1, 0.2, 0.3, 0.5, 1.0), withdrawal_probability: float = 0.1,
                trials: int = 100, seed: int = 1, candidates_per_need: int = 50) -> Dict[str, Any]:
    """The programme report's numbers as data: the ``tokten.report`` document.

    The same numbers as :func:`report`'s page, and the same disclosure control: a number behind
    fewer than ``k`` distinct experts (or needed to protect one) is ``None``, and is not stored
    anywhere in the document. ``tokten report --format json`` and the C ABI's
    ``tokten_report_json`` give the same document; ``tokten.schema("report")`` is its schema.

    Parameters
    ----------
    path : str or path, optional
        Where to write the document as JSON (atomically); None only returns it.
    ledger, problem, policy, title, capital, population, k, bonuses, withdrawal_probability, trials, seed, candidates_per_need
        As for :func:`report`.

    Returns
    -------
    dict
        ``{"format": "tokten.report", "format_version": 1, "title", "tokten_version", "k",
        "ledger": {...} or None, "round": {...} or None}``. The ledger part holds the
        indicators, the reconciliation findings by kind, missions and beneficiaries by region
        and sector (cells and margins), by kind of host and by year, request coverage,
        continuity and equity, each table with its count of ``withheld`` numbers (a withheld
        number is ``None``; a table withheld whole, on a ledger too small for any breakdown,
        lists no row and counts 0); the round part the policies compared, the price of equity
        and the withdrawal trials.

    Raises
    ------
    InputError
        An invalid ledger, problem or policy.
    ValueError
        A population that is not a positive number, or k < 1.
    OSError
        The file cannot be written (an earlier file is left intact).

    Notes
    -----
    Deterministic: the same inputs give the same document. Costs as :func:`report`.

    Examples
    --------
    >>> import tokten
    >>> data = tokten.report_data(problem=False)
    >>> data["format"], data["ledger"]["indicators"]["missions"]
    ('tokten.report', 992)
    >>> data["round"] is None
    True
    """
    text = _core._report_data_json(*_arguments(ledger, problem, policy, title, capital, population, k, bonuses,
                                               withdrawal_probability, trials, seed, candidates_per_need))
    if path is not None:
        write_atomically(path, text + "\n")
    return json.loads(text)


def _arguments(ledger: Any, problem: Any, policy: PolicyLike, title: str, capital: str,
               population: Optional[Mapping[str, float]], k: int, bonuses: Sequence[float],
               withdrawal_probability: float, trials: int, seed: int, candidates_per_need: int) -> tuple:
    """The checked arguments of _core's report functions, with the built-in stand-ins."""
    if k < 1:
        raise ValueError(f"k must be >= 1, got {k}")
    if trials < 1:
        raise ValueError(f"trials must be >= 1, got {trials}")
    if not 0.0 <= withdrawal_probability <= 1.0:
        raise ValueError(f"withdrawal_probability must be in [0, 1], got {withdrawal_probability}")
    chosen_ledger = None if ledger is False else (_core.synthetic_history() if ledger is None else ledger)
    chosen_problem = None if problem is False else (_core.demo_problem() if problem is None else problem)
    return (chosen_ledger, chosen_problem, _policy(policy), title, capital, dict(population or {}), k,
            [float(b) for b in bonuses], float(withdrawal_probability), int(trials), int(seed),
            int(candidates_per_need))
