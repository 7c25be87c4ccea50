#pragma once
// How much of a round's coverage survives experts withdrawing: a Monte Carlo over withdrawals
// with re-matching of the freed seats.
//
// Problem: a round and its assignment (pairs of experts and needs). In each trial every
// assigned expert withdraws independently with probability p_e (one p for all, or per expert:
// per region or country of residence in the Python layer). The withdrawn experts' seats are
// freed; the other pairs stay as they are; the freed seats are re-matched optimally among the
// experts still present, with the solve's rules: an expert's missions stay within max_missions
// counting the ones kept, and no new mission's window overlaps one of the expert's missions
// (kept or new). The re-matching is the capacitated assignment over each need's k best
// candidates (the same graph as solve), with the freed seats as the needs' capacities and the
// pairs overlapping a kept mission removed.
//
// Each trial reports the seats freed and refilled and the coverage before and after
// re-matching. Trial t draws from its own generator seeded by (seed, t), so a run of trials
// [first, first + count) gives the same trials however the range is split across workers.
//
// Running time: the candidates once (as in solve), then per trial O(pairs) to draw plus one
// capacitated assignment over the candidate pairs of the needs with freed seats.
//
// Example:
//   tokten::impact::WithdrawalOptions w;
//   w.probability = std::vector<double>(problem.experts.size(), 0.1);
//   w.trials = 200;
//   auto trials = tokten::impact::withdrawal_trials(problem, tokten::SolveOptions{}, base, w);
#include <algorithm>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "tokten/match/capacitated_assignment.hpp"
#include "tokten/model/assignment.hpp"
#include "tokten/model/problem.hpp"
#include "tokten/score/candidates.hpp"
#include "tokten/score/scoring_context.hpp"
#include "tokten/solve.hpp"
#include "tokten/synth/random.hpp"

namespace tokten::impact {

struct WithdrawalOptions {
  std::vector<double> probability;  // per expert of the problem (its order), each in [0, 1]
  std::int32_t first_trial = 0;     // the trials run are [first_trial, first_trial + trials)
  std::int32_t trials = 100;
  std::uint64_t seed = 1;
  bool rematch = true;  // false: only the withdrawals, no re-matching
};

struct WithdrawalTrial {
  std::int32_t trial = 0;
  std::int64_t withdrawn = 0;       // assigned experts who withdrew
  std::int64_t seats_freed = 0;
  std::int64_t seats_refilled = 0;
  std::int64_t seats_filled = 0;    // after re-matching
  double coverage_before = 0;       // seats filled after the withdrawals, before re-matching, / requested
  double coverage = 0;              // after re-matching
  double total_score = 0;           // after re-matching
};

namespace detail {

inline std::uint64_t trial_seed(std::uint64_t seed, std::int32_t trial) {
  synth::Random mix(seed ^ (0xD1B54A32D192ED03ULL * (static_cast<std::uint64_t>(trial) + 1)));
  return mix.next();
}

}  // namespace detail

/// The trials of the Monte Carlo (see the header comment). `base` must be an assignment of
/// `problem` (ids known); std::invalid_argument otherwise or for probabilities outside [0, 1].
inline std::vector<WithdrawalTrial> withdrawal_trials(const Problem& problem, const SolveOptions& options,
                                                      const Assignment& base, const WithdrawalOptions& w) {
  const score::ScoringContext context(problem, options.policy);
  const std::size_t experts = context.expert_count(), needs = context.need_count();
  if (w.probability.size() != experts)
    throw std::invalid_argument("probability: one per expert expected (" + std::to_string(experts) + "), got " +
                                std::to_string(w.probability.size()));
  for (std::size_t e = 0; e < experts; ++e)
    if (!(w.probability[e] >= 0.0 && w.probability[e] <= 1.0))
      throw std::invalid_argument("probability of expert '" + context.expert_id(e) + "' must be in [0, 1]");
  if (w.trials < 0 || w.first_trial < 0) throw std::invalid_argument("trials and first_trial must be >= 0");

  std::vector<std::pair<std::int32_t, std::int32_t>> pairs;  // (expert, need) of the base
  std::vector<double> pair_score;
  for (const AssignedPair& p : base.pairs) {
    const std::int64_t e = context.find_expert(p.expert), n = context.find_need(p.need);
    if (e < 0 || n < 0)
      throw std::invalid_argument("base pair (" + p.expert + ", " + p.need + "): unknown " + (e < 0 ? "expert" : "need") + " id");
    pairs.emplace_back(static_cast<std::int32_t>(e), static_cast<std::int32_t>(n));
    pair_score.push_back(p.score);
  }
  std::int64_t seats_requested = 0;
  for (const Need& n : problem.needs) seats_requested += n.seats;
  const double requested = seats_requested > 0 ? static_cast<double>(seats_requested) : 1.0;

  score::Candidates candidates;
  if (w.rematch) {
    score::CandidateOptions co;
    co.k = options.candidates_per_need;
    co.path = options.candidate_path;
    candidates = score::generate_candidates(context, co);
  }
  const match::BipartiteGraph& g = candidates.graph;

  std::vector<char> withdrawn(experts, 0), drawn(experts, 0);
  std::vector<std::int64_t> freed(needs, 0), kept_missions(experts, 0);
  std::vector<std::vector<std::int32_t>> kept_needs(experts);
  std::vector<WithdrawalTrial> out;
  out.reserve(static_cast<std::size_t>(w.trials));
  for (std::int32_t t = w.first_trial; t < w.first_trial + w.trials; ++t) {
    WithdrawalTrial trial;
    trial.trial = t;
    synth::Random rng(detail::trial_seed(w.seed, t));
    std::fill(withdrawn.begin(), withdrawn.end(), 0);
    std::fill(drawn.begin(), drawn.end(), 0);
    // Each assigned expert draws once, in the order of first appearance in the base.
    for (const auto& [e, n] : pairs) {
      const auto ue = static_cast<std::size_t>(e);
      if (drawn[ue]) continue;
      drawn[ue] = 1;
      if (rng.chance(w.probability[ue])) {
        withdrawn[ue] = 1;
        ++trial.withdrawn;
      }
    }
    std::fill(freed.begin(), freed.end(), 0);
    std::fill(kept_missions.begin(), kept_missions.end(), 0);
    for (auto& k : kept_needs) k.clear();
    double kept_score = 0;
    for (std::size_t i = 0; i < pairs.size(); ++i) {
      const auto [e, n] = pairs[i];
      if (withdrawn[static_cast<std::size_t>(e)]) {
        ++freed[static_cast<std::size_t>(n)];
        ++trial.seats_freed;
      } else {
        ++kept_missions[static_cast<std::size_t>(e)];
        kept_needs[static_cast<std::size_t>(e)].push_back(n);
        kept_score += pair_score[i];
      }
    }
    const std::int64_t kept = static_cast<std::int64_t>(pairs.size()) - trial.seats_freed;
    trial.coverage_before = static_cast<double>(kept) / requested;
    trial.total_score = kept_score;
    if (w.rematch && trial.seats_freed > 0) {
      // The freed seats' candidates among the experts still present, minus pairs that clash
      // with a kept mission (or repeat one).
      std::vector<match::BipartiteGraph::Triplet> triplets;
      for (std::ptrdiff_t e = 0; e < g.rows; ++e) {
        const auto ue = static_cast<std::size_t>(e);
        if (withdrawn[ue] || kept_missions[ue] >= context.expert(ue).max_missions) continue;
        for (std::int64_t k = g.row_offset[ue]; k < g.row_offset[ue + 1]; ++k) {
          const std::int32_t n = g.col_index[static_cast<std::size_t>(k)];
          if (freed[static_cast<std::size_t>(n)] == 0) continue;
          const DateWindow wn = context.need(static_cast<std::size_t>(n)).window;
          bool clash = false;
          for (const std::int32_t other : kept_needs[ue]) {
            const DateWindow wo = context.need(static_cast<std::size_t>(other)).window;
            clash = clash || other == n || (wo.start <= wn.end && wn.start <= wo.end);
          }
          if (!clash) triplets.push_back({e, n, g.weight[static_cast<std::size_t>(k)]});
        }
      }
      match::CapacitatedProblem flow;
      flow.graph = match::BipartiteGraph::from_triplets(static_cast<std::ptrdiff_t>(experts),
                                                        static_cast<std::ptrdiff_t>(needs), std::move(triplets));
      flow.row_capacity.resize(experts);
      for (std::size_t e = 0; e < experts; ++e)
        flow.row_capacity[e] = withdrawn[e] ? 0 : std::max<std::int64_t>(0, context.expert(e).max_missions - kept_missions[e]);
      flow.col_capacity.assign(freed.begin(), freed.end());
      flow.col_interval.resize(needs);
      for (std::size_t n = 0; n < needs; ++n) {
        const DateWindow wn = context.need(n).window;
        flow.col_interval[n] = {wn.start.days, wn.end.days};
      }
      flow.objective = options.objective == Objective::max_weight ? match::Objective::max_weight
                                                                  : match::Objective::max_cardinality;
      const match::CapacitatedAssignment solved = match::solve_capacitated_assignment(flow);
      if (solved.status == match::CapacitatedStatus::optimal || solved.status == match::CapacitatedStatus::feasible) {
        trial.seats_refilled = static_cast<std::int64_t>(solved.edges.size());
        for (const std::int64_t k : solved.edges) trial.total_score += flow.graph.weight[static_cast<std::size_t>(k)];
      }
    }
    trial.seats_filled = kept + trial.seats_refilled;
    trial.coverage = static_cast<double>(trial.seats_filled) / requested;
    out.push_back(trial);
  }
  return out;
}

}  // namespace tokten::impact
