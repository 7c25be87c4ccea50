"""The tokten command line: exit codes, messages on stderr, atomic outputs."""
import hashlib
import json
import os
import resource
import signal
import subprocess
import time

import pytest

import tokten


def run(cli, *args, stdin=None):
    return subprocess.run([cli, *args], capture_output=True, text=True, input=stdin, timeout=120)


def test_help_and_version(cli):
    result = run(cli, "--help")
    assert result.returncode == 0 and "tokten validate FILE" in result.stdout
    result = run(cli, "--version")
    assert result.returncode == 0 and result.stdout.strip() == f"tokten {tokten.__version__}"


@pytest.mark.parametrize("args", [[], ["frobnicate"], ["demo", "--seed"], ["demo", "--seed", "abc"],
                                  ["demo", "--bogus"], ["validate"], ["validate", "a", "b"]])
def test_usage_errors_exit_2(cli, args):
    result = run(cli, *args)
    assert result.returncode == 2
    assert result.stdout == ""
    assert "tokten --help" in result.stderr


def test_demo_prints_a_summary_and_writes_the_problem(cli, tmp_path):
    out = tmp_path / "demo.json"
    result = run(cli, "demo", "--seed", "3", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert "650 (capacity" in result.stdout
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["format"] == "tokten.problem" and len(document["needs"]) == 100
    again = tmp_path / "again.json"
    run(cli, "demo", "--seed", "3", "-o", str(again))
    assert again.read_bytes() == out.read_bytes()  # deterministic
    assert run(cli, "demo", "--seed", "3", "-o", "-").stdout.strip() == out.read_text(encoding="utf-8").strip()


def test_validate_accepts_good_documents_without_touching_them(cli, tmp_path, root):
    example = root / "examples/data/small_round.json"
    before = (hashlib.sha256(example.read_bytes()).hexdigest(), example.stat().st_mtime_ns)
    result = run(cli, "validate", str(example))
    assert result.returncode == 0, result.stderr
    assert "valid problem (3 experts, 2 institutions, 2 needs, 3 seats)" in result.stdout
    assert (hashlib.sha256(example.read_bytes()).hexdigest(), example.stat().st_mtime_ns) == before
    result = run(cli, "validate", "-", stdin=example.read_text(encoding="utf-8"))
    assert result.returncode == 0 and "<stdin>: valid problem" in result.stdout


def test_validate_reports_the_location_of_bad_input(cli, tmp_path, root):
    document = json.loads((root / "examples/data/small_round.json").read_text(encoding="utf-8"))
    document["experts"][1]["skills"][0]["level"] = 6
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(document), encoding="utf-8")
    result = run(cli, "validate", str(bad))
    assert result.returncode == 1
    assert result.stdout == ""
    assert f"{bad}:/experts/1/skills/0/level: expected a proficiency level from 1 to 5, got 6" in result.stderr
    for content, fragment in [("", "empty document"), ("{\"format\": ", "truncated"), ("[1]", "expected a JSON object")]:
        bad.write_text(content)
        result = run(cli, "validate", str(bad))
        assert result.returncode == 1 and fragment in result.stderr
    result = run(cli, "validate", str(tmp_path / "missing.json"))  # a file that cannot be read: 3
    assert result.returncode == 3 and "cannot open" in result.stderr and "No such file" in result.stderr
    result = run(cli, "validate", str(tmp_path))
    assert result.returncode == 3 and "is a directory" in result.stderr


def test_validate_lists_every_cross_reference_issue(cli, tmp_path, root):
    document = json.loads((root / "examples/data/small_round.json").read_text(encoding="utf-8"))
    document["needs"][0]["institution"] = "inst-x"
    document["needs"][1]["skills"][0]["skill"] = "isced:9999"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(document), encoding="utf-8")
    result = run(cli, "validate", str(bad))
    assert result.returncode == 1
    assert f"{bad}:/needs/0/institution: unknown institution id" in result.stderr
    assert f"{bad}:/needs/1/skills/0/skill: unknown skill id" in result.stderr


def test_validate_checks_an_assignment_against_its_problem(cli, tmp_path, root):
    assignment = {"format": "tokten.assignment", "format_version": 1, "objective": "max_weight",
                  "status": "optimal", "total_score": 1.0,
                  "pairs": [{"expert": "exp-1", "need": "need-1", "score": 1.0},
                            {"expert": "exp-1", "need": "need-2", "score": 0.5}]}
    path = tmp_path / "assignment.json"
    path.write_text(json.dumps(assignment))
    problem = str(root / "examples/data/small_round.json")
    assert run(cli, "validate", str(path)).returncode == 0
    result = run(cli, "validate", str(path), "--problem", problem)
    assert result.returncode == 1
    assert "/pairs/1/expert: expert \"exp-1\" has more than max_missions = 1" in result.stderr
    broken = tmp_path / "problem.json"
    broken.write_text("{}")
    result = run(cli, "validate", str(path), "--problem", str(broken))
    assert result.returncode == 1
    assert result.stderr.startswith(f"{broken}:/format: missing required field")


def test_failed_runs_leave_earlier_outputs_intact(cli, tmp_path):
    out = tmp_path / "demo.json"
    out.write_text("earlier output")
    assert run(cli, "demo", "--seed", "x", "-o", str(out)).returncode == 2
    assert out.read_text() == "earlier output"
    directory = tmp_path / "dir"
    directory.mkdir()
    result = run(cli, "demo", "-o", str(directory))
    assert result.returncode == 3 and "is a directory" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo.json", "dir"]
    assert list(directory.iterdir()) == []


def test_a_write_that_fails_midway_keeps_the_earlier_file(cli, tmp_path):
    out = tmp_path / "demo.json"
    out.write_text("earlier output")

    def small_files():  # in the child: writes beyond 64 KiB fail with EFBIG instead of a signal
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (65536, 65536))

    result = subprocess.run([cli, "demo", "-o", str(out)], capture_output=True, text=True,
                            preexec_fn=small_files, timeout=120)
    assert result.returncode == 3
    assert "write error" in result.stderr
    assert out.read_text() == "earlier output"
    assert [p.name for p in tmp_path.iterdir()] == ["demo.json"]  # no temporary left behind


# --- help, standard input and output, machine-readable errors, exit codes, explain -------------

COMMANDS = ["validate", "demo", "solve", "explain", "report"]
ERROR_FIELDS = ["exit_code", "kind", "message", "file", "pointer", "issues"]


def small_round(root):
    return json.loads((root / "examples/data/small_round.json").read_text(encoding="utf-8"))


def json_error(result):
    """The one JSON line that --json-errors writes to stderr, checked against the exit code."""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    document = json.loads(lines[0])
    assert list(document) == ["error"] and list(document["error"]) == ERROR_FIELDS
    error = document["error"]
    assert error["exit_code"] == result.returncode
    assert result.stdout == ""
    return error


def default_signals():  # in the child: SIGINT as a terminal delivers it, whatever the runner ignores
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def wait_until_it_handles_sigint(pid, cli):
    """Waits until process `pid` runs the CLI and has installed its SIGINT handler (done first)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:  # a shell's child runs the shell until it has exec'd the CLI
            running_cli = os.readlink(f"/proc/{pid}/exe") == os.path.realpath(cli)
        except OSError:
            running_cli = False
        if running_cli:
            with open(f"/proc/{pid}/status", encoding="ascii") as status:
                caught = next(line for line in status if line.startswith("SigCgt:"))
            if int(caught.split()[1], 16) & (1 << (signal.SIGINT - 1)):
                return
        time.sleep(0.01)
    pytest.fail("the CLI never installed its SIGINT handler")


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_its_help(cli, command):
    result = run(cli, command, "--help")
    assert result.returncode == 0 and result.stderr == ""
    text = result.stdout
    assert text.startswith(f"Usage: tokten {command}")
    for part in ("Arguments and options:", "(default", "Example:\n  tokten " + command, "--json-errors",
                 "Exit codes:", "\n  3    a file cannot be read or written", "\n  130  interrupted by SIGINT"):
        assert part in text, part
    # The same text however it is asked for, whatever else the command line holds.
    for args in ([command, "-h"], ["help", command], [command, "--bogus", "x", "--help"],
                 ["--json-errors", command, "-h"], [command, "-o", "-", "-h", "--json-errors"]):
        again = run(cli, *args)
        assert (again.returncode, again.stdout, again.stderr) == (0, text, ""), args


def test_the_overview_lists_every_command_and_the_conventions(cli):
    text = run(cli, "--help").stdout
    assert run(cli, "help").stdout == text and run(cli, "-h").stdout == text
    exit_codes = text[text.index("Exit codes:"):]
    for code in ("0    success", "1    invalid input", "2    usage error", "3    a file cannot be read or written",
                 "4    internal error", "130  interrupted by SIGINT"):
        assert f"\n  {code}" in exit_codes
    for field in ERROR_FIELDS:
        assert f"\n  {field}" in text  # the JSON error format, field by field
    for command in COMMANDS:
        help_text = run(cli, command, "--help").stdout
        # One source for both: the synopsis and the exit codes do not drift apart.
        synopsis = help_text.splitlines()[0][len("Usage: "):]
        assert f"\n  {synopsis}\n" in text
        assert help_text.endswith(exit_codes)
    result = run(cli, "help", "frobnicate")
    assert result.returncode == 2 and result.stdout == "" and "frobnicate" in result.stderr


def test_dash_is_stdin_and_stdout_for_every_command(cli, tmp_path, root):
    example = root / "examples/data/small_round.json"
    problem_text = example.read_text(encoding="utf-8")
    policy = root / "examples/data/policy.json"
    policy_text = policy.read_text(encoding="utf-8")

    # demo: the document on stdout, the summary for people on stderr.
    result = run(cli, "demo", "--seed", "2", "--experts", "30", "--institutions", "3", "--needs", "5", "-o", "-")
    assert result.returncode == 0
    assert json.loads(result.stdout)["format"] == "tokten.problem"
    assert "experts       30" in result.stderr and "problem written to <stdout>" in result.stderr

    # solve: PROBLEM or POLICY from stdin.
    from_files = run(cli, "solve", str(example), "--policy", str(policy), "-o", "-")
    assert from_files.returncode == 0 and "seats filled" in from_files.stderr
    for args, stdin in ((["-", "--policy", str(policy)], problem_text), ([str(example), "--policy", "-"], policy_text)):
        result = run(cli, "solve", *args, "-o", "-", stdin=stdin)
        assert (result.returncode, result.stdout) == (0, from_files.stdout), result.stderr
    assignment = tmp_path / "assignment.json"
    assignment.write_text(from_files.stdout, encoding="utf-8")

    # validate: FILE or PROBLEM from stdin.
    result = run(cli, "validate", str(assignment), "--problem", "-", stdin=problem_text)
    assert result.returncode == 0 and "consistent with <stdin>" in result.stdout
    result = run(cli, "validate", "-", "--problem", str(example), stdin=from_files.stdout)
    assert result.returncode == 0 and result.stdout.startswith("<stdin>: valid assignment")

    # explain: PROBLEM, ASSIGNMENT or POLICY from stdin; the explanation on stdout (-o - or not).
    expected = run(cli, "explain", "need-1", "--problem", str(example), "--policy", str(policy), "--json")
    assert expected.returncode == 0 and expected.stderr == ""
    for args, stdin in ((["--problem", "-", "--policy", str(policy)], problem_text),
                        (["--problem", str(example), "--policy", "-"], policy_text),
                        (["--problem", str(example), "--policy", str(policy), "-o", "-"], None)):
        result = run(cli, "explain", "need-1", *args, "--json", stdin=stdin)
        assert (result.returncode, result.stdout) == (0, expected.stdout), result.stderr
    result = run(cli, "explain", "need-1", "--problem", str(example), "--policy", str(policy), "--assignment", "-",
                 "--json", stdin=from_files.stdout)
    recorded = json.loads(result.stdout)
    assert recorded["source"] == "assignment"
    assert recorded["assigned"] == json.loads(expected.stdout)["assigned"]

    # report: each input from stdin, the page on stdout and its line for people on stderr.
    ledger = tmp_path / "ledger.json"
    tokten.save_ledger(tokten.synthetic_history(), str(ledger))
    population = tmp_path / "population.json"
    population.write_text('{"Bamako": 2810000, "Sikasso": 3000000}', encoding="utf-8")
    cases = [(["--no-ledger", "--problem"], example), (["--no-ledger", "--problem", str(example), "--policy"], policy),
             (["--no-round", "--population"], population), (["--no-round", "--ledger"], ledger)]
    for args, path in cases:
        page = run(cli, "report", *args, str(path), "--trials", "2", "-o", "-")
        assert page.returncode == 0 and page.stdout.startswith("<!DOCTYPE html>"), page.stderr
        assert "report written to <stdout>" in page.stderr
        result = run(cli, "report", *args, "-", "--trials", "2", "-o", "-", stdin=path.read_text(encoding="utf-8"))
        assert (result.returncode, result.stdout) == (0, page.stdout), result.stderr


@pytest.mark.parametrize("args", [["validate", "-", "--problem", "-"], ["solve", "-", "--policy", "-", "-o", "-"],
                                  ["explain", "need-1", "--problem", "-", "--assignment", "-"],
                                  ["explain", "need-1", "--problem", "-", "--policy", "-"],
                                  ["report", "--ledger", "-", "--problem", "-", "-o", "-"],
                                  ["report", "--policy", "-", "--population", "-", "-o", "-"]])
def test_standard_input_is_read_once(cli, args):
    result = run(cli, *args, stdin="{}")
    assert result.returncode == 2 and result.stdout == ""
    assert "only one input can be read from standard input" in result.stderr


@pytest.mark.parametrize("args", [["--json-errors", "demo", "--bogus"], ["demo", "--bogus", "--json-errors"],
                                  ["--json-errors"], ["--json-errors", "frobnicate"],
                                  ["solve", "round.json", "--json-errors"], ["explain", "--json-errors", "--json"]])
def test_json_errors_for_usage_errors(cli, args):
    result = run(cli, *args)
    error = json_error(result)
    assert (error["exit_code"], error["kind"], error["file"], error["pointer"], error["issues"]) == (
        2, "usage", None, None, [])
    assert error["message"]


def test_json_errors_locate_invalid_input(cli, tmp_path, root):
    document = small_round(root)
    document["experts"][1]["skills"][0]["level"] = 6
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(document), encoding="utf-8")
    issue = {"pointer": "/experts/1/skills/0/level", "message": "expected a proficiency level from 1 to 5, got 6"}
    for args in (["validate", bad], ["solve", bad, "-o", "-"], ["explain", "need-1", "--problem", bad],
                 ["report", "--problem", bad, "-o", "-"]):
        error = json_error(run(cli, "--json-errors", *map(str, args)))
        assert error == {"exit_code": 1, "kind": "invalid_input", "message": issue["message"], "file": str(bad),
                         "pointer": issue["pointer"], "issues": [issue]}
    assert json_error(run(cli, "validate", "-", "--json-errors", stdin=bad.read_text()))["file"] == "<stdin>"
    # Without the flag, the messages for people, as they were.
    result = run(cli, "explain", "need-1", "--problem", str(bad))
    assert result.stderr == f"{bad}:{issue['pointer']}: {issue['message']}\n"
    result = run(cli, "report", "--problem", str(bad), "-o", "-")
    assert result.stderr == f"tokten: error: {bad}:{issue['pointer']}: {issue['message']}\n"
    # A syntax error is at the document's root.
    bad.write_text('{"format": ', encoding="utf-8")
    error = json_error(run(cli, "validate", str(bad), "--json-errors"))
    assert (error["kind"], error["pointer"], error["issues"][0]["pointer"]) == ("invalid_input", "", "")
    assert "truncated" in error["message"]


def test_json_errors_list_every_cross_reference_issue(cli, tmp_path, root):
    document = small_round(root)
    document["needs"][0]["institution"] = "inst-x"
    document["needs"][1]["skills"][0]["skill"] = "isced:9999"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(document), encoding="utf-8")
    for args in (["validate", bad], ["solve", bad, "-o", "-"], ["explain", "need-1", "--problem", bad]):
        error = json_error(run(cli, *map(str, args), "--json-errors"))
        assert [i["pointer"] for i in error["issues"]] == ["/needs/0/institution", "/needs/1/skills/0/skill"]
        assert (error["kind"], error["file"], error["pointer"]) == ("invalid_input", str(bad), "/needs/0/institution")
        assert error["message"] == error["issues"][0]["message"] and "unknown institution id" in error["message"]
        # Without the flag: one line per issue.
        human = run(cli, *map(str, args)).stderr
        assert human.splitlines() == [f"{bad}:{i['pointer']}: {i['message']}" for i in error["issues"]]
    # An assignment checked against its problem: the issues are the assignment's.
    assignment = tmp_path / "assignment.json"
    assignment.write_text(json.dumps({
        "format": "tokten.assignment", "format_version": 1, "objective": "max_weight", "status": "optimal",
        "total_score": 1.0, "pairs": [{"expert": "exp-1", "need": "need-1", "score": 1.0},
                                      {"expert": "exp-1", "need": "need-2", "score": 0.5},
                                      {"expert": "exp-9", "need": "need-2", "score": 0.5}]}))
    problem = str(root / "examples/data/small_round.json")
    error = json_error(run(cli, "--json-errors", "validate", str(assignment), "--problem", problem))
    assert error["file"] == str(assignment)
    assert [i["pointer"] for i in error["issues"]] == ["/pairs/1/expert", "/pairs/2/expert"]


def test_files_that_cannot_be_read_or_written_exit_3(cli, tmp_path, root):
    example = root / "examples/data/small_round.json"
    missing = tmp_path / "missing.json"
    assignment = tmp_path / "assignment.json"
    assignment.write_text(run(cli, "solve", str(example), "-o", "-").stdout, encoding="utf-8")
    for args in (["validate", missing], ["validate", assignment, "--problem", missing], ["solve", missing, "-o", "-"],
                 ["solve", example, "--policy", missing, "-o", "-"], ["explain", "need-1", "--problem", missing],
                 ["explain", "need-1", "--problem", example, "--assignment", missing],
                 ["report", "--ledger", missing, "-o", "-"], ["report", "--population", missing, "-o", "-"]):
        error = json_error(run(cli, "--json-errors", *map(str, args)))
        assert (error["exit_code"], error["kind"], error["file"], error["pointer"], error["issues"]) == (
            3, "file", str(missing), None, [])
        assert f"cannot open {missing} for reading (No such file or directory)" == error["message"]
    result = run(cli, "solve", str(missing), "-o", "-")
    assert result.returncode == 3
    assert result.stderr == f"tokten: error: cannot open {missing} for reading (No such file or directory)\n"
    # Outputs that cannot be written: a directory, a folder that does not exist.
    for out in (tmp_path, tmp_path / "no" / "such" / "out.json"):
        for args in (["demo", "-o", out], ["solve", example, "-o", out],
                     ["explain", "need-1", "--problem", example, "-o", out],
                     ["report", "--no-ledger", "--problem", example, "--trials", "2", "-o", out]):
            error = json_error(run(cli, "--json-errors", *map(str, args)))
            assert (error["exit_code"], error["kind"], error["file"]) == (3, "file", str(out))
            assert error["message"].startswith(f"cannot write {out}: ")
    assert [p.name for p in tmp_path.iterdir()] == ["assignment.json"]  # no temporary left behind
    # A standard output that cannot be written.
    with open("/dev/full", "w") as full:
        result = subprocess.run([cli, "--json-errors", "demo", "-o", "-"], stdout=full, stderr=subprocess.PIPE,
                                text=True, timeout=120)
    assert result.returncode == 3
    assert json.loads(result.stderr)["error"]["file"] == "<stdout>"


def test_an_unknown_id_is_invalid_input_naming_the_closest_ids(cli, root):
    example = str(root / "examples/data/small_round.json")
    result = run(cli, "explain", "need-9", "--problem", example)
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr == ('tokten: error: unknown need id "need-9": the problem has no such need '
                             "(closest: need-1, need-2)\n")
    error = json_error(run(cli, "--json-errors", "explain", "need-1", "--problem", example, "--expert", "exp-77"))
    assert (error["exit_code"], error["kind"], error["file"], error["pointer"]) == (1, "invalid_input", None, None)
    assert error["message"] == ('unknown expert id "exp-77": the problem has no such expert '
                                "(closest: exp-1, exp-2, exp-3)")
    error = json_error(run(cli, "--json-errors", "explain", "zzzzzzzzzz", "--problem", example))
    assert error["message"] == 'unknown need id "zzzzzzzzzz": the problem has no such need'


def test_an_unexpected_failure_is_an_internal_error(cli):
    def little_memory():  # in the child: the demo round cannot be allocated
        resource.setrlimit(resource.RLIMIT_AS, (256 << 20, 256 << 20))

    for flag in ([], ["--json-errors"]):
        result = subprocess.run([cli, *flag, "demo", "--experts", "1000000", "--needs", "100000"],
                                capture_output=True, text=True, preexec_fn=little_memory, timeout=120)
        assert result.returncode == 4
        if flag:
            error = json_error(result)
            assert (error["kind"], error["message"]) == ("internal", "out of memory")
        else:
            assert result.stderr == "tokten: internal error: out of memory\n"


def test_an_interrupt_leaves_the_earlier_output_and_a_shell_sees_130(cli, tmp_path):
    out = tmp_path / "assignment.json"
    out.write_text("earlier output\n")
    # Blocked reading its PROBLEM from stdin, which never ends.
    proc = subprocess.Popen([cli, "--json-errors", "solve", "-", "-o", str(out)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, preexec_fn=default_signals)
    wait_until_it_handles_sigint(proc.pid, cli)
    proc.send_signal(signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == -signal.SIGINT  # it dies of the signal, as Ctrl-C expects
    error = json.loads(stderr)["error"]
    assert (error["exit_code"], error["kind"]) == (130, "interrupted")
    assert error["message"] == "interrupted by SIGINT; earlier outputs are left intact"
    assert out.read_text() == "earlier output\n"
    assert [p.name for p in tmp_path.iterdir()] == ["assignment.json"]
    # A shell reports such a death as 128 + 2.
    shell = subprocess.Popen(["sh", "-c", '"$0" validate -; echo "exit status $?"', cli], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, preexec_fn=default_signals)
    deadline = time.monotonic() + 60
    children = ""
    while not children and time.monotonic() < deadline:
        with open(f"/proc/{shell.pid}/task/{shell.pid}/children", encoding="ascii") as f:
            children = f.read().split()
    child = int(children[0])
    wait_until_it_handles_sigint(child, cli)
    os.kill(child, signal.SIGINT)
    stdout, stderr = shell.communicate(timeout=60)
    assert stdout == "exit status 130\n"
    assert stderr == "tokten: interrupted by SIGINT; earlier outputs are left intact\n"


def test_explain_an_assigned_need_in_text_and_json(cli, root):
    example = str(root / "examples/data/small_round.json")
    result = run(cli, "explain", "need-1", "--problem", example)
    assert result.returncode == 0 and result.stderr == ""
    text = result.stdout
    assert text.startswith("need-1 at inst-chu (Centre hospitalier universitaire), Bamako, health: "
                           "1 of 2 seats filled\n  as a fresh solve gives (optimal, max_weight)\n")
    assert "\nSeat 1: exp-1, score 1.300\n  expert exp-1 for need need-1: feasible, score 1.300 = fit 1.000" in text
    assert "isced:0912 (essential, level >= 4, weight 2.00): isced:0912 at level 5, exact" in text
    assert "\nUnfilled: 1 seat (no_feasible_expert): every feasible candidate (1) already serves this need\n" in text
    assert text.endswith("\nAlternates, best first: none\n")

    data = json.loads(run(cli, "explain", "need-1", "--problem", example, "--json").stdout)
    assert list(data) == ["need", "institution", "region", "sector", "seats", "filled", "source", "status",
                          "objective", "assigned", "unfilled", "alternates", "pair"]
    assert {k: data[k] for k in ("need", "institution", "region", "sector", "seats", "filled", "source", "status",
                                 "objective", "alternates", "pair")} == {
        "need": "need-1", "institution": "inst-chu", "region": "Bamako", "sector": "health", "seats": 2,
        "filled": 1, "source": "solve", "status": "optimal", "objective": "max_weight", "alternates": [], "pair": None}
    [holder] = data["assigned"]
    assert (holder["expert"], holder["score"]) == ("exp-1", pytest.approx(1.3))
    assert [t["name"] for t in holder["explanation"]["terms"]] == [
        "skills", "language", "sector", "degree", "experience", "preferences", "priority", "equity"]
    assert data["unfilled"] == {"seats": 1, "reason": "no_feasible_expert",
                                "detail": "every feasible candidate (1) already serves this need", "fixes": [],
                                "recomputed": False}


def test_explain_an_unfilled_need_gives_the_reason_and_the_fixes(cli, tmp_path, root):
    document = small_round(root)
    document["needs"][1]["skills"][0]["min_level"] = 5  # nobody has isced:0811 at level 5
    path = tmp_path / "round.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    fix = "lower the level of isced:0811 from 5 to 4: 1 expert qualifies (best exp-2, score 1.285)"
    text = run(cli, "explain", "need-2", "--problem", str(path)).stdout
    assert ": 0 of 1 seat filled\n" in text
    assert ("\nUnfilled: 1 seat (no_feasible_expert): no expert passes the hard constraints; first failure: "
            "essential_skill 3 experts\n  Smallest fixes, cheapest first:\n    - " + fix + "\n") in text
    data = json.loads(run(cli, "explain", "need-2", "--problem", str(path), "--json").stdout)
    assert (data["filled"], data["assigned"]) == (0, [])
    detail = "no expert passes the hard constraints; first failure: essential_skill 3 experts"
    assert data["unfilled"] == {"seats": 1, "reason": "no_feasible_expert", "detail": detail, "fixes": [fix],
                                "recomputed": False}


def test_explain_json_agrees_with_python(cli, tmp_path, root):
    problem = tokten.demo_problem(seed=1, experts=120, institutions=20, needs=30)
    path = tmp_path / "round.json"
    tokten.save_problem(problem, str(path))
    policy_path = root / "examples/data/policy.json"
    for policy in (None, policy_path):
        policy_args = ["--policy", str(policy_path)] if policy else []
        result = tokten.solve(problem, tokten.load_policy(str(policy)) if policy else None)
        with_alternates = next(a for a in result.alternates if any(p.need == a.need for p in result.pairs))
        with_fixes = next(u for u in result.unfilled if u.fixes)
        needs = [with_alternates.need, with_fixes.need, result.unfilled[0].need]
        assert len(set(needs)) > 1
        for need in needs:
            data = json.loads(run(cli, "explain", need, "--problem", str(path), *policy_args, "--json").stdout)
            assert data["assigned"] == [{"expert": p.expert, "score": p.score,
                                         "explanation": result.explain(p.expert, need).to_dict()}
                                        for p in result.pairs if p.need == need]
            alternates = next((a.experts for a in result.alternates if a.need == need), [])
            assert data["alternates"] == [{"rank": k, "expert": a.expert, "score": a.score}
                                          for k, a in enumerate(alternates, 1)]
            gap = result.why_unfilled(need)
            assert data["unfilled"] == (None if gap is None else {
                "seats": gap.seats, "reason": gap.reason.name, "detail": gap.detail, "fixes": list(gap.fixes),
                "recomputed": False})
        # One pair: an alternate, explained as Python explains it.
        need, expert = with_alternates.need, with_alternates.experts[0].expert
        data = json.loads(run(cli, "explain", need, "--problem", str(path), *policy_args, "--expert", expert,
                              "--json").stdout)
        assert data["pair"] == {"expert": expert, "assigned": False, "alternate_rank": 1,
                                "explanation": result.explain(expert, need).to_dict()}
    # The solve options, as tokten solve and Python take them.
    result = tokten.solve(problem, objective="max_seats_then_weight", candidates_per_need=2, alternates=1)
    for need in (n.id for n in problem.needs[:10]):
        data = json.loads(run(cli, "explain", need, "--problem", str(path), "--objective", "max_seats_then_weight",
                              "-k", "2", "--alternates", "1", "--json").stdout)
        assert data["objective"] == "max_seats_then_weight"
        assert [(a["expert"], a["score"]) for a in data["assigned"]] == [(p.expert, p.score) for p in result.pairs
                                                                          if p.need == need]
        alternates = next((a.experts for a in result.alternates if a.need == need), [])
        assert [(a["expert"], a["score"]) for a in data["alternates"]] == [(a.expert, a.score) for a in alternates]
    assert run(cli, "explain", need, "--problem", str(path), "--objective", "most").returncode == 2


def test_explain_a_recorded_assignment_as_recorded(cli, tmp_path, root):
    example = str(root / "examples/data/small_round.json")
    fresh = json.loads(run(cli, "explain", "need-2", "--problem", example, "--json").stdout)
    assert [a["expert"] for a in fresh["assigned"]] == ["exp-2"]
    # The ministry held need-2 back: not what a fresh solve gives.
    recorded = {"format": "tokten.assignment", "format_version": 1, "objective": "max_weight", "status": "optimal",
                "total_score": 2.0, "pairs": [{"expert": "exp-1", "need": "need-1", "score": 2.0}],
                "unfilled": [{"need": "need-2", "seats": 1, "reason": "other", "detail": "held back by the ministry",
                              "fixes": []}]}
    path = tmp_path / "assignment.json"
    path.write_text(json.dumps(recorded), encoding="utf-8")
    data = json.loads(run(cli, "explain", "need-2", "--problem", example, "--assignment", str(path), "--json").stdout)
    assert (data["source"], data["filled"], data["assigned"]) == ("assignment", 0, [])
    assert data["unfilled"] == {"seats": 1, "reason": "other", "detail": "held back by the ministry", "fixes": [],
                                "recomputed": False}
    python = tokten.Result.load(str(path), tokten.load_problem(example))
    assert python.why_unfilled("need-2").detail == "held back by the ministry"
    text = run(cli, "explain", "need-2", "--problem", example, "--assignment", str(path)).stdout
    assert f"0 of 1 seat filled\n  as recorded in {path} (optimal, max_weight)\n" in text
    assert "held back by the ministry" in text
    # A recorded score is shown as recorded, today's beside it.
    data = json.loads(run(cli, "explain", "need-1", "--problem", example, "--assignment", str(path), "--json").stdout)
    [holder] = data["assigned"]
    assert (holder["score"], holder["explanation"]["score"]) == (2.0, pytest.approx(1.3))
    assert holder["explanation"] == python.explain("exp-1", "need-1").to_dict()
    text = run(cli, "explain", "need-1", "--problem", example, "--assignment", str(path)).stdout
    assert "Seat 1: exp-1, score 2.000 (recorded; under this policy the pair scores 1.300)" in text
    # No reason recorded: worked out from the recorded pairs.
    del recorded["unfilled"]
    path.write_text(json.dumps(recorded), encoding="utf-8")
    data = json.loads(run(cli, "explain", "need-2", "--problem", example, "--assignment", str(path), "--json").stdout)
    assert data["unfilled"]["recomputed"] is True and data["unfilled"]["reason"] == "other"
    assert "left out (exp-2)" in data["unfilled"]["detail"]
    # Solve options do not apply to a recorded assignment.
    result = run(cli, "explain", "need-2", "--problem", example, "--assignment", str(path), "-k", "5")
    assert result.returncode == 2
    # An assignment that does not fit the problem is invalid input, located in the assignment.
    recorded["pairs"].append({"expert": "exp-1", "need": "need-2", "score": 1.0})
    path.write_text(json.dumps(recorded), encoding="utf-8")
    error = json_error(run(cli, "--json-errors", "explain", "need-2", "--problem", example, "--assignment", str(path)))
    assert (error["exit_code"], error["file"], error["pointer"]) == (1, str(path), "/pairs/1/expert")


def test_explain_one_pair_even_an_ineligible_one(cli, root):
    example = str(root / "examples/data/small_round.json")
    result = run(cli, "explain", "need-1", "--problem", example, "--expert", "exp-3")
    assert result.returncode == 0
    assert ("\nexp-3 is not assigned to need-1, nor among its alternates\n  expert exp-3 for need need-1: NOT FEASIBLE "
            "(doctorate): thesis supervision requires a doctorate; expert exp-3 has none\n") in result.stdout
    assert "Seat 1" not in result.stdout  # the pair alone
    data = json.loads(run(cli, "explain", "need-1", "--problem", example, "--expert", "exp-3", "--json").stdout)
    pair = data["pair"]
    assert (pair["expert"], pair["assigned"], pair["alternate_rank"]) == ("exp-3", False, None)
    assert (pair["explanation"]["feasible"], pair["explanation"]["reason"], pair["explanation"]["score"]) == (
        False, "doctorate", 0)
    assert pair["explanation"] == tokten.explain(tokten.load_problem(example), "exp-3", "need-1").to_dict()
    data = json.loads(run(cli, "explain", "need-1", "--problem", example, "--expert", "exp-1", "--json").stdout)
    assert data["pair"]["assigned"] is True
    text = run(cli, "explain", "need-1", "--problem", example, "--expert", "exp-1").stdout
    assert "\nexp-1 holds a seat of need-1\n  expert exp-1 for need need-1: feasible" in text


def test_explain_writes_a_file_atomically_and_never_over_an_input(cli, tmp_path, root):
    problem = tmp_path / "round.json"
    problem.write_bytes((root / "examples/data/small_round.json").read_bytes())
    before = hashlib.sha256(problem.read_bytes()).hexdigest()
    out = tmp_path / "explain.json"
    result = run(cli, "explain", "need-1", "--problem", str(problem), "--json", "-o", str(out))
    assert result.returncode == 0 and result.stdout == f"explanation of need-1 written to {out}\n"
    assert out.read_text() == run(cli, "explain", "need-1", "--problem", str(problem), "--json").stdout
    for args in (["explain", "need-1", "--problem", problem, "-o", problem],
                 ["report", "--problem", problem, "-o", problem]):
        result = run(cli, *map(str, args))
        assert result.returncode == 2 and "inputs are never overwritten" in result.stderr
    assert hashlib.sha256(problem.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["explain.json", "round.json"]


def test_report_writes_its_numbers_as_a_document(cli, tmp_path):
    """--format json (or an -o FILE ending in .json) gives the tokten.report document."""
    import jsonschema

    small = run(cli, "demo", "--experts", "60", "--institutions", "10", "--needs", "12", "-o", "-").stdout
    to_stdout = run(cli, "report", "--problem", "-", "--trials", "5", "--format", "json", "-o", "-", stdin=small)
    assert to_stdout.returncode == 0, to_stdout.stderr
    document = json.loads(to_stdout.stdout)
    assert document["format"] == "tokten.report" and document["ledger"]["indicators"]["missions"] == 992
    jsonschema.validate(document, tokten.schema("report"))
    assert "report data written to <stdout>" in to_stdout.stderr
    # Inferred from the file name, and the same document.
    path = tmp_path / "report.json"
    inferred = run(cli, "report", "--problem", "-", "--trials", "5", "-o", str(path), stdin=small)
    assert inferred.returncode == 0, inferred.stderr
    assert json.loads(path.read_text("utf-8")) == document
    # --format html wins over the name; a bad format is a usage error.
    page = run(cli, "report", "--no-ledger", "--problem", "-", "--trials", "5", "--format", "html", "-o", "-",
               stdin=small)
    assert page.stdout.startswith("<!DOCTYPE html>")
    bad = run(cli, "report", "--format", "pdf", "-o", "-")
    assert bad.returncode == 2 and "--format expects html or json" in bad.stderr


def test_an_output_that_is_the_file_on_standard_input_is_refused(cli, tmp_path):
    """`tokten solve - -o round.json < round.json` would replace its own input."""
    round_file = tmp_path / "round.json"
    round_file.write_text(run(cli, "demo", "--experts", "30", "--institutions", "6", "--needs", "5", "-o", "-").stdout)
    before = hashlib.sha256(round_file.read_bytes()).hexdigest()
    with open(round_file, "rb") as stdin:
        result = subprocess.run([cli, "solve", "-", "-o", str(round_file)], stdin=stdin, capture_output=True,
                                text=True, timeout=120)
    assert result.returncode == 2 and "is the file on standard input" in result.stderr
    assert hashlib.sha256(round_file.read_bytes()).hexdigest() == before
    # Another file on standard input is fine.
    with open(round_file, "rb") as stdin:
        ok = subprocess.run([cli, "solve", "-", "-o", str(tmp_path / "a.json")], stdin=stdin, capture_output=True,
                            text=True, timeout=120)
    assert ok.returncode == 0, ok.stderr


def test_global_flags_are_not_taken_from_an_options_value(cli, tmp_path):
    """--json-errors and -h are global, except as the value of an option that takes one."""
    page = tmp_path / "r.html"
    titled = run(cli, "report", "--no-ledger", "--no-round", "--title", "--json-errors", "-o", str(page))
    assert titled.returncode == 0, titled.stderr
    assert "<title>--json-errors</title>" in page.read_text("utf-8")
    small = run(cli, "demo", "--experts", "20", "--institutions", "4", "--needs", "3", "-o", "-").stdout
    need = json.loads(small)["needs"][0]["id"]
    as_value = run(cli, "explain", need, "--problem", "-", "--expert", "-h", stdin=small)
    assert as_value.returncode == 1 and 'unknown expert id "-h"' in as_value.stderr
    # Anywhere else they still act: after a value, and after the command.
    helped = run(cli, "explain", need, "--expert", "x", "-h")
    assert helped.returncode == 0 and helped.stdout.startswith("Usage: tokten explain")
    flagged = run(cli, "explain", need, "--problem", "-", "--expert", "nobody", "--json-errors", stdin=small)
    assert flagged.returncode == 1
    assert json.loads(flagged.stderr)["error"]["kind"] == "invalid_input"


@pytest.mark.parametrize("document,said", [("problem", "valid problem (3 experts"), ("policy", "valid policy"),
                                           ("assignment", "valid assignment (2 pairs)"),
                                           ("ledger", "valid ledger (4 missions"),
                                           ("report", "valid report data (k = 5, a ledger, a round)")])
def test_validate_reads_every_document_of_the_contract(cli, document, said):
    path = os.path.join(os.path.dirname(__file__), "..", "..", "examples", "contract", "v1", f"{document}.json")
    result = run(cli, "validate", path)
    assert result.returncode == 0, result.stderr
    assert said in result.stdout
    # A wrong type deep inside is found with its pointer; a newer version is refused.
    data = json.loads(open(path, encoding="utf-8").read())
    data["format_version"] = 2
    newer = run(cli, "--json-errors", "validate", "-", stdin=json.dumps(data))
    error = json.loads(newer.stderr)["error"]
    assert newer.returncode == 1 and error["pointer"] == "/format_version" and "upgrade tokten" in error["message"]


def test_validate_names_every_format_and_keeps_problem_for_assignments(cli, tmp_path):
    unknown = run(cli, "validate", "-", stdin='{"format": "tokten.nope", "format_version": 1}')
    assert unknown.returncode == 1
    for name in ("problem", "policy", "assignment", "ledger", "report"):
        assert f'"tokten.{name}"' in unknown.stderr
    contract = os.path.join(os.path.dirname(__file__), "..", "..", "examples", "contract", "v1")
    misplaced = run(cli, "validate", os.path.join(contract, "ledger.json"), "--problem",
                    os.path.join(contract, "problem.json"))
    assert misplaced.returncode == 2 and "is a ledger" in misplaced.stderr
    bad_ledger = run(cli, "validate", "-", stdin='{"format": "tokten.ledger", "format_version": 1, "experts": {}}')
    assert bad_ledger.returncode == 1 and "<stdin>:/experts" in bad_ledger.stderr
