#pragma once
// The scoring policy: every number that turns an expert-need pair into a score, with its
// default, its meaning and its allowed range in one table (kPolicyNumbers) that the validator,
// the JSON reader and writer (io/policy_json.hpp) and the Python binding all share, so that a
// field cannot be documented, read or checked in one place and forgotten in another.
//
// THE SCORE (pair_score.hpp computes it; explain.hpp tells it in words)
//   fit   = sum_t weight_t * term_t / sum_t weight_t        six terms, each in [0, 1], so fit too
//   score = fit * priority_multiplier * equity_multiplier   0 for an infeasible pair
// The terms: skills, language, sector, degree, experience, preferences (see pair_score.hpp for
// each definition). The multipliers:
//   priority_multiplier = 1 + priority_step * (priority - 1)       1.0 .. 1.4 by default
//   equity_multiplier   = 1 + equity_bonus when the need's institution is outside
//                         capital_region, else 1                   favours the regions
//
// Validation: every number finite and inside its range below, at least one term weight > 0,
// capital_region non-empty. Issues carry the JSON pointer of the field ("/parent_decay"), the
// same in C++, in Python and in a policy document.
#include <array>
#include <cmath>
#include <string>
#include <string_view>
#include <vector>

#include "tokten/error.hpp"

namespace tokten::score {

struct ScoringPolicy {
  // Term weights, relative (fit divides by their sum); the defaults sum to 1.
  double skills_weight = 0.55;       // required skills covered, at level
  double language_weight = 0.10;     // the need's languages spoken at level
  double sector_weight = 0.10;       // the expert has worked in the need's sector
  double degree_weight = 0.05;       // the expert's highest degree
  double experience_weight = 0.10;   // years of professional experience
  double preferences_weight = 0.10;  // the need matches the expert's stated preferences

  // Skills: partial credit for a related skill of the taxonomy, and for a level just short.
  double parent_decay = 0.5;        // per generation, for a broader skill: decay^k, k generations up
  double sibling_decay = 0.3;       // for a sibling (same parent, different skill)
  double below_level_credit = 0.5;  // for a level one below the minimum; 0 further below

  // Degree term: credit of the expert's highest degree (doctorate > master > bachelor > other).
  double doctorate_credit = 1.0;
  double master_credit = 0.7;
  double bachelor_credit = 0.4;
  double other_degree_credit = 0.2;  // also when the expert lists no degree

  // Experience term: min(1, years_experience / full_experience_years).
  double full_experience_years = 15.0;

  // Multipliers.
  double priority_step = 0.1;  // per priority step above 1
  double equity_bonus = 0.1;   // for a need outside the capital region
  std::string capital_region = "Bamako";

  friend bool operator==(const ScoringPolicy&, const ScoringPolicy&) = default;
};

/// One number of the policy: its JSON name (also its C++ and Python name), the member, the
/// closed range [min, max] it must lie in (min_exclusive: (min, max]), and what it means.
struct PolicyNumber {
  std::string_view name;
  double ScoringPolicy::*member;
  double min;
  double max;
  bool min_exclusive;
  std::string_view doc;
};

inline constexpr double kMaxPolicyWeight = 1e6;  // keeps every sum and product finite

inline constexpr std::array<PolicyNumber, 16> kPolicyNumbers{{
    {"skills_weight", &ScoringPolicy::skills_weight, 0, kMaxPolicyWeight, false,
     "weight of the skills term (default 0.55)"},
    {"language_weight", &ScoringPolicy::language_weight, 0, kMaxPolicyWeight, false,
     "weight of the language term (default 0.10)"},
    {"sector_weight", &ScoringPolicy::sector_weight, 0, kMaxPolicyWeight, false,
     "weight of the sector term (default 0.10)"},
    {"degree_weight", &ScoringPolicy::degree_weight, 0, kMaxPolicyWeight, false,
     "weight of the degree term (default 0.05)"},
    {"experience_weight", &ScoringPolicy::experience_weight, 0, kMaxPolicyWeight, false,
     "weight of the experience term (default 0.10)"},
    {"preferences_weight", &ScoringPolicy::preferences_weight, 0, kMaxPolicyWeight, false,
     "weight of the preferences term (default 0.10)"},
    {"parent_decay", &ScoringPolicy::parent_decay, 0, 1, false,
     "credit factor per generation for a broader skill than required (default 0.5)"},
    {"sibling_decay", &ScoringPolicy::sibling_decay, 0, 1, false,
     "credit factor for a sibling of the required skill (default 0.3)"},
    {"below_level_credit", &ScoringPolicy::below_level_credit, 0, 1, false,
     "credit for a level one below the minimum (default 0.5)"},
    {"doctorate_credit", &ScoringPolicy::doctorate_credit, 0, 1, false,
     "degree term for a doctorate (default 1.0)"},
    {"master_credit", &ScoringPolicy::master_credit, 0, 1, false,
     "degree term for a master's degree (default 0.7)"},
    {"bachelor_credit", &ScoringPolicy::bachelor_credit, 0, 1, false,
     "degree term for a bachelor's degree (default 0.4)"},
    {"other_degree_credit", &ScoringPolicy::other_degree_credit, 0, 1, false,
     "degree term for another degree or none (default 0.2)"},
    {"full_experience_years", &ScoringPolicy::full_experience_years, 0, 1000, true,
     "years of experience that earn the full experience term (default 15)"},
    {"priority_step", &ScoringPolicy::priority_step, 0, kMaxPolicyWeight, false,
     "priority multiplier step: 1 + step * (priority - 1) (default 0.1)"},
    {"equity_bonus", &ScoringPolicy::equity_bonus, 0, kMaxPolicyWeight, false,
     "equity multiplier 1 + bonus for needs outside the capital region (default 0.1)"},
}};

inline constexpr std::string_view kCapitalRegionDoc =
    "the capital's region: needs elsewhere get the equity bonus (default \"Bamako\")";

/// "a number from 0 to 1", "a number > 0 and <= 1000": the range of a policy number in words.
inline std::string policy_range(const PolicyNumber& field) {
  auto text = [](double v) {
    std::string s = std::to_string(v);
    s.erase(s.find_last_not_of('0') + 1);
    if (!s.empty() && s.back() == '.') s.pop_back();
    return s;
  };
  if (field.min_exclusive) return "a number > " + text(field.min) + " and <= " + text(field.max);
  return "a number from " + text(field.min) + " to " + text(field.max);
}

/// Every issue of the policy, with the JSON pointer of its field; empty when valid.
inline std::vector<InputIssue> validate_policy(const ScoringPolicy& policy) {
  std::vector<InputIssue> issues;
  for (const PolicyNumber& field : kPolicyNumbers) {
    const double value = policy.*field.member;
    const bool low = field.min_exclusive ? !(value > field.min) : !(value >= field.min);
    if (!std::isfinite(value) || low || value > field.max) {
      std::string shown = std::isnan(value) ? "NaN" : std::isinf(value) ? (value > 0 ? "inf" : "-inf") : std::to_string(value);
      issues.push_back({"/" + std::string(field.name),
                        "expected " + policy_range(field) + " for " + std::string(field.name) + ", got " + shown});
    }
  }
  if (issues.empty()) {
    const double total = policy.skills_weight + policy.language_weight + policy.sector_weight +
                         policy.degree_weight + policy.experience_weight + policy.preferences_weight;
    if (!(total > 0))
      issues.push_back({"", "expected at least one term weight > 0 (skills_weight, language_weight, "
                            "sector_weight, degree_weight, experience_weight, preferences_weight)"});
  }
  if (policy.capital_region.empty())
    issues.push_back({"/capital_region", "expected a non-empty region name"});
  return issues;
}

/// Throws InputError for the first issue of the policy.
inline void check_policy(const ScoringPolicy& policy) {
  const auto issues = validate_policy(policy);
  if (!issues.empty()) throw InputError(issues.front());
}

}  // namespace tokten::score
