"""The JSON contract from Python: round trips, located errors, schemas, atomic writes."""
import json
import math

import jsonschema
import pytest

import tokten


@pytest.fixture(scope="module")
def demo():
    return tokten.demo_problem(seed=4, experts=60, institutions=12, needs=25)


def sample_assignment():
    return tokten.Assignment(
        problem="Round",
        objective="max_seats_then_weight",
        status="optimal",
        total_score=1 / 3,
        pairs=[tokten.AssignedPair(expert="exp-10001", need="need-5001", score=1 / 3,
                                   terms=[tokten.ScoreTerm(name="skills", value=0.3, detail="d")])],
        unfilled=[tokten.UnfilledSeats(need="need-5002", seats=1, reason="experts_taken", fixes=["accept remote"])],
        alternates=[tokten.NeedAlternates(need="need-5001", experts=[tokten.Alternate(expert="exp-10002", score=0.2)])],
    )


def test_problem_round_trips_through_files_text_and_dicts(demo, tmp_path):
    path = tmp_path / "round.json"
    tokten.save_problem(demo, path)
    assert tokten.load_problem(path) == demo
    assert tokten.read_problem(tokten.write_problem(demo)) == demo
    assert tokten.problem_from_dict(tokten.problem_to_dict(demo)) == demo


def test_assignment_round_trips(tmp_path):
    a = sample_assignment()
    path = tmp_path / "assignment.json"
    tokten.save_assignment(a, path)
    back = tokten.load_assignment(path)
    assert back == a
    assert back.pairs[0].score == 1 / 3
    assert tokten.assignment_from_dict(tokten.assignment_to_dict(a)) == a


@pytest.mark.parametrize(
    "edit, pointer, fragment",
    [
        (lambda d: d["experts"][3]["skills"][0].update(level=9), "/experts/3/skills/0/level", "from 1 to 5, got 9"),
        (lambda d: d["experts"][0].pop("id"), "/experts/0/id", 'missing required field "id"'),
        (lambda d: d["needs"][2].update(institution="inst-0"), "/needs/2/institution", "unknown institution id"),
        (lambda d: d["needs"][1]["skills"][0].update(weight=-1), "/needs/1/skills/0/weight", "finite weight"),
        (lambda d: d["experts"].append(dict(d["experts"][0])), "/experts/60/id", "duplicate id"),
        (lambda d: d["needs"][0].update(sector=3), "/needs/0/sector", "got 3"),
    ],
)
def test_bad_documents_name_the_place(demo, edit, pointer, fragment):
    document = tokten.problem_to_dict(demo)
    edit(document)
    with pytest.raises(tokten.InputError, match=fragment) as error:
        tokten.problem_from_dict(document)
    assert error.value.pointer == pointer
    assert str(error.value).startswith(pointer + ": ")


def test_nan_is_refused(demo):
    document = tokten.problem_to_dict(demo)
    document["needs"][0]["skills"][0]["weight"] = math.nan
    with pytest.raises(tokten.InputError, match="NaN"):
        tokten.problem_from_dict(document)
    with pytest.raises(tokten.InputError, match="line 1, column 19"):
        tokten.read_problem('{"format_version":NaN}')


def test_numpy_scalars_are_plain_values(demo):
    np = pytest.importorskip("numpy")
    document = tokten.problem_to_dict(demo)
    document["needs"][0]["seats"] = np.int64(3)
    document["needs"][0]["skills"][0]["weight"] = np.float32(0.5)
    document["experts"][0]["remote_possible"] = np.bool_(True)
    problem = tokten.problem_from_dict(document)
    assert problem.needs[0].seats == 3 and problem.experts[0].remote_possible


def test_non_finite_numbers_are_never_written(demo, tmp_path):
    broken = tokten.read_problem(tokten.write_problem(demo))
    need = broken.needs[1]
    need.skills = [tokten.SkillRequirement(skill=need.skills[0].skill, weight=math.inf)]
    broken.needs = [broken.needs[0], need]
    with pytest.raises(tokten.InputError, match="non-finite") as error:
        tokten.save_problem(broken, tmp_path / "x.json")
    assert error.value.pointer == "/needs/1/skills/0/weight"
    assert not list(tmp_path.iterdir())
    assignment = sample_assignment()
    assignment.total_score = math.nan
    with pytest.raises(tokten.InputError, match="/total_score"):
        tokten.write_assignment(assignment)


def test_broken_files(tmp_path):
    for content, fragment in [(b"", "empty document"), (b'{"format": "tokten.pro', "truncated"),
                              (b'{"format": "tokten.pro\xff"}', "invalid JSON at line 1")]:
        path = tmp_path / "bad.json"
        path.write_bytes(content)
        with pytest.raises(tokten.InputError, match=fragment):
            tokten.load_problem(path)
    with pytest.raises(tokten.InputError, match="cannot open"):
        tokten.load_problem(tmp_path / "missing.json")
    with pytest.raises(tokten.InputError, match="is a directory"):
        tokten.load_problem(tmp_path)
    path = tmp_path / "bad.json"
    path.write_bytes(b'{"format": "tokten.assignment\xff"}')
    with pytest.raises(tokten.InputError, match="invalid JSON at line 1"):
        tokten.load_assignment(path)
    path.write_bytes(b'{"format_version": 1e400}')
    with pytest.raises(tokten.InputError, match="number overflow"):
        tokten.load_problem(path)


def test_documents_match_their_schemas(demo, root):
    problem_schema = tokten.schema("problem")
    jsonschema.Draft202012Validator.check_schema(problem_schema)
    jsonschema.validate(tokten.problem_to_dict(demo), problem_schema)
    policy_schema = tokten.schema("policy")
    jsonschema.Draft202012Validator.check_schema(policy_schema)
    kinds = {"tokten.problem": (problem_schema, tokten.load_problem),
             "tokten.policy": (policy_schema, tokten.load_policy)}
    seen = set()
    for example in sorted((root / "examples/data").glob("*.json")):
        document = json.loads(example.read_text(encoding="utf-8"))
        the_schema, load = kinds[document["format"]]
        jsonschema.validate(document, the_schema)
        load(example)
        seen.add(document["format"])
    assert seen == set(kinds)
    assignment_schema = tokten.schema("assignment")
    jsonschema.Draft202012Validator.check_schema(assignment_schema)
    jsonschema.validate(tokten.assignment_to_dict(sample_assignment()), assignment_schema)


def test_schema_and_reader_agree_on_rejections(demo):
    schema = tokten.schema("problem")
    edits = [
        lambda d: d["experts"][0].update(avaliability=[]),
        lambda d: d["needs"][0].update(mode="onsite"),
        lambda d: d["experts"][0]["languages"][0].update(level="B3"),
        lambda d: d["needs"][0].update(skills=[]),
        lambda d: d.pop("needs"),
    ]
    for edit in edits:
        document = tokten.problem_to_dict(demo)
        edit(document)
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(document, schema)
        with pytest.raises(tokten.InputError):
            tokten.problem_from_dict(document)


def test_assignment_checked_against_problem(demo):
    a = sample_assignment()
    assert tokten.validate_assignment(demo, a) == []
    a.pairs = [tokten.AssignedPair(expert="nobody", need="need-5001", score=1.0)]
    assert tokten.validate_assignment(demo, a) == [("/pairs/0/expert", 'unknown expert id "nobody"')]


def test_a_failed_save_leaves_the_earlier_file(demo, tmp_path):
    target = tmp_path / "out"
    target.mkdir()
    with pytest.raises(RuntimeError, match="is a directory"):
        tokten.save_problem(demo, target)
    assert target.is_dir() and list(tmp_path.iterdir()) == [target]
