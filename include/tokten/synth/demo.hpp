#pragma once
// The built-in demo programme: a seeded, synthetic but realistic planning round, so that the
// demo, the tests and the benchmarks need no outside file.
//
// Shape (defaults): 650 experts abroad (France first, then North America, West Africa,
// Europe, the Maghreb), 140 host institutions across Mali's regions with Bamako
// over-represented, 100 needs with 1-3 seats and 2-12 week missions in the first half of the
// year, French as the main working language, sectors weighted as in the programme's history
// (education first). The same seed gives the same programme on every platform.
#include <algorithm>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "tokten/model/problem.hpp"
#include "tokten/synth/isced.hpp"
#include "tokten/synth/random.hpp"

namespace tokten::synth {

struct DemoOptions {
  std::uint64_t seed = 1;
  int experts = 650;
  int institutions = 140;
  int needs = 100;
  std::string round_start = "2027-01-04";  // a Monday
  int round_days = 182;                    // about six months
};

namespace detail {

struct SectorProfile {
  Sector sector;
  double share;                          // of experts and of needs
  std::vector<std::string_view> fields;  // ISCED-F narrow fields (3 digits) it draws skills from
};

inline const std::vector<SectorProfile>& sector_profiles() {
  static const std::vector<SectorProfile> profiles{
      {Sector::education, 0.62, {"011", "022", "023", "031", "051", "053", "054", "061"}},
      {Sector::health, 0.14, {"091", "092", "051", "102"}},
      {Sector::engineering, 0.10, {"061", "071", "073", "072"}},
      {Sector::agriculture, 0.09, {"081", "082", "083", "084", "052"}},
      {Sector::sme, 0.05, {"041", "042", "072", "031"}},
  };
  return profiles;
}

/// Detailed (4-digit) fields under a narrow field.
inline std::vector<std::string> detailed_fields(std::string_view narrow) {
  std::vector<std::string> out;
  for (const auto& [code, name] : kIscedFields)
    if (code.size() == 4 && code.substr(0, 3) == narrow) out.push_back(isced_id(code));
  return out;
}

}  // namespace detail

/// Throws std::invalid_argument for options that cannot make a round.
inline void check_demo_options(const DemoOptions& options) {
  constexpr int kMaxCount = 1'000'000;
  auto count = [&](int value, int min, const char* what) {
    if (value < min || value > kMaxCount)
      throw std::invalid_argument(std::string("demo: ") + what + " must be from " + std::to_string(min) +
                                  " to " + std::to_string(kMaxCount) + ", got " + std::to_string(value));
  };
  count(options.experts, 0, "experts");
  count(options.needs, 0, "needs");
  count(options.institutions, options.needs > 0 ? 1 : 0, "institutions");
  if (!parse_date(options.round_start))
    throw std::invalid_argument("demo: round_start must be a date as YYYY-MM-DD, got \"" + options.round_start + "\"");
  if (options.round_days < 7 * 16 || options.round_days > 3660)
    throw std::invalid_argument("demo: round_days must be from 112 to 3660, got " + std::to_string(options.round_days));
}

inline Problem demo_problem(const DemoOptions& options = {}) {
  check_demo_options(options);
  Random rng(options.seed);
  const auto& profiles = detail::sector_profiles();
  std::vector<double> sector_shares;
  for (const auto& p : profiles) sector_shares.push_back(p.share);
  const Date round_start = *parse_date(options.round_start);

  Problem problem;
  problem.name = "TOKTEN demo round (seed " + std::to_string(options.seed) + ")";
  problem.taxonomy = isced_taxonomy();

  // Institutions: Bamako over-represented; the regions of the north have few.
  const std::vector<std::string> regions{"Bamako", "Kayes",     "Koulikoro", "Sikasso",
                                         "Ségou",  "Mopti",     "Tombouctou", "Gao",
                                         "Kidal",  "Ménaka",    "Taoudénit"};
  const std::vector<double> region_weights{45, 9, 10, 10, 9, 7, 3, 3, 1.5, 1.5, 1};
  const std::vector<InstitutionKind> kinds{
      InstitutionKind::university,        InstitutionKind::hospital,
      InstitutionKind::ministry,          InstitutionKind::research_institute,
      InstitutionKind::local_authority,   InstitutionKind::public_enterprise,
      InstitutionKind::other};
  const std::vector<double> kind_weights{36, 15, 15, 10, 10, 9, 5};
  const std::vector<std::string> kind_names{"Université",           "Hôpital",
                                            "Direction nationale",  "Institut de recherche",
                                            "Conseil régional",     "Office public",
                                            "Centre de formation"};
  for (int i = 0; i < options.institutions; ++i) {
    const std::size_t kind = rng.weighted(kind_weights);
    const std::string& region = regions[rng.weighted(region_weights)];
    problem.institutions.push_back({"inst-" + std::to_string(1001 + i),
                                    kind_names[kind] + " de " + region + " n°" + std::to_string(i + 1),
                                    kinds[kind], region});
  }

  // Experts.
  const std::vector<std::string> given{"Amadou", "Aminata", "Oumar",   "Fatoumata", "Moussa",
                                       "Mariam", "Ibrahim", "Kadiatou", "Seydou",   "Awa",
                                       "Boubacar", "Hawa",  "Mamadou", "Rokia",     "Sidi",
                                       "Assitan", "Bakary", "Djénéba", "Abdoulaye", "Oumou"};
  const std::vector<std::string> family{"Traoré", "Diarra",  "Coulibaly", "Keïta",  "Diallo",
                                        "Koné",   "Sangaré", "Touré",     "Maïga",  "Cissé",
                                        "Dembélé", "Sidibé", "Doumbia",   "Sissoko", "Kanté",
                                        "Konaté", "Camara",  "Ballo",     "Dicko",  "Haïdara"};
  const std::vector<std::string> countries{"FR", "US", "CA", "SN", "CI", "DE", "BE",
                                           "GB", "MA", "CH", "IT", "ES", "GA", "CN"};
  const std::vector<double> country_weights{36, 11, 10, 7, 6, 5, 5, 4, 4, 3, 3, 2, 2, 2};
  for (int i = 0; i < options.experts; ++i) {
    Expert e;
    e.id = "exp-" + std::to_string(10001 + i);
    // Two statements: the operands of + are unsequenced, and GCC and clang draw them in opposite
    // orders (the family name was drawn first when the round was pinned).
    const std::string& family_name = rng.pick(family);
    e.name = rng.pick(given) + " " + family_name;
    e.residence_country = countries[rng.weighted(country_weights)];
    const auto& profile = profiles[rng.weighted(sector_shares)];
    e.sectors.push_back(profile.sector);
    if (rng.chance(0.25)) {
      const Sector second = profiles[rng.weighted(sector_shares)].sector;
      if (second != profile.sector) e.sectors.push_back(second);
    }
    // Skills: most from one or two home fields of the sector, a few from elsewhere.
    const int skill_count = rng.between(4, 11);
    std::vector<std::string> home = detail::detailed_fields(rng.pick(profile.fields));
    const std::vector<std::string> second = detail::detailed_fields(rng.pick(profile.fields));
    home.insert(home.end(), second.begin(), second.end());
    for (int k = 0; k < skill_count; ++k) {
      std::string skill;
      if (k < 6 || rng.chance(0.5)) {
        skill = rng.pick(home);
      } else {
        const auto& other = profiles[rng.weighted(sector_shares)];
        skill = rng.pick(detail::detailed_fields(rng.pick(other.fields)));
      }
      const bool known = std::any_of(e.skills.begin(), e.skills.end(),
                                     [&](const SkillLevel& s) { return s.skill == skill; });
      if (!known) e.skills.push_back({skill, rng.between(2, 5)});
    }
    e.languages.push_back({"fr", rng.chance(0.7) ? Cefr::C2 : Cefr::C1});
    if (rng.chance(0.7)) e.languages.push_back({"bm", rng.chance(0.6) ? Cefr::C2 : Cefr::B2});
    if (rng.chance(0.6)) e.languages.push_back({"en", static_cast<Cefr>(rng.between(3, 6))});
    if (rng.chance(0.15)) e.languages.push_back({"ar", static_cast<Cefr>(rng.between(2, 6))});
    const double degree = rng.uniform();
    e.degrees.push_back({degree < 0.55   ? DegreeLevel::doctorate
                         : degree < 0.9 ? DegreeLevel::master
                                         : DegreeLevel::bachelor,
                         ""});
    e.years_experience = rng.between(3, 35);
    // One to three availability windows of 3 to 16 weeks inside the round.
    const int windows = rng.between(1, 3);
    for (int w = 0; w < windows; ++w) {
      const int length = 7 * rng.between(3, 16);
      const int start = rng.between(0, std::max(0, options.round_days - length));
      e.availability.push_back({Date{round_start.days + start}, Date{round_start.days + start + length - 1}});
    }
    std::sort(e.availability.begin(), e.availability.end(),
              [](const DateWindow& a, const DateWindow& b) { return a.start < b.start; });
    e.max_missions = rng.chance(0.8) ? 1 : 2;
    e.remote_possible = rng.chance(0.5);
    if (rng.chance(0.3)) e.preferences.regions.push_back(regions[rng.weighted(region_weights)]);
    problem.experts.push_back(std::move(e));
  }

  // Needs: the institution's kind suggests the sector.
  auto sector_for = [&](InstitutionKind kind) {
    switch (kind) {
      case InstitutionKind::university: return rng.chance(0.85) ? Sector::education : profiles[rng.weighted(sector_shares)].sector;
      case InstitutionKind::hospital: return Sector::health;
      case InstitutionKind::research_institute: return rng.chance(0.5) ? Sector::agriculture : Sector::health;
      case InstitutionKind::public_enterprise: return rng.chance(0.5) ? Sector::engineering : Sector::sme;
      default: return profiles[rng.weighted(sector_shares)].sector;
    }
  };
  for (int i = 0; i < options.needs; ++i) {
    Need n;
    n.id = "need-" + std::to_string(5001 + i);
    const Institution& host = problem.institutions[static_cast<std::size_t>(rng.between(0, options.institutions - 1))];
    n.institution = host.id;
    n.sector = sector_for(host.kind);
    const auto& profile = *std::find_if(profiles.begin(), profiles.end(),
                                        [&](const detail::SectorProfile& p) { return p.sector == n.sector; });
    const std::vector<std::string> pool = detail::detailed_fields(rng.pick(profile.fields));
    const int wanted = std::min<int>(rng.between(2, 5), static_cast<int>(pool.size()));
    for (int k = 0; k < wanted; ++k) {
      const std::string& skill = pool[static_cast<std::size_t>(k)];
      n.skills.push_back({skill, k == 0 || rng.chance(0.3), rng.between(2, 4),
                          0.25 * rng.between(2, 8)});
    }
    n.languages.push_back({"fr", rng.chance(0.8) ? Cefr::B2 : Cefr::C1});
    if (rng.chance(0.15)) n.languages.push_back({"bm", Cefr::B1});
    if (rng.chance(0.1)) n.languages.push_back({"en", Cefr::B2});
    n.duration_days = 7 * rng.between(2, 12);
    const int slack = 7 * rng.between(0, 8);
    const int start = rng.between(0, std::max(0, options.round_days - n.duration_days - slack));
    n.window = {Date{round_start.days + start}, Date{round_start.days + start + n.duration_days + slack - 1}};
    const double seats = rng.uniform();
    n.seats = seats < 0.6 ? 1 : seats < 0.9 ? 2 : 3;
    n.priority = rng.between(1, 5);
    const double mode = rng.uniform();
    n.mode = mode < 0.6 ? MissionMode::on_site : mode < 0.9 ? MissionMode::either : MissionMode::remote;
    n.thesis_supervision = host.kind == InstitutionKind::university && rng.chance(0.15);
    problem.needs.push_back(std::move(n));
  }
  return problem;
}

}  // namespace tokten::synth
