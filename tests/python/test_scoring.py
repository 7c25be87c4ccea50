"""Scoring from Python: the policy, the pair scorer, explanations and the Policy document."""
import json
import math

import jsonschema
import pytest

import tokten

TERMS = ["skills", "language", "sector", "degree", "experience", "preferences"]


@pytest.fixture(scope="module")
def demo():
    return tokten.demo_problem(seed=1)


@pytest.fixture(scope="module")
def policy_schema():
    return tokten.schema("policy")


def small_problem():
    """One expert and one need in Kayes that meet every requirement (every term 1)."""
    return tokten.Problem(
        name="small",
        taxonomy=tokten.Taxonomy(skills=[
            tokten.Skill(id="isced:09", name="Health"),
            tokten.Skill(id="isced:091", name="Health", parent="isced:09"),
            tokten.Skill(id="isced:0913", name="Nursing", parent="isced:091"),
            tokten.Skill(id="isced:0912", name="Medicine", parent="isced:091"),
        ]),
        institutions=[tokten.Institution(id="inst-1", name="Hôpital de Kayes", kind="hospital", region="Kayes")],
        experts=[tokten.Expert(
            id="exp-1", name="Awa", residence_country="FR",
            skills=[tokten.SkillLevel(skill="isced:0912", level=4)],
            languages=[tokten.LanguageLevel(language="fr", level="C1")],
            sectors=["health"], degrees=[tokten.Degree(level="doctorate")], years_experience=15,
            availability=[tokten.DateWindow(start="2027-01-01", end="2027-03-31")], remote_possible=True)],
        needs=[tokten.Need(
            id="need-1", institution="inst-1", sector="health",
            skills=[tokten.SkillRequirement(skill="isced:0912", min_level=3)],
            languages=[tokten.LanguageRequirement(language="fr", min_level="B2")],
            window=tokten.DateWindow(start="2027-02-01", end="2027-02-28"), duration_days=14, priority=1)],
    )


def test_policy_defaults_kwargs_equality_repr():
    p = tokten.ScoringPolicy()
    assert (p.skills_weight, p.language_weight, p.sector_weight, p.degree_weight,
            p.experience_weight, p.preferences_weight) == (0.55, 0.10, 0.10, 0.05, 0.10, 0.10)
    assert (p.parent_decay, p.sibling_decay, p.below_level_credit) == (0.5, 0.3, 0.5)
    assert (p.full_experience_years, p.priority_step, p.equity_bonus, p.capital_region) == (15, 0.1, 0.1, "Bamako")
    q = tokten.ScoringPolicy(parent_decay=0.4, capital_region="Ségou")
    assert q != p and q.parent_decay == 0.4 and "parent_decay=0.4" in repr(q)
    assert tokten.ScoringPolicy(parent_decay=0.4, capital_region="Ségou") == q
    with pytest.raises(TypeError, match="parent_decey"):
        tokten.ScoringPolicy(parent_decey=0.4)
    assert p.validate() == []
    assert tokten.ScoringPolicy(sibling_decay=2).validate()[0][0] == "/sibling_decay"


def test_policy_documents(tmp_path, root, policy_schema):
    q = tokten.ScoringPolicy(equity_bonus=0.2, full_experience_years=20)
    assert tokten.ScoringPolicy.from_dict(q.to_dict()) == q
    assert tokten.read_policy(tokten.write_policy(q)) == q
    tokten.save_policy(q, tmp_path / "policy.json")
    assert tokten.load_policy(tmp_path / "policy.json") == q
    assert tokten.ScoringPolicy.from_dict({"format": "tokten.policy", "format_version": 1}) == tokten.ScoringPolicy()
    assert tokten.load_policy(root / "examples/data/policy.json") == tokten.ScoringPolicy()
    with pytest.raises(tokten.InputError) as error:
        tokten.ScoringPolicy.from_dict({"format": "tokten.policy", "format_version": 1, "parent_decay": math.nan})
    assert error.value.pointer == "/parent_decay"
    with pytest.raises(tokten.InputError, match="got NaN") as error:
        tokten.write_policy(tokten.ScoringPolicy(skills_weight=math.nan))
    assert error.value.pointer == "/skills_weight"


def test_policy_schema_and_reader_agree(policy_schema, root):
    jsonschema.Draft202012Validator.check_schema(policy_schema)
    example = json.loads((root / "examples/data/policy.json").read_text(encoding="utf-8"))
    jsonschema.validate(example, policy_schema)
    # Every field of the reader is in the schema, and the example has them all.
    assert set(policy_schema["properties"]) == set(tokten.ScoringPolicy().to_dict()) == set(example)
    jsonschema.validate(tokten.ScoringPolicy(sibling_decay=0.9).to_dict(), policy_schema)
    jsonschema.validate({"format": "tokten.policy", "format_version": 1}, policy_schema)
    edits = [
        ("/parent_decay", lambda d: d.update(parent_decay=1.5)),
        ("/skills_weight", lambda d: d.update(skills_weight=-0.1)),
        ("/full_experience_years", lambda d: d.update(full_experience_years=0)),
        ("/equity_bonus", lambda d: d.update(equity_bonus="0.1")),
        ("/capital_region", lambda d: d.update(capital_region="")),
        ("/skill_weight", lambda d: d.update(skill_weight=0.5)),
        ("/format", lambda d: d.update(format="tokten.problem")),
    ]
    for pointer, edit in edits:
        document = dict(example)
        edit(document)
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(document, policy_schema)
        with pytest.raises(tokten.InputError) as error:
            tokten.ScoringPolicy.from_dict(document)
        assert error.value.pointer == pointer


def test_score_pair_on_a_small_problem():
    problem = small_problem()
    r = tokten.score_pair(problem, "exp-1", "need-1")
    assert r.feasible and bool(r) and r.reason == "none" and r.message == ""
    assert r.terms == {t: 1.0 for t in TERMS}
    assert r.fit == 1.0 and r.equity_multiplier == pytest.approx(1.1)  # Kayes is not Bamako
    assert r.score == pytest.approx(1.1)
    # The same expert with nursing (a sibling of medicine) at level 5: optional requirement credit 0.3.
    need = problem.needs[0]
    need.skills = [tokten.SkillRequirement(skill="isced:0913", essential=False, min_level=3)]
    problem.needs = [need]
    r = tokten.score_pair(problem, "exp-1", "need-1")
    assert r.terms["skills"] == pytest.approx(0.3)
    # fit = 0.55 * 0.3 + 0.45 * 1
    assert r.fit == pytest.approx(0.55 * 0.3 + 0.45)
    need.skills = [tokten.SkillRequirement(skill="isced:0913", essential=True, min_level=3)]
    problem.needs = [need]
    r = tokten.score_pair(problem, "exp-1", "need-1")
    assert not r.feasible and r.reason == "essential_skill" and r.score == 0.0
    assert r.message == "missing essential skill isced:0913 at level 3"
    # A policy changes the numbers.
    need.skills = [tokten.SkillRequirement(skill="isced:0913", essential=False, min_level=3)]
    problem.needs = [need]
    r = tokten.score_pair(problem, "exp-1", "need-1", policy=tokten.ScoringPolicy(sibling_decay=0.6))
    assert r.terms["skills"] == pytest.approx(0.6)


def test_hard_constraints_from_python():
    problem = small_problem()
    expert = problem.experts[0]
    expert.max_missions = 0
    problem.experts = [expert]
    assert tokten.score_pair(problem, "exp-1", "need-1").reason == "capacity"
    expert.max_missions = 1
    expert.availability = [tokten.DateWindow(start="2027-02-15", end="2027-03-31")]  # Feb 15..28: 14 days
    problem.experts = [expert]
    assert tokten.score_pair(problem, "exp-1", "need-1").feasible
    expert.availability = [tokten.DateWindow(start="2027-02-16", end="2027-03-31")]  # 13 days
    problem.experts = [expert]
    r = tokten.score_pair(problem, "exp-1", "need-1")
    assert r.reason == "availability" and "at most 13 days" in r.message


def test_bad_input_is_named():
    problem = small_problem()
    with pytest.raises(KeyError, match="exp-9"):
        tokten.score_pair(problem, "exp-9", "need-1")
    need = problem.needs[0]
    need.skills = [tokten.SkillRequirement(skill="isced:9999")]
    problem.needs = [need]
    with pytest.raises(tokten.InputError, match='unknown skill id "isced:9999"') as error:
        tokten.score_pair(problem, "exp-1", "need-1")
    assert error.value.pointer == "/needs/0/skills/0/skill"
    with pytest.raises(tokten.InputError) as error:
        tokten.ScoringContext(small_problem(), tokten.ScoringPolicy(equity_bonus=-1))
    assert error.value.pointer == "/equity_bonus"


def test_explain_in_words():
    problem = small_problem()
    x = tokten.explain(problem, "exp-1", "need-1")
    text = str(x)
    assert x.feasible and x.score == pytest.approx(1.1)
    assert "isced:0912 (essential, level >= 3, weight 1.00): isced:0912 at level 4, exact" in text
    assert "fr >= B2 (working language): has C1, met" in text
    assert "2027-02-01..2027-02-28 (28 days) holds the 14-day mission" in text
    assert [t.name for t in x.terms] == TERMS + ["priority", "equity"]
    d = x.to_dict()
    assert d["skills"][0]["relation"] == "exact" and d["available"]["days"] == 28
    assert json.dumps(d)  # plain JSON values


def test_all_demo_pairs_score_and_explain(demo):
    context = tokten.ScoringContext(demo)
    cap = 1.4 * 1.1
    feasible = 0
    for expert in demo.experts[:50]:
        for need in demo.needs:
            r = context.score_pair(expert.id, need.id)
            assert not math.isnan(r.score) and 0.0 <= r.score <= cap + 1e-12
            assert 0.0 <= r.fit <= 1.0
            assert r.feasible == (r.reason == "none") == (r.message == "")
            feasible += r.feasible
    assert feasible > 0
    # Explanations agree with the scores and name the need's skill ids.
    for expert in demo.experts[:5]:
        for need in demo.needs[:20]:
            x = context.explain(expert.id, need.id)
            r = context.score_pair(expert.id, need.id)
            assert x.score == r.score and x.reason == r.reason and x.message == r.message
            text = str(x)
            for requirement in need.skills:
                assert requirement.skill in text
    # The convenience function agrees with the context.
    e, n = demo.experts[3].id, demo.needs[7].id
    assert tokten.score_pair(demo, e, n).score == context.score_pair(e, n).score
