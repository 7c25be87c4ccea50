#pragma once
// A planning round in figures: what the demo prints and what `tokten validate` reports.
#include <algorithm>
#include <map>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "tokten/model/problem.hpp"

namespace tokten {

struct ProblemSummary {
  std::size_t skills = 0, root_skills = 0;
  std::size_t institutions = 0, experts = 0, needs = 0;
  long long seats = 0, expert_capacity = 0;
  std::size_t doctorates = 0, remote_possible = 0;
  std::map<std::string, std::size_t> experts_by_country;
  std::map<std::string, std::size_t> institutions_by_region;
  std::map<std::string, std::size_t> needs_by_sector, seats_by_sector;
  std::map<std::string, std::size_t> needs_by_region;
  std::map<std::string, std::size_t> needs_by_language;  // needs naming each working language
};

inline ProblemSummary summarize(const Problem& p) {
  ProblemSummary s;
  s.skills = p.taxonomy.skills.size();
  for (const Skill& k : p.taxonomy.skills) s.root_skills += !k.parent;
  s.institutions = p.institutions.size();
  s.experts = p.experts.size();
  s.needs = p.needs.size();
  std::map<std::string, std::string> region_of;
  for (const Institution& i : p.institutions) {
    ++s.institutions_by_region[i.region];
    region_of[i.id] = i.region;
  }
  for (const Expert& e : p.experts) {
    s.expert_capacity += e.max_missions;
    s.doctorates += e.has_doctorate();
    s.remote_possible += e.remote_possible;
    ++s.experts_by_country[e.residence_country];
  }
  for (const Need& n : p.needs) {
    s.seats += n.seats;
    const std::string sector(to_string(n.sector));
    ++s.needs_by_sector[sector];
    s.seats_by_sector[sector] += static_cast<std::size_t>(n.seats);
    ++s.needs_by_region[region_of[n.institution]];
    for (const LanguageRequirement& l : n.languages) ++s.needs_by_language[l.language];
  }
  return s;
}

namespace detail {
/// "a 3, b 2, c 1": largest first, ties by name, at most `limit` entries.
inline std::string top_counts(const std::map<std::string, std::size_t>& counts, std::size_t limit = 12) {
  std::vector<std::pair<std::string, std::size_t>> items(counts.begin(), counts.end());
  std::stable_sort(items.begin(), items.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  std::string out;
  for (std::size_t i = 0; i < items.size() && i < limit; ++i)
    out += (i ? ", " : "") + items[i].first + " " + std::to_string(items[i].second);
  if (items.size() > limit) out += ", ...";
  return out;
}
}  // namespace detail

inline std::string format_summary(const Problem& p) {
  const ProblemSummary s = summarize(p);
  std::ostringstream out;
  out << "Planning round: " << (p.name.empty() ? "(unnamed)" : p.name) << "\n"
      << "  taxonomy      " << s.skills << " skills, " << s.root_skills << " broad fields\n"
      << "  experts       " << s.experts << " (capacity " << s.expert_capacity << " missions, "
      << s.doctorates << " doctorates, " << s.remote_possible << " can work remotely)\n"
      << "    residing in " << detail::top_counts(s.experts_by_country, 8) << "\n"
      << "  institutions  " << s.institutions << " in " << s.institutions_by_region.size()
      << " regions: " << detail::top_counts(s.institutions_by_region) << "\n"
      << "  needs         " << s.needs << " requesting " << s.seats << " seats\n"
      << "    by sector   " << detail::top_counts(s.needs_by_sector) << "\n"
      << "    by region   " << detail::top_counts(s.needs_by_region) << "\n"
      << "    languages   " << detail::top_counts(s.needs_by_language) << "\n";
  return out.str();
}

}  // namespace tokten
