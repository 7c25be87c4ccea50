#pragma once
// The programme report's numbers as plain data: everything html_report shows (html_report.hpp
// renders it) and io/report_json.hpp writes for ministry software, computed once, here.
//
// From a mission ledger (impact/ledger.hpp), after reconciliation:
//   - the programme totals, and the reconciliation findings counted by kind;
//   - missions and beneficiaries by region and sector (with margins), and missions,
//     beneficiaries, theses and experts by kind of host and by year;
//   - coverage of the hosts' requests with time to fill; repeat missions and continuity;
//   - equity: shares outside the capital, Gini and Theil across regions and sectors, and
//     per-capita rates when populations are given.
// From a planning round (model/problem.hpp):
//   - the assignment policies side by side (impact/policies.hpp);
//   - the price of equity over a sweep of equity bonuses;
//   - seat coverage under expert withdrawals with re-matching (impact/robustness.hpp).
//
// SAFE TO PUBLISH. Every disclosure decision is taken here, and the data holds only what may be
// published: a withheld number is an empty std::optional, so nothing downstream can show it.
// Every table counting experts' missions goes through publish/suppression.hpp: a number behind
// fewer than k distinct experts is withheld, with complementary withholding so that no withheld
// number can be recovered from the totals; each table is then audited. When the suppression
// must keep the grand total (the indicators publish it) and even that pins withheld rows (five
// regions with one mission each), the table is withheld whole: it lists no row at all, and its
// `withheld` count is 0 since counting its rows would say how many there are. Any other failed
// audit would be a bug in the suppression, and throws (nothing is produced). Linked tables: everything by region or by sector of one measure
// comes from one region x sector table with its margins, so no table gives back what another
// withholds; tables on other dimensions (kind of host, year) share only the published grand
// total. Shares, indices and per-capita rates are published only when the counts they are made
// of are published; rates of experts (repeat missions) only when both the count and its
// complement are 0 or at least k (publishable()). Reconciliation findings are counted by kind,
// never listed. A ledger of fewer than k distinct experts publishes nothing but its name. The
// round's sections describe a planning round (not people's records) and are not suppressed.
//
// An absent value means withheld, except where a comment says otherwise: a median time to fill
// that no dated request gives, a population that was not given (and the rates that would need
// it), per-capita figures without populations, a ledger or a round that was not given.
//
// Deterministic: the same inputs and options give the same data.
//
// Running time: the ledger's indicators are O(missions log missions); suppression and audit
// cost two min-cost flows per withheld number; the round's sections cost (policies + bonuses)
// solves and one Monte Carlo of `trials` re-matchings.
//
// Example:
//   const auto ledger = tokten::synth::synthetic_history();
//   const auto round = tokten::synth::demo_problem({});
//   tokten::report::ReportData data = tokten::report::report_data(&ledger, &round);
//   const auto& t = data.ledger->figures->missions_by_region_and_sector;
//   for (std::size_t i = 0; i < t.regions.size(); ++i)
//     if (t.region_totals[i]) std::cout << t.regions[i] << ": " << *t.region_totals[i] << "\n";  // else withheld
#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tokten/impact/equity_indicators.hpp"
#include "tokten/impact/indicators.hpp"
#include "tokten/impact/ledger.hpp"
#include "tokten/impact/policies.hpp"
#include "tokten/impact/reconcile.hpp"
#include "tokten/impact/robustness.hpp"
#include "tokten/publish/suppression.hpp"
#include "tokten/version.hpp"

namespace tokten::report {

struct ReportOptions {
  std::string title = "TOKTEN programme report";
  std::string capital = "Bamako";
  std::map<std::string, double> population;  // region -> inhabitants, for per-capita rates
  std::int64_t k = 5;                        // publish numbers behind at least k distinct experts
  SolveOptions solve;                        // the round's scoring policy and k candidates
  std::vector<double> bonuses{0.0, 0.1, 0.2, 0.3, 0.5, 1.0};
  double withdrawal_probability = 0.1;
  std::int32_t trials = 100;
  std::uint64_t seed = 1;
};

/// One measure (missions or beneficiaries) by region (rows) and sector (columns), with margins.
/// The grand total is always published (the indicators give it). With so few regions and sectors
/// that even the grand total alone pins a cell, the whole breakdown is withheld: no region and no
/// sector is listed (see `listed`).
struct RegionSectorTable {
  std::vector<std::string> regions;  // ascending; impact::kUnknownKey for missions of unknown region
  std::vector<Sector> sectors;       // in their enum order
  std::vector<std::vector<std::optional<std::int64_t>>> cells;  // [region][sector]
  std::vector<std::optional<std::int64_t>> region_totals;
  std::vector<std::optional<std::int64_t>> sector_totals;
  std::int64_t total = 0;
  friend bool operator==(const RegionSectorTable&, const RegionSectorTable&) = default;
};

/// Whether the missions table lists its regions and sectors: false when it has missions but
/// withholds the whole breakdown. The beneficiaries table then lists nothing either (its rows are
/// the same regions, those with missions).
inline bool listed(const RegionSectorTable& missions) { return !(missions.regions.empty() && missions.total > 0); }

/// A row of a table by kind of host or by year; a row is withheld whole.
struct OneWayRow {
  std::string key;
  std::optional<std::int64_t> missions, beneficiaries, theses_supervised, theses_defended, experts;
  friend bool operator==(const OneWayRow&, const OneWayRow&) = default;
};

struct OneWayTable {
  std::vector<OneWayRow> rows;  // in impact::breakdown's order; none when the table is withheld whole
  friend bool operator==(const OneWayTable&, const OneWayTable&) = default;
};

/// Coverage of the hosts' requests (impact::RequestCoverage), published or withheld as a whole.
struct RequestCoverage {
  std::int64_t needs_requested = 0, needs_filled = 0, seats_requested = 0, seats_filled = 0;
  double need_coverage = 0.0, seat_coverage = 0.0;  // fractions
  std::optional<double> median_days_to_fill;         // absent: no dated request was filled
  friend bool operator==(const RequestCoverage&, const RequestCoverage&) = default;
};

struct Continuity {
  std::optional<double> repeat_mission_rate;  // experts with 2+ missions / experts
  std::optional<double> return_to_host_rate;  // of those, who served one host twice or more
  friend bool operator==(const Continuity&, const Continuity&) = default;
};

struct PerCapitaRegion {
  std::string region;
  std::optional<double> population;  // absent: not given (and then both rates are absent too)
  std::optional<double> missions_per_100k, beneficiaries_per_100k;
  friend bool operator==(const PerCapitaRegion&, const PerCapitaRegion&) = default;
};

struct PerCapita {
  std::optional<double> gini_regions_missions_per_capita;
  std::vector<PerCapitaRegion> regions;  // by name: every region the ledger knows, or only those
                                         // given a population when the tables list no region
  friend bool operator==(const PerCapita&, const PerCapita&) = default;
};

struct Equity {
  std::string capital;
  std::optional<double> missions_outside_capital_share, beneficiaries_outside_capital_share;  // fractions
  std::optional<double> gini_regions_missions, theil_regions_missions;
  std::optional<double> gini_sectors_missions, theil_sectors_missions;
  std::optional<PerCapita> per_capita;  // absent: no populations given
  friend bool operator==(const Equity&, const Equity&) = default;
};

/// What a ledger of at least k distinct experts publishes.
struct LedgerFigures {
  impact::ProgrammeTotals indicators;
  std::map<std::string, std::int64_t> findings_by_kind;  // reconciliation findings, counted
  RegionSectorTable missions_by_region_and_sector, beneficiaries_by_region_and_sector;
  OneWayTable by_institution_kind, by_year;
  std::optional<RequestCoverage> request_coverage;  // absent: fewer than k seats filled
  Continuity continuity;
  Equity equity;
  friend bool operator==(const LedgerFigures&, const LedgerFigures&) = default;
};

enum class LedgerStatus { published, no_experts, too_few_experts };
inline constexpr std::string_view kLedgerStatusNames[] = {"published", "no_experts", "too_few_experts"};
inline std::string_view to_string(LedgerStatus s) { return kLedgerStatusNames[static_cast<std::size_t>(s)]; }

struct LedgerReport {
  std::string name;
  LedgerStatus status = LedgerStatus::published;
  std::optional<LedgerFigures> figures;  // present exactly when status is published
  friend bool operator==(const LedgerReport&, const LedgerReport&) = default;
};

struct PolicyRow {
  impact::PolicyKind policy = impact::PolicyKind::optimal;
  double total_score = 0.0;
  std::int64_t seats_filled = 0, seats_requested = 0, needs_filled = 0, needs = 0;
  double seat_coverage = 0.0;          // fraction
  double outside_capital_share = 0.0;  // of the filled seats, fraction
  double gini_regions_coverage = 0.0;  // of seat coverage across regions
  friend bool operator==(const PolicyRow&, const PolicyRow&) = default;
};

/// The optimal assignment under one equity bonus; quality is the total score without the bonus.
struct EquityPointRow {
  double equity_bonus = 0.0;
  double quality = 0.0;
  double quality_given_up = 0.0;  // the first bonus's quality minus this one's
  double outside_capital_share = 0.0;
  std::int64_t seats_filled = 0;
  friend bool operator==(const EquityPointRow&, const EquityPointRow&) = default;
};

/// Seat coverage (a fraction) over the trials: mean and quantiles (linear interpolation).
struct CoverageSummary {
  double mean = 0.0, p05 = 0.0, median = 0.0, p95 = 0.0;
  friend bool operator==(const CoverageSummary&, const CoverageSummary&) = default;
};

struct Withdrawals {
  double probability = 0.0;
  std::int32_t trials = 0;
  std::uint64_t seed = 0;
  CoverageSummary after_withdrawals, after_rematching;
  friend bool operator==(const Withdrawals&, const Withdrawals&) = default;
};

struct RoundReport {
  std::string name;
  std::int64_t experts = 0, needs = 0;
  std::string capital_region;  // of the scoring policy
  std::vector<PolicyRow> policies;
  std::vector<EquityPointRow> price_of_equity;
  Withdrawals withdrawals;
  friend bool operator==(const RoundReport&, const RoundReport&) = default;
};

struct ReportData {
  std::string title;
  std::string tokten_version;
  std::int64_t k = 5;
  std::optional<LedgerReport> ledger;  // absent: no ledger given
  std::optional<RoundReport> round;    // absent: no round given
  friend bool operator==(const ReportData&, const ReportData&) = default;
};

/// A count of experts is publishable when it and its complement are 0 or at least k.
inline bool publishable(std::int64_t part, std::int64_t whole, std::int64_t k) {
  const std::int64_t rest = whole - part;
  return (part == 0 || part >= k) && (rest == 0 || rest >= k);
}

/// Whether shares and rates of `region` may be published: its total is, or it has no mission.
inline bool region_published(const RegionSectorTable& table, std::string_view region) {
  if (!listed(table)) return false;  // a region missing from the table may have missions
  for (std::size_t i = 0; i < table.regions.size(); ++i)
    if (table.regions[i] == region) return table.region_totals[i].has_value();
  return true;  // no mission there: a share of it is over the published total
}

// How many numbers each part withholds (the JSON document states them per table).
inline std::int64_t withheld_count(const RegionSectorTable& t) {
  std::int64_t n = 0;
  for (const auto& row : t.cells)
    for (const auto& v : row) n += !v;
  for (const auto& v : t.region_totals) n += !v;
  for (const auto& v : t.sector_totals) n += !v;
  return n;
}
inline std::int64_t withheld_count(const OneWayTable& t) {
  std::int64_t n = 0;
  for (const OneWayRow& r : t.rows)
    n += !r.missions + !r.beneficiaries + !r.theses_supervised + !r.theses_defended + !r.experts;
  return n;
}
/// Coverage is withheld whole: its six numbers and the median.
inline std::int64_t withheld_count(const std::optional<RequestCoverage>& c) { return c ? 0 : 7; }
inline std::int64_t withheld_count(const Continuity& c) { return !c.repeat_mission_rate + !c.return_to_host_rate; }
inline std::int64_t withheld_count(const Equity& e) {
  std::int64_t n = !e.missions_outside_capital_share + !e.beneficiaries_outside_capital_share +
                   !e.gini_regions_missions + !e.theil_regions_missions + !e.gini_sectors_missions +
                   !e.theil_sectors_missions;
  if (e.per_capita) {
    n += !e.per_capita->gini_regions_missions_per_capita;
    for (const PerCapitaRegion& r : e.per_capita->regions)
      if (r.population) n += !r.missions_per_100k + !r.beneficiaries_per_100k;
  }
  return n;
}

namespace detail {

// Publication is refused, not warned about, when suppress()'s own pattern fails an audit: it
// would be a bug in the suppression, and no output may ever carry a recoverable small number.
inline void require_safe(const publish::AuditReport& audit, std::string_view table) {
  if (!audit.safe)
    throw std::runtime_error("report: the " + std::string(table) + " table failed its disclosure audit (" +
                             (audit.failures.empty() ? std::string("no detail") : audit.failures.front()) +
                             "); nothing was written");
}

inline std::optional<std::int64_t> unless(bool withheld, std::int64_t value) {
  return withheld ? std::nullopt : std::optional<std::int64_t>(value);
}
inline std::optional<double> only_if(bool published, double value) {
  return published ? std::optional<double>(value) : std::nullopt;
}

// A breakdown made safe: rows withheld where fewer than k experts stand behind them, and more
// rows (complementary) so that no withheld row follows from the published total. Each measure
// column is suppressed on its own and the patterns are united (withholding more never narrows
// what a reader can infer), then each column is audited under the united pattern.
inline OneWayTable safe_breakdown(const impact::Breakdown& b, std::int64_t total_experts, std::int64_t k,
                                  std::string_view title) {
  const std::size_t n = b.rows.size();
  std::vector<bool> withheld(n, false);
  using Measure = std::int64_t impact::BreakdownRow::*;
  const Measure measures[] = {&impact::BreakdownRow::missions, &impact::BreakdownRow::beneficiaries,
                              &impact::BreakdownRow::theses_supervised, &impact::BreakdownRow::theses_defended};
  publish::SuppressionOptions options;
  options.k = k;
  auto table_of = [&](Measure m) {
    publish::PublicationTable t;
    t.rows = static_cast<std::int32_t>(n);
    t.cols = 1;
    for (const auto& row : b.rows) {
      t.values.push_back(row.*m);
      t.experts.push_back(row.experts);
      t.row_experts.push_back(row.experts);
    }
    // Only keys with missions are listed: a reader knows each row has at least one.
    if (m == &impact::BreakdownRow::missions) t.row_floor.assign(n, 1);
    t.col_experts = {total_experts};
    t.total_experts = total_experts;
    return t;
  };
  bool total_kept = false;  // a pattern withheld the grand total, which stays published
  if (n > 0) {
    for (const Measure m : measures) {
      const publish::SuppressionResult r = publish::suppress(table_of(m), options);
      for (std::size_t i = 0; i < n; ++i) withheld[i] = withheld[i] || r.suppressed[i] != publish::kPublished;
      total_kept = total_kept || r.grand_total_suppressed || r.col_total_suppressed[0];
    }
    for (const Measure m : measures) {
      const publish::PublicationTable t = table_of(m);
      std::int64_t total = 0;
      for (const std::int64_t v : t.values) total += v;
      if (total == 0) continue;  // the published total already says every row is 0: nothing to hide
      publish::SuppressionResult united;
      united.suppressed.resize(n);
      for (std::size_t i = 0; i < n; ++i) {
        const bool sensitive = b.rows[i].experts > 0 && b.rows[i].experts < k;
        united.suppressed[i] = !withheld[i] ? publish::kPublished : sensitive ? publish::kPrimary : publish::kComplementary;
      }
      united.row_total_suppressed = withheld;  // a row's total is its one cell
      united.col_total_suppressed = {false};
      // The grand total stays published (the indicators give it). When a pattern wanted it
      // withheld, it may pin withheld rows (five years, five missions): listing the keys says too
      // much, and the table lists none.
      const publish::AuditReport report = publish::audit(t, united, options);
      if (!report.safe && total_kept) return OneWayTable{};
      require_safe(report, title);
    }
  }
  OneWayTable out;
  for (std::size_t i = 0; i < n; ++i) {
    const impact::BreakdownRow& row = b.rows[i];
    const bool w = withheld[i];
    out.rows.push_back({row.key, unless(w, row.missions), unless(w, row.beneficiaries),
                        unless(w, row.theses_supervised), unless(w, row.theses_defended), unless(w, row.experts)});
  }
  return out;
}

// Region x sector of one measure (missions or beneficiaries), with its margins: the one table
// that publishes anything by region or by sector for that measure, so that no other table can
// give back what it withholds.
inline RegionSectorTable region_sector_table(const impact::Ledger& ledger, bool beneficiaries, std::int64_t k) {
  const impact::LedgerIndex index(ledger);
  std::map<std::string, std::set<std::string>> by_region;
  std::map<int, std::set<std::string>> by_sector;
  std::map<std::pair<std::string, int>, std::pair<std::int64_t, std::set<std::string>>> tally;
  std::set<std::string> everyone;
  for (const impact::MissionRecord& m : ledger.missions) {
    const std::string& region = index.effective_region(m);
    const std::string key = region.empty() ? std::string(impact::kUnknownKey) : region;
    const int s = static_cast<int>(m.sector);
    auto& c = tally[{key, s}];
    c.first += beneficiaries ? m.beneficiaries : 1;
    c.second.insert(m.expert);
    by_region[key].insert(m.expert);
    by_sector[s].insert(m.expert);
    everyone.insert(m.expert);
  }
  RegionSectorTable out;
  for (const auto& entry : by_region) out.regions.push_back(entry.first);
  for (const auto& entry : by_sector) out.sectors.push_back(static_cast<Sector>(entry.first));
  const std::size_t rows = out.regions.size(), cols = out.sectors.size();
  publish::PublicationTable t;
  t.rows = static_cast<std::int32_t>(rows);
  t.cols = static_cast<std::int32_t>(cols);
  std::vector<std::int64_t> region_totals(rows, 0), sector_totals(cols, 0);
  for (std::size_t i = 0; i < rows; ++i)
    for (std::size_t j = 0; j < cols; ++j) {
      const auto it = tally.find({out.regions[i], static_cast<int>(out.sectors[j])});
      const std::int64_t v = it == tally.end() ? 0 : it->second.first;
      t.values.push_back(v);
      t.experts.push_back(it == tally.end() ? 0 : static_cast<std::int64_t>(it->second.second.size()));
      region_totals[i] += v;
      sector_totals[j] += v;
      out.total += v;
    }
  for (const auto& r : out.regions) t.row_experts.push_back(static_cast<std::int64_t>(by_region[r].size()));
  for (const Sector s : out.sectors)
    t.col_experts.push_back(static_cast<std::int64_t>(by_sector[static_cast<int>(s)].size()));
  t.total_experts = static_cast<std::int64_t>(everyone.size());
  // Only regions and sectors with missions are listed: a reader knows each has at least one.
  if (!beneficiaries) {
    t.row_floor.assign(rows, 1);
    t.col_floor.assign(cols, 1);
  }
  if (rows == 0) return out;
  publish::SuppressionOptions options;
  options.k = k;
  publish::SuppressionResult r;
  r.suppressed.assign(rows * cols, publish::kPublished);
  r.row_total_suppressed.assign(rows, false);
  r.col_total_suppressed.assign(cols, false);
  // A grand total of 0 (no beneficiaries recorded) already says that every number is 0.
  if (out.total > 0) r = publish::suppress(t, options);
  // The programme totals publish the grand total, so a pattern withholding it cannot be
  // honoured (small ledgers, few regions or sectors): the table then publishes its grand total
  // only, every cell and margin withheld. The audit below decides whether that is safe too.
  const bool fallback = r.grand_total_suppressed;
  if (fallback) {
    for (auto& cell : r.suppressed)
      if (cell == publish::kPublished) cell = publish::kComplementary;
    r.row_total_suppressed.assign(rows, true);
    r.col_total_suppressed.assign(cols, true);
    r.grand_total_suppressed = false;
  }
  // suppress() always passes the audit; the fallback may not: with every listed region and sector
  // known to have a mission, few of them pin the cells (five regions, five missions). Listing them
  // says too much: the table then lists nothing, and keeps the grand total the indicators publish.
  if (out.total > 0) {
    const publish::AuditReport report = publish::audit(t, r, options);
    if (!report.safe && fallback) {
      RegionSectorTable withheld;
      withheld.total = out.total;
      return withheld;
    }
    require_safe(report, beneficiaries ? "beneficiaries by region and sector" : "missions by region and sector");
  }
  out.cells.assign(rows, {});
  for (std::size_t i = 0; i < rows; ++i) {
    for (std::size_t j = 0; j < cols; ++j) {
      const std::size_t at = i * cols + j;
      out.cells[i].push_back(unless(r.suppressed[at] != publish::kPublished, t.values[at]));
    }
    out.region_totals.push_back(unless(r.row_total_suppressed[i], region_totals[i]));
  }
  for (std::size_t j = 0; j < cols; ++j) out.sector_totals.push_back(unless(r.col_total_suppressed[j], sector_totals[j]));
  return out;
}

inline Equity safe_equity(const impact::Ledger& raw, const ReportOptions& o, const RegionSectorTable& missions,
                          const RegionSectorTable& people) {
  // A share or an index is published when every number it is made of is published.
  const impact::EquityReport equity = impact::equity(raw, o.capital, o.population);
  // Both tables list the same regions and sectors: the missions table says whether they are listed.
  const bool by_region = listed(missions);
  const bool every_region = by_region && std::all_of(missions.region_totals.begin(), missions.region_totals.end(),
                                                     [](const auto& v) { return v.has_value(); });
  const bool every_sector = by_region && std::all_of(missions.sector_totals.begin(), missions.sector_totals.end(),
                                                     [](const auto& v) { return v.has_value(); });
  Equity out;
  out.capital = o.capital;
  // The shares count missions of unknown region in their denominator only: with the grand
  // total published, a share would give back the unknown row as well as the capital's.
  auto share_published = [&](const RegionSectorTable& t) {
    return by_region && region_published(t, o.capital) && region_published(t, impact::kUnknownKey);
  };
  out.missions_outside_capital_share = only_if(share_published(missions), equity.missions_outside_capital_share);
  out.beneficiaries_outside_capital_share =
      only_if(share_published(people), equity.beneficiaries_outside_capital_share);
  out.gini_regions_missions = only_if(every_region, equity.gini_regions_missions);
  out.theil_regions_missions = only_if(every_region, equity.theil_regions_missions);
  out.gini_sectors_missions = only_if(every_sector, equity.gini_sectors_missions);
  out.theil_sectors_missions = only_if(every_sector, equity.theil_sectors_missions);
  if (equity.gini_regions_per_capita) {
    PerCapita per_capita;
    per_capita.gini_regions_missions_per_capita = only_if(every_region, *equity.gini_regions_per_capita);
    for (const impact::RegionRate& r : equity.per_capita) {
      // A region with missions but no population would be named here although the tables list none.
      if (!by_region && !o.population.count(r.region)) continue;
      PerCapitaRegion rate{r.region, std::nullopt, std::nullopt, std::nullopt};
      if (o.population.count(r.region)) {  // else the population and the rates are unknown (NaN)
        rate.population = r.population;
        rate.missions_per_100k = only_if(region_published(missions, r.region), r.missions_per_100k);
        rate.beneficiaries_per_100k = only_if(by_region && region_published(people, r.region), r.beneficiaries_per_100k);
      }
      per_capita.regions.push_back(std::move(rate));
    }
    out.per_capita = std::move(per_capita);
  }
  return out;
}

inline LedgerReport ledger_report(const impact::Ledger& raw, const ReportOptions& o) {
  LedgerReport out;
  out.name = raw.name;
  const std::vector<impact::LedgerFinding> findings = impact::reconcile(raw);
  const impact::Ledger ledger = impact::reconciled(raw, findings);
  const impact::ProgrammeTotals totals = impact::totals(raw);
  if (totals.experts < o.k) {
    out.status = totals.experts ? LedgerStatus::too_few_experts : LedgerStatus::no_experts;
    return out;
  }
  LedgerFigures f;
  f.indicators = totals;
  for (const auto& finding : findings) ++f.findings_by_kind[finding.kind];  // the findings name records and people
  f.missions_by_region_and_sector = region_sector_table(ledger, false, o.k);
  f.beneficiaries_by_region_and_sector = region_sector_table(ledger, true, o.k);
  if (!listed(f.missions_by_region_and_sector) || !listed(f.beneficiaries_by_region_and_sector)) {
    // The two tables list the same regions and sectors: when one may not, neither does.
    for (RegionSectorTable* table : {&f.missions_by_region_and_sector, &f.beneficiaries_by_region_and_sector})
      *table = RegionSectorTable{{}, {}, {}, {}, {}, table->total};
  }
  f.by_institution_kind = safe_breakdown(impact::breakdown(raw, "institution_kind"), totals.experts, o.k, "By kind of host");
  f.by_year = safe_breakdown(impact::breakdown(raw, "year"), totals.experts, o.k, "By year");

  const impact::RequestCoverage coverage = impact::request_coverage(raw);
  if (coverage.seats_filled == 0 || coverage.seats_filled >= o.k)
    f.request_coverage = RequestCoverage{coverage.needs_requested, coverage.needs_filled, coverage.seats_requested,
                                         coverage.seats_filled,    coverage.need_coverage, coverage.seat_coverage,
                                         coverage.median_days_to_fill};
  const impact::Continuity continuity = impact::continuity(raw);
  f.continuity.repeat_mission_rate =
      only_if(publishable(continuity.repeat_experts, continuity.experts, o.k), continuity.repeat_rate);
  f.continuity.return_to_host_rate = only_if(
      publishable(continuity.returning_experts, continuity.repeat_experts, o.k), continuity.return_to_host_rate);
  f.equity = safe_equity(raw, o, f.missions_by_region_and_sector, f.beneficiaries_by_region_and_sector);
  out.figures = std::move(f);
  return out;
}

// Linear interpolation between the closest ranks; 0 for no value.
inline double quantile(std::vector<double> v, double q) {
  if (v.empty()) return 0.0;
  std::sort(v.begin(), v.end());
  const double pos = q * static_cast<double>(v.size() - 1);
  const auto lo = static_cast<std::size_t>(pos);
  const std::size_t hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (pos - static_cast<double>(lo)) * (v[hi] - v[lo]);
}

inline CoverageSummary summary(const std::vector<double>& v) {
  double sum = 0;
  for (const double x : v) sum += x;
  return {v.empty() ? 0.0 : sum / static_cast<double>(v.size()), quantile(v, 0.05), quantile(v, 0.5),
          quantile(v, 0.95)};
}

inline RoundReport round_report(const Problem& problem, const ReportOptions& o) {
  impact::PolicyRunOptions run;
  run.solve = o.solve;
  run.solve.explain_pairs = false;
  run.solve.alternates = 0;
  run.solve.fixes = 0;
  run.seed = o.seed;
  RoundReport out;
  out.name = problem.name;
  out.experts = static_cast<std::int64_t>(problem.experts.size());
  out.needs = static_cast<std::int64_t>(problem.needs.size());
  out.capital_region = o.solve.policy.capital_region;
  for (const impact::PolicyKind kind : {impact::PolicyKind::optimal, impact::PolicyKind::most_seats,
                                        impact::PolicyKind::greedy, impact::PolicyKind::first_come,
                                        impact::PolicyKind::random}) {
    const impact::RoundMetrics m = impact::run_policy(problem, kind, run).metrics;
    out.policies.push_back({kind, m.total_score, m.seats_filled, m.seats_requested, m.needs_filled, m.needs,
                            m.seat_coverage, m.outside_capital_share, m.gini_regions});
  }
  for (std::size_t i = 0; i < o.bonuses.size(); ++i) {
    const impact::EquityPoint p = impact::equity_point(problem, run.solve, o.bonuses[i]);
    const double first = i == 0 ? p.quality : out.price_of_equity.front().quality;
    out.price_of_equity.push_back(
        {p.bonus, p.quality, first - p.quality, p.metrics.outside_capital_share, p.metrics.seats_filled});
  }
  const Assignment base = solve(problem, run.solve);
  impact::WithdrawalOptions w;
  w.probability.assign(problem.experts.size(), o.withdrawal_probability);
  w.trials = o.trials;
  w.seed = o.seed;
  std::vector<double> before, after;
  for (const auto& t : impact::withdrawal_trials(problem, run.solve, base, w))
    before.push_back(t.coverage_before), after.push_back(t.coverage);
  out.withdrawals = {o.withdrawal_probability, o.trials, o.seed, summary(before), summary(after)};
  return out;
}

}  // namespace detail

/// The report's numbers (see the header comment). Either input may be null. Throws
/// std::runtime_error when suppress()'s pattern fails its disclosure audit (a bug; nothing is produced),
/// std::invalid_argument for k < 1, a region of the population without a name, or a population
/// that is not a finite number > 0.
inline ReportData report_data(const impact::Ledger* ledger, const Problem* problem, const ReportOptions& options = {}) {
  if (options.k < 1) throw std::invalid_argument("report: k must be >= 1, got " + std::to_string(options.k));
  if (options.population.count(""))
    throw std::invalid_argument("report: a region of the population has an empty name");
  ReportData data;
  data.title = options.title;
  data.tokten_version = version;
  data.k = options.k;
  if (ledger) data.ledger = detail::ledger_report(*ledger, options);
  if (problem) data.round = detail::round_report(*problem, options);
  return data;
}

}  // namespace tokten::report
