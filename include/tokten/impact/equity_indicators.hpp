#pragma once
// Equity of the programme's output across Mali: how much reaches beyond the capital, how
// evenly missions spread over regions and sectors, and what they amount to per inhabitant.
//
// PROBLEM. Programmes of this kind weighed first-come-first-served against "the most needy
// areas"; the ledger shows which one happened. From the counted records (reconcile.hpp):
//
//   missions_outside_capital_share       missions whose region is known and is not `capital`,
//   beneficiaries_outside_capital_share  over all counted missions (beneficiaries likewise); a
//                                        mission of unknown region is not counted as outside.
//   gini/theil_regions_missions          dispersion of mission counts over the REGIONS KNOWN to
//                                        the ledger: those of its institutions, missions and
//                                        requests, and of `population` when given; a known
//                                        region without missions counts 0 (the regions left out
//                                        are what equity is about).
//   gini/theil_sectors_missions          the same over the sectors of the missions and requests.
//   per_capita                           when `population` is given: one row per known region
//                                        (by name), with missions and beneficiaries per 100,000
//                                        inhabitants; NaN population and rates for a region
//                                        missing from `population`.
//   gini/theil_regions_per_capita        dispersion of missions per inhabitant over the regions
//                                        with a population; absent without populations.
// Gini and Theil are impact/equity.hpp's: 0 is perfectly even; all in one of n groups gives
// (n-1)/n and ln n.
//
// RUNNING TIME. O(n log n) for n records plus O(r log r) for r regions.
//
// References: F. Cowell (2011), Measuring Inequality, 3rd ed., ch. 3 (the indices and their
// properties); per-capita rates per 100,000 as in public-health reporting.
//
// Example:
//   auto report = tokten::impact::equity(ledger, "Bamako",
//                                        {{"Bamako", 2'817'000}, {"Kayes", 2'444'000}});
//   double outside = report.missions_outside_capital_share;
#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "tokten/impact/equity.hpp"
#include "tokten/impact/indicators.hpp"
#include "tokten/impact/ledger.hpp"
#include "tokten/impact/reconcile.hpp"

namespace tokten::impact {

struct RegionRate {
  std::string region;
  std::int64_t missions = 0;
  std::int64_t beneficiaries = 0;
  double population = 0.0;  // NaN when not given for this region
  double missions_per_100k = 0.0;
  double beneficiaries_per_100k = 0.0;
  // NaN fields make a value unequal to itself, as in Python.
  friend bool operator==(const RegionRate&, const RegionRate&) = default;
};

struct EquityReport {
  double missions_outside_capital_share = 0.0;
  double beneficiaries_outside_capital_share = 0.0;
  double gini_regions_missions = 0.0;
  double theil_regions_missions = 0.0;
  double gini_sectors_missions = 0.0;
  double theil_sectors_missions = 0.0;
  std::vector<RegionRate> per_capita;  // empty without populations
  std::optional<double> gini_regions_per_capita;
  std::optional<double> theil_regions_per_capita;
  friend bool operator==(const EquityReport&, const EquityReport&) = default;
};

/// The equity report (see the header comment). std::invalid_argument for a population that is
/// not a finite number > 0.
inline EquityReport equity(const Ledger& ledger, std::string_view capital = "Bamako",
                           const std::map<std::string, double>& population = {}) {
  for (const auto& [region, people] : population)
    if (!std::isfinite(people) || people <= 0)
      throw std::invalid_argument("equity: the population of \"" + region + "\" must be a finite number > 0, got " +
                                  std::to_string(people));
  const Ledger counted = reconciled(ledger);
  const LedgerIndex index(counted);

  std::map<std::string, std::pair<std::int64_t, std::int64_t>> by_region;  // missions, beneficiaries
  std::map<Sector, std::int64_t> by_sector;
  for (const LedgerInstitution& i : counted.institutions)
    if (!i.region.empty()) by_region.try_emplace(i.region);
  for (const Request& r : counted.requests) {
    if (const std::string& region = index.effective_region(r); !region.empty()) by_region.try_emplace(region);
    by_sector.try_emplace(r.sector, 0);
  }
  for (const auto& entry : population) by_region.try_emplace(entry.first);

  EquityReport report;
  std::int64_t missions = 0, beneficiaries = 0, outside_missions = 0, outside_beneficiaries = 0;
  for (const MissionRecord& m : counted.missions) {
    ++missions;
    beneficiaries += m.beneficiaries;
    ++by_sector[m.sector];
    const std::string& region = index.effective_region(m);
    if (region.empty()) continue;
    auto& [n, people] = by_region[region];
    ++n;
    people += m.beneficiaries;
    if (region != capital) {
      ++outside_missions;
      outside_beneficiaries += m.beneficiaries;
    }
  }
  report.missions_outside_capital_share = detail::share(outside_missions, missions);
  report.beneficiaries_outside_capital_share = detail::share(outside_beneficiaries, beneficiaries);

  std::vector<double> regional, sectoral;
  for (const auto& entry : by_region) regional.push_back(static_cast<double>(entry.second.first));
  for (const auto& entry : by_sector) sectoral.push_back(static_cast<double>(entry.second));
  report.gini_regions_missions = gini(regional);
  report.theil_regions_missions = theil(regional);
  report.gini_sectors_missions = gini(sectoral);
  report.theil_sectors_missions = theil(sectoral);

  if (!population.empty()) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    std::vector<double> rates;
    for (const auto& [region, counts] : by_region) {
      RegionRate row{region, counts.first, counts.second, nan, nan, nan};
      if (auto it = population.find(region); it != population.end()) {
        row.population = it->second;
        row.missions_per_100k = 1e5 * static_cast<double>(counts.first) / it->second;
        row.beneficiaries_per_100k = 1e5 * static_cast<double>(counts.second) / it->second;
        rates.push_back(row.missions_per_100k);
      }
      report.per_capita.push_back(std::move(row));
    }
    report.gini_regions_per_capita = gini(rates);
    report.theil_regions_per_capita = theil(rates);
  }
  return report;
}

}  // namespace tokten::impact
