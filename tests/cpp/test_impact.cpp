// Impact evaluation's foundation: Gini and Theil, the mission ledger and its JSON document,
// reconciliation, the indicators, equity, and the synthetic history calibrated to the
// published figures.
#include <cmath>
#include <map>
#include <numeric>
#include <set>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "support.hpp"
#include "tokten/impact/equity.hpp"
#include "tokten/impact/equity_indicators.hpp"
#include "tokten/impact/indicators.hpp"
#include "tokten/impact/ledger.hpp"
#include "tokten/impact/reconcile.hpp"
#include "tokten/io/ledger_json.hpp"
#include "tokten/synth/history.hpp"
#include "tokten/synth/random.hpp"

using namespace tokten;
using namespace tokten::impact;
using io::json;

namespace {

Date day(const char* text) { return *parse_date(text); }

MissionRecord mission(std::string id, std::string expert, std::string host, const char* start, const char* end,
                      Sector sector = Sector::education, std::int64_t beneficiaries = 10) {
  MissionRecord m;
  m.id = std::move(id);
  m.expert = std::move(expert);
  m.institution = std::move(host);
  m.sector = sector;
  m.dates = {day(start), day(end)};
  m.beneficiaries = beneficiaries;
  m.source = "test";
  return m;
}

/// Three experts, four hosts in three regions, five clean missions.
Ledger small_ledger() {
  Ledger l;
  l.name = "small";
  l.experts = {{"e1", "FR", day("2010-01-01"), std::nullopt},
               {"e2", "CA", std::nullopt, day("2020-12-31")},
               {"e3", "", std::nullopt, std::nullopt}};
  l.institutions = {{"u-bko", "Université de Bamako", InstitutionKind::university, "Bamako"},
                    {"h-kay", "Hôpital de Kayes", InstitutionKind::hospital, "Kayes"},
                    {"m-bko", "Ministère", InstitutionKind::ministry, "Bamako"},
                    {"r-gao", "Institut de Gao", InstitutionKind::research_institute, "Gao"}};
  l.missions = {mission("m1", "e1", "u-bko", "2014-02-01", "2014-02-28", Sector::education, 40),
                mission("m2", "e1", "u-bko", "2015-03-01", "2015-03-20", Sector::education, 30),
                mission("m3", "e2", "h-kay", "2015-01-10", "2015-01-31", Sector::health, 12),
                mission("m4", "e2", "m-bko", "2016-05-01", "2016-05-15", Sector::administration, 8),
                mission("m5", "e3", "h-kay", "2016-06-01", "2016-06-30", Sector::health, 5)};
  l.missions[0].theses_supervised = 2;
  l.missions[1].theses_supervised = 1;
  l.missions[1].theses_defended = 1;
  l.missions[0].outcomes["courses_taught"] = 3;
  return l;
}

std::vector<std::string> kinds_of(const std::vector<LedgerFinding>& findings) {
  std::vector<std::string> out;
  for (const auto& f : findings) out.push_back(f.kind);
  return out;
}

LedgerFinding only(const std::vector<LedgerFinding>& findings, const std::string& kind) {
  const LedgerFinding* found = nullptr;
  for (const auto& f : findings)
    if (f.kind == kind) {
      REQUIRE(found == nullptr);
      found = &f;
    }
  REQUIRE(found != nullptr);
  return *found;
}

/// Gini straight from its definition, O(n^2).
double gini_by_definition(const std::vector<double>& x) {
  double pairs = 0, total = 0;
  for (double a : x) {
    total += a;
    for (double b : x) pairs += std::abs(a - b);
  }
  const double n = static_cast<double>(x.size());
  return total == 0 ? 0 : pairs / (2 * n * n * (total / n));
}

}  // namespace

// ------------------------------------------------------------------------------------------
// Gini and Theil (impact/equity.hpp).

TEST_CASE("gini and theil: hand-computed values") {
  const std::vector<double> x{1, 2, 3};
  // sum |xi - xj| over ordered pairs = 8; 2 n^2 mean = 36.
  CHECK(impact::gini(x) == Approx(8.0 / 36.0));
  // (1/3) [0.5 ln 0.5 + 1 ln 1 + 1.5 ln 1.5]
  CHECK(impact::theil(x) == Approx((0.5 * std::log(0.5) + 1.5 * std::log(1.5)) / 3.0));
  // The header's example.
  const std::vector<double> regions{60, 10, 10, 10, 5, 5};
  CHECK(impact::gini(regions) == Approx(290.0 / 600.0));
  // Two groups, one with everything: Gini 1/2, Theil ln 2.
  const std::vector<double> two{0, 7};
  CHECK(impact::gini(two) == Approx(0.5));
  CHECK(impact::theil(two) == Approx(std::log(2.0)));
}

TEST_CASE("gini and theil: perfect equality, empty and all-zero inputs are 0") {
  const std::vector<double> equal(9, 4.5);
  CHECK(impact::gini(equal) == Approx(0.0).margin(1e-15));
  CHECK(impact::theil(equal) == Approx(0.0).margin(1e-15));
  CHECK(impact::gini(std::vector<double>{}) == 0.0);
  CHECK(impact::theil(std::vector<double>{}) == 0.0);
  CHECK(impact::gini(std::vector<double>{0, 0, 0}) == 0.0);
  CHECK(impact::theil(std::vector<double>{0, 0, 0}) == 0.0);
  CHECK(impact::gini(std::vector<double>{5}) == 0.0);
}

TEST_CASE("gini and theil: all in one of n groups reaches (n-1)/n and ln n") {
  for (std::size_t n : {2u, 3u, 11u, 100u}) {
    std::vector<double> x(n, 0.0);
    x[n / 2] = 37;
    CHECK(impact::gini(x) == Approx(static_cast<double>(n - 1) / static_cast<double>(n)));
    CHECK(impact::theil(x) == Approx(std::log(static_cast<double>(n))));
  }
}

TEST_CASE("gini and theil: invariant under scaling and permutation, within their bounds") {
  synth::Random rng(5);
  for (int trial = 0; trial < 50; ++trial) {
    const std::size_t n = static_cast<std::size_t>(rng.between(1, 30));
    std::vector<double> x(n);
    for (double& v : x) v = rng.chance(0.2) ? 0.0 : 100 * rng.uniform();
    const double g = impact::gini(x), t = impact::theil(x);
    CHECK(g == Approx(gini_by_definition(x)).margin(1e-12));
    CHECK(g >= 0.0);
    CHECK(g <= static_cast<double>(n - 1) / static_cast<double>(n) + 1e-12);
    CHECK(t >= 0.0);
    CHECK(t <= std::log(static_cast<double>(n)) + 1e-12);
    std::vector<double> scaled = x;
    for (double& v : scaled) v *= 12.5;
    CHECK(impact::gini(scaled) == Approx(g).margin(1e-12));
    CHECK(impact::theil(scaled) == Approx(t).margin(1e-12));
    std::vector<double> shuffled = x;
    for (std::size_t i = shuffled.size(); i > 1; --i)
      std::swap(shuffled[i - 1], shuffled[static_cast<std::size_t>(rng.between(0, static_cast<int>(i) - 1))]);
    CHECK(impact::gini(shuffled) == Approx(g).margin(1e-12));
    CHECK(impact::theil(shuffled) == Approx(t).margin(1e-12));
  }
}

TEST_CASE("gini and theil refuse negative and non-finite values") {
  CHECK_THROWS_AS(impact::gini(std::vector<double>{1, -1}), std::invalid_argument);
  CHECK_THROWS_AS(impact::theil(std::vector<double>{1, NAN}), std::invalid_argument);
  CHECK_THROWS_AS(impact::gini(std::vector<double>{INFINITY}), std::invalid_argument);
}

// ------------------------------------------------------------------------------------------
// Reconciliation.

TEST_CASE("a clean ledger has no findings and sets nothing aside") {
  const Ledger l = small_ledger();
  CHECK(reconcile(l).empty());
  CHECK(reconciled(l) == l);
  CHECK(totals(l).set_aside == 0);
}

TEST_CASE("reconcile: a repeated id is set aside, the first record kept") {
  Ledger l = small_ledger();
  MissionRecord copy = l.missions[2];
  copy.dates = {day("2019-01-01"), day("2019-01-10")};  // a different mission with a reused id
  l.missions.push_back(copy);
  const auto findings = reconcile(l);
  const LedgerFinding f = only(findings, "duplicate_id");
  CHECK(f.missions == std::vector<std::string>{"m3"});
  CHECK_THAT(f.message, Catch::Contains("/missions/5") && Catch::Contains("/missions/2"));
  const Ledger kept = reconciled(l);
  REQUIRE(kept.missions.size() == 5);
  CHECK(kept.missions[2] == l.missions[2]);
  CHECK(reconciled(l, findings) == kept);
  CHECK(totals(l).set_aside == 1);
  CHECK(totals(l).missions == 5);
  CHECK(totals(l).beneficiaries == totals(small_ledger()).beneficiaries);
}

TEST_CASE("reconcile: the same expert at the same host on overlapping dates is a duplicate mission") {
  Ledger l = small_ledger();
  MissionRecord again = mission("m1-bis", "e1", "u-bko", "2014-02-10", "2014-03-05", Sector::education, 40);
  l.missions.push_back(again);
  const auto findings = reconcile(l);
  CHECK(kinds_of(findings) == std::vector<std::string>{"duplicate_mission"});
  CHECK(findings[0].missions == std::vector<std::string>{"m1", "m1-bis"});
  CHECK(totals(l) == [] {
    ProgrammeTotals t = totals(small_ledger());
    t.set_aside = 1;
    return t;
  }());
  // Overruling the policy: without the finding, the record counts.
  CHECK(reconciled(l, {}).missions.size() == 6);
  // Not a duplicate when the dates do not overlap: a return mission.
  l.missions.back().dates = {day("2014-03-01"), day("2014-03-05")};
  CHECK(reconcile(l).empty());
}

TEST_CASE("reconcile: a chain of overlaps is judged against the records kept") {
  Ledger l = small_ledger();
  l.missions = {mission("a", "e1", "u-bko", "2014-01-01", "2014-01-10"),
                mission("b", "e1", "u-bko", "2014-01-08", "2014-01-20"),
                mission("c", "e1", "u-bko", "2014-01-15", "2014-01-25")};
  const auto findings = reconcile(l);
  REQUIRE(kinds_of(findings) == std::vector<std::string>{"duplicate_mission"});
  CHECK(findings[0].missions == std::vector<std::string>{"a", "b"});
  const Ledger kept = reconciled(l);
  REQUIRE(kept.missions.size() == 2);
  CHECK(kept.missions[1].id == "c");
  CHECK(reconciled(l, findings) == kept);
}

TEST_CASE("reconcile: each inconsistency is reported with its pointer, and still counted") {
  SECTION("a thesis defended and never supervised") {
    Ledger l = small_ledger();
    l.missions[3].theses_defended = 1;
    const LedgerFinding f = only(reconcile(l), "defended_exceeds_supervised");
    CHECK(f.missions == std::vector<std::string>{"m4"});
    CHECK_THAT(f.message, Catch::StartsWith("/missions/3 (m4): 1 theses defended but 0 supervised"));
    CHECK(totals(l).theses_defended == 2);
  }
  SECTION("a mission before the expert was known, or after") {
    Ledger l = small_ledger();
    l.missions[0].dates = {day("2009-12-20"), day("2010-01-05")};
    l.missions[2].dates = {day("2020-12-20"), day("2021-01-05")};
    const auto findings = reconcile(l);
    CHECK(kinds_of(findings) == std::vector<std::string>{"outside_known_dates", "outside_known_dates"});
    CHECK(findings[0].missions == std::vector<std::string>{"m1"});
    CHECK_THAT(findings[1].message, Catch::Contains("is known (until 2020-12-31)"));
    CHECK(totals(l).missions == 5);
  }
  SECTION("unknown expert, institution and request") {
    Ledger l = small_ledger();
    l.missions[0].expert = "e404";
    l.missions[1].institution = "nowhere";
    l.missions[2].need = "need-404";
    CHECK(kinds_of(reconcile(l)) ==
          std::vector<std::string>{"unknown_expert", "unknown_institution", "unknown_request"});
    CHECK(only(reconcile(l), "unknown_institution").missions == std::vector<std::string>{"m2"});
    l.requests.push_back({"need-1", "inst-404", Sector::health, "", 1, std::nullopt});
    const auto findings = reconcile(l);
    CHECK(std::count(findings.begin(), findings.end(),
                     LedgerFinding{"unknown_institution", {},
                                   "/requests/0 (need \"need-1\"): unknown institution \"inst-404\" (not in "
                                   "/institutions)"}) == 1);
  }
  SECTION("one expert in two places at once") {
    Ledger l = small_ledger();
    l.missions[2].expert = "e1";  // m3 at Kayes overlaps nothing of e1's...
    l.missions[2].dates = {day("2015-03-10"), day("2015-03-25")};  // ...now it overlaps m2 at Bamako
    const LedgerFinding f = only(reconcile(l), "overlapping_missions");
    CHECK(f.missions == std::vector<std::string>{"m2", "m3"});
    CHECK_THAT(f.message, Catch::Contains("u-bko") && Catch::Contains("h-kay"));
    CHECK(totals(l).missions == 5);
  }
  SECTION("a region that is not the host's") {
    Ledger l = small_ledger();
    l.missions[4].region = "Sikasso";
    CHECK(only(reconcile(l), "region_mismatch").missions == std::vector<std::string>{"m5"});
    l.missions[4].region = "Kayes";
    CHECK(reconcile(l).empty());
  }
  SECTION("requests: repeated, overfilled, filled before being made, without seats") {
    Ledger l = small_ledger();
    l.requests = {{"n1", "h-kay", Sector::health, "", 1, day("2015-02-01")},
                  {"n1", "h-kay", Sector::health, "", 3, std::nullopt},
                  {"n2", "u-bko", Sector::education, "", 0, std::nullopt}};
    l.missions[2].need = "n1";  // starts 2015-01-10, before the request
    l.missions[4].need = "n1";  // a second mission for one seat
    const auto findings = reconcile(l);
    CHECK(kinds_of(findings) == std::vector<std::string>{"duplicate_request", "invalid_record", "before_request",
                                                        "request_overfilled"});
    CHECK(findings[0].message == "/requests/1: need id \"n1\" is already at /requests/0; the first is used");
    CHECK(findings[2].missions == std::vector<std::string>{"m3"});
    CHECK(findings[3].missions == std::vector<std::string>{"m3", "m5"});
  }
  SECTION("records that the JSON reader would refuse, built in code") {
    Ledger l = small_ledger();
    l.missions[0].dates = {day("2014-03-01"), day("2014-02-01")};
    l.missions[1].beneficiaries = -3;
    l.missions[2].outcomes["consultations"] = -1;
    CHECK(kinds_of(reconcile(l)) == std::vector<std::string>{"invalid_record", "invalid_record", "invalid_record"});
  }
}

TEST_CASE("reconcile lists findings in a fixed order: by kind, then by position") {
  Ledger l = small_ledger();
  l.missions[4].theses_defended = 2;
  l.missions[0].theses_defended = 5;
  l.missions[3].expert = "ghost";
  l.missions.push_back(l.missions[1]);  // duplicate_id
  l.experts.push_back(l.experts[0]);    // duplicate_expert
  const auto findings = reconcile(l);
  CHECK(kinds_of(findings) == std::vector<std::string>{"duplicate_expert", "duplicate_id", "unknown_expert",
                                                      "defended_exceeds_supervised",
                                                      "defended_exceeds_supervised"});
  CHECK(findings[3].missions == std::vector<std::string>{"m1"});
  CHECK(findings[4].missions == std::vector<std::string>{"m5"});
  CHECK(reconcile(l) == findings);
  for (const auto& f : findings)
    CHECK(std::find(kFindingKinds.begin(), kFindingKinds.end(), f.kind) != kFindingKinds.end());
}

TEST_CASE("one ledger with every kind of finding lists each kind, in kFindingKinds order") {
  Ledger l = small_ledger();
  l.experts.push_back(l.experts[1]);            // duplicate_expert
  l.institutions.push_back(l.institutions[2]);  // duplicate_institution
  l.requests = {{"n1", "h-kay", Sector::health, "", 1, day("2015-02-01")},
                {"n1", "h-kay", Sector::health, "", 1, std::nullopt},   // duplicate_request
                {"n2", "h-kay", Sector::health, "", 0, std::nullopt}};  // invalid_record
  l.missions[2].need = "n1";                    // before_request (2015-01-10)
  l.missions[4].need = "n1";                    // request_overfilled
  l.missions[3].need = "n404";                  // unknown_request
  l.missions[3].theses_defended = 1;            // defended_exceeds_supervised
  l.missions[3].region = "Ségou";               // region_mismatch
  l.missions[0].dates = {day("2009-02-01"), day("2009-02-28")};  // outside_known_dates
  l.missions.push_back(l.missions[1]);          // duplicate_id
  MissionRecord again = l.missions[1];
  again.id = "m2-again";
  l.missions.push_back(again);                  // duplicate_mission
  l.missions.push_back(mission("m6", "ghost", "u-bko", "2018-01-01", "2018-01-10"));     // unknown_expert
  l.missions.push_back(mission("m7", "e3", "nowhere", "2018-01-01", "2018-01-10"));      // unknown_institution
  l.missions.push_back(mission("m8", "e3", "r-gao", "2016-06-20", "2016-07-10"));        // overlapping_missions
  const auto findings = reconcile(l);
  std::vector<std::string> kinds = kinds_of(findings);
  kinds.erase(std::unique(kinds.begin(), kinds.end()), kinds.end());
  CHECK(kinds == std::vector<std::string>(kFindingKinds.begin(), kFindingKinds.end()));
  CHECK(totals(l).set_aside == 2);
  CHECK(totals(l).missions == 8);
}

// ------------------------------------------------------------------------------------------
// Indicators.

TEST_CASE("totals of the small ledger, by hand") {
  const ProgrammeTotals t = totals(small_ledger());
  CHECK(t.missions == 5);
  CHECK(t.beneficiaries == 95);
  CHECK(t.theses_supervised == 3);
  CHECK(t.theses_defended == 1);
  CHECK(t.experts == 3);
  CHECK(t.residence_countries == 2);  // e3 has none
  CHECK(t.host_structures == 3);  // r-gao hosted nothing
  CHECK(t.set_aside == 0);
}

TEST_CASE("breakdowns of the small ledger, by hand") {
  const Ledger l = small_ledger();
  const Breakdown sector = breakdown(l, "sector");
  CHECK(sector.by == "sector");
  REQUIRE(sector.rows.size() == 3);
  CHECK(sector.rows[0] == BreakdownRow{"education", 2, 70, 3, 1, 1});
  CHECK(sector.rows[1] == BreakdownRow{"health", 2, 17, 0, 0, 2});
  CHECK(sector.rows[2] == BreakdownRow{"administration", 1, 8, 0, 0, 1});
  const Breakdown region = breakdown(l, "region");
  REQUIRE(region.rows.size() == 2);
  CHECK(region.rows[0] == BreakdownRow{"Bamako", 3, 78, 3, 1, 2});
  CHECK(region.rows[1] == BreakdownRow{"Kayes", 2, 17, 0, 0, 2});
  const Breakdown kind = breakdown(l, "institution_kind");
  REQUIRE(kind.rows.size() == 3);
  CHECK(kind.rows[0].key == "university");
  CHECK(kind.rows[1].key == "hospital");
  CHECK(kind.rows[2].key == "ministry");
  const Breakdown year = breakdown(l, "year");
  REQUIRE(year.rows.size() == 3);
  CHECK(year.rows[0] == BreakdownRow{"2014", 1, 40, 2, 0, 1});
  CHECK(year.rows[2].key == "2016");
  const Breakdown country = breakdown(l, "residence_country");
  REQUIRE(country.rows.size() == 3);
  CHECK(country.rows[0].key == "CA");
  CHECK(country.rows[1].key == "FR");
  CHECK(country.rows[2] == BreakdownRow{std::string(kUnknownKey), 1, 5, 0, 0, 1});
  CHECK_THROWS_WITH(breakdown(l, "colour"), Catch::Contains("sector, region, institution_kind"));
}

TEST_CASE("unknown keys: an unknown host's kind and region, a region left to the host") {
  Ledger l = small_ledger();
  l.missions[4].institution = "unlisted";
  l.missions[3].region = "";  // the host's (Bamako)
  const Breakdown kind = breakdown(l, "institution_kind");
  CHECK(kind.rows.back().key == kUnknownKey);
  CHECK(kind.rows.back().missions == 1);
  const Breakdown region = breakdown(l, "region");
  REQUIRE(region.rows.size() == 3);
  CHECK(region.rows[0].key == "Bamako");
  CHECK(region.rows[0].missions == 3);
  CHECK(region.rows[2].key == kUnknownKey);
}

TEST_CASE("totals match a direct recount of the synthetic history, and breakdown rows add up") {
  Ledger l = synth::synthetic_history({.seed = 4});
  // Inject repeats so that set-aside records are exercised too.
  l.missions.push_back(l.missions[10]);
  MissionRecord again = l.missions[20];
  again.id = "again";
  l.missions.push_back(again);
  const ProgrammeTotals t = totals(l);

  std::set<std::string> ids, experts, hosts, countries;
  std::map<std::string, std::string> residence;
  for (const auto& e : l.experts) residence.emplace(e.id, e.residence_country);
  std::int64_t missions = 0, beneficiaries = 0, supervised = 0, defended = 0;
  for (std::size_t i = 0; i + 2 < l.missions.size(); ++i) {  // the injected ones are the last two
    const MissionRecord& m = l.missions[i];
    ++missions;
    beneficiaries += m.beneficiaries;
    supervised += m.theses_supervised;
    defended += m.theses_defended;
    experts.insert(m.expert);
    hosts.insert(m.institution);
    countries.insert(residence.at(m.expert));
  }
  CHECK(t.missions == missions);
  CHECK(t.beneficiaries == beneficiaries);
  CHECK(t.theses_supervised == supervised);
  CHECK(t.theses_defended == defended);
  CHECK(t.experts == static_cast<std::int64_t>(experts.size()));
  CHECK(t.host_structures == static_cast<std::int64_t>(hosts.size()));
  CHECK(t.residence_countries == static_cast<std::int64_t>(countries.size()));
  CHECK(t.set_aside == 2);

  for (std::string_view by : kBreakdownKeys) {
    const Breakdown b = breakdown(l, by);
    std::int64_t m = 0, people = 0, s = 0, d = 0, max_experts = 0;
    std::set<std::string> keys;
    for (const auto& row : b.rows) {
      m += row.missions;
      people += row.beneficiaries;
      s += row.theses_supervised;
      d += row.theses_defended;
      max_experts = std::max(max_experts, row.experts);
      CHECK(keys.insert(row.key).second);
      CHECK(row.experts <= row.missions);
    }
    INFO("by " << by);
    CHECK(m == t.missions);
    CHECK(people == t.beneficiaries);
    CHECK(s == t.theses_supervised);
    CHECK(d == t.theses_defended);
    CHECK(max_experts <= t.experts);
  }
  // By year, the rows are the calendar years of the starts.
  const Breakdown years = breakdown(l, "year");
  CHECK(years.rows.front().key == "1998");
  CHECK(years.rows.back().key == "2025");
}

TEST_CASE("request coverage and time to fill, by hand") {
  Ledger l = small_ledger();
  l.requests = {{"n1", "u-bko", Sector::education, "", 2, day("2014-01-01")},    // 2 seats: m1, m2
                {"n2", "h-kay", Sector::health, "", 1, day("2014-12-01")},      // m3: 40 days
                {"n3", "m-bko", Sector::administration, "", 3, std::nullopt},  // m4: 1 of 3, no date
                {"n4", "r-gao", Sector::agriculture, "", 1, day("2016-01-01")}};  // unfilled
  l.missions[0].need = "n1";  // 2014-02-01: 31 days
  l.missions[1].need = "n1";  // 2015-03-01: 424 days
  l.missions[2].need = "n2";  // 2015-01-10: 40 days
  l.missions[3].need = "n3";
  REQUIRE(reconcile(l).empty());
  const RequestCoverage c = request_coverage(l);
  CHECK(c.needs_requested == 4);
  CHECK(c.needs_filled == 2);
  CHECK(c.seats_requested == 7);
  CHECK(c.seats_filled == 4);
  CHECK(c.need_coverage == Approx(0.5));
  CHECK(c.seat_coverage == Approx(4.0 / 7.0));
  REQUIRE(c.median_days_to_fill);
  CHECK(*c.median_days_to_fill == Approx(40));
  CHECK(*c.mean_days_to_fill == Approx((31.0 + 424.0 + 40.0) / 3.0));

  // An extra mission beyond the seats does not fill more, and its time is not counted; a
  // mission before its request is left out of the times.
  l.missions[4].need = "n2";
  l.missions[2].dates = {day("2014-11-20"), day("2014-11-30")};
  const RequestCoverage d = request_coverage(l);
  CHECK(d.seats_filled == 4);
  CHECK(*d.median_days_to_fill == Approx((31.0 + 424.0) / 2.0));

  Ledger none = small_ledger();
  const RequestCoverage e = request_coverage(none);
  CHECK(e.needs_requested == 0);
  CHECK(e.need_coverage == 0.0);
  CHECK_FALSE(e.median_days_to_fill);
  CHECK_FALSE(e.mean_days_to_fill);
}

TEST_CASE("continuity: repeat missions and returns to the same host, by hand") {
  const Continuity c = continuity(small_ledger());
  // e1: two missions at u-bko (returned); e2: two at different hosts; e3: one.
  CHECK(c.experts == 3);
  CHECK(c.repeat_experts == 2);
  CHECK(c.returning_experts == 1);
  CHECK(c.repeat_rate == Approx(2.0 / 3.0));
  CHECK(c.return_to_host_rate == Approx(0.5));
  const Continuity empty = continuity(Ledger{});
  CHECK(empty.repeat_rate == 0.0);
  CHECK(empty.return_to_host_rate == 0.0);
}

// ------------------------------------------------------------------------------------------
// Equity.

TEST_CASE("equity of the small ledger, by hand") {
  const Ledger l = small_ledger();
  const EquityReport r = equity(l);
  // Bamako 3 missions (78 people), Kayes 2 (17), Gao 0 (known from its institution).
  CHECK(r.missions_outside_capital_share == Approx(2.0 / 5.0));
  CHECK(r.beneficiaries_outside_capital_share == Approx(17.0 / 95.0));
  const std::vector<double> regions{3, 0, 2};
  CHECK(r.gini_regions_missions == Approx(impact::gini(regions)));
  CHECK(r.gini_regions_missions == Approx(6.0 / (3.0 * 5.0)));  // sum |xi-xj| = 12; 2 n^2 mean = 30
  CHECK(r.theil_regions_missions == Approx(impact::theil(regions)));
  // Sectors: education 2, health 2, administration 1.
  CHECK(r.gini_sectors_missions == Approx(impact::gini(std::vector<double>{2, 2, 1})));
  CHECK(r.theil_sectors_missions == Approx(impact::theil(std::vector<double>{2, 2, 1})));
  CHECK(r.per_capita.empty());
  CHECK_FALSE(r.gini_regions_per_capita);

  // Another capital, and a region added only by its population.
  const EquityReport k = equity(l, "Kayes", {{"Bamako", 3'000'000}, {"Kayes", 2'000'000}, {"Kidal", 100'000}});
  CHECK(k.missions_outside_capital_share == Approx(3.0 / 5.0));
  REQUIRE(k.per_capita.size() == 4);  // Bamako, Gao, Kayes, Kidal
  CHECK(k.per_capita[0].region == "Bamako");
  CHECK(k.per_capita[0].missions == 3);
  CHECK(k.per_capita[0].missions_per_100k == Approx(0.1));
  CHECK(k.per_capita[0].beneficiaries_per_100k == Approx(78.0 / 30.0));
  CHECK(k.per_capita[1].region == "Gao");
  CHECK(std::isnan(k.per_capita[1].population));
  CHECK(std::isnan(k.per_capita[1].missions_per_100k));
  CHECK(k.per_capita[2].missions_per_100k == Approx(0.1));
  CHECK(k.per_capita[3].region == "Kidal");
  CHECK(k.per_capita[3].missions == 0);
  CHECK(k.per_capita[3].missions_per_100k == 0.0);
  REQUIRE(k.gini_regions_per_capita);
  CHECK(*k.gini_regions_per_capita == Approx(impact::gini(std::vector<double>{0.1, 0.1, 0.0})));
  CHECK(*k.theil_regions_per_capita == Approx(impact::theil(std::vector<double>{0.1, 0.1, 0.0})));
  CHECK(k.gini_regions_missions == Approx(impact::gini(std::vector<double>{3, 0, 2, 0})));

  CHECK_THROWS_AS(equity(l, "Bamako", {{"Kayes", 0}}), std::invalid_argument);
  CHECK_THROWS_AS(equity(l, "Bamako", {{"Kayes", NAN}}), std::invalid_argument);
}

TEST_CASE("equity: all in the capital, and set-aside records do not count") {
  Ledger l = small_ledger();
  l.institutions.resize(1);
  for (auto& m : l.missions) {
    m.institution = "u-bko";
    m.region = "";
  }
  l.missions[3].dates = {day("2016-09-01"), day("2016-09-02")};  // e2's two missions at one host apart
  REQUIRE(reconcile(l).empty());
  const EquityReport r = equity(l);
  CHECK(r.missions_outside_capital_share == 0.0);
  CHECK(r.gini_regions_missions == 0.0);  // one known region
  l.missions.push_back(mission("dup", "e3", "u-bko", "2016-06-10", "2016-06-12"));
  l.missions.back().region = "Gao";  // a repeat of m5 recorded in another region: set aside
  const EquityReport s = equity(l);
  CHECK(s.missions_outside_capital_share == 0.0);
  CHECK(s.gini_regions_missions == 0.0);  // a set-aside record adds no region
}

// ------------------------------------------------------------------------------------------
// The synthetic history.

TEST_CASE("the synthetic history hits every published target exactly") {
  for (std::uint64_t seed : {1, 2, 3, 17, 2025}) {
    INFO("seed " << seed);
    const Ledger l = synth::synthetic_history({.seed = seed});
    CHECK(reconcile(l).empty());
    const ProgrammeTotals t = totals(l);
    CHECK(t.missions == 992);
    CHECK(t.experts == 629);
    CHECK(t.beneficiaries == 28903);
    CHECK(t.theses_supervised == 67);
    CHECK(t.theses_defended == 42);
    CHECK(t.set_aside == 0);
    CHECK(l.experts.size() == 629);
    // Education in 2013-2016, published at 77%.
    int documented = 0, education = 0;
    std::set<int> years;
    std::set<std::string> regions, countries;
    std::set<Sector> sectors;
    for (const auto& m : l.missions) {
      const int year = static_cast<int>(to_ymd(m.dates.start).year());
      years.insert(year);
      if (year >= 2013 && year <= 2016) {
        ++documented;
        education += m.sector == Sector::education;
      }
      regions.insert(m.region);
      sectors.insert(m.sector);
      CHECK(m.theses_defended <= m.theses_supervised);
      CHECK(m.beneficiaries >= 1);
      CHECK(m.dates.length_days() >= 14);
      CHECK(m.dates.length_days() <= 84);
      CHECK_THAT(m.source, Catch::StartsWith("synthetic (seed " + std::to_string(seed) + ")"));
    }
    const double share = static_cast<double>(education) / documented;
    CHECK(share >= 0.75);
    CHECK(share <= 0.79);
    CHECK(*years.begin() == 1998);
    CHECK(*years.rbegin() == 2025);
    CHECK(regions.size() == 11);  // every region of Mali
    for (Sector s : {Sector::education, Sector::health, Sector::engineering, Sector::agriculture, Sector::sme})
      CHECK(sectors.count(s) == 1);
    const Breakdown by_region = breakdown(l, "region");
    const auto bamako = std::find_if(by_region.rows.begin(), by_region.rows.end(),
                                     [](const BreakdownRow& r) { return r.key == "Bamako"; });
    REQUIRE(bamako != by_region.rows.end());
    for (const auto& row : by_region.rows) CHECK(row.missions <= bamako->missions);
    for (const auto& e : l.experts) countries.insert(e.residence_country);
    CHECK(countries.count("FR") == 1);
    CHECK(countries.size() >= 8);
    const Breakdown by_country = breakdown(l, "residence_country");
    CHECK(std::max_element(by_country.rows.begin(), by_country.rows.end(), [](const auto& a, const auto& b) {
            return a.missions < b.missions;
          })->key == "FR");
    // Repeat missions for some, and requests that some missions fill.
    const Continuity c = continuity(l);
    CHECK(c.repeat_rate > 0.1);
    CHECK(c.repeat_rate < 0.6);
    CHECK(c.return_to_host_rate > 0.0);
    const RequestCoverage cov = request_coverage(l);
    CHECK(cov.needs_requested > 100);
    CHECK(cov.seats_filled > 0);
    CHECK(cov.seat_coverage < 1.0);
    REQUIRE(cov.median_days_to_fill);
    CHECK(*cov.median_days_to_fill >= 21);
    CHECK(*cov.median_days_to_fill <= 240);
    const EquityReport eq = equity(l);
    CHECK(eq.missions_outside_capital_share > 0.2);
    CHECK(eq.missions_outside_capital_share < 0.6);
  }
}

TEST_CASE("the synthetic history is deterministic per seed") {
  const Ledger a = synth::synthetic_history({.seed = 9});
  CHECK(synth::synthetic_history({.seed = 9}) == a);
  CHECK(io::write_ledger(synth::synthetic_history({.seed = 9})) == io::write_ledger(a));
  CHECK_FALSE(synth::synthetic_history({.seed = 10}) == a);
  // A fingerprint of the default history: a change of generator shows here.
  const Ledger d = synth::synthetic_history();
  CHECK(d.name == "TOKTEN Mali, synthetic history 1998-2025 (seed 1)");
  CHECK(d.missions.front().id == "m-0001");
  CHECK(d.missions.back().id == "m-0992");
  for (std::size_t i = 1; i < d.missions.size(); ++i) CHECK(d.missions[i - 1].dates.start <= d.missions[i].dates.start);
}

TEST_CASE("the synthetic history hits other targets exactly too") {
  const synth::HistoryOptions options{.seed = 7, .first_year = 2005, .last_year = 2010, .experts = 40,
                                      .missions = 90, .beneficiaries = 2000, .theses_supervised = 9,
                                      .theses_defended = 9};
  const Ledger l = synth::synthetic_history(options);
  CHECK(reconcile(l).empty());
  const ProgrammeTotals t = totals(l);
  CHECK(t.missions == 90);
  CHECK(t.experts == 40);
  CHECK(t.beneficiaries == 2000);
  CHECK(t.theses_supervised == 9);
  CHECK(t.theses_defended == 9);
  const Breakdown years = breakdown(l, "year");
  CHECK(years.rows.front().key == "2005");
  CHECK(years.rows.back().key == "2010");

  // Every expert serving every year; fewer people than missions; a single expert.
  for (const synth::HistoryOptions& o :
       {synth::HistoryOptions{.seed = 3, .first_year = 2000, .last_year = 2003, .experts = 5, .missions = 20,
                              .beneficiaries = 7, .theses_supervised = 0, .theses_defended = 0},
        synth::HistoryOptions{.seed = 4, .first_year = 2000, .last_year = 2000, .experts = 1, .missions = 1,
                              .beneficiaries = 0, .theses_supervised = 3, .theses_defended = 2},
        synth::HistoryOptions{.seed = 5, .experts = 0, .missions = 0, .beneficiaries = 0,
                              .theses_supervised = 0, .theses_defended = 0}}) {
    const Ledger s = synth::synthetic_history(o);
    CHECK(reconcile(s).empty());
    const ProgrammeTotals st = totals(s);
    CHECK(st.missions == o.missions);
    CHECK(st.experts == o.experts);
    CHECK(st.beneficiaries == o.beneficiaries);
    CHECK(st.theses_supervised == o.theses_supervised);
    CHECK(st.theses_defended == o.theses_defended);
  }
}

TEST_CASE("the synthetic history refuses impossible options") {
  using O = synth::HistoryOptions;
  CHECK_THROWS_WITH(synth::synthetic_history(O{.experts = 1000, .missions = 992}), Catch::Contains("experts must be"));
  CHECK_THROWS_WITH(synth::synthetic_history(O{.theses_supervised = 3, .theses_defended = 4}),
                    Catch::Contains("theses_defended <= theses_supervised"));
  CHECK_THROWS_WITH(synth::synthetic_history(O{.first_year = 2020, .last_year = 2019}), Catch::Contains("years"));
  CHECK_THROWS_WITH(synth::synthetic_history(O{.first_year = 2020, .last_year = 2020, .experts = 2, .missions = 3}),
                    Catch::Contains("missions <= experts * years"));
  CHECK_THROWS_AS(synth::synthetic_history(O{.beneficiaries = -1}), std::invalid_argument);
  CHECK_THROWS_AS(synth::synthetic_history(O{.experts = 0, .missions = 0}), std::invalid_argument);
}

// ------------------------------------------------------------------------------------------
// The JSON document.

namespace {

json small_document() {
  return json::parse(R"({
    "format": "tokten.ledger", "format_version": 1, "name": "pilot",
    "experts": [{"id": "e1", "residence_country": "FR", "known_from": "2010-01-01"}],
    "institutions": [{"id": "u-seg", "name": "Université de Ségou", "kind": "university", "region": "Ségou"}],
    "missions": [{"id": "m1", "expert": "e1", "institution": "u-seg", "need": "n1", "sector": "education",
                  "dates": {"start": "2015-03-02", "end": "2015-03-27"}, "beneficiaries": 45,
                  "theses_supervised": 2, "theses_defended": 1, "outcomes": {"courses_taught": 3},
                  "source": "mission report 2015-07"}],
    "requests": [{"need": "n1", "institution": "u-seg", "sector": "education", "seats": 2,
                  "requested_on": "2014-11-15"}]
  })");
}

template <class Edit>
void require_rejected(Edit edit, const std::string& pointer, const std::string& fragment) {
  json doc = small_document();
  edit(doc);
  require_input_error([&] { io::ledger_from_json(doc); }, pointer, fragment);
}

}  // namespace

TEST_CASE("ledger documents round-trip losslessly, and the text is stable") {
  for (std::uint64_t seed : {1, 6}) {
    const Ledger l = synth::synthetic_history({.seed = seed});
    const std::string text = io::write_ledger(l);
    const Ledger back = io::read_ledger(text);
    CHECK(back == l);
    CHECK(io::write_ledger(back) == text);
    CHECK(io::read_ledger(io::write_ledger(l, -1)) == l);
  }
  const Ledger small = small_ledger();
  CHECK(io::read_ledger(io::write_ledger(small)) == small);
}

TEST_CASE("a ledger document reads with its defaults") {
  const Ledger l = io::ledger_from_json(small_document());
  CHECK(l.name == "pilot");
  REQUIRE(l.missions.size() == 1);
  const MissionRecord& m = l.missions[0];
  CHECK(m.need == std::optional<std::string>("n1"));
  CHECK(m.region.empty());  // the host's
  CHECK(m.outcomes == std::map<std::string, std::int64_t>{{"courses_taught", 3}});
  CHECK(l.experts[0].known_from == day("2010-01-01"));
  CHECK_FALSE(l.experts[0].known_until);
  CHECK(l.requests[0].requested_on == day("2014-11-15"));
  CHECK(reconcile(l).empty());

  json bare = json::parse(R"({"format": "tokten.ledger", "format_version": 1, "experts": [{"id": "e"}],
    "institutions": [{"id": "i"}],
    "missions": [{"id": "m", "expert": "e", "institution": "i", "sector": "health",
                  "dates": {"start": "2020-01-01", "end": "2020-01-01"}, "need": null}]})");
  const Ledger b = io::ledger_from_json(bare);
  CHECK(b.requests.empty());
  CHECK(b.institutions[0].kind == InstitutionKind::other);
  CHECK(b.missions[0].beneficiaries == 0);
  CHECK_FALSE(b.missions[0].need);
  CHECK(b.missions[0].source.empty());
}

TEST_CASE("ledger documents: every kind of bad input is located") {
  require_rejected([](json& d) { d["format"] = "tokten.problem"; }, "/format", "\"tokten.ledger\"");
  require_rejected([](json& d) { d["format_version"] = 2; }, "/format_version", "newer");
  require_rejected([](json& d) { d.erase("missions"); }, "/missions", "missing required field");
  require_rejected([](json& d) { d["extra"] = 1; }, "/extra", "unexpected field");
  require_rejected([](json& d) { d["missions"][0]["benefeciaries"] = 3; }, "/missions/0/benefeciaries",
                   "unexpected field");
  require_rejected([](json& d) { d["missions"][0]["beneficiaries"] = -1; }, "/missions/0/beneficiaries",
                   "a number of people from 0");
  require_rejected([](json& d) { d["missions"][0]["beneficiaries"] = 2.5; }, "/missions/0/beneficiaries",
                   "got 2.5");
  require_rejected([](json& d) { d["missions"][0]["theses_defended"] = "one"; }, "/missions/0/theses_defended",
                   "a number of theses");
  require_rejected([](json& d) { d["missions"][0]["dates"]["end"] = "2015-02-27"; }, "/missions/0/dates/end",
                   "ends (2015-02-27) before it starts (2015-03-02)");
  require_rejected([](json& d) { d["missions"][0]["dates"]["start"] = "2015-02-30"; }, "/missions/0/dates/start",
                   "a date as YYYY-MM-DD");
  require_rejected([](json& d) { d["missions"][0]["sector"] = "mining"; }, "/missions/0/sector", "a sector");
  require_rejected([](json& d) { d["missions"][0]["expert"] = ""; }, "/missions/0/expert", "non-empty");
  require_rejected([](json& d) { d["missions"][0]["outcomes"] = json::array(); }, "/missions/0/outcomes",
                   "named counts");
  require_rejected([](json& d) { d["missions"][0]["outcomes"]["trainings/sessions"] = -2; },
                   "/missions/0/outcomes/trainings~1sessions", "a count from 0");
  require_rejected([](json& d) { d["missions"][0]["outcomes"][""] = 1; }, "/missions/0/outcomes/", "non-empty name");
  require_rejected([](json& d) { d["experts"][0]["known_until"] = "2009-12-31"; }, "/experts/0/known_until",
                   "before known_from");
  require_rejected([](json& d) { d["experts"][0]["residence_country"] = 33; }, "/experts/0/residence_country",
                   "a string");
  require_rejected([](json& d) { d["institutions"][0]["kind"] = "school"; }, "/institutions/0/kind",
                   "an institution kind");
  require_rejected([](json& d) { d["requests"][0]["seats"] = 0; }, "/requests/0/seats", "a number of seats from 1");
  require_rejected([](json& d) { d["requests"][0]["requested_on"] = "15/11/2014"; }, "/requests/0/requested_on",
                   "YYYY-MM-DD");
  require_rejected([](json& d) { d["requests"] = json::object(); }, "/requests", "an array");
  require_input_error([] { io::read_ledger("[1, 2"); }, "", "JSON");
  require_input_error([] { io::load_ledger("/nonexistent/ledger.json"); }, "", "cannot open");
}
