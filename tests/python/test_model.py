"""The domain model from Python: construction, enums from strings, dates, validation."""
import datetime
import math

import pytest

import tokten


def tiny():
    return tokten.problem_from_dict(
        {
            "format": "tokten.problem",
            "format_version": 1,
            "name": "tiny",
            "taxonomy": {"skills": [{"id": "s", "name": "Skill"}]},
            "institutions": [{"id": "i", "name": "Université", "kind": "university", "region": "Ségou"}],
            "experts": [{"id": "e", "name": "Awa", "residence_country": "FR", "skills": [{"skill": "s", "level": 4}]}],
            "needs": [
                {
                    "id": "n",
                    "institution": "i",
                    "sector": "education",
                    "skills": [{"skill": "s"}],
                    "window": {"start": "2027-01-01", "end": "2027-01-31"},
                    "duration_days": 14,
                }
            ],
        }
    )


def test_records_take_keywords_and_strings_for_enums():
    need = tokten.Need(id="n1", sector="health", mode="either", seats=2)
    assert need.sector == tokten.Sector.health
    assert need.mode == tokten.MissionMode.either
    assert str(need.sector) == "health"
    level = tokten.LanguageLevel(language="bm", level="C1")
    assert level.level == tokten.Cefr.C1
    with pytest.raises(TypeError, match="unexpected keyword argument 'seat'"):
        tokten.Need(id="n1", seat=2)
    with pytest.raises(ValueError, match="expected a sector"):
        tokten.Sector("mining")


def test_dates_are_datetime_dates():
    window = tokten.DateWindow(start="2027-01-01", end=datetime.date(2027, 1, 31))
    assert window.start == datetime.date(2027, 1, 1)
    assert window.length_days == 31
    with pytest.raises(ValueError, match="expected a date as YYYY-MM-DD .* got '2027-02-30'"):
        tokten.DateWindow(start="2027-02-30")


def test_attributes_are_values_and_never_dangle():
    problem = tiny()
    need = problem.needs[0]
    problem.needs = []  # the old element must stay a valid object of its own
    assert need.id == "n"
    need.seats = 4
    assert problem.needs == []
    problem.needs = [need]
    assert problem.needs[0].seats == 4


def test_equality_and_repr():
    assert tiny() == tiny()
    other = tiny()
    other.name = "other"
    assert other != tiny()
    assert "Expert(id='e'" in repr(tiny().experts[0])


def test_validation_locates_every_issue():
    problem = tiny()
    need = problem.needs[0]
    need.institution = "nowhere"
    need.skills = [tokten.SkillRequirement(skill="s", weight=math.nan)]
    problem.needs = [need]
    issues = tokten.validate_problem(problem)
    assert ("/needs/0/institution", 'unknown institution id "nowhere" (not in /institutions)') in issues
    assert any(pointer == "/needs/0/skills/0/weight" for pointer, _ in issues)
    assert tokten.validate_problem(tiny()) == []


def test_doctorate():
    expert = tokten.Expert(id="e", degrees=[tokten.Degree(level="doctorate")])
    assert expert.has_doctorate()
    assert not tokten.Expert(id="e").has_doctorate()


def test_demo_sizes_are_checked():
    with pytest.raises(ValueError, match="institutions must be from 1"):
        tokten.demo_problem(institutions=0, needs=1)
    with pytest.raises(ValueError, match="experts must be from 0"):
        tokten.demo_problem(experts=-1)
    assert tokten.demo_problem(experts=0, institutions=0, needs=0).needs == []


def test_demo_is_deterministic_and_valid():
    a = tokten.demo_problem(seed=11, experts=80, institutions=10, needs=20)
    assert a == tokten.demo_problem(seed=11, experts=80, institutions=10, needs=20)
    assert a != tokten.demo_problem(seed=12, experts=80, institutions=10, needs=20)
    assert tokten.validate_problem(a) == []
    assert "80 (capacity" in tokten.format_summary(a)
