// Python classes and functions for impact evaluation's foundation: the mission ledger and its
// JSON document (include/tokten/impact/ledger.hpp, io/ledger_json.hpp), reconciliation, the
// indicators, equity and the synthetic history. tokten/_ledger.py adds pandas on top.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <pybind11/stl.h>

#include "bindings.hpp"
#include "casters.hpp"
#include "record.hpp"
#include "tokten/impact/equity_indicators.hpp"
#include "tokten/impact/indicators.hpp"
#include "tokten/impact/ledger.hpp"
#include "tokten/impact/reconcile.hpp"
#include "tokten/io/ledger_json.hpp"
#include "tokten/synth/history.hpp"

namespace tokten::python {

namespace py = pybind11;

void bind_impact(py::module_& m) {
  using namespace impact;

  Record<LedgerExpert>(m, "LedgerExpert", "The roster facts a mission ledger needs about an expert.")
      .field("id", &LedgerExpert::id, "str", "unique id")
      .field("residence_country", &LedgerExpert::residence_country, "str",
             "ISO 3166-1 alpha-2 code, e.g. 'FR'; '' when unknown")
      .field("known_from", &LedgerExpert::known_from, "datetime.date, str or None",
             "first day the roster knows the expert; None: unbounded")
      .field("known_until", &LedgerExpert::known_until, "datetime.date, str or None",
             "last day the roster knows the expert; None: unbounded")
      .done(">>> import tokten\n"
            ">>> tokten.LedgerExpert(id=\"exp-1\", residence_country=\"FR\", known_from=\"2010-01-01\").known_from\n"
            "datetime.date(2010, 1, 1)\n");
  Record<LedgerInstitution>(m, "LedgerInstitution", "A host structure of the mission ledger.")
      .field("id", &LedgerInstitution::id, "str", "unique id")
      .field("name", &LedgerInstitution::name, "str", "name")
      .field("kind", &LedgerInstitution::kind, "InstitutionKind or str", "kind of institution")
      .field("region", &LedgerInstitution::region, "str", "region of Mali, e.g. 'Bamako'")
      .done(">>> import tokten\n"
            ">>> tokten.LedgerInstitution(id=\"u-seg\", name=\"Université de Ségou\", kind=\"university\",\n"
            "...                          region=\"Ségou\").kind\n"
            "<InstitutionKind.university: 0>\n");
  Record<MissionRecord>(m, "MissionRecord", "One completed mission, its outcomes and the source of the record.")
      .field("id", &MissionRecord::id, "str", "unique id of the record")
      .field("expert", &MissionRecord::expert, "str", "a LedgerExpert id")
      .field("institution", &MissionRecord::institution, "str", "a LedgerInstitution id (the host)")
      .field("need", &MissionRecord::need, "str or None", "the Request (need id) it answered, when known")
      .field("sector", &MissionRecord::sector, "Sector or str", "sector of the mission")
      .field("region", &MissionRecord::region, "str", "where it took place; '' means the host's region")
      .field("dates", &MissionRecord::dates, "DateWindow", "first and last day, both included")
      .field("beneficiaries", &MissionRecord::beneficiaries, "int", "people trained")
      .field("theses_supervised", &MissionRecord::theses_supervised, "int", "doctoral theses supervised")
      .field("theses_defended", &MissionRecord::theses_defended, "int", "doctoral theses defended")
      .field("outcomes", &MissionRecord::outcomes, "dict of str to int",
             "other named counters, e.g. {'courses_taught': 3}")
      .field("source", &MissionRecord::source, "str", "where the record comes from (a report, an attestation)")
      .done(">>> import tokten\n"
            ">>> m = tokten.MissionRecord(id=\"m-1\", expert=\"exp-1\", institution=\"u-seg\",\n"
            "...     sector=\"education\", dates=tokten.DateWindow(start=\"2015-03-02\", end=\"2015-03-27\"),\n"
            "...     beneficiaries=45, outcomes={\"courses_taught\": 3}, source=\"mission report\")\n"
            ">>> m.dates.length_days, m.need\n"
            "(26, None)\n");
  Record<Request>(m, "Request", "A need a host asked for: what coverage and time to fill are measured against.")
      .field("need", &Request::need, "str", "the need's id, unique in the ledger")
      .field("institution", &Request::institution, "str", "the host's id")
      .field("sector", &Request::sector, "Sector or str", "sector asked for")
      .field("region", &Request::region, "str", "'' means the host's region")
      .field("seats", &Request::seats, "int", "experts wanted, at least 1")
      .field("requested_on", &Request::requested_on, "datetime.date, str or None", "when the host asked")
      .done(">>> import tokten\n"
            ">>> tokten.Request(need=\"n-1\", institution=\"u-seg\", sector=\"health\", seats=2,\n"
            "...                requested_on=\"2014-11-15\").seats\n"
            "2\n");
  Record<Ledger>(m, "Ledger", "A mission ledger: completed missions with the roster facts and the hosts' requests.")
      .field("name", &Ledger::name, "str", "name of the ledger")
      .field("experts", &Ledger::experts, "list of LedgerExpert", "the roster")
      .field("institutions", &Ledger::institutions, "list of LedgerInstitution", "the host structures")
      .field("missions", &Ledger::missions, "list of MissionRecord", "the mission records")
      .field("requests", &Ledger::requests, "list of Request", "the needs hosts asked for")
      .done(">>> import tokten\n"
            ">>> ledger = tokten.synthetic_history(seed=1)\n"
            ">>> len(ledger.missions), len(ledger.experts)\n"
            "(992, 629)\n");
  Record<LedgerFinding>(m, "LedgerFinding", "A duplicate or an inconsistency that reconcile found in a ledger.")
      .field("kind", &LedgerFinding::kind, "str", "what was found, one of FINDING_KINDS")
      .field("missions", &LedgerFinding::missions, "list of str", "ids of the mission records concerned")
      .field("message", &LedgerFinding::message, "str", "where (JSON pointers into the ledger document) and what")
      .done(">>> import tokten\n"
            ">>> tokten.LedgerFinding(kind=\"duplicate_id\", missions=[\"m-7\"]).kind\n"
            "'duplicate_id'\n");
  Record<ProgrammeTotals>(m, "ProgrammeTotals", "The programme's totals from the records reconciliation keeps.")
      .field("missions", &ProgrammeTotals::missions, "int", "missions counted")
      .field("beneficiaries", &ProgrammeTotals::beneficiaries, "int", "people trained")
      .field("theses_supervised", &ProgrammeTotals::theses_supervised, "int", "theses supervised")
      .field("theses_defended", &ProgrammeTotals::theses_defended, "int", "theses defended")
      .field("experts", &ProgrammeTotals::experts, "int", "distinct experts mobilised")
      .field("residence_countries", &ProgrammeTotals::residence_countries, "int",
             "distinct countries of residence of those experts")
      .field("host_structures", &ProgrammeTotals::host_structures, "int", "distinct host institutions")
      .field("set_aside", &ProgrammeTotals::set_aside, "int", "records left out as repeats by reconciliation")
      .done(">>> import tokten\n"
            ">>> t = tokten.programme_totals(tokten.synthetic_history())\n"
            ">>> t.missions, t.experts, t.beneficiaries, t.theses_supervised, t.theses_defended\n"
            "(992, 629, 28903, 67, 42)\n");
  Record<BreakdownRow>(m, "BreakdownRow", "One group of a breakdown.")
      .field("key", &BreakdownRow::key, "str", "the group: a sector, region, kind, year or country")
      .field("missions", &BreakdownRow::missions, "int", "missions")
      .field("beneficiaries", &BreakdownRow::beneficiaries, "int", "people trained")
      .field("theses_supervised", &BreakdownRow::theses_supervised, "int", "theses supervised")
      .field("theses_defended", &BreakdownRow::theses_defended, "int", "theses defended")
      .field("experts", &BreakdownRow::experts, "int", "distinct experts within the group")
      .done(">>> import tokten\n"
            ">>> tokten.breakdown(tokten.synthetic_history(), \"year\").rows[0].key\n"
            "'1998'\n");
  Record<Breakdown>(m, "Breakdown", "Indicators per group: sector, region, institution_kind, year or residence_country.")
      .field("by", &Breakdown::by, "str", "what the rows group by")
      .field("rows", &Breakdown::rows, "list of BreakdownRow", "one per group, in a fixed order")
      .done(">>> import tokten\n"
            ">>> b = tokten.breakdown(tokten.synthetic_history(), \"sector\")\n"
            ">>> b.by, b.rows[0].key\n"
            "('sector', 'education')\n");
  Record<RequestCoverage>(m, "RequestCoverage", "How much of what hosts asked for was filled, and how fast.")
      .field("needs_requested", &RequestCoverage::needs_requested, "int", "requests (distinct need ids)")
      .field("needs_filled", &RequestCoverage::needs_filled, "int", "requests with every seat filled")
      .field("seats_requested", &RequestCoverage::seats_requested, "int", "seats asked for")
      .field("seats_filled", &RequestCoverage::seats_filled, "int", "seats filled by counted missions")
      .field("need_coverage", &RequestCoverage::need_coverage, "float", "needs_filled / needs_requested (0 if none)")
      .field("seat_coverage", &RequestCoverage::seat_coverage, "float", "seats_filled / seats_requested (0 if none)")
      .field("median_days_to_fill", &RequestCoverage::median_days_to_fill, "float or None",
             "median days from the request to a filling mission's start")
      .field("mean_days_to_fill", &RequestCoverage::mean_days_to_fill, "float or None", "mean of the same")
      .done(">>> import tokten\n"
            ">>> c = tokten.request_coverage(tokten.synthetic_history())\n"
            ">>> 0 < c.seat_coverage < 1\n"
            "True\n");
  Record<Continuity>(m, "Continuity", "Experts who come back: repeat missions and returns to the same host.")
      .field("repeat_rate", &Continuity::repeat_rate, "float", "experts with two missions or more / experts")
      .field("return_to_host_rate", &Continuity::return_to_host_rate, "float",
             "experts who served one host twice or more / experts with two missions or more")
      .field("experts", &Continuity::experts, "int", "distinct experts")
      .field("repeat_experts", &Continuity::repeat_experts, "int", "experts with two missions or more")
      .field("returning_experts", &Continuity::returning_experts, "int", "experts who served one host twice or more")
      .done(">>> import tokten\n"
            ">>> c = tokten.continuity(tokten.synthetic_history())\n"
            ">>> c.experts, 0 < c.repeat_rate < 1\n"
            "(629, True)\n");
  Record<RegionRate>(m, "RegionRate", "A region's missions and beneficiaries per 100,000 inhabitants.")
      .field("region", &RegionRate::region, "str", "the region")
      .field("missions", &RegionRate::missions, "int", "missions counted there")
      .field("beneficiaries", &RegionRate::beneficiaries, "int", "people trained there")
      .field("population", &RegionRate::population, "float", "inhabitants; NaN when not given")
      .field("missions_per_100k", &RegionRate::missions_per_100k, "float", "missions per 100,000 inhabitants")
      .field("beneficiaries_per_100k", &RegionRate::beneficiaries_per_100k, "float",
             "people trained per 100,000 inhabitants")
      .done(">>> import tokten\n"
            ">>> r = tokten.equity(tokten.synthetic_history(), population={\"Kidal\": 70000.0})\n"
            ">>> [row for row in r.per_capita if row.region == \"Kidal\"][0].population\n"
            "70000.0\n");
  Record<EquityReport>(m, "EquityReport",
                       "How far the programme reaches beyond the capital and how evenly it spreads.")
      .field("missions_outside_capital_share", &EquityReport::missions_outside_capital_share, "float",
             "missions in a known region other than the capital / missions")
      .field("beneficiaries_outside_capital_share", &EquityReport::beneficiaries_outside_capital_share, "float",
             "the same for people trained")
      .field("gini_regions_missions", &EquityReport::gini_regions_missions, "float",
             "Gini of missions over the regions known to the ledger (0 even; (n-1)/n all in one)")
      .field("theil_regions_missions", &EquityReport::theil_regions_missions, "float",
             "Theil T of the same (0 even; ln n all in one)")
      .field("gini_sectors_missions", &EquityReport::gini_sectors_missions, "float", "Gini of missions over sectors")
      .field("theil_sectors_missions", &EquityReport::theil_sectors_missions, "float", "Theil T over sectors")
      .field("per_capita", &EquityReport::per_capita, "list of RegionRate", "per region, when populations are given")
      .field("gini_regions_per_capita", &EquityReport::gini_regions_per_capita, "float or None",
             "Gini of missions per inhabitant over the regions with a population")
      .field("theil_regions_per_capita", &EquityReport::theil_regions_per_capita, "float or None",
             "Theil T of the same")
      .done(">>> import tokten\n"
            ">>> r = tokten.equity(tokten.synthetic_history(), capital=\"Bamako\")\n"
            ">>> 0 < r.missions_outside_capital_share < 1, r.per_capita\n"
            "(True, [])\n");

  std::vector<std::string> kinds(kFindingKinds.begin(), kFindingKinds.end());
  m.attr("FINDING_KINDS") = py::tuple(py::cast(kinds));
  std::vector<std::string> keys(kBreakdownKeys.begin(), kBreakdownKeys.end());
  m.attr("BREAKDOWN_KEYS") = py::tuple(py::cast(keys));

  const auto release = py::call_guard<py::gil_scoped_release>();
  m.def("read_ledger", &io::read_ledger, py::arg("text"), release,
        R"doc(Parse a mission ledger document (JSON text).

Parameters
----------
text : str
    A ``tokten.ledger`` document; its JSON Schema ships as ``schemas/ledger.schema.json``.

Returns
-------
Ledger
    Its structure checked: types, dates, counts >= 0, seats >= 1, a mission's end not before
    its start, no unknown field. Repeats and inconsistencies are not errors: see reconcile.

Raises
------
InputError
    At the first error, with ``.pointer`` the JSON pointer of the offending item.

See Also
--------
load_ledger, write_ledger, ledger_from_dict

Notes
-----
Linear in the length of the text. The GIL is released meanwhile.

Examples
--------
>>> import tokten
>>> ledger = tokten.read_ledger(tokten.write_ledger(tokten.synthetic_history(seed=2)))
>>> len(ledger.missions)
992
>>> try:
...     tokten.read_ledger('{"format": "tokten.ledger", "format_version": 1, "experts": [], '
...                        '"institutions": [], "missions": [{"id": "m"}]}')
... except tokten.InputError as error:
...     print(error.pointer, "-", error.reason)
/missions/0/expert - missing required field "expert"
)doc");
  m.def("load_ledger", &io::load_ledger, py::arg("path"), release,
        R"doc(Read a mission ledger document from a file; tokten.load_ledger also takes a path object.

Parameters
----------
path : str
    The file's path.

Returns
-------
Ledger

Raises
------
InputError
    An unreadable file (pointer ``""``) or the first error of the document.

Notes
-----
Linear in the file's size. The GIL is released meanwhile.

Examples
--------
>>> import os, tempfile, tokten
>>> path = os.path.join(tempfile.mkdtemp(), "ledger.json")
>>> tokten.save_ledger(tokten.synthetic_history(seed=3), path)
>>> len(tokten.load_ledger(path).experts)
629
)doc");
  m.def("write_ledger", &io::write_ledger, py::arg("ledger"), py::arg("indent") = 2, release,
        R"doc(The mission ledger as a JSON document (text).

Parameters
----------
ledger : Ledger
    Written as it is (reconcile is what checks the content).
indent : int, default 2
    Spaces per level; -1 writes a single line.

Returns
-------
str
    A ``tokten.ledger`` document (format_version 1), without a final newline.

Notes
-----
Linear in the size of the ledger. The GIL is released meanwhile.

Examples
--------
>>> import json, tokten
>>> document = json.loads(tokten.write_ledger(tokten.Ledger(name="empty"), indent=-1))
>>> document["format"], document["missions"]
('tokten.ledger', [])
)doc");
  m.def("reconcile", &reconcile, py::arg("ledger"), release,
        R"doc(Every duplicate and inconsistency of a mission ledger, in a fixed order.

A record that repeats an earlier one (``duplicate_id``: the same id; ``duplicate_mission``:
the same expert at the same host on overlapping dates) is set aside by the indicators, the
first kept. Every other finding is reported and the record still counts: unknown experts,
institutions or requests, more theses defended than supervised, a mission outside the
expert's known dates, a region that is not the host's, a mission before its request, a request
overfilled, one expert in two places at once, repeated roster ids, invalid records.

Parameters
----------
ledger : Ledger

Returns
-------
list of LedgerFinding
    Ordered by kind (as in FINDING_KINDS), then by the records' positions; empty for a clean
    ledger.

Notes
-----
O(n log n) for n records, plus the pairs reported. The GIL is released meanwhile.

Examples
--------
>>> import tokten
>>> ledger = tokten.synthetic_history()
>>> tokten.reconcile(ledger)
[]
>>> ledger.missions = ledger.missions + [ledger.missions[0]]
>>> [(f.kind, f.missions) for f in tokten.reconcile(ledger)]
[('duplicate_id', ['m-0001'])]
)doc");
  m.def(
      "reconciled",
      [](const Ledger& ledger, const std::optional<std::vector<LedgerFinding>>& findings) {
        return findings ? impact::reconciled(ledger, *findings) : impact::reconciled(ledger);
      },
      py::arg("ledger"), py::arg("findings") = py::none(), release,
      R"doc(The ledger without the records set aside as repeats: what the indicators count.

Parameters
----------
ledger : Ledger
findings : list of LedgerFinding, optional
    The findings whose ``duplicate_id`` and ``duplicate_mission`` entries say what to leave
    out; ``reconcile(ledger)`` by default. Pass a filtered list to keep a repeat you know to be
    a distinct mission.

Returns
-------
Ledger
    The same roster and requests; the missions minus the repeats, the first of each kept.

Notes
-----
O(n log n) for n records. The GIL is released meanwhile.

Examples
--------
>>> import tokten
>>> ledger = tokten.synthetic_history()
>>> ledger.missions = ledger.missions + [ledger.missions[5]]
>>> len(tokten.reconciled(ledger).missions), len(tokten.reconciled(ledger, []).missions)
(992, 993)
)doc");
  m.def("programme_totals", &totals, py::arg("ledger"), release,
        R"doc(The programme's totals: missions, beneficiaries, theses, experts, countries, hosts.

Parameters
----------
ledger : Ledger

Returns
-------
ProgrammeTotals
    Counted over the records reconciliation keeps; ``set_aside`` says how many repeats were
    left out. Distinct experts, their countries of residence (from the roster) and host
    structures.

Notes
-----
O(n log n) for n records. The GIL is released meanwhile.

Examples
--------
>>> import tokten
>>> ledger = tokten.synthetic_history()
>>> ledger.missions = ledger.missions + [ledger.missions[0]]
>>> t = tokten.programme_totals(ledger)
>>> t.missions, t.set_aside, t.residence_countries > 5
(992, 1, True)
)doc");
  m.def("breakdown", &breakdown, py::arg("ledger"), py::arg("by"), release,
        R"doc(The indicators per sector, region, institution kind, year or country of residence.

Parameters
----------
ledger : Ledger
by : {"sector", "region", "institution_kind", "year", "residence_country"}
    What to group by: the region is the record's, else its host's; the year is the mission's
    start; a key the ledger cannot tell is ``"(unknown)"``.

Returns
-------
Breakdown
    One row per group (sectors and kinds in their fixed order, other keys ascending,
    ``"(unknown)"`` last). Rows add up to the totals, except ``experts``, distinct per row.

Raises
------
ValueError
    An unknown ``by``.

Notes
-----
O(n log n) for n records. The GIL is released meanwhile.

Examples
--------
>>> import tokten
>>> rows = tokten.breakdown(tokten.synthetic_history(), "region").rows
>>> sum(r.missions for r in rows), max(rows, key=lambda r: r.missions).key
(992, 'Bamako')
)doc");
  m.def("request_coverage", &request_coverage, py::arg("ledger"), release,
        R"doc(Coverage of the hosts' requests and the time to fill them.

Parameters
----------
ledger : Ledger

Returns
-------
RequestCoverage
    A counted mission whose ``need`` names a request fills one of its seats, up to its seats;
    a need is filled when all its seats are. Days to fill run from ``requested_on`` to the
    start of each filling mission (the earliest first); missions before their request are
    left out of the times.

Notes
-----
O(n log n) for n records. The GIL is released meanwhile.

Examples
--------
>>> import tokten
>>> c = tokten.request_coverage(tokten.synthetic_history())
>>> c.seats_filled <= c.seats_requested, c.median_days_to_fill is not None
(True, True)
)doc");
  m.def("continuity", &continuity, py::arg("ledger"), release,
        R"doc(Repeat missions and returns to the same host.

Parameters
----------
ledger : Ledger

Returns
-------
Continuity
    ``repeat_rate``: experts with two missions or more over experts; ``return_to_host_rate``:
    experts who served one host twice or more over experts with two missions or more.

Notes
-----
Linear in the number of records on average. The GIL is released meanwhile.

Examples
--------
>>> import tokten
>>> c = tokten.continuity(tokten.synthetic_history())
>>> c.repeat_experts <= c.experts, 0 <= c.return_to_host_rate <= 1
(True, True)
)doc");
  m.def(
      "equity",
      [](const Ledger& ledger, const std::string& capital, const std::optional<std::map<std::string, double>>& population) {
        return impact::equity(ledger, capital, population ? *population : std::map<std::string, double>{});
      },
      py::arg("ledger"), py::arg("capital") = "Bamako", py::arg("population") = py::none(), release,
      R"doc(Equity: the share beyond the capital, dispersion over regions and sectors, per-capita rates.

Parameters
----------
ledger : Ledger
capital : str, default "Bamako"
    The region that counts as the capital (compared exactly).
population : dict of str to float, optional
    Inhabitants per region; adds ``per_capita`` rows (missions and beneficiaries per 100,000)
    and the per-capita dispersion.

Returns
-------
EquityReport
    Gini and Theil over the regions known to the ledger (its institutions, missions and
    requests, and ``population``'s), a known region without missions counting 0; over the
    sectors of its missions and requests.

Raises
------
ValueError
    A population that is not a finite number > 0.

Notes
-----
O(n log n) for n records. The GIL is released meanwhile.

Examples
--------
>>> import tokten
>>> r = tokten.equity(tokten.synthetic_history(), population={"Bamako": 2.8e6, "Kayes": 2.4e6})
>>> [row.region for row in r.per_capita][:3]
['Bamako', 'Gao', 'Kayes']
>>> r.per_capita[0].missions_per_100k > r.per_capita[2].missions_per_100k
True
)doc");
  m.def(
      "synthetic_history",
      [](std::uint64_t seed, int first_year, int last_year, int experts, int missions, std::int64_t beneficiaries,
         int theses_supervised, int theses_defended) {
        return synth::synthetic_history(
            {seed, first_year, last_year, experts, missions, beneficiaries, theses_supervised, theses_defended});
      },
      py::arg("seed") = 1, py::arg("first_year") = 1998, py::arg("last_year") = 2025, py::arg("experts") = 629,
      py::arg("missions") = 992, py::arg("beneficiaries") = 28903, py::arg("theses_supervised") = 67,
      py::arg("theses_defended") = 42, release,
      R"doc(A synthetic programme history calibrated to the published figures.

Parameters
----------
seed : int, default 1
    The same seed gives the same history on every platform.
first_year, last_year : int, default 1998 and 2025
    The years covered.
experts : int, default 629
    Distinct experts mobilised, each with at least one mission.
missions : int, default 992
    Missions; at most ``experts`` times the number of years.
beneficiaries : int, default 28903
    People trained, in total.
theses_supervised, theses_defended : int, default 67 and 42
    Theses in total; no record defends more than it supervises.

Returns
-------
Ledger
    Every count exactly as asked; about 77% education in 2013-2016; every region of Mali,
    Bamako first; countries of the diaspora; requests, some filled. Clean: reconcile finds
    nothing.

Raises
------
ValueError
    Options that cannot make a history.

Notes
-----
O(m log m) for m missions. The GIL is released meanwhile.

Examples
--------
>>> import tokten
>>> ledger = tokten.synthetic_history(seed=1)
>>> len(ledger.missions), len({m.expert for m in ledger.missions})
(992, 629)
>>> sum(m.beneficiaries for m in ledger.missions)
28903
>>> tokten.synthetic_history(seed=4, experts=10, missions=30, beneficiaries=300).name
'TOKTEN Mali, synthetic history 1998-2025 (seed 4)'
)doc");
}

}  // namespace tokten::python
