# Type stub of tokten._core, the compiled half of the package (src/python/*.cpp), kept by hand.
# tests/python/test_typing.py checks that it lists the module's names, each class's public
# attributes and each function's parameters; update it with every change to the bindings.
#
# Conventions: record classes (Expert, Need, ...) take keyword-only arguments, all optional,
# and their attributes are read-write values (a list attribute returns a copy). Enum-typed
# fields and parameters also accept the JSON spelling as a str, and date fields a
# "YYYY-MM-DD" str, so their setters take more than their getters return.

import datetime
import os
from typing import Any, Callable, ClassVar, Mapping, Optional, Protocol, Sequence, Union, overload

import numpy as np
import numpy.typing as npt
from typing_extensions import TypeAlias

__version__: str
MIN_PROFICIENCY: int
MAX_PROFICIENCY: int

_DateLike: TypeAlias = Union[datetime.date, str]
_PathLike: TypeAlias = Union[str, bytes, "os.PathLike[str]", "os.PathLike[bytes]"]
_Issues: TypeAlias = list[tuple[str, str]]
_I64Array: TypeAlias = npt.NDArray[np.int64]
_F64Array: TypeAlias = npt.NDArray[np.float64]
_Witness: TypeAlias = Optional[tuple[bool, _I64Array, _I64Array]]

class _CancelFlag(Protocol):  # anything with is_set(), such as threading.Event
    def is_set(self) -> bool: ...

class InputError(ValueError):
    pointer: str
    reason: str

class Cancelled(RuntimeError): ...

# Enums (pybind11 enums: members are class attributes; a str converts implicitly).

class Sector:
    education: ClassVar[Sector]
    health: ClassVar[Sector]
    engineering: ClassVar[Sector]
    agriculture: ClassVar[Sector]
    sme: ClassVar[Sector]
    administration: ClassVar[Sector]
    other: ClassVar[Sector]
    __members__: ClassVar[dict[str, Sector]]
    @overload
    def __init__(self, value: int) -> None: ...
    @overload
    def __init__(self, value: str) -> None: ...
    @property
    def name(self) -> str: ...
    @property
    def value(self) -> int: ...
    def __int__(self) -> int: ...
    def __index__(self) -> int: ...
    def __eq__(self, other: object) -> bool: ...
    def __ne__(self, other: object) -> bool: ...
    def __hash__(self) -> int: ...

class InstitutionKind:
    university: ClassVar[InstitutionKind]
    hospital: ClassVar[InstitutionKind]
    ministry: ClassVar[InstitutionKind]
    local_authority: ClassVar[InstitutionKind]
    public_enterprise: ClassVar[InstitutionKind]
    research_institute: ClassVar[InstitutionKind]
    other: ClassVar[InstitutionKind]
    __members__: ClassVar[dict[str, InstitutionKind]]
    @overload
    def __init__(self, value: int) -> None: ...
    @overload
    def __init__(self, value: str) -> None: ...
    @property
    def name(self) -> str: ...
    @property
    def value(self) -> int: ...
    def __int__(self) -> int: ...
    def __index__(self) -> int: ...
    def __eq__(self, other: object) -> bool: ...
    def __ne__(self, other: object) -> bool: ...
    def __hash__(self) -> int: ...

class DegreeLevel:
    bachelor: ClassVar[DegreeLevel]
    master: ClassVar[DegreeLevel]
    doctorate: ClassVar[DegreeLevel]
    other: ClassVar[DegreeLevel]
    __members__: ClassVar[dict[str, DegreeLevel]]
    @overload
    def __init__(self, value: int) -> None: ...
    @overload
    def __init__(self, value: str) -> None: ...
    @property
    def name(self) -> str: ...
    @property
    def value(self) -> int: ...
    def __int__(self) -> int: ...
    def __index__(self) -> int: ...
    def __eq__(self, other: object) -> bool: ...
    def __ne__(self, other: object) -> bool: ...
    def __hash__(self) -> int: ...

class MissionMode:
    on_site: ClassVar[MissionMode]
    remote: ClassVar[MissionMode]
    either: ClassVar[MissionMode]
    __members__: ClassVar[dict[str, MissionMode]]
    @overload
    def __init__(self, value: int) -> None: ...
    @overload
    def __init__(self, value: str) -> None: ...
    @property
    def name(self) -> str: ...
    @property
    def value(self) -> int: ...
    def __int__(self) -> int: ...
    def __index__(self) -> int: ...
    def __eq__(self, other: object) -> bool: ...
    def __ne__(self, other: object) -> bool: ...
    def __hash__(self) -> int: ...

class Objective:
    max_weight: ClassVar[Objective]
    max_seats_then_weight: ClassVar[Objective]
    __members__: ClassVar[dict[str, Objective]]
    @overload
    def __init__(self, value: int) -> None: ...
    @overload
    def __init__(self, value: str) -> None: ...
    @property
    def name(self) -> str: ...
    @property
    def value(self) -> int: ...
    def __int__(self) -> int: ...
    def __index__(self) -> int: ...
    def __eq__(self, other: object) -> bool: ...
    def __ne__(self, other: object) -> bool: ...
    def __hash__(self) -> int: ...

class SolveStatus:
    optimal: ClassVar[SolveStatus]
    feasible: ClassVar[SolveStatus]
    infeasible: ClassVar[SolveStatus]
    __members__: ClassVar[dict[str, SolveStatus]]
    @overload
    def __init__(self, value: int) -> None: ...
    @overload
    def __init__(self, value: str) -> None: ...
    @property
    def name(self) -> str: ...
    @property
    def value(self) -> int: ...
    def __int__(self) -> int: ...
    def __index__(self) -> int: ...
    def __eq__(self, other: object) -> bool: ...
    def __ne__(self, other: object) -> bool: ...
    def __hash__(self) -> int: ...

class UnfilledReason:
    no_feasible_expert: ClassVar[UnfilledReason]
    experts_taken: ClassVar[UnfilledReason]
    quota: ClassVar[UnfilledReason]
    time_conflict: ClassVar[UnfilledReason]
    other: ClassVar[UnfilledReason]
    __members__: ClassVar[dict[str, UnfilledReason]]
    @overload
    def __init__(self, value: int) -> None: ...
    @overload
    def __init__(self, value: str) -> None: ...
    @property
    def name(self) -> str: ...
    @property
    def value(self) -> int: ...
    def __int__(self) -> int: ...
    def __index__(self) -> int: ...
    def __eq__(self, other: object) -> bool: ...
    def __ne__(self, other: object) -> bool: ...
    def __hash__(self) -> int: ...

class Cefr:
    A1: ClassVar[Cefr]
    A2: ClassVar[Cefr]
    B1: ClassVar[Cefr]
    B2: ClassVar[Cefr]
    C1: ClassVar[Cefr]
    C2: ClassVar[Cefr]
    __members__: ClassVar[dict[str, Cefr]]
    @overload
    def __init__(self, value: int) -> None: ...
    @overload
    def __init__(self, value: str) -> None: ...
    @property
    def name(self) -> str: ...
    @property
    def value(self) -> int: ...
    def __int__(self) -> int: ...
    def __index__(self) -> int: ...
    def __eq__(self, other: object) -> bool: ...
    def __ne__(self, other: object) -> bool: ...
    def __hash__(self) -> int: ...

_SectorLike: TypeAlias = Union[Sector, str]
_InstitutionKindLike: TypeAlias = Union[InstitutionKind, str]
_DegreeLevelLike: TypeAlias = Union[DegreeLevel, str]
_MissionModeLike: TypeAlias = Union[MissionMode, str]
_ObjectiveLike: TypeAlias = Union[Objective, str]
_SolveStatusLike: TypeAlias = Union[SolveStatus, str]
_UnfilledReasonLike: TypeAlias = Union[UnfilledReason, str]
_CefrLike: TypeAlias = Union[Cefr, str]

# The domain model (record classes).

class DateWindow:
    def __init__(self, *, start: _DateLike = ..., end: _DateLike = ...) -> None: ...
    @property
    def start(self) -> datetime.date: ...
    @start.setter
    def start(self, value: _DateLike) -> None: ...
    @property
    def end(self) -> datetime.date: ...
    @end.setter
    def end(self, value: _DateLike) -> None: ...
    @property
    def length_days(self) -> int: ...
    def __eq__(self, other: object) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

class Skill:
    id: str
    name: str
    parent: Optional[str]
    def __init__(self, *, id: str = ..., name: str = ..., parent: Optional[str] = ...) -> None: ...
    def __eq__(self, other: object) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

class Taxonomy:
    def __init__(self, *, skills: Sequence[Skill] = ...) -> None: ...
    @property
    def skills(self) -> list[Skill]: ...
    @skills.setter
    def skills(self, value: Sequence[Skill]) -> None: ...
    def __eq__(self, other: object) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

class SkillLevel:
    skill: str
    level: int
    def __init__(self, *, skill: str = ..., level: int = ...) -> None: ...
    def __eq__(self, other: object) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

class LanguageLevel:
    language: str
    def __init__(self, *, language: str = ..., level: _CefrLike = ...) -> None: ...
    @property
    def level(self) -> Cefr: ...
    @level.setter
    def level(self, value: _CefrLike) -> None: ...
    def __eq__(self, other: object) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

class Degree:
    field: str
    def __init__(self, *, level: _DegreeLevelLike = ..., field: str = ...) -> None: ...
    @property
    def level(self) -> DegreeLevel: ...
    @level.setter
    def level(self, value: _DegreeLevelLike) -> None: ...
    def __eq__(self, other: object) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

class Preferences:
    def __init__(
        self, *, regions: Sequence[str] = ..., sectors: Sequence[_SectorLike] = ...
    ) -> None: ...
    @property
    def regions(self) -> list[str]: ...
    @regions.setter
    def regions(self, value: Sequence[str]) -> None: ...
    @property
    def sectors(self) -> list[Sector]: ...
    @sectors.setter
    def sectors(self, value: Sequence[_SectorLike]) -> None: ...
    def __eq__(self, other: object) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

class Expert:
    id: str
    name: str
    residence_country: str
    years_experience: int
    max_missions: int
    remote_possible: bool
    preferences: Preferences
    def __init__(
        self,
        *,
        id: str = ...,
        name: str = ...,
        residence_country: str = ...,
        skills: Sequence[SkillLevel] = ...,
        languages: Sequence[LanguageLevel] = ...,
        sectors: Sequence[_SectorLike] = ...,
        degrees: Sequence[Degree] = ...,
        years_experience: int = ...,
        availability: Sequence[DateWindow] = ...,
        max_missions: int = ...,
        remote_possible: bool = ...,
        preferences: Preferences = ...,
    ) -> None: ...
    @property
    def skills(self) -> list[SkillLevel]: ...
    @skills.setter
    def skills(self, value: Sequence[SkillLevel]) -> None: ...
    @property
    def languages(self) -> list[LanguageLevel]: ...
    @languages.setter
    def languages(self, value: Sequence[LanguageLevel]) -> None: ...
    @property
    def sectors(self) -> list[Sector]: ...
    @sectors.setter
    def sectors(self, value: Sequence[_SectorLike]) -> None: ...
    @property
    def degrees(self) -> list[Degree]: ...
    @degrees.setter
    def degrees(self, value: Sequence[Degree]) -> None: ...
    @property
    def availability(self) -> list[DateWindow]: ...
    @availability.setter
    def availability(self, value: Sequence[DateWindow]) -> None: ...
    def has_doctorate(self) -> bool: ...
    def __eq__(self, other: object) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

class Institution:
    id: str
    name: str
    region: str
    def __init__(
        self, *, id: str = ..., name: str = ..., kind: _InstitutionKindLike = ..., region: str = ...
    ) -> None: ...
    @property
    def kind(self) -> InstitutionKind: ...
    @kind.setter
    def kind(self, value: _InstitutionKindLike) -> None: ...
    def __eq__(self, other: object) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

class SkillRequirement:
    skill: str
    essential: bool
    min_level: int
    weight: float
    def __init__(
        self, *, skill: str = ..., essential: bool = ..., min_level: int = ..., weight: float = ...
    ) -> None: ...
    def __eq__(self, other: object) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

class LanguageRequirement:
    language: str
    def __init__(self, *, language: str = ..., min_level: _CefrLike = ...) -> None: ...
    @property
    def min_level(self) -> Cefr: ...
    @min_level.setter
    def min_level(self, value: _CefrLike) -> None: ...
    def __eq__(self, other: object) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

class Need:
    id: str
    institution: str
    window: DateWindow
    duration_days: int
    seats: int
    priority: int
    thesis_supervision: bool
    def __init__(
        self,
        *,
        id: str = ...,
        institution: str = ...,
        sector: _SectorLike = ...,
        skills: Sequence[SkillRequirement] = ...,
        languages: Sequence[LanguageRequirement] = ...,
        window: DateWindow = ...,
        duration_days: int = ...,
        seats: int = ...,
        priority: int = ...,
        mode: _MissionModeLike = ...,
        thesis_supervision: bool = ...,
    ) -> None: ...
    @property
    def sector(self) -> Sector: ...
    @sector.setter
    def sector(self, value: _SectorLike) -> None: ...
    @property
    def skills(self) -> list[SkillRequirement]: ...
    @skills.setter
    def skills(self, value: Sequence[SkillRequirement]) -> None: ...
    @property
    def languages(self) -> list[LanguageRequirement]: ...
    @languages.setter
    def languages(self, value: Sequence[LanguageRequirement]) -> None: ...
    @property
    def mode(self) -> MissionMode: ...
    @mode.setter
    def mode(self, value: _MissionModeLike) -> None: ...
    def __eq__(self, other: object) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

class Problem:
    name: str
    taxonomy: Taxonomy
    def __init__(
        self,
        *,
        name: str = ...,
        taxonomy: Taxonomy = ...,
        institutions: Sequence[Institution] = ...,
        experts: Sequence[Expert] = ...,
        needs: Sequence[Need] = ...,
    ) -> None: ...
    @property
    def institutions(self) -> list[Institution]: ...
    @institutions.setter
    def institutions(self, value: Sequence[Institution]) -> None: ...
    @property
    def experts(self) -> list[Expert]: ...
    @experts.setter
    def experts(self, value: Sequence[Expert]) -> None: ...
    @property
    def needs(self) -> list[Need]: ...
    @needs.setter
    def needs(self, value: Sequence[Need]) -> None: ...
    def __eq__(self, other: object) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

class ScoreTerm:
    name: str
    value: float
    detail: str
    def __init__(self, *, name: str = ..., value: float = ..., detail: str = ...) -> None: ...
    def __eq__(self, other: object) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

class AssignedPair:
    expert: str
    need: str
    score: float
    def __init__(
        self, *, expert: str = ..., need: str = ..., score: float = ..., terms: Sequence[ScoreTerm] = ...
    ) -> None: ...
    @property
    def terms(self) -> list[ScoreTerm]: ...
    @terms.setter
    def terms(self, value: Sequence[ScoreTerm]) -> None: ...
    def __eq__(self, other: object) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

class UnfilledSeats:
    need: str
    seats: int
    detail: str
    def __init__(
        self,
        *,
        need: str = ...,
        seats: int = ...,
        reason: _UnfilledReasonLike = ...,
        detail: str = ...,
        fixes: Sequence[str] = ...,
    ) -> None: ...
    @property
    def reason(self) -> UnfilledReason: ...
    @reason.setter
    def reason(self, value: _UnfilledReasonLike) -> None: ...
    @property
    def fixes(self) -> list[str]: ...
    @fixes.setter
    def fixes(self, value: Sequence[str]) -> None: ...
    def __eq__(self, other: object) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

class Alternate:
    expert: str
    score: float
    def __init__(self, *, expert: str = ..., score: float = ...) -> None: ...
    def __eq__(self, other: object) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

class NeedAlternates:
    need: str
    def __init__(self, *, need: str = ..., experts: Sequence[Alternate] = ...) -> None: ...
    @property
    def experts(self) -> list[Alternate]: ...
    @experts.setter
    def experts(self, value: Sequence[Alternate]) -> None: ...
    def __eq__(self, other: object) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

class Assignment:
    problem: str
    total_score: float
    def __init__(
        self,
        *,
        problem: str = ...,
        objective: _ObjectiveLike = ...,
        status: _SolveStatusLike = ...,
        total_score: float = ...,
        pairs: Sequence[AssignedPair] = ...,
        unfilled: Sequence[UnfilledSeats] = ...,
        alternates: Sequence[NeedAlternates] = ...,
    ) -> None: ...
    @property
    def objective(self) -> Objective: ...
    @objective.setter
    def objective(self, value: _ObjectiveLike) -> None: ...
    @property
    def status(self) -> SolveStatus: ...
    @status.setter
    def status(self, value: _SolveStatusLike) -> None: ...
    @property
    def pairs(self) -> list[AssignedPair]: ...
    @pairs.setter
    def pairs(self, value: Sequence[AssignedPair]) -> None: ...
    @property
    def unfilled(self) -> list[UnfilledSeats]: ...
    @unfilled.setter
    def unfilled(self, value: Sequence[UnfilledSeats]) -> None: ...
    @property
    def alternates(self) -> list[NeedAlternates]: ...
    @alternates.setter
    def alternates(self, value: Sequence[NeedAlternates]) -> None: ...
    def __eq__(self, other: object) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

# The JSON contract, validation, the demo round and summaries (bind_io.cpp).

def read_problem(text: str) -> Problem: ...
def load_problem(path: str) -> Problem: ...
def write_problem(problem: Problem, indent: int = 2) -> str: ...
def read_assignment(text: str) -> Assignment: ...
def load_assignment(path: str) -> Assignment: ...
def write_assignment(assignment: Assignment, indent: int = 2) -> str: ...
def write_file_atomically(path: str, content: str) -> None: ...
def validate_problem(problem: Problem) -> _Issues: ...
def validate_assignment(problem: Problem, assignment: Assignment) -> _Issues: ...
def format_summary(problem: Problem) -> str: ...
def demo_problem(
    seed: int = 1, experts: int = 650, institutions: int = 140, needs: int = 100
) -> Problem: ...

# Scoring (bind_score.cpp).

class ScoringPolicy:
    skills_weight: float
    language_weight: float
    sector_weight: float
    degree_weight: float
    experience_weight: float
    preferences_weight: float
    parent_decay: float
    sibling_decay: float
    below_level_credit: float
    doctorate_credit: float
    master_credit: float
    bachelor_credit: float
    other_degree_credit: float
    full_experience_years: float
    priority_step: float
    equity_bonus: float
    capital_region: str
    def __init__(
        self,
        *,
        skills_weight: float = ...,
        language_weight: float = ...,
        sector_weight: float = ...,
        degree_weight: float = ...,
        experience_weight: float = ...,
        preferences_weight: float = ...,
        parent_decay: float = ...,
        sibling_decay: float = ...,
        below_level_credit: float = ...,
        doctorate_credit: float = ...,
        master_credit: float = ...,
        bachelor_credit: float = ...,
        other_degree_credit: float = ...,
        full_experience_years: float = ...,
        priority_step: float = ...,
        equity_bonus: float = ...,
        capital_region: str = ...,
    ) -> None: ...
    def to_dict(self) -> dict[str, Any]: ...
    @staticmethod
    def from_dict(document: dict[Any, Any]) -> ScoringPolicy: ...
    def validate(self) -> _Issues: ...
    def __eq__(self, other: object) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

class PairScore:
    @property
    def expert(self) -> str: ...
    @property
    def need(self) -> str: ...
    @property
    def feasible(self) -> bool: ...
    @property
    def reason(self) -> str: ...
    @property
    def message(self) -> str: ...
    @property
    def fit(self) -> float: ...
    @property
    def priority_multiplier(self) -> float: ...
    @property
    def equity_multiplier(self) -> float: ...
    @property
    def score(self) -> float: ...
    @property
    def terms(self) -> dict[str, float]: ...
    def __bool__(self) -> bool: ...

class Explanation:
    @property
    def expert(self) -> str: ...
    @property
    def need(self) -> str: ...
    @property
    def feasible(self) -> bool: ...
    @property
    def reason(self) -> str: ...
    @property
    def message(self) -> str: ...
    @property
    def fit(self) -> float: ...
    @property
    def priority_multiplier(self) -> float: ...
    @property
    def equity_multiplier(self) -> float: ...
    @property
    def score(self) -> float: ...
    @property
    def score_if_feasible(self) -> float: ...
    @property
    def terms(self) -> list[ScoreTerm]: ...
    def to_dict(self) -> dict[str, Any]: ...

class ScoringContext:
    def __init__(self, problem: Problem, policy: Optional[ScoringPolicy] = None) -> None: ...
    @property
    def policy(self) -> ScoringPolicy: ...
    @property
    def expert_count(self) -> int: ...
    @property
    def need_count(self) -> int: ...
    def score_pair(self, expert_id: str, need_id: str) -> PairScore: ...
    def explain(self, expert_id: str, need_id: str) -> Explanation: ...

def score_pair(
    problem: Problem, expert_id: str, need_id: str, policy: Optional[ScoringPolicy] = None
) -> PairScore: ...
def explain(
    problem: Problem, expert_id: str, need_id: str, policy: Optional[ScoringPolicy] = None
) -> Explanation: ...
def read_policy(text: str) -> ScoringPolicy: ...
def write_policy(policy: ScoringPolicy, indent: int = 2) -> str: ...
def load_policy(path: _PathLike) -> ScoringPolicy: ...
def save_policy(policy: ScoringPolicy, path: _PathLike, indent: int = 2) -> None: ...

# The assignment kernels, for the package's own wrappers (tokten._lsap, _sparse, _bmatching).

def _solve_dense_assignment(
    cost_matrix: npt.NDArray[Any], maximize: bool
) -> tuple[_I64Array, _I64Array, float, _F64Array, _F64Array, bool]: ...
def _hall_witness_dense(cost_matrix: npt.NDArray[Any], maximize: bool) -> _Witness: ...
def _solve_sparse_assignment(
    rows: int,
    cols: int,
    indptr: npt.NDArray[Any],
    indices: npt.NDArray[Any],
    data: npt.NDArray[Any],
    maximize: bool,
) -> tuple[_I64Array, float, _F64Array, _F64Array, bool, _Witness]: ...
def _solve_capacitated(
    rows: int,
    cols: int,
    indptr: npt.ArrayLike,
    indices: npt.ArrayLike,
    data: npt.ArrayLike,
    row_capacity: npt.ArrayLike,
    col_capacity: npt.ArrayLike,
    row_minimum: npt.ArrayLike,
    col_minimum: npt.ArrayLike,
    row_group: npt.ArrayLike,
    row_group_min: npt.ArrayLike,
    row_group_max: npt.ArrayLike,
    col_group: npt.ArrayLike,
    col_group_min: npt.ArrayLike,
    col_group_max: npt.ArrayLike,
    pinned_rows: npt.ArrayLike,
    pinned_cols: npt.ArrayLike,
    interval_first: npt.ArrayLike,
    interval_last: npt.ArrayLike,
    maximize: bool,
    max_cardinality: bool,
    allow_partial: bool,
) -> dict[str, Any]: ...

# The end-to-end solve (bind_solve.cpp), wrapped by tokten.solve.

def _solve(
    problem: Problem,
    policy: Optional[ScoringPolicy],
    objective: _ObjectiveLike,
    candidates_per_need: int,
    alternates: int,
    explain: bool,
    fixes: int,
    progress: Optional[Callable[[str, int, int], object]] = None,
    cancel: Optional[_CancelFlag] = None,
) -> tuple[Assignment, str]: ...
def isced_taxonomy() -> Taxonomy: ...

# Impact evaluation (bind_policies.cpp), wrapped by tokten.compare_policies and
# tokten.withdrawal_robustness.

def _run_policy(
    problem: Problem,
    kind: str,
    policy: Optional[ScoringPolicy],
    candidates_per_need: int,
    request_order: Sequence[str],
    seed: int,
    recorded: Sequence[tuple[str, str]],
) -> tuple[Assignment, dict[str, Any]]: ...
def _equity_point(
    problem: Problem,
    policy: Optional[ScoringPolicy],
    bonus: float,
    candidates_per_need: int,
) -> dict[str, Any]: ...
def _withdrawal_trials(
    problem: Problem,
    policy: Optional[ScoringPolicy],
    candidates_per_need: int,
    objective: _ObjectiveLike,
    base: Assignment,
    probability: Sequence[float],
    first_trial: int,
    trials: int,
    seed: int,
    rematch: bool,
) -> dict[str, list[Any]]: ...

# Safe publication (bind_publish.cpp), wrapped by tokten.publish_table and tokten.audit_table.

def _suppress_table(
    values: npt.ArrayLike,
    experts: npt.ArrayLike,
    row_experts: npt.ArrayLike,
    col_experts: npt.ArrayLike,
    total_experts: int,
    k: int,
    protection: int,
    protection_ratio: float,
    cost: str,
) -> dict[str, Any]: ...
def _audit_table(
    values: npt.ArrayLike,
    experts: npt.ArrayLike,
    row_experts: npt.ArrayLike,
    col_experts: npt.ArrayLike,
    total_experts: int,
    cells: npt.ArrayLike,
    row_totals: npt.ArrayLike,
    col_totals: npt.ArrayLike,
    grand_total: bool,
    k: int,
    protection: int,
    protection_ratio: float,
) -> dict[str, Any]: ...

# The mission ledger, reconciliation, indicators, equity and the synthetic history
# (bind_impact.cpp), with pandas in and out in tokten/_ledger.py.

FINDING_KINDS: tuple[str, ...]
BREAKDOWN_KEYS: tuple[str, ...]

class LedgerExpert:
    id: str
    residence_country: str
    def __init__(
        self,
        *,
        id: str = ...,
        residence_country: str = ...,
        known_from: Optional[_DateLike] = ...,
        known_until: Optional[_DateLike] = ...,
    ) -> None: ...
    @property
    def known_from(self) -> Optional[datetime.date]: ...
    @known_from.setter
    def known_from(self, value: Optional[_DateLike]) -> None: ...
    @property
    def known_until(self) -> Optional[datetime.date]: ...
    @known_until.setter
    def known_until(self, value: Optional[_DateLike]) -> None: ...
    def __eq__(self, other: object) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

class LedgerInstitution:
    id: str
    name: str
    region: str
    def __init__(
        self, *, id: str = ..., name: str = ..., kind: _InstitutionKindLike = ..., region: str = ...
    ) -> None: ...
    @property
    def kind(self) -> InstitutionKind: ...
    @kind.setter
    def kind(self, value: _InstitutionKindLike) -> None: ...
    def __eq__(self, other: object) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

class MissionRecord:
    id: str
    expert: str
    institution: str
    need: Optional[str]
    region: str
    dates: DateWindow
    beneficiaries: int
    theses_supervised: int
    theses_defended: int
    source: str
    def __init__(
        self,
        *,
        id: str = ...,
        expert: str = ...,
        institution: str = ...,
        need: Optional[str] = ...,
        sector: _SectorLike = ...,
        region: str = ...,
        dates: DateWindow = ...,
        beneficiaries: int = ...,
        theses_supervised: int = ...,
        theses_defended: int = ...,
        outcomes: dict[str, int] = ...,
        source: str = ...,
    ) -> None: ...
    @property
    def sector(self) -> Sector: ...
    @sector.setter
    def sector(self, value: _SectorLike) -> None: ...
    @property
    def outcomes(self) -> dict[str, int]: ...
    @outcomes.setter
    def outcomes(self, value: dict[str, int]) -> None: ...
    def __eq__(self, other: object) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

class Request:
    need: str
    institution: str
    region: str
    seats: int
    def __init__(
        self,
        *,
        need: str = ...,
        institution: str = ...,
        sector: _SectorLike = ...,
        region: str = ...,
        seats: int = ...,
        requested_on: Optional[_DateLike] = ...,
    ) -> None: ...
    @property
    def sector(self) -> Sector: ...
    @sector.setter
    def sector(self, value: _SectorLike) -> None: ...
    @property
    def requested_on(self) -> Optional[datetime.date]: ...
    @requested_on.setter
    def requested_on(self, value: Optional[_DateLike]) -> None: ...
    def __eq__(self, other: object) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

class Ledger:
    name: str
    def __init__(
        self,
        *,
        name: str = ...,
        experts: Sequence[LedgerExpert] = ...,
        institutions: Sequence[LedgerInstitution] = ...,
        missions: Sequence[MissionRecord] = ...,
        requests: Sequence[Request] = ...,
    ) -> None: ...
    @property
    def experts(self) -> list[LedgerExpert]: ...
    @experts.setter
    def experts(self, value: Sequence[LedgerExpert]) -> None: ...
    @property
    def institutions(self) -> list[LedgerInstitution]: ...
    @institutions.setter
    def institutions(self, value: Sequence[LedgerInstitution]) -> None: ...
    @property
    def missions(self) -> list[MissionRecord]: ...
    @missions.setter
    def missions(self, value: Sequence[MissionRecord]) -> None: ...
    @property
    def requests(self) -> list[Request]: ...
    @requests.setter
    def requests(self, value: Sequence[Request]) -> None: ...
    def __eq__(self, other: object) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

class LedgerFinding:
    kind: str
    message: str
    def __init__(self, *, kind: str = ..., missions: Sequence[str] = ..., message: str = ...) -> None: ...
    @property
    def missions(self) -> list[str]: ...
    @missions.setter
    def missions(self, value: Sequence[str]) -> None: ...
    def __eq__(self, other: object) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

class ProgrammeTotals:
    missions: int
    beneficiaries: int
    theses_supervised: int
    theses_defended: int
    experts: int
    residence_countries: int
    host_structures: int
    set_aside: int
    def __init__(
        self,
        *,
        missions: int = ...,
        beneficiaries: int = ...,
        theses_supervised: int = ...,
        theses_defended: int = ...,
        experts: int = ...,
        residence_countries: int = ...,
        host_structures: int = ...,
        set_aside: int = ...,
    ) -> None: ...
    def __eq__(self, other: object) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

class BreakdownRow:
    key: str
    missions: int
    beneficiaries: int
    theses_supervised: int
    theses_defended: int
    experts: int
    def __init__(
        self,
        *,
        key: str = ...,
        missions: int = ...,
        beneficiaries: int = ...,
        theses_supervised: int = ...,
        theses_defended: int = ...,
        experts: int = ...,
    ) -> None: ...
    def __eq__(self, other: object) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

class Breakdown:
    by: str
    def __init__(self, *, by: str = ..., rows: Sequence[BreakdownRow] = ...) -> None: ...
    @property
    def rows(self) -> list[BreakdownRow]: ...
    @rows.setter
    def rows(self, value: Sequence[BreakdownRow]) -> None: ...
    def __eq__(self, other: object) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

class RequestCoverage:
    needs_requested: int
    needs_filled: int
    seats_requested: int
    seats_filled: int
    need_coverage: float
    seat_coverage: float
    median_days_to_fill: Optional[float]
    mean_days_to_fill: Optional[float]
    def __init__(
        self,
        *,
        needs_requested: int = ...,
        needs_filled: int = ...,
        seats_requested: int = ...,
        seats_filled: int = ...,
        need_coverage: float = ...,
        seat_coverage: float = ...,
        median_days_to_fill: Optional[float] = ...,
        mean_days_to_fill: Optional[float] = ...,
    ) -> None: ...
    def __eq__(self, other: object) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

class Continuity:
    repeat_rate: float
    return_to_host_rate: float
    experts: int
    repeat_experts: int
    returning_experts: int
    def __init__(
        self,
        *,
        repeat_rate: float = ...,
        return_to_host_rate: float = ...,
        experts: int = ...,
        repeat_experts: int = ...,
        returning_experts: int = ...,
    ) -> None: ...
    def __eq__(self, other: object) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

class RegionRate:
    region: str
    missions: int
    beneficiaries: int
    population: float
    missions_per_100k: float
    beneficiaries_per_100k: float
    def __init__(
        self,
        *,
        region: str = ...,
        missions: int = ...,
        beneficiaries: int = ...,
        population: float = ...,
        missions_per_100k: float = ...,
        beneficiaries_per_100k: float = ...,
    ) -> None: ...
    def __eq__(self, other: object) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

class EquityReport:
    missions_outside_capital_share: float
    beneficiaries_outside_capital_share: float
    gini_regions_missions: float
    theil_regions_missions: float
    gini_sectors_missions: float
    theil_sectors_missions: float
    gini_regions_per_capita: Optional[float]
    theil_regions_per_capita: Optional[float]
    def __init__(
        self,
        *,
        missions_outside_capital_share: float = ...,
        beneficiaries_outside_capital_share: float = ...,
        gini_regions_missions: float = ...,
        theil_regions_missions: float = ...,
        gini_sectors_missions: float = ...,
        theil_sectors_missions: float = ...,
        per_capita: Sequence[RegionRate] = ...,
        gini_regions_per_capita: Optional[float] = ...,
        theil_regions_per_capita: Optional[float] = ...,
    ) -> None: ...
    @property
    def per_capita(self) -> list[RegionRate]: ...
    @per_capita.setter
    def per_capita(self, value: Sequence[RegionRate]) -> None: ...
    def __eq__(self, other: object) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

def read_ledger(text: str) -> Ledger: ...
def load_ledger(path: str) -> Ledger: ...
def write_ledger(ledger: Ledger, indent: int = 2) -> str: ...
def reconcile(ledger: Ledger) -> list[LedgerFinding]: ...
def reconciled(ledger: Ledger, findings: Optional[Sequence[LedgerFinding]] = None) -> Ledger: ...
def programme_totals(ledger: Ledger) -> ProgrammeTotals: ...
def breakdown(ledger: Ledger, by: str) -> Breakdown: ...
def request_coverage(ledger: Ledger) -> RequestCoverage: ...
def continuity(ledger: Ledger) -> Continuity: ...
def equity(
    ledger: Ledger, capital: str = "Bamako", population: Optional[dict[str, float]] = None
) -> EquityReport: ...
def synthetic_history(
    seed: int = 1,
    first_year: int = 1998,
    last_year: int = 2025,
    experts: int = 629,
    missions: int = 992,
    beneficiaries: int = 28903,
    theses_supervised: int = 67,
    theses_defended: int = 42,
) -> Ledger: ...

# The programme report (bind_report.cpp), wrapped by tokten.report and tokten.report_data.

def _html_report(
    ledger: Optional[Ledger],
    problem: Optional[Problem],
    policy: Optional[ScoringPolicy],
    title: str,
    capital: str,
    population: Mapping[str, float],
    k: int,
    bonuses: Sequence[float],
    withdrawal_probability: float,
    trials: int,
    seed: int,
    candidates_per_need: int,
) -> str: ...

def _report_data_json(
    ledger: Optional[Ledger],
    problem: Optional[Problem],
    policy: Optional[ScoringPolicy],
    title: str,
    capital: str,
    population: Mapping[str, float],
    k: int,
    bonuses: Sequence[float],
    withdrawal_probability: float,
    trials: int,
    seed: int,
    candidates_per_need: int,
) -> str: ...
