#pragma once
// The Report document of the JSON contract (schema: python/tokten/schemas/report.schema.json):
// the programme report's numbers (report/report_data.hpp) for ministry software.
//
//   { "format": "tokten.report", "format_version": 1, "title": "...", "tokten_version": "0.1.0",
//     "k": 5,
//     "ledger": null | { "name", "status": "published" | "no_experts" | "too_few_experts",
//                        and when published: "indicators", "reconciliation_findings": {kind: n},
//                        "missions_by_region_and_sector", "beneficiaries_by_region_and_sector":
//                          {"regions", "sectors", "cells": [[n|null]], "region_totals",
//                           "sector_totals", "total", "withheld"},
//                        "by_institution_kind", "by_year": {"rows": [{"key", "missions", ...}],
//                                                          "withheld"},
//                        "request_coverage", "continuity", "equity" },
//     "round": null | { "name", "experts", "needs", "capital_region", "policies": [...],
//                       "price_of_equity": [...], "withdrawals": {...} } }
//
// NULL MEANS WITHHELD. A number withheld by disclosure control is written as null, and every
// table says how many of its numbers are (its "withheld"). A number that is not known is left
// out instead: median_days_to_fill when no dated request was filled, a region's population that
// was not given and the rates that would need it. A null section (ledger, round, per_capita)
// was not given. Shares are fractions from 0 to 1. A table withheld whole lists no row (a
// region x sector table: no region and no sector although its total is above 0; by year or by
// kind of host: no row although the indicators count missions), and its "withheld" is 0, since
// a count would say how many rows there are.
//
// Reading checks the structure and throws the first error as an InputError at its JSON
// pointer: unknown fields, types, ranges, a newer format_version, the shape of each table, and
// each "withheld" against the nulls of its table, and that nothing states what a table withheld
// whole hides. Writing is deterministic (the same data gives
// the same bytes) and refuses a non-finite number (an InputError at its pointer): JSON would
// write it as null, which reads as withheld. read_report_data(write_report_data(d)) == d.
//
// RUNNING TIME. Linear in the document's size.
//
// Example:
//   const auto ledger = tokten::synth::synthetic_history();
//   const std::string text = tokten::io::write_report_data(tokten::report::report_data(&ledger, nullptr));
//   tokten::report::ReportData back = tokten::io::read_report_data(text);
#include <climits>
#include <cstdint>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tokten/io/json_reader.hpp"
#include "tokten/io/parse.hpp"
#include "tokten/io/problem_json.hpp"
#include "tokten/report/report_data.hpp"

namespace tokten::io {

inline constexpr std::string_view kReportFormat = "tokten.report";

namespace detail::report_json {

using namespace tokten::report;

// ---- Writing ----

inline json real(double v, const std::string& pointer) {
  require_finite(v, pointer);
  return v;
}
inline json real_or_null(const std::optional<double>& v, const std::string& pointer) {
  return v ? real(*v, pointer) : json(nullptr);
}
inline json write_count(const std::optional<std::int64_t>& v) { return v ? json(*v) : json(nullptr); }

inline json write_counts(const std::vector<std::optional<std::int64_t>>& values) {
  json out = json::array();
  for (const auto& v : values) out.push_back(write_count(v));
  return out;
}

inline json write_table(const RegionSectorTable& t) {
  json sectors = json::array(), cells = json::array();
  for (const Sector s : t.sectors) sectors.push_back(std::string(to_string(s)));
  for (const auto& row : t.cells) cells.push_back(write_counts(row));
  return {{"regions", t.regions},
          {"sectors", std::move(sectors)},
          {"cells", std::move(cells)},
          {"region_totals", write_counts(t.region_totals)},
          {"sector_totals", write_counts(t.sector_totals)},
          {"total", t.total},
          {"withheld", withheld_count(t)}};
}

inline json write_one_way(const OneWayTable& t) {
  json rows = json::array();
  for (const OneWayRow& r : t.rows)
    rows.push_back({{"key", r.key},
                    {"missions", write_count(r.missions)},
                    {"beneficiaries", write_count(r.beneficiaries)},
                    {"theses_supervised", write_count(r.theses_supervised)},
                    {"theses_defended", write_count(r.theses_defended)},
                    {"experts", write_count(r.experts)}});
  return {{"rows", std::move(rows)}, {"withheld", withheld_count(t)}};
}

inline json write_coverage(const std::optional<RequestCoverage>& c, const std::string& at) {
  if (!c)
    return {{"needs_requested", nullptr}, {"needs_filled", nullptr},       {"need_coverage", nullptr},
            {"seats_requested", nullptr}, {"seats_filled", nullptr},       {"seat_coverage", nullptr},
            {"median_days_to_fill", nullptr}, {"withheld", withheld_count(c)}};
  json out = {{"needs_requested", c->needs_requested},
              {"needs_filled", c->needs_filled},
              {"need_coverage", real(c->need_coverage, at + "/need_coverage")},
              {"seats_requested", c->seats_requested},
              {"seats_filled", c->seats_filled},
              {"seat_coverage", real(c->seat_coverage, at + "/seat_coverage")}};
  if (c->median_days_to_fill) out["median_days_to_fill"] = real(*c->median_days_to_fill, at + "/median_days_to_fill");
  out["withheld"] = withheld_count(c);
  return out;
}

inline json write_equity(const Equity& e, const std::string& at) {
  json out = {{"capital", e.capital}};
  const std::pair<const char*, const std::optional<double>*> numbers[] = {
      {"missions_outside_capital_share", &e.missions_outside_capital_share},
      {"beneficiaries_outside_capital_share", &e.beneficiaries_outside_capital_share},
      {"gini_regions_missions", &e.gini_regions_missions},
      {"theil_regions_missions", &e.theil_regions_missions},
      {"gini_sectors_missions", &e.gini_sectors_missions},
      {"theil_sectors_missions", &e.theil_sectors_missions}};
  for (const auto& [name, value] : numbers) out[name] = real_or_null(*value, at + "/" + name);
  if (e.per_capita) {
    const std::string pc = at + "/per_capita";
    json regions = json::array();
    for (std::size_t i = 0; i < e.per_capita->regions.size(); ++i) {
      const PerCapitaRegion& r = e.per_capita->regions[i];
      const std::string ri = pc + "/regions/" + std::to_string(i);
      json item = {{"region", r.region}};
      if (r.population) {  // else the population and the rates are not known: left out
        item["population"] = real(*r.population, ri + "/population");
        item["missions_per_100k"] = real_or_null(r.missions_per_100k, ri + "/missions_per_100k");
        item["beneficiaries_per_100k"] = real_or_null(r.beneficiaries_per_100k, ri + "/beneficiaries_per_100k");
      }
      regions.push_back(std::move(item));
    }
    out["per_capita"] = {{"gini_regions_missions_per_capita",
                          real_or_null(e.per_capita->gini_regions_missions_per_capita,
                                       pc + "/gini_regions_missions_per_capita")},
                         {"regions", std::move(regions)}};
  } else {
    out["per_capita"] = nullptr;
  }
  out["withheld"] = withheld_count(e);
  return out;
}

inline json write_ledger_report(const LedgerReport& l) {
  json out = {{"name", l.name}, {"status", std::string(to_string(l.status))}};
  if (!l.figures) return out;
  const LedgerFigures& f = *l.figures;
  const impact::ProgrammeTotals& t = f.indicators;
  out["indicators"] = {{"missions", t.missions},
                       {"beneficiaries", t.beneficiaries},
                       {"theses_supervised", t.theses_supervised},
                       {"theses_defended", t.theses_defended},
                       {"experts", t.experts},
                       {"residence_countries", t.residence_countries},
                       {"host_structures", t.host_structures},
                       {"set_aside", t.set_aside}};
  json findings = json::object();
  for (const auto& [kind, count] : f.findings_by_kind) findings[kind] = count;
  out["reconciliation_findings"] = std::move(findings);
  out["missions_by_region_and_sector"] = write_table(f.missions_by_region_and_sector);
  out["beneficiaries_by_region_and_sector"] = write_table(f.beneficiaries_by_region_and_sector);
  out["by_institution_kind"] = write_one_way(f.by_institution_kind);
  out["by_year"] = write_one_way(f.by_year);
  out["request_coverage"] = write_coverage(f.request_coverage, "/ledger/request_coverage");
  out["continuity"] = {
      {"repeat_mission_rate", real_or_null(f.continuity.repeat_mission_rate, "/ledger/continuity/repeat_mission_rate")},
      {"return_to_host_rate", real_or_null(f.continuity.return_to_host_rate, "/ledger/continuity/return_to_host_rate")},
      {"withheld", withheld_count(f.continuity)}};
  out["equity"] = write_equity(f.equity, "/ledger/equity");
  return out;
}

inline json write_summary(const CoverageSummary& s, const std::string& at) {
  return {{"mean", real(s.mean, at + "/mean")},
          {"p05", real(s.p05, at + "/p05")},
          {"median", real(s.median, at + "/median")},
          {"p95", real(s.p95, at + "/p95")}};
}

inline json write_round_report(const RoundReport& r) {
  json policies = json::array();
  for (std::size_t i = 0; i < r.policies.size(); ++i) {
    const PolicyRow& p = r.policies[i];
    const std::string at = "/round/policies/" + std::to_string(i);
    policies.push_back({{"policy", std::string(impact::to_string(p.policy))},
                        {"total_score", real(p.total_score, at + "/total_score")},
                        {"seats_filled", p.seats_filled},
                        {"seats_requested", p.seats_requested},
                        {"seat_coverage", real(p.seat_coverage, at + "/seat_coverage")},
                        {"needs_filled", p.needs_filled},
                        {"needs", p.needs},
                        {"outside_capital_share", real(p.outside_capital_share, at + "/outside_capital_share")},
                        {"gini_regions_coverage", real(p.gini_regions_coverage, at + "/gini_regions_coverage")}});
  }
  json points = json::array();
  for (std::size_t i = 0; i < r.price_of_equity.size(); ++i) {
    const EquityPointRow& p = r.price_of_equity[i];
    const std::string at = "/round/price_of_equity/" + std::to_string(i);
    points.push_back({{"equity_bonus", real(p.equity_bonus, at + "/equity_bonus")},
                      {"quality", real(p.quality, at + "/quality")},
                      {"quality_given_up", real(p.quality_given_up, at + "/quality_given_up")},
                      {"outside_capital_share", real(p.outside_capital_share, at + "/outside_capital_share")},
                      {"seats_filled", p.seats_filled}});
  }
  const Withdrawals& w = r.withdrawals;
  return {{"name", r.name},
          {"experts", r.experts},
          {"needs", r.needs},
          {"capital_region", r.capital_region},
          {"policies", std::move(policies)},
          {"price_of_equity", std::move(points)},
          {"withdrawals",
           {{"probability", real(w.probability, "/round/withdrawals/probability")},
            {"trials", w.trials},
            {"seed", w.seed},
            {"coverage_after_withdrawals",
             write_summary(w.after_withdrawals, "/round/withdrawals/coverage_after_withdrawals")},
            {"coverage_after_rematching",
             write_summary(w.after_rematching, "/round/withdrawals/coverage_after_rematching")}}}};
}

// ---- Reading ----

inline constexpr long long kMaxTotal = LLONG_MAX;

inline std::int64_t read_count(const JsonReader& r) { return r.integer(0, kMaxTotal, "a count"); }

/// A required field holding a count, or null for a withheld one.
inline std::optional<std::int64_t> read_count_or_null(const JsonReader& parent, std::string_view key) {
  const JsonReader r = parent.field(key);
  if (r.value().is_null()) return std::nullopt;
  return read_count(r);
}

inline double read_fraction(const JsonReader& r) { return r.number(0.0, 1.0, "a fraction"); }
inline double read_real(const JsonReader& r) { return r.number(-1e300, 1e300, "a finite number"); }

/// A required field holding a number (read by `read`), or null for a withheld one.
template <class Read>
std::optional<double> number_or_null(const JsonReader& parent, std::string_view key, Read read) {
  const JsonReader r = parent.field(key);
  if (r.value().is_null()) return std::nullopt;
  return read(r);
}

inline std::vector<std::optional<std::int64_t>> read_counts(const JsonReader& r, std::size_t size,
                                                            std::string_view per) {
  const std::vector<JsonReader> items = r.elements();
  if (items.size() != size)
    r.fail("expected " + std::to_string(size) + (size == 1 ? " number" : " numbers") + " (one per " +
           std::string(per) + "), got " + std::to_string(items.size()));
  std::vector<std::optional<std::int64_t>> out;
  for (const JsonReader& item : items) out.push_back(item.value().is_null() ? std::nullopt : std::optional(read_count(item)));
  return out;
}

// "withheld" must say how many numbers of its table are null: a reader relying on it must not
// be misled.
inline void check_withheld(const JsonReader& table, std::int64_t nulls) {
  const JsonReader w = table.field("withheld");
  if (read_count(w) != nulls) w.expected(std::to_string(nulls) + " (the withheld numbers of this table)");
}

inline RegionSectorTable read_table(const JsonReader& r) {
  r.only_fields({"regions", "sectors", "cells", "region_totals", "sector_totals", "total", "withheld"});
  RegionSectorTable t;
  for (const JsonReader& region : r.field("regions").elements()) t.regions.push_back(region.nonempty_string());
  for (const JsonReader& sector : r.field("sectors").elements()) t.sectors.push_back(sector.enumeration<Sector>());
  const JsonReader cells = r.field("cells");
  const std::vector<JsonReader> rows = cells.elements();
  if (rows.size() != t.regions.size())
    cells.fail("expected " + std::to_string(t.regions.size()) + " rows (one per region), got " +
               std::to_string(rows.size()));
  for (const JsonReader& row : rows) t.cells.push_back(read_counts(row, t.sectors.size(), "sector"));
  t.region_totals = read_counts(r.field("region_totals"), t.regions.size(), "region");
  t.sector_totals = read_counts(r.field("sector_totals"), t.sectors.size(), "sector");
  t.total = read_count(r.field("total"));
  check_withheld(r, withheld_count(t));
  return t;
}

inline OneWayTable read_one_way(const JsonReader& r) {
  r.only_fields({"rows", "withheld"});
  OneWayTable t;
  for (const JsonReader& row : r.field("rows").elements()) {
    row.only_fields({"key", "missions", "beneficiaries", "theses_supervised", "theses_defended", "experts"});
    t.rows.push_back({row.field("key").nonempty_string(), read_count_or_null(row, "missions"),
                      read_count_or_null(row, "beneficiaries"), read_count_or_null(row, "theses_supervised"),
                      read_count_or_null(row, "theses_defended"), read_count_or_null(row, "experts")});
  }
  check_withheld(r, withheld_count(t));
  return t;
}

// Published or withheld as a whole: either every number is given or every one is null.
inline std::optional<RequestCoverage> read_coverage(const JsonReader& r) {
  r.only_fields({"needs_requested", "needs_filled", "need_coverage", "seats_requested", "seats_filled",
                 "seat_coverage", "median_days_to_fill", "withheld"});
  const bool withheld = r.field("needs_requested").value().is_null();
  for (const char* key : {"needs_filled", "need_coverage", "seats_requested", "seats_filled", "seat_coverage",
                          "median_days_to_fill"}) {
    if (!withheld && std::string_view(key) == "median_days_to_fill") continue;  // may be left out: not known
    const JsonReader f = r.field(key);
    if (f.value().is_null() != withheld)
      f.fail(withheld ? "expected null: request coverage is withheld as a whole (needs_requested is null)"
                      : "expected a number: request coverage is withheld as a whole, and needs_requested is given");
  }
  std::optional<RequestCoverage> out;
  if (!withheld) {
    RequestCoverage c;
    c.needs_requested = read_count(r.field("needs_requested"));
    c.needs_filled = read_count(r.field("needs_filled"));
    c.need_coverage = read_fraction(r.field("need_coverage"));
    c.seats_requested = read_count(r.field("seats_requested"));
    c.seats_filled = read_count(r.field("seats_filled"));
    c.seat_coverage = read_fraction(r.field("seat_coverage"));
    if (r.value().contains("median_days_to_fill"))
      c.median_days_to_fill = r.field("median_days_to_fill").number(0.0, 1e300, "a number of days >= 0");
    out = c;
  }
  check_withheld(r, withheld_count(out));
  return out;
}

inline Equity read_equity(const JsonReader& r) {
  r.only_fields({"capital", "missions_outside_capital_share", "beneficiaries_outside_capital_share",
                 "gini_regions_missions", "theil_regions_missions", "gini_sectors_missions", "theil_sectors_missions",
                 "per_capita", "withheld"});
  Equity e;
  e.capital = r.field("capital").string();
  e.missions_outside_capital_share = number_or_null(r, "missions_outside_capital_share", read_fraction);
  e.beneficiaries_outside_capital_share = number_or_null(r, "beneficiaries_outside_capital_share", read_fraction);
  e.gini_regions_missions = number_or_null(r, "gini_regions_missions", read_real);
  e.theil_regions_missions = number_or_null(r, "theil_regions_missions", read_real);
  e.gini_sectors_missions = number_or_null(r, "gini_sectors_missions", read_real);
  e.theil_sectors_missions = number_or_null(r, "theil_sectors_missions", read_real);
  if (auto pc = r.optional_field("per_capita")) {
    pc->only_fields({"gini_regions_missions_per_capita", "regions"});
    PerCapita per_capita;
    per_capita.gini_regions_missions_per_capita = number_or_null(*pc, "gini_regions_missions_per_capita", read_real);
    auto rate = [](const JsonReader& x) { return x.number(0.0, 1e300, "a rate >= 0"); };
    for (const JsonReader& item : pc->field("regions").elements()) {
      item.only_fields({"region", "population", "missions_per_100k", "beneficiaries_per_100k"});
      PerCapitaRegion region;
      region.region = item.field("region").nonempty_string();
      if (item.value().contains("population")) {
        const JsonReader population = item.field("population");
        region.population = population.number(1e-300, 1e300, "a number of inhabitants > 0");
        region.missions_per_100k = number_or_null(item, "missions_per_100k", rate);
        region.beneficiaries_per_100k = number_or_null(item, "beneficiaries_per_100k", rate);
      } else {
        for (const char* key : {"missions_per_100k", "beneficiaries_per_100k"})
          if (item.value().contains(key))
            item.field(key).fail("a rate needs the region's population, and none is given");
      }
      per_capita.regions.push_back(std::move(region));
    }
    e.per_capita = std::move(per_capita);
  }
  check_withheld(r, withheld_count(e));
  return e;
}

inline constexpr std::string_view kLedgerSections[] = {
    "indicators",          "reconciliation_findings", "missions_by_region_and_sector", "beneficiaries_by_region_and_sector",
    "by_institution_kind", "by_year",                 "request_coverage",              "continuity",
    "equity"};

// The two region x sector tables list the same regions and sectors (those with missions). When
// they list none although there are missions, the breakdown is withheld whole, and nothing
// computed from it may be stated (report_data.hpp).
inline void check_listing(const JsonReader& r, const LedgerFigures& f) {
  const RegionSectorTable& missions = f.missions_by_region_and_sector;
  const RegionSectorTable& people = f.beneficiaries_by_region_and_sector;
  const JsonReader table = r.field("beneficiaries_by_region_and_sector");
  if (people.regions != missions.regions) table.field("regions").fail("expected the regions of the missions table");
  if (people.sectors != missions.sectors) table.field("sectors").fail("expected the sectors of the missions table");
  if (listed(missions)) return;
  if (!missions.sectors.empty())
    r.field("missions_by_region_and_sector").field("sectors").fail("a table that lists no region lists no sector");
  const JsonReader equity = r.field("equity");
  const auto must_be_null = [](const JsonReader& at) {
    at.fail("must be null: the tables by region and sector are withheld whole");
  };
  const std::pair<const char*, const std::optional<double>*> shares[] = {
      {"missions_outside_capital_share", &f.equity.missions_outside_capital_share},
      {"beneficiaries_outside_capital_share", &f.equity.beneficiaries_outside_capital_share},
      {"gini_regions_missions", &f.equity.gini_regions_missions},
      {"theil_regions_missions", &f.equity.theil_regions_missions},
      {"gini_sectors_missions", &f.equity.gini_sectors_missions},
      {"theil_sectors_missions", &f.equity.theil_sectors_missions}};
  for (const auto& [key, value] : shares)
    if (value->has_value()) must_be_null(equity.field(key));
  if (!f.equity.per_capita) return;
  const JsonReader per_capita = equity.field("per_capita");
  if (f.equity.per_capita->gini_regions_missions_per_capita) must_be_null(per_capita.field("gini_regions_missions_per_capita"));
  const std::vector<JsonReader> rows = per_capita.field("regions").elements();
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const PerCapitaRegion& region = f.equity.per_capita->regions[i];
    if (!region.population)
      rows[i].field("region").fail("only regions given a population are listed when the tables list no region");
    if (region.missions_per_100k) must_be_null(rows[i].field("missions_per_100k"));
    if (region.beneficiaries_per_100k) must_be_null(rows[i].field("beneficiaries_per_100k"));
  }
}

inline LedgerReport read_ledger_report(const JsonReader& r) {
  r.only_fields({"name", "status", "indicators", "reconciliation_findings", "missions_by_region_and_sector",
                 "beneficiaries_by_region_and_sector", "by_institution_kind", "by_year", "request_coverage",
                 "continuity", "equity"});
  LedgerReport l;
  l.name = r.field("name").string();
  const JsonReader status = r.field("status");
  bool known = false;
  for (const LedgerStatus s : {LedgerStatus::published, LedgerStatus::no_experts, LedgerStatus::too_few_experts})
    if (status.value().is_string() && status.value().get<std::string>() == to_string(s)) l.status = s, known = true;
  if (!known) status.expected("a ledger status (published, no_experts, too_few_experts)");
  if (l.status != LedgerStatus::published) {
    for (const std::string_view key : kLedgerSections)
      if (r.value().contains(key))
        r.field(key).fail("a ledger with status " + std::string(to_string(l.status)) + " publishes nothing but its name");
    return l;
  }
  LedgerFigures f;
  const JsonReader t = r.field("indicators");
  t.only_fields({"missions", "beneficiaries", "theses_supervised", "theses_defended", "experts", "residence_countries",
                 "host_structures", "set_aside"});
  f.indicators = {read_count(t.field("missions")),        read_count(t.field("beneficiaries")),
                  read_count(t.field("theses_supervised")), read_count(t.field("theses_defended")),
                  read_count(t.field("experts")),          read_count(t.field("residence_countries")),
                  read_count(t.field("host_structures")),  read_count(t.field("set_aside"))};
  const JsonReader findings = r.field("reconciliation_findings");
  findings.require_object("an object of counts by kind, such as {\"duplicate\": 2}");
  for (auto it = findings.value().begin(); it != findings.value().end(); ++it) {
    const JsonReader count(it.value(), findings.pointer() + "/" + escape_pointer_token(it.key()));
    if (it.key().empty()) count.fail("a kind of finding needs a non-empty name");
    f.findings_by_kind[it.key()] = count.integer(1, kMaxTotal, "a number of findings");
  }
  f.missions_by_region_and_sector = read_table(r.field("missions_by_region_and_sector"));
  f.beneficiaries_by_region_and_sector = read_table(r.field("beneficiaries_by_region_and_sector"));
  f.by_institution_kind = read_one_way(r.field("by_institution_kind"));
  f.by_year = read_one_way(r.field("by_year"));
  f.request_coverage = read_coverage(r.field("request_coverage"));
  const JsonReader c = r.field("continuity");
  c.only_fields({"repeat_mission_rate", "return_to_host_rate", "withheld"});
  f.continuity.repeat_mission_rate = number_or_null(c, "repeat_mission_rate", read_fraction);
  f.continuity.return_to_host_rate = number_or_null(c, "return_to_host_rate", read_fraction);
  check_withheld(c, withheld_count(f.continuity));
  f.equity = read_equity(r.field("equity"));
  check_listing(r, f);
  l.figures = std::move(f);
  return l;
}

inline CoverageSummary read_summary(const JsonReader& r) {
  r.only_fields({"mean", "p05", "median", "p95"});
  return {read_fraction(r.field("mean")), read_fraction(r.field("p05")), read_fraction(r.field("median")),
          read_fraction(r.field("p95"))};
}

inline impact::PolicyKind read_policy_kind(const JsonReader& r) {
  std::string list;
  for (std::size_t i = 0; i < std::size(impact::kPolicyKindNames); ++i) {
    if (r.value().is_string() && r.value().get<std::string>() == impact::kPolicyKindNames[i])
      return static_cast<impact::PolicyKind>(i);
    list += (list.empty() ? "" : ", ") + std::string(impact::kPolicyKindNames[i]);
  }
  r.expected("a policy (" + list + ")");
}

inline std::uint64_t read_seed(const JsonReader& r) {
  if (!r.value().is_number_unsigned()) r.expected("a seed from 0 to 18446744073709551615");
  return r.value().get<std::uint64_t>();
}

inline RoundReport read_round_report(const JsonReader& r) {
  r.only_fields({"name", "experts", "needs", "capital_region", "policies", "price_of_equity", "withdrawals"});
  RoundReport out;
  out.name = r.field("name").string();
  out.experts = read_count(r.field("experts"));
  out.needs = read_count(r.field("needs"));
  out.capital_region = r.field("capital_region").string();
  for (const JsonReader& p : r.field("policies").elements()) {
    p.only_fields({"policy", "total_score", "seats_filled", "seats_requested", "seat_coverage", "needs_filled",
                   "needs", "outside_capital_share", "gini_regions_coverage"});
    out.policies.push_back({read_policy_kind(p.field("policy")), read_real(p.field("total_score")),
                            read_count(p.field("seats_filled")), read_count(p.field("seats_requested")),
                            read_count(p.field("needs_filled")), read_count(p.field("needs")),
                            read_fraction(p.field("seat_coverage")), read_fraction(p.field("outside_capital_share")),
                            read_real(p.field("gini_regions_coverage"))});
  }
  for (const JsonReader& p : r.field("price_of_equity").elements()) {
    p.only_fields({"equity_bonus", "quality", "quality_given_up", "outside_capital_share", "seats_filled"});
    out.price_of_equity.push_back({read_real(p.field("equity_bonus")), read_real(p.field("quality")),
                                   read_real(p.field("quality_given_up")),
                                   read_fraction(p.field("outside_capital_share")), read_count(p.field("seats_filled"))});
  }
  const JsonReader w = r.field("withdrawals");
  w.only_fields({"probability", "trials", "seed", "coverage_after_withdrawals", "coverage_after_rematching"});
  out.withdrawals.probability = w.field("probability").number(0.0, 1.0, "a probability");
  out.withdrawals.trials = w.field("trials").integer_as_int(0, INT32_MAX, "a number of trials");
  out.withdrawals.seed = read_seed(w.field("seed"));
  out.withdrawals.after_withdrawals = read_summary(w.field("coverage_after_withdrawals"));
  out.withdrawals.after_rematching = read_summary(w.field("coverage_after_rematching"));
  return out;
}

}  // namespace detail::report_json

/// The Report document as JSON values. Throws InputError at the pointer of a non-finite number.
inline json to_json(const report::ReportData& data) {
  namespace w = detail::report_json;
  return {{"format", std::string(kReportFormat)},
          {"format_version", kFormatVersion},
          {"title", data.title},
          {"tokten_version", data.tokten_version},
          {"k", data.k},
          {"ledger", data.ledger ? w::write_ledger_report(*data.ledger) : json(nullptr)},
          {"round", data.round ? w::write_round_report(*data.round) : json(nullptr)}};
}

/// The document as text, pretty-printed with `indent` spaces (-1 for one line).
inline std::string write_report_data(const report::ReportData& data, int indent = 2) {
  return to_json(data).dump(indent);
}

/// Reads a Report document; throws InputError (with a JSON pointer) at the first error.
inline report::ReportData report_data_from_json(const json& document) {
  namespace r = detail::report_json;
  const JsonReader doc(document, "");
  detail::check_header(doc, kReportFormat);
  doc.only_fields({"format", "format_version", "title", "tokten_version", "k", "ledger", "round"});
  report::ReportData data;
  data.title = doc.field("title").string();
  data.tokten_version = doc.field("tokten_version").string();
  data.k = doc.field("k").integer(1, r::kMaxTotal, "a number of experts");
  if (auto ledger = doc.optional_field("ledger")) data.ledger = r::read_ledger_report(*ledger);
  if (auto round = doc.optional_field("round")) data.round = r::read_round_report(*round);
  return data;
}

inline report::ReportData read_report_data(std::string_view text) { return report_data_from_json(parse_json(text)); }

}  // namespace tokten::io
