"""Planning rounds from pandas tables and CSV files: round trips, spreadsheet habits, located errors."""
import datetime
import hashlib
import os

import numpy as np
import pandas as pd
import pytest

import tokten


@pytest.fixture(scope="module")
def demo():
    return tokten.demo_problem(seed=3, experts=120, needs=40)


@pytest.fixture()
def tables(demo):
    return tokten.problem_to_pandas(demo)


def small_tables():
    """A two-expert round written the way a person fills a spreadsheet: list cells, one window each."""
    experts = pd.DataFrame({
        "id": ["e1", "e2"], "name": ["Awa Traoré", "Moussa Diarra"], "residence_country": ["FR", "CA"],
        "sectors": ["health", "health|education"], "years_experience": [15, 8],
        "skills": ["isced:0912=4", "isced:0912=3|isced:0111=4"], "languages": ["fr=C1", "fr=C2|bm=B2"],
        "degrees": ["doctorate", "master"],
        "available_from": ["2027-01-04", "2027-01-04"], "available_until": ["2027-06-30", "2027-06-30"],
    })
    institutions = pd.DataFrame({"id": ["chu-kayes"], "name": ["Hôpital de Kayes"], "kind": ["hospital"],
                                 "region": ["Kayes"]})
    needs = pd.DataFrame({
        "id": ["n1"], "institution": ["chu-kayes"], "sector": ["health"], "skills": ["isced:0912=3"],
        "languages": ["fr=B2"], "window_start": ["2027-02-01"], "window_end": ["2027-03-31"],
        "duration_days": [21], "seats": [2], "thesis_supervision": [False],
    })
    return experts, institutions, needs


# Round trips.

def test_tables_round_trip_the_problem(demo, tables):
    assert tokten.problem_from_pandas(**tables, name=demo.name) == demo
    # Text list cells (as written to CSV) read back the same.
    assert tokten.problem_from_pandas(**tokten.problem_to_pandas(demo, lists="text"), name=demo.name) == demo


def test_csv_round_trip_with_semicolons_and_accents(demo, tmp_path):
    tokten.write_problem_csv(demo, tmp_path, sep=";")
    text = (tmp_path / "institutions.csv").read_text(encoding="utf-8")
    assert text.splitlines()[0] == "id;name;kind;region"
    assert any(region in text for region in ("Ségou", "Tombouctou", "Ménaka", "Taoudénit"))
    assert tokten.read_problem_csv(tmp_path, name=demo.name) == demo
    assert tokten.read_problem_csv(tmp_path).name == tmp_path.name  # the folder's name by default


def test_list_columns_and_long_tables_give_the_same_problem():
    experts, institutions, needs = small_tables()
    by_lists = tokten.problem_from_pandas(experts, institutions, needs, name="pilot")
    assert [(s.skill, s.level) for s in by_lists.experts[1].skills] == [("isced:0912", 3), ("isced:0111", 4)]
    assert [str(s) for s in by_lists.experts[1].sectors] == ["health", "education"]
    assert by_lists.experts[0].has_doctorate() and by_lists.needs[0].seats == 2
    long = tokten.problem_from_pandas(
        experts.drop(columns=["skills"]), institutions, needs.drop(columns=["skills"]), name="pilot",
        expert_skills=pd.DataFrame({"expert_id": ["e1", "e2", "e2"], "skill": ["isced:0912", "isced:0912", "isced:0111"],
                                    "level": [4, 3, 4]}),
        need_skills=pd.DataFrame({"need_id": ["n1"], "skill": ["isced:0912"], "min_level": [3]}))
    assert long == by_lists
    # Python lists, tuples and dicts in cells work too.
    experts2 = experts.copy()
    experts2["skills"] = [[("isced:0912", 4)], {"isced:0912": 3, "isced:0111": 4}]
    experts2["sectors"] = [["health"], ("health", "education")]
    assert tokten.problem_from_pandas(experts2, institutions, needs, name="pilot") == by_lists


def test_column_names_are_mapped():
    experts, institutions, needs = small_tables()
    renamed = experts.rename(columns={"id": "Code expert", "years_experience": "Années"})
    problem = tokten.problem_from_pandas(renamed, institutions, needs,
                                         columns={"experts": {"id": "Code expert", "years_experience": "Années"}})
    assert [e.id for e in problem.experts] == ["e1", "e2"] and problem.experts[0].years_experience == 15
    with pytest.raises(ValueError, match="unknown table 'expert'"):
        tokten.problem_from_pandas(experts, institutions, needs, columns={"expert": {"id": "x"}})
    with pytest.raises(ValueError, match="unknown field 'identifier'"):
        tokten.problem_from_pandas(experts, institutions, needs, columns={"experts": {"identifier": "x"}})


def test_spreadsheet_values_are_read():
    experts, institutions, needs = small_tables()
    # Numbers as text, booleans as oui/non, integer ids, a column of dates, decimal commas.
    experts["years_experience"] = ["15", "8.0"]
    experts["remote_possible"] = ["oui", "Non"]
    experts["id"] = [101, 102]
    needs["window_start"] = pd.to_datetime(["2027-02-01"])
    needs["window_end"] = [datetime.date(2027, 3, 31)]
    need_skills = pd.DataFrame({"need_id": ["n1"], "skill": ["isced:0912"], "weight": ["1,5"], "essential": ["non"]})
    problem = tokten.problem_from_pandas(experts, institutions, needs.drop(columns=["skills"]), need_skills=need_skills)
    assert [e.id for e in problem.experts] == ["101", "102"]
    assert problem.experts[1].years_experience == 8 and problem.experts[0].remote_possible
    assert problem.needs[0].window.start == datetime.date(2027, 2, 1)
    assert problem.needs[0].skills[0].weight == 1.5 and not problem.needs[0].skills[0].essential
    # Integer columns with gaps arrive as floats: whole floats are fine.
    experts["max_missions"] = [2.0, np.nan]
    assert [e.max_missions for e in tokten.problem_from_pandas(experts, institutions, needs).experts] == [2, 1]


def test_day_first_dates_only_when_told():
    experts, institutions, needs = small_tables()
    needs["window_start"] = ["01/02/2027"]
    needs["window_end"] = ["31.03.2027"]
    with pytest.raises(tokten.TableError, match=r"needs table, row 0 \(id 'n1'\), column 'window_start': expected a "
                                                r"date as YYYY-MM-DD, got '01/02/2027'; for day/month/year dates pass "
                                                r"dayfirst=True"):
        tokten.problem_from_pandas(experts, institutions, needs)
    problem = tokten.problem_from_pandas(experts, institutions, needs, dayfirst=True)
    assert problem.needs[0].window.start == datetime.date(2027, 2, 1)
    assert problem.needs[0].window.end == datetime.date(2027, 3, 31)
    needs["window_end"] = ["31/02/2027"]
    with pytest.raises(tokten.TableError, match="expected a calendar date, got '31/02/2027'"):
        tokten.problem_from_pandas(experts, institutions, needs, dayfirst=True)


def test_csv_from_a_french_spreadsheet(tmp_path):
    # Saved by a spreadsheet in a French locale: ';' separators, a byte-order mark, d/m/Y dates,
    # accents, and extra columns the reader ignores.
    (tmp_path / "experts.csv").write_text(
        "\ufeffid;name;residence_country;skills;languages;available_from;available_until;Commentaire\n"
        "e1;Aïssata Maïga;SN;isced:0912=4;fr=C1;04/01/2027;30/06/2027;à rappeler\n", encoding="utf-8")
    (tmp_path / "institutions.csv").write_text("id;name;kind;region\nh1;Hôpital de Ségou;hospital;Ségou\n",
                                               encoding="utf-8")
    (tmp_path / "needs.csv").write_text(
        "id;institution;sector;skills;window_start;window_end;duration_days\n"
        "n1;h1;health;isced:0912=3;01/02/2027;31/03/2027;21\n", encoding="utf-8")
    before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in tmp_path.iterdir()}
    problem = tokten.read_problem_csv(tmp_path, dayfirst=True)
    assert problem.experts[0].name == "Aïssata Maïga" and problem.institutions[0].region == "Ségou"
    assert problem.experts[0].availability[0].start == datetime.date(2027, 1, 4)
    result = tokten.solve(problem)
    assert [(p.expert, p.need) for p in result.pairs] == [("e1", "n1")]
    # The input files are untouched.
    assert {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in tmp_path.iterdir()} == before


def test_csv_errors_name_the_file_and_spreadsheet_row(tmp_path):
    tokten.write_problem_csv(tokten.demo_problem(experts=20, needs=5), tmp_path)
    text = (tmp_path / "expert_skills.csv").read_text(encoding="utf-8").splitlines()
    fields = text[3].split(",")
    fields[2] = "high"
    text[3] = ",".join(fields)
    (tmp_path / "expert_skills.csv").write_text("\n".join(text) + "\n", encoding="utf-8")
    with pytest.raises(tokten.TableError) as error:
        tokten.read_problem_csv(tmp_path)
    assert str(error.value).startswith(f"expert_skills.csv, row 4 (expert_id '{fields[0]}'), column 'level': "
                                       "expected a proficiency level, a whole number from 1 to 5, got 'high'")
    assert (error.value.table, error.value.row, error.value.column) == ("expert_skills.csv", 4, "level")


def test_csv_file_errors(tmp_path):
    with pytest.raises(tokten.TableError, match="not a folder"):
        tokten.read_problem_csv(tmp_path / "nowhere")
    tokten.write_problem_csv(tokten.demo_problem(experts=20, needs=5), tmp_path)
    (tmp_path / "institutions.csv").write_bytes("id,name,kind,region\ni1,Hôpital,hospital,Kayes\n".encode("cp1252"))
    with pytest.raises(tokten.TableError, match=r"institutions.csv: not utf-8 text at byte \d+.*encoding='cp1252'"):
        tokten.read_problem_csv(tmp_path)
    for empty in ("", "\n", " \r\n\n"):
        (tmp_path / "institutions.csv").write_text(empty, encoding="utf-8")
        with pytest.raises(tokten.TableError, match="institutions.csv: the file is empty"):
            tokten.read_problem_csv(tmp_path)
    # Row 1 blank, data below it (a fuzzing finding: this raised a TypeError).
    for blank_header in ("\r\x00\x002", "\n\ni1,Hôpital,hospital,Kayes\n", ",,,\ni1,Hôpital,hospital,Kayes\n",
                         ' "", ""\ni1,Hôpital\n'):
        (tmp_path / "institutions.csv").write_text(blank_header, encoding="utf-8")
        with pytest.raises(tokten.TableError, match="institutions.csv, row 1: the header row is empty") as error:
            tokten.read_problem_csv(tmp_path)
        assert (error.value.table, error.value.row) == ("institutions.csv", 1)
    os.remove(tmp_path / "institutions.csv")
    with pytest.raises(tokten.TableError, match="institutions.csv: missing from"):
        tokten.read_problem_csv(tmp_path)


def test_csv_header_is_split_as_pandas_splits_it(tmp_path):
    tokten.write_problem_csv(tokten.demo_problem(experts=20, needs=5), tmp_path)
    # A space before a quoted repeat: pandas would rename it "name.1" and ignore it.
    (tmp_path / "institutions.csv").write_text('id,name,kind,region, "name"\ni1,A,hospital,Kayes,B\n', encoding="utf-8")
    with pytest.raises(tokten.TableError, match="institutions.csv: the column 'name' appears more than once"):
        tokten.read_problem_csv(tmp_path)
    # A quote never closed: Python's csv module stops at its field limit; the error names row 1.
    (tmp_path / "institutions.csv").write_text('"id,name\n' + "i1,A\n" * 40_000, encoding="utf-8")
    with pytest.raises(tokten.TableError, match="institutions.csv, row 1: cannot read the header row") as error:
        tokten.read_problem_csv(tmp_path)
    assert error.value.row == 1


def test_csv_separator_and_encoding_are_checked(tmp_path):
    problem = tokten.demo_problem(experts=20, needs=5)
    tokten.write_problem_csv(problem, tmp_path)
    for sep in ("||", "", '"', "\n", 5):
        with pytest.raises(ValueError, match=r"sep=.*: expected one character"):
            tokten.read_problem_csv(tmp_path, sep=sep)
        with pytest.raises(ValueError, match=r"sep=.*: expected one character"):
            tokten.write_problem_csv(problem, tmp_path / "out", sep=sep)
    assert not (tmp_path / "out").exists()  # refused before anything is written
    with pytest.raises(ValueError, match="encoding='utf-9': not a text encoding"):
        tokten.read_problem_csv(tmp_path, encoding="utf-9")
    assert tokten.read_problem_csv(tmp_path, sep=",", name=problem.name) == problem


def test_a_cp1252_file_reads_with_its_encoding(tmp_path):
    problem = tokten.demo_problem(experts=20, needs=5)
    tokten.write_problem_csv(problem, tmp_path, sep=";")
    for path in tmp_path.iterdir():
        path.write_bytes(path.read_text(encoding="utf-8").encode("cp1252"))
    assert tokten.read_problem_csv(tmp_path, encoding="cp1252", name=problem.name) == problem


# Bad DataFrames: each names the table, the row (and its id) and the column.

def raises(match, **kwargs):
    return pytest.raises(tokten.TableError, match=match)


def test_missing_column(tables):
    needs = tables["needs"].drop(columns=["window_end"])
    with pytest.raises(tokten.TableError) as error:
        tokten.problem_from_pandas(**{**tables, "needs": needs})
    assert str(error.value).startswith("needs table: missing column 'window_end' (required columns: 'id', ")
    assert error.value.column == "window_end" and isinstance(error.value, tokten.InputError)
    # A mapped name is the one reported.
    with pytest.raises(tokten.TableError, match="experts table: missing column 'Code'"):
        tokten.problem_from_pandas(**tables, columns={"experts": {"id": "Code"}})


def test_wrong_dtype(tables):
    experts = tables["experts"].copy()
    experts["max_missions"] = experts["max_missions"].astype(object)
    experts.loc[4, "max_missions"] = 1.5
    with pytest.raises(tokten.TableError) as error:
        tokten.problem_from_pandas(**{**tables, "experts": experts})
    expert = experts.loc[4, "id"]
    assert str(error.value) == (f"experts table, row 4 (id '{expert}'), column 'max_missions': expected a whole "
                                "number >= 0, got 1.5")
    assert (error.value.row, error.value.item_id) == (4, expert)
    institutions = tables["institutions"].copy()
    institutions.loc[2, "kind"] = "school"
    with raises(r"institutions table, row 2 \(id '[^']+'\), column 'kind': expected an institution kind "
                r"\(university, hospital, .*\), got 'school'"):
        tokten.problem_from_pandas(**{**tables, "institutions": institutions})
    experts = tables["experts"].copy()
    experts["remote_possible"] = experts["remote_possible"].astype(object)
    experts.loc[1, "remote_possible"] = "sometimes"
    with raises(r"experts table, row 1 .*column 'remote_possible': expected true or false"):
        tokten.problem_from_pandas(**{**tables, "experts": experts})
    with pytest.raises(TypeError, match="experts must be a pandas DataFrame, not dict"):
        tokten.problem_from_pandas(**{**tables, "experts": {"id": ["e1"]}})


def test_duplicate_ids(tables):
    experts = tables["experts"].copy()
    experts.loc[9, "id"] = experts.loc[3, "id"]
    with raises(rf"experts table, row 9 \(id '{experts.loc[3, 'id']}'\), column 'id': duplicate id "
                rf"'{experts.loc[3, 'id']}', already in row 3"):
        tokten.problem_from_pandas(**{**tables, "experts": experts})
    needs = pd.concat([tables["needs"], tables["needs"].iloc[[0]]], ignore_index=True)
    with raises(r"needs table, row \d+ \(id 'need-5001'\), column 'id': duplicate id 'need-5001', already in row 0"):
        tokten.problem_from_pandas(**{**tables, "needs": needs})


def test_nan_levels(tables):
    skills = tables["expert_skills"].copy()
    skills["level"] = skills["level"].astype(float)
    skills.loc[6, "level"] = np.nan
    expert = skills.loc[6, "expert_id"]
    with raises(rf"expert_skills table, row 6 \(expert_id '{expert}'\), column 'level': missing value; expected a "
                r"proficiency level, a whole number from 1 to 5"):
        tokten.problem_from_pandas(**{**tables, "expert_skills": skills})
    skills.loc[6, "level"] = 7
    with raises(r"expert_skills table, row 6 .*column 'level': expected a proficiency level, a whole number from "
                r"1 to 5, got 7"):
        tokten.problem_from_pandas(**{**tables, "expert_skills": skills})
    # pandas' own missing markers count as missing too.
    skills = tables["expert_skills"].copy().astype({"level": "Int64"})
    skills.loc[2, "level"] = pd.NA
    with raises(r"expert_skills table, row 2 .*column 'level': missing value"):
        tokten.problem_from_pandas(**{**tables, "expert_skills": skills})


def test_unknown_expert_in_the_skills_table(tables):
    skills = tables["expert_skills"].copy()
    skills.loc[11, "expert_id"] = "exp-ghost"
    with pytest.raises(tokten.TableError) as error:
        tokten.problem_from_pandas(**{**tables, "expert_skills": skills})
    assert str(error.value) == ("expert_skills table, row 11 (expert_id 'exp-ghost'), column 'expert_id': unknown "
                                "expert 'exp-ghost' (not in the experts table)")
    need_skills = tables["need_skills"].copy()
    need_skills.loc[0, "need_id"] = "need-0"
    with raises(r"need_skills table, row 0 \(need_id 'need-0'\), column 'need_id': unknown need 'need-0'"):
        tokten.problem_from_pandas(**{**tables, "need_skills": need_skills})


def test_whole_round_checks_come_back_as_table_errors(tables):
    # Found by the C++ reader (its JSON pointer), reported by table, row and column.
    skills = tables["expert_skills"].copy()
    skills.loc[5, "skill"] = "isced:9999"
    with pytest.raises(tokten.TableError) as error:
        tokten.problem_from_pandas(**{**tables, "expert_skills": skills})
    assert str(error.value).startswith(f"expert_skills table, row 5 (expert_id '{skills.loc[5, 'expert_id']}'), "
                                       "column 'skill': unknown skill id \"isced:9999\" (not in the taxonomy)")
    assert error.value.pointer.endswith("/skill")
    needs = tables["needs"].copy()
    needs.loc[3, "institution"] = "inst-none"
    with raises(r"needs table, row 3 \(id '[^']+'\), column 'institution': "):
        tokten.problem_from_pandas(**{**tables, "needs": needs})
    needs = tables["needs"].copy()
    needs.loc[2, "window_end"] = needs.loc[2, "window_start"]
    with raises(r"needs table, row 2 \(id '[^']+'\), column 'duration_days': the mission lasts \d+ days but its "
                r"window holds only 1"):
        tokten.problem_from_pandas(**{**tables, "needs": needs})
    taxonomy = pd.concat([tables["taxonomy"], pd.DataFrame({"id": ["x:1", "x:2"], "name": ["a", "b"],
                                                            "parent": ["x:2", "x:1"]})], ignore_index=True)
    with raises(r"taxonomy table, row \d+ \(id 'x:\d'\), column 'parent': "):
        tokten.problem_from_pandas(**{**tables, "taxonomy": taxonomy})


def test_availability_columns_go_together():
    experts, institutions, needs = small_tables()
    experts.loc[1, "available_until"] = None
    with raises(r"experts table, row 1 \(id 'e2'\), column 'available_until': missing value; available_from and "
                r"available_until go together"):
        tokten.problem_from_pandas(experts, institutions, needs)


def test_list_cell_errors():
    experts, institutions, needs = small_tables()
    experts.loc[0, "skills"] = "isced:0912"
    with raises(r"experts table, row 0 \(id 'e1'\), column 'skills': expected 'skill=level' items, got 'isced:0912'"):
        tokten.problem_from_pandas(experts, institutions, needs)
    experts, institutions, needs = small_tables()
    experts.loc[1, "languages"] = "fr=Z9"
    with raises(r"experts table, row 1 \(id 'e2'\), column 'languages': expected a CEFR level"):
        tokten.problem_from_pandas(experts, institutions, needs)
    experts, institutions, needs = small_tables()
    experts["sectors"] = [5, "health"]
    with raises(r"experts table, row 0 \(id 'e1'\), column 'sectors': expected a list"):
        tokten.problem_from_pandas(experts, institutions, needs)


def test_a_custom_taxonomy_and_the_default():
    experts, institutions, needs = small_tables()
    assert tokten.problem_from_pandas(experts, institutions, needs).taxonomy == tokten.isced_taxonomy()
    taxonomy = pd.DataFrame({"id": ["med", "isced:0912", "isced:0111"], "name": ["Medicine", "Medicine", "Ed"],
                             "parent": [None, "med", None]})
    problem = tokten.problem_from_pandas(experts, institutions, needs, taxonomy=taxonomy)
    assert [s.id for s in problem.taxonomy.skills] == ["med", "isced:0912", "isced:0111"]
    assert problem.taxonomy.skills[1].parent == "med"
    with pytest.raises(TypeError, match="taxonomy must be a tokten.Taxonomy or a DataFrame"):
        tokten.problem_from_pandas(experts, institutions, needs, taxonomy=["med"])


def test_duplicate_column_names_are_refused():
    experts, institutions, needs = small_tables()
    experts = pd.concat([experts, experts[["name"]]], axis=1)
    with raises("experts table: the column 'name' appears more than once"):
        tokten.problem_from_pandas(experts, institutions, needs)


def test_nullable_and_numpy_dtypes_read_the_same(demo, tables):
    # convert_dtypes gives pandas' nullable dtypes: boolean cells are numpy booleans, counts Int64.
    converted = {key: frame.convert_dtypes() for key, frame in tables.items()}
    assert tokten.problem_from_pandas(**converted, name=demo.name) == demo
    experts, institutions, needs = small_tables()
    experts["max_missions"] = pd.array([True, True], dtype="boolean")  # a boolean is not a count
    with raises(r"experts table, row 0 \(id 'e1'\), column 'max_missions': expected a whole number >= 0, got "
                r"np.True_"):
        tokten.problem_from_pandas(experts, institutions, needs)


def test_csv_spreadsheet_leftovers(tmp_path):
    problem = tokten.demo_problem(experts=20, needs=5)
    tokten.write_problem_csv(problem, tmp_path, sep=";")
    experts = tmp_path / "experts.csv"
    lines = experts.read_text(encoding="utf-8").splitlines()
    # Trailing ';;;;' rows and a blank line in the middle are ignored, row numbers still match.
    columns = lines[0].count(";")
    lines.insert(3, "")
    lines += [";" * columns] * 3
    experts.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert tokten.read_problem_csv(tmp_path, name=problem.name) == problem
    fields = lines[5].split(";")
    fields[4] = "many"  # years_experience on spreadsheet row 6 (the blank line is row 4)
    lines[5] = ";".join(fields)
    experts.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with raises(rf"experts.csv, row 6 \(id '{fields[0]}'\), column 'years_experience'"):
        tokten.read_problem_csv(tmp_path)
    # A repeated header is refused, not silently renamed.
    lines[0] = lines[0] + ";max_missions"
    experts.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with raises("experts.csv: the column 'max_missions' appears more than once"):
        tokten.read_problem_csv(tmp_path)
