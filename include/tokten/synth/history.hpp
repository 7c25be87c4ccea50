#pragma once
// A seeded synthetic history of the programme: a mission ledger calibrated to the published
// figures, the embedded default for the demo, the notebook and the tests of impact evaluation.
//
// CALIBRATION (the defaults; every count is hit EXACTLY, for every seed):
//   629 experts mobilised, 992 missions, 1998-2025; 28,903 beneficiaries trained; 67 theses
//   supervised, 42 defended (published at the 2025 relaunch). Missions per year follow the
//   programme's life (a start-up, a dip in 2012, 2013-2016 about 50 a year as published, a
//   pandemic dip in 2020-2021). Sectors: 77% education over 2013-2016 (published: 154 of
//   200), a broader mix in other years. Beneficiaries per mission follow
//   the 2013-2016 detail (about 59 per education mission, 12 per health mission) and are
//   scaled to the total. Regions of Mali with Bamako dominant and every region present; the
//   experts' countries of residence follow the diaspora (France first).
// THE HISTORY IS CLEAN: reconcile() finds nothing (ids unique and resolved, an expert's
// missions never overlap, defended <= supervised on every record, missions within the
// experts' known dates, requests made before the missions that fill them and never
// overfilled). Tests inject inconsistencies themselves.
//
// HOW. Year counts by largest remainder over seeded year weights; sectors by largest remainder
// over 2013-2016 as a whole and over each other year, then shuffled. Missions are visited in
// time order; each is a debut (a new expert) or a repeat, with the debuts chosen online so that
// exactly `experts` happen, more often early on. A repeat goes to an active expert (careers of
// 1-25 years), weighted by a propensity to return (1, 3 or 9) and preferring the mission's
// sector; half of repeats return to a host the expert served. An expert serves at most one
// mission per quarter, each lasting 2-12 weeks inside its quarter, so an expert is never in two
// places at once. Beneficiaries and theses are then apportioned exactly; requests are attached
// to some missions from the eighth year on, with a few unfilled ones each year. Only integer
// draws and basic arithmetic are used (no log or exp), so a seed gives the same history
// everywhere.
//
// RUNNING TIME. O(m log m + e log e) for m missions and e experts.
//
// Example:
//   tokten::impact::Ledger ledger = tokten::synth::synthetic_history();          // the defaults
//   auto small = tokten::synth::synthetic_history({.seed = 7, .experts = 40, .missions = 90,
//                                                  .beneficiaries = 2000});
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

#include "tokten/impact/ledger.hpp"
#include "tokten/synth/random.hpp"

namespace tokten::synth {

struct HistoryOptions {
  std::uint64_t seed = 1;
  int first_year = 1998;
  int last_year = 2025;
  int experts = 629;
  int missions = 992;
  std::int64_t beneficiaries = 28903;
  int theses_supervised = 67;
  int theses_defended = 42;
};

namespace history_detail {

/// Largest-remainder apportionment of `total` in proportion to `weights` (>= 0): the parts
/// sum to `total` exactly; ties go to the earlier index.
inline std::vector<std::int64_t> apportion(std::int64_t total, const std::vector<double>& weights) {
  std::vector<std::int64_t> parts(weights.size(), 0);
  if (weights.empty() || total <= 0) return parts;
  double sum = 0;
  for (double w : weights) sum += w;
  std::vector<double> fraction(weights.size());
  std::int64_t assigned = 0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    const double exact = sum > 0 ? static_cast<double>(total) * weights[i] / sum
                                 : static_cast<double>(total) / static_cast<double>(weights.size());
    parts[i] = static_cast<std::int64_t>(std::floor(exact));
    fraction[i] = exact - static_cast<double>(parts[i]);
    assigned += parts[i];
  }
  std::vector<std::size_t> order(weights.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return fraction[a] > fraction[b]; });
  for (std::size_t k = 0; assigned < total; k = (k + 1) % order.size(), ++assigned) ++parts[order[k]];
  // Rounding can only overshoot by a unit or so; take it back from the smallest remainders.
  for (std::size_t k = order.size(); assigned > total; --assigned) {
    k = k == 0 ? order.size() - 1 : k - 1;
    while (parts[order[k]] == 0) k = k == 0 ? order.size() - 1 : k - 1;
    --parts[order[k]];
  }
  return parts;
}

/// Sums of non-negative integer weights with updates and weighted draws, O(log n) each.
class Fenwick {
 public:
  explicit Fenwick(std::size_t n) : tree_(n + 1, 0), value_(n, 0) {}
  void set(std::size_t i, std::int64_t weight) {
    const std::int64_t delta = weight - value_[i];
    if (delta == 0) return;
    value_[i] = weight;
    total_ += delta;
    for (std::size_t k = i + 1; k < tree_.size(); k += k & (~k + 1)) tree_[k] += delta;
  }
  std::int64_t total() const { return total_; }
  std::int64_t weight(std::size_t i) const { return value_[i]; }
  /// An index drawn with probability weight / total; total() must be > 0.
  std::size_t draw(Random& rng) const {
    auto target = static_cast<std::int64_t>(rng.uniform() * static_cast<double>(total_));
    target = std::clamp<std::int64_t>(target, 0, total_ - 1);
    std::size_t position = 0;
    std::size_t step = 1;
    while (step * 2 < tree_.size()) step *= 2;
    for (; step > 0; step /= 2)
      if (position + step < tree_.size() && tree_[position + step] <= target) {
        position += step;
        target -= tree_[position];
      }
    return position;  // 0-based: the first index whose prefix sum exceeds the target
  }

 private:
  std::vector<std::int64_t> tree_;
  std::vector<std::int64_t> value_;
  std::int64_t total_ = 0;
};

inline constexpr std::array<Sector, 6> kSectors{Sector::education,   Sector::health, Sector::engineering,
                                                Sector::agriculture, Sector::sme,    Sector::administration};
// Shares of missions per sector: 2013-2016 as published (154 of 200 in education; SMEs 11,
// health 12, agriculture 10, other administrations 13), a broader mix in other years.
inline constexpr std::array<double, 6> kSharesDocumented{0.77, 0.06, 0.02, 0.05, 0.055, 0.045};
inline constexpr std::array<double, 6> kSharesOther{0.60, 0.13, 0.10, 0.09, 0.05, 0.03};
// People trained per mission (2013-2016: 9,025 / 154 in education, 144 / 12 in health, ...).
inline constexpr std::array<double, 6> kPeoplePerMission{58.6, 12.0, 25.0, 30.5, 27.5, 36.3};

inline bool documented_period(int year) { return year >= 2013 && year <= 2016; }

/// Whether a host of this kind takes missions of this sector.
inline bool hosts(InstitutionKind kind, Sector sector) {
  using K = InstitutionKind;
  switch (sector) {
    case Sector::education: return kind == K::university || kind == K::research_institute || kind == K::ministry || kind == K::other;
    case Sector::health: return kind == K::hospital || kind == K::research_institute || kind == K::university;
    case Sector::engineering: return kind == K::public_enterprise || kind == K::university || kind == K::ministry || kind == K::local_authority;
    case Sector::agriculture: return kind == K::research_institute || kind == K::local_authority || kind == K::ministry || kind == K::university;
    case Sector::sme: return kind == K::public_enterprise || kind == K::ministry || kind == K::local_authority || kind == K::other;
    case Sector::administration: return kind == K::ministry || kind == K::local_authority;
    default: return true;
  }
}

inline std::string padded(const char* prefix, std::size_t number, std::size_t width) {
  std::string digits = std::to_string(number);
  if (digits.size() < width) digits.insert(0, width - digits.size(), '0');
  return prefix + digits;
}

inline Date first_of(int year, unsigned month) {
  const std::chrono::year_month_day ymd{std::chrono::year{year}, std::chrono::month{month}, std::chrono::day{1}};
  return Date{static_cast<int>(std::chrono::sys_days{ymd}.time_since_epoch().count())};
}

}  // namespace history_detail

/// Throws std::invalid_argument for options that cannot make a history.
inline void check_history_options(const HistoryOptions& o) {
  auto fail = [](const std::string& what) { throw std::invalid_argument("synthetic_history: " + what); };
  if (o.first_year < 1901 || o.last_year > 2998 || o.last_year < o.first_year)
    fail("years must satisfy 1901 <= first_year <= last_year <= 2998, got " + std::to_string(o.first_year) + "-" +
         std::to_string(o.last_year));
  if (o.missions < 0 || o.missions > 1'000'000) fail("missions must be from 0 to 1,000,000, got " + std::to_string(o.missions));
  if (o.experts < 0 || o.experts > o.missions)
    fail("experts must be from 0 to missions (each expert has at least one mission), got " + std::to_string(o.experts));
  if (o.missions > 0 && o.experts == 0) fail("missions need at least one expert");
  const long long years = o.last_year - o.first_year + 1;
  if (static_cast<long long>(o.missions) > static_cast<long long>(o.experts) * years)
    fail("at most one mission per expert and year on average: missions <= experts * years (" +
         std::to_string(static_cast<long long>(o.experts) * years) + "), got " + std::to_string(o.missions));
  if (o.beneficiaries < 0 || o.beneficiaries > 1'000'000'000'000LL)
    fail("beneficiaries must be from 0 to 10^12, got " + std::to_string(o.beneficiaries));
  if (o.theses_defended < 0 || o.theses_supervised < o.theses_defended || o.theses_supervised > 1'000'000)
    fail("theses must satisfy 0 <= theses_defended <= theses_supervised <= 1,000,000, got " +
         std::to_string(o.theses_supervised) + " supervised and " + std::to_string(o.theses_defended) + " defended");
  if (o.missions == 0 && (o.beneficiaries > 0 || o.theses_supervised > 0))
    fail("beneficiaries and theses need missions");
}

/// The synthetic history for these options (see the header comment).
inline impact::Ledger synthetic_history(const HistoryOptions& options = {}) {
  using namespace history_detail;
  check_history_options(options);
  Random rng(options.seed);
  const int first = options.first_year;
  const int years = options.last_year - first + 1;
  const auto mission_count = static_cast<std::size_t>(options.missions);
  const auto expert_count = static_cast<std::size_t>(options.experts);

  impact::Ledger ledger;
  ledger.name = "TOKTEN Mali, synthetic history " + std::to_string(first) + "-" + std::to_string(options.last_year) +
                " (seed " + std::to_string(options.seed) + ")";

  // Missions per year.
  std::vector<double> year_weight(static_cast<std::size_t>(years));
  for (int k = 0; k < years; ++k) {
    const int year = first + k;
    double w = k < 4 ? 0.45 + 0.15 * k : 1.0;  // the start-up years
    if (documented_period(year)) w = 1.33;       // about 50 a year, as published
    else if (year == 2012) w = 0.55;             // the 2012 crisis
    else if (year == 2020 || year == 2021) w = 0.4;
    else if (year >= 2022 && year <= 2024) w = 0.75;
    year_weight[static_cast<std::size_t>(k)] = w * (0.85 + 0.3 * rng.uniform());
  }
  const std::vector<std::int64_t> per_year = apportion(options.missions, year_weight);
  for (int k = 0; k < years; ++k)
    if (per_year[static_cast<std::size_t>(k)] > 4LL * options.experts)
      throw std::invalid_argument("synthetic_history: too few experts for " +
                                  std::to_string(per_year[static_cast<std::size_t>(k)]) + " missions in " +
                                  std::to_string(first + k) + " (at most 4 per expert and year)");

  // Institutions: every region has one; Bamako holds many.
  const std::vector<std::string> regions{"Bamako", "Kayes", "Koulikoro", "Sikasso", "Ségou", "Mopti",
                                         "Tombouctou", "Gao", "Kidal", "Ménaka", "Taoudénit"};
  const std::vector<double> region_weights{45, 9, 10, 10, 9, 7, 3, 3, 1.5, 1.5, 1};
  const std::vector<InstitutionKind> kinds{InstitutionKind::university,      InstitutionKind::hospital,
                                           InstitutionKind::ministry,        InstitutionKind::research_institute,
                                           InstitutionKind::local_authority, InstitutionKind::public_enterprise,
                                           InstitutionKind::other};
  const std::vector<double> kind_weights{30, 14, 14, 12, 12, 10, 8};
  const std::vector<std::string> kind_names{"Université",        "Hôpital",           "Direction nationale",
                                            "Institut de recherche", "Conseil régional", "Office public",
                                            "Centre de formation"};
  const std::size_t institution_count =
      std::max<std::size_t>(regions.size(), static_cast<std::size_t>(0.27 * static_cast<double>(mission_count) + 0.5));
  std::vector<std::int64_t> popularity;
  for (std::size_t i = 0; i < institution_count; ++i) {
    const std::size_t kind = rng.weighted(kind_weights);
    const std::size_t region = i < regions.size() ? i : rng.weighted(region_weights);
    ledger.institutions.push_back({padded("inst-", i + 1, 4),
                                   kind_names[kind] + " de " + regions[region] + " n°" + std::to_string(i + 1),
                                   kinds[kind], regions[region]});
    const double draw = rng.uniform();
    popularity.push_back((draw < 0.5 ? 1 : draw < 0.8 ? 2 : draw < 0.95 ? 5 : 12) * (region == 0 ? 2 : 1));
  }
  // Per sector, the hosts that take it, with cumulative popularity for draws.
  std::array<std::vector<std::pair<std::int64_t, std::size_t>>, kSectors.size()> hosts_of;
  for (std::size_t s = 0; s < kSectors.size(); ++s) {
    std::int64_t cumulative = 0;
    for (std::size_t i = 0; i < institution_count; ++i)
      if (hosts(ledger.institutions[i].kind, kSectors[s])) hosts_of[s].push_back({cumulative += popularity[i], i});
    if (hosts_of[s].empty())  // a tiny history may lack the kinds: any host then
      for (std::size_t i = 0; i < institution_count; ++i) hosts_of[s].push_back({cumulative += popularity[i], i});
  }
  auto draw_host = [&](std::size_t s) {
    const auto& list = hosts_of[s];
    auto target = static_cast<std::int64_t>(rng.uniform() * static_cast<double>(list.back().first));
    auto it = std::upper_bound(list.begin(), list.end(), target,
                               [](std::int64_t t, const std::pair<std::int64_t, std::size_t>& p) { return t < p.first; });
    return (it == list.end() ? list.back() : *it).second;
  };

  // Slots: (year, quarter, sector), in time order. Sectors are apportioned over the documented
  // period as a whole (so that its share is exact to one mission, whatever the year counts),
  // over each other year on its own, then shuffled and dealt to the years in order.
  struct Slot {
    int year;
    int quarter;
    std::size_t sector;  // index into kSectors
  };
  auto shuffled_sectors = [&](std::int64_t count, const std::array<double, kSectors.size()>& shares) {
    const std::vector<std::int64_t> counts = apportion(count, std::vector<double>(shares.begin(), shares.end()));
    std::vector<std::size_t> sectors;
    for (std::size_t s = 0; s < counts.size(); ++s) sectors.insert(sectors.end(), static_cast<std::size_t>(counts[s]), s);
    for (std::size_t i = sectors.size(); i > 1; --i)
      std::swap(sectors[i - 1], sectors[static_cast<std::size_t>(rng.between(0, static_cast<int>(i) - 1))]);
    return sectors;
  };
  std::int64_t documented_missions = 0;
  for (int k = 0; k < years; ++k)
    if (documented_period(first + k)) documented_missions += per_year[static_cast<std::size_t>(k)];
  const std::vector<std::size_t> documented_sectors = shuffled_sectors(documented_missions, kSharesDocumented);
  std::size_t documented_dealt = 0;
  std::vector<Slot> slots;
  slots.reserve(mission_count);
  const std::vector<double> quarter_weights{30, 30, 15, 25};  // the rainy season is quieter
  for (int k = 0; k < years; ++k) {
    const int year = first + k;
    const std::int64_t count = per_year[static_cast<std::size_t>(k)];
    std::vector<std::size_t> sectors;
    if (documented_period(year)) {
      const auto from = documented_sectors.begin() + static_cast<std::ptrdiff_t>(documented_dealt);
      sectors.assign(from, from + static_cast<std::ptrdiff_t>(count));
      documented_dealt += static_cast<std::size_t>(count);
    } else {
      sectors = shuffled_sectors(count, kSharesOther);
    }
    std::vector<Slot> in_year;
    for (std::size_t s : sectors) in_year.push_back({year, static_cast<int>(rng.weighted(quarter_weights)), s});
    std::stable_sort(in_year.begin(), in_year.end(), [](const Slot& a, const Slot& b) { return a.quarter < b.quarter; });
    slots.insert(slots.end(), in_year.begin(), in_year.end());
  }

  // Experts and the missions they serve.
  struct ExpertState {
    std::size_t home_sector = 0;
    std::int64_t propensity = 1;
    int last_active_year = 0;
    unsigned quarters = 0;  // bit q: a mission in quarter q of the current year
    std::vector<std::size_t> missions;  // slot positions
  };
  std::vector<ExpertState> experts;
  experts.reserve(expert_count);
  Fenwick active(expert_count), free_quarter(expert_count);
  std::vector<Fenwick> by_sector(kSectors.size(), Fenwick(expert_count));
  std::vector<std::vector<std::size_t>> ending(static_cast<std::size_t>(years) + 1);
  std::vector<std::size_t> busy_this_year;
  int current_year = first;
  auto refresh = [&](std::size_t e) {
    const ExpertState& x = experts[e];
    const bool free = x.quarters != 0xF;
    const std::int64_t w = free && x.last_active_year >= current_year ? x.propensity : 0;
    active.set(e, w);
    for (std::size_t s = 0; s < kSectors.size(); ++s) by_sector[s].set(e, s == x.home_sector ? w : 0);
    free_quarter.set(e, free ? 1 : 0);
  };
  std::vector<std::size_t> expert_of(mission_count), host_of(mission_count);
  std::vector<int> quarter_of(mission_count);
  // Debut weights: new experts are likelier early on.
  std::vector<double> debut_weight(mission_count), remaining_weight(mission_count + 1, 0.0);
  for (std::size_t i = 0; i < mission_count; ++i)
    debut_weight[i] = 0.6 + 1.4 * (1.0 - static_cast<double>(slots[i].year - first) / static_cast<double>(years));
  for (std::size_t i = mission_count; i-- > 0;) remaining_weight[i] = remaining_weight[i + 1] + debut_weight[i];

  std::size_t debuts_left = expert_count;
  for (std::size_t i = 0; i < mission_count; ++i) {
    const Slot& slot = slots[i];
    if (slot.year != current_year) {  // a new year: quarters free again, careers end
      current_year = slot.year;
      for (std::size_t e : busy_this_year) experts[e].quarters = 0;
      std::vector<std::size_t> changed = std::move(busy_this_year);
      busy_this_year.clear();
      for (int y = first; y <= current_year && y - first <= years; ++y) {
        auto& list = ending[static_cast<std::size_t>(y - first)];
        changed.insert(changed.end(), list.begin(), list.end());
        list.clear();
      }
      for (std::size_t e : changed) refresh(e);
    }
    const std::size_t remaining = mission_count - i;
    bool debut = false;
    if (debuts_left > 0) {
      debut = debuts_left == remaining || slot.year == first ||
              rng.uniform() * remaining_weight[i] < static_cast<double>(debuts_left) * debut_weight[i];
      if (!debut && free_quarter.total() == 0) debut = true;  // nobody can serve: a newcomer does
    }
    std::size_t e = 0;
    if (debut) {
      e = experts.size();
      ExpertState x;
      x.home_sector = slot.sector;
      const double draw = rng.uniform();
      x.propensity = draw < 0.6 ? 1 : draw < 0.9 ? 3 : 9;
      const double career = rng.uniform();
      x.last_active_year = slot.year + (career < 0.5 ? rng.between(0, 3) : career < 0.85 ? rng.between(4, 12)
                                                                                          : rng.between(13, 25));
      experts.push_back(x);
      const int end_index = x.last_active_year + 1 - first;
      if (end_index <= years) ending[static_cast<std::size_t>(end_index)].push_back(e);
      --debuts_left;
    } else if (by_sector[slot.sector].total() > 0 && rng.chance(0.75)) {
      e = by_sector[slot.sector].draw(rng);
    } else if (active.total() > 0) {
      e = active.draw(rng);
    } else if (free_quarter.total() > 0) {
      e = free_quarter.draw(rng);
    } else {  // cannot happen: a year has at most 4 missions per expert (checked above)
      throw std::logic_error("synthetic_history: no expert can serve mission " + std::to_string(i));
    }
    ExpertState& x = experts[e];
    int quarter = slot.quarter;
    while (x.quarters & (1u << quarter)) quarter = (quarter + 1) % 4;
    if (x.quarters == 0) busy_this_year.push_back(e);
    x.quarters |= 1u << quarter;
    // Half of the repeats return to a host the expert served, if one takes this sector.
    std::optional<std::size_t> host;
    if (!x.missions.empty() && rng.chance(0.5)) {
      std::vector<std::size_t> served;
      for (std::size_t j : x.missions)
        if (hosts(ledger.institutions[host_of[j]].kind, kSectors[slot.sector])) served.push_back(host_of[j]);
      if (!served.empty()) host = rng.pick(served);
    }
    host_of[i] = host ? *host : draw_host(slot.sector);
    expert_of[i] = e;
    quarter_of[i] = quarter;
    x.missions.push_back(i);
    refresh(e);
  }

  // Every region has at least one mission: move the latest mission of the busiest region.
  if (mission_count >= regions.size()) {
    std::map<std::string, std::vector<std::size_t>> by_region;
    for (std::size_t i = 0; i < mission_count; ++i) by_region[ledger.institutions[host_of[i]].region].push_back(i);
    for (const std::string& region : regions) {
      if (by_region.count(region)) continue;
      auto busiest = std::max_element(by_region.begin(), by_region.end(), [](const auto& a, const auto& b) {
        return a.second.size() < b.second.size();
      });
      const std::size_t moved = busiest->second.back();
      busiest->second.pop_back();
      std::size_t target = institution_count;
      for (std::size_t h = 0; h < institution_count; ++h) {
        if (ledger.institutions[h].region != region) continue;
        if (target == institution_count || hosts(ledger.institutions[h].kind, kSectors[slots[moved].sector])) target = h;
        if (hosts(ledger.institutions[h].kind, kSectors[slots[moved].sector])) break;
      }
      host_of[moved] = target;
      by_region[region].push_back(moved);
    }
  }

  // Dates: 2-12 weeks inside the mission's quarter.
  const std::vector<int> durations{14, 21, 28, 35, 42, 56, 70, 84};
  const std::vector<double> duration_weights{20, 22, 18, 12, 10, 8, 6, 4};
  std::vector<DateWindow> dates(mission_count);
  for (std::size_t i = 0; i < mission_count; ++i) {
    const int q = quarter_of[i];
    const Date start = first_of(slots[i].year, static_cast<unsigned>(3 * q + 1));
    const Date next = q == 3 ? first_of(slots[i].year + 1, 1) : first_of(slots[i].year, static_cast<unsigned>(3 * q + 4));
    const int length = durations[rng.weighted(duration_weights)];
    const int offset = rng.between(0, next.days - start.days - length);
    dates[i] = {Date{start.days + offset}, Date{start.days + offset + length - 1}};
  }

  // Beneficiaries: by sector and era, longer missions train more; exactly the total.
  std::vector<double> people(mission_count);
  for (std::size_t i = 0; i < mission_count; ++i) {
    const double era = documented_period(slots[i].year) ? 1.0 : 0.46;
    const double length = static_cast<double>(dates[i].length_days());
    people[i] = kPeoplePerMission[slots[i].sector] * era * (0.6 + 0.4 * length / 28.0) * (0.5 + rng.uniform());
  }
  std::vector<std::int64_t> trained(mission_count, 0);
  if (mission_count > 0) {
    const bool one_each = options.beneficiaries >= options.missions;  // nobody trains no one, if possible
    trained = apportion(options.beneficiaries - (one_each ? options.missions : 0), people);
    if (one_each)
      for (auto& t : trained) ++t;
  }

  // Theses: on education and health missions at universities and research institutes, mostly
  // by experts who come back (to carry a student to the defence).
  std::vector<std::int32_t> supervised(mission_count, 0), defended(mission_count, 0);
  if (options.theses_supervised > 0) {
    Fenwick eligible(mission_count);
    for (std::size_t i = 0; i < mission_count; ++i) {
      const InstitutionKind kind = ledger.institutions[host_of[i]].kind;
      const Sector sector = kSectors[slots[i].sector];
      if ((kind == InstitutionKind::university || kind == InstitutionKind::research_institute) &&
          (sector == Sector::education || sector == Sector::health))
        eligible.set(i, experts[expert_of[i]].missions.size() >= 2 ? 3 : 1);
    }
    if (eligible.total() == 0)
      for (std::size_t i = 0; i < mission_count; ++i) eligible.set(i, 1);
    const std::size_t records = std::min<std::size_t>(
        mission_count, std::max<std::size_t>(1, static_cast<std::size_t>(0.7 * options.theses_supervised + 0.5)));
    Fenwick chosen(mission_count);
    for (std::size_t k = 0; k < records && eligible.total() > 0; ++k) {
      const std::size_t i = eligible.draw(rng);
      eligible.set(i, 0);
      supervised[i] = 1;
      chosen.set(i, rng.between(1, 4));
    }
    int left = options.theses_supervised;
    for (std::int32_t s : supervised) left -= s;
    for (; left > 0; --left) ++supervised[chosen.draw(rng)];
    Fenwick room(mission_count);  // theses not yet defended, per record
    for (std::size_t i = 0; i < mission_count; ++i) room.set(i, supervised[i]);
    for (int d = 0; d < options.theses_defended; ++d) {
      const std::size_t i = room.draw(rng);
      ++defended[i];
      room.set(i, supervised[i] - defended[i]);
    }
  }

  // The records, in time order.
  std::vector<std::size_t> order(mission_count);
  for (std::size_t i = 0; i < mission_count; ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return std::tie(dates[a].start.days, expert_of[a], a) < std::tie(dates[b].start.days, expert_of[b], b);
  });
  const std::size_t width = std::max<std::size_t>(4, std::to_string(mission_count).size());
  const std::size_t expert_width = std::max<std::size_t>(4, std::to_string(expert_count).size());
  const std::string source_prefix = "synthetic (seed " + std::to_string(options.seed) + "): ";
  for (std::size_t k = 0; k < mission_count; ++k) {
    const std::size_t i = order[k];
    impact::MissionRecord m;
    m.id = padded("m-", k + 1, width);
    m.expert = padded("exp-", expert_of[i] + 1, expert_width);
    m.institution = ledger.institutions[host_of[i]].id;
    m.sector = kSectors[slots[i].sector];
    m.region = ledger.institutions[host_of[i]].region;
    m.dates = dates[i];
    m.beneficiaries = trained[i];
    m.theses_supervised = supervised[i];
    m.theses_defended = defended[i];
    const double draw = rng.uniform();
    switch (m.sector) {
      case Sector::education: if (draw < 0.6) m.outcomes["courses_taught"] = rng.between(1, 4); break;
      case Sector::health: if (draw < 0.5) m.outcomes["consultations"] = rng.between(20, 250); break;
      case Sector::agriculture: if (draw < 0.4) m.outcomes["field_trials"] = rng.between(1, 5); break;
      case Sector::engineering:
      case Sector::sme: if (draw < 0.4) m.outcomes["workshops_held"] = rng.between(1, 3); break;
      default: break;
    }
    const double kind = rng.uniform();
    m.source = source_prefix + (kind < 0.7   ? "mission report"
                                : kind < 0.9 ? "annual report " + std::to_string(slots[i].year)
                                             : std::string("host attestation"));
    ledger.missions.push_back(std::move(m));
  }

  // The roster: countries of the diaspora; known from before the first mission.
  const std::vector<std::string> countries{"FR", "US", "CA", "SN", "CI", "DE", "BE",
                                           "GB", "MA", "CH", "IT", "ES", "GA", "CN"};
  const std::vector<double> country_weights{36, 11, 10, 7, 6, 5, 5, 4, 4, 3, 3, 2, 2, 2};
  const Date end_of_history = Date{first_of(options.last_year + 1, 1).days - 1};
  for (std::size_t e = 0; e < experts.size(); ++e) {
    impact::LedgerExpert x;
    x.id = padded("exp-", e + 1, expert_width);
    x.residence_country = countries[rng.weighted(country_weights)];
    Date first_start = dates[experts[e].missions.front()].start, last_end = dates[experts[e].missions.front()].end;
    for (std::size_t i : experts[e].missions) {
      first_start = std::min(first_start, dates[i].start);
      last_end = std::max(last_end, dates[i].end);
    }
    x.known_from = Date{first_start.days - rng.between(30, 540)};
    if (rng.chance(0.25)) x.known_until = std::min(end_of_history, Date{last_end.days + rng.between(0, 900)});
    ledger.experts.push_back(std::move(x));
  }

  // Requests: attached to some missions from the eighth year on (seats 1, sometimes 2), made
  // 3 weeks to 8 months before; plus a few unfilled ones each year.
  struct Draft {
    impact::Request request;
    std::vector<std::size_t> filled_by;  // positions in ledger.missions
  };
  std::vector<Draft> drafts;
  const int requests_from = std::min(options.last_year, first + 7);
  std::map<std::tuple<int, std::string, Sector>, std::vector<std::size_t>> open;  // year, host, sector
  auto year_of = [](const DateWindow& w) { return static_cast<int>(to_ymd(w.start).year()); };
  for (std::size_t k = 0; k < ledger.missions.size(); ++k) {
    const auto& m = ledger.missions[k];
    if (year_of(m.dates) >= requests_from) open[{year_of(m.dates), m.institution, m.sector}].push_back(k);
  }
  std::vector<bool> linked(ledger.missions.size(), false);
  for (std::size_t k = 0; k < ledger.missions.size(); ++k) {
    const auto& m = ledger.missions[k];
    if (linked[k] || year_of(m.dates) < requests_from || !rng.chance(0.4)) continue;
    Draft d;
    d.request.institution = m.institution;
    d.request.sector = m.sector;
    d.request.region = m.region;
    d.request.seats = rng.chance(0.15) ? 2 : 1;
    d.filled_by.push_back(k);
    linked[k] = true;
    if (d.request.seats == 2)
      for (std::size_t other : open[{year_of(m.dates), m.institution, m.sector}])
        if (other > k && !linked[other] && ledger.missions[other].expert != m.expert) {
          d.filled_by.push_back(other);
          linked[other] = true;
          break;
        }
    d.request.requested_on = Date{m.dates.start.days - rng.between(21, 240)};  // k is the earliest
    drafts.push_back(std::move(d));
  }
  if (institution_count > 0)
    for (int year = requests_from; year <= options.last_year && mission_count > 0; ++year) {
      const int unfilled = rng.between(1, 4);
      for (int u = 0; u < unfilled; ++u) {
        const std::size_t s = rng.weighted(std::vector<double>(kSharesOther.begin(), kSharesOther.end()));
        const std::size_t h = draw_host(s);
        Draft d;
        d.request.institution = ledger.institutions[h].id;
        d.request.sector = kSectors[s];
        d.request.region = ledger.institutions[h].region;
        d.request.seats = rng.between(1, 3);
        d.request.requested_on = Date{first_of(year, 1).days + rng.between(0, 364)};
        drafts.push_back(std::move(d));
      }
    }
  std::stable_sort(drafts.begin(), drafts.end(), [](const Draft& a, const Draft& b) {
    return *a.request.requested_on < *b.request.requested_on;
  });
  const std::size_t request_width = std::max<std::size_t>(4, std::to_string(drafts.size()).size());
  for (std::size_t r = 0; r < drafts.size(); ++r) {
    drafts[r].request.need = padded("req-", r + 1, request_width);
    for (std::size_t k : drafts[r].filled_by) ledger.missions[k].need = drafts[r].request.need;
    ledger.requests.push_back(std::move(drafts[r].request));
  }
  return ledger;
}

}  // namespace tokten::synth
