"""The JSON contract's stored examples (examples/contract/vN/) against the shipped JSON Schemas.

Ministry software in Java, C#, PHP or Go reads and writes these documents with its own JSON
library and validates them with the schemas; what tokten writes must pass the same schemas.
"""
import json
import pathlib
import re
import subprocess

import jsonschema
import pytest

import tokten

CONTRACT = pathlib.Path(__file__).resolve().parents[2] / "examples" / "contract"
DOCUMENTS = ["problem", "policy", "assignment", "ledger", "report"]
READERS = {
    "problem": (tokten.read_problem, tokten.write_problem),
    "policy": (tokten.read_policy, tokten.write_policy),
    "assignment": (tokten.read_assignment, tokten.write_assignment),
    "ledger": (tokten.read_ledger, tokten.write_ledger),
    # The report has no model type in Python: it is read as the plain dict tokten.report_data gives.
    "report": (json.loads, json.dumps),
}


def versions():
    found = {int(p.name[1:]): p for p in CONTRACT.iterdir() if re.fullmatch(r"v[0-9]+", p.name)}
    return dict(sorted(found.items()))


def current():
    return max(versions())


@pytest.mark.parametrize("document", DOCUMENTS)
def test_schema_is_valid_and_names_the_current_version(document):
    schema = tokten.schema(document)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$id"] == f"urn:tokten:schema:{document}:{current()}"
    assert schema["properties"]["format"]["const"] == f"tokten.{document}"
    assert schema["properties"]["format_version"]["const"] == current()


@pytest.mark.parametrize("document", DOCUMENTS)
def test_current_examples_pass_the_schema_as_stored_and_as_rewritten(document):
    text = (CONTRACT / f"v{current()}" / f"{document}.json").read_text("utf-8")
    schema = tokten.schema(document)
    jsonschema.validate(json.loads(text), schema)
    read, write = READERS[document]
    rewritten = write(read(text))
    jsonschema.validate(json.loads(rewritten), schema)
    assert read(rewritten) == read(text)


@pytest.mark.parametrize("document", DOCUMENTS)
def test_every_stored_version_is_still_read(document):
    read, _ = READERS[document]
    newest = read((CONTRACT / f"v{current()}" / f"{document}.json").read_text("utf-8"))
    for version, folder in versions().items():
        text = (folder / f"{document}.json").read_text("utf-8")
        assert json.loads(text)["format_version"] == version
        assert read(text) == newest, f"v{version}/{document}.json reads differently from the current version"


def test_the_schemas_catch_what_the_readers_refuse():
    """A typo in a field name fails both the schema and the reader, with the same pointer."""
    document = json.loads((CONTRACT / f"v{current()}" / "problem.json").read_text("utf-8"))
    document["experts"][0]["years_experiance"] = 3
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, tokten.schema("problem"))
    with pytest.raises(tokten.InputError) as caught:
        tokten.read_problem(json.dumps(document))
    assert caught.value.pointer == "/experts/0/years_experiance"


def test_report_data_from_python_the_cli_and_the_stored_example_agree(cli, tmp_path):
    """The stored report example is what tokten makes today from the same inputs."""
    stored = json.loads((CONTRACT / f"v{current()}" / "report.json").read_text("utf-8"))
    problem = tokten.load_problem(CONTRACT / f"v{current()}" / "problem.json")
    data = tokten.report_data(problem=problem, trials=20, title=stored["title"])
    stored["tokten_version"] = tokten.__version__  # the only field that may change with releases
    assert data == stored
    jsonschema.validate(data, tokten.schema("report"))
    out = tmp_path / "report.json"
    subprocess.run([cli, "report", "--problem", str(CONTRACT / f"v{current()}" / "problem.json"), "--trials", "20",
                    "--title", stored["title"], "-o", str(out)], check=True, capture_output=True)
    assert json.loads(out.read_text("utf-8")) == data
