"""Policy comparison, the price of equity and withdrawal robustness, for researchers.

Every sweep (over policies, equity weights or Monte Carlo trials) runs its tasks through an
executor: a ``concurrent.futures.Executor`` (threads by default: the C++ releases the GIL), or a
Dask ``distributed.Client``, which has the same ``submit``. Tasks are module-level functions of
picklable arguments (problems, policies and assignments pickle through their JSON documents),
and every random draw is seeded per task, so any executor gives the serial run's results.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple, Union

from . import _core
from ._result import Result
from ._solve import _policy, PolicyLike
from ._tables import _as_date, _as_text, _CellError, _is_missing

#: The policies compare_policies knows (see include/tokten/impact/policies.hpp).
POLICIES = ("optimal", "most_seats", "greedy", "first_come", "random", "as_recorded")
_DEFAULT_POLICIES = ("optimal", "most_seats", "greedy", "first_come", "random")
_METRICS = ("total_score", "seats_filled", "seats_requested", "seat_coverage", "needs_filled", "needs",
            "outside_capital_share", "gini_regions", "theil_regions", "infeasible_pairs")


# -- running tasks -------------------------------------------------------------------------------

def run_tasks(fn: Callable[..., Any], tasks: Sequence[Tuple[Any, ...]], *, executor: Any = None,
              progress: Any = False, cancel: Any = None, description: str = "tokten") -> List[Any]:
    """Run ``fn(*task)`` for every task through an executor; the results in the tasks' order.

    Parameters
    ----------
    fn : callable
        A module-level function (so that process pools and Dask workers can import it).
    tasks : sequence of tuples
        The arguments of each call.
    executor : concurrent.futures.Executor or dask.distributed.Client, optional
        Anything with ``submit(fn, *args)`` returning a future with ``result()``. None runs a
        thread pool of ``os.cpu_count()`` threads.
    progress : bool or callable
        True draws a tqdm bar over the tasks; a callable gets ``(done, total)``.
    cancel : threading.Event, optional
        Checked as each result arrives: once set, the pending tasks are cancelled and Cancelled
        is raised; no partial list is returned. Ctrl-C does the same with KeyboardInterrupt.
    description : str
        The progress bar's label.

    Returns
    -------
    list
        ``[fn(*task) for task in tasks]``, computed by the executor.

    Raises
    ------
    Cancelled
        ``cancel`` was set.
    Exception
        The first task's exception, re-raised (the other tasks are cancelled).

    Examples
    --------
    >>> from tokten._policies import run_tasks
    >>> run_tasks(pow, [(2, 3), (3, 2)])
    [8, 9]
    """
    if cancel is not None and not callable(getattr(cancel, "is_set", None)):
        raise TypeError(f"cancel must have an is_set() method (threading.Event), not {type(cancel).__name__}")
    own = executor is None
    pool = ThreadPoolExecutor(max_workers=os.cpu_count() or 1) if own else executor
    bar = None
    if progress is True:
        from tqdm.std import tqdm

        bar = tqdm(total=len(tasks), desc=description, unit="task", leave=False)
    futures: List[Any] = []
    failed = False
    try:
        futures = [pool.submit(fn, *task) for task in tasks]
        results = []
        for done, future in enumerate(futures, start=1):
            # Wait in short slices so that the cancel flag (and Ctrl-C) is seen while tasks run.
            while cancel is not None and not _finished(future):
                if cancel.is_set():
                    raise _core.Cancelled("the sweep was cancelled")
                _wait(future, 0.05)
            results.append(future.result())
            if bar is not None:
                bar.update(1)
            elif callable(progress):
                progress(done, len(tasks))
            if cancel is not None and cancel.is_set() and done < len(tasks):
                raise _core.Cancelled("the sweep was cancelled")
        return results
    except BaseException:
        failed = True
        for future in futures:
            future.cancel()
        raise
    finally:
        if bar is not None:
            bar.close()
        if own:  # on failure, running tasks finish in the background; their results are dropped
            pool.shutdown(wait=not failed, cancel_futures=True)


def _finished(future: Any) -> bool:
    done = getattr(future, "done", None)
    return bool(done()) if callable(done) else True


def _wait(future: Any, seconds: float) -> None:
    try:
        future.result(timeout=seconds)
    except Exception:  # a timeout, or the task's own error, which result() raises again later
        pass


# -- policy comparison ---------------------------------------------------------------------------

def _recorded_pairs(recorded: Any) -> List[Tuple[str, str]]:
    """(expert, need) pairs from an Assignment, a Result, a DataFrame or a list of pairs."""
    if recorded is None:
        return []
    if isinstance(recorded, Result):
        recorded = recorded.assignment
    if isinstance(recorded, _core.Assignment):
        return [(p.expert, p.need) for p in recorded.pairs]
    if hasattr(recorded, "columns"):
        missing = [c for c in ("expert", "need") if c not in recorded.columns]
        if missing:
            raise ValueError(f"recorded: missing column {missing[0]!r} (expected columns 'expert' and 'need')")
        pairs = []
        for label, e, n in zip(recorded.index, recorded["expert"], recorded["need"]):
            for column, value in (("expert", e), ("need", n)):
                if _is_missing(value):
                    raise ValueError(f"recorded, row {label}, column {column!r}: missing value")
            try:
                pairs.append((_as_text(e), _as_text(n)))
            except _CellError as error:
                raise ValueError(f"recorded, row {label}: {error}") from None
        return pairs
    pairs = []
    for i, item in enumerate(recorded):
        if not (isinstance(item, (tuple, list)) and len(item) == 2):
            raise ValueError(f"recorded[{i}]: expected an (expert, need) pair, got {item!r}")
        pairs.append((str(item[0]), str(item[1])))
    return pairs


def _request_order(problem: _core.Problem, request_dates: Any, dayfirst: bool = False) -> List[str]:
    """Need ids sorted by request date (ties: the problem's order). Dates as a mapping or Series
    of dates, timestamps or text (ISO, or day/month/year with dayfirst), read like table cells."""
    if request_dates is None:
        return []
    items = request_dates.items() if hasattr(request_dates, "items") else request_dates
    position = {n.id: i for i, n in enumerate(problem.needs)}
    dated = []
    for need, date in items:
        if need not in position:
            raise ValueError(f"request_dates: unknown need id {need!r}")
        if _is_missing(date):
            raise ValueError(f"request_dates[{need!r}]: missing date")
        try:
            dated.append((_as_date(date, dayfirst), position[need], need))
        except _CellError as error:
            raise ValueError(f"request_dates[{need!r}]: {error}") from None
    return [need for _, _, need in sorted(dated)]


def _policy_task(problem: _core.Problem, kind: str, policy: Optional[_core.ScoringPolicy], k: int,
                 order: List[str], seed: int, recorded: List[Tuple[str, str]]) -> Tuple[_core.Assignment, Dict[str, Any]]:
    return _core._run_policy(problem, kind, policy, k, order, seed, recorded)


def run_policy(problem: _core.Problem, kind: str, policy: PolicyLike = None, *, candidates_per_need: int = 50,
               request_dates: Any = None, dayfirst: bool = False, seed: int = 1,
               recorded: Any = None) -> Tuple[Result, Dict[str, Any]]:
    """One assignment policy on a round.

    Parameters
    ----------
    problem : Problem
    kind : str
        ``optimal`` (the engine, best total score), ``most_seats`` (the engine, most seats then
        best total), ``greedy`` (best score first), ``first_come`` (needs by request date, each
        taking its best free candidates), ``random`` (a seeded random maximal assignment) or
        ``as_recorded`` (the pairs in ``recorded``, scored as they are).
    policy : ScoringPolicy, dict, path or None
        The scoring policy, as for :func:`solve`.
    candidates_per_need : int
        k: every policy chooses among each need's k best feasible experts.
    request_dates : mapping of need id to date, optional
        For ``first_come``; needs without a date follow in the problem's order. Dates, pandas
        timestamps or text (ISO; day/month/year with ``dayfirst``).
    dayfirst : bool
        Read text dates as day/month/year.
    seed : int
        For ``random``.
    recorded : Assignment, Result, DataFrame (expert, need) or list of pairs, optional
        For ``as_recorded``.

    Returns
    -------
    (Result, dict)
        The assignment as a Result, and its metrics: total_score, seats_filled,
        seats_requested, seat_coverage, needs_filled, needs, outside_capital_share,
        gini_regions and theil_regions (dispersion of seat coverage across regions), and
        infeasible_pairs (recorded pairs the rules forbid).

    Raises
    ------
    ValueError
        An unknown policy, or an unknown id in ``request_dates`` or ``recorded``.
    InputError
        An invalid problem or scoring policy.

    Notes
    -----
    The baselines cost one candidate generation and O(E log E) for E candidate pairs; the
    engine's policies cost a solve.

    Examples
    --------
    >>> import tokten
    >>> problem = tokten.demo_problem(experts=120, needs=30)
    >>> greedy, metrics = tokten.run_policy(problem, "greedy")
    >>> metrics["seats_filled"] == greedy.seats_filled
    True
    """
    if kind not in POLICIES:
        raise ValueError(f"kind must be one of {', '.join(POLICIES)}, not {kind!r}")
    resolved = _policy(policy)
    try:
        assignment, metrics = _policy_task(problem, kind, resolved, candidates_per_need,
                                           _request_order(problem, request_dates, dayfirst), seed,
                                           _recorded_pairs(recorded))
    except _core.InputError:
        raise
    except (ValueError, RuntimeError) as error:
        raise ValueError(str(error)) from None
    return Result(problem, assignment, policy=resolved), metrics


def compare_policies(problem: _core.Problem, policies: Iterable[str] = _DEFAULT_POLICIES, policy: PolicyLike = None, *,
                     recorded: Any = None, request_dates: Any = None, dayfirst: bool = False, seed: int = 1,
                     candidates_per_need: int = 50, executor: Any = None, progress: Any = False,
                     cancel: Any = None) -> Any:
    """Several assignment policies on the same round, side by side.

    Parameters
    ----------
    problem : Problem
    policies : iterable of str
        Among ``optimal``, ``most_seats``, ``greedy``, ``first_come``, ``random`` and
        ``as_recorded`` (see :func:`run_policy`); ``as_recorded`` is added when ``recorded`` is
        given.
    policy : ScoringPolicy, dict, path or None
        The scoring policy all of them are measured with.
    recorded, request_dates, dayfirst, seed, candidates_per_need
        As for :func:`run_policy`.
    executor : Executor or dask.distributed.Client, optional
        Runs the policies (threads by default).
    progress : bool or callable
        A progress bar over the policies.
    cancel : threading.Event, optional
        Stops the comparison (Cancelled); nothing partial is returned.

    Returns
    -------
    DataFrame
        One row per policy (index ``policy``), the metrics of :func:`run_policy` as columns.

    Raises
    ------
    ValueError
        An unknown policy or id.
    Cancelled
        ``cancel`` was set.

    Notes
    -----
    Each policy is one task; the results do not depend on the executor.

    Examples
    --------
    >>> import tokten
    >>> table = tokten.compare_policies(tokten.demo_problem(experts=120, needs=30))
    >>> list(table.index)
    ['optimal', 'most_seats', 'greedy', 'first_come', 'random']
    >>> bool(table.loc["most_seats", "seats_filled"] >= table.loc["greedy", "seats_filled"])
    True
    """
    import pandas as pd

    kinds = list(dict.fromkeys(policies))
    if recorded is not None and "as_recorded" not in kinds:
        kinds.append("as_recorded")
    for kind in kinds:
        if kind not in POLICIES:
            raise ValueError(f"unknown policy {kind!r}; the policies are {', '.join(POLICIES)}")
    if "as_recorded" in kinds and recorded is None:
        raise ValueError("as_recorded needs the recorded pairs: pass recorded=")
    resolved = _policy(policy)
    order = _request_order(problem, request_dates, dayfirst)
    pairs = _recorded_pairs(recorded)
    tasks = [(problem, kind, resolved, candidates_per_need, order, seed, pairs) for kind in kinds]
    try:
        outcomes = run_tasks(_policy_task, tasks, executor=executor, progress=progress, cancel=cancel,
                             description="tokten policies")
    except _core.InputError:
        raise
    except ValueError as error:
        raise ValueError(str(error)) from None
    table = pd.DataFrame([metrics for _, metrics in outcomes], index=pd.Index(kinds, name="policy"))
    return table[list(_METRICS)]


# -- the price of equity ---------------------------------------------------------------------------

def _equity_task(problem: _core.Problem, policy: _core.ScoringPolicy, bonus: float, k: int) -> Dict[str, Any]:
    point = _core._equity_point(problem, policy, bonus, k)
    return {key: point[key] for key in ("equity_bonus", "quality", "seats_filled", "seat_coverage",
                                        "outside_capital_share", "gini_regions", "theil_regions")}


def price_of_equity(problem: _core.Problem, policy: PolicyLike = None, *,
                    bonuses: Sequence[float] = (0.0, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1.0),
                    candidates_per_need: int = 50, executor: Any = None, progress: Any = False,
                    cancel: Any = None) -> Any:
    """What equity costs: the optimal assignment under increasing equity bonuses.

    Each bonus multiplies the score of needs outside the capital by ``1 + bonus``; the engine
    then favours them. Quality is measured without the bonus (the base policy's scores of the
    chosen pairs), equity by the share of filled seats outside the capital, so the table reads
    as quality given up for equity gained.

    Parameters
    ----------
    problem : Problem
    policy : ScoringPolicy, dict, path or None
        The base policy (its own equity_bonus is replaced by each value of ``bonuses``).
    bonuses : sequence of float
        The equity bonuses swept, each >= 0; the first is the reference (0 by default).
    candidates_per_need : int
    executor, progress, cancel
        As for :func:`compare_policies`; one task per bonus.

    Returns
    -------
    DataFrame
        One row per bonus: equity_bonus, quality, quality_loss (vs the first row),
        outside_capital_share, equity_gain (percentage points vs the first row),
        price (quality lost per point of equity gained; NaN without a gain), seats_filled,
        seat_coverage, gini_regions, theil_regions.

    Raises
    ------
    InputError
        A bonus the policy refuses (negative), or an invalid problem.

    Notes
    -----
    One optimal solve per bonus. See Bertsimas, Farias and Trichakis (2011), "The price of
    fairness", for the idea.

    Examples
    --------
    >>> import tokten
    >>> table = tokten.price_of_equity(tokten.demo_problem(experts=200, needs=40), bonuses=[0, 0.5])
    >>> bool(table.quality.iloc[0] >= table.quality.iloc[1] - 1e-9)
    True
    """
    import pandas as pd

    resolved = _policy(policy) or _core.ScoringPolicy()
    if not len(bonuses):
        raise ValueError("bonuses: at least one value expected")
    tasks = [(problem, resolved, float(b), candidates_per_need) for b in bonuses]
    rows = run_tasks(_equity_task, tasks, executor=executor, progress=progress, cancel=cancel,
                     description="tokten equity sweep")
    table = pd.DataFrame(rows)
    first = table.iloc[0]
    table["quality_loss"] = first["quality"] - table["quality"]
    table["equity_gain"] = 100.0 * (table["outside_capital_share"] - first["outside_capital_share"])
    gain = table["equity_gain"].where(table["equity_gain"] > 1e-12)
    table["price"] = table["quality_loss"] / gain
    return table[["equity_bonus", "quality", "quality_loss", "outside_capital_share", "equity_gain", "price",
                  "seats_filled", "seat_coverage", "gini_regions", "theil_regions"]]


def plot_price_of_equity(table: Any, ax: Any = None) -> Any:
    """Quality against the share of seats outside the capital, one point per bonus (matplotlib).

    Parameters
    ----------
    table : DataFrame
        From :func:`price_of_equity`.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes

    Raises
    ------
    KeyError
        ``table`` lacks the columns of price_of_equity.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import tokten
    >>> t = tokten.price_of_equity(tokten.demo_problem(experts=120, needs=30), bonuses=[0, 0.5])
    >>> tokten.plot_price_of_equity(t).get_xlabel()
    'seats outside the capital (share)'
    """
    from ._plots import _axes

    ax = _axes(ax)
    ax.plot(table["outside_capital_share"], table["quality"], marker="o", color="#2b7a4b")
    for _, row in table.iterrows():
        ax.annotate(f"{row['equity_bonus']:g}", (row["outside_capital_share"], row["quality"]),
                    textcoords="offset points", xytext=(4, 4), fontsize=8)
    ax.set_xlabel("seats outside the capital (share)")
    ax.set_ylabel("quality (total score without the bonus)")
    ax.set_title("The price of equity (labels: equity bonus)")
    return ax


# -- robustness --------------------------------------------------------------------------------------

class Robustness:
    """The withdrawal Monte Carlo's trials and their summary (see withdrawal_robustness).

    Attributes
    ----------
    trials : DataFrame
        One row per trial: trial, withdrawn, seats_freed, seats_refilled, seats_filled,
        coverage_before (after the withdrawals), coverage (after re-matching), total_score.
    summary : DataFrame
        For coverage_before, coverage, seats_refilled and total_score: mean, std and the 5%,
        50% and 95% quantiles.

    Examples
    --------
    >>> import tokten
    >>> r = tokten.withdrawal_robustness(tokten.solve(tokten.demo_problem(experts=100, needs=20)), trials=10)
    >>> list(r.summary.columns)
    ['mean', 'std', 'q05', 'q50', 'q95']
    """

    def __init__(self, trials: Any) -> None:
        self.trials = trials
        columns = ["coverage_before", "coverage", "seats_refilled", "total_score"]
        summary = trials[columns].agg(["mean", "std"]).T
        for q in (0.05, 0.5, 0.95):
            summary[f"q{int(q * 100):02d}"] = trials[columns].quantile(q)
        self.summary = summary

    def __repr__(self) -> str:
        s = self.summary
        return (f"<tokten.Robustness {len(self.trials)} trials: coverage {s.loc['coverage', 'mean']:.3f} "
                f"(5%-95%: {s.loc['coverage', 'q05']:.3f}-{s.loc['coverage', 'q95']:.3f}), "
                f"{s.loc['coverage_before', 'mean']:.3f} before re-matching>")

    def _repr_html_(self) -> str:
        return f"<p>{repr(self)[1:-1]}</p>" + self.summary.to_html(float_format=lambda v: f"{v:.3f}")


def _withdrawal_task(problem: _core.Problem, policy: Optional[_core.ScoringPolicy], k: int, objective: Any,
                     base: _core.Assignment, probability: List[float], first: int, count: int, seed: int,
                     rematch: bool) -> Dict[str, List[Any]]:
    return _core._withdrawal_trials(problem, policy, k, objective, base, probability, first, count, seed, rematch)


def _probabilities(problem: _core.Problem, base: _core.Assignment, p: Any, by: Optional[str]) -> List[float]:
    if by is None:
        if not isinstance(p, (int, float)) or isinstance(p, bool):
            raise TypeError("p must be a number in [0, 1] (or a mapping with by='region' or by='country')")
        return [float(p)] * len(problem.experts)
    if by not in ("region", "country"):
        raise ValueError(f"by must be None, 'region' or 'country', not {by!r}")
    if not isinstance(p, Mapping):
        raise TypeError(f"with by={by!r}, p must map each {by} to a probability")
    default = float(p.get("*", 0.0))
    if by == "country":
        return [float(p.get(e.residence_country, default)) for e in problem.experts]
    # By region: an assigned expert withdraws with the probability of the region of their first
    # mission (experts without a mission never matter).
    region = {i.id: i.region for i in problem.institutions}
    need_region = {n.id: region.get(n.institution, "") for n in problem.needs}
    first: Dict[str, str] = {}
    for pair in base.pairs:
        first.setdefault(pair.expert, need_region.get(pair.need, ""))
    return [float(p.get(first.get(e.id, ""), default)) for e in problem.experts]


def withdrawal_robustness(result: Result, p: Any = 0.1, *, by: Optional[str] = None, trials: int = 200, seed: int = 1,
                          rematch: bool = True, candidates_per_need: int = 50, tasks: Optional[int] = None,
                          executor: Any = None,
                          progress: Any = False, cancel: Any = None) -> Robustness:
    """Expected coverage when assigned experts withdraw, with the freed seats re-matched.

    In each trial every assigned expert withdraws with probability p; the other pairs stay;
    the freed seats are re-matched optimally among the experts still present under the
    solve's rules (missions left, no overlapping windows).

    Parameters
    ----------
    result : Result
        A solved round (from :func:`solve`); its problem and policy are used.
    p : float or mapping
        The withdrawal probability; with ``by``, a mapping from region (of the expert's mission)
        or country of residence to a probability, ``"*"`` giving the default (else 0).
    by : None, "region" or "country"
    trials : int
        Monte Carlo trials.
    seed : int
        Trial t draws from a generator seeded by (seed, t): reproducible, and the same however
        the trials are split.
    rematch : bool
        False measures the withdrawals alone.
    candidates_per_need : int
        k for the re-matching's candidates (use the solve's).
    tasks : int, optional
        How many chunks of trials to run in parallel (default: the executor's width or the
        number of cores).
    executor, progress, cancel
        As for :func:`compare_policies`.

    Returns
    -------
    Robustness
        ``.trials`` (one row per trial) and ``.summary`` (mean, std, 5/50/95% quantiles of
        coverage before and after re-matching, seats refilled and total score).

    Raises
    ------
    TypeError
        ``result`` is not a Result, or ``p`` has the wrong type for ``by``.
    ValueError
        A probability outside [0, 1], trials < 1 or an unknown ``by``.

    Notes
    -----
    One candidate generation per task, then per trial one capacitated assignment over the
    candidates of the needs with freed seats.

    Examples
    --------
    >>> import tokten
    >>> result = tokten.solve(tokten.demo_problem(experts=150, needs=30))
    >>> r = tokten.withdrawal_robustness(result, p=0.2, trials=20, seed=3)
    >>> len(r.trials), bool((r.trials.coverage >= r.trials.coverage_before).all())
    (20, True)
    """
    import pandas as pd

    if not isinstance(result, Result):
        raise TypeError(f"result must be a tokten.Result (from tokten.solve), not {type(result).__name__}")
    if trials < 1:
        raise ValueError(f"trials must be >= 1, got {trials}")
    probability = _probabilities(result.problem, result.assignment, p, by)
    bad = next((x for x in probability if not 0.0 <= x <= 1.0), None)
    if bad is not None:
        raise ValueError(f"probabilities must be in [0, 1], got {bad}")
    chunks = tasks or min(trials, max(1, os.cpu_count() or 1))
    bounds = [trials * i // chunks for i in range(chunks + 1)]
    jobs = [(result.problem, result.policy, candidates_per_need, result.objective, result.assignment, probability,
             bounds[i], bounds[i + 1] - bounds[i], seed, rematch) for i in range(chunks) if bounds[i + 1] > bounds[i]]
    parts = run_tasks(_withdrawal_task, jobs, executor=executor, progress=progress, cancel=cancel,
                      description="tokten withdrawals")
    frame = pd.concat([pd.DataFrame(part) for part in parts], ignore_index=True)
    return Robustness(frame)
