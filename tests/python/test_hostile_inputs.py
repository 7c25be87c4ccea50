"""The hostile-input catalogue from the command line and from Python (README: "Limits and
hostile input"): a clear error naming the file and the JSON pointer (exit 1), or a correct empty
result; never a crash, a hang or a write to an input. Also: outputs are written atomically, and a
run that is interrupted (SIGINT, SIGTERM, SIGKILL) leaves the earlier output intact. The reader's
own catalogue is tests/cpp/test_hostile_inputs.cpp."""
import hashlib
import json
import os
import re
import signal
import subprocess
import time

import numpy as np
import pytest

import tokten

TIMEOUT = 120  # seconds; every case here takes a fraction of that


def run(cli, *args, stdin=None):
    return subprocess.run([cli, *map(str, args)], capture_output=True, text=True, input=stdin,
                          timeout=TIMEOUT)


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def small_round(root):
    return (root / "examples/data/small_round.json").read_text(encoding="utf-8")


def write(path, text):
    path.write_bytes(text.encode("utf-8", "surrogateescape") if isinstance(text, str) else text)
    return path


def deep(levels):
    return "[" * levels + "]" * levels


HOSTILE_DOCUMENTS = {
    # name: (how to make the document from small_round.json, the pointer, a fragment of the message)
    "truncated": (lambda t: t[: len(t) // 2], "/", "truncated or invalid JSON at line"),
    "invalid UTF-8": (lambda t: t.replace("Small round", "Small \udcff round"), "/", "invalid JSON at line"),
    "nesting 100,000 deep": (lambda t: t.replace('"Small round, written by hand"', deep(100_000)), "/",
                             "nesting deeper than 100 levels at line 4"),
    "1e400": (lambda t: t.replace('"weight": 2', '"weight": 1e400', 1), "/", "number overflow"),
    "NaN literal": (lambda t: t.replace('"weight": 2', '"weight": NaN', 1), "/", "invalid JSON at line"),
    "Infinity literal": (lambda t: t.replace('"weight": 2', '"weight": -Infinity', 1), "/", "invalid JSON at line"),
    "control character in an id": (lambda t: t.replace('"id": "exp-2"', '"id": "exp\\u001b[2J"', 1),
                                   "/experts/1/id", 'without control characters, got "exp\\u001b[2J"'),
    "repeated field": (lambda t: t.replace('"max_missions": 2', '"max_missions": 2, "max_missions": 9', 1),
                       "/experts/1/max_missions", 'the field "max_missions" appears twice'),
    "taxonomy cycle": (lambda t: t.replace('{"id": "isced:09", "name": "Health and welfare"}',
                                           '{"id": "isced:09", "name": "Health and welfare", "parent": "isced:0912"}'),
                       "/taxonomy/skills/0/parent", "cycle in the taxonomy"),
    "negative capacity": (lambda t: t.replace('"max_missions": 2', '"max_missions": -2', 1),
                          "/experts/1/max_missions", "expected a number of missions from 0 to 1000, got -2"),
    "zero seats": (lambda t: t.replace('"seats": 1', '"seats": 0', 1), "/needs/1/seats",
                   "expected a number of seats from 1 to 10000"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE_DOCUMENTS))
def test_hostile_documents_give_located_errors(cli, tmp_path, small_round, case):
    make, pointer, fragment = HOSTILE_DOCUMENTS[case]
    bad = write(tmp_path / "round.json", make(small_round))
    before = digest(bad)
    out = write(tmp_path / "out.json", "earlier output")
    for args in (["validate", bad], ["solve", bad, "-o", out]):
        result = run(cli, *args)
        assert result.returncode == 1, result.stderr
        assert result.stdout == ""
        line = result.stderr.splitlines()[0]
        assert line.startswith(f"{bad}:{pointer}"), line
        assert fragment in line
        assert all(c >= " " for c in line)  # nothing hostile reaches the terminal
    assert digest(bad) == before
    assert out.read_text() == "earlier output"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json", "round.json"]


def test_a_million_duplicate_ids(cli, tmp_path):
    skills = ",".join(['{"id":"s","name":"n"}'] * 1_000_000)
    bad = write(tmp_path / "round.json", '{"format": "tokten.problem", "format_version": 1, '
                f'"taxonomy": {{"skills": [{skills}]}}, "institutions": [], "experts": [], "needs": []}}')
    start = time.monotonic()
    result = run(cli, "validate", bad)
    assert time.monotonic() - start < 60
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert lines[0] == f'{bad}:/taxonomy/skills/1/id: duplicate id "s" (first used at /taxonomy/skills/0)'
    assert len(lines) == 100  # validation stops at its issue limit
    with pytest.raises(tokten.InputError, match="and at least 99 more"):
        tokten.load_problem(bad)


def test_an_empty_problem_solves_to_an_empty_assignment(cli, tmp_path):
    empty = write(tmp_path / "empty.json", '{"format": "tokten.problem", "format_version": 1, '
                  '"taxonomy": {"skills": []}, "institutions": [], "experts": [], "needs": []}')
    out = tmp_path / "out.json"
    result = run(cli, "solve", empty, "-o", out)
    assert result.returncode == 0, result.stderr
    assert "0 pairs, 0 of 0 seats filled" in result.stdout
    document = json.loads(out.read_text())
    assert (document["pairs"], document["unfilled"], document["total_score"], document["status"]) == ([], [], 0, "optimal")
    assert run(cli, "validate", out, "--problem", empty).returncode == 0


def test_a_round_without_feasible_pairs_leaves_every_seat_unfilled(cli, tmp_path, small_round):
    document = json.loads(small_round)
    for expert in document["experts"]:
        expert["availability"] = []
    bad = write(tmp_path / "round.json", json.dumps(document))
    out = tmp_path / "out.json"
    result = run(cli, "solve", bad, "-o", out)
    assert result.returncode == 0, result.stderr
    assignment = json.loads(out.read_text())
    assert assignment["pairs"] == []
    assert {u["need"]: (u["seats"], u["reason"]) for u in assignment["unfilled"]} == {
        "need-1": (2, "no_feasible_expert"), "need-2": (1, "no_feasible_expert")}


def test_the_output_may_not_be_an_input(cli, tmp_path, root):
    problem = tmp_path / "round.json"
    problem.write_bytes((root / "examples/data/small_round.json").read_bytes())
    policy = tmp_path / "policy.json"
    policy.write_bytes((root / "examples/data/policy.json").read_bytes())
    link = tmp_path / "link.json"
    link.symlink_to(problem)
    before = (digest(problem), digest(policy))
    for args in (["-o", problem], ["-o", link], ["--policy", policy, "-o", policy]):
        result = run(cli, "solve", problem, *args)
        assert result.returncode == 2, result.stderr
        assert "inputs are never overwritten" in result.stderr
    assert (digest(problem), digest(policy)) == before


def test_huge_candidate_counts_are_capped(cli, tmp_path, root):
    out = tmp_path / "out.json"
    result = run(cli, "solve", root / "examples/data/small_round.json", "-k", "1000000", "-o", out)
    assert result.returncode == 0, result.stderr
    problem = tokten.load_problem(root / "examples/data/small_round.json")
    assert len(tokten.solve(problem, candidates_per_need=2**31 - 1).pairs) == len(json.loads(out.read_text())["pairs"])


# --- Python: the same reader, and the solvers' limits -------------------------------------------

def test_python_readers_refuse_hostile_text():
    with pytest.raises(tokten.InputError, match="nesting deeper than 100 levels") as error:
        tokten.read_problem(deep(100_000))
    assert error.value.pointer == ""
    with pytest.raises(tokten.InputError, match='the field "format" appears twice') as error:
        tokten.read_problem('{"format": "tokten.problem", "format": "tokten.problem"}')
    assert error.value.pointer == "/format"
    with pytest.raises(tokten.InputError, match="number overflow"):
        tokten.read_policy('{"format": "tokten.policy", "format_version": 1, "equity_bonus": 1e400}')


def test_documents_over_the_size_limit_are_refused_before_reading(tmp_path):
    huge = tmp_path / "huge.json"
    with open(huge, "wb") as f:
        f.truncate(2**30 + 1)  # sparse: no disk space, and nothing must read it
    start = time.monotonic()
    with pytest.raises(tokten.InputError, match="over the limit of a tokten document"):
        tokten.load_problem(huge)
    assert time.monotonic() - start < 1


def test_a_broadcast_matrix_too_large_for_memory_is_refused_before_allocating():
    view = np.broadcast_to(np.float64(1.0), (1_000_000, 1_000_000))  # 8 TB if copied
    with pytest.raises(ValueError, match=r"1000000 x 1000000 cost matrix .* contiguous copy of 8000000000000 bytes"):
        tokten.linear_sum_assignment(view)


def test_entries_too_large_for_the_certificate_are_refused():
    big = np.finfo(np.float64).max
    for solve in (tokten.linear_sum_assignment, tokten.solve_assignment):
        with pytest.raises(ValueError, match="entry too large in magnitude"):
            solve(np.array([[big, 1.0], [2.0, 3.0]]))
    # Up to 2^997 (about 1.3e300) is fine, with exact optimal totals.
    row, col = tokten.linear_sum_assignment(np.array([[1e300, 1.0], [2.0, 1e300]]))
    assert (row.tolist(), col.tolist()) == ([0, 1], [1, 0])


def test_deeply_nested_dicts_give_an_input_error():
    nested = []
    for _ in range(100_000):
        nested = [nested]
    document = {"format": "tokten.problem", "format_version": 1, "name": nested}
    with pytest.raises(tokten.InputError, match="nesting too deep"):
        tokten.problem_from_dict(document)


# --- Interrupted runs -----------------------------------------------------------------------------

def default_signals():
    """In the child: SIGINT and SIGTERM as a terminal delivers them, even where the test runner
    was started with them ignored (exec keeps ignored signals ignored)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def temporaries(folder, name):
    return [p.name for p in folder.iterdir() if p.name.startswith(f".{name}.tmp-")]


def interrupt_once_writing(proc, folder, name, sig, deadline=90.0):
    """Sends `sig` as soon as the run's temporary output appears; True if it was seen."""
    end = time.monotonic() + deadline
    while proc.poll() is None and time.monotonic() < end:
        if temporaries(folder, name):
            proc.send_signal(sig)
            proc.wait(timeout=TIMEOUT)
            return True
        time.sleep(0.0005)
    proc.kill()
    proc.wait(timeout=TIMEOUT)
    return False


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL])
def test_a_run_interrupted_while_writing_keeps_the_earlier_output(cli, tmp_path, sig):
    out = write(tmp_path / "round.json", "earlier output\n")
    # A large document (about 60 MB) keeps the write, and its flush to disk, long enough to catch.
    proc = subprocess.Popen([cli, "demo", "--experts", "50000", "--institutions", "10", "--needs", "0",
                             "-o", str(out)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            preexec_fn=default_signals)
    seen = interrupt_once_writing(proc, tmp_path, "round.json", sig)
    assert seen, "the run ended before its temporary output was seen"
    assert proc.returncode == -sig
    content = out.read_bytes()
    # The earlier output, whole; or, had the signal come after the rename, the new one, whole.
    assert content == b"earlier output\n" or json.loads(content)["format"] == "tokten.problem"
    left = temporaries(tmp_path, "round.json")
    if sig == signal.SIGKILL:  # cannot be caught: the temporary may stay, under its documented name
        assert all(re.fullmatch(r"\.round\.json\.tmp-[A-Za-z0-9]{6}", name) for name in left)
    else:
        assert left == []


@pytest.fixture(scope="module")
def large_round(cli, tmp_path_factory):
    path = tmp_path_factory.mktemp("large") / "large_round.json"
    result = run(cli, "demo", "--seed", "4", "--experts", "10000", "--institutions", "300", "--needs", "1000",
                 "-o", path)
    assert result.returncode == 0, result.stderr
    return path


@pytest.mark.parametrize("when", [0.05, 0.4, "writing"])
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL])
def test_an_interrupted_solve_leaves_its_input_and_the_earlier_output_intact(cli, tmp_path, large_round, when, sig):
    before = digest(large_round)
    out = write(tmp_path / "assignment.json", "earlier assignment\n")
    proc = subprocess.Popen([cli, "solve", str(large_round), "-o", str(out)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, preexec_fn=default_signals)
    if when == "writing":
        interrupt_once_writing(proc, tmp_path, "assignment.json", sig)
    else:
        time.sleep(when)
        proc.send_signal(sig)
        proc.wait(timeout=TIMEOUT)
    assert digest(large_round) == before
    content = out.read_bytes()
    if proc.returncode == 0:  # it had finished: the new document, whole
        assert json.loads(content)["format"] == "tokten.assignment"
    else:
        assert proc.returncode == -sig
        assert content == b"earlier assignment\n"
    if sig != signal.SIGKILL:
        assert temporaries(tmp_path, "assignment.json") == []
    # And a run left alone replaces it whole.
    result = run(cli, "solve", large_round, "-o", out)
    assert result.returncode == 0, result.stderr
    assert json.loads(out.read_text())["format"] == "tokten.assignment"
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(".")) == ["assignment.json"]
    assert digest(large_round) == before
