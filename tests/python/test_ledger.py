"""The mission ledger from Python: documents, pandas tables, reconciliation, indicators, equity,
and the synthetic history calibrated to the published figures."""
import datetime
import json
import math
from importlib import resources

import jsonschema
import numpy as np
import pandas as pd
import pytest

import tokten
from tokten import _ledger as tl


@pytest.fixture(scope="module")
def history():
    return tl.synthetic_history(seed=1)


@pytest.fixture(scope="module")
def ledger_schema():
    text = resources.files("tokten").joinpath("schemas/ledger.schema.json").read_text("utf-8")
    schema = json.loads(text)
    jsonschema.Draft202012Validator.check_schema(schema)
    return schema


def small():
    """Two experts, three hosts, four clean missions, two requests."""
    return tl.Ledger(
        name="small",
        experts=[tl.LedgerExpert(id="e1", residence_country="FR", known_from="2010-01-01"),
                 tl.LedgerExpert(id="e2", residence_country="SN")],
        institutions=[tl.LedgerInstitution(id="u", name="Université", kind="university", region="Bamako"),
                      tl.LedgerInstitution(id="h", name="Hôpital", kind="hospital", region="Kayes"),
                      tl.LedgerInstitution(id="g", name="Institut", kind="research_institute", region="Gao")],
        missions=[
            tl.MissionRecord(id="m1", expert="e1", institution="u", sector="education", need="n1",
                             dates=tokten.DateWindow(start="2015-02-02", end="2015-02-20"), beneficiaries=40,
                             theses_supervised=2, theses_defended=1, outcomes={"courses_taught": 2},
                             source="report"),
            tl.MissionRecord(id="m2", expert="e1", institution="u", sector="education",
                             dates=tokten.DateWindow(start="2016-02-01", end="2016-02-19"), beneficiaries=30),
            tl.MissionRecord(id="m3", expert="e2", institution="h", sector="health", need="n2",
                             dates=tokten.DateWindow(start="2016-05-02", end="2016-05-27"), beneficiaries=12),
            tl.MissionRecord(id="m4", expert="e2", institution="g", sector="agriculture", region="Gao",
                             dates=tokten.DateWindow(start="2017-01-09", end="2017-01-20"), beneficiaries=8),
        ],
        requests=[tl.Request(need="n1", institution="u", sector="education", seats=2, requested_on="2015-01-01"),
                  tl.Request(need="n2", institution="h", sector="health", requested_on="2016-04-01")],
    )


# The synthetic history.

def test_synthetic_history_hits_every_published_target(history):
    assert tl.reconcile(history) == []
    t = tl.programme_totals(history)
    assert (t.missions, t.experts, t.beneficiaries, t.theses_supervised, t.theses_defended) == (
        992, 629, 28903, 67, 42)
    assert len({m.expert for m in history.missions}) == 629
    documented = [m for m in history.missions if 2013 <= m.dates.start.year <= 2016]
    share = sum(str(m.sector) == "education" for m in documented) / len(documented)
    assert 0.75 <= share <= 0.79
    assert {m.dates.start.year for m in history.missions} == set(range(1998, 2026))
    assert len({m.region for m in history.missions}) == 11
    assert all(m.theses_defended <= m.theses_supervised for m in history.missions)


def test_synthetic_history_is_deterministic_and_takes_options():
    assert tl.synthetic_history(seed=3) == tl.synthetic_history(seed=3)
    assert tl.synthetic_history(seed=3) != tl.synthetic_history(seed=4)
    small_history = tl.synthetic_history(seed=2, first_year=2010, last_year=2014, experts=30, missions=70,
                                         beneficiaries=900, theses_supervised=5, theses_defended=3)
    t = tl.programme_totals(small_history)
    assert (t.missions, t.experts, t.beneficiaries, t.theses_supervised, t.theses_defended) == (70, 30, 900, 5, 3)
    assert tl.reconcile(small_history) == []
    with pytest.raises(ValueError, match="theses_defended <= theses_supervised"):
        tl.synthetic_history(theses_supervised=1, theses_defended=2)


# Documents.

def test_json_round_trip_and_schema(history, ledger_schema, tmp_path):
    text = tl.write_ledger(history)
    assert tl.read_ledger(text) == history
    document = tl.ledger_to_dict(history)
    jsonschema.validate(document, ledger_schema)
    jsonschema.validate(tl.ledger_to_dict(small()), ledger_schema)
    jsonschema.validate(tl.ledger_to_dict(tl.Ledger()), ledger_schema)
    assert tl.ledger_from_dict(document) == history
    path = tmp_path / "ledger.json"
    tl.save_ledger(history, path)
    assert path.read_text(encoding="utf-8").endswith("}\n")
    assert tl.load_ledger(path) == history
    assert tl.load_ledger(str(path)) == history


def test_schema_and_reader_refuse_the_same_structural_errors(ledger_schema):
    document = tl.ledger_to_dict(small())
    for edit, pointer in [
        (lambda d: d["missions"][0].update(beneficiaries=-1), "/missions/0/beneficiaries"),
        (lambda d: d["missions"][1].update(colour="red"), "/missions/1/colour"),
        (lambda d: d["missions"][2].update(sector="mining"), "/missions/2/sector"),
        (lambda d: d["requests"][0].update(seats=0), "/requests/0/seats"),
        (lambda d: d["experts"][0].update(known_from="2010/01/01"), "/experts/0/known_from"),
        (lambda d: d["missions"][0]["outcomes"].update(courses_taught=1.5), "/missions/0/outcomes/courses_taught"),
        (lambda d: d.pop("institutions"), "/institutions"),
    ]:
        broken = json.loads(json.dumps(document))
        edit(broken)
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(broken, ledger_schema)
        with pytest.raises(tokten.InputError) as error:
            tl.ledger_from_dict(broken)
        assert error.value.pointer == pointer


def test_documents_with_null_optionals_read_and_validate(ledger_schema):
    document = {"format": "tokten.ledger", "format_version": 1, "experts": [{"id": "e", "known_until": None}],
                "institutions": [{"id": "i"}],
                "missions": [{"id": "m", "expert": "e", "institution": "i", "sector": "sme", "need": None,
                              "dates": {"start": "2020-01-06", "end": "2020-01-17"},
                              "beneficiaries": np.int64(7)}]}
    ledger = tl.ledger_from_dict(document)
    assert ledger.missions[0].need is None
    assert ledger.missions[0].beneficiaries == 7
    document["missions"][0]["beneficiaries"] = 7
    jsonschema.validate(document, ledger_schema)


def test_located_errors_from_documents():
    document = tl.ledger_to_dict(small())
    document["missions"][3]["dates"]["end"] = "2017-01-01"
    with pytest.raises(tokten.InputError) as error:
        tl.ledger_from_dict(document)
    assert error.value.pointer == "/missions/3/dates/end"
    assert "before it starts" in error.value.reason
    with pytest.raises(tokten.InputError) as error:
        tl.read_ledger("{")
    assert error.value.pointer == ""


# pandas.

def test_dataframe_round_trip(history):
    tables = tl.ledger_to_pandas(history)
    assert list(tables["missions"].columns[:12]) == [
        "id", "expert", "institution", "need", "sector", "region", "start", "end", "beneficiaries",
        "theses_supervised", "theses_defended", "source"]
    assert str(tables["missions"]["outcome_courses_taught"].dtype) == "Int64"
    assert isinstance(tables["missions"]["start"].iloc[0], datetime.date)
    assert tl.ledger_from_pandas(**tables, name=history.name) == history
    assert tl.ledger_from_pandas(**tl.ledger_to_pandas(small()), name="small") == small()
    assert tl.ledger_from_pandas(**tl.ledger_to_pandas(tl.Ledger())) == tl.Ledger()


def test_dataframe_round_trip_through_csv(tmp_path):
    tables = tl.ledger_to_pandas(small())
    read = {}
    for key, frame in tables.items():
        path = tmp_path / f"{key}.csv"
        frame.to_csv(path, index=False, sep=";")
        read[key] = pd.read_csv(path, sep=";", dtype=str, keep_default_na=False)
    assert tl.ledger_from_pandas(**read, name="small") == small()


def test_spreadsheet_habits_column_names_and_french_dates():
    missions = pd.DataFrame({
        "Code": ["m1", "m2"], "Expert": ["e1", "e2"], "Hôte": [101, 102],  # ids typed as numbers
        "sector": ["Education", "health"], "Début": ["02/03/2015", "04/05/2015"],
        "Fin": ["27/03/2015", "29/05/2015"], "beneficiaries": [45.0, 12.0], "outcome_consultations": [None, 80],
    })
    ledger = tl.ledger_from_pandas(
        missions, dayfirst=True,
        columns={"missions": {"id": "Code", "expert": "Expert", "institution": "Hôte", "start": "Début",
                              "end": "Fin"}})
    assert [m.institution for m in ledger.missions] == ["101", "102"]
    assert ledger.missions[0].dates.start == datetime.date(2015, 3, 2)
    assert ledger.missions[1].outcomes == {"consultations": 80}
    assert str(ledger.missions[0].sector) == "education"
    # Without rosters: the missions' experts and hosts, nothing known about them.
    assert [e.id for e in ledger.experts] == ["e1", "e2"]
    assert [(i.id, i.region) for i in ledger.institutions] == [("101", ""), ("102", "")]
    assert tl.reconcile(ledger) == []


def test_derived_hosts_take_the_region_of_their_missions():
    missions = pd.DataFrame({"id": ["a", "b"], "expert": ["e", "e"], "institution": ["h", "h"],
                             "sector": ["health", "health"], "region": ["", "Mopti"],
                             "start": ["2019-01-07", "2019-06-03"], "end": ["2019-01-18", "2019-06-14"]})
    ledger = tl.ledger_from_pandas(missions)
    assert [(i.id, i.region) for i in ledger.institutions] == [("h", "Mopti")]
    assert tl.breakdown(ledger, "region").rows[0].key == "Mopti"
    assert tl.breakdown(ledger, "region").rows[0].missions == 2


@pytest.mark.parametrize("edit, table, row, column, fragment", [
    (lambda t: t["missions"].drop(columns=["sector"]), "missions table", None, "sector", "missing column"),
    (lambda t: t["missions"].assign(beneficiaries=[40, -1, 12, 8]), "missions table", 1, "beneficiaries",
     "whole number >= 0"),
    (lambda t: t["missions"].assign(start=["2015-02-02", "2016-02-01", None, "2017-01-09"]), "missions table", 2,
     "start", "missing value"),
    (lambda t: t["missions"].assign(start=["2015-02-02", "01/02/2016", "2016-05-02", "2017-01-09"]),
     "missions table", 1, "start", "dayfirst=True"),
    (lambda t: t["missions"].assign(sector=["education", "education", "mining", "agriculture"]),
     "missions table", 2, "sector", "a sector"),
    (lambda t: t["missions"].assign(end=["2015-02-20", "2016-02-19", "2016-05-27", "2016-12-31"]),
     "missions table", 3, "end", "before it starts"),
    (lambda t: t["missions"].assign(outcome_courses_taught=[2, "many", None, None]), "missions table", 1,
     "outcome_courses_taught", "whole number"),
    (lambda t: t["missions"].assign(theses_supervised=[2_000_000, 0, 0, 0]), "missions table", 0,
     "theses_supervised", "a number of theses"),
])
def test_located_errors_from_missions_tables(edit, table, row, column, fragment):
    tables = tl.ledger_to_pandas(small())
    tables["missions"] = edit(tables)
    with pytest.raises(tl.TableError) as error:
        tl.ledger_from_pandas(**tables)
    assert error.value.table == table
    assert error.value.row == row
    assert error.value.column == column
    assert fragment in str(error.value)
    assert isinstance(error.value, tokten.InputError)


def test_located_errors_from_roster_and_request_tables():
    tables = tl.ledger_to_pandas(small())
    tables["requests"] = tables["requests"].assign(seats=[2, 0])
    with pytest.raises(tl.TableError) as error:
        tl.ledger_from_pandas(**tables)
    assert (error.value.table, error.value.row, error.value.item_id, error.value.column) == (
        "requests table", 1, "n2", "seats")
    assert error.value.pointer == "/requests/1/seats"

    tables = tl.ledger_to_pandas(small())
    tables["experts"] = tables["experts"].assign(known_from=["2010-01-01", "2030-01-01"],
                                                 known_until=[None, "2020-01-01"])
    with pytest.raises(tl.TableError, match=r"experts table, row 1 \(id 'e2'\), column 'known_until'"):
        tl.ledger_from_pandas(**tables)

    tables = tl.ledger_to_pandas(small())
    tables["institutions"] = tables["institutions"].assign(kind=["university", "school", "hospital"])
    with pytest.raises(tl.TableError, match="institutions table, row 1 .*'kind'.*an institution kind"):
        tl.ledger_from_pandas(**tables)

    with pytest.raises(TypeError, match="DataFrame"):
        tl.ledger_from_pandas([1, 2])
    with pytest.raises(ValueError, match="unknown table"):
        tl.ledger_from_pandas(tables["missions"], columns={"mission": {}})
    with pytest.raises(ValueError, match="unknown field"):
        tl.ledger_from_pandas(tables["missions"], columns={"missions": {"date": "Date"}})


# Reconciliation.

def test_reconciliation_reports_and_sets_aside_repeats():
    ledger = small()
    repeat = ledger.missions[2]
    repeat.id = "m3-copy"
    inconsistent = ledger.missions[1]
    inconsistent.id = "m5"
    inconsistent.dates = tokten.DateWindow(start="2009-06-01", end="2009-06-10")  # before e1 was known
    inconsistent.theses_defended = 1
    ledger.missions = ledger.missions + [ledger.missions[0], repeat, inconsistent]
    findings = tl.reconcile(ledger)
    assert [(f.kind, f.missions) for f in findings] == [
        ("duplicate_id", ["m1"]), ("duplicate_mission", ["m3", "m3-copy"]),
        ("defended_exceeds_supervised", ["m5"]), ("outside_known_dates", ["m5"])]
    assert {f.kind for f in findings} <= set(tl.FINDING_KINDS)
    assert findings[0].message.startswith("/missions/4: mission id \"m1\" is already used at /missions/0")
    t = tl.programme_totals(ledger)
    assert t.set_aside == 2
    assert t.missions == 5
    assert t.beneficiaries == sum(m.beneficiaries for m in small().missions) + 30
    assert len(tl.reconciled(ledger).missions) == 5
    assert len(tl.reconciled(ledger, []).missions) == 7
    kept = [f for f in findings if f.kind != "duplicate_mission"]
    assert len(tl.reconciled(ledger, kept).missions) == 6


# Indicators.

def recount(ledger):
    """Totals straight from the records, the first record of each id and (expert, host, dates) kept."""
    seen, kept = set(), []
    for m in ledger.missions:
        if m.id in seen:
            continue
        seen.add(m.id)
        if any(k.expert == m.expert and k.institution == m.institution and k.dates.start <= m.dates.end
               and m.dates.start <= k.dates.end for k in kept):
            continue
        kept.append(m)
    residence = {e.id: e.residence_country for e in ledger.experts}
    return {
        "missions": len(kept),
        "beneficiaries": sum(m.beneficiaries for m in kept),
        "theses_supervised": sum(m.theses_supervised for m in kept),
        "theses_defended": sum(m.theses_defended for m in kept),
        "experts": len({m.expert for m in kept}),
        "residence_countries": len({residence[m.expert] for m in kept if residence.get(m.expert)}),
        "host_structures": len({m.institution for m in kept}),
        "set_aside": len(ledger.missions) - len(kept),
    }


def test_totals_and_breakdowns_against_a_recount():
    ledger = tl.synthetic_history(seed=8)
    ledger.missions = ledger.missions + ledger.missions[100:103]
    result = tl.indicators(ledger, by=tl.BREAKDOWN_KEYS)
    assert result.totals == recount(ledger)
    assert result.totals["set_aside"] == 3
    for key, frame in result.breakdowns.items():
        assert list(frame.columns) == [key, "missions", "beneficiaries", "theses_supervised", "theses_defended",
                                       "experts"]
        for column in ("missions", "beneficiaries", "theses_supervised", "theses_defended"):
            assert frame[column].sum() == result.totals[column], (key, column)
        assert frame[key].is_unique
    assert result.breakdowns["year"]["year"].tolist() == list(range(1998, 2026))
    with pytest.raises(ValueError, match="unknown breakdown"):
        tl.indicators(ledger, by=["colour"])
    with pytest.raises(ValueError, match="sector, region"):
        tl.breakdown(ledger, "colour")


def test_indicators_of_the_small_ledger_by_hand():
    result = tl.indicators(small(), by="sector", population={"Bamako": 2_000_000, "Kayes": 1_000_000})
    assert result.totals == {"missions": 4, "beneficiaries": 90, "theses_supervised": 2, "theses_defended": 1,
                             "experts": 2, "residence_countries": 2, "host_structures": 3, "set_aside": 0}
    sector = result.breakdowns["sector"]
    assert sector["sector"].tolist() == ["education", "health", "agriculture"]
    assert sector["experts"].tolist() == [1, 1, 1]
    # Requests: n1 has 2 seats and m1 (32 days after 2015-01-01); n2 has m3 (31 days after 2016-04-01).
    assert result.coverage == {"needs_requested": 2, "needs_filled": 1, "seats_requested": 3, "seats_filled": 2,
                               "need_coverage": 0.5, "seat_coverage": pytest.approx(2 / 3),
                               "median_days_to_fill": 31.5, "mean_days_to_fill": 31.5}
    assert result.continuity == {"repeat_rate": 1.0, "return_to_host_rate": 0.5, "experts": 2,
                                 "repeat_experts": 2, "returning_experts": 1}
    # Regions: Bamako 2 missions (70 people), Kayes 1 (12), Gao 1 (8).
    e = result.equity
    assert e["missions_outside_capital_share"] == pytest.approx(0.5)
    assert e["beneficiaries_outside_capital_share"] == pytest.approx(20 / 90)
    assert e["gini_regions_missions"] == pytest.approx((2 * (1 + 1 + 0)) / (2 * 9 * 4 / 3))
    assert e["theil_regions_missions"] == pytest.approx((1.5 * math.log(1.5) + 2 * 0.75 * math.log(0.75)) / 3)
    assert e["gini_sectors_missions"] == pytest.approx(e["gini_regions_missions"])
    per_capita = result.per_capita.set_index("region")
    assert per_capita.loc["Bamako", "missions_per_100k"] == pytest.approx(0.1)
    assert per_capita.loc["Kayes", "beneficiaries_per_100k"] == pytest.approx(1.2)
    assert math.isnan(per_capita.loc["Gao", "population"])
    assert e["gini_regions_per_capita"] == pytest.approx(0.0)
    assert len(result.findings) == 0
    assert "4 missions" in repr(result)
    html = result._repr_html_()
    assert "4 missions by 2 experts" in html and "<table>" in html


def test_equity_refuses_bad_populations_and_takes_another_capital():
    with pytest.raises(ValueError, match="finite number > 0"):
        tl.equity(small(), population={"Kayes": -5.0})
    assert tl.equity(small(), capital="Kayes").missions_outside_capital_share == pytest.approx(0.75)
    assert tl.equity(small()).per_capita == []


def test_findings_table_and_summary_show_inconsistencies():
    ledger = small()
    m = ledger.missions[3]
    m.expert = "ghost"
    ledger.missions = ledger.missions[:3] + [m, ledger.missions[0]]
    result = tl.indicators(ledger)
    assert result.findings["kind"].tolist() == ["duplicate_id", "unknown_expert"]
    assert result.findings["missions"].tolist() == [["m1"], ["m4"]]
    assert "1 repeated records set aside" in result._repr_html_()
    assert "Mission ledger" in ledger._repr_html_()
