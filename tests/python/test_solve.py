"""The end-to-end solve from Python and from the command line: tokten.solve and `tokten solve`."""
import datetime
import hashlib
import json
import subprocess
import threading

import jsonschema
import pytest

import tokten


@pytest.fixture(scope="module")
def demo():
    return tokten.demo_problem(seed=1)


@pytest.fixture(scope="module")
def demo_assignment(demo):
    return tokten.solve(demo)


def run(cli, *args):
    return subprocess.run([cli, *args], capture_output=True, text=True, timeout=300)


def one_need_problem(min_level=3, expert_level=4):
    """One expert, one need; the need asks isced:0912 at min_level, the expert has expert_level."""
    return tokten.Problem(
        name="small",
        taxonomy=tokten.Taxonomy(skills=[
            tokten.Skill(id="isced:09", name="Health"),
            tokten.Skill(id="isced:091", name="Health", parent="isced:09"),
            tokten.Skill(id="isced:0912", name="Medicine", parent="isced:091"),
        ]),
        institutions=[tokten.Institution(id="inst-1", name="Hôpital de Kayes", kind="hospital", region="Kayes")],
        experts=[tokten.Expert(
            id="exp-1", name="Awa", residence_country="FR",
            skills=[tokten.SkillLevel(skill="isced:0912", level=expert_level)],
            languages=[tokten.LanguageLevel(language="fr", level="C1")],
            sectors=["health"], degrees=[tokten.Degree(level="doctorate")], years_experience=15,
            availability=[tokten.DateWindow(start="2027-01-01", end="2027-03-31")])],
        needs=[tokten.Need(
            id="need-1", institution="inst-1", sector="health",
            skills=[tokten.SkillRequirement(skill="isced:0912", min_level=min_level)],
            languages=[tokten.LanguageRequirement(language="fr", min_level="B2")],
            window=tokten.DateWindow(start="2027-02-01", end="2027-02-28"), duration_days=14)],
    )


def check(problem, assignment, policy=None):
    """Every pair feasible with its scorer's score, capacities, seats, no overlapping windows."""
    context = tokten.ScoringContext(problem, policy)
    experts = {e.id: e for e in problem.experts}
    needs = {n.id: n for n in problem.needs}
    missions, seats = {}, {}
    for pair in assignment.pairs:
        verdict = context.score_pair(pair.expert, pair.need)
        assert verdict.feasible and pair.score == verdict.score
        missions.setdefault(pair.expert, []).append(needs[pair.need].window)
        seats[pair.need] = seats.get(pair.need, 0) + 1
    for expert, windows in missions.items():
        assert len(windows) <= experts[expert].max_missions
        for i, a in enumerate(windows):
            for b in windows[i + 1:]:
                assert a.end < b.start or b.end < a.start, f"{expert} on overlapping windows"
    for need in problem.needs:
        assert seats.get(need.id, 0) <= need.seats
    unfilled = {u.need: u.seats for u in assignment.unfilled}
    for need in problem.needs:
        assert unfilled.get(need.id, 0) == need.seats - seats.get(need.id, 0)
    assert assignment.total_score == pytest.approx(sum(p.score for p in assignment.pairs), rel=1e-12)
    assert tokten.validate_assignment(problem, getattr(assignment, "assignment", assignment)) == []


def test_solve_the_demo_round(demo, demo_assignment):
    assert isinstance(demo_assignment, tokten.Result) and demo_assignment.problem == demo
    a = demo_assignment.assignment
    assert isinstance(a, tokten.Assignment)
    assert len(a.pairs) > 50 and a.status.name in ("optimal", "feasible")
    check(demo, a)
    assert a.problem == demo.name and a.objective == tokten.Objective.max_weight
    assert [t.name for t in a.pairs[0].terms] == ["skills", "language", "sector", "degree", "experience",
                                                   "preferences", "priority", "equity"]
    assert all(u.reason.name in ("no_feasible_expert", "experts_taken", "time_conflict", "quota", "other")
               and u.detail for u in a.unfilled)
    chosen = {(p.expert, p.need) for p in a.pairs}
    for alt in a.alternates:
        assert 1 <= len(alt.experts) <= 3
        assert all((e.expert, alt.need) not in chosen for e in alt.experts)
        scores = [e.score for e in alt.experts]
        assert scores == sorted(scores, reverse=True)
    jsonschema.validate(tokten.assignment_to_dict(a), tokten.schema("assignment"))
    assert tokten.solve(demo) == a  # deterministic


def test_solve_options(demo, demo_assignment):
    seats_first = tokten.solve(demo, objective="max_seats_then_weight")
    check(demo, seats_first)
    assert seats_first.objective == tokten.Objective.max_seats_then_weight
    if seats_first.status.name == "optimal" and demo_assignment.status.name == "optimal":
        assert len(seats_first.pairs) >= len(demo_assignment.pairs)
    bare = tokten.solve(demo, alternates=0, explain=False)
    assert bare.alternates == [] and all(p.terms == [] for p in bare.pairs)
    assert [(p.expert, p.need) for p in bare.pairs] == [(p.expert, p.need) for p in demo_assignment.pairs]
    a, summary = tokten.solve_summary(demo)
    assert a == demo_assignment and f"{len(a.pairs)} pairs" in summary
    with pytest.raises(ValueError, match="candidates_per_need"):
        tokten.solve(demo, candidates_per_need=0)
    with pytest.raises(TypeError):
        tokten.solve(demo, policy=3.5)
    with pytest.raises(TypeError):
        tokten.solve("round.json")


def test_policy_forms(demo, demo_assignment, tmp_path):
    policy = tokten.ScoringPolicy(equity_bonus=0.5)
    by_object = tokten.solve(demo, policy)
    check(demo, by_object, policy)
    assert by_object != demo_assignment
    assert tokten.solve(demo, {"equity_bonus": 0.5}) == by_object
    path = tmp_path / "policy.json"
    tokten.save_policy(policy, str(path))
    assert tokten.solve(demo, path) == by_object
    assert tokten.solve(demo, str(path)) == by_object
    assert tokten.solve(demo, None) == demo_assignment
    with pytest.raises(tokten.InputError) as error:
        tokten.solve(demo, {"skills_weight": -1})
    assert error.value.pointer == "/skills_weight"


def test_bad_problem_names_the_item():
    problem = one_need_problem()
    need = problem.needs[0]
    need.skills = [tokten.SkillRequirement(skill="isced:9999")]
    problem.needs = [need]
    with pytest.raises(tokten.InputError) as error:
        tokten.solve(problem)
    assert error.value.pointer == "/needs/0/skills/0/skill"


def test_unfilled_reason_and_fix_applied():
    problem = one_need_problem(min_level=5, expert_level=4)
    a = tokten.solve(problem)
    assert a.pairs == []
    [u] = a.unfilled
    assert u.need == "need-1" and u.reason.name == "no_feasible_expert" and u.seats == 1
    assert u.fixes[0].startswith("lower the level of isced:0912 from 5 to 4: 1 expert qualifies")
    # Applied, the seat fills.
    need = problem.needs[0]
    need.skills = [tokten.SkillRequirement(skill="isced:0912", min_level=4)]
    problem.needs = [need]
    a = tokten.solve(problem)
    assert [(p.expert, p.need) for p in a.pairs] == [("exp-1", "need-1")] and a.unfilled == []


def test_the_gil_is_released(demo):
    # Two solves in threads give the same result as one (and do not deadlock).
    results = [None, None]

    def work(i):
        results[i] = tokten.solve(demo, candidates_per_need=10)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results[0] == results[1] == tokten.solve(demo, candidates_per_need=10)


# The command line.

def test_cli_solve_writes_a_valid_assignment_like_python(cli, tmp_path, demo):
    problem_file = tmp_path / "round.json"
    tokten.save_problem(demo, str(problem_file))
    out = tmp_path / "assignment.json"
    result = run(cli, "solve", str(problem_file), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert "seats filled" in result.stdout and "assignment written to" in result.stdout
    check_result = run(cli, "validate", str(out), "--problem", str(problem_file))
    assert check_result.returncode == 0, check_result.stderr
    document = json.loads(out.read_text(encoding="utf-8"))
    jsonschema.validate(document, tokten.schema("assignment"))
    # The same assignment as Python's, byte for byte.
    assert out.read_text(encoding="utf-8") == tokten.write_assignment(tokten.solve(demo).assignment) + "\n"
    # Options, and -o - for stdout (the summary then goes to stderr).
    result = run(cli, "solve", str(problem_file), "--objective", "max_seats_then_weight", "-k", "20",
                 "--alternates", "1", "-o", "-")
    assert result.returncode == 0 and "seats filled" in result.stderr
    python = tokten.solve(demo, objective="max_seats_then_weight", candidates_per_need=20, alternates=1)
    assert tokten.assignment_from_dict(json.loads(result.stdout)) == python


def test_cli_solve_errors(cli, tmp_path, root, demo):
    problem_file = tmp_path / "round.json"
    tokten.save_problem(demo, str(problem_file))
    out = tmp_path / "assignment.json"
    out.write_text("earlier output\n", encoding="utf-8")
    before = hashlib.sha256(out.read_bytes()).hexdigest()
    bad_policy = tmp_path / "policy.json"
    bad_policy.write_text(json.dumps({"format": "tokten.policy", "format_version": 1, "sector_weight": -2}))
    result = run(cli, "solve", str(problem_file), "--policy", str(bad_policy), "-o", str(out))
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.startswith(f"{bad_policy}:/sector_weight: ")
    assert hashlib.sha256(out.read_bytes()).hexdigest() == before  # left intact
    document = json.loads(problem_file.read_text(encoding="utf-8"))
    document["needs"][2]["skills"][0]["min_level"] = 9
    bad_problem = tmp_path / "bad.json"
    bad_problem.write_text(json.dumps(document), encoding="utf-8")
    result = run(cli, "solve", str(bad_problem), "-o", str(out))
    assert result.returncode == 1 and result.stderr.startswith(f"{bad_problem}:/needs/2/skills/0/min_level: ")
    assert hashlib.sha256(out.read_bytes()).hexdigest() == before
    # A policy read from a good file changes the result.
    good_policy = tmp_path / "good.json"
    tokten.save_policy(tokten.ScoringPolicy(equity_bonus=0.5), str(good_policy))
    result = run(cli, "solve", str(problem_file), "--policy", str(good_policy), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert tokten.load_assignment(str(out)) == tokten.solve(demo, str(good_policy))


@pytest.mark.parametrize("args", [["solve"], ["solve", "p.json"], ["solve", "p.json", "-o"],
                                  ["solve", "p.json", "--objective", "best", "-o", "x"],
                                  ["solve", "p.json", "-k", "0", "-o", "x"], ["solve", "a", "b", "-o", "x"],
                                  ["solve", "p.json", "--bogus", "-o", "x"]])
def test_cli_solve_usage_errors_exit_2(cli, args):
    result = run(cli, *args)
    assert result.returncode == 2 and result.stdout == "" and "tokten --help" in result.stderr
