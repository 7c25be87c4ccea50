"""Every public name is documented, NumPy style, and every example in the docs runs.

Functions of tokten.__all__ need Parameters (when they take any), Returns and Examples sections
(the solvers also Raises and Notes, with the running time); classes need a summary and Examples,
and their public methods and properties a docstring. Every Examples section is run as a doctest, so the docs cannot rot.
"""
import doctest
import inspect
import pydoc
import re
import tempfile

import numpy as np
import pytest

import tokten

# Functions that run an algorithm or can fail on their input in ways worth a section: Raises and
# Notes (with the running time) are required for these.
SOLVERS = {
    "b_matching",
    "linear_sum_assignment",
    "min_weight_full_bipartite_matching",
    "solve",
    "solve_assignment",
    "solve_b_matching",
    "solve_sparse_assignment",
    "solve_summary",
}

PUBLIC = sorted(tokten.__all__)
FUNCTIONS = [n for n in PUBLIC if callable(getattr(tokten, n)) and not inspect.isclass(getattr(tokten, n))]
CLASSES = [n for n in PUBLIC if inspect.isclass(getattr(tokten, n))]


def _doc(obj) -> str:
    """The docstring without pybind11's leading signature line."""
    doc = inspect.cleandoc(getattr(obj, "__doc__", None) or "")
    if isinstance(obj, property) and not doc and obj.fget is not None:
        doc = inspect.cleandoc(obj.fget.__doc__ or "")
    if re.match(r"[\w.]*\(.*\)(\s*->.*)?$", doc.split("\n", 1)[0]):
        doc = doc.split("\n", 1)[1].strip() if "\n" in doc else ""
    return doc


def _sections(doc: str) -> dict:
    """NumPy-style sections: title -> body (the text up to the next title)."""
    found = list(re.finditer(r"^([A-Z][A-Za-z ]+)\n-{3,}$", doc, re.M))
    out = {}
    for k, match in enumerate(found):
        end = found[k + 1].start() if k + 1 < len(found) else len(doc)
        out[match.group(1)] = doc[match.end():end]
    return out


def _summary(doc: str) -> str:
    return doc.split("\n\n", 1)[0].strip() if doc else ""


def _own_members(cls):
    """Public methods and properties the class itself defines (not object's, not enum members)."""
    for klass in cls.__mro__:
        if klass is object or klass.__module__ in ("builtins", "pybind11_builtins"):
            continue
        for name, member in vars(klass).items():
            if name.startswith("_"):
                continue
            if isinstance(member, (staticmethod, classmethod)):
                member = member.__func__
            if isinstance(member, property) or inspect.isroutine(member):
                yield name, member


def _has_parameters(function) -> bool:
    try:
        return bool(inspect.signature(function).parameters)
    except (TypeError, ValueError):  # pybind11: the signature is the docstring's first line
        match = re.match(r"[\w.]*\((.*?)\)", function.__doc__ or "")
        return bool(match and match.group(1).strip())


def _is_enum(cls) -> bool:
    return hasattr(cls, "__members__") and hasattr(cls, "__entries")


@pytest.mark.parametrize("name", FUNCTIONS)
def test_function_is_documented_numpy_style(name):
    doc = _doc(getattr(tokten, name))
    assert _summary(doc), f"tokten.{name} has no docstring"
    sections = _sections(doc)
    required = ["Parameters", "Returns", "Examples"] if _has_parameters(getattr(tokten, name)) else [
        "Returns", "Examples"]
    if name in SOLVERS:
        required += ["Raises", "Notes"]
    missing = [s for s in required if s not in sections]
    assert not missing, f"tokten.{name}: docstring lacks {', '.join(missing)}"
    assert ">>>" in sections["Examples"], f"tokten.{name}: Examples has no doctest"
    if name in SOLVERS:
        assert re.search(r"O\(|time|milliseconds", sections["Notes"]), (
            f"tokten.{name}: Notes does not state the running time")


@pytest.mark.parametrize("name", CLASSES)
def test_class_is_documented(name):
    cls = getattr(tokten, name)
    doc = _doc(cls)
    assert _summary(doc), f"tokten.{name} has no docstring"
    sections = _sections(doc)
    assert "Examples" in sections and ">>>" in sections["Examples"], f"tokten.{name}: no Examples"
    if _is_enum(cls):
        return
    for member_name, member in _own_members(cls):
        assert _doc(member), f"tokten.{name}.{member_name} has no docstring"


def _docstrings(name):
    """(label, text) of the object's docstring and of its members' docstrings with examples."""
    obj = getattr(tokten, name)
    yield f"tokten.{name}", obj.__doc__ or ""
    if inspect.isclass(obj):
        for member_name, member in _own_members(obj):
            text = member.__doc__ or ""
            if ">>>" in text:
                yield f"tokten.{name}.{member_name}", text


@pytest.mark.parametrize("name", [n for n in PUBLIC if callable(getattr(tokten, n))])
def test_examples_run(name, tmp_path, monkeypatch):
    # Examples that write files (in the working or a temporary directory) stay in the test's.
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    parser = doctest.DocTestParser()
    flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    ran = 0
    with np.printoptions(precision=8, threshold=1000, linewidth=75, suppress=False, legacy=False):
        for label, text in _docstrings(name):
            test = parser.get_doctest(text, {}, label, None, 0)
            if not test.examples:
                continue
            output = []
            runner = doctest.DocTestRunner(optionflags=flags)
            result = runner.run(test, out=output.append, clear_globs=True)
            assert result.failed == 0, "".join(output)
            ran += result.attempted
    assert ran > 0, f"tokten.{name}: no example ran"


def test_help_on_solve_shows_the_signature_and_the_parameters():
    text = pydoc.render_doc(tokten.solve, renderer=pydoc.plaintext)
    signature = inspect.signature(tokten.solve)
    assert f"solve{signature}" in text, text[:500]
    assert re.search(r"^\s*Parameters\n\s*-{3,}$", text, re.M)
    assert re.search(r"^\s*Returns\n\s*-{3,}$", text, re.M)
    for parameter in signature.parameters:
        assert re.search(rf"^\s*(\w+, )*{parameter}\b[^\n]*:", text, re.M), (
            f"help(tokten.solve) does not document the parameter {parameter!r}")


def test_the_section_check_finds_an_undocumented_function():
    def undocumented(x):
        return x

    def half(x):
        """Half of x.

        Parameters
        ----------
        x : float

        Returns
        -------
        float
        """
        return x / 2

    assert not _summary(_doc(undocumented))
    assert set(_sections(_doc(half))) == {"Parameters", "Returns"}
