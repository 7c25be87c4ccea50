// The report's numbers as data and as the Report JSON document: what is published equals
// impact's indicators, what is withheld is absent (null in JSON) and found nowhere in the text,
// the document reads back to the same data and is refused when malformed.
#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <map>
#include <string>
#include <tuple>

#include <catch2/catch.hpp>

#include "ledger_fixtures.hpp"
#include "tokten/io/ledger_json.hpp"
#include "tokten/io/report_json.hpp"
#include "tokten/report/html_report.hpp"
#include "tokten/report/report_data.hpp"
#include "tokten/synth/demo.hpp"
#include "tokten/synth/history.hpp"

using namespace tokten;
using io::json;

namespace {

Problem small_round() {
  synth::DemoOptions o;
  o.experts = 200;
  o.needs = 40;
  return synth::demo_problem(o);
}

using testing::small_ledger;

// Every number of a JSON value, with its pointer.
void each_number(const json& value, const std::string& pointer,
                 const std::function<void(const std::string&, double)>& visit) {
  if (value.is_number()) visit(pointer, value.get<double>());
  if (value.is_array())
    for (std::size_t i = 0; i < value.size(); ++i) each_number(value[i], pointer + "/" + std::to_string(i), visit);
  if (value.is_object())
    for (auto it = value.begin(); it != value.end(); ++it) each_number(it.value(), pointer + "/" + it.key(), visit);
}

// What reading `text` throws, or "" and "" when it does not.
std::pair<std::string, std::string> read_error(const std::string& text) {
  try {
    io::read_report_data(text);
  } catch (const InputError& e) {
    return {e.pointer(), e.message()};
  }
  return {"", ""};
}

std::string with(const json& document, const std::string& pointer, const json& value) {
  json copy = document;
  copy[json::json_pointer(pointer)] = value;
  return copy.dump();
}

}  // namespace

TEST_CASE("report data: reads back to the same data, deterministic, and renders the same page") {
  const impact::Ledger ledger = synth::synthetic_history();
  const Problem round = small_round();
  report::ReportOptions options;
  options.trials = 10;
  options.population = {{"Bamako", 2'810'000}, {"Kayes", 2'440'000}};  // the other regions: not known
  const report::ReportData data = report::report_data(&ledger, &round, options);
  CHECK(data == report::report_data(&ledger, &round, options));
  const std::string text = io::write_report_data(data);
  CHECK(text == io::write_report_data(report::report_data(&ledger, &round, options)));
  const report::ReportData back = io::read_report_data(text);
  CHECK(back == data);
  CHECK(io::write_report_data(back) == text);
  // The page is rendered from the data alone: the data read back gives the same bytes.
  CHECK(report::render_html(back) == report::html_report(&ledger, &round, options));
  const json document = json::parse(text);
  CHECK(document["format"] == "tokten.report");
  CHECK(document["format_version"] == 1);
  CHECK(document["tokten_version"] == version);
  CHECK(document["k"] == 5);
  // A region without a population has neither population nor rates: not known, not withheld.
  for (const json& region : document["ledger"]["equity"]["per_capita"]["regions"])
    CHECK(region.contains("population") == (region["region"] == "Bamako" || region["region"] == "Kayes"));
  // Neither input: both null.
  const report::ReportData none = report::report_data(nullptr, nullptr, options);
  const std::string nothing = io::write_report_data(none);
  CHECK(json::parse(nothing)["ledger"].is_null());
  CHECK(json::parse(nothing)["round"].is_null());
  CHECK(io::read_report_data(nothing) == none);
}

TEST_CASE("report data: every published number is impact's, and withheld ones are null") {
  const impact::Ledger ledger = synth::synthetic_history();
  const Problem round = small_round();
  report::ReportOptions options;
  options.k = 40;  // withholds in every table of the ledger, and publishes in each too
  options.trials = 8;
  options.bonuses = {0.0, 0.3};
  options.population = {{"Bamako", 2'810'000}, {"Kayes", 2'440'000}, {"Sikasso", 3'500'000}};
  const json doc = json::parse(io::write_report_data(report::report_data(&ledger, &round, options)));
  const json& l = doc["ledger"];
  REQUIRE(l["status"] == "published");
  std::int64_t published = 0, withheld = 0;
  auto check = [&](const json& value, double expected) {
    if (value.is_null()) return ++withheld, void();
    ++published;
    CHECK(value.get<double>() == expected);
  };

  const impact::ProgrammeTotals t = impact::totals(ledger);
  const json& ind = l["indicators"];
  CHECK(ind["missions"] == t.missions);
  CHECK(ind["beneficiaries"] == t.beneficiaries);
  CHECK(ind["theses_supervised"] == t.theses_supervised);
  CHECK(ind["theses_defended"] == t.theses_defended);
  CHECK(ind["experts"] == t.experts);
  CHECK(ind["residence_countries"] == t.residence_countries);
  CHECK(ind["host_structures"] == t.host_structures);
  CHECK(ind["set_aside"] == t.set_aside);
  std::map<std::string, std::int64_t> kinds;
  for (const auto& f : impact::reconcile(ledger)) ++kinds[f.kind];
  CHECK(l["reconciliation_findings"].size() == kinds.size());
  for (const auto& [kind, n] : kinds) CHECK(l["reconciliation_findings"][kind] == n);

  // Region x sector: cells counted from the reconciled records, margins from impact::breakdown.
  const impact::Ledger counted = impact::reconciled(ledger);
  const impact::LedgerIndex index(counted);
  const impact::Breakdown by_region = impact::breakdown(ledger, "region"), by_sector = impact::breakdown(ledger, "sector");
  for (const bool people : {false, true}) {
    const json& x = l[people ? "beneficiaries_by_region_and_sector" : "missions_by_region_and_sector"];
    auto measure = [&](const impact::BreakdownRow& row) { return people ? row.beneficiaries : row.missions; };
    REQUIRE(x["regions"].size() == by_region.rows.size());
    for (std::size_t i = 0; i < by_region.rows.size(); ++i) {
      CHECK(x["regions"][i] == by_region.rows[i].key);
      check(x["region_totals"][i], static_cast<double>(measure(by_region.rows[i])));
      for (std::size_t j = 0; j < x["sectors"].size(); ++j) {
        std::int64_t cell = 0;
        for (const auto& m : counted.missions)
          if (index.effective_region(m) == by_region.rows[i].key &&
              to_string(m.sector) == x["sectors"][j].get<std::string>())
            cell += people ? m.beneficiaries : 1;
        check(x["cells"][i][j], static_cast<double>(cell));
      }
    }
    REQUIRE(x["sectors"].size() == by_sector.rows.size());
    for (std::size_t j = 0; j < by_sector.rows.size(); ++j) {
      CHECK(x["sectors"][j] == by_sector.rows[j].key);
      check(x["sector_totals"][j], static_cast<double>(measure(by_sector.rows[j])));
    }
    CHECK(x["total"] == (people ? t.beneficiaries : t.missions));
  }
  for (const auto& [key, by] : {std::pair{"by_institution_kind", "institution_kind"}, std::pair{"by_year", "year"}}) {
    const impact::Breakdown b = impact::breakdown(ledger, by);
    REQUIRE(l[key]["rows"].size() == b.rows.size());
    for (std::size_t i = 0; i < b.rows.size(); ++i) {
      const json& row = l[key]["rows"][i];
      CHECK(row["key"] == b.rows[i].key);
      check(row["missions"], static_cast<double>(b.rows[i].missions));
      check(row["beneficiaries"], static_cast<double>(b.rows[i].beneficiaries));
      check(row["theses_supervised"], static_cast<double>(b.rows[i].theses_supervised));
      check(row["theses_defended"], static_cast<double>(b.rows[i].theses_defended));
      check(row["experts"], static_cast<double>(b.rows[i].experts));
    }
  }
  const impact::RequestCoverage c = impact::request_coverage(ledger);
  const json& rc = l["request_coverage"];
  check(rc["needs_requested"], static_cast<double>(c.needs_requested));
  check(rc["needs_filled"], static_cast<double>(c.needs_filled));
  check(rc["need_coverage"], c.need_coverage);
  check(rc["seats_requested"], static_cast<double>(c.seats_requested));
  check(rc["seats_filled"], static_cast<double>(c.seats_filled));
  check(rc["seat_coverage"], c.seat_coverage);
  check(rc["median_days_to_fill"], c.median_days_to_fill.value());
  const impact::Continuity k = impact::continuity(ledger);
  check(l["continuity"]["repeat_mission_rate"], k.repeat_rate);
  check(l["continuity"]["return_to_host_rate"], k.return_to_host_rate);
  const impact::EquityReport e = impact::equity(ledger, options.capital, options.population);
  const json& eq = l["equity"];
  check(eq["missions_outside_capital_share"], e.missions_outside_capital_share);
  check(eq["beneficiaries_outside_capital_share"], e.beneficiaries_outside_capital_share);
  check(eq["gini_regions_missions"], e.gini_regions_missions);
  check(eq["theil_regions_missions"], e.theil_regions_missions);
  check(eq["gini_sectors_missions"], e.gini_sectors_missions);
  check(eq["theil_sectors_missions"], e.theil_sectors_missions);
  check(eq["per_capita"]["gini_regions_missions_per_capita"], e.gini_regions_per_capita.value());
  REQUIRE(eq["per_capita"]["regions"].size() == e.per_capita.size());
  for (std::size_t i = 0; i < e.per_capita.size(); ++i) {
    const json& r = eq["per_capita"]["regions"][i];
    CHECK(r["region"] == e.per_capita[i].region);
    if (std::isnan(e.per_capita[i].population)) {
      CHECK(r.size() == 1);
      continue;
    }
    check(r["population"], e.per_capita[i].population);
    check(r["missions_per_100k"], e.per_capita[i].missions_per_100k);
    check(r["beneficiaries_per_100k"], e.per_capita[i].beneficiaries_per_100k);
  }
  CHECK(published > 100);
  CHECK(withheld > 20);
  // Each table's "withheld" counts its nulls.
  for (const char* table : {"missions_by_region_and_sector", "beneficiaries_by_region_and_sector", "by_institution_kind",
                            "by_year", "request_coverage", "continuity", "equity"}) {
    std::int64_t nulls = 0;
    std::function<void(const json&)> count = [&](const json& v) {
      nulls += v.is_null();
      if (v.is_structured())
        for (const json& item : v) count(item);
    };
    count(l[table]);
    CHECK(l[table]["withheld"] == nulls);
  }

  // The round: nothing withheld, each number from impact::run_policy, equity_point and the trials.
  const json& r = doc["round"];
  CHECK(r["experts"] == round.experts.size());
  CHECK(r["needs"] == round.needs.size());
  impact::PolicyRunOptions run;
  run.solve = options.solve;
  run.solve.explain_pairs = false;
  run.solve.alternates = 0;
  run.solve.fixes = 0;
  run.seed = options.seed;
  REQUIRE(r["policies"].size() == 5);
  for (const json& p : r["policies"]) {
    impact::PolicyKind kind{};
    for (std::size_t i = 0; i < std::size(impact::kPolicyKindNames); ++i)
      if (p["policy"].get<std::string>() == impact::kPolicyKindNames[i]) kind = static_cast<impact::PolicyKind>(i);
    const impact::RoundMetrics m = impact::run_policy(round, kind, run).metrics;
    CHECK(p["total_score"] == m.total_score);
    CHECK(p["seats_filled"] == m.seats_filled);
    CHECK(p["seats_requested"] == m.seats_requested);
    CHECK(p["seat_coverage"] == m.seat_coverage);
    CHECK(p["needs_filled"] == m.needs_filled);
    CHECK(p["needs"] == m.needs);
    CHECK(p["outside_capital_share"] == m.outside_capital_share);
    CHECK(p["gini_regions_coverage"] == m.gini_regions);
  }
  REQUIRE(r["price_of_equity"].size() == 2);
  const impact::EquityPoint p0 = impact::equity_point(round, run.solve, 0.0);
  const impact::EquityPoint p1 = impact::equity_point(round, run.solve, 0.3);
  CHECK(r["price_of_equity"][1]["equity_bonus"] == 0.3);
  CHECK(r["price_of_equity"][1]["quality"] == p1.quality);
  CHECK(r["price_of_equity"][1]["quality_given_up"] == p0.quality - p1.quality);
  CHECK(r["price_of_equity"][1]["outside_capital_share"] == p1.metrics.outside_capital_share);
  CHECK(r["price_of_equity"][1]["seats_filled"] == p1.metrics.seats_filled);
  impact::WithdrawalOptions w;
  w.probability.assign(round.experts.size(), options.withdrawal_probability);
  w.trials = options.trials;
  w.seed = options.seed;
  double sum = 0;
  for (const auto& trial : impact::withdrawal_trials(round, run.solve, solve(round, run.solve), w)) sum += trial.coverage;
  CHECK(r["withdrawals"]["coverage_after_rematching"]["mean"] == sum / options.trials);
  CHECK(r["withdrawals"]["trials"] == options.trials);
}

TEST_CASE("report data: a withheld number is absent from the data, null in JSON and nowhere in the text") {
  const impact::Ledger ledger = small_ledger(7777);
  report::ReportOptions options;
  options.population = {{"Bamako", 2.8e6}, {"Kayes", 2.4e6}, {"Ségou", 3.0e6}, {"Kidal", 0.1e6}};
  const report::ReportData data = report::report_data(&ledger, nullptr, options);
  const report::LedgerFigures& f = data.ledger->figures.value();
  const report::RegionSectorTable& people = f.beneficiaries_by_region_and_sector;
  REQUIRE(people.regions == std::vector<std::string>{"Bamako", "Kayes", "Kidal", "Ségou"});
  CHECK_FALSE(people.region_totals[2].has_value());
  CHECK_FALSE(people.cells[2][0].has_value());
  CHECK_FALSE(people.region_totals[1].has_value());  // complementary: else the total gives Kidal away
  CHECK(people.region_totals[0] == 186);
  CHECK_FALSE(f.equity.per_capita->regions[2].beneficiaries_per_100k.has_value());
  CHECK_FALSE(f.equity.gini_regions_missions.has_value());

  const std::string text = io::write_report_data(data);
  const json doc = json::parse(text);
  const json& table = doc["ledger"]["beneficiaries_by_region_and_sector"];
  CHECK(table["region_totals"][2].is_null());
  CHECK(table["cells"][2][0].is_null());
  CHECK(table["withheld"] == 4);
  CHECK(doc["ledger"]["equity"]["per_capita"]["regions"][2]["beneficiaries_per_100k"].is_null());
  CHECK(doc["ledger"]["equity"]["gini_regions_missions"].is_null());
  // 7777 beneficiaries, and 7777 per 100,000 inhabitants of Kidal: neither is anywhere.
  each_number(doc, "", [](const std::string& pointer, double v) {
    INFO(pointer);
    CHECK(v != 7777.0);
  });
  CHECK(text.find("7777") == std::string::npos);
  // The page agrees.
  CHECK(report::render_html(data).find("7777") == std::string::npos);
}

namespace {

// A ledger of one sector: `regions` lists (institution region, missions, distinct experts);
// each expert's missions go one after another.
impact::Ledger one_sector_ledger(const std::vector<std::tuple<std::string, int, int>>& regions,
                                 std::int64_t beneficiaries_each) {
  impact::Ledger ledger;
  ledger.name = "one sector";
  int id = 0, expert_id = 0;
  for (const auto& [region, missions, experts] : regions) {
    const std::string inst = "inst-" + std::to_string(ledger.institutions.size());
    ledger.institutions.push_back({inst, "Host " + inst, InstitutionKind::university, region});
    const int first = expert_id;
    for (int e = 0; e < experts; ++e)
      ledger.experts.push_back({"e" + std::to_string(expert_id++), "FR", std::nullopt, std::nullopt});
    for (int m = 0; m < missions; ++m) {
      impact::MissionRecord r;
      r.id = "m" + std::to_string(++id);
      r.expert = "e" + std::to_string(first + m % experts);
      r.institution = inst;
      r.sector = Sector::education;
      r.dates = {*parse_date("2020-01-01"), *parse_date("2020-01-10")};
      r.dates.start.days += 20 * id;
      r.dates.end.days += 20 * id;
      r.beneficiaries = beneficiaries_each;
      ledger.missions.push_back(r);
    }
  }
  return ledger;
}

}  // namespace

TEST_CASE("report data: the share outside the capital is withheld with a withheld row of unknown region") {
  // Bamako 20 missions (10 experts), Kayes 15 (8), 2 by one expert at a host of unknown region.
  // The share is (total - Bamako - unknown) / total: with Bamako and the total published, it
  // would give back Kayes and then the unknown row.
  const impact::Ledger ledger = one_sector_ledger({{"Bamako", 20, 10}, {"Kayes", 15, 8}, {"", 2, 1}}, 10);
  report::ReportOptions options;
  const report::ReportData data = report::report_data(&ledger, nullptr, options);
  const report::LedgerFigures& f = data.ledger->figures.value();
  const report::RegionSectorTable& missions = f.missions_by_region_and_sector;
  REQUIRE(std::find(missions.regions.begin(), missions.regions.end(), impact::kUnknownKey) != missions.regions.end());
  CHECK_FALSE(report::region_published(missions, impact::kUnknownKey));
  CHECK_FALSE(f.equity.missions_outside_capital_share.has_value());
  CHECK_FALSE(f.equity.beneficiaries_outside_capital_share.has_value());
  // Without the unknown host, the share is published.
  const impact::Ledger known = one_sector_ledger({{"Bamako", 20, 10}, {"Kayes", 15, 8}}, 10);
  CHECK(report::report_data(&known, nullptr, options).ledger->figures->equity.missions_outside_capital_share);
}

TEST_CASE("report data: a region listed only because it has missions is never pinned at one mission") {
  // Kidal and Ménaka: one mission each, by one expert. Withholding just those two would leave
  // [0, 2] for each to a reader who ignores that a listed region has a mission, [1, 1] to one
  // who knows it: the report protects them against the second reader.
  const impact::Ledger ledger = one_sector_ledger({{"Bamako", 50, 20}, {"Kidal", 1, 1}, {"Ménaka", 1, 1}}, 3);
  report::ReportOptions options;
  const report::ReportData data = report::report_data(&ledger, nullptr, options);
  const report::RegionSectorTable& missions = data.ledger->figures->missions_by_region_and_sector;
  REQUIRE(missions.regions == std::vector<std::string>{"Bamako", "Kidal", "Ménaka"});
  CHECK(missions.total == 52);
  CHECK_FALSE(missions.region_totals[1]);
  CHECK_FALSE(missions.region_totals[2]);
  CHECK_FALSE(missions.region_totals[0]);  // else Kidal + Ménaka = 2, each at least 1
}

TEST_CASE("report data: a ledger that records no beneficiaries publishes its zeros") {
  const impact::Ledger ledger = one_sector_ledger({{"Bamako", 20, 10}, {"Kidal", 1, 1}}, 0);
  report::ReportOptions options;
  const report::ReportData data = report::report_data(&ledger, nullptr, options);
  const report::RegionSectorTable& people = data.ledger->figures->beneficiaries_by_region_and_sector;
  CHECK(people.total == 0);
  CHECK(report::withheld_count(people) == 0);
  for (const auto& total : people.region_totals) CHECK(total == 0);
  // Missions are still protected.
  CHECK_FALSE(data.ledger->figures->missions_by_region_and_sector.region_totals[1]);
}

TEST_CASE("report data: k below 1 and a population region without a name are refused") {
  const impact::Ledger ledger = one_sector_ledger({{"Bamako", 20, 10}}, 1);
  report::ReportOptions options;
  options.k = 0;
  CHECK_THROWS_AS(report::report_data(&ledger, nullptr, options), std::invalid_argument);
  options.k = 5;
  options.population = {{"", 1000.0}};
  CHECK_THROWS_AS(report::report_data(&ledger, nullptr, options), std::invalid_argument);
}

TEST_CASE("report data: the page escapes every text it is given, the version too") {
  const impact::Ledger ledger = one_sector_ledger({{"Bamako", 20, 10}}, 1);
  report::ReportOptions options;
  report::ReportData data = report::report_data(&ledger, nullptr, options);
  data.tokten_version = "<script>alert(1)</script>";
  const std::string page = report::render_html(io::read_report_data(io::write_report_data(data)));
  CHECK(page.find("<script>") == std::string::npos);
  CHECK(page.find("&lt;script&gt;") != std::string::npos);
}

TEST_CASE("report data: rates of experts and request coverage are withheld when their counts cannot be shown") {
  impact::Ledger ledger = small_ledger(30);
  ledger.requests.push_back({"need-1", "u-kay", Sector::education, "Kayes", 3, parse_date("2019-12-01")});
  ledger.missions[1].need = "need-1";  // two seats of three filled: fewer than k
  ledger.missions[4].need = "need-1";
  report::ReportOptions options;
  options.k = 6;  // 7 of 12 experts came back: the 5 who did not are fewer than k
  const report::ReportData data = report::report_data(&ledger, nullptr, options);
  const report::LedgerFigures& f = data.ledger->figures.value();
  CHECK_FALSE(f.request_coverage.has_value());
  CHECK_FALSE(f.continuity.repeat_mission_rate.has_value());
  CHECK(f.continuity.return_to_host_rate == 0.0);  // nobody returned to a host: 0 of 7
  const json doc = json::parse(io::write_report_data(data));
  for (const char* key : {"needs_requested", "needs_filled", "need_coverage", "seats_requested", "seats_filled",
                          "seat_coverage", "median_days_to_fill"})
    CHECK(doc["ledger"]["request_coverage"][key].is_null());
  CHECK(doc["ledger"]["request_coverage"]["withheld"] == 7);
  CHECK(doc["ledger"]["continuity"]["repeat_mission_rate"].is_null());
  CHECK(doc["ledger"]["continuity"]["withheld"] == 1);
  CHECK(io::read_report_data(doc.dump()) == data);
  // With k = 5 both are published; a coverage without dated requests has no median (left out).
  options.k = 5;
  ledger.requests[0].requested_on.reset();
  const report::ReportData open = report::report_data(&ledger, nullptr, options);
  CHECK(open.ledger->figures->continuity.repeat_mission_rate.has_value());
  CHECK_FALSE(open.ledger->figures->request_coverage.has_value());  // 2 seats filled is still fewer than 5
  ledger.missions[7].need = ledger.missions[10].need = ledger.missions[13].need = "need-1";
  ledger.requests[0].seats = 5;
  const report::ReportData filled = report::report_data(&ledger, nullptr, options);
  REQUIRE(filled.ledger->figures->request_coverage.has_value());
  CHECK(filled.ledger->figures->request_coverage->seats_filled == 5);
  CHECK_FALSE(filled.ledger->figures->request_coverage->median_days_to_fill.has_value());
  const json coverage = json::parse(io::write_report_data(filled))["ledger"]["request_coverage"];
  CHECK_FALSE(coverage.contains("median_days_to_fill"));
  CHECK(coverage["withheld"] == 0);
  CHECK(io::read_report_data(io::write_report_data(filled)) == filled);
  CHECK(report::publishable(0, 12, 5));
  CHECK(report::publishable(12, 12, 5));
  CHECK_FALSE(report::publishable(7, 12, 6));
  CHECK_FALSE(report::publishable(3, 12, 5));
}

TEST_CASE("report data: a ledger of fewer than k experts publishes nothing about it") {
  impact::Ledger tiny = small_ledger(7777);
  tiny.missions.resize(2);  // one expert
  const report::ReportOptions defaults;  // k = 5
  const report::ReportData data = report::report_data(&tiny, nullptr, defaults);
  CHECK(data.ledger->name == "small");
  CHECK(data.ledger->status == report::LedgerStatus::too_few_experts);
  CHECK_FALSE(data.ledger->figures.has_value());
  const json doc = json::parse(io::write_report_data(data));
  CHECK(doc["ledger"] == json({{"name", "small"}, {"status", "too_few_experts"}}));
  CHECK(io::read_report_data(doc.dump()) == data);
  impact::Ledger empty;
  CHECK(report::report_data(&empty, nullptr, defaults).ledger->status == report::LedgerStatus::no_experts);
  CHECK(report::html_report(&empty, nullptr, defaults).find("counts no distinct experts") != std::string::npos);
  report::ReportOptions negative;
  negative.k = -1;
  CHECK_THROWS_AS(report::report_data(&tiny, nullptr, negative), std::invalid_argument);
}

TEST_CASE("report data: when protecting a cell would withhold the grand total, only the grand total is published") {
  // Three experts, two regions and two sectors (the contract's example ledger). At k = 2 the
  // suppression can only protect the single-expert cells by withholding the grand total, which
  // the indicators publish: the table then shows its grand total alone.
  const impact::Ledger ledger =
      io::load_ledger(std::string(TOKTEN_SOURCE_DIR) + "/examples/contract/v1/ledger.json");
  report::ReportOptions options;
  options.k = 2;
  const report::ReportData data = report::report_data(&ledger, nullptr, options);
  REQUIRE(data.ledger);
  REQUIRE(data.ledger->figures);
  const report::RegionSectorTable& missions = data.ledger->figures->missions_by_region_and_sector;
  CHECK(missions.total == 4);
  for (const auto& row : missions.cells)
    for (const auto& cell : row) CHECK(!cell);
  for (const auto& total : missions.region_totals) CHECK(!total);
  for (const auto& total : missions.sector_totals) CHECK(!total);
  CHECK(report::withheld_count(missions) == 8);
  // The same ledger at k = 1 publishes every cell: the fallback is not taken needlessly.
  options.k = 1;
  const report::ReportData all = report::report_data(&ledger, nullptr, options);
  CHECK(report::withheld_count(all.ledger->figures->missions_by_region_and_sector) == 0);
}

TEST_CASE("report data: when even the grand total alone pins a cell, the breakdown lists nothing") {
  // Five regions, one mission each by five experts: every listed region is known to have a
  // mission, so the published total of 5 pins each at 1. This used to stop the report (exit 4).
  const impact::Ledger ledger =
      one_sector_ledger({{"Gao", 1, 1}, {"Kidal", 1, 1}, {"Ménaka", 1, 1}, {"Mopti", 1, 1}, {"Tombouctou", 1, 1}}, 10);
  report::ReportOptions options;
  options.capital = "Gao";
  options.population = {{"Gao", 0.5e6}, {"Kidal", 0.1e6}};
  const report::ReportData data = report::report_data(&ledger, nullptr, options);
  const report::LedgerFigures& f = data.ledger->figures.value();
  for (const report::RegionSectorTable* t : {&f.missions_by_region_and_sector, &f.beneficiaries_by_region_and_sector}) {
    CHECK(t->regions.empty());  // not even which regions had missions
    CHECK(t->sectors.empty());
    CHECK(t->cells.empty());
    CHECK_FALSE(report::listed(*t));
  }
  CHECK(f.missions_by_region_and_sector.total == 5);  // the indicators publish it
  CHECK(f.beneficiaries_by_region_and_sector.total == 50);
  // Nothing computed from the regions' totals is published either.
  CHECK_FALSE(report::region_published(f.missions_by_region_and_sector, "Gao"));
  CHECK_FALSE(report::region_published(f.missions_by_region_and_sector, "Sikasso"));
  CHECK_FALSE(f.equity.missions_outside_capital_share);
  CHECK_FALSE(f.equity.beneficiaries_outside_capital_share);
  CHECK_FALSE(f.equity.gini_regions_missions);
  CHECK_FALSE(f.equity.theil_regions_missions);
  CHECK_FALSE(f.equity.gini_sectors_missions);
  CHECK_FALSE(f.equity.theil_sectors_missions);
  REQUIRE(f.equity.per_capita);
  CHECK_FALSE(f.equity.per_capita->gini_regions_missions_per_capita);
  // Only the regions the user gave populations for, with every rate withheld.
  REQUIRE(f.equity.per_capita->regions.size() == 2);
  CHECK(f.equity.per_capita->regions[0].region == "Gao");
  CHECK(f.equity.per_capita->regions[1].region == "Kidal");
  for (const auto& rate : f.equity.per_capita->regions) {
    CHECK(rate.population);
    CHECK_FALSE(rate.missions_per_100k);
    CHECK_FALSE(rate.beneficiaries_per_100k);
  }
  // The document reads back and names no region with missions beyond the user's own; the page
  // says why.
  const std::string text = io::write_report_data(data);
  CHECK(io::read_report_data(text) == data);
  for (const char* region : {"Tombouctou", "Mopti", "Ménaka"}) CHECK(text.find(region) == std::string::npos);
  // Reading refuses a document that states what the withheld tables hide.
  const json doc = json::parse(text);
  const auto refused = [](const std::string& bad, const std::string& pointer, const std::string& words) {
    const auto [at, message] = read_error(bad);
    INFO(message);
    CHECK(at == pointer);
    CHECK(message.find(words) != std::string::npos);
  };
  const auto stated = [&doc](const std::string& pointer, double value) {  // one null fewer, counted
    json copy = doc;
    copy[json::json_pointer(pointer)] = value;
    copy["ledger"]["equity"]["withheld"] = copy["ledger"]["equity"]["withheld"].get<int>() - 1;
    return copy.dump();
  };
  refused(stated("/ledger/equity/gini_regions_missions", 0.2), "/ledger/equity/gini_regions_missions",
          "must be null: the tables by region and sector are withheld whole");
  refused(stated("/ledger/equity/per_capita/regions/0/missions_per_100k", 1.0),
          "/ledger/equity/per_capita/regions/0/missions_per_100k", "must be null");
  json named = doc;
  named["ledger"]["equity"]["per_capita"]["regions"].push_back({{"region", "Tombouctou"}});
  refused(named.dump(), "/ledger/equity/per_capita/regions/2/region", "only regions given a population");
  const std::string page = report::render_html(data);
  CHECK(page.find("Withheld: the missions are spread over so few regions and sectors") != std::string::npos);
  CHECK(page.find("No missions.") == std::string::npos);
  CHECK(page.find("Tombouctou") == std::string::npos);  // a region with a mission, not a population input
  CHECK(page.find("Mopti") == std::string::npos);
}

TEST_CASE("report data: a year table whose rows the grand total pins is withheld, not an error") {
  // Five missions in five years by five experts: the by-year rows are each known to be at least 1.
  impact::Ledger ledger =
      one_sector_ledger({{"Bamako", 3, 3}, {"Kayes", 2, 2}}, 10);
  for (std::size_t i = 0; i < ledger.missions.size(); ++i) {
    ledger.missions[i].dates.start.days += 365 * static_cast<std::int32_t>(i);
    ledger.missions[i].dates.end.days += 365 * static_cast<std::int32_t>(i);
  }
  report::ReportOptions options;
  const report::ReportData data = report::report_data(&ledger, nullptr, options);
  const report::LedgerFigures& f = data.ledger->figures.value();
  CHECK(f.by_year.rows.empty());  // not even which years had missions
  CHECK(f.by_institution_kind.rows.size() == 1);  // one kind of host, five experts: published
  CHECK(f.by_institution_kind.rows[0].missions == 5);
  CHECK(io::read_report_data(io::write_report_data(data)) == data);
  const std::string page = report::render_html(data);
  CHECK(page.find("Withheld: the missions are spread over so few rows") != std::string::npos);
  CHECK(page.find("<td>2020</td>") == std::string::npos);
}

TEST_CASE("report data: reading refuses what the document must not say") {
  const impact::Ledger ledger = small_ledger(30);
  synth::DemoOptions o;
  o.experts = 40;
  o.needs = 8;
  const Problem round = synth::demo_problem(o);
  report::ReportOptions options;
  options.trials = 2;
  options.bonuses = {0.0};
  options.population = {{"Bamako", 2.8e6}};
  const json doc = json::parse(io::write_report_data(report::report_data(&ledger, &round, options)));
  REQUIRE(read_error(doc.dump()).first.empty());
  auto refused = [&](const std::string& text, const std::string& pointer, const std::string& words) {
    const auto [at, message] = read_error(text);
    INFO(message);
    CHECK(at == pointer);
    CHECK(message.find(words) != std::string::npos);
  };
  // Unknown fields, at any depth.
  refused(with(doc, "/colour", "green"), "/colour", "unexpected field \"colour\"");
  refused(with(doc, "/ledger/equity/median", 1), "/ledger/equity/median", "unexpected field");
  refused(with(doc, "/round/withdrawals/p99", 1), "/round/withdrawals/p99", "unexpected field");
  // Wrong types and ranges, located.
  refused(with(doc, "/ledger/indicators/missions", "many"), "/ledger/indicators/missions", "expected a count");
  refused(with(doc, "/ledger/indicators/missions", nullptr), "/ledger/indicators/missions", "expected a count");
  refused(with(doc, "/ledger/continuity/repeat_mission_rate", 1.5), "/ledger/continuity/repeat_mission_rate",
          "expected a fraction");
  refused(with(doc, "/ledger/missions_by_region_and_sector/sectors/0", "fishing"),
          "/ledger/missions_by_region_and_sector/sectors/0", "expected a sector");
  refused(with(doc, "/round/policies/0/policy", "lottery"), "/round/policies/0/policy", "expected a policy");
  refused(with(doc, "/round/withdrawals/seed", -1), "/round/withdrawals/seed", "expected a seed");
  refused(with(doc, "/ledger/status", "secret"), "/ledger/status", "expected a ledger status");
  // The header: another format, a newer version.
  refused(with(doc, "/format", "tokten.ledger"), "/format", "expected \"tokten.report\"");
  refused(with(doc, "/format_version", 2), "/format_version", "newer than this tokten reads");
  // Shapes and consistency.
  refused(with(doc, "/ledger/missions_by_region_and_sector/cells/0", json::array()),
          "/ledger/missions_by_region_and_sector/cells/0", "expected 1 number (one per sector), got 0");
  refused(with(doc, "/ledger/missions_by_region_and_sector/region_totals", json::array({1})),
          "/ledger/missions_by_region_and_sector/region_totals", "one per region");
  refused(with(doc, "/ledger/missions_by_region_and_sector/withheld", 0),
          "/ledger/missions_by_region_and_sector/withheld", "the withheld numbers of this table");
  refused(with(doc, "/ledger/request_coverage/seats_filled", nullptr), "/ledger/request_coverage/seats_filled",
          "withheld as a whole");
  refused(with(doc, "/ledger/beneficiaries_by_region_and_sector/regions/0", "Zzz"),
          "/ledger/beneficiaries_by_region_and_sector/regions", "expected the regions of the missions table");
  refused(with(doc, "/ledger/equity/per_capita/regions/1/missions_per_100k", 1.0),
          "/ledger/equity/per_capita/regions/1/missions_per_100k", "needs the region's population");
  json tiny = doc;
  tiny["ledger"]["status"] = "too_few_experts";
  refused(tiny.dump(), "/ledger/indicators", "publishes nothing but its name");
  json missing = doc;
  missing["ledger"].erase("equity");
  refused(missing.dump(), "/ledger/equity", "missing required field");
}

TEST_CASE("report data: writing refuses a number JSON cannot hold, which would read as withheld") {
  synth::DemoOptions o;
  o.experts = 40;
  o.needs = 8;
  const Problem round = synth::demo_problem(o);
  report::ReportOptions options;
  options.trials = 1;
  options.bonuses = {0.0};
  report::ReportData data = report::report_data(nullptr, &round, options);
  data.round->policies[0].total_score = std::numeric_limits<double>::quiet_NaN();
  try {
    io::write_report_data(data);
    FAIL("a NaN was written");
  } catch (const InputError& e) {
    CHECK(e.pointer() == "/round/policies/0/total_score");
  }
}
