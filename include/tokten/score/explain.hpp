#pragma once
// Why an expert fits a need, or cannot take it: the pair's score term by term in the domain's
// words, for analysts and for the experts themselves. Which required skills are met, at which
// level, by which of the expert's skills (exact, more specific, a broader field k levels up, a
// sibling field); the languages; the days that fit; the multipliers; and for an infeasible pair
// the first hard constraint that excludes it (order in pair_score.hpp) and what it would score
// without it. The numbers are the scorer's own (score_pair_full), not a re-derivation.
//
// Explaining allocates and is meant for the pairs someone looks at, not for every pair.
// Renderings: to_string (plain text) and explanation_to_json (a JSON object; Python's to_dict).
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tokten/model/assignment.hpp"
#include "tokten/score/pair_score.hpp"

namespace tokten {
template <>
struct Spelling<score::Relation> {
  static constexpr std::string_view what = "a skill relation";
  static constexpr std::array<std::string_view, 5> names{"none", "exact", "more_specific", "broader", "sibling"};
};
}  // namespace tokten

namespace tokten::score {

/// One required skill of the need, and how the expert covers it.
struct SkillExplanation {
  std::string skill;  // the required skill id
  bool essential = false;
  int min_level = 0;
  double weight = 0.0;
  std::string matched_by;  // the expert's skill that earns the credit; "" if none is related
  int level = 0;           // its level
  Relation relation = Relation::none;
  int generations = 0;  // for `broader`
  double relation_factor = 0.0;
  double level_credit = 0.0;
  double credit = 0.0;
  bool met = false;  // by the same or a more specific skill at level >= min_level
};

/// One language of the need; the first is the working language.
struct LanguageExplanation {
  std::string language;
  Cefr min_level = Cefr::B2;
  std::optional<Cefr> level;  // the expert's, if spoken
  bool working = false;
  bool met = false;
};

struct Explanation {
  std::string expert;
  std::string need;
  bool feasible = false;
  Reason reason = Reason::none;
  std::string message;  // the first failed hard constraint in words; "" when feasible
  double fit = 0.0;
  double priority_multiplier = 1.0;
  double equity_multiplier = 1.0;
  double score = 0.0;             // 0 when infeasible
  double score_if_feasible = 0.0;  // fit * multipliers, whatever the verdict
  /// The six fit terms (skills, language, sector, degree, experience, preferences), then the
  /// multipliers "priority" and "equity": the model's ScoreTerm, ready for an AssignedPair.
  std::vector<ScoreTerm> terms;
  std::array<double, kTermCount> weights{};
  std::vector<SkillExplanation> skills;
  std::vector<LanguageExplanation> languages;
  std::optional<DateWindow> available;  // the first shared span of days that holds the mission
  int longest_shared_days = 0;
  int duration_days = 0;
  DateWindow need_window;
  std::string region;
  bool in_capital = false;
};

namespace detail {

inline std::string fixed(double value, int digits = 3) {
  char text[64];
  std::snprintf(text, sizeof text, "%.*f", digits, value);
  return text;
}

inline std::string skill_detail(const SkillExplanation& s) {
  std::string text = s.skill + (s.essential ? " (essential" : " (optional") + ", level >= " +
                     std::to_string(s.min_level) + ", weight " + fixed(s.weight, 2) + "): ";
  if (s.matched_by.empty()) return text + "not covered, credit 0";
  text += s.matched_by + " at level " + std::to_string(s.level);
  switch (s.relation) {
    case Relation::exact: text += ", exact"; break;
    case Relation::more_specific: text += ", more specific"; break;
    case Relation::broader:
      text += ", broader field (" + std::to_string(s.generations) + (s.generations == 1 ? " level" : " levels") +
              " up, x" + fixed(s.relation_factor) + ")";
      break;
    case Relation::sibling: text += ", sibling field (x" + fixed(s.relation_factor) + ")"; break;
    case Relation::none: break;
  }
  if (s.level < s.min_level) text += ", below the minimum (x" + fixed(s.level_credit) + ")";
  return text + ", credit " + fixed(s.credit);
}

}  // namespace detail

/// Explains a compiled pair. `extra`: the language table the views were compiled with, if any.
inline Explanation explain(const ScoringContext& c, const std::string& expert_id, const std::string& need_id,
                           const ExpertView& e, const NeedView& n, const std::vector<std::string>* extra = nullptr) {
  const ScoringPolicy& p = c.policy();
  const PairScore s = score_pair_full(c, e, n);
  Explanation x;
  x.expert = expert_id;
  x.need = need_id;
  x.feasible = s.feasible;
  x.reason = s.reason;
  x.message = reason_message(c, expert_id, need_id, e, n, s, extra);
  x.fit = s.fit;
  x.priority_multiplier = s.priority_multiplier;
  x.equity_multiplier = s.equity_multiplier;
  x.score = s.score;
  x.score_if_feasible = s.fit * s.priority_multiplier * s.equity_multiplier;
  x.weights = term_weights(p);
  x.duration_days = n.duration_days;
  x.need_window = n.window;
  x.region = c.region_name(n.region);
  x.in_capital = n.in_capital;

  for (const RequirementEntry& r : n.skills) {
    const SkillCredit credit = best_skill_credit(c, e, r);
    SkillExplanation se;
    se.skill = c.skill_id(r.skill);
    se.essential = r.essential;
    se.min_level = r.min_level;
    se.weight = r.weight;
    if (credit.position >= 0) {
      const SkillEntry& have = e.skills[static_cast<std::size_t>(credit.position)];
      se.matched_by = c.skill_id(have.skill);
      se.level = have.level;
    }
    se.relation = credit.relation;
    se.generations = credit.generations;
    se.relation_factor = credit.relation_factor;
    se.level_credit = credit.level_credit;
    se.credit = credit.credit;
    se.met = credit.essential_met;
    x.skills.push_back(std::move(se));
  }
  for (std::size_t k = 0; k < n.languages.size(); ++k) {
    LanguageExplanation le;
    le.language = language_code(c, n.languages[k].language, extra);
    le.min_level = static_cast<Cefr>(n.languages[k].level);
    const std::int32_t have = spoken_level(e, n.languages[k].language);
    if (have > 0) le.level = static_cast<Cefr>(have);
    le.working = k == 0;
    le.met = have >= n.languages[k].level;
    x.languages.push_back(std::move(le));
  }
  DateWindow span;
  std::int32_t longest = 0;
  if (fitting_span(e, n, span, longest)) x.available = span;
  x.longest_shared_days = longest;

  // The terms in words.
  using detail::fixed;
  std::string skills_text;
  for (const SkillExplanation& se : x.skills) skills_text += (skills_text.empty() ? "" : "; ") + detail::skill_detail(se);
  if (x.skills.empty()) skills_text = "no skill required";
  std::string languages_text;
  for (const LanguageExplanation& le : x.languages)
    languages_text += (languages_text.empty() ? "" : "; ") + le.language + " >= " + std::string(to_string(le.min_level)) +
                      (le.working ? " (working language)" : "") + ": " +
                      (le.level ? "has " + std::string(to_string(*le.level)) : std::string("not spoken")) +
                      (le.met ? ", met" : ", not met");
  if (x.languages.empty()) languages_text = "no language required";
  const std::string sector(to_string(n.sector));
  const bool sector_met = s.term(Term::sector) > 0;
  static constexpr std::array<const char*, 4> degree_names{"other or no degree", "bachelor", "master", "doctorate"};
  std::string preferences_text = "no preference stated";
  if (e.has_preferences)
    preferences_text = s.term(Term::preferences) > 0 ? "the need's region " + x.region + " or sector " + sector + " is preferred"
                                                     : "neither the need's region " + x.region + " nor its sector " + sector +
                                                           " is among the expert's preferences";
  const std::array<std::string, kTermCount> details{
      skills_text,
      languages_text,
      sector_met ? "has worked in " + sector : "has not listed the sector " + sector,
      degree_names[static_cast<std::size_t>(e.degree)],
      std::to_string(e.years_experience) + " of " + fixed(p.full_experience_years, 0) + " years for the full term",
      preferences_text};
  for (std::size_t t = 0; t < kTermCount; ++t)
    x.terms.push_back({std::string(tokten::to_string(static_cast<Term>(t))), s.terms[t],
                       details[t] + " (weight " + fixed(x.weights[t], 2) + ")"});
  x.terms.push_back({"priority", s.priority_multiplier,
                     "priority " + std::to_string(n.priority) + ": 1 + " + fixed(p.priority_step, 2) + " x " +
                         std::to_string(n.priority - 1)});
  x.terms.push_back({"equity", s.equity_multiplier,
                     n.in_capital ? x.region + " is the capital region: no bonus"
                                  : x.region + " is outside the capital region " + p.capital_region + ": bonus " +
                                        fixed(p.equity_bonus, 2)});
  return x;
}

inline Explanation explain(const ScoringContext& c, std::size_t expert, std::size_t need) {
  return explain(c, c.expert_id(expert), c.need_id(need), c.expert(expert), c.need(need));
}

/// Explains model objects that need not belong to the context's problem (an edited expert, a
/// draft need). InputError for an unknown skill or institution id.
inline Explanation explain(const ScoringContext& c, const Expert& expert, const Need& need) {
  std::vector<std::string> extra;
  const CompiledExpert e = c.compile(expert, extra);
  const CompiledNeed n = c.compile(need, extra);
  return explain(c, expert.id, need.id, e.view(), n.view(), &extra);
}

/// Plain text an analyst can read, one fact per line.
inline std::string to_string(const Explanation& x) {
  using detail::fixed;
  std::string out = "expert " + x.expert + " for need " + x.need + ": ";
  if (x.feasible)
    out += "feasible, score " + fixed(x.score) + " = fit " + fixed(x.fit) + " x priority " +
           fixed(x.priority_multiplier) + " x equity " + fixed(x.equity_multiplier) + "\n";
  else
    out += "NOT FEASIBLE (" + std::string(tokten::to_string(x.reason)) + "): " + x.message + "\n  would score " +
           fixed(x.score_if_feasible) + " = fit " + fixed(x.fit) + " x priority " + fixed(x.priority_multiplier) +
           " x equity " + fixed(x.equity_multiplier) + " without it\n";
  for (std::size_t t = 0; t < x.terms.size(); ++t) {
    const ScoreTerm& term = x.terms[t];
    char head[64];
    std::snprintf(head, sizeof head, "  %-12s %s%s", term.name.c_str(), t < kTermCount ? "" : "x", fixed(term.value).c_str());
    out += head;
    if (t == 0) {  // one line per required skill
      out += "  (weight " + fixed(x.weights[0], 2) + ")\n";
      for (const SkillExplanation& s : x.skills) out += "      " + detail::skill_detail(s) + "\n";
      continue;
    }
    out += "  " + term.detail + "\n";
  }
  out += "  availability ";
  if (x.available)
    out += to_string(x.available->start) + ".." + to_string(x.available->end) + " (" +
           std::to_string(x.available->length_days()) + " days) holds the " + std::to_string(x.duration_days) +
           "-day mission within " + to_string(x.need_window.start) + ".." + to_string(x.need_window.end) + "\n";
  else
    out += "no window holds the " + std::to_string(x.duration_days) + "-day mission within " +
           to_string(x.need_window.start) + ".." + to_string(x.need_window.end) + " (longest shared span " +
           std::to_string(x.longest_shared_days) + " days)\n";
  return out;
}

/// The explanation as a JSON object (every field above; relations and reasons spelt as in
/// Spelling<>, dates as YYYY-MM-DD, absent values as null).
inline nlohmann::ordered_json explanation_to_json(const Explanation& x) {
  using json = nlohmann::ordered_json;
  json terms = json::array();
  for (std::size_t t = 0; t < x.terms.size(); ++t) {
    json term = {{"name", x.terms[t].name}, {"value", x.terms[t].value}, {"detail", x.terms[t].detail}};
    if (t < kTermCount) term["weight"] = x.weights[t];
    terms.push_back(std::move(term));
  }
  json skills = json::array();
  for (const SkillExplanation& s : x.skills)
    skills.push_back({{"skill", s.skill},
                      {"essential", s.essential},
                      {"min_level", s.min_level},
                      {"weight", s.weight},
                      {"matched_by", s.matched_by.empty() ? json(nullptr) : json(s.matched_by)},
                      {"level", s.level},
                      {"relation", std::string(tokten::to_string(s.relation))},
                      {"generations", s.generations},
                      {"relation_factor", s.relation_factor},
                      {"level_credit", s.level_credit},
                      {"credit", s.credit},
                      {"met", s.met}});
  json languages = json::array();
  for (const LanguageExplanation& l : x.languages)
    languages.push_back({{"language", l.language},
                         {"min_level", std::string(to_string(l.min_level))},
                         {"level", l.level ? json(std::string(to_string(*l.level))) : json(nullptr)},
                         {"working", l.working},
                         {"met", l.met}});
  json available = nullptr;
  if (x.available)
    available = {{"start", to_string(x.available->start)},
                 {"end", to_string(x.available->end)},
                 {"days", x.available->length_days()}};
  return {{"expert", x.expert},
          {"need", x.need},
          {"feasible", x.feasible},
          {"reason", std::string(tokten::to_string(x.reason))},
          {"message", x.message},
          {"score", x.score},
          {"score_if_feasible", x.score_if_feasible},
          {"fit", x.fit},
          {"priority_multiplier", x.priority_multiplier},
          {"equity_multiplier", x.equity_multiplier},
          {"terms", std::move(terms)},
          {"skills", std::move(skills)},
          {"languages", std::move(languages)},
          {"available", std::move(available)},
          {"longest_shared_days", x.longest_shared_days},
          {"duration_days", x.duration_days},
          {"region", x.region},
          {"in_capital", x.in_capital}};
}

}  // namespace tokten::score
