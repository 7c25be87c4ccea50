#pragma once
// Why a need's seats stayed unfilled after a solve, and the smallest single change to the need
// that would let an expert take one: what an analyst asks first when a round comes back short.
//
// REASONS (UnfilledReason, model/assignment.hpp), from the need's feasible candidates that were
// not assigned to it:
//   no_feasible_expert  no expert passes the hard constraints (the detail counts the first
//                       constraint each expert fails: "availability 312 experts, ..."), or
//                       every feasible one already serves this need;
//   experts_taken       every feasible candidate used all its missions on other needs (the detail
//                       names them and where they went);
//   time_conflict       some feasible candidate had a mission left but is on another need whose
//                       date window overlaps this one. Windows are compared, not mission dates
//                       (a 14-day mission may sit anywhere in a 3-month window), so the rule is
//                       conservative: such a conflict may be avoidable by scheduling;
//   other               feasible candidates with room were left out: they score 0 (max_weight
//                       gains nothing from them) or the time-conflict repair dropped them.
//   quota               not produced: a Problem has no quotas yet.
//
// FIXES (find_fixes): single relaxations of the need, each checked by re-scoring the experts
// against the modified need (ScoringContext::compile), never guessed:
//   accept either mode (a remote need)                                 cost 1
//   lower the working language level by d CEFR steps                   cost d
//   lower an essential skill's min_level by d                          cost d
//   extend the window's end (or start) by N days, N the smallest that  cost ceil(N / 7)
//     makes some expert's availability hold the mission (N <= 366)
//   make an essential skill optional (only when no lower level helps)  cost 3
//   drop thesis supervision (no doctorate needed)                      cost 3
// The cheapest first (ties: the order above, then the skill's position). Only the experts whose
// FIRST failed constraint is the relaxed one can be rescued by relaxing it alone (pair_score.hpp
// checks in a fixed order and stops at the first failure), so each relaxation re-scores just
// those: one pass over the experts per unfilled need, then a few scores per relaxation.
// `eligible` restricts which experts count: all of them for a need nobody can serve, the ones
// with a free mission and no overlapping assignment otherwise.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "tokten/model/assignment.hpp"
#include "tokten/model/need.hpp"
#include "tokten/score/explain.hpp"
#include "tokten/score/pair_score.hpp"
#include "tokten/score/scoring_context.hpp"

namespace tokten::score {

enum class FixKind : std::uint8_t {
  accept_either_mode,
  lower_language_level,
  lower_skill_level,
  extend_window_end,
  extend_window_start,
  make_skill_optional,
  drop_thesis_supervision
};

inline constexpr std::int32_t kMaxWindowExtensionDays = 366;

/// One single change to a need, checked to make `experts` eligible experts feasible.
struct NeedFix {
  FixKind kind = FixKind::accept_either_mode;
  std::int32_t item = -1;  // the skill requirement's position (lower_skill_level, make_skill_optional)
  std::int32_t from = 0;   // the level before (skill 1..5, CEFR 1..6) or the window bound's day
  std::int32_t to = 0;     // the level after, or the new bound's day
  std::int32_t days = 0;   // extend_window_*: by how many days
  double cost = 0.0;
  std::int32_t experts = 0;  // eligible experts feasible after the change
  std::string best_expert;   // the best scoring of them
  double best_score = 0.0;
  std::string text;  // in words, e.g. "lower the level of isced:0912 from 4 to 3: 2 experts qualify"

  /// The need with this change applied.
  Need apply(const Need& need) const {
    Need out = need;
    switch (kind) {
      case FixKind::accept_either_mode: out.mode = MissionMode::either; break;
      case FixKind::lower_language_level: out.languages.front().min_level = static_cast<Cefr>(to); break;
      case FixKind::lower_skill_level: out.skills[static_cast<std::size_t>(item)].min_level = to; break;
      case FixKind::extend_window_end: out.window.end = Date{to}; break;
      case FixKind::extend_window_start: out.window.start = Date{to}; break;
      case FixKind::make_skill_optional: out.skills[static_cast<std::size_t>(item)].essential = false; break;
      case FixKind::drop_thesis_supervision: out.thesis_supervision = false; break;
    }
    return out;
  }
};

/// May expert `e` count for a fix whose need has this window?
using EligibleExpert = std::function<bool(std::size_t expert, const DateWindow& window)>;

/// Per expert, the first hard constraint it fails against the need (Reason::none if feasible),
/// and for an essential skill which requirement.
struct FirstFailures {
  std::vector<Reason> reason;
  std::vector<std::int32_t> item;
  std::array<std::int32_t, 7> count{};  // by Reason
};

inline FirstFailures first_failures(const ScoringContext& c, const NeedView& need) {
  FirstFailures f;
  f.reason.resize(c.expert_count());
  f.item.resize(c.expert_count());
  for (std::size_t e = 0; e < c.expert_count(); ++e) {
    const PairScore s = score_pair(c, c.expert(e), need);
    f.reason[e] = s.reason;
    f.item[e] = s.reason_item;
    ++f.count[static_cast<std::size_t>(s.reason)];
  }
  return f;
}

namespace detail {

inline std::string experts_qualify(std::int32_t n) {
  return std::to_string(n) + (n == 1 ? " expert qualifies" : " experts qualify");
}

/// Re-scores `experts` against `relaxed`; fills fix.experts and the best of them.
inline bool try_relaxation(const ScoringContext& c, const Need& relaxed, std::span<const std::size_t> experts,
                           const EligibleExpert& eligible, NeedFix& fix) {
  std::vector<std::string> extra;
  const CompiledNeed compiled = c.compile(relaxed, extra);
  const NeedView view = compiled.view();
  fix.experts = 0;
  fix.best_score = -1.0;
  for (const std::size_t e : experts) {
    if (eligible && !eligible(e, relaxed.window)) continue;
    const PairScore s = score_pair(c, c.expert(e), view);
    if (!s.feasible) continue;
    ++fix.experts;
    if (s.score > fix.best_score) {
      fix.best_score = s.score;
      fix.best_expert = c.expert_id(e);
    }
  }
  return fix.experts > 0;
}

inline void finish_text(NeedFix& fix, const std::string& change) {
  fix.text = change + ": " + experts_qualify(fix.experts) + " (best " + fix.best_expert + ", score " +
             score::detail::fixed(fix.best_score) + ")";
}

/// The smallest N in 1..kMaxWindowExtensionDays by which the window's end (later) or start
/// (earlier) must move for one of the expert's availability windows to hold the mission; 0 when
/// the availability already holds it or no extension does.
inline std::int32_t extension_days(const ExpertView& e, const NeedView& n, bool at_end) {
  std::int32_t best = 0;
  const std::int32_t d = n.duration_days;
  for (const DateWindow& w : e.availability) {
    std::int32_t days = 0;
    if (at_end) {
      const std::int32_t first = std::max(w.start.days, n.window.start.days);
      if (first + d - 1 > w.end.days) continue;  // not long enough even with a later end
      days = first + d - 1 - n.window.end.days;
    } else {
      const std::int32_t last = std::min(w.end.days, n.window.end.days);
      if (last - d + 1 < w.start.days) continue;
      days = n.window.start.days - (last - d + 1);
    }
    if (days <= 0) return 0;  // this window already holds the mission
    if (days <= kMaxWindowExtensionDays && (best == 0 || days < best)) best = days;
  }
  return best;
}

}  // namespace detail

/// The single relaxations of `need` (a need of the context's problem, or a draft) that make at
/// least one eligible expert feasible, cheapest first, at most `limit`.
inline std::vector<NeedFix> find_fixes(const ScoringContext& c, const Need& need, const EligibleExpert& eligible,
                                       std::size_t limit = 3) {
  std::vector<std::string> extra;
  const CompiledNeed compiled = c.compile(need, extra);
  const FirstFailures failures = first_failures(c, compiled.view());
  const auto failing = [&](Reason r, std::int32_t item) {
    std::vector<std::size_t> out;
    for (std::size_t e = 0; e < failures.reason.size(); ++e)
      if (failures.reason[e] == r && (item < 0 || failures.item[e] == item)) out.push_back(e);
    return out;
  };
  std::vector<NeedFix> fixes;

  if (need.mode == MissionMode::remote) {
    NeedFix fix;
    fix.kind = FixKind::accept_either_mode;
    fix.cost = 1;
    if (detail::try_relaxation(c, fix.apply(need), failing(Reason::mode, -1), eligible, fix)) {
      detail::finish_text(fix, "accept on-site missions too (mode remote -> either)");
      fixes.push_back(std::move(fix));
    }
  }

  if (!need.languages.empty()) {
    const auto experts = failing(Reason::working_language, -1);
    const int from = static_cast<int>(need.languages.front().min_level);
    for (int to = from - 1; to >= 1 && !experts.empty(); --to) {
      NeedFix fix;
      fix.kind = FixKind::lower_language_level;
      fix.from = from;
      fix.to = to;
      fix.cost = from - to;
      if (detail::try_relaxation(c, fix.apply(need), experts, eligible, fix)) {
        detail::finish_text(fix, "lower the working language " + need.languages.front().language + " from " +
                                     std::string(to_string(static_cast<Cefr>(from))) + " to " +
                                     std::string(to_string(static_cast<Cefr>(to))));
        fixes.push_back(std::move(fix));
        break;
      }
    }
  }

  for (std::size_t k = 0; k < need.skills.size(); ++k) {
    const SkillRequirement& r = need.skills[k];
    if (!r.essential) continue;
    const auto experts = failing(Reason::essential_skill, static_cast<std::int32_t>(k));
    if (experts.empty()) continue;
    bool lowered = false;
    for (int to = r.min_level - 1; to >= 1 && !lowered; --to) {
      NeedFix fix;
      fix.kind = FixKind::lower_skill_level;
      fix.item = static_cast<std::int32_t>(k);
      fix.from = r.min_level;
      fix.to = to;
      fix.cost = r.min_level - to;
      if (detail::try_relaxation(c, fix.apply(need), experts, eligible, fix)) {
        detail::finish_text(fix, "lower the level of " + r.skill + " from " + std::to_string(r.min_level) + " to " +
                                     std::to_string(to));
        fixes.push_back(std::move(fix));
        lowered = true;
      }
    }
    if (lowered) continue;
    NeedFix fix;
    fix.kind = FixKind::make_skill_optional;
    fix.item = static_cast<std::int32_t>(k);
    fix.cost = 3;
    if (detail::try_relaxation(c, fix.apply(need), experts, eligible, fix)) {
      detail::finish_text(fix, "make " + r.skill + " optional (not essential)");
      fixes.push_back(std::move(fix));
    }
  }

  {  // The window, at either end: the smallest extension that some expert's availability needs.
    const auto experts = failing(Reason::availability, -1);
    for (const bool at_end : {true, false}) {
      std::vector<std::pair<std::int32_t, std::size_t>> by_days;  // (days needed, expert)
      for (const std::size_t e : experts) {
        const std::int32_t days = detail::extension_days(c.expert(e), compiled.view(), at_end);
        if (days > 0) by_days.push_back({days, e});
      }
      std::sort(by_days.begin(), by_days.end());
      std::vector<std::size_t> reachable;  // the experts whose availability fits at this extension
      std::size_t next = 0, tried = 0;
      while (next < by_days.size() && tried < 64) {
        const std::int32_t days = by_days[next].first;
        while (next < by_days.size() && by_days[next].first == days) reachable.push_back(by_days[next++].second);
        ++tried;
        NeedFix fix;
        fix.kind = at_end ? FixKind::extend_window_end : FixKind::extend_window_start;
        fix.days = days;
        fix.from = at_end ? need.window.end.days : need.window.start.days;
        fix.to = at_end ? fix.from + days : fix.from - days;
        fix.cost = std::ceil(days / 7.0);
        if (detail::try_relaxation(c, fix.apply(need), reachable, eligible, fix)) {
          const std::string n = std::to_string(days) + (days == 1 ? " day" : " days");
          detail::finish_text(fix, at_end ? "extend the window by " + n + " (end " + to_string(Date{fix.to}) +
                                                " instead of " + to_string(need.window.end) + ")"
                                          : "open the window " + n + " earlier (start " + to_string(Date{fix.to}) +
                                                " instead of " + to_string(need.window.start) + ")");
          fixes.push_back(std::move(fix));
          break;
        }
      }
    }
  }

  if (need.thesis_supervision) {
    NeedFix fix;
    fix.kind = FixKind::drop_thesis_supervision;
    fix.cost = 3;
    if (detail::try_relaxation(c, fix.apply(need), failing(Reason::doctorate, -1), eligible, fix)) {
      detail::finish_text(fix, "drop thesis supervision (no doctorate needed)");
      fixes.push_back(std::move(fix));
    }
  }

  std::stable_sort(fixes.begin(), fixes.end(), [](const NeedFix& a, const NeedFix& b) {
    if (a.cost != b.cost) return a.cost < b.cost;
    if (a.kind != b.kind) return a.kind < b.kind;
    return a.item < b.item;
  });
  if (fixes.size() > limit) fixes.resize(limit);
  return fixes;
}

/// What a round did with the experts, as the unfilled-seat analysis reads it.
struct RoundLoad {
  std::vector<std::vector<std::int32_t>> missions;  // per expert: the needs assigned, ascending
  bool repaired = false;                            // the solver's time-conflict repair ran
  std::int32_t candidates_per_need = 0;             // k
};

inline bool windows_overlap(const DateWindow& a, const DateWindow& b) {
  return a.start.days <= b.end.days && b.start.days <= a.end.days;
}

/// True when expert `e` has a mission left and none of its missions' windows overlaps `window`.
inline bool free_for(const ScoringContext& c, const RoundLoad& load, std::size_t e, const DateWindow& window) {
  const auto& m = load.missions[e];
  if (static_cast<std::int32_t>(m.size()) >= c.expert(e).max_missions) return false;
  for (const std::int32_t n : m)
    if (windows_overlap(c.need(static_cast<std::size_t>(n)).window, window)) return false;
  return true;
}

/// Why `open_seats` seats of need `n` stayed unfilled, with up to `max_fixes` fixes.
/// `candidates`: the need's feasible candidates (expert, score), best first; `feasible_count`:
/// how many feasible experts there were before the top-k cut.
inline UnfilledSeats explain_unfilled(const ScoringContext& c, const Need& need, std::size_t n, int open_seats,
                                      std::span<const std::pair<std::int32_t, double>> candidates,
                                      std::int32_t feasible_count, const RoundLoad& load, std::size_t max_fixes) {
  UnfilledSeats u;
  u.need = c.need_id(n);
  u.seats = open_seats;
  const DateWindow window = c.need(n).window;
  const auto window_text = [](const DateWindow& w) { return to_string(w.start) + ".." + to_string(w.end); };
  const auto plural = [](std::size_t count, const char* one, const char* many) {
    return std::to_string(count) + " " + (count == 1 ? one : many);
  };

  if (feasible_count == 0) {
    u.reason = UnfilledReason::no_feasible_expert;
    const FirstFailures f = first_failures(c, c.need(n));
    std::vector<std::pair<std::int32_t, std::size_t>> counts;
    for (std::size_t r = 1; r < f.count.size(); ++r)
      if (f.count[r] > 0) counts.push_back({-f.count[r], r});
    std::sort(counts.begin(), counts.end());
    u.detail = "no expert passes the hard constraints";
    for (std::size_t i = 0; i < counts.size(); ++i)
      u.detail += std::string(i == 0 ? "; first failure: " : ", ") +
                  std::string(tokten::to_string(static_cast<Reason>(counts[i].second))) + " " +
                  plural(static_cast<std::size_t>(-counts[i].first), "expert", "experts");
    for (NeedFix& fix : find_fixes(c, need, nullptr, max_fixes)) u.fixes.push_back(std::move(fix.text));
    return u;
  }

  // The feasible candidates not on this need, by what kept them away.
  std::vector<std::string> taken, busy, left;
  bool zero_score = false;
  for (const auto& [e, s] : candidates) {
    const auto& m = load.missions[static_cast<std::size_t>(e)];
    if (std::binary_search(m.begin(), m.end(), static_cast<std::int32_t>(n))) continue;
    const std::string& id = c.expert_id(static_cast<std::size_t>(e));
    std::string where;
    for (const std::int32_t other : m) where += (where.empty() ? "" : ", ") + c.need_id(static_cast<std::size_t>(other));
    if (static_cast<std::int32_t>(m.size()) >= c.expert(static_cast<std::size_t>(e)).max_missions) {
      taken.push_back(id + " (on " + where + ")");
    } else if (!free_for(c, load, static_cast<std::size_t>(e), window)) {
      std::string clash;
      for (const std::int32_t other : m)
        if (windows_overlap(c.need(static_cast<std::size_t>(other)).window, window))
          clash += (clash.empty() ? "" : ", ") + c.need_id(static_cast<std::size_t>(other)) + " " +
                   window_text(c.need(static_cast<std::size_t>(other)).window);
      busy.push_back(id + " (on " + clash + ")");
    } else {
      left.push_back(id);
      zero_score = zero_score || s <= 0.0;
    }
  }
  const auto listed = [](const std::vector<std::string>& ids) {
    std::string text;
    const std::size_t shown = std::min<std::size_t>(ids.size(), 5);
    for (std::size_t i = 0; i < shown; ++i) text += (i == 0 ? "" : "; ") + ids[i];
    if (ids.size() > shown) text += "; and " + std::to_string(ids.size() - shown) + " more";
    return text;
  };
  if (left.empty() && busy.empty() && taken.empty()) {
    // Every feasible candidate already serves this need: the other seats have nobody.
    u.reason = UnfilledReason::no_feasible_expert;
    u.detail = "every feasible candidate (" + std::to_string(candidates.size()) + ") already serves this need";
  } else if (!left.empty()) {
    u.reason = UnfilledReason::other;
    u.detail = plural(left.size(), "feasible expert with a free mission was", "feasible experts with a free mission were") +
               " left out (" + listed(left) + "): " +
               (zero_score ? "a score of 0 adds nothing under max_weight (max_seats_then_weight would seat them)"
                           : load.repaired ? "dropped by the time-conflict repair (status feasible)"
                                           : "the solver found a better total without them");
  } else if (!busy.empty()) {
    u.reason = UnfilledReason::time_conflict;
    u.detail = plural(busy.size(), "feasible expert has", "feasible experts have") +
               " a mission left but already serve a need whose window overlaps " + window_text(window) + ": " +
               listed(busy) + ". Windows are compared, not mission dates, so scheduling the missions may avoid it";
    if (!taken.empty()) u.detail += "; " + plural(taken.size(), "more is", "more are") + " fully taken elsewhere";
  } else {
    u.reason = UnfilledReason::experts_taken;
    u.detail = (taken.size() == 1 ? std::string("the only feasible candidate is") : "all " + std::to_string(taken.size()) + " feasible candidates are") +
               " assigned elsewhere, to needs that added more to the total: " + listed(taken);
  }
  const auto considered = static_cast<std::int32_t>(candidates.size());
  if (feasible_count > considered) {
    const std::int32_t more = feasible_count - considered;
    u.detail += " (" + plural(static_cast<std::size_t>(more), "more feasible expert", "more feasible experts") +
                " beyond the best " + std::to_string(considered) + " candidates were not considered)";
    u.fixes.push_back("consider more candidates per need (k > " + std::to_string(load.candidates_per_need) +
                      "): " + plural(static_cast<std::size_t>(more), "more feasible expert", "more feasible experts"));
  }
  const EligibleExpert eligible = [&](std::size_t e, const DateWindow& w) { return free_for(c, load, e, w); };
  for (NeedFix& fix : find_fixes(c, need, eligible, max_fixes)) u.fixes.push_back(std::move(fix.text));
  if (u.fixes.size() > max_fixes) u.fixes.resize(max_fixes);
  return u;
}

}  // namespace tokten::score
