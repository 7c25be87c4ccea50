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
// checks in a fixed order and stops at the first failure), and only those among them that pass
// every LATER check: one pass over the experts per unfilled need (detail::failures_of: each
// expert's first failure, whether the rest passes, its level in the relaxed language or skill,
// the window extensions its availability needs; shared by explain_unfilled's counts and the
// fixes), then each relaxation re-scores with score_pair just the experts that pass say it
// rescues. The window needs no re-scoring per extension: what follows availability does not
// depend on the window, so the smallest extension with an eligible such expert is found from
// the dates alone, then checked by re-scoring against the compiled, extended need.
// `eligible` restricts which experts count: all of them for a need nobody can serve, the ones
// with a free mission and no overlapping assignment otherwise.
#include <algorithm>
#include <array>
#include <bit>
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

namespace detail {

/// The first hard constraint expert `e` fails against `n` and its item: exactly score_pair's
/// reason and reason_item (same checks, same order), without computing the terms. The
/// essential check is best_skill_credit's `covering`: a skill that is the requirement or more
/// specific, at level >= min_level.
inline Reason first_failure(const ScoringContext& c, const ExpertView& e, const NeedView& n, std::int32_t& item) {
  const Reason r = check_before_skills(e, n, item);
  if (r != Reason::none) return r;
  for (std::size_t k = 0; k < n.skills.size(); ++k) {
    const RequirementEntry& want = n.skills[k];
    if (!want.essential) continue;
    bool met = false;
    for (const SkillEntry& have : e.skills)
      if (have.level >= want.min_level && c.covers(want.skill, have.skill)) {
        met = true;
        break;
      }
    if (!met) {
      item = static_cast<std::int32_t>(k);
      return Reason::essential_skill;
    }
  }
  return Reason::none;
}

}  // namespace detail

inline FirstFailures first_failures(const ScoringContext& c, const NeedView& need) {
  FirstFailures f;
  f.reason.resize(c.expert_count());
  f.item.resize(c.expert_count());
  for (std::size_t e = 0; e < c.expert_count(); ++e) {
    std::int32_t item = -1;
    const Reason r = detail::first_failure(c, c.expert(e), need, item);
    f.reason[e] = r;
    f.item[e] = item;
    ++f.count[static_cast<std::size_t>(r)];
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

namespace detail {

/// Per expert, its first failure against the need and what a single relaxation of that
/// constraint would leave: `rest_ok` when every later check passes (so relaxing the first
/// failure alone makes the pair feasible, if it relaxes enough), and `level`, for a
/// working_language failure the expert's level in it, for an essential_skill failure its best
/// level among its skills that are the requirement or more specific (0 if none). One pass
/// over the experts, shared by explain_unfilled's counts and every relaxation of find_fixes:
/// the relaxations then re-score (try_relaxation) only the experts this pass says they rescue.
struct Failures {
  FirstFailures first;
  std::vector<std::uint8_t> rest_ok;
  std::vector<std::int8_t> level;
  // The experts failing first at availability, ascending, with extension_days at the end and
  // at the start of the window.
  std::vector<std::size_t> unavailable;
  std::vector<std::int32_t> days_at_end, days_at_start;
};

inline Failures failures_of(const ScoringContext& c, const NeedView& n) {
  Failures f;
  const std::size_t count = c.expert_count();
  f.first.reason.assign(count, Reason::none);
  f.first.item.assign(count, -1);
  f.rest_ok.assign(count, 1);
  f.level.assign(count, 0);
  // Per skill of the taxonomy, the essential requirements (bit k for the k-th) it meets by
  // kind (the requirement itself or more specific): a table lookup instead of a taxonomy test
  // per pair of skills. Needs of more than 32 requirements take the plain loop.
  const bool masked = n.skills.size() <= 32;
  std::vector<std::uint32_t> mask;
  std::array<std::int32_t, 32> best{};
  if (masked) {
    mask.assign(c.skill_count(), 0);
    for (std::size_t k = 0; k < n.skills.size(); ++k) {
      if (!n.skills[k].essential) continue;
      for (std::size_t s = 0; s < mask.size(); ++s)
        if (c.covers(n.skills[k].skill, static_cast<std::int32_t>(s))) mask[s] |= std::uint32_t{1} << k;
    }
  }
  for (std::size_t e = 0; e < count; ++e) {
    const ExpertView x = c.expert(e);
    Reason first = Reason::none;
    std::int32_t item = -1;
    std::int32_t level = 0;
    bool rest_ok = true;
    // A failure: the first one is recorded; a second one means no single relaxation helps.
    const auto fail = [&](Reason r, std::int32_t at) {
      if (first == Reason::none) {
        first = r;
        item = at;
      } else {
        rest_ok = false;
      }
    };
    if (x.max_missions <= 0) {
      first = Reason::capacity;
      rest_ok = false;  // not relaxed by any fix
    }
    if (rest_ok && n.mode == MissionMode::remote && !x.remote_possible) fail(Reason::mode, -1);
    if (rest_ok) {
      DateWindow span;
      std::int32_t longest = 0;
      if (!fitting_span(x, n, span, longest)) fail(Reason::availability, -1);
    }
    if (rest_ok && !n.languages.empty()) {
      const std::int32_t spoken = spoken_level(x, n.languages[0].language);
      if (spoken < n.languages[0].level) {
        if (first == Reason::none) level = spoken;
        fail(Reason::working_language, 0);
      }
    }
    if (rest_ok && n.thesis_supervision && x.degree != DegreeRank::doctorate) fail(Reason::doctorate, -1);
    if (rest_ok && masked) {
      // One walk over the expert's skills: per essential requirement, the best level of a skill
      // that is it or more specific (met when >= min_level: best_skill_credit's `covering`).
      for (std::size_t k = 0; k < n.skills.size(); ++k) best[k] = 0;
      for (const SkillEntry& have : x.skills) {
        std::uint32_t m = static_cast<std::size_t>(have.skill) < mask.size()
                              ? mask[static_cast<std::size_t>(have.skill)]
                              : 0;
        for (; m != 0; m &= m - 1) {
          const auto k = static_cast<std::size_t>(std::countr_zero(m));
          best[k] = std::max(best[k], have.level);
        }
      }
      for (std::size_t k = 0; rest_ok && k < n.skills.size(); ++k) {
        if (!n.skills[k].essential || best[k] >= n.skills[k].min_level) continue;
        if (first == Reason::none) level = best[k];
        fail(Reason::essential_skill, static_cast<std::int32_t>(k));
      }
    }
    for (std::size_t k = 0; rest_ok && !masked && k < n.skills.size(); ++k) {
      const RequirementEntry& want = n.skills[k];
      if (!want.essential) continue;
      bool met = false;
      std::int32_t best_level = 0;
      for (const SkillEntry& have : x.skills) {
        if (!c.covers(want.skill, have.skill)) continue;
        best_level = std::max(best_level, have.level);
        if (have.level >= want.min_level) {
          met = true;
          break;
        }
      }
      if (!met) {
        if (first == Reason::none) level = best_level;
        fail(Reason::essential_skill, static_cast<std::int32_t>(k));
      }
    }
    if (first == Reason::availability) {
      f.unavailable.push_back(e);
      f.days_at_end.push_back(extension_days(x, n, true));
      f.days_at_start.push_back(extension_days(x, n, false));
    }
    f.first.reason[e] = first;
    f.first.item[e] = item;
    f.rest_ok[e] = rest_ok ? 1 : 0;
    f.level[e] = static_cast<std::int8_t>(level);
    ++f.first.count[static_cast<std::size_t>(first)];
  }
  return f;
}

/// find_fixes with the need's failures already computed (failures_of on its compiled view),
/// so that a caller that has them does not pay the pass over the experts again.
inline std::vector<NeedFix> find_fixes_from(const ScoringContext& c, const Need& need, const Failures& failures,
                                            const EligibleExpert& eligible, std::size_t limit) {
  // The experts each relaxation can rescue, by first failure, each list ascending (one pass):
  // those that pass every later check.
  const FirstFailures& first = failures.first;
  // The window's search also walks those that fail later (its 64 tries count every extension
  // some availability needs).
  std::vector<std::size_t> by_mode, by_language, by_doctorate;
  std::vector<std::vector<std::size_t>> by_skill(need.skills.size());
  for (std::size_t e = 0; e < first.reason.size(); ++e) {
    if (!failures.rest_ok[e]) continue;
    switch (first.reason[e]) {
      case Reason::mode: by_mode.push_back(e); break;
      case Reason::working_language: by_language.push_back(e); break;
      case Reason::doctorate: by_doctorate.push_back(e); break;
      case Reason::essential_skill: {
        const auto k = static_cast<std::size_t>(first.item[e]);
        if (k < by_skill.size()) by_skill[k].push_back(e);
        break;
      }
      default: break;
    }
  }
  std::vector<NeedFix> fixes;

  if (need.mode == MissionMode::remote) {
    NeedFix fix;
    fix.kind = FixKind::accept_either_mode;
    fix.cost = 1;
    if (!by_mode.empty() && try_relaxation(c, fix.apply(need), by_mode, eligible, fix)) {
      finish_text(fix, "accept on-site missions too (mode remote -> either)");
      fixes.push_back(std::move(fix));
    }
  }

  if (!need.languages.empty()) {
    const int from = static_cast<int>(need.languages.front().min_level);
    std::vector<std::size_t> able;  // those whose level reaches `to`
    for (int to = from - 1; to >= 1 && !by_language.empty(); --to) {
      able.clear();
      for (const std::size_t e : by_language)
        if (failures.level[e] >= to) able.push_back(e);
      if (able.empty()) continue;
      NeedFix fix;
      fix.kind = FixKind::lower_language_level;
      fix.from = from;
      fix.to = to;
      fix.cost = from - to;
      if (try_relaxation(c, fix.apply(need), able, eligible, fix)) {
        finish_text(fix, "lower the working language " + need.languages.front().language + " from " +
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
    const auto& experts = by_skill[k];
    if (experts.empty()) continue;
    std::vector<std::size_t> able;  // those whose best covering level reaches `to`
    bool lowered = false;
    for (int to = r.min_level - 1; to >= 1 && !lowered; --to) {
      able.clear();
      for (const std::size_t e : experts)
        if (failures.level[e] >= to) able.push_back(e);
      if (able.empty()) continue;
      NeedFix fix;
      fix.kind = FixKind::lower_skill_level;
      fix.item = static_cast<std::int32_t>(k);
      fix.from = r.min_level;
      fix.to = to;
      fix.cost = r.min_level - to;
      if (try_relaxation(c, fix.apply(need), able, eligible, fix)) {
        finish_text(fix, "lower the level of " + r.skill + " from " + std::to_string(r.min_level) + " to " +
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
    if (try_relaxation(c, fix.apply(need), experts, eligible, fix)) {
      finish_text(fix, "make " + r.skill + " optional (not essential)");
      fixes.push_back(std::move(fix));
    }
  }

  {  // The window, at either end: the smallest extension that some expert's availability needs.
    // An expert failing first at availability passed capacity and mode, and what follows
    // (language, doctorate, skills) does not depend on the window: those with rest_ok pass it,
    // so each extension only asks `eligible` of them, without recompiling or re-scoring;
    // the extension found is then checked by re-scoring its experts against the compiled,
    // relaxed need (try_relaxation), as before.
    const auto& experts = failures.unavailable;
    for (const bool at_end : {true, false}) {
      // By days needed (1..kMaxWindowExtensionDays), then expert: a counting sort, the experts
      // being ascending already.
      const std::vector<std::int32_t>& need_days = at_end ? failures.days_at_end : failures.days_at_start;
      std::vector<std::int32_t> start(static_cast<std::size_t>(kMaxWindowExtensionDays) + 2, 0);
      for (std::size_t i = 0; i < experts.size(); ++i)
        if (need_days[i] > 0) ++start[static_cast<std::size_t>(need_days[i]) + 1];
      for (std::size_t d = 1; d < start.size(); ++d) start[d] += start[d - 1];
      std::vector<std::pair<std::int32_t, std::size_t>> by_days(static_cast<std::size_t>(start.back()));
      for (std::size_t i = 0; i < experts.size(); ++i)
        if (need_days[i] > 0)
          by_days[static_cast<std::size_t>(start[static_cast<std::size_t>(need_days[i])]++)] = {need_days[i],
                                                                                                experts[i]};
      // The experts whose availability fits at this extension and that pass everything else.
      std::vector<std::size_t> reachable;
      std::size_t next = 0, tried = 0;
      while (next < by_days.size() && tried < 64) {
        const std::int32_t days = by_days[next].first;
        for (; next < by_days.size() && by_days[next].first == days; ++next)
          if (failures.rest_ok[by_days[next].second]) reachable.push_back(by_days[next].second);
        ++tried;
        NeedFix fix;
        fix.kind = at_end ? FixKind::extend_window_end : FixKind::extend_window_start;
        fix.days = days;
        fix.from = at_end ? need.window.end.days : need.window.start.days;
        fix.to = at_end ? fix.from + days : fix.from - days;
        fix.cost = std::ceil(days / 7.0);
        if (reachable.empty()) continue;
        const Need relaxed = fix.apply(need);
        bool any = !eligible;
        for (std::size_t i = 0; i < reachable.size() && !any; ++i) any = eligible(reachable[i], relaxed.window);
        if (!any) continue;
        if (try_relaxation(c, relaxed, reachable, eligible, fix)) {
          const std::string n = std::to_string(days) + (days == 1 ? " day" : " days");
          finish_text(fix, at_end ? "extend the window by " + n + " (end " + to_string(Date{fix.to}) +
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
    if (!by_doctorate.empty() && try_relaxation(c, fix.apply(need), by_doctorate, eligible, fix)) {
      finish_text(fix, "drop thesis supervision (no doctorate needed)");
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

}  // namespace detail

/// The single relaxations of `need` (a need of the context's problem, or a draft) that make at
/// least one eligible expert feasible, cheapest first, at most `limit`.
inline std::vector<NeedFix> find_fixes(const ScoringContext& c, const Need& need, const EligibleExpert& eligible,
                                       std::size_t limit = 3) {
  std::vector<std::string> extra;
  const CompiledNeed compiled = c.compile(need, extra);
  const NeedView view = compiled.view();
  return detail::find_fixes_from(c, need, detail::failures_of(c, view), eligible, limit);
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
    const NeedView view = c.need(n);
    const detail::Failures failures = detail::failures_of(c, view);
    const FirstFailures& f = failures.first;
    std::vector<std::pair<std::int32_t, std::size_t>> counts;
    for (std::size_t r = 1; r < f.count.size(); ++r)
      if (f.count[r] > 0) counts.push_back({-f.count[r], r});
    std::sort(counts.begin(), counts.end());
    u.detail = "no expert passes the hard constraints";
    for (std::size_t i = 0; i < counts.size(); ++i)
      u.detail += std::string(i == 0 ? "; first failure: " : ", ") +
                  std::string(tokten::to_string(static_cast<Reason>(counts[i].second))) + " " +
                  plural(static_cast<std::size_t>(-counts[i].first), "expert", "experts");
    // The same pass serves the fixes (the need is the context's own, compiled as find_fixes would).
    for (NeedFix& fix : detail::find_fixes_from(c, need, failures, nullptr, max_fixes))
      u.fixes.push_back(std::move(fix.text));
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
