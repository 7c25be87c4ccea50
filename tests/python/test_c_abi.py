"""The C ABI (libtokten_c, include/tokten/tokten_c.h) through ctypes, as a ministry system in
another language would bind it: the same answers as the Python package and the CLI, errors with
their JSON pointers, ownership of every buffer, concurrent calls, and a clean symbol table.

The library comes from TOKTEN_C_LIBRARY (`make test` sets it), else build/cmake/src/capi/.
"""
import concurrent.futures
import ctypes
import json
import os
import pathlib
import re
import shutil
import subprocess

import pytest

import tokten

ROOT = pathlib.Path(__file__).resolve().parents[2]
HEADER = ROOT / "include" / "tokten" / "tokten_c.h"
DEFAULT_LIBRARY = ROOT / "build" / "cmake" / "src" / "capi" / "libtokten_c.so"

OK, INVALID_INPUT, INVALID_ARGUMENT, CANCELLED = 0, 1, 2, 3
NUL_TERMINATED = ctypes.c_size_t(-1).value

EQUITY_POLICY = '{"format": "tokten.policy", "format_version": 1, "equity_bonus": 0.3}'


def library_path():
    path = os.environ.get("TOKTEN_C_LIBRARY") or str(DEFAULT_LIBRARY)
    if not pathlib.Path(path).is_file():
        pytest.fail(f"the C ABI library {path} does not exist: build it (cmake --build build/cmake --target "
                    f"tokten_c) or set TOKTEN_C_LIBRARY to libtokten_c.so")
    return path


class CError(Exception):
    """A failed call: its status and the error's fields, read before the error was freed."""

    def __init__(self, status, fields):
        super().__init__(f"{fields['status']} at {fields['pointer']!r}: {fields['message']}")
        self.status = status
        self.fields = fields


class Api:
    """The library with every function declared, and Pythonic wrappers that free what they get."""

    def __init__(self, path):
        lib = self.lib = ctypes.CDLL(path)
        P, S, E = ctypes.c_void_p, ctypes.c_size_t, ctypes.POINTER(ctypes.c_void_p)
        out, length = ctypes.POINTER(ctypes.c_void_p), ctypes.POINTER(ctypes.c_size_t)
        status = ctypes.c_int
        signatures = {
            "tokten_version": (ctypes.c_char_p, []),
            "tokten_abi_version": (ctypes.c_int, []),
            "tokten_status_name": (ctypes.c_char_p, [ctypes.c_int]),
            "tokten_error_status": (status, [P]),
            "tokten_error_message": (ctypes.c_char_p, [P]),
            "tokten_error_pointer": (ctypes.c_char_p, [P]),
            "tokten_error_document": (ctypes.c_char_p, [P]),
            "tokten_error_to_json": (ctypes.c_char_p, [P]),
            "tokten_error_free": (None, [P]),
            "tokten_string_free": (None, [P]),
            "tokten_problem_from_json": (status, [ctypes.c_char_p, S, out, E]),
            "tokten_problem_to_json": (status, [P, out, length, E]),
            "tokten_problem_summary_json": (status, [P, out, length, E]),
            "tokten_demo_problem": (status, [ctypes.c_uint64, ctypes.c_int32, ctypes.c_int32, ctypes.c_int32, out, E]),
            "tokten_problem_free": (None, [P]),
            "tokten_policy_from_json": (status, [ctypes.c_char_p, S, out, E]),
            "tokten_policy_to_json": (status, [P, out, length, E]),
            "tokten_policy_free": (None, [P]),
            "tokten_cancel_token_new": (status, [out, E]),
            "tokten_cancel_token_cancel": (None, [P]),
            "tokten_cancel_token_free": (None, [P]),
            "tokten_solve": (status, [P, P, ctypes.c_char_p, P, out, E]),
            "tokten_result_assignment_json": (status, [P, out, length, E]),
            "tokten_result_summary_json": (status, [P, out, length, E]),
            "tokten_result_explain_need_json": (status, [P, ctypes.c_char_p, out, length, E]),
            "tokten_result_free": (None, [P]),
            "tokten_solve_json": (status, [ctypes.c_char_p, S, ctypes.c_char_p, S, ctypes.c_char_p, out, length, E]),
            "tokten_validate_json": (status, [ctypes.c_char_p, S, out, length, E]),
            "tokten_report_json": (status, [ctypes.c_char_p, S, P, P, ctypes.c_char_p, out, length, E]),
        }
        for name, (restype, argtypes) in signatures.items():
            function = getattr(lib, name)
            function.restype = restype
            function.argtypes = argtypes
        self.names = set(signatures)

    # -- errors -----------------------------------------------------------------------------------
    def raise_for(self, status, error):
        """Raises CError for a failed status, after reading and freeing the error (exactly once)."""
        if status == OK:
            assert error.value is None, "a successful call must leave *error NULL"
            return
        assert error.value is not None, "a failed call must set *error"
        lib = self.lib
        fields = json.loads(lib.tokten_error_to_json(error).decode("utf-8"))
        assert fields["status"] == lib.tokten_status_name(status).decode()
        assert lib.tokten_error_status(error) == status
        assert lib.tokten_error_message(error).decode("utf-8") == fields["message"]
        assert lib.tokten_error_pointer(error).decode("utf-8") == fields["pointer"]
        assert lib.tokten_error_document(error).decode("utf-8") == fields["document"]
        lib.tokten_error_free(error)
        error.value = None
        raise CError(status, fields)

    def call(self, function, *args):
        """Calls a function whose last parameter is tokten_error**."""
        error = ctypes.c_void_p()
        status = getattr(self.lib, function)(*args, ctypes.byref(error))
        self.raise_for(status, error)

    def text(self, function, *args):
        """Calls a function returning text through (char** out, size_t* length): the text, freed."""
        out, length = ctypes.c_void_p(0xDEAD), ctypes.c_size_t(7)  # stale values must be cleared
        try:
            self.call(function, *args, ctypes.byref(out), ctypes.byref(length))
        except CError:
            assert out.value is None and length.value == 0, "a failed call must clear its outputs"
            raise
        try:
            return ctypes.string_at(out.value, length.value).decode("utf-8")
        finally:
            self.lib.tokten_string_free(out)

    def handle(self, function, *args):
        out = ctypes.c_void_p(0xDEAD)
        try:
            self.call(function, *args, ctypes.byref(out))
        except CError:
            assert out.value is None, "a failed call must set *out to NULL"
            raise
        return out

    # -- the API in Python's terms ----------------------------------------------------------------
    def solve_json(self, problem, policy=None, options=None):
        data = problem.encode() if isinstance(problem, str) else problem
        policy_data = policy.encode() if policy is not None else None
        return self.text("tokten_solve_json", data, len(data), policy_data, len(policy_data or b""),
                         options.encode() if options is not None else None)

    def problem(self, text):
        data = text.encode() if isinstance(text, str) else text
        return Handle(self, self.handle("tokten_problem_from_json", data, len(data)), "tokten_problem_free")

    def policy(self, text):
        data = text.encode()
        return Handle(self, self.handle("tokten_policy_from_json", data, len(data)), "tokten_policy_free")

    def solve(self, problem, policy=None, options=None, cancel=None):
        pointer = self.handle("tokten_solve", problem.pointer, policy.pointer if policy else None,
                              options.encode() if options is not None else None, cancel.pointer if cancel else None)
        return Handle(self, pointer, "tokten_result_free")


class Handle:
    """Owns one handle; close() frees it once, however often it is called."""

    def __init__(self, api, pointer, free):
        self.api, self._pointer, self._free = api, pointer, free

    @property
    def pointer(self):
        assert self._pointer is not None, "the handle was closed"
        return self._pointer

    def close(self):
        if self._pointer is not None:
            getattr(self.api.lib, self._free)(self._pointer)
            self._pointer = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


@pytest.fixture(scope="module")
def api():
    return Api(library_path())


@pytest.fixture(scope="module")
def demo():
    return tokten.demo_problem(seed=7, experts=200, institutions=40, needs=40)


@pytest.fixture(scope="module")
def demo_text(demo):
    return tokten.write_problem(demo)


def test_versions_and_status_names(api):
    assert api.lib.tokten_version().decode() == tokten.__version__
    header_abi = re.search(r"#define TOKTEN_C_ABI_VERSION (\d+)", HEADER.read_text()).group(1)
    assert api.lib.tokten_abi_version() == int(header_abi)
    names = [api.lib.tokten_status_name(s).decode() for s in range(7)]
    assert names == ["ok", "invalid_input", "invalid_argument", "cancelled", "out_of_memory", "internal_error",
                     "unknown"]
    assert api.lib.tokten_status_name(-1) == b"unknown"


def test_solve_gives_the_python_answer(api, demo, demo_text):
    document = json.loads(api.solve_json(demo_text))
    result = tokten.solve(demo)
    assert document["format"] == "tokten.assignment"
    assert document["total_score"] == pytest.approx(result.total_score, rel=1e-12)
    assert {(p["expert"], p["need"]) for p in document["pairs"]} == {(p.expert, p.need) for p in result.pairs}
    assert len(document["pairs"]) == len(result.pairs) > 0
    # Byte for byte the Python writer's document (both run the same C++).
    assert api.solve_json(demo_text) == tokten.write_assignment(result.assignment) + "\n"


def test_solve_with_policy_and_options_gives_the_python_answer(api, demo, demo_text):
    options = '{"objective": "max_seats_then_weight", "candidates_per_need": 20, "alternates": 1}'
    text = api.solve_json(demo_text, EQUITY_POLICY, options)
    result = tokten.solve(demo, {"equity_bonus": 0.3}, objective="max_seats_then_weight", candidates_per_need=20,
                          alternates=1)
    assert text == tokten.write_assignment(result.assignment) + "\n"
    assert text != api.solve_json(demo_text)
    # The handle path agrees with the one-shot call.
    with api.problem(demo_text) as problem, api.policy(EQUITY_POLICY) as policy, \
            api.solve(problem, policy, options) as solved:
        assert api.text("tokten_result_assignment_json", solved.pointer) == text


def test_report_gives_the_python_report(api, demo, demo_text):
    """The report through the C ABI: Python's tokten.report_data and tokten.report, same inputs."""
    ledger = tokten.synthetic_history()
    ledger_text = tokten.write_ledger(ledger).encode()
    options = {"k": 7, "trials": 10, "seed": 3, "bonuses": [0, 0.4], "title": "Rapport", "capital": "Bamako",
               "population": {"Bamako": 2810000, "Kayes": 2440000}}
    with api.problem(demo_text) as problem, api.policy(EQUITY_POLICY) as policy:
        text = api.text("tokten_report_json", ledger_text, len(ledger_text), problem.pointer, policy.pointer,
                        json.dumps(options).encode())
        page = api.text("tokten_report_json", None, 0, problem.pointer, None, b'{"output": "html", "trials": 10}')
    assert json.loads(text) == tokten.report_data(ledger=ledger, problem=demo, policy={"equity_bonus": 0.3}, **options)
    assert page == tokten.report(ledger=False, problem=demo, trials=10)
    with pytest.raises(CError) as caught:
        api.text("tokten_report_json", None, 0, None, None, b'{"k": "five"}')
    assert caught.value.fields["pointer"] == "/k" and caught.value.fields["document"] == "options"


def test_solve_equals_the_cli(api, cli, demo_text, tmp_path):
    source, policy, output = tmp_path / "round.json", tmp_path / "policy.json", tmp_path / "assignment.json"
    source.write_text(demo_text, encoding="utf-8")
    policy.write_text(EQUITY_POLICY, encoding="utf-8")

    def cli_solve(*options):
        run = subprocess.run([cli, "solve", str(source), "-o", str(output), *options], capture_output=True, text=True,
                             timeout=300)
        assert run.returncode == 0, run.stderr
        return output.read_text(encoding="utf-8")

    assert api.solve_json(demo_text) == cli_solve()
    options = '{"objective": "max_seats_then_weight", "candidates_per_need": 20, "alternates": 1, "explain": false}'
    assert api.solve_json(demo_text, EQUITY_POLICY, options) == cli_solve(
        "--policy", str(policy), "--objective", "max_seats_then_weight", "-k", "20", "--alternates", "1",
        "--no-explain")


def test_problem_round_trip_and_summary(api, demo, demo_text):
    with api.problem(demo_text) as problem:
        assert api.text("tokten_problem_to_json", problem.pointer) == demo_text + "\n"
        summary = json.loads(api.text("tokten_problem_summary_json", problem.pointer))
    assert (summary["experts"], summary["institutions"], summary["needs"]) == (200, 40, 40)
    assert summary["seats"] == sum(n.seats for n in demo.needs)
    assert sum(summary["needs_by_sector"].values()) == 40
    # The C demo is Python's demo.
    demo_handle = Handle(api, api.handle("tokten_demo_problem", 7, 200, 40, 40), "tokten_problem_free")
    with demo_handle:
        assert api.text("tokten_problem_to_json", demo_handle.pointer) == demo_text + "\n"


def test_result_summary_and_explanations_match_python(api, demo, demo_text):
    result = tokten.solve(demo)
    with api.problem(demo_text) as problem, api.solve(problem) as solved:
        summary = json.loads(api.text("tokten_result_summary_json", solved.pointer))
        assert summary["total_score"] == pytest.approx(result.total_score, rel=1e-12)
        assert summary["seats_filled"] == result.seats_filled
        assert summary["seats"] == result.seats_requested
        assert summary["needs_filled"] == result.needs_filled
        assert summary["status"] == result.status.name
        assert summary["unfilled_seats"] == sum(u.seats for u in result.unfilled)

        pair = result.pairs[0]
        explained = json.loads(api.text("tokten_result_explain_need_json", solved.pointer, pair.need.encode()))
        assert explained["need"] == pair.need
        assigned = {x["expert"]: x for x in explained["assigned"]}
        assert assigned[pair.expert] == result.explain(pair.expert, pair.need).to_dict()
        assert explained["filled"] == sum(1 for p in result.pairs if p.need == pair.need)
        alternates = next((a.experts for a in result.alternates if a.need == pair.need), [])
        assert [x["expert"] for x in explained["alternates"]] == [a.expert for a in alternates]

        gap = result.unfilled[0]
        explained = json.loads(api.text("tokten_result_explain_need_json", solved.pointer, gap.need.encode()))
        why = result.why_unfilled(gap.need)
        assert explained["unfilled"] == {"seats": why.seats, "reason": why.reason.name, "detail": why.detail,
                                         "fixes": list(why.fixes)}

        with pytest.raises(CError) as caught:
            api.text("tokten_result_explain_need_json", solved.pointer, b"need-0000")
        assert caught.value.status == INVALID_ARGUMENT
        assert 'no need "need-0000"' in caught.value.fields["message"]
        # Bytes that are not UTF-8 in an id still give a message that is.
        with pytest.raises(CError) as caught:
            api.text("tokten_result_explain_need_json", solved.pointer, b"need-\xff")
        assert "need-" in caught.value.fields["message"]


def test_errors_carry_status_pointer_and_document(api, demo_text):
    def error_of(function, *args):
        with pytest.raises(CError) as caught:
            function(*args)
        return caught.value.status, caught.value.fields

    status, fields = error_of(api.problem, '{"format": ')
    assert (status, fields["pointer"], fields["document"]) == (INVALID_INPUT, "", "problem")
    assert "line 1, column" in fields["message"]

    for bad in [b"", b'{"format"\x00: 1}', b'{"name": "\xff"}', b"{}\x80"]:
        assert error_of(api.problem, bad)[0] == INVALID_INPUT

    document = json.loads(demo_text)
    document["needs"][3]["skills"][0]["skill"] = "isced:nope"
    broken = json.dumps(document)
    status, fields = error_of(api.problem, broken)
    assert (status, fields["pointer"], fields["document"]) == (INVALID_INPUT, "/needs/3/skills/0/skill", "problem")
    with pytest.raises(tokten.InputError) as python_error:  # the pointer Python reports
        tokten.read_problem(broken)
    assert python_error.value.pointer == fields["pointer"]
    assert error_of(api.solve_json, broken)[1]["pointer"] == "/needs/3/skills/0/skill"

    # Validation lists every issue; structure stops it.
    document["needs"][5]["institution"] = "inst-nope"
    data = json.dumps(document).encode()
    issues = json.loads(api.text("tokten_validate_json", data, len(data)))
    assert {i["pointer"] for i in issues} == {"/needs/3/skills/0/skill", "/needs/5/institution"}
    assert json.loads(api.text("tokten_validate_json", demo_text.encode(), NUL_TERMINATED)) == []
    status, fields = error_of(api.text, "tokten_validate_json", b"[]", 2)
    assert (status, fields["pointer"]) == (INVALID_INPUT, "")

    status, fields = error_of(api.solve_json, demo_text, None, '{"candidates_per_need": 0}')
    assert (status, fields["pointer"], fields["document"]) == (INVALID_ARGUMENT, "/candidates_per_need", "options")
    status, fields = error_of(api.solve_json, demo_text, '{"format": "tokten.policy", "format_version": 1, '
                                                         '"parent_decay": 2}')
    assert (status, fields["pointer"], fields["document"]) == (INVALID_INPUT, "/parent_decay", "policy")

    status, fields = error_of(api.call, "tokten_solve", None, None, None, None, ctypes.byref(ctypes.c_void_p()))
    assert fields == {"status": "invalid_argument", "message": "problem must not be NULL", "pointer": "",
                      "document": ""}
    status, fields = error_of(api.text, "tokten_problem_to_json", None)
    assert (status, fields["message"]) == (INVALID_ARGUMENT, "problem must not be NULL")
    status, fields = error_of(api.handle, "tokten_demo_problem", 1, -1, 0, 0)
    assert (status, fields["message"]) == (INVALID_ARGUMENT, "experts must be 0 (the default) or more, got -1")


def test_cancelled_before_the_solve(api, demo_text):
    token = Handle(api, api.handle("tokten_cancel_token_new"), "tokten_cancel_token_free")
    with token, api.problem(demo_text) as problem:
        with api.solve(problem, cancel=token):  # not cancelled yet
            pass
        api.lib.tokten_cancel_token_cancel(token.pointer)
        with pytest.raises(CError) as caught:
            api.solve(problem, cancel=token)
        assert caught.value.status == CANCELLED
        assert caught.value.fields["message"] == "the solve was cancelled"


def test_ownership(api, demo_text):
    # Every free function accepts NULL.
    for name in ["tokten_problem_free", "tokten_policy_free", "tokten_result_free", "tokten_cancel_token_free",
                 "tokten_error_free", "tokten_string_free", "tokten_cancel_token_cancel"]:
        getattr(api.lib, name)(None)
    # Error accessors on NULL: no error.
    assert api.lib.tokten_error_to_json(None) == b"null"
    assert api.lib.tokten_error_message(None) == b""
    # A handle freed once, even when closed twice.
    problem = api.problem(demo_text)
    problem.close()
    problem.close()
    with pytest.raises(AssertionError):
        problem.pointer
    # A result outlives the problem handle it was solved from.
    problem = api.problem(demo_text)
    solved = api.solve(problem)
    problem.close()
    with solved:
        need = json.loads(api.text("tokten_result_assignment_json", solved.pointer))["pairs"][0]["need"]
        assert json.loads(api.text("tokten_result_explain_need_json", solved.pointer, need.encode()))["need"] == need
    # The lengths returned are the text's, NUL excluded.
    out, length = ctypes.c_void_p(), ctypes.c_size_t()
    with api.problem(demo_text) as problem:
        api.call("tokten_problem_summary_json", problem.pointer, ctypes.byref(out), ctypes.byref(length))
    try:
        assert ctypes.string_at(out.value) == ctypes.string_at(out.value, length.value)
    finally:
        api.lib.tokten_string_free(out)


def test_threads_give_the_serial_results(api):
    # ctypes releases the GIL during each call: these solves run in parallel.
    texts = [tokten.write_problem(tokten.demo_problem(seed=s, experts=150, institutions=30, needs=30))
             for s in range(20, 26)]
    serial = [api.solve_json(t, EQUITY_POLICY if i % 2 else None) for i, t in enumerate(texts)]
    problems = [api.problem(t) for t in texts]
    policy = api.policy(EQUITY_POLICY)

    def job(k):
        i = k % len(texts)
        if k % 2:  # one-shot
            return i, api.solve_json(texts[i], EQUITY_POLICY if i % 2 else None)
        with api.solve(problems[i], policy if i % 2 else None) as solved:  # a handle shared by threads
            return i, api.text("tokten_result_assignment_json", solved.pointer)

    try:
        with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
            for i, text in pool.map(job, range(48)):
                assert text == serial[i]
    finally:
        for p in problems:
            p.close()
        policy.close()


def test_only_tokten_symbols_are_exported(api):
    nm = shutil.which("nm")
    if nm is None:
        pytest.skip("nm (binutils) is not installed: cannot list the dynamic symbols")
    listing = subprocess.run([nm, "-D", "--defined-only", library_path()], capture_output=True, text=True,
                             check=True).stdout
    symbols = {line.split()[-1] for line in listing.splitlines() if line.strip()}
    assert symbols, "no dynamic symbol found"
    assert {s for s in symbols if not s.startswith("tokten_")} == set()
    # Exactly the functions the header declares (and this test binds).
    declared = set(re.findall(r"TOKTEN_C_API [^;(]*?\b(tokten_\w+)\(", HEADER.read_text()))
    assert symbols == declared == api.names
