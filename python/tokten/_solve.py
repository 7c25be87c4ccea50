"""The end-to-end solve from Python: a planning round in, an explained Result out."""

from __future__ import annotations

import os
from typing import Any, Callable, Mapping, Optional, Union

from . import _core
from ._result import Result

PolicyLike = Union[_core.ScoringPolicy, Mapping[str, Any], str, "os.PathLike[str]", None]
ProgressLike = Union[bool, Callable[[str, int, int], Any], None]


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


class _ProgressBar:
    """A tqdm bar over the solve's stages: a widget in notebooks when ipywidgets is there (else
    tqdm.auto would warn and fall back), text in terminals."""

    def __init__(self, description: str) -> None:
        try:
            import ipywidgets  # noqa: F401
            from tqdm.auto import tqdm
        except ImportError:
            from tqdm.std import tqdm

        self._bar = tqdm(total=4, desc=description, unit="stage", leave=False)

    def __call__(self, stage: str, done: int, total: int) -> None:
        self._bar.update(done - self._bar.n)
        self._bar.set_postfix_str(stage)

    def close(self) -> None:
        self._bar.close()


def _solve(problem, policy, objective, candidates_per_need, alternates, explain, fixes, progress, cancel):
    if not isinstance(problem, _core.Problem):
        raise TypeError(f"problem must be a tokten.Problem, not {type(problem).__name__}")
    if cancel is not None and not callable(getattr(cancel, "is_set", None)):
        raise TypeError(f"cancel must have an is_set() method (threading.Event), not {type(cancel).__name__}")
    resolved = _policy(policy)
    bar = _ProgressBar(f"tokten.solve {problem.name}".strip()) if progress is True else None
    callback = bar if bar is not None else (progress or None)
    if callback is not None and not callable(callback):
        raise TypeError(f"progress must be a bool or a callable(stage, done, total), not {type(progress).__name__}")
    try:
        assignment, summary = _core._solve(problem, resolved, objective, candidates_per_need, alternates,
                                           explain, fixes, callback, cancel)
    finally:
        if bar is not None:
            bar.close()
    return Result(problem, assignment, policy=resolved, summary=summary)


def solve(
    problem: _core.Problem,
    policy: PolicyLike = None,
    *,
    objective: Union[str, _core.Objective] = "max_weight",
    candidates_per_need: int = 50,
    alternates: int = 3,
    explain: bool = True,
    fixes: int = 3,
    progress: ProgressLike = False,
    cancel: Any = None,
) -> Result:
    """Solve a planning round end to end: score, keep each need's best candidates, assign.

    Parameters
    ----------
    problem : Problem
        From ``demo_problem``, ``load_problem``, ``problem_from_pandas`` or ``read_problem_csv``.
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
    progress : bool or callable, default False
        True draws a progress bar over the four stages (checking, candidates, matching,
        results: pairs, explanations, unfilled seats, alternates): a widget in Jupyter (with
        ipywidgets), text otherwise (needs tqdm). A callable is called
        as ``progress(stage, done, total)`` at each stage.
    cancel : threading.Event or any object with ``is_set()``, optional
        Polled at each stage (and every 256 needs while writing the result); once set, the solve
        stops and raises Cancelled. Ctrl-C stops it the same way, with KeyboardInterrupt.

    Returns
    -------
    Result
        The Assignment with its problem: pairs with their scores and terms, unfilled seats with
        the reason and fixes, alternates; ``to_pandas()``, ``to_json(path)``, plots, and a short
        summary in Jupyter. No expert gets two missions whose date windows overlap
        (conservative: a mission may be shorter than its window); ``status`` is "feasible"
        rather than "optimal" when that rule could only be met approximately (``summary`` gives
        the gap).

    Raises
    ------
    InputError
        An invalid problem or policy, with ``.pointer`` naming the item.
    ValueError
        candidates_per_need < 1, alternates < 0 or fixes < 0.
    Cancelled
        ``cancel`` was set; nothing is returned and nothing is left half-done.
    KeyboardInterrupt
        Ctrl-C during the solve.

    Notes
    -----
    Scoring keeps each need's k best feasible experts through an inverted index (about
    O(pairs sharing a skill) work), then one exact min-cost flow (network simplex) solves the
    capacitated matching over the k x needs candidate pairs. The GIL is released while it runs,
    so solves in several threads run in parallel. A national round (100,000 experts, 10,000
    needs) takes about 9 s; the demo round a few milliseconds.

    Examples
    --------
    >>> import tokten
    >>> result = tokten.solve(tokten.demo_problem())
    >>> result.status, result.seats_filled <= result.seats_requested
    (<SolveStatus.feasible: 1>, True)
    >>> result.to_pandas().assignment[["expert", "need", "score"]].shape[1]
    3
    """
    return _solve(problem, policy, objective, candidates_per_need, alternates, explain, fixes, progress, cancel)


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
    """Like solve, returning the Assignment and the summary `tokten solve` prints.

    Parameters
    ----------
    problem, policy, objective, candidates_per_need, alternates, explain, fixes
        As for :func:`solve`.

    Returns
    -------
    (Assignment, str)
        The assignment and one paragraph: pairs, seats filled, total, status and gap, unfilled
        seats by reason, the candidate graph and each stage's time.

    Raises
    ------
    InputError, ValueError
        As for :func:`solve`.

    Notes
    -----
    The same work as :func:`solve` (the summary's stage times are wall-clock, so they vary
    between runs; everything else is deterministic).

    Examples
    --------
    >>> import tokten
    >>> assignment, text = tokten.solve_summary(tokten.demo_problem())
    >>> "seats filled" in text
    True
    """
    result = _solve(problem, policy, objective, candidates_per_need, alternates, explain, fixes, False, None)
    return result.assignment, result.summary
