"""The Result of a solve for analysts: DataFrames, JSON, Jupyter display, plots, progress and cancel."""
import json
import os
import signal
import subprocess
import sys
import textwrap
import threading

import matplotlib
import pandas as pd
import pytest

import tokten

matplotlib.use("Agg")


@pytest.fixture(scope="module")
def demo():
    return tokten.demo_problem(seed=1)


@pytest.fixture(scope="module")
def result(demo):
    return tokten.solve(demo)


def test_result_reads_through_to_the_assignment(demo, result):
    a = result.assignment
    assert result.problem == demo and result.policy is None
    assert (result.status, result.objective, result.total_score) == (a.status, a.objective, a.total_score)
    assert result.pairs == a.pairs and result.unfilled == a.unfilled and result.alternates == a.alternates
    assert result.seats_requested == sum(n.seats for n in demo.needs)
    assert result.seats_filled == len(a.pairs)
    assert result.seat_coverage == result.seats_filled / result.seats_requested
    assert result.needs_filled == len(demo.needs) - len({u.need for u in a.unfilled})
    assert result == a and a == result and result == tokten.solve(demo)
    assert "seats filled" in result.summary
    with pytest.raises(TypeError, match="problem must be a tokten.Problem"):
        tokten.Result("p", a)
    with pytest.raises(TypeError, match="assignment must be a tokten.Assignment"):
        tokten.Result(demo, {})


def test_assignment_table(demo, result):
    table = result.to_pandas().assignment
    assert len(table) == result.seats_filled
    assert list(table.columns[:8]) == ["expert", "expert_name", "need", "institution", "institution_name", "region",
                                       "sector", "score"]
    needs = {n.id: n for n in demo.needs}
    institutions = {i.id: i for i in demo.institutions}
    experts = {e.id: e for e in demo.experts}
    for row, pair in zip(table.itertuples(index=False), result.pairs):
        assert (row.expert, row.need, row.score) == (pair.expert, pair.need, pair.score)
        need = needs[pair.need]
        assert row.institution == need.institution and row.sector == str(need.sector)
        assert row.region == institutions[need.institution].region
        assert row.expert_name == experts[pair.expert].name
        for term in pair.terms:
            assert getattr(row, f"term_{term.name}") == term.value
    # The score is the product of fit, priority and equity: check it from the columns.
    fit = table.score / (table.term_priority * table.term_equity)
    assert ((fit >= 0) & (fit <= 1 + 1e-12)).all()
    # Without explanations there are no term columns.
    bare = tokten.solve(demo, explain=False).to_pandas().assignment
    assert not any(c.startswith("term_") for c in bare.columns) and len(bare) == len(table)


def test_unfilled_idle_and_alternates_tables(demo, result):
    tables = result.to_pandas()
    assert isinstance(tables, tokten.ResultTables)
    unfilled = tables.unfilled
    assert list(unfilled.need) == [u.need for u in result.unfilled]
    assert unfilled.seats.sum() == result.seats_requested - result.seats_filled
    for row, u in zip(unfilled.itertuples(index=False), result.unfilled):
        assert row.reason == str(u.reason) and row.detail == u.detail
        assert row.suggested_change == (u.fixes[0] if u.fixes else "")
    assigned = {p.expert for p in result.pairs}
    idle = tables.idle
    assert set(idle.expert) == {e.id for e in demo.experts} - assigned
    alternates = tables.alternates
    assert len(alternates) == sum(len(a.experts) for a in result.alternates)
    backups = alternates.groupby("expert").size()
    for row in idle.itertuples(index=False):
        assert row.alternate_for == backups.get(row.expert, 0)
        assert (row.alternate_for > 0) == row.reason.startswith("a backup")
    first = result.alternates[0]
    rows = alternates[alternates.need == first.need]
    assert list(rows["rank"]) == list(range(1, len(first.experts) + 1))
    assert list(rows.expert) == [e.expert for e in first.experts]


def test_empty_tables_keep_their_columns():
    problem = tokten.demo_problem(experts=5, needs=1)
    problem.experts = [e for e in problem.experts][:0]
    result = tokten.solve(problem)
    tables = result.to_pandas()
    assert tables.assignment.empty and list(tables.assignment.columns[:3]) == ["expert", "expert_name", "need"]
    assert len(tables.unfilled) == 1 and tables.idle.empty and tables.alternates.empty
    assert result.seat_coverage == 0.0


def test_coverage_by(demo, result):
    for by in ("region", "sector", "institution"):
        table = result.coverage_by(by)
        assert table["requested"].sum() == result.seats_requested
        assert table["filled"].sum() == result.seats_filled
        assert (table["filled"] <= table["requested"]).all()
        assert list(table["requested"]) == sorted(table["requested"], reverse=True)
    sectors = result.coverage_by("sector")
    health = sum(n.seats for n in demo.needs if str(n.sector) == "health")
    assert sectors.loc["health", "requested"] == health
    with pytest.raises(ValueError, match="by must be 'region', 'sector' or 'institution'"):
        result.coverage_by("country")


def test_to_json_is_atomic_and_reads_back(demo, result, tmp_path):
    path = tmp_path / "assignment.json"
    result.to_json(path)
    assert tokten.load_assignment(str(path)) == result.assignment
    assert tokten.Result.load(path, demo) == result
    assert json.loads(path.read_text(encoding="utf-8")) == result.to_dict()
    # A failed write leaves the earlier file intact: write into a folder that is not there.
    with pytest.raises(OSError):
        result.to_json(tmp_path / "missing" / "a.json")
    assert tokten.load_assignment(str(path)) == result.assignment
    # A document that does not belong to the problem is refused.
    other = tokten.demo_problem(seed=2)
    with pytest.raises(tokten.InputError):
        tokten.Result.load(path, other)


def test_explain_and_why_unfilled(demo, result):
    pair = result.pairs[0]
    x = result.explain(pair.expert, pair.need)
    assert x.feasible and x.score == pair.score
    gap = result.unfilled[0]
    assert result.why_unfilled(gap.need) == gap
    filled = next(n.id for n in demo.needs if n.id not in {u.need for u in result.unfilled})
    assert result.why_unfilled(filled) is None
    with pytest.raises(KeyError, match="no need 'nope'"):
        result.why_unfilled("nope")
    with pytest.raises(KeyError, match="unknown expert id 'nobody'"):
        result.explain("nobody", pair.need)
    # The policy used by the solve is the one explain uses.
    policy = {"equity_bonus": 0.5}
    tilted = tokten.solve(demo, policy)
    p = tilted.pairs[0]
    assert tilted.explain(p.expert, p.need).score == p.score


# Jupyter display.

def test_html_summaries_are_short(demo, result):
    html = result._repr_html_()
    assert f"{result.seats_filled} of {result.seats_requested} seats filled" in html
    assert "unfilled because" in html and "result.to_pandas()" in html
    shown = [p.expert for p in result.pairs if p.expert in html]
    assert 1 <= len(set(shown)) <= 5  # the first pairs, never all of them
    assert len(html) < 4000
    problem_html = demo._repr_html_()
    assert f"{len(demo.experts)} experts, {len(demo.institutions)} institutions" in problem_html
    assert "seats requested" in problem_html and not any(e.id in problem_html for e in demo.experts)
    assert len(problem_html) < 4000
    pair = result.pairs[0]
    x_html = tokten.explain(demo, pair.expert, pair.need)._repr_html_()
    assert "skills" in x_html and "equity" in x_html and f"{pair.score:.3f}" in x_html
    bad = tokten.explain(demo, demo.experts[0].id, demo.needs[0].id)
    if not bad.feasible:
        assert "infeasible" in bad._repr_html_()
    # The plain repr stays one line.
    assert repr(result).startswith("<tokten.Result ") and "\n" not in repr(result)
    # Names from the data are escaped.
    problem = tokten.demo_problem(experts=5, needs=2)
    problem.name = "<script>alert(1)</script>"
    assert "<script>" not in problem._repr_html_()


# Plots.

def test_plot_coverage_draws_what_coverage_by_says(result):
    import matplotlib.pyplot as plt

    ax = result.plot_coverage("sector")
    table = result.coverage_by("sector")
    heights = [p.get_height() for p in ax.patches]
    assert heights == list(table["requested"]) + list(table["filled"])
    assert [t.get_text() for t in ax.get_xticklabels()] == list(table.index)
    plt.close("all")
    fig, axes = plt.subplots(1, 2)
    assert result.plot_coverage("region", ax=axes[0]) is axes[0]
    plt.close("all")


def test_plot_scores_and_comparison(demo, result):
    import matplotlib.pyplot as plt

    ax = result.plot_scores(bins=10)
    assert sum(p.get_height() for p in ax.patches) == result.seats_filled
    results = {"best total": result, "most seats": tokten.solve(demo, objective="max_seats_then_weight")}
    table = tokten.compare_results(results)
    assert list(table.index) == ["best total", "most seats"]
    assert table.loc["best total", "total_score"] == result.total_score
    assert table.loc["most seats", "seats_filled"] >= table.loc["best total", "seats_filled"]
    ax = tokten.plot_comparison(results, metric="total_score")
    assert [p.get_height() for p in ax.patches] == list(table["total_score"])
    with pytest.raises(ValueError, match="metric must be one of"):
        tokten.plot_comparison(results, metric="status")
    with pytest.raises(TypeError, match="expected a tokten.Result"):
        tokten.compare_results([result, result.assignment])
    assert list(tokten.compare_results([result, result]).index) == ["result 1", "result 2"]
    plt.close("all")


# Progress and cancellation.

def test_progress_callback_sees_each_stage(demo, result):
    seen = []
    again = tokten.solve(demo, progress=lambda stage, done, total: seen.append((stage, done, total)))
    assert seen == [("checking", 0, 4), ("candidates", 1, 4), ("matching", 2, 4), ("results", 3, 4),
                    ("done", 4, 4)]
    assert again == result
    with pytest.raises(TypeError, match="progress must be a bool or a callable"):
        tokten.solve(demo, progress="yes")


def test_progress_bar(demo, capsys):
    pytest.importorskip("tqdm")
    tokten.solve(demo, progress=True)
    err = capsys.readouterr().err
    assert "tokten.solve" in err and "stage" in err


def test_cancel_flag_stops_at_the_next_checkpoint(demo, result):
    event = threading.Event()
    event.set()
    with pytest.raises(tokten.Cancelled, match="cancelled"):
        tokten.solve(demo, cancel=event)
    seen = []

    def progress(stage, done, total):
        seen.append(stage)
        if stage == "matching":
            event.set()  # as another thread would, while the solve runs

    event.clear()
    with pytest.raises(tokten.Cancelled):
        tokten.solve(demo, progress=progress, cancel=event)
    assert seen == ["checking", "candidates", "matching"]
    # Nothing is left behind: the next solve is the same as ever.
    event.clear()
    assert tokten.solve(demo, cancel=event) == result
    with pytest.raises(TypeError, match="cancel must have an is_set"):
        tokten.solve(demo, cancel=True)
    assert issubclass(tokten.Cancelled, RuntimeError)


def test_cancel_from_another_thread(demo):
    big = tokten.demo_problem(experts=6000, needs=900)
    event = threading.Event()
    outcome = {}

    def work():
        try:
            tokten.solve(big, cancel=event)
            outcome["finished"] = True
        except tokten.Cancelled:
            outcome["cancelled"] = True

    event.set()  # set before the thread starts: deterministic, and it exercises the cross-thread path
    thread = threading.Thread(target=work)
    thread.start()
    thread.join(60)
    assert outcome == {"cancelled": True}


def test_ctrl_c_interrupts_a_solve(tmp_path):
    # A child process solves a large round; once it reports the candidate stage, Ctrl-C (SIGINT)
    # reaches it while C++ runs without the GIL. It must stop at the next checkpoint with
    # KeyboardInterrupt, well before the solve would end, and print no result.
    script = tmp_path / "child.py"
    script.write_text(textwrap.dedent("""
        import sys, time, tokten
        problem = tokten.demo_problem(experts=40000, needs=4000)
        def progress(stage, done, total):
            print(stage, flush=True)
        start = time.perf_counter()
        try:
            tokten.solve(problem, progress=progress)
            print("finished", flush=True)
        except KeyboardInterrupt:
            print(f"interrupted after {time.perf_counter() - start:.2f} s", flush=True)
    """), encoding="utf-8")
    child = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
    lines = []
    for line in child.stdout:
        lines.append(line.strip())
        if line.strip() == "candidates":
            child.send_signal(signal.SIGINT)
    child.wait(120)
    assert "finished" not in lines, lines
    assert lines[-1].startswith("interrupted after"), lines
    assert "results" not in lines or lines.index("results") == len(lines) - 2


def test_unfilled_seats_read_on_their_own(result):
    gap = next(u for u in result.unfilled if u.fixes)
    text = str(gap)
    assert text.splitlines()[0].startswith(f"{gap.need}: {gap.seats} seat") and str(gap.reason) in text
    assert all(f"  fix: {fix}" in text.splitlines() for fix in gap.fixes)
    html = gap._repr_html_()
    assert gap.detail.split(":")[0] in html and all(fix.split(":")[0] in html for fix in gap.fixes)
    assert repr(gap).startswith("UnfilledSeats(")  # the plain repr is unchanged


def test_a_result_keeps_its_own_copy_of_the_problem():
    problem = tokten.demo_problem(experts=80, needs=20)
    result = tokten.solve(problem)
    seats, coverage = result.seats_requested, result.seat_coverage
    problem.needs = problem.needs[:3]  # the caller changes their problem afterwards
    assert result.seats_requested == seats and result.seat_coverage == coverage
    assert len(result.problem.needs) == 20
