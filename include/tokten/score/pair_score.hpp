#pragma once
// The pair scorer: can this expert do this mission at all (hard constraints), and how well
// does the expert cover it (a score). The hot path, score_pair(context, e, n) on compiled
// indices, allocates nothing and compares no strings; it stops at the first failed constraint.
//
// HARD CONSTRAINTS, checked in this order (the first failure is the pair's Reason):
//   1. capacity         the expert takes missions this round (max_missions > 0);
//   2. mode             a remote mission needs an expert who can work remotely (on_site and
//                       either accept anyone);
//   3. availability     one availability window of the expert (overlapping or adjacent windows
//                       merged) and the need's window share at least duration_days consecutive
//                       days, both ends included;
//   4. working_language the need's first language, spoken at its CEFR minimum or better (a
//                       need without languages has no working language to meet);
//   5. doctorate        a need with thesis_supervision requires a doctorate;
//   6. essential_skill  every essential requirement is met by the same skill or a more specific
//                       one (a descendant in the taxonomy) at level >= its minimum.
//   The cheap, coarse checks come first; the order is also the order an analyst reads them in.
//
// TERMS, each in [0, 1] (policy.hpp has the weights and the multipliers):
//   skills       sum_r w_r * credit_r / sum_r w_r over the need's requirements r (equal
//                weights if they are all 0; 1 for a need without requirements), where
//                credit_r = max over the expert's skills s of relation(s, r) * level_credit;
//                relation: 1 when s is r or more specific (a descendant); parent_decay^k when s
//                is broader, k generations above r (any ancestor counts, decaying per
//                generation); sibling_decay when s and r share their parent; 0 otherwise.
//                level_credit(l, m) = 1 if l >= m, below_level_credit if l == m - 1, else 0.
//                Ties go to the expert's first skill listed that reaches the best credit.
//   language     the share of the need's languages the expert speaks at level (1 without any);
//   sector       1 when the expert lists the need's sector, else 0;
//   degree       the credit of the expert's highest degree (policy: doctorate 1, master 0.7,
//                bachelor 0.4, other or none 0.2);
//   experience   min(1, years_experience / full_experience_years);
//   preferences  1 when the expert states none; otherwise 1 when the need's region (its
//                institution's) is a preferred region or its sector a preferred sector, else 0.
//
// An infeasible pair scores 0 (fit 0, terms 0) on the hot path; score_pair_full computes its
// terms anyway (what it would score), for explanations. No result is ever NaN: the policy and
// the problem are validated when the context is built.
#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "tokten/model/vocabulary.hpp"
#include "tokten/score/scoring_context.hpp"

namespace tokten::score {

/// The first hard constraint a pair fails, or none.
enum class Reason : std::uint8_t {
  none,
  capacity,
  mode,
  availability,
  working_language,
  doctorate,
  essential_skill
};

/// The six fit terms, in the order of PairScore::terms.
enum class Term : std::uint8_t { skills, language, sector, degree, experience, preferences };
inline constexpr std::size_t kTermCount = 6;

}  // namespace tokten::score

namespace tokten {
template <>
struct Spelling<score::Reason> {
  static constexpr std::string_view what = "a reason";
  static constexpr std::array<std::string_view, 7> names{
      "none", "capacity", "mode", "availability", "working_language", "doctorate", "essential_skill"};
};
template <>
struct Spelling<score::Term> {
  static constexpr std::string_view what = "a score term";
  static constexpr std::array<std::string_view, 6> names{"skills", "language", "sector",
                                                         "degree", "experience", "preferences"};
};
}  // namespace tokten

namespace tokten::score {

struct PairScore {
  bool feasible = false;
  Reason reason = Reason::none;
  std::int32_t reason_item = -1;  // the need's skill requirement (essential_skill) or language
                                  // (working_language) at fault, by position; -1 otherwise
  double fit = 0.0;               // weighted mean of the terms, in [0, 1]
  double priority_multiplier = 1.0;
  double equity_multiplier = 1.0;
  double score = 0.0;  // fit * multipliers; 0 when infeasible
  std::array<double, kTermCount> terms{};

  double term(Term t) const { return terms[static_cast<std::size_t>(t)]; }
};

/// How an expert's skill relates to a required one.
enum class Relation : std::uint8_t { none, exact, more_specific, broader, sibling };

/// The best of an expert's skills for one requirement.
struct SkillCredit {
  std::int32_t position = -1;  // in the expert's skill list; -1 when nothing earns credit
  Relation relation = Relation::none;
  std::int32_t generations = 0;  // for `broader`: how many levels above the requirement
  double relation_factor = 0.0;
  double level_credit = 0.0;
  double credit = 0.0;         // relation_factor * level_credit
  bool covering = false;       // this skill is the same or more specific, at level >= min_level
  bool essential_met = false;  // some skill of the expert is covering
};

inline double level_credit(const ScoringPolicy& policy, std::int32_t level, std::int32_t min_level) {
  if (level >= min_level) return 1.0;
  if (level == min_level - 1) return policy.below_level_credit;
  return 0.0;
}

/// Relation of the expert's skill `have` to the required skill `want`, and its factor.
inline Relation relation(const ScoringContext& c, std::int32_t have, std::int32_t want, double& factor,
                         std::int32_t& generations) {
  generations = 0;
  if (have == want) {
    factor = 1.0;
    return Relation::exact;
  }
  if (c.covers(want, have)) {
    factor = 1.0;
    return Relation::more_specific;
  }
  if (c.covers(have, want)) {
    generations = c.depth(want) - c.depth(have);
    factor = c.decay_power(generations);
    return Relation::broader;
  }
  if (c.siblings(have, want)) {
    factor = c.policy().sibling_decay;
    return Relation::sibling;
  }
  factor = 0.0;
  return Relation::none;
}

inline SkillCredit best_skill_credit(const ScoringContext& c, const ExpertView& e, const RequirementEntry& r) {
  SkillCredit best;
  for (std::size_t k = 0; k < e.skills.size(); ++k) {
    const SkillEntry& s = e.skills[k];
    double factor = 0.0;
    std::int32_t generations = 0;
    const Relation rel = relation(c, s.skill, r.skill, factor, generations);
    if (rel == Relation::none) continue;
    const double lc = level_credit(c.policy(), s.level, r.min_level);
    const double credit = factor * lc;
    const bool covering = (rel == Relation::exact || rel == Relation::more_specific) && s.level >= r.min_level;
    best.essential_met = best.essential_met || covering;
    // The best credit; among equals a covering skill, then the first listed. A related skill
    // earning nothing (level too low) is still named when nothing better exists.
    const bool better = best.position < 0 || credit > best.credit || (credit == best.credit && covering && !best.covering);
    if (better) {
      best.position = static_cast<std::int32_t>(k);
      best.relation = rel;
      best.generations = generations;
      best.relation_factor = factor;
      best.level_credit = lc;
      best.credit = credit;
      best.covering = covering;
    }
  }
  return best;
}

/// The expert's CEFR level (1..6) in a language, 0 when not spoken.
inline std::int32_t spoken_level(const ExpertView& e, std::int32_t language) {
  std::int32_t level = 0;
  for (const LanguageEntry& l : e.languages)
    if (l.language == language) level = std::max(level, l.level);
  return level;
}

/// The first span of consecutive days shared by an availability window and the need's window
/// that holds the mission (at least duration_days long); {} and false when none does.
/// `longest` receives the longest shared span in days (0 if none), for messages.
inline bool fitting_span(const ExpertView& e, const NeedView& n, DateWindow& span, std::int32_t& longest) {
  longest = 0;
  bool found = false;
  for (const DateWindow& w : e.availability) {
    const Date start = std::max(w.start, n.window.start);
    const Date end = std::min(w.end, n.window.end);
    const std::int32_t days = end.days - start.days + 1;
    if (days <= 0) continue;
    longest = std::max(longest, days);
    if (!found && days >= n.duration_days) {
      span = {start, end};
      found = true;
    }
  }
  return found;
}

inline double priority_multiplier(const ScoringPolicy& p, const NeedView& n) {
  return 1.0 + p.priority_step * static_cast<double>(n.priority - 1);
}
inline double equity_multiplier(const ScoringPolicy& p, const NeedView& n) {
  return n.in_capital ? 1.0 : 1.0 + p.equity_bonus;
}

namespace detail {

inline double degree_credit(const ScoringPolicy& p, DegreeRank rank) {
  switch (rank) {
    case DegreeRank::doctorate: return p.doctorate_credit;
    case DegreeRank::master: return p.master_credit;
    case DegreeRank::bachelor: return p.bachelor_credit;
    default: return p.other_degree_credit;
  }
}

/// The hard checks 1-5 (essential skills are checked in the skills loop); Reason::none if met.
inline Reason check_before_skills(const ExpertView& e, const NeedView& n, std::int32_t& item) {
  item = -1;
  if (e.max_missions <= 0) return Reason::capacity;
  if (n.mode == MissionMode::remote && !e.remote_possible) return Reason::mode;
  DateWindow span;
  std::int32_t longest = 0;
  if (!fitting_span(e, n, span, longest)) return Reason::availability;
  if (!n.languages.empty() && spoken_level(e, n.languages[0].language) < n.languages[0].level) {
    item = 0;
    return Reason::working_language;
  }
  if (n.thesis_supervision && e.degree != DegreeRank::doctorate) return Reason::doctorate;
  return Reason::none;
}

template <bool kFull>
PairScore evaluate(const ScoringContext& c, const ExpertView& e, const NeedView& n) {
  const ScoringPolicy& p = c.policy();
  PairScore out;
  out.priority_multiplier = priority_multiplier(p, n);
  out.equity_multiplier = equity_multiplier(p, n);
  out.reason = check_before_skills(e, n, out.reason_item);
  if (!kFull && out.reason != Reason::none) return out;

  // Skills (and the essential check, last in the order).
  double covered = 0.0;
  double plain = 0.0;  // unweighted sum, when every weight is 0
  for (std::size_t k = 0; k < n.skills.size(); ++k) {
    const RequirementEntry& r = n.skills[k];
    const SkillCredit credit = best_skill_credit(c, e, r);
    if (r.essential && !credit.essential_met && out.reason == Reason::none) {
      out.reason = Reason::essential_skill;
      out.reason_item = static_cast<std::int32_t>(k);
      if (!kFull) return out;
    }
    covered += r.weight * credit.credit;
    plain += credit.credit;
  }
  double& skills = out.terms[static_cast<std::size_t>(Term::skills)];
  if (n.skills.empty()) skills = 1.0;
  else if (n.skill_weight_total > 0) skills = std::min(1.0, covered / n.skill_weight_total);
  else skills = std::min(1.0, plain / static_cast<double>(n.skills.size()));

  // Languages.
  std::size_t met = 0;
  for (const LanguageEntry& l : n.languages) met += spoken_level(e, l.language) >= l.level ? 1 : 0;
  out.terms[static_cast<std::size_t>(Term::language)] =
      n.languages.empty() ? 1.0 : static_cast<double>(met) / static_cast<double>(n.languages.size());

  out.terms[static_cast<std::size_t>(Term::sector)] = (e.sectors & sector_bit(n.sector)) ? 1.0 : 0.0;
  out.terms[static_cast<std::size_t>(Term::degree)] = degree_credit(p, e.degree);
  out.terms[static_cast<std::size_t>(Term::experience)] =
      std::min(1.0, static_cast<double>(e.years_experience) / p.full_experience_years);

  double preferences = 1.0;
  if (e.has_preferences) {
    preferences = (e.preferred_sectors & sector_bit(n.sector)) ? 1.0 : 0.0;
    for (std::int32_t r : e.preferred_regions)
      if (r >= 0 && r == n.region) preferences = 1.0;
  }
  out.terms[static_cast<std::size_t>(Term::preferences)] = preferences;

  const std::array<double, kTermCount> weights{p.skills_weight,     p.language_weight,   p.sector_weight,
                                               p.degree_weight,     p.experience_weight, p.preferences_weight};
  double weighted = 0.0, total = 0.0;
  for (std::size_t t = 0; t < kTermCount; ++t) {
    weighted += weights[t] * out.terms[t];
    total += weights[t];
  }
  out.fit = std::min(1.0, weighted / total);  // total > 0: validate_policy
  out.feasible = out.reason == Reason::none;
  out.score = out.feasible ? out.fit * out.priority_multiplier * out.equity_multiplier : 0.0;
  return out;
}

}  // namespace detail

/// The term weights of a policy, in the order of PairScore::terms.
inline std::array<double, kTermCount> term_weights(const ScoringPolicy& p) {
  return {p.skills_weight, p.language_weight, p.sector_weight, p.degree_weight, p.experience_weight,
          p.preferences_weight};
}

/// The hot path: feasibility and score of a compiled pair. An infeasible pair stops at its
/// first failed constraint: fit, terms and score stay 0.
inline PairScore score_pair(const ScoringContext& c, const ExpertView& e, const NeedView& n) {
  return detail::evaluate<false>(c, e, n);
}
inline PairScore score_pair(const ScoringContext& c, std::size_t expert, std::size_t need) {
  return detail::evaluate<false>(c, c.expert(expert), c.need(need));
}

/// Like score_pair, but an infeasible pair gets its terms and fit too (score stays 0).
inline PairScore score_pair_full(const ScoringContext& c, const ExpertView& e, const NeedView& n) {
  return detail::evaluate<true>(c, e, n);
}

/// Scores model objects that need not belong to the context's problem (compiled on the fly:
/// allocates; InputError for an unknown skill or institution id).
inline PairScore score_pair(const ScoringContext& c, const Expert& expert, const Need& need) {
  std::vector<std::string> extra;
  const CompiledExpert e = c.compile(expert, extra);
  const CompiledNeed n = c.compile(need, extra);
  return score_pair(c, e.view(), n.view());
}

/// Just the verdict: the first failed hard constraint, or Reason::none.
inline Reason feasibility(const ScoringContext& c, const ExpertView& e, const NeedView& n) {
  return score_pair(c, e, n).reason;
}

/// A language code by index: the context's table, then `extra` (see ScoringContext::compile).
inline std::string language_code(const ScoringContext& c, std::int32_t language,
                                 const std::vector<std::string>* extra = nullptr) {
  if (language >= 0 && static_cast<std::size_t>(language) < c.language_count()) return c.language_code(language);
  const std::size_t k = static_cast<std::size_t>(language) - c.language_count();
  return extra && k < extra->size() ? (*extra)[k] : "?";
}

/// The first failed hard constraint in the domain's words, naming the skill, the language or
/// the windows at fault; "" for a feasible pair. `extra`: the table the views were compiled
/// with, if compiled outside the problem.
inline std::string reason_message(const ScoringContext& c, const std::string& expert_id, const std::string& need_id,
                                  const ExpertView& e, const NeedView& n, const PairScore& s,
                                  const std::vector<std::string>* extra = nullptr) {
  switch (s.reason) {
    case Reason::none: return "";
    case Reason::capacity:
      return "expert " + expert_id + " takes no mission this round (max_missions " + std::to_string(e.max_missions) + ")";
    case Reason::mode:
      return "need " + need_id + " is a remote mission and expert " + expert_id + " cannot work remotely";
    case Reason::availability: {
      DateWindow span;
      std::int32_t longest = 0;
      fitting_span(e, n, span, longest);
      return "no availability window of expert " + expert_id + " shares " + std::to_string(n.duration_days) +
             " consecutive days with the window of need " + need_id + ", " + to_string(n.window.start) + ".." +
             to_string(n.window.end) +
             (longest > 0 ? " (at most " + std::to_string(longest) + " days)" : " (no common day)");
    }
    case Reason::working_language: {
      const LanguageEntry& want = n.languages.front();
      const std::int32_t have = spoken_level(e, want.language);
      return "working language " + language_code(c, want.language, extra) + " at " +
             std::string(to_string(static_cast<Cefr>(want.level))) + " required; expert " + expert_id +
             (have > 0 ? " has " + std::string(to_string(static_cast<Cefr>(have))) : " does not speak it");
    }
    case Reason::doctorate:
      return "thesis supervision requires a doctorate; expert " + expert_id + " has none";
    case Reason::essential_skill: {
      const RequirementEntry& r = n.skills[static_cast<std::size_t>(s.reason_item)];
      std::string text = "missing essential skill " + c.skill_id(r.skill) + " at level " + std::to_string(r.min_level);
      for (const SkillEntry& have : e.skills)
        if (have.skill == r.skill)
          text += " (expert " + expert_id + " has level " + std::to_string(have.level) + ")";
      return text;
    }
  }
  return "";
}

/// The same for model objects (compiled on the fly).
inline std::string reason_message(const ScoringContext& c, const Expert& expert, const Need& need, const PairScore& s) {
  std::vector<std::string> extra;
  const CompiledExpert e = c.compile(expert, extra);
  const CompiledNeed n = c.compile(need, extra);
  return reason_message(c, expert.id, need.id, e.view(), n.view(), s, &extra);
}

}  // namespace tokten::score
