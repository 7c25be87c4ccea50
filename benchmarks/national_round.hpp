#pragma once
// The national-scale synthetic planning round shared by the benchmarks (bench_candidates_cpp.cpp,
// bench_solve_cpp.cpp). Seeded and deterministic: the same (experts, needs, seed) give the same
// Problem.
//
// A 3-level taxonomy of 2,000 skills (20 broad fields, 9 narrow fields each, 10 detailed skills
// under each narrow field: 20 + 180 + 1,800), E experts with about 10 skills each (mostly
// detailed skills of a home narrow field, a few elsewhere, 5% broader skills), N needs with about
// 5 requirements each drawn from one narrow field (the first essential, the others essential with
// probability 0.3; 20% of the needs have only optional requirements, the case that scans every
// expert), French as the working language, 1-2 availability windows per expert (21-90 days) and
// one window per need (30-60 days, missions of 7-28 days) within one six-month round, so that
// dates overlap as in reality; on-site / remote / either missions; max_missions 1-2, 5% of the
// experts taking no mission. Every need has one seat (Need's default): callers wanting more
// seats set them afterwards (bench_solve_cpp.cpp does, with its own random stream, so that this
// function's draws stay those of the candidate benchmark).
#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "tokten/model/problem.hpp"

namespace tokten::bench {

inline Problem national_problem(int experts, int needs, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  auto uniform = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  auto chance = [&](double p) { return std::uniform_real_distribution<double>(0, 1)(rng) < p; };
  Problem p;
  p.name = "national benchmark";
  // Taxonomy: broad b, narrow b.n, detailed b.n.d.
  const int broad = 20, narrow = 9, detailed = 10;
  for (int b = 0; b < broad; ++b) {
    const std::string bid = "f" + std::to_string(b);
    p.taxonomy.skills.push_back({bid, bid, std::nullopt});
    for (int n = 0; n < narrow; ++n) {
      const std::string nid = bid + "." + std::to_string(n);
      p.taxonomy.skills.push_back({nid, nid, bid});
      for (int d = 0; d < detailed; ++d) {
        const std::string did = nid + "." + std::to_string(d);
        p.taxonomy.skills.push_back({did, did, nid});
      }
    }
  }
  auto narrow_id = [&](int field) { return "f" + std::to_string(field / narrow) + "." + std::to_string(field % narrow); };
  auto detailed_id = [&](int field, int d) { return narrow_id(field) + "." + std::to_string(d); };
  const int fields = broad * narrow;
  const std::vector<std::string> regions{"Bamako", "Kayes", "Koulikoro", "Sikasso", "Ségou",
                                         "Mopti", "Tombouctou", "Gao", "Kidal"};
  const int institutions = 500;
  for (int i = 0; i < institutions; ++i)
    p.institutions.push_back({"inst-" + std::to_string(i), "Institution " + std::to_string(i),
                              static_cast<InstitutionKind>(uniform(0, 2)),
                              regions[static_cast<std::size_t>(i < 200 ? 0 : uniform(1, 8))]});
  const int round_start = Date{}.days + 20'820;  // an arbitrary first day; windows within 182 days
  const int round_days = 182;
  p.experts.reserve(static_cast<std::size_t>(experts));
  for (int e = 0; e < experts; ++e) {
    Expert x;
    x.id = "exp-" + std::to_string(e);
    x.name = x.id;
    x.residence_country = "FR";
    const int home = uniform(0, fields - 1);
    const int count = uniform(7, 13);
    for (int s = 0; s < count; ++s) {
      std::string skill;
      if (chance(0.05)) skill = chance(0.7) ? narrow_id(home) : "f" + std::to_string(home / narrow);
      else if (chance(0.7)) skill = detailed_id(home, uniform(0, detailed - 1));
      else skill = detailed_id(uniform(0, fields - 1), uniform(0, detailed - 1));
      bool listed = false;
      for (const SkillLevel& have : x.skills) listed = listed || have.skill == skill;
      if (!listed) x.skills.push_back({skill, uniform(2, 5)});
    }
    x.languages.push_back({"fr", static_cast<Cefr>(uniform(3, 6))});
    if (chance(0.5)) x.languages.push_back({"en", static_cast<Cefr>(uniform(2, 6))});
    if (chance(0.4)) x.languages.push_back({"bm", static_cast<Cefr>(uniform(2, 6))});
    x.sectors.push_back(static_cast<Sector>(uniform(0, 6)));
    x.degrees.push_back({static_cast<DegreeLevel>(uniform(0, 3)), ""});
    x.years_experience = uniform(2, 35);
    const int windows = uniform(1, 2);
    for (int w = 0; w < windows; ++w) {
      const int start = round_start + uniform(0, round_days - 30);
      x.availability.push_back({Date{start}, Date{start + uniform(21, 90)}});
    }
    x.max_missions = chance(0.05) ? 0 : uniform(1, 2);
    x.remote_possible = chance(0.5);
    p.experts.push_back(std::move(x));
  }
  p.needs.reserve(static_cast<std::size_t>(needs));
  for (int n = 0; n < needs; ++n) {
    Need x;
    x.id = "need-" + std::to_string(n);
    x.institution = "inst-" + std::to_string(uniform(0, institutions - 1));
    x.sector = static_cast<Sector>(uniform(0, 6));
    const int field = uniform(0, fields - 1);
    const bool optional_only = chance(0.2);
    const int count = uniform(3, 7);
    for (int r = 0; r < count; ++r) {
      const std::string skill = chance(0.1) ? narrow_id(field) : detailed_id(field, uniform(0, detailed - 1));
      const bool essential = !optional_only && (r == 0 || chance(0.3));
      bool listed = false;
      for (const SkillRequirement& have : x.skills) listed = listed || have.skill == skill;
      if (!listed) x.skills.push_back({skill, essential, uniform(2, 4),
                                       static_cast<double>(uniform(1, 3))});
    }
    x.languages.push_back({"fr", Cefr::B2});
    const int start = round_start + uniform(0, round_days - 60);
    x.window = {Date{start}, Date{start + uniform(30, 60)}};
    x.duration_days = uniform(7, 28);
    x.priority = uniform(1, 5);
    const int mode = uniform(0, 9);
    x.mode = mode < 6 ? MissionMode::on_site : mode < 9 ? MissionMode::either : MissionMode::remote;
    x.thesis_supervision = chance(0.1);
    p.needs.push_back(std::move(x));
  }
  return p;
}

}  // namespace tokten::bench
