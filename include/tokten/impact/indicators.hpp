#pragma once
// The programme's indicators from its mission ledger: totals, breakdowns, coverage of the
// hosts' requests with time to fill, and continuity (experts who come back).
//
// WHAT IS COUNTED. Every function counts the records reconciled() keeps (reconcile.hpp):
// repeated records are set aside, the first kept, and ProgrammeTotals::set_aside says how many
// were left out. Other findings (an unknown expert, a thesis defended and never supervised)
// do not change the counts: reconcile() reports them.
//
//   totals             missions, beneficiaries, theses supervised and defended; distinct
//                      experts mobilised, their countries of residence (from the roster; an
//                      expert without one adds none) and host structures.
//   breakdown(by)      the same per sector, region (the record's, else its host's),
//                      institution_kind, year (of the mission's start) or residence_country.
//                      Rows add up to the totals, except `experts`: an expert who served in
//                      two regions is in both rows. A key the ledger cannot tell (an unknown
//                      host's kind) is kUnknownKey. Rows: sectors and kinds in their enum order,
//                      other keys ascending, kUnknownKey last.
//   request_coverage   requests are needs (deduplicated by need id, the first kept); a counted
//                      mission whose `need` names one fills a seat of it, up to its seats.
//                      needs_filled counts requests with every seat filled. Time to fill, in
//                      days, is a filling mission's start minus the request's requested_on, over
//                      the missions that fill seats (the earliest first) of requests with a
//                      date; a mission that started before its request (reconcile:
//                      before_request) is left out of the times. Shares are 0 when nothing was
//                      requested; the times are absent when none is known.
//   continuity         repeat_rate = experts with >= 2 missions / experts;
//                      return_to_host_rate = experts who served one host twice or more /
//                      experts with >= 2 missions (0 when the denominator is 0).
//
// RUNNING TIME. Each call is O(n log n) for n records (the reconciliation, then one pass with
// hash maps; breakdown sorts its keys).
//
// Example:
//   const auto ledger = tokten::synth::synthetic_history();
//   auto t = tokten::impact::totals(ledger);                    // t.missions == 992
//   auto by_sector = tokten::impact::breakdown(ledger, "sector");
//   auto c = tokten::impact::request_coverage(ledger);          // c.seat_coverage, c.median_days_to_fill
#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "tokten/impact/ledger.hpp"
#include "tokten/impact/reconcile.hpp"

namespace tokten::impact {

struct ProgrammeTotals {
  std::int64_t missions = 0;
  std::int64_t beneficiaries = 0;
  std::int64_t theses_supervised = 0;
  std::int64_t theses_defended = 0;
  std::int64_t experts = 0;              // distinct experts mobilised
  std::int64_t residence_countries = 0;  // distinct countries of residence of those experts
  std::int64_t host_structures = 0;      // distinct host institutions
  std::int64_t set_aside = 0;            // records left out by reconciliation
  friend bool operator==(const ProgrammeTotals&, const ProgrammeTotals&) = default;
};

struct BreakdownRow {
  std::string key;
  std::int64_t missions = 0;
  std::int64_t beneficiaries = 0;
  std::int64_t theses_supervised = 0;
  std::int64_t theses_defended = 0;
  std::int64_t experts = 0;  // distinct experts within the row
  friend bool operator==(const BreakdownRow&, const BreakdownRow&) = default;
};

struct Breakdown {
  std::string by;
  std::vector<BreakdownRow> rows;
  friend bool operator==(const Breakdown&, const Breakdown&) = default;
};

struct RequestCoverage {
  std::int64_t needs_requested = 0;
  std::int64_t needs_filled = 0;  // every seat filled
  std::int64_t seats_requested = 0;
  std::int64_t seats_filled = 0;
  double need_coverage = 0.0;  // needs_filled / needs_requested
  double seat_coverage = 0.0;  // seats_filled / seats_requested
  std::optional<double> median_days_to_fill;
  std::optional<double> mean_days_to_fill;
  friend bool operator==(const RequestCoverage&, const RequestCoverage&) = default;
};

struct Continuity {
  double repeat_rate = 0.0;          // experts with >= 2 missions / experts
  double return_to_host_rate = 0.0;  // experts who returned to a host they had served / experts with >= 2 missions
  std::int64_t experts = 0;
  std::int64_t repeat_experts = 0;     // with >= 2 missions
  std::int64_t returning_experts = 0;  // served one host at least twice
  friend bool operator==(const Continuity&, const Continuity&) = default;
};

/// The breakdown key for what the ledger cannot tell.
inline constexpr std::string_view kUnknownKey = "(unknown)";

/// What breakdown() groups by.
inline constexpr std::array<std::string_view, 5> kBreakdownKeys{"sector", "region", "institution_kind", "year",
                                                                 "residence_country"};

namespace detail {

inline double share(std::int64_t part, std::int64_t whole) {
  return whole > 0 ? static_cast<double>(part) / static_cast<double>(whole) : 0.0;
}

}  // namespace detail

inline ProgrammeTotals totals(const Ledger& ledger) {
  const Ledger counted = reconciled(ledger);
  const LedgerIndex index(counted);
  ProgrammeTotals t;
  std::unordered_set<std::string> experts, countries, hosts;
  for (const MissionRecord& m : counted.missions) {
    ++t.missions;
    t.beneficiaries += m.beneficiaries;
    t.theses_supervised += m.theses_supervised;
    t.theses_defended += m.theses_defended;
    if (experts.insert(m.expert).second)
      if (const LedgerExpert* e = index.expert(m.expert); e && !e->residence_country.empty())
        countries.insert(e->residence_country);
    hosts.insert(m.institution);
  }
  t.experts = static_cast<std::int64_t>(experts.size());
  t.residence_countries = static_cast<std::int64_t>(countries.size());
  t.host_structures = static_cast<std::int64_t>(hosts.size());
  t.set_aside = static_cast<std::int64_t>(ledger.missions.size() - counted.missions.size());
  return t;
}

/// Counts per sector, region, institution_kind, year or residence_country (kBreakdownKeys);
/// std::invalid_argument for anything else.
inline Breakdown breakdown(const Ledger& ledger, std::string_view by) {
  const auto which = std::find(kBreakdownKeys.begin(), kBreakdownKeys.end(), by);
  if (which == kBreakdownKeys.end())
    throw std::invalid_argument("breakdown: by must be one of sector, region, institution_kind, year, "
                                "residence_country; got \"" + std::string(by) + "\"");
  const std::size_t kind = static_cast<std::size_t>(which - kBreakdownKeys.begin());
  const Ledger counted = reconciled(ledger);
  const LedgerIndex index(counted);
  // The sort key puts enum values in their declared order, then text keys, then "(unknown)".
  using SortKey = std::tuple<int, std::string>;
  auto key_of = [&](const MissionRecord& m) -> SortKey {
    const std::string unknown(kUnknownKey);
    switch (kind) {
      case 0: return {static_cast<int>(m.sector), std::string(to_string(m.sector))};
      case 1: {
        const std::string& region = index.effective_region(m);
        return region.empty() ? SortKey{1'000'000, unknown} : SortKey{0, region};
      }
      case 2: {
        const LedgerInstitution* host = index.institution(m.institution);
        return host ? SortKey{static_cast<int>(host->kind), std::string(to_string(host->kind))}
                    : SortKey{1'000'000, unknown};
      }
      case 3: {
        char year[8];
        std::snprintf(year, sizeof year, "%04d", static_cast<int>(to_ymd(m.dates.start).year()));
        return {0, year};
      }
      default: {
        const LedgerExpert* e = index.expert(m.expert);
        return e && !e->residence_country.empty() ? SortKey{0, e->residence_country}
                                                  : SortKey{1'000'000, unknown};
      }
    }
  };
  std::map<SortKey, std::pair<BreakdownRow, std::unordered_set<std::string>>> groups;
  for (const MissionRecord& m : counted.missions) {
    SortKey key = key_of(m);
    auto& [row, experts] = groups[key];
    row.key = std::get<1>(key);
    ++row.missions;
    row.beneficiaries += m.beneficiaries;
    row.theses_supervised += m.theses_supervised;
    row.theses_defended += m.theses_defended;
    experts.insert(m.expert);
  }
  Breakdown out{std::string(by), {}};
  for (auto& [key, group] : groups) {
    group.first.experts = static_cast<std::int64_t>(group.second.size());
    out.rows.push_back(std::move(group.first));
  }
  return out;
}

/// Coverage of the requests and time to fill (see the header comment).
inline RequestCoverage request_coverage(const Ledger& ledger) {
  const Ledger counted = reconciled(ledger);
  const LedgerIndex index(counted);
  const auto& requests = counted.requests;
  const auto& missions = counted.missions;
  std::vector<std::vector<std::size_t>> linked(requests.size());
  for (std::size_t i = 0; i < missions.size(); ++i)
    if (missions[i].need)
      if (auto r = index.request_position(*missions[i].need)) linked[*r].push_back(i);
  RequestCoverage c;
  std::vector<double> days;
  for (std::size_t r = 0; r < requests.size(); ++r) {
    if (index.request_position(requests[r].need) != r) continue;  // a repeated need id
    const std::int64_t seats = std::max<std::int64_t>(0, requests[r].seats);
    auto& fill = linked[r];
    std::sort(fill.begin(), fill.end(), [&](std::size_t a, std::size_t b) {
      return std::tie(missions[a].dates.start, a) < std::tie(missions[b].dates.start, b);
    });
    const std::int64_t filled = std::min<std::int64_t>(seats, static_cast<std::int64_t>(fill.size()));
    ++c.needs_requested;
    c.seats_requested += seats;
    c.seats_filled += filled;
    if (seats > 0 && filled == seats) ++c.needs_filled;
    if (const auto& on = requests[r].requested_on)
      for (std::int64_t k = 0; k < filled; ++k) {
        const int d = missions[fill[static_cast<std::size_t>(k)]].dates.start.days - on->days;
        if (d >= 0) days.push_back(d);
      }
  }
  c.need_coverage = detail::share(c.needs_filled, c.needs_requested);
  c.seat_coverage = detail::share(c.seats_filled, c.seats_requested);
  if (!days.empty()) {
    std::sort(days.begin(), days.end());
    const std::size_t n = days.size();
    c.median_days_to_fill = n % 2 ? days[n / 2] : (days[n / 2 - 1] + days[n / 2]) / 2.0;
    double sum = 0;
    for (double d : days) sum += d;
    c.mean_days_to_fill = sum / static_cast<double>(n);
  }
  return c;
}

/// Repeat missions and returns to the same host (see the header comment).
inline Continuity continuity(const Ledger& ledger) {
  const Ledger counted = reconciled(ledger);
  struct Served {
    std::int64_t missions = 0;
    std::unordered_set<std::string> hosts;
    bool returned = false;
  };
  std::unordered_map<std::string, Served> by_expert;
  for (const MissionRecord& m : counted.missions) {
    Served& s = by_expert[m.expert];
    ++s.missions;
    if (!s.hosts.insert(m.institution).second) s.returned = true;
  }
  Continuity c;
  for (const auto& [id, s] : by_expert) {
    ++c.experts;
    if (s.missions >= 2) ++c.repeat_experts;
    if (s.returned) ++c.returning_experts;
  }
  c.repeat_rate = detail::share(c.repeat_experts, c.experts);
  c.return_to_host_rate = detail::share(c.returning_experts, c.repeat_experts);
  return c;
}

}  // namespace tokten::impact
