"""The tokten command line: exit codes, messages on stderr, atomic outputs."""
import hashlib
import json
import resource
import signal
import subprocess

import pytest


def run(cli, *args, stdin=None):
    return subprocess.run([cli, *args], capture_output=True, text=True, input=stdin, timeout=120)


def test_help_and_version(cli):
    import tokten

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
    result = run(cli, "validate", str(tmp_path / "missing.json"))
    assert result.returncode == 1 and "cannot open" in result.stderr
    result = run(cli, "validate", str(tmp_path))
    assert result.returncode == 1 and "is a directory" in result.stderr


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
    assert result.returncode == 1 and "is a directory" in result.stderr
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
    assert result.returncode == 1
    assert "write error" in result.stderr
    assert out.read_text() == "earlier output"
    assert [p.name for p in tmp_path.iterdir()] == ["demo.json"]  # no temporary left behind
