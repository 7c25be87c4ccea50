#pragma once
// Assignment policies compared on one planning round: what the optimal engine buys over the
// rules a programme would otherwise follow.
//
//   optimal      the engine: the best total score (solve, Objective::max_weight)
//   most_seats   the engine: the most seats filled, then the best total (max_seats_then_weight)
//   greedy       best score first: candidate pairs by decreasing score, each taken if the expert
//                has a mission left, the need a seat left, and no window overlaps the expert's
//                other missions
//   first_come   needs in the order requests arrived (request_order, else the problem's order),
//                each taking its best free candidates until its seats are filled
//   random       a seeded random order of the candidate pairs, taken like greedy: a random
//                maximal feasible assignment
//   as_recorded  the pairs that were recorded (a historical assignment), scored as they are;
//                pairs the rules forbid (infeasible, beyond max_missions or the seats,
//                overlapping, repeated) are counted in infeasible_pairs and left out
//
// Every policy sees the same candidate pairs (each need's k best feasible experts) and the same
// rules (max_missions, seats, no two overlapping windows per expert), so the comparison isolates
// the assignment rule. Outcomes are measured the same way for all (RoundMetrics): total score,
// seats and needs filled, the share of filled seats outside the capital, and the dispersion of
// seat coverage across regions (Gini and Theil of filled / requested per region with requests).
//
// Running time: the candidates as in solve (score/candidates.hpp); greedy, first_come and random
// then O(E log E + E m) for E candidate pairs and m missions per expert; the engine policies as
// solve. Deterministic: the same problem, options and seed give the same outcome.
//
// References: the greedy rule is a 1/2-approximation of maximum-weight b-matching without the
// window rule (Avis 1983, "A survey of heuristics for the weighted matching problem"); Bertsimas,
// Farias and Trichakis (2011), "The price of fairness", for the trade-off measured in
// python/tokten/_policies.py.
//
// Example:
//   tokten::impact::PolicyRunOptions options;
//   auto greedy = tokten::impact::run_policy(problem, tokten::impact::PolicyKind::greedy, options);
//   auto best = tokten::impact::run_policy(problem, tokten::impact::PolicyKind::optimal, options);
//   // best.metrics.total_score >= greedy.metrics.total_score (equal when the dates allow)
#include <algorithm>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "tokten/impact/equity.hpp"
#include "tokten/model/assignment.hpp"
#include "tokten/model/problem.hpp"
#include "tokten/score/candidates.hpp"
#include "tokten/score/pair_score.hpp"
#include "tokten/score/scoring_context.hpp"
#include "tokten/solve.hpp"
#include "tokten/synth/random.hpp"

namespace tokten::impact {

enum class PolicyKind { optimal, most_seats, greedy, first_come, random, as_recorded };
inline constexpr std::string_view kPolicyKindNames[] = {"optimal", "most_seats", "greedy",
                                                        "first_come", "random", "as_recorded"};
inline std::string_view to_string(PolicyKind k) { return kPolicyKindNames[static_cast<std::size_t>(k)]; }

struct PolicyRunOptions {
  SolveOptions solve;  // the scoring policy and k; the objective is set by the kind
  std::vector<std::string> request_order;  // first_come: need ids, earliest request first; the
                                           // needs not listed follow in the problem's order
  std::uint64_t seed = 1;                  // random
  std::vector<std::pair<std::string, std::string>> recorded;  // as_recorded: (expert, need)
};

/// The same measures for every policy.
struct RoundMetrics {
  double total_score = 0;
  std::int64_t seats_requested = 0, seats_filled = 0;
  std::int64_t needs = 0, needs_filled = 0;  // needs_filled: every seat filled
  double seat_coverage = 1.0;                // seats_filled / seats_requested (1 without seats)
  double outside_capital_share = 0;          // of the pairs, those outside policy.capital_region
  double gini_regions = 0, theil_regions = 0;  // of per-region seat coverage
  std::int64_t infeasible_pairs = 0;           // as_recorded: recorded pairs the rules forbid (left out)
};

struct PolicyOutcome {
  PolicyKind kind = PolicyKind::optimal;
  Assignment assignment;  // pairs per need, best first; unfilled seats (reason and a short detail)
  RoundMetrics metrics;
};

/// Measures a set of (expert index, need index, score) pairs on a round.
inline RoundMetrics round_metrics(const Problem& problem, const score::ScoringContext& context,
                                  const std::vector<std::tuple<std::int32_t, std::int32_t, double>>& pairs) {
  RoundMetrics m;
  const std::size_t needs = context.need_count();
  std::vector<std::int64_t> filled(needs, 0);
  for (const auto& [e, n, s] : pairs) {
    ++filled[static_cast<std::size_t>(n)];
    m.total_score += s;
    if (!context.need(static_cast<std::size_t>(n)).in_capital) m.outside_capital_share += 1;
  }
  m.outside_capital_share = pairs.empty() ? 0.0 : m.outside_capital_share / static_cast<double>(pairs.size());
  m.needs = static_cast<std::int64_t>(needs);
  std::unordered_map<std::int32_t, std::pair<double, double>> by_region;  // requested, filled
  std::vector<std::int32_t> regions;
  for (std::size_t n = 0; n < needs; ++n) {
    const std::int64_t seats = problem.needs[n].seats;
    m.seats_requested += seats;
    m.seats_filled += std::min(filled[n], seats);  // a record beyond the seats fills none
    if (std::min(filled[n], seats) == seats) ++m.needs_filled;
    const std::int32_t r = context.need(n).region;
    auto [it, inserted] = by_region.try_emplace(r, 0.0, 0.0);
    if (inserted) regions.push_back(r);
    it->second.first += static_cast<double>(seats);
    it->second.second += static_cast<double>(std::min(filled[n], seats));
  }
  m.seat_coverage = m.seats_requested ? static_cast<double>(m.seats_filled) / static_cast<double>(m.seats_requested) : 1.0;
  std::vector<double> coverage;
  for (const std::int32_t r : regions) {
    const auto& [requested, got] = by_region[r];
    if (requested > 0) coverage.push_back(got / requested);
  }
  m.gini_regions = gini(coverage);
  m.theil_regions = theil(coverage);
  return m;
}

namespace detail {

using Pick = std::tuple<std::int32_t, std::int32_t, double>;  // expert, need, score

// Takes candidate pairs in the given order while the rules allow: the expert has a mission
// left, the need a seat, and no window of the expert's missions overlaps the need's.
inline std::vector<Pick> take_in_order(const Problem& problem, const score::ScoringContext& context,
                                       const std::vector<Pick>& order) {
  std::vector<std::int32_t> missions_left(context.expert_count()), seats_left(context.need_count());
  for (std::size_t e = 0; e < missions_left.size(); ++e) missions_left[e] = std::max(0, context.expert(e).max_missions);
  for (std::size_t n = 0; n < seats_left.size(); ++n) seats_left[n] = problem.needs[n].seats;
  std::vector<std::vector<std::int32_t>> taken(context.expert_count());  // need indices per expert
  std::vector<Pick> chosen;
  for (const Pick& p : order) {
    const auto [e, n, s] = p;
    const auto ue = static_cast<std::size_t>(e), un = static_cast<std::size_t>(n);
    if (missions_left[ue] == 0 || seats_left[un] == 0) continue;
    const DateWindow w = context.need(un).window;
    bool clash = false;
    for (const std::int32_t other : taken[ue]) {
      const DateWindow o = context.need(static_cast<std::size_t>(other)).window;
      clash = clash || other == n || (o.start <= w.end && w.start <= o.end);
    }
    if (clash) continue;
    --missions_left[ue];
    --seats_left[un];
    taken[ue].push_back(n);
    chosen.push_back(p);
  }
  return chosen;
}

inline std::vector<Pick> candidate_pairs(const match::BipartiteGraph& g) {
  std::vector<Pick> pairs;
  pairs.reserve(static_cast<std::size_t>(g.edges()));
  for (std::ptrdiff_t e = 0; e < g.rows; ++e)
    for (std::int64_t k = g.row_offset[static_cast<std::size_t>(e)]; k < g.row_offset[static_cast<std::size_t>(e) + 1]; ++k)
      pairs.emplace_back(static_cast<std::int32_t>(e), g.col_index[static_cast<std::size_t>(k)],
                         g.weight[static_cast<std::size_t>(k)]);
  return pairs;
}

// The Assignment of chosen pairs: per need, best first; open seats listed with the policy named.
inline Assignment to_assignment(const Problem& problem, const score::ScoringContext& context,
                                const std::vector<Pick>& chosen, const std::vector<std::int32_t>& feasible,
                                PolicyKind kind, Objective objective) {
  Assignment a;
  a.problem = problem.name;
  a.objective = objective;
  a.status = SolveStatus::feasible;
  std::vector<std::vector<std::pair<double, std::int32_t>>> by_need(context.need_count());
  for (const auto& [e, n, s] : chosen) by_need[static_cast<std::size_t>(n)].push_back({s, e});
  for (std::size_t n = 0; n < by_need.size(); ++n) {
    auto& list = by_need[n];
    std::sort(list.begin(), list.end(), [](const auto& x, const auto& y) {
      return x.first != y.first ? x.first > y.first : x.second < y.second;
    });
    for (const auto& [s, e] : list) {
      a.pairs.push_back({context.expert_id(static_cast<std::size_t>(e)), context.need_id(n), s, {}});
      a.total_score += s;
    }
    const int open = problem.needs[n].seats - static_cast<int>(list.size());
    if (open > 0) {
      UnfilledSeats u;
      u.need = context.need_id(n);
      u.seats = open;
      const bool none = n < feasible.size() && feasible[n] == 0;
      u.reason = none ? UnfilledReason::no_feasible_expert : UnfilledReason::experts_taken;
      u.detail = none ? "no feasible expert" : "left open by the " + std::string(to_string(kind)) + " policy";
      a.unfilled.push_back(std::move(u));
    }
  }
  return a;
}

}  // namespace detail

/// Runs one policy on the round (see the header comment). Throws InputError for an invalid
/// problem or policy, std::invalid_argument for a recorded pair or request naming an unknown id.
inline PolicyOutcome run_policy(const Problem& problem, PolicyKind kind, const PolicyRunOptions& options = {}) {
  PolicyOutcome out;
  out.kind = kind;
  if (kind == PolicyKind::optimal || kind == PolicyKind::most_seats) {
    SolveOptions solve_options = options.solve;
    solve_options.objective = kind == PolicyKind::optimal ? Objective::max_weight : Objective::max_seats_then_weight;
    out.assignment = solve(problem, solve_options);
    const score::ScoringContext context(problem, options.solve.policy);
    std::vector<detail::Pick> picks;
    for (const AssignedPair& p : out.assignment.pairs)
      picks.emplace_back(static_cast<std::int32_t>(context.find_expert(p.expert)),
                         static_cast<std::int32_t>(context.find_need(p.need)), p.score);
    out.metrics = round_metrics(problem, context, picks);
    return out;
  }

  tokten::detail::check_solve_options(options.solve);
  const score::ScoringContext context(problem, options.solve.policy);
  std::vector<detail::Pick> chosen;
  std::vector<std::int32_t> feasible;
  if (kind == PolicyKind::as_recorded) {
    // The recorded pairs, in their order, through the same rules as every policy: a pair the
    // scorer finds infeasible, or that would exceed max_missions or the seats, overlap another
    // mission of the expert or repeat a pair, is counted in infeasible_pairs and left out.
    std::vector<detail::Pick> recorded;
    for (const auto& [expert, need] : options.recorded) {
      const std::int64_t e = context.find_expert(expert), n = context.find_need(need);
      if (e < 0) throw std::invalid_argument("recorded pair (" + expert + ", " + need + "): unknown expert id");
      if (n < 0) throw std::invalid_argument("recorded pair (" + expert + ", " + need + "): unknown need id");
      const score::PairScore s = score::score_pair(context, static_cast<std::size_t>(e), static_cast<std::size_t>(n));
      if (s.feasible) recorded.emplace_back(static_cast<std::int32_t>(e), static_cast<std::int32_t>(n), s.score);
    }
    chosen = detail::take_in_order(problem, context, recorded);
    out.assignment = detail::to_assignment(problem, context, chosen, feasible, kind, Objective::max_weight);
    out.metrics = round_metrics(problem, context, chosen);
    out.metrics.infeasible_pairs = static_cast<std::int64_t>(options.recorded.size() - chosen.size());
    return out;
  }

  score::CandidateOptions candidate_options;
  candidate_options.k = options.solve.candidates_per_need;
  candidate_options.path = options.solve.candidate_path;
  score::Candidates candidates = score::generate_candidates(context, candidate_options);
  feasible = candidates.feasible_count;
  std::vector<detail::Pick> order = detail::candidate_pairs(candidates.graph);
  if (kind == PolicyKind::greedy) {
    std::sort(order.begin(), order.end(), [](const detail::Pick& a, const detail::Pick& b) {
      if (std::get<2>(a) != std::get<2>(b)) return std::get<2>(a) > std::get<2>(b);
      if (std::get<1>(a) != std::get<1>(b)) return std::get<1>(a) < std::get<1>(b);
      return std::get<0>(a) < std::get<0>(b);
    });
  } else if (kind == PolicyKind::first_come) {
    std::vector<std::int64_t> rank(context.need_count(), -1);
    std::int64_t next = 0;
    for (const std::string& id : options.request_order) {
      const std::int64_t n = context.find_need(id);
      if (n < 0) throw std::invalid_argument("request_order: unknown need id '" + id + "'");
      if (rank[static_cast<std::size_t>(n)] < 0) rank[static_cast<std::size_t>(n)] = next++;
    }
    for (auto& r : rank)
      if (r < 0) r = next++;  // unlisted needs keep the problem's order after the listed ones
    std::sort(order.begin(), order.end(), [&rank](const detail::Pick& a, const detail::Pick& b) {
      const auto ra = rank[static_cast<std::size_t>(std::get<1>(a))], rb = rank[static_cast<std::size_t>(std::get<1>(b))];
      if (ra != rb) return ra < rb;
      if (std::get<2>(a) != std::get<2>(b)) return std::get<2>(a) > std::get<2>(b);
      return std::get<0>(a) < std::get<0>(b);
    });
  } else {  // random: Fisher-Yates with the platform-independent generator
    synth::Random rng(options.seed);
    for (std::size_t i = order.size(); i > 1; --i)
      std::swap(order[i - 1], order[static_cast<std::size_t>(rng.between(0, static_cast<int>(i - 1)))]);
  }
  chosen = detail::take_in_order(problem, context, order);
  out.assignment = detail::to_assignment(problem, context, chosen, feasible, kind, Objective::max_weight);
  out.metrics = round_metrics(problem, context, chosen);
  return out;
}

}  // namespace tokten::impact

namespace tokten::impact {

/// One point of the price-of-equity curve: the optimal assignment when needs outside the
/// capital get `bonus` as their equity bonus, measured without it. quality is the total of the
/// base policy's scores (equity_bonus 0) over the chosen pairs; metrics are the round's.
struct EquityPoint {
  double bonus = 0;
  double quality = 0;
  RoundMetrics metrics;
};

/// Maximising quality + bonus x (quality outside the capital), the quality of the chosen pairs
/// falls and their quality outside the capital rises as the bonus grows (when the solve is
/// exact): the parametric argument behind "the price of equity" (Bertsimas, Farias and
/// Trichakis 2011). One solve.
inline EquityPoint equity_point(const Problem& problem, const SolveOptions& options, double bonus) {
  EquityPoint point;
  point.bonus = bonus;
  SolveOptions tilted = options;
  tilted.policy.equity_bonus = bonus;
  tilted.explain_pairs = false;
  tilted.alternates = 0;
  tilted.fixes = 0;
  const PolicyOutcome outcome = run_policy(problem, PolicyKind::optimal, PolicyRunOptions{tilted, {}, 1, {}});
  point.metrics = outcome.metrics;
  score::ScoringPolicy base = options.policy;
  base.equity_bonus = 0.0;
  const score::ScoringContext context(problem, base);
  for (const AssignedPair& p : outcome.assignment.pairs)
    point.quality += score::score_pair(context, static_cast<std::size_t>(context.find_expert(p.expert)),
                                       static_cast<std::size_t>(context.find_need(p.need)))
                         .score;
  return point;
}

}  // namespace tokten::impact
