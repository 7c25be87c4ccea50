"""The end-to-end solve from Python: a planning round in, an explained assignment out."""

from __future__ import annotations

import os
from typing import Any, Mapping, Optional, Union

from . import _core

PolicyLike = Union[_core.ScoringPolicy, Mapping[str, Any], str, "os.PathLike[str]", None]


def _policy(policy: PolicyLike) -> Optional[_core.ScoringPolicy]:
    if policy is None or isinstance(policy, _core.ScoringPolicy):
        return policy
    if isinstance(policy, Mapping):
        document = dict(policy)
        document.setdefault("format", "tokten.policy")
        document.setdefault("format_version", 1)
        return _core.ScoringPolicy.from_dict(document)
    if isinstance(policy, (str, os.PathLike)):
        return _core.load_policy(os.fspath(policy))
    raise TypeError(
        "policy must be a ScoringPolicy, a dict shaped like the policy document, a path or None, "
        f"not {type(policy).__name__}"
    )


def _solve(problem, policy, objective, candidates_per_need, alternates, explain, fixes):
    if not isinstance(problem, _core.Problem):
        raise TypeError(f"problem must be a tokten.Problem, not {type(problem).__name__}")
    return _core._solve(problem, _policy(policy), objective, candidates_per_need, alternates,
                        explain, fixes)


def solve(
    problem: _core.Problem,
    policy: PolicyLike = None,
    *,
    objective: Union[str, _core.Objective] = "max_weight",
    candidates_per_need: int = 50,
    alternates: int = 3,
    explain: bool = True,
    fixes: int = 3,
) -> _core.Assignment:
    """Solve a planning round end to end: score, keep each need's best candidates, assign.

    Parameters
    ----------
    problem : Problem
    policy : ScoringPolicy, dict, path or None
        The scoring policy; a dict is shaped like the policy document (its header may be left
        out), a path names a policy document; None uses the defaults.
    objective : "max_weight" or "max_seats_then_weight"
        The best total score, or the most seats filled first, then the best total.
    candidates_per_need : int
        k, the best feasible experts kept per need (>= 1).
    alternates : int
        Per need, the next best feasible candidates listed that were not assigned to it.
    explain : bool
        Give each pair its score terms in words.
    fixes : int
        Per unfilled need, at most this many single changes that would fill a seat.

    Returns
    -------
    Assignment
        Pairs with their scores and terms, unfilled seats with the reason and fixes, alternates.
        No expert gets two missions whose date windows overlap (conservative: a mission may be
        shorter than its window); ``status`` is "feasible" rather than "optimal" when that rule
        could only be met approximately (see ``solve_summary`` for the gap).

    Raises
    ------
    InputError
        An invalid problem or policy, with ``.pointer`` naming the item.
    ValueError
        candidates_per_need < 1, alternates < 0 or fixes < 0.
    """
    return _solve(problem, policy, objective, candidates_per_need, alternates, explain, fixes)[0]


def solve_summary(
    problem: _core.Problem,
    policy: PolicyLike = None,
    *,
    objective: Union[str, _core.Objective] = "max_weight",
    candidates_per_need: int = 50,
    alternates: int = 3,
    explain: bool = True,
    fixes: int = 3,
) -> "tuple[_core.Assignment, str]":
    """Like solve, with the one-paragraph summary `tokten solve` prints (gap, stage times)."""
    return _solve(problem, policy, objective, candidates_per_need, alternates, explain, fixes)
