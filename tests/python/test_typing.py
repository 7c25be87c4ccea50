"""The hand-kept stub of the compiled module, tokten/_core.pyi, against the module itself.

The stub must list the same names as the module, the same public attributes per class and the
same parameter names (and which have defaults) per function and method, as pybind11 gives them
in the first lines of each docstring. With mypy installed, a usage snippet type-checks against
the stub, and a wrong call is caught.
"""
import ast
import importlib.util
import inspect
import os
import pathlib
import re
import shutil
import subprocess
import sys
import textwrap

import pytest

import tokten

CORE = sys.modules["tokten._core"]
PACKAGE = pathlib.Path(tokten.__file__).parent
STUB = PACKAGE / "_core.pyi"
MODULE_DUNDERS = {"__name__", "__doc__", "__package__", "__loader__", "__spec__", "__file__",
                  "__builtins__", "__cached__", "__path__"}


# --- the stub, read with ast ------------------------------------------------------------------

def _is_type_alias(node) -> bool:
    return isinstance(node, ast.AnnAssign) and isinstance(node.annotation, ast.Name) and (
        node.annotation.id == "TypeAlias")


def _decorators(node) -> set:
    return {d.id if isinstance(d, ast.Name) else ast.unparse(d) for d in node.decorator_list}


def _stub_signature(node: ast.FunctionDef):
    """[(name, has_default, kind)] of a stub function, ``self`` left out."""
    a = node.args
    positional = a.posonlyargs + a.args
    defaults = [False] * (len(positional) - len(a.defaults)) + [True] * len(a.defaults)
    out = [(p.arg, d, "positional") for p, d in zip(positional, defaults)]
    if a.vararg:
        out.append(("*" + a.vararg.arg, False, "var"))
    out += [(p.arg, d is not None, "keyword") for p, d in zip(a.kwonlyargs, a.kw_defaults)]
    if a.kwarg:
        out.append(("**" + a.kwarg.arg, False, "var"))
    if out and out[0][0] == "self" and "staticmethod" not in _decorators(node):
        out = out[1:]
    return out


class Stub:
    def __init__(self, path: pathlib.Path):
        self.tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        self.names = set()
        self.functions = {}  # name -> [signature per overload]
        self.classes = {}    # name -> ClassDef
        for node in self.tree.body:
            if isinstance(node, ast.FunctionDef):
                self.names.add(node.name)
                self.functions.setdefault(node.name, []).append(_stub_signature(node))
            elif isinstance(node, ast.ClassDef):
                if any(ast.unparse(b) == "Protocol" for b in node.bases):
                    continue  # a typing helper of the stub, not in the module
                self.names.add(node.name)
                self.classes[node.name] = node
            elif isinstance(node, ast.AnnAssign) and not _is_type_alias(node):
                self.names.add(node.target.id)

    def members(self, cls: str) -> set:
        names = set()
        for node in self.classes[cls].body:
            if isinstance(node, ast.FunctionDef):
                names.add(node.name)
            elif isinstance(node, ast.AnnAssign):
                names.add(node.target.id)
        return names

    def methods(self, cls: str) -> dict:
        """name -> [signature per overload], properties left out."""
        out = {}
        for node in self.classes[cls].body:
            if isinstance(node, ast.FunctionDef):
                decorators = _decorators(node)
                if "property" in decorators or any(d.endswith(".setter") for d in decorators):
                    continue
                out.setdefault(node.name, []).append(_stub_signature(node))
        return out


@pytest.fixture(scope="module")
def stub():
    assert STUB.is_file(), f"the package does not ship {STUB.name}"
    return Stub(STUB)


# --- the module, as pybind11 describes it -----------------------------------------------------

def _split_top_level(text: str) -> list:
    parts, depth, quote, current = [], 0, None, ""
    for ch in text:
        if quote:
            quote = None if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append(current)
            current = ""
            continue
        current += ch
    if current.strip():
        parts.append(current)
    return parts


def _parameters(arguments: str):
    """[(name, has_default)] from pybind11's ``a: int, b: str = 'x'``; ``self`` left out."""
    out = []
    for part in _split_top_level(arguments):
        part = part.strip()
        if part in ("/", "*"):
            continue
        name = re.match(r"\**\w+", part).group(0)
        out.append((name, bool(re.search(r"=", _strip_annotation(part)))))
    if out and out[0][0] == "self":
        out = out[1:]
    return out


def _strip_annotation(part: str) -> str:
    """``name: type = default`` without the type, whose brackets may hold '=' in a string."""
    head, _, rest = part.partition(":")
    if not rest:
        return part
    depth = 0
    for k, ch in enumerate(rest):
        depth += ch in "([{"
        depth -= ch in ")]}"
        if ch == "=" and depth == 0:
            return head + rest[k:]
    return head


def _runtime_signatures(function, name: str):
    """Each overload's parameters, from the signature lines pybind11 writes into __doc__."""
    doc = function.__doc__ or ""
    lines = doc.splitlines()
    if len(lines) > 1 and lines[1].strip() == "Overloaded function.":
        heads = [line for line in lines if re.match(rf"\d+\. {re.escape(name)}\(", line)]
    else:
        heads = lines[:1]
    signatures = []
    for head in heads:
        start = head.index(name + "(") + len(name) + 1
        depth, end = 1, start
        while depth:
            depth += {"(": 1, ")": -1}.get(head[end], 0)
            end += 1
        signatures.append(_parameters(head[start:end - 1]))
    return signatures


def _record_keywords(cls):
    """The keyword arguments of a record class's constructor, listed in its docstring."""
    match = re.search(r"Keyword arguments: (.*)\.", cls.__init__.__doc__ or "")
    return [k.strip() for k in match.group(1).split(",")] if match else None


def _runtime_members(cls) -> set:
    names = set()
    for klass in cls.__mro__:
        if klass.__module__ == CORE.__name__:
            names |= {n for n in vars(klass) if not n.startswith("_")}
    return names


def _module_names() -> set:
    return {n for n in vars(CORE) if n not in MODULE_DUNDERS}


def _classes():
    return sorted(n for n, v in vars(CORE).items() if inspect.isclass(v))


def _functions():
    return sorted(n for n, v in vars(CORE).items()
                  if callable(v) and not inspect.isclass(v) and n not in MODULE_DUNDERS)


def _plain(signature):
    """Stub parameters as the runtime lists them: (name, has_default)."""
    return [(n, d) for n, d, _ in signature]


# --- the tests --------------------------------------------------------------------------------

def test_the_package_ships_the_stub_and_the_typed_marker():
    assert STUB.is_file()
    assert (PACKAGE / "py.typed").is_file()


def test_stub_and_module_list_the_same_names(stub):
    runtime = _module_names()
    assert sorted(runtime - stub.names) == [], "in tokten._core but not in _core.pyi"
    assert sorted(stub.names - runtime) == [], "in _core.pyi but not in tokten._core"


@pytest.mark.parametrize("cls", _classes())
def test_stub_and_class_list_the_same_public_attributes(stub, cls):
    assert cls in stub.classes, f"class {cls} is not in _core.pyi"
    runtime = _runtime_members(getattr(CORE, cls))
    listed = {n for n in stub.members(cls) if not n.startswith("_")}
    assert sorted(runtime - listed) == [], f"{cls}: public attributes missing from the stub"
    assert sorted(listed - runtime) == [], f"{cls}: stub attributes the class does not have"


@pytest.mark.parametrize("cls", _classes())
def test_stub_class_bases_match(stub, cls):
    runtime = [b.__name__ for b in getattr(CORE, cls).__bases__ if b.__name__ != "pybind11_object"]
    listed = [ast.unparse(b) for b in stub.classes[cls].bases]
    assert listed == runtime


@pytest.mark.parametrize("name", _functions())
def test_stub_function_parameters_match(stub, name):
    assert name in stub.functions, f"function {name} is not in _core.pyi"
    runtime = _runtime_signatures(getattr(CORE, name), name)
    listed = [_plain(s) for s in stub.functions[name]]
    assert listed == runtime


@pytest.mark.parametrize("cls", _classes())
def test_stub_method_parameters_match(stub, cls):
    klass = getattr(CORE, cls)
    methods = stub.methods(cls)
    for name, member in vars(klass).items():
        if name.startswith("_") and name != "__init__":
            continue
        if isinstance(member, staticmethod):
            member = member.__func__
        if isinstance(member, property) or not callable(member):
            continue
        if name == "__init__" and not (member.__doc__ or "").startswith("__init__("):
            continue  # no constructor of its own (pybind11 raises), or BaseException's
        assert name in methods, f"{cls}.{name} is not in _core.pyi"
        keywords = _record_keywords(klass) if name == "__init__" else None
        if keywords is not None:
            (signature,) = methods[name]
            assert [(n, kind) for n, _, kind in signature] == [(k, "keyword") for k in keywords], (
                f"{cls}(): the stub's keyword-only parameters differ from the constructor's")
            assert all(d for _, d, _ in signature), f"{cls}(): every keyword is optional"
            continue
        runtime = _runtime_signatures(member, name)
        listed = [_plain(s) for s in methods[name]]
        assert listed == runtime, f"{cls}.{name}"


def test_signature_parser_reads_pybind11_lines():
    assert _parameters("self: tokten._core.X, a: dict[str, int], b: int = 2, *args, **kwargs") == [
        ("a", False), ("b", True), ("*args", False), ("**kwargs", False)]
    assert _parameters("x: typing.Annotated[numpy.typing.ArrayLike, numpy.int64]") == [("x", False)]
    assert _parameters("") == []


# --- mypy against the stub --------------------------------------------------------------------

SNIPPET = '''
import datetime
from typing import Optional

import numpy as np
import tokten

problem: tokten.Problem = tokten.demo_problem(seed=2, experts=30)
need: tokten.Need = problem.needs[0]
need.sector = "health"
need.window = tokten.DateWindow(start="2027-01-04", end=datetime.date(2027, 2, 1))
start: datetime.date = need.window.start
days: int = need.window.length_days
problem.needs = [need] + problem.needs[1:]
issues: list[tuple[str, str]] = tokten.validate_problem(problem)
policy = tokten.ScoringPolicy(sibling_decay=0.2, capital_region="Bamako")
weight: float = policy.skills_weight
verdict: tokten.PairScore = tokten.score_pair(problem, "exp-10001", need.id, policy)
terms: dict[str, float] = verdict.terms
context = tokten.ScoringContext(problem, None)
why: tokten.Explanation = context.explain("exp-10001", need.id)
names: list[str] = [t.name for t in why.terms]
sector: tokten.Sector = tokten.Sector("sme")
level: int = tokten.Cefr.C1.value
text: str = tokten.write_problem(problem, indent=-1)
again: tokten.Problem = tokten.read_problem(text)
parent: Optional[str] = problem.taxonomy.skills[0].parent
try:
    tokten.read_policy("{}")
except tokten.InputError as error:
    pointer: str = error.pointer
'''

WRONG = '''
import tokten

tokten.demo_problem(seed="one")
tokten.Need(seats="two")
name: int = tokten.demo_problem().name
'''


def _mypy(tmp_path, source: str):
    # A copy of the installed package without the compiled module: mypy reads the stub.
    packages = tmp_path / "packages"
    shutil.copytree(PACKAGE, packages / "tokten",
                    ignore=shutil.ignore_patterns("*.so", "*.pyd", "__pycache__"))
    (tmp_path / "snippet.py").write_text(textwrap.dedent(source), encoding="utf-8")
    env = dict(os.environ, MYPYPATH=str(packages))
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--no-incremental", "--follow-imports=silent",
         "--strict", "--no-warn-unused-ignores", "snippet.py"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)


@pytest.mark.skipif(importlib.util.find_spec("mypy") is None, reason="mypy is not installed")
def test_mypy_accepts_typed_usage_and_catches_wrong_calls(tmp_path):
    good = _mypy(tmp_path / "good", SNIPPET)
    assert good.returncode == 0, good.stdout + good.stderr
    bad = _mypy(tmp_path / "bad", WRONG)
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert bad.stdout.count("error:") == 3, bad.stdout


@pytest.mark.skipif(importlib.util.find_spec("mypy") is None, reason="mypy is not installed")
def test_mypy_accepts_the_stub_itself(tmp_path):
    packages = tmp_path / "packages"
    shutil.copytree(PACKAGE, packages / "tokten",
                    ignore=shutil.ignore_patterns("*.so", "*.pyd", "__pycache__"))
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-incremental", "--follow-imports=silent", "--strict",
         str(packages / "tokten" / "_core.pyi")],
        cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
