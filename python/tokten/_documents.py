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

    Raises
    ------
    InputError
        With ``.pointer``, the JSON pointer of the first offending item
        (for example ``/experts/3/skills/1/level``), and a message saying what was expected.
    """
    return _core.load_problem(os.fspath(path))


def save_problem(problem: _core.Problem, path: PathLike, indent: int = 2) -> None:
    """Write a problem document atomically: a failed write leaves an earlier file intact."""
    _core.write_file_atomically(os.fspath(path), _core.write_problem(problem, indent) + "\n")


def load_assignment(path: PathLike) -> _core.Assignment:
    """Read an assignment document (JSON file); structure only, see validate_assignment."""
    return _core.load_assignment(os.fspath(path))


def save_assignment(assignment: _core.Assignment, path: PathLike, indent: int = 2) -> None:
    """Write an assignment document atomically."""
    _core.write_file_atomically(os.fspath(path), _core.write_assignment(assignment, indent) + "\n")


def problem_from_dict(document: dict[str, Any]) -> _core.Problem:
    """A problem from a dict shaped like the JSON document (for example from json.load)."""
    return _core.read_problem(_dumps(document))


def problem_to_dict(problem: _core.Problem) -> dict[str, Any]:
    """The problem as a dict shaped like the JSON document."""
    return json.loads(_core.write_problem(problem, -1))


def assignment_from_dict(document: dict[str, Any]) -> _core.Assignment:
    """An assignment from a dict shaped like the JSON document."""
    return _core.read_assignment(_dumps(document))


def assignment_to_dict(assignment: _core.Assignment) -> dict[str, Any]:
    """The assignment as a dict shaped like the JSON document."""
    return json.loads(_core.write_assignment(assignment, -1))


def schema(document: str) -> dict[str, Any]:
    """The JSON Schema of a document kind: ``"problem"``, ``"assignment"`` or ``"policy"``."""
    if document not in ("problem", "assignment", "policy"):
        raise ValueError(f"expected 'problem', 'assignment' or 'policy', got {document!r}")
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
