"""Policy comparison, the price of equity and withdrawal robustness from Python; sweeps through
executors (threads, processes, Dask) give the serial results."""
import pickle
import threading
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

import pandas as pd
import pytest

import tokten
from tokten._policies import run_tasks


class Serial:
    """An executor that runs each task when submitted: the serial reference."""

    class Done:
        def __init__(self, value):
            self.value = value

        def result(self):
            return self.value

        def cancel(self):
            return False

    def submit(self, fn, *args):
        return self.Done(fn(*args))


@pytest.fixture(scope="module")
def exact():
    # One mission per expert: no date conflicts, so every engine solve is exact (status optimal).
    problem = tokten.demo_problem(seed=2, experts=220, needs=45)
    experts = problem.experts
    for e in experts:
        e.max_missions = min(e.max_missions, 1)
    problem.experts = experts
    return problem


def test_compare_policies_matches_run_policy(exact):
    table = tokten.compare_policies(exact, seed=4)
    assert list(table.index) == ["optimal", "most_seats", "greedy", "first_come", "random"]
    for kind in table.index:
        result, metrics = tokten.run_policy(exact, kind, seed=4)
        assert table.loc[kind].to_dict() == pytest.approx(metrics)
        assert metrics["seats_filled"] == result.seats_filled
        assert metrics["total_score"] == pytest.approx(result.total_score, rel=1e-12)
    assert table.loc["optimal", "total_score"] == max(table.total_score)
    assert table.loc["most_seats", "seats_filled"] == max(table.seats_filled)
    # The optimal policy is the solve.
    assert tokten.run_policy(exact, "optimal")[0].assignment.pairs == tokten.solve(exact, explain=False).pairs


def test_as_recorded_and_request_dates(exact):
    solved = tokten.solve(exact)
    table = tokten.compare_policies(exact, ["greedy"], recorded=solved)
    assert list(table.index) == ["greedy", "as_recorded"]
    assert table.loc["as_recorded", "total_score"] == pytest.approx(solved.total_score)
    frame = solved.to_pandas().assignment[["expert", "need"]]
    assert tokten.compare_policies(exact, [], recorded=frame).loc["as_recorded", "seats_filled"] == solved.seats_filled
    with pytest.raises(ValueError, match="as_recorded needs the recorded pairs"):
        tokten.compare_policies(exact, ["as_recorded"])
    with pytest.raises(ValueError, match="unknown policy 'best'"):
        tokten.compare_policies(exact, ["best"])
    with pytest.raises(ValueError, match="missing column 'need'"):
        tokten.compare_policies(exact, [], recorded=frame[["expert"]])
    with pytest.raises(ValueError, match="unknown expert id"):
        tokten.compare_policies(exact, [], recorded=[("ghost", exact.needs[0].id)])
    # First come by request date: the latest need first when its date is earliest.
    last = exact.needs[-1]
    dates = {n.id: pd.Timestamp("2026-06-01") + pd.Timedelta(days=i) for i, n in enumerate(exact.needs)}
    dates[last.id] = pd.Timestamp("2026-01-01")
    result, _ = tokten.run_policy(exact, "first_come", request_dates=dates)
    context = tokten.ScoringContext(exact)
    best = sorted((-context.score_pair(e.id, last.id).score, i) for i, e in enumerate(exact.experts)
                  if context.score_pair(e.id, last.id).feasible)
    expected = [exact.experts[i].id for _, i in best[:last.seats]]
    assert [p.expert for p in result.pairs if p.need == last.id] == expected
    with pytest.raises(ValueError, match="request_dates: unknown need id 'x'"):
        tokten.run_policy(exact, "first_come", request_dates={"x": 1})


def test_price_of_equity_trades_quality_for_equity(exact):
    bonuses = [0.0, 0.2, 0.5, 1.0, 2.0]
    table = tokten.price_of_equity(exact, bonuses=bonuses)
    assert list(table.equity_bonus) == bonuses
    # Quality at bonus 0 is the optimum of the base policy.
    base = tokten.ScoringPolicy(equity_bonus=0.0)
    assert table.quality.iloc[0] == pytest.approx(tokten.solve(exact, base).total_score, rel=1e-12)
    # The parametric argument: maximising Q + b E, the quality Q falls and the equity score E
    # (base scores outside the capital) rises as b grows. Recount both from the assignments.
    regions = {i.id: i.region for i in exact.institutions}
    outside = {n.id for n in exact.needs if regions[n.institution] != "Bamako"}
    context = tokten.ScoringContext(exact, base)
    quality, equity = [], []
    for b in bonuses:
        pairs = tokten.solve(exact, tokten.ScoringPolicy(equity_bonus=b)).pairs
        scores = [(context.score_pair(p.expert, p.need).score, p.need in outside) for p in pairs]
        quality.append(sum(s for s, _ in scores))
        equity.append(sum(s for s, out in scores if out))
    assert list(table.quality) == pytest.approx(quality, rel=1e-12)
    assert all(a >= b - 1e-9 for a, b in zip(quality, quality[1:]))
    assert all(a <= b + 1e-9 for a, b in zip(equity, equity[1:]))
    assert (table.quality_loss >= -1e-9).all()
    gained = table[table.equity_gain > 0]
    assert (gained.price == gained.quality_loss / gained.equity_gain).all()
    with pytest.raises(tokten.InputError):
        tokten.price_of_equity(exact, bonuses=[-1.0])


def test_withdrawals(exact):
    result = tokten.solve(exact)
    none = tokten.withdrawal_robustness(result, p=0.0, trials=5)
    assert (none.trials.coverage == result.seat_coverage).all() and (none.trials.withdrawn == 0).all()
    r = tokten.withdrawal_robustness(result, p=0.3, trials=40, seed=7)
    assert list(r.trials.trial) == list(range(40))
    assert (r.trials.coverage >= r.trials.coverage_before).all()
    assert (r.trials.seats_refilled <= r.trials.seats_freed).all()
    assert r.summary.loc["coverage", "mean"] == pytest.approx(r.trials.coverage.mean())
    assert "trials: coverage" in repr(r) and "<table" in r._repr_html_()
    # Split-invariant and reproducible.
    one = tokten.withdrawal_robustness(result, p=0.3, trials=40, seed=7, tasks=1)
    many = tokten.withdrawal_robustness(result, p=0.3, trials=40, seed=7, tasks=7)
    pd.testing.assert_frame_equal(one.trials, r.trials)
    pd.testing.assert_frame_equal(many.trials, r.trials)
    # Without re-matching, coverage is what the withdrawals leave.
    bare = tokten.withdrawal_robustness(result, p=0.3, trials=40, seed=7, rematch=False)
    assert (bare.trials.coverage == bare.trials.coverage_before).all()
    pd.testing.assert_series_equal(bare.trials.withdrawn, r.trials.withdrawn)


def test_withdrawals_by_country_and_region(exact):
    result = tokten.solve(exact)
    country = {e.id: e.residence_country for e in exact.experts}
    assigned = {p.expert for p in result.pairs}
    target = sorted({country[e] for e in assigned})[0]
    r = tokten.withdrawal_robustness(result, p={target: 1.0}, by="country", trials=5)
    assert (r.trials.withdrawn == sum(1 for e in assigned if country[e] == target)).all()
    regions = {i.id: i.region for i in exact.institutions}
    need_region = {n.id: regions[n.institution] for n in exact.needs}
    r = tokten.withdrawal_robustness(result, p={"Bamako": 1.0, "*": 0.0}, by="region", trials=3)
    first_region = {}
    for p in result.pairs:
        first_region.setdefault(p.expert, need_region[p.need])
    assert (r.trials.withdrawn == sum(1 for reg in first_region.values() if reg == "Bamako")).all()
    with pytest.raises(TypeError, match="p must map each region"):
        tokten.withdrawal_robustness(result, p=0.1, by="region")
    with pytest.raises(ValueError, match=r"must be in \[0, 1\]"):
        tokten.withdrawal_robustness(result, p=1.5)
    with pytest.raises(ValueError, match="by must be None"):
        tokten.withdrawal_robustness(result, p={}, by="sector")
    with pytest.raises(TypeError, match="result must be a tokten.Result"):
        tokten.withdrawal_robustness(result.assignment)


# Executors.

def test_documents_pickle(exact):
    result = tokten.solve(exact, {"equity_bonus": 0.3})
    assert pickle.loads(pickle.dumps(exact)) == exact
    assert pickle.loads(pickle.dumps(result.assignment)) == result.assignment
    assert pickle.loads(pickle.dumps(tokten.ScoringPolicy(equity_bonus=0.3))) == tokten.ScoringPolicy(equity_bonus=0.3)
    again = pickle.loads(pickle.dumps(result))
    assert again == result and again.problem == exact and again.policy == result.policy


def sweep(problem, executor):
    result = tokten.solve(problem)
    return (tokten.compare_policies(problem, executor=executor, seed=3),
            tokten.price_of_equity(problem, bonuses=[0, 0.5, 1.0], executor=executor),
            tokten.withdrawal_robustness(result, p=0.2, trials=12, tasks=3, executor=executor).trials)


def assert_same(a, b):
    for x, y in zip(a, b):
        pd.testing.assert_frame_equal(x, y)


def test_executors_give_the_serial_results(exact):
    serial = sweep(exact, Serial())
    assert_same(sweep(exact, None), serial)  # threads by default
    with ThreadPoolExecutor(3) as pool:
        assert_same(sweep(exact, pool), serial)
    with ProcessPoolExecutor(2) as pool:  # everything crosses a process boundary by pickle
        assert_same(sweep(exact, pool), serial)


def test_a_dask_client_works_unchanged(exact):
    distributed = pytest.importorskip("distributed")
    serial = sweep(exact, Serial())
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        with distributed.Client(cluster) as client:
            assert_same(sweep(exact, client), serial)


def test_run_tasks_progress_cancel_and_errors():
    seen = []
    assert run_tasks(pow, [(2, i) for i in range(5)], progress=lambda d, t: seen.append((d, t))) == [1, 2, 4, 8, 16]
    assert seen == [(i, 5) for i in range(1, 6)]
    event = threading.Event()

    def stop_after_two(done, total):
        if done == 2:
            event.set()

    with pytest.raises(tokten.Cancelled, match="sweep was cancelled"):
        run_tasks(pow, [(2, i) for i in range(5)], executor=Serial(), progress=stop_after_two, cancel=event)
    with pytest.raises(ZeroDivisionError):
        run_tasks(divmod, [(1, 1), (1, 0)])
    with pytest.raises(TypeError, match="cancel must have an is_set"):
        run_tasks(pow, [], cancel=1)


def test_review_fixes_for_policies(exact):
    import time

    # Day-first text dates are read as dates, not sorted as text; a missing date is refused.
    ids = [n.id for n in exact.needs[:3]]
    text = {ids[0]: "17/02/2027", ids[1]: "03/03/2027", ids[2]: "28/01/2027"}
    from tokten._policies import _request_order

    assert _request_order(exact, text, dayfirst=True) == [ids[2], ids[0], ids[1]]
    with pytest.raises(ValueError, match=r"request_dates\['need-5001'\]: expected a date as YYYY-MM-DD"):
        _request_order(exact, text)
    with pytest.raises(ValueError, match=r"request_dates\['need-5001'\]: missing date"):
        _request_order(exact, pd.Series({ids[0]: pd.NaT}))
    # Recorded pairs from a DataFrame: integer-valued float ids read as ids, a missing one refused.
    frame = pd.DataFrame({"expert": [exact.experts[0].id, None], "need": [exact.needs[0].id, exact.needs[1].id]})
    with pytest.raises(ValueError, match=r"recorded, row 1, column 'expert': missing value"):
        tokten.compare_policies(exact, [], recorded=frame)
    # as_recorded keeps only what the rules allow: one expert recorded on every need counts once.
    everyone = [(exact.experts[0].id, n.id) for n in exact.needs]
    table = tokten.compare_policies(exact, [], recorded=everyone)
    assert table.loc["as_recorded", "seats_filled"] <= 1
    assert table.loc["as_recorded", "infeasible_pairs"] == len(everyone) - table.loc["as_recorded", "seats_filled"]
    # compare_results uses the policy's capital.
    kayes = tokten.ScoringPolicy(capital_region="Kayes")
    result = tokten.solve(exact, kayes)
    regions = {i.id: i.region for i in exact.institutions}
    need_region = {n.id: regions[n.institution] for n in exact.needs}
    share = sum(need_region[p.need] != "Kayes" for p in result.pairs) / len(result.pairs)
    assert tokten.compare_results([result]).iloc[0]["seats_outside_capital"] == pytest.approx(share)
    # A sweep sees its cancel flag while a task runs, not only after it.
    event = threading.Event()
    threading.Timer(0.2, event.set).start()
    start = time.perf_counter()
    with pytest.raises(tokten.Cancelled):
        run_tasks(time.sleep, [(3.0,), (3.0,)], cancel=event)
    assert time.perf_counter() - start < 2.0
    with pytest.raises(ValueError, match="trials must be >= 1"):
        tokten.report(problem=False, trials=0)
