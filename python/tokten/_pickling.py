"""Pickling of the compiled documents (Problem, Assignment, ScoringPolicy) through their JSON
forms, so that process pools and Dask workers can receive them."""

from __future__ import annotations

import copyreg

from . import _core


def _problem(problem: _core.Problem):
    return _core.read_problem, (_core.write_problem(problem, -1),)


def _assignment(assignment: _core.Assignment):
    return _core.read_assignment, (_core.write_assignment(assignment, -1),)


def _policy(policy: _core.ScoringPolicy):
    return _core.read_policy, (_core.write_policy(policy, -1),)


def install() -> None:
    copyreg.pickle(_core.Problem, _problem)
    copyreg.pickle(_core.Assignment, _assignment)
    copyreg.pickle(_core.ScoringPolicy, _policy)
