"""The JSON contract from Python: files, text and plain dicts, with located errors."""

from __future__ import annotations

import json
import os
from importlib import resources
from typing import Any, Union

from . import _core

PathLike = Union[str, "os.PathLike[str]"]


def load_problem(path: PathLike) -> _core.Problem:
    """Read and check a problem document (JSON file).

    Parameters
    ----------
    path : str or os.PathLike
        The file's path.

    Returns
    -------
    Problem
        The planning round, checked as by :func:`read_problem`: structure, types, ranges,
        unknown fields, then every cross-reference (:func:`validate_problem`).

    Raises
    ------
    InputError
        An unreadable file (``.pointer`` ``""``), or the first error of the document, with
        ``.pointer`` the JSON pointer of the offending item (for example
        ``/experts/3/skills/1/level``) and ``.reason`` what was expected.

    See Also
    --------
    save_problem : the inverse, atomically.

    Notes
    -----
    Linear in the file's size on average. The GIL is released while reading.

    Examples
    --------
    >>> import os, tempfile, tokten
    >>> path = os.path.join(tempfile.mkdtemp(), "round.json")
    >>> tokten.save_problem(tokten.demo_problem(seed=3, experts=8, institutions=2, needs=3), path)
    >>> problem = tokten.load_problem(path)
    >>> len(problem.experts), len(problem.needs)
    (8, 3)
    """
    return _core.load_problem(os.fspath(path))


def save_problem(problem: _core.Problem, path: PathLike, indent: int = 2) -> None:
    """Write a problem document atomically: a failed write leaves an earlier file intact.

    Parameters
    ----------
    problem : Problem
        Written as it is, not checked (see :func:`validate_problem`).
    path : str or os.PathLike
        The file to replace or create.
    indent : int, default 2
        Spaces per level; -1 writes a single line. The file ends with a newline.

    Returns
    -------
    None

    Raises
    ------
    InputError
        A skill requirement's weight that is NaN or infinite (nothing is written).
    RuntimeError
        The file cannot be written, naming the path.

    Notes
    -----
    Linear in the size of the problem. The text goes to a temporary file beside ``path``,
    which is flushed and then renamed over it: readers see the old file or the new one.

    Examples
    --------
    >>> import os, tempfile, tokten
    >>> path = os.path.join(tempfile.mkdtemp(), "round.json")
    >>> problem = tokten.demo_problem(seed=3, experts=8, institutions=2, needs=3)
    >>> tokten.save_problem(problem, path)
    >>> tokten.load_problem(path) == problem
    True
    """
    _core.write_file_atomically(os.fspath(path), _core.write_problem(problem, indent) + "\n")


def load_assignment(path: PathLike) -> _core.Assignment:
    """Read an assignment document (JSON file).

    Only the structure is checked; :func:`validate_assignment` checks it against its problem.

    Parameters
    ----------
    path : str or os.PathLike
        The file's path.

    Returns
    -------
    Assignment

    Raises
    ------
    InputError
        An unreadable file (``.pointer`` ``""``), or the first error of the document, named by
        its JSON pointer.

    Notes
    -----
    Linear in the file's size.

    Examples
    --------
    >>> import os, tempfile, tokten
    >>> path = os.path.join(tempfile.mkdtemp(), "assignment.json")
    >>> pair = tokten.AssignedPair(expert="exp-1", need="need-1", score=0.75)
    >>> tokten.save_assignment(tokten.Assignment(pairs=[pair], total_score=0.75), path)
    >>> tokten.load_assignment(path).pairs[0].score
    0.75
    """
    return _core.load_assignment(os.fspath(path))


def save_assignment(assignment: _core.Assignment, path: PathLike, indent: int = 2) -> None:
    """Write an assignment document atomically: a failed write leaves an earlier file intact.

    Parameters
    ----------
    assignment : Assignment
        Written as it is, not checked (see :func:`validate_assignment`).
    path : str or os.PathLike
        The file to replace or create.
    indent : int, default 2
        Spaces per level; -1 writes a single line. The file ends with a newline.

    Returns
    -------
    None

    Raises
    ------
    InputError
        A score or term value that is NaN or infinite (nothing is written).
    RuntimeError
        The file cannot be written, naming the path.

    Notes
    -----
    Linear in the size of the assignment; same atomic write as :func:`save_problem`.

    Examples
    --------
    >>> import os, tempfile, tokten
    >>> path = os.path.join(tempfile.mkdtemp(), "assignment.json")
    >>> tokten.save_assignment(tokten.Assignment(problem="round 1"), path)
    >>> tokten.load_assignment(path).problem
    'round 1'
    """
    _core.write_file_atomically(os.fspath(path), _core.write_assignment(assignment, indent) + "\n")


def problem_from_dict(document: dict[str, Any]) -> _core.Problem:
    """A problem from a dict shaped like the JSON document (for example from ``json.load``).

    Parameters
    ----------
    document : dict
        A ``tokten.problem`` document as Python values; numpy and pandas scalars are accepted
        in place of numbers and booleans.

    Returns
    -------
    Problem
        Checked as by :func:`read_problem`.

    Raises
    ------
    InputError
        The first error, named by its JSON pointer; NaN and infinities (not JSON) with pointer
        ``"/"``.
    TypeError
        A value that is neither JSON nor a scalar with ``.item()``.

    See Also
    --------
    problem_to_dict : the inverse.

    Notes
    -----
    Linear in the size of the document: it is written to JSON text and read back in C++.

    Examples
    --------
    >>> import tokten
    >>> document = tokten.problem_to_dict(tokten.demo_problem(seed=1, experts=5, institutions=2, needs=2))
    >>> document["needs"][0]["seats"] = 3
    >>> tokten.problem_from_dict(document).needs[0].seats
    3
    >>> del document["taxonomy"]
    >>> try:
    ...     tokten.problem_from_dict(document)
    ... except tokten.InputError as error:
    ...     print(error.pointer, "-", error.reason)
    /taxonomy - missing required field "taxonomy"
    """
    return _core.read_problem(_dumps(document))


def problem_to_dict(problem: _core.Problem) -> dict[str, Any]:
    """The problem as a dict shaped like the JSON document.

    Parameters
    ----------
    problem : Problem
        Converted as it is, not checked.

    Returns
    -------
    dict
        JSON values only: ``json.dump`` writes it, :func:`problem_from_dict` reads it back.

    Raises
    ------
    InputError
        A skill requirement's weight that is NaN or infinite.

    Notes
    -----
    Linear in the size of the problem.

    Examples
    --------
    >>> import tokten
    >>> document = tokten.problem_to_dict(tokten.demo_problem(seed=1, experts=5, institutions=2, needs=2))
    >>> document["format"], len(document["experts"])
    ('tokten.problem', 5)
    """
    return json.loads(_core.write_problem(problem, -1))


def assignment_from_dict(document: dict[str, Any]) -> _core.Assignment:
    """An assignment from a dict shaped like the JSON document.

    Parameters
    ----------
    document : dict
        A ``tokten.assignment`` document as Python values; numpy and pandas scalars are
        accepted.

    Returns
    -------
    Assignment
        Structure checked; :func:`validate_assignment` checks it against its problem.

    Raises
    ------
    InputError
        The first error, named by its JSON pointer; NaN and infinities with pointer ``"/"``.
    TypeError
        A value that is neither JSON nor a scalar with ``.item()``.

    See Also
    --------
    assignment_to_dict : the inverse.

    Notes
    -----
    Linear in the size of the document.

    Examples
    --------
    >>> import tokten
    >>> a = tokten.assignment_from_dict({
    ...     "format": "tokten.assignment", "format_version": 1, "objective": "max_weight",
    ...     "status": "optimal", "total_score": 0.9,
    ...     "pairs": [{"expert": "exp-1", "need": "need-1", "score": 0.9, "terms": []}]})
    >>> a.pairs[0].need, str(a.objective)
    ('need-1', 'max_weight')
    """
    return _core.read_assignment(_dumps(document))


def assignment_to_dict(assignment: _core.Assignment) -> dict[str, Any]:
    """The assignment as a dict shaped like the JSON document.

    Parameters
    ----------
    assignment : Assignment
        Converted as it is, not checked.

    Returns
    -------
    dict
        JSON values only; :func:`assignment_from_dict` reads it back.

    Raises
    ------
    InputError
        A score or term value that is NaN or infinite.

    Notes
    -----
    Linear in the size of the assignment.

    Examples
    --------
    >>> import tokten
    >>> document = tokten.assignment_to_dict(tokten.Assignment(problem="round 1"))
    >>> document["format"], document["status"], document["pairs"]
    ('tokten.assignment', 'optimal', [])
    """
    return json.loads(_core.write_assignment(assignment, -1))


def schema(document: str) -> dict[str, Any]:
    """The JSON Schema of a document kind, as shipped with the package.

    Parameters
    ----------
    document : {"problem", "assignment", "policy", "ledger", "report"}
        The kind of document.

    Returns
    -------
    dict
        A JSON Schema (draft 2020-12) that tools such as ``jsonschema`` can check documents
        against; the readers check more (cross-references, ranges).

    Raises
    ------
    ValueError
        An unknown kind.

    Notes
    -----
    Reads a small file from the package at each call.

    Examples
    --------
    >>> import tokten
    >>> tokten.schema("policy")["properties"]["format"]["const"]
    'tokten.policy'
    """
    if document not in ("problem", "assignment", "policy", "ledger", "report"):
        raise ValueError(f"expected 'problem', 'assignment', 'policy', 'ledger' or 'report', got {document!r}")
    text = resources.files(__package__).joinpath(f"schemas/{document}.schema.json").read_text("utf-8")
    return json.loads(text)


def _plain(value: Any) -> Any:
    """numpy and pandas scalars (np.int64, np.bool_, ...) as plain Python values."""
    item = getattr(value, "item", None)
    if callable(item):
        return item()
    raise TypeError(f"cannot write a {type(value).__name__} in a tokten document")


def _dumps(document: dict[str, Any]) -> str:
    try:
        # NaN and infinities are not JSON: refuse them here rather than write invalid text.
        return json.dumps(document, allow_nan=False, ensure_ascii=False, default=_plain)
    except ValueError as error:
        raise _core.InputError(f"/: {error} (NaN and infinities are not allowed in documents)") from None
    except RecursionError:
        # The reader refuses nesting deeper than 100 levels anyway; say so before Python's stack ends.
        raise _core.InputError("/: nesting too deep for a tokten document (documents nest a few levels)") from None
