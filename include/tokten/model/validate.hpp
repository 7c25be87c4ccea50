#pragma once
// Checks a Problem (and an Assignment against its Problem): ids unique and known, values in
// range, the taxonomy a forest. Every issue carries the JSON pointer of the offending item, so
// the same messages serve JSON files, Python objects and C++ callers.
#include <cmath>
#include <cstdio>
#include <functional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "tokten/error.hpp"
#include "tokten/model/assignment.hpp"
#include "tokten/model/problem.hpp"

namespace tokten {

/// How many issues validation collects before it stops looking.
inline constexpr std::size_t kIssueLimit = 100;

namespace detail {

class IssueList {
 public:
  explicit IssueList(std::size_t limit) : limit_(limit) {}
  void add(std::string pointer, std::string message) {
    if (issues_.size() < limit_) issues_.push_back({std::move(pointer), std::move(message)});
  }
  std::vector<InputIssue> take() { return std::move(issues_); }

 private:
  std::size_t limit_;
  std::vector<InputIssue> issues_;
};

inline std::string at(const std::string& base, std::size_t index) {
  return base + "/" + std::to_string(index);
}

/// `text` in double quotes, with quotes, backslashes and control characters (C0, DEL, C1)
/// escaped as JSON does, so that a hostile id cannot break a message line or a terminal.
inline std::string quoted(const std::string& text) {
  static constexpr char hex[] = "0123456789abcdef";
  std::string out = "\"";
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    auto byte = static_cast<unsigned char>(c);
    const bool c1 = byte == 0xC2 && i + 1 < text.size() && (static_cast<unsigned char>(text[i + 1]) & 0xE0) == 0x80;
    if (c1) byte = static_cast<unsigned char>(text[++i]);  // U+0080-U+009F, two bytes in UTF-8
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (byte < 0x20 || byte == 0x7F || c1) {
      out += "\\u00";
      out += hex[byte >> 4];
      out += hex[byte & 0xF];
    } else {
      out += c;
    }
  }
  return out + "\"";
}

/// A number for messages: 0.5, 1e+308, nan (std::to_string would print 309 digits).
inline std::string shown(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", value);
  return text;
}

/// True when `text` holds a control character: C0 (U+0000-U+001F), DEL or C1 (U+0080-U+009F,
/// UTF-8 C2 80-C2 9F). Ids are printed in messages, summaries and tables: none may hold one.
inline bool has_control_character(const std::string& text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte < 0x20 || byte == 0x7F) return true;
    if (byte == 0xC2 && i + 1 < text.size()) {
      const auto next = static_cast<unsigned char>(text[i + 1]);
      if (next >= 0x80 && next <= 0x9F) return true;
    }
  }
  return false;
}

inline bool is_lower_code(const std::string& text, std::size_t min, std::size_t max) {
  if (text.size() < min || text.size() > max) return false;
  for (char c : text)
    if (c < 'a' || c > 'z') return false;
  return true;
}

inline bool is_country_code(const std::string& text) {
  return text.size() == 2 && text[0] >= 'A' && text[0] <= 'Z' && text[1] >= 'A' && text[1] <= 'Z';
}

/// Records ids of one list; reports empty and duplicate ids.
inline std::unordered_map<std::string, std::size_t> index_ids(
    IssueList& issues, const std::string& list, std::size_t size,
    const std::function<const std::string&(std::size_t)>& id_of) {
  std::unordered_map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < size; ++i) {
    const std::string& id = id_of(i);
    const std::string pointer = at(list, i) + "/id";
    if (id.empty()) {
      issues.add(pointer, "expected a non-empty id");
      continue;
    }
    if (has_control_character(id)) {
      issues.add(pointer, "expected an id without control characters, got " + quoted(id));
      continue;
    }
    auto [it, inserted] = index.emplace(id, i);
    if (!inserted)
      issues.add(pointer, "duplicate id " + quoted(id) + " (first used at " + at(list, it->second) +
                              ")");
  }
  return index;
}

inline void check_window(IssueList& issues, const std::string& pointer, const DateWindow& w) {
  // The JSON contract writes years 1900-2999 only (parse_date); keep what is written readable.
  static const Date first = *parse_date("1900-01-01"), last = *parse_date("2999-12-31");
  for (const auto& [name, day] : {std::pair{"/start", w.start}, std::pair{"/end", w.end}})
    if (day < first || last < day)
      issues.add(pointer + name, "expected a date from 1900-01-01 to 2999-12-31, got " + to_string(day));
  if (w.end < w.start)
    issues.add(pointer, "window ends (" + to_string(w.end) + ") before it starts (" +
                            to_string(w.start) + ")");
}

}  // namespace detail

/// All issues found in the problem, in document order, at most `limit`. Empty means valid.
inline std::vector<InputIssue> validate_problem(const Problem& problem, std::size_t limit = kIssueLimit) {
  using detail::at;
  using detail::quoted;
  detail::IssueList issues(limit);

  // Taxonomy: unique ids, known parents, no cycles.
  const auto& skills = problem.taxonomy.skills;
  const auto skill_index = detail::index_ids(issues, "/taxonomy/skills", skills.size(),
                                             [&](std::size_t i) -> const std::string& {
                                               return skills[i].id;
                                             });
  std::vector<long> parent(skills.size(), -1);
  for (std::size_t i = 0; i < skills.size(); ++i) {
    if (skills[i].name.empty()) issues.add(at("/taxonomy/skills", i) + "/name", "expected a non-empty name");
    if (!skills[i].parent) continue;
    auto it = skill_index.find(*skills[i].parent);
    if (it == skill_index.end())
      issues.add(at("/taxonomy/skills", i) + "/parent",
                 "unknown skill id " + quoted(*skills[i].parent) + " (not in /taxonomy/skills)");
    else
      parent[i] = static_cast<long>(it->second);
  }
  // A walk up from each skill must end at a root within skills.size() steps.
  std::vector<char> state(skills.size(), 0);  // 0 unseen, 1 on the current path, 2 done
  for (std::size_t start = 0; start < skills.size(); ++start) {
    std::vector<std::size_t> path;
    long s = static_cast<long>(start);
    while (s >= 0 && state[static_cast<std::size_t>(s)] == 0) {
      state[static_cast<std::size_t>(s)] = 1;
      path.push_back(static_cast<std::size_t>(s));
      s = parent[static_cast<std::size_t>(s)];
    }
    if (s >= 0 && state[static_cast<std::size_t>(s)] == 1)
      issues.add(at("/taxonomy/skills", static_cast<std::size_t>(s)) + "/parent",
                 "cycle in the taxonomy through skill " + quoted(skills[static_cast<std::size_t>(s)].id));
    for (std::size_t p : path) state[p] = 2;
  }

  auto check_skill_ref = [&](const std::string& pointer, const std::string& id) {
    if (!skill_index.contains(id))
      issues.add(pointer, "unknown skill id " + quoted(id) + " (not in /taxonomy/skills)");
  };
  auto check_language = [&](const std::string& pointer, const std::string& code) {
    if (!detail::is_lower_code(code, 2, 3))
      issues.add(pointer, "expected an ISO 639 language code of 2 or 3 lowercase letters, got " +
                              quoted(code));
  };

  // Institutions.
  const auto& institutions = problem.institutions;
  const auto institution_index = detail::index_ids(
      issues, "/institutions", institutions.size(),
      [&](std::size_t i) -> const std::string& { return institutions[i].id; });
  for (std::size_t i = 0; i < institutions.size(); ++i) {
    if (institutions[i].name.empty()) issues.add(at("/institutions", i) + "/name", "expected a non-empty name");
    if (institutions[i].region.empty())
      issues.add(at("/institutions", i) + "/region", "expected a non-empty region");
  }

  // Experts.
  const auto& experts = problem.experts;
  detail::index_ids(issues, "/experts", experts.size(),
                    [&](std::size_t i) -> const std::string& { return experts[i].id; });
  for (std::size_t i = 0; i < experts.size(); ++i) {
    const Expert& e = experts[i];
    const std::string base = at("/experts", i);
    if (!detail::is_country_code(e.residence_country))
      issues.add(base + "/residence_country",
                 "expected an ISO 3166-1 alpha-2 country code such as \"FR\", got " +
                     quoted(e.residence_country));
    std::unordered_set<std::string> seen;
    for (std::size_t k = 0; k < e.skills.size(); ++k) {
      const std::string p = at(base + "/skills", k);
      check_skill_ref(p + "/skill", e.skills[k].skill);
      if (!seen.insert(e.skills[k].skill).second)
        issues.add(p + "/skill", "skill " + quoted(e.skills[k].skill) + " listed twice");
      if (!is_proficiency(e.skills[k].level))
        issues.add(p + "/level", "expected a proficiency level from 1 to 5, got " +
                                     std::to_string(e.skills[k].level));
    }
    for (std::size_t k = 0; k < e.languages.size(); ++k)
      check_language(at(base + "/languages", k) + "/language", e.languages[k].language);
    if (e.years_experience < 0 || e.years_experience > 80)
      issues.add(base + "/years_experience",
                 "expected years of experience from 0 to 80, got " + std::to_string(e.years_experience));
    for (std::size_t k = 0; k < e.availability.size(); ++k)
      detail::check_window(issues, at(base + "/availability", k), e.availability[k]);
    if (e.max_missions < 0)
      issues.add(base + "/max_missions",
                 "expected a number of missions >= 0, got " + std::to_string(e.max_missions));
  }

  // Needs.
  const auto& needs = problem.needs;
  detail::index_ids(issues, "/needs", needs.size(),
                    [&](std::size_t i) -> const std::string& { return needs[i].id; });
  for (std::size_t i = 0; i < needs.size(); ++i) {
    const Need& n = needs[i];
    const std::string base = at("/needs", i);
    if (!institution_index.contains(n.institution))
      issues.add(base + "/institution",
                 "unknown institution id " + quoted(n.institution) + " (not in /institutions)");
    if (n.skills.empty()) issues.add(base + "/skills", "expected at least one required skill");
    std::unordered_set<std::string> seen;
    for (std::size_t k = 0; k < n.skills.size(); ++k) {
      const SkillRequirement& r = n.skills[k];
      const std::string p = at(base + "/skills", k);
      check_skill_ref(p + "/skill", r.skill);
      if (!seen.insert(r.skill).second) issues.add(p + "/skill", "skill " + quoted(r.skill) + " listed twice");
      if (!is_proficiency(r.min_level))
        issues.add(p + "/min_level",
                   "expected a proficiency level from 1 to 5, got " + std::to_string(r.min_level));
      // The bound of the JSON reader and of the scoring context: sums of weights stay finite.
      if (!std::isfinite(r.weight) || r.weight < 0 || r.weight > 1e300)
        issues.add(p + "/weight", "expected a finite weight >= 0 and <= 1e300, got " + detail::shown(r.weight));
    }
    for (std::size_t k = 0; k < n.languages.size(); ++k)
      check_language(at(base + "/languages", k) + "/language", n.languages[k].language);
    detail::check_window(issues, base + "/window", n.window);
    if (n.duration_days < 1)
      issues.add(base + "/duration_days",
                 "expected a duration of at least 1 day, got " + std::to_string(n.duration_days));
    else if (!(n.window.end < n.window.start) && n.duration_days > n.window.length_days())
      issues.add(base + "/duration_days",
                 "the mission lasts " + std::to_string(n.duration_days) +
                     " days but its window holds only " + std::to_string(n.window.length_days()));
    if (n.seats < 1) issues.add(base + "/seats", "expected at least 1 seat, got " + std::to_string(n.seats));
    if (n.priority < kMinPriority || n.priority > kMaxPriority)
      issues.add(base + "/priority", "expected a priority from 1 to 5, got " + std::to_string(n.priority));
  }
  return issues.take();
}

/// Issues of an assignment read against its problem: known ids, each pair once, no need over its
/// seats and no expert over max_missions.
inline std::vector<InputIssue> validate_assignment(const Problem& problem,
                                                   const Assignment& assignment,
                                                   std::size_t limit = kIssueLimit) {
  using detail::at;
  using detail::quoted;
  detail::IssueList issues(limit);
  std::unordered_map<std::string, const Expert*> experts;
  for (const Expert& e : problem.experts) experts.emplace(e.id, &e);
  std::unordered_map<std::string, const Need*> needs;
  for (const Need& n : problem.needs) needs.emplace(n.id, &n);

  std::unordered_map<std::string, int> load, filled;
  std::unordered_set<std::string> pairs;
  for (std::size_t k = 0; k < assignment.pairs.size(); ++k) {
    const AssignedPair& p = assignment.pairs[k];
    const std::string base = at("/pairs", k);
    auto e = experts.find(p.expert);
    auto n = needs.find(p.need);
    if (e == experts.end()) issues.add(base + "/expert", "unknown expert id " + quoted(p.expert));
    if (n == needs.end()) issues.add(base + "/need", "unknown need id " + quoted(p.need));
    if (e == experts.end() || n == needs.end()) continue;
    if (!pairs.insert(p.expert + '\n' + p.need).second)
      issues.add(base, "expert " + quoted(p.expert) + " is assigned to need " + quoted(p.need) + " twice");
    if (++load[p.expert] > e->second->max_missions)
      issues.add(base + "/expert", "expert " + quoted(p.expert) + " has more than max_missions = " +
                                       std::to_string(e->second->max_missions) + " missions");
    if (++filled[p.need] > n->second->seats)
      issues.add(base + "/need", "need " + quoted(p.need) + " has more experts than its " +
                                     std::to_string(n->second->seats) + " seats");
  }
  for (std::size_t k = 0; k < assignment.unfilled.size(); ++k)
    if (!needs.contains(assignment.unfilled[k].need))
      issues.add(at("/unfilled", k) + "/need", "unknown need id " + quoted(assignment.unfilled[k].need));
  return issues.take();
}

/// Throws InputError for the first issue, noting how many more there are.
inline void throw_if_any(const std::vector<InputIssue>& issues) {
  if (issues.empty()) return;
  std::string suffix;
  if (issues.size() > 1)  // at the limit, validation stopped looking: there may be more
    suffix = std::string(" (and ") + (issues.size() >= kIssueLimit ? "at least " : "") +
             std::to_string(issues.size() - 1) + " more)";
  throw InputError(issues.front(), suffix);
}

inline void check_problem(const Problem& problem) { throw_if_any(validate_problem(problem)); }

}  // namespace tokten
