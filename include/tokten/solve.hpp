#pragma once
// The end-to-end solve of a planning round: Problem + ScoringPolicy -> scored candidate graph ->
// capacitated assignment -> Assignment with per-pair explanations, unfilled seats with their
// reasons and smallest fixes, and ranked alternates. The one API behind the C++ library, Python's
// tokten.solve and `tokten solve`.
//
//   1. ScoringContext(problem, policy): checks both (InputError with the JSON pointer of the
//      first issue: an unknown skill, a need with no skill, a bad window, a level off the scale,
//      a negative or NaN weight, a taxonomy cycle), then compiles them.
//   2. generate_candidates (score/candidates.hpp): per need its k best feasible experts, a
//      sparse experts x needs graph whose weights are the pair scores.
//   3. solve_capacitated_assignment (match/capacitated_assignment.hpp): rows = experts with
//      capacity max_missions, columns = needs with capacity seats, col_interval = each need's
//      date window, so that no expert gets two missions whose windows overlap. CONSERVATIVE: a
//      mission is usually shorter than its window, so two overlapping windows could often be
//      scheduled one after the other; the rule forbids them anyway (no schedule is produced).
//      Objective::max_weight is the best total score; max_seats_then_weight (the engine's
//      max_cardinality) fills the most seats, then the best total among those.
//      When windows overlap across the engine's periods the result is conflict-free but may be
//      short of the optimum: status `feasible`, and SolveReport::gap = bound - total.
//   4. The Assignment: pairs (need order, best first) with explain()'s terms in the domain's
//      words; total_score = the sum of the pair scores; unfilled seats with the reason and up to
//      `fixes` single changes that would fill one (score/unfilled.hpp); per need up to
//      `alternates` next-best feasible candidates not assigned to it.
//
// Progress and cancellation (SolveOptions::progress, ::cancel): the solve reports each stage as it
// starts and polls the cancel flag there and every 256 needs while writing the Assignment; a set
// flag throws Cancelled, so a cancelled solve returns nothing rather than half an answer.
//
// Deterministic: the same problem and options give the same Assignment. With candidates_per_need
// >= the number of experts the graph holds every feasible pair, so the total is the optimum over
// all feasible pairs (under the window rule; see status).
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tokten/match/capacitated_assignment.hpp"
#include "tokten/model/assignment.hpp"
#include "tokten/model/problem.hpp"
#include "tokten/score/candidates.hpp"
#include "tokten/score/explain.hpp"
#include "tokten/score/policy.hpp"
#include "tokten/score/scoring_context.hpp"
#include "tokten/score/unfilled.hpp"

namespace tokten {

/// Thrown by solve when SolveOptions::cancel reads true: nothing is returned, nothing half-done.
class Cancelled : public std::runtime_error {
 public:
  Cancelled() : std::runtime_error("the solve was cancelled") {}
};

/// The stages of a solve, in order, as SolveOptions::progress names them.
inline constexpr std::string_view kSolveStages[] = {"checking", "candidates", "matching", "results"};
inline constexpr std::int64_t kSolveStageCount = 4;

struct SolveOptions {
  score::ScoringPolicy policy;
  Objective objective = Objective::max_weight;
  std::int32_t candidates_per_need = 50;  // k: the best feasible experts kept per need (>= 1)
  std::int32_t alternates = 3;            // per need, the next best candidates listed (>= 0)
  bool explain_pairs = true;              // give each pair its score terms in words
  std::int32_t fixes = 3;                 // per unfilled need, at most this many fixes (>= 0)
  score::CandidateOptions::Path candidate_path = score::CandidateOptions::Path::automatic;
  // Called as each stage starts (stage name, stages done, kSolveStageCount) and once at the end
  // ("done", 4, 4). It may throw to stop the solve (Python's Ctrl-C does).
  std::function<void(std::string_view stage, std::int64_t done, std::int64_t total)> progress;
  // Polled at each stage and every 256 needs of the last stage; true throws Cancelled. The
  // matching itself runs to its end once started.
  const std::atomic<bool>* cancel = nullptr;
  // Polled at the same points as `cancel` (Python's binding checks Ctrl-C and its Event there);
  // true throws Cancelled, and it may throw its own exception.
  std::function<bool()> should_stop;
};

/// The Assignment and what the solve learned on the way.
struct SolveReport {
  Assignment assignment;
  double bound = 0.0;  // upper bound on the total score (== total when optimal)
  double gap = 0.0;    // bound - total; > 0 only when status is feasible
  std::int64_t candidate_pairs = 0;
  bool dense_candidates = false;
  std::int64_t seats = 0;         // in all needs
  std::int64_t seats_filled = 0;  // == pairs
  // Wall-clock milliseconds of each stage (not part of the Assignment: not deterministic).
  double context_ms = 0, candidates_ms = 0, matching_ms = 0, explanations_ms = 0;
};

namespace detail {

inline void check_solve_options(const SolveOptions& o) {
  if (o.candidates_per_need < 1)
    throw std::invalid_argument("candidates_per_need must be >= 1, got " + std::to_string(o.candidates_per_need));
  if (o.alternates < 0) throw std::invalid_argument("alternates must be >= 0, got " + std::to_string(o.alternates));
  if (o.fixes < 0) throw std::invalid_argument("fixes must be >= 0, got " + std::to_string(o.fixes));
}

// Stops the solve when the caller asked to.
inline void poll(const SolveOptions& o) {
  if ((o.cancel && o.cancel->load(std::memory_order_relaxed)) || (o.should_stop && o.should_stop())) throw Cancelled();
}

// One checkpoint: stop if cancelled (not once the work is done), then say where the solve is.
inline void checkpoint(const SolveOptions& o, std::int64_t stage) {
  if (stage < kSolveStageCount) poll(o);
  if (o.progress)
    o.progress(stage < kSolveStageCount ? kSolveStages[stage] : std::string_view("done"), stage, kSolveStageCount);
}

inline double elapsed_ms(std::chrono::steady_clock::time_point& since) {
  const auto now = std::chrono::steady_clock::now();
  const double ms = std::chrono::duration<double, std::milli>(now - since).count();
  since = now;
  return ms;
}

}  // namespace detail

/// Solves a planning round end to end; see the header comment. Throws InputError for an invalid
/// problem or policy, std::invalid_argument for invalid options.

// The matching the solve runs: experts (rows) take at most max_missions missions, needs
// (columns) at most seats experts, over the candidate pairs, and no expert two needs whose date
// windows overlap. Exposed so that benchmarks time exactly this step.
inline match::CapacitatedProblem matching_problem(const Problem& problem,
                                                  const score::ScoringContext& context,
                                                  match::BipartiteGraph candidates) {
  const std::size_t experts = context.expert_count();
  const std::size_t needs = context.need_count();
  match::CapacitatedProblem flow;
  flow.graph = std::move(candidates);
  flow.row_capacity.resize(experts);
  for (std::size_t e = 0; e < experts; ++e)
    flow.row_capacity[e] = std::max(0, context.expert(e).max_missions);
  flow.col_capacity.resize(needs);
  flow.col_interval.resize(needs);
  for (std::size_t n = 0; n < needs; ++n) {
    flow.col_capacity[n] = problem.needs[n].seats;
    const DateWindow w = context.need(n).window;
    flow.col_interval[n] = {w.start.days, w.end.days};
  }
  return flow;
}

inline SolveReport solve_report(const Problem& problem, const SolveOptions& options = {}) {
  detail::check_solve_options(options);
  SolveReport report;
  detail::checkpoint(options, 0);
  auto clock = std::chrono::steady_clock::now();
  const score::ScoringContext context(problem, options.policy);
  report.context_ms = detail::elapsed_ms(clock);

  detail::checkpoint(options, 1);
  clock = std::chrono::steady_clock::now();
  score::CandidateOptions candidate_options;
  candidate_options.k = options.candidates_per_need;
  candidate_options.path = options.candidate_path;
  score::Candidates candidates = score::generate_candidates(context, candidate_options);
  report.candidates_ms = detail::elapsed_ms(clock);
  report.dense_candidates = candidates.dense;

  const std::size_t experts = context.expert_count();
  const std::size_t needs = context.need_count();
  match::CapacitatedProblem flow = matching_problem(problem, context, std::move(candidates.graph));
  for (std::size_t n = 0; n < needs; ++n) report.seats += problem.needs[n].seats;
  flow.objective = options.objective == Objective::max_weight ? match::Objective::max_weight
                                                              : match::Objective::max_cardinality;
  const match::BipartiteGraph& graph = flow.graph;
  report.candidate_pairs = graph.edges();
  detail::checkpoint(options, 2);
  clock = std::chrono::steady_clock::now();
  const match::CapacitatedAssignment solved = match::solve_capacitated_assignment(flow);
  report.matching_ms = detail::elapsed_ms(clock);
  detail::checkpoint(options, 3);
  clock = std::chrono::steady_clock::now();

  Assignment& a = report.assignment;
  a.problem = problem.name;
  a.objective = options.objective;
  a.status = solved.status == match::CapacitatedStatus::optimal    ? SolveStatus::optimal
             : solved.status == match::CapacitatedStatus::feasible ? SolveStatus::feasible
                                                                   : SolveStatus::infeasible;

  // Per need, its candidates (expert, score), best first (ties: lower expert index).
  std::vector<std::vector<std::pair<std::int32_t, double>>> by_need(needs);
  for (std::ptrdiff_t e = 0; e < graph.rows; ++e)
    for (std::int64_t k = graph.row_offset[static_cast<std::size_t>(e)];
         k < graph.row_offset[static_cast<std::size_t>(e) + 1]; ++k)
      by_need[static_cast<std::size_t>(graph.col_index[static_cast<std::size_t>(k)])].push_back(
          {static_cast<std::int32_t>(e), graph.weight[static_cast<std::size_t>(k)]});
  for (auto& list : by_need)
    std::stable_sort(list.begin(), list.end(), [](const auto& x, const auto& y) { return x.second > y.second; });

  // The chosen pairs, by need.
  score::RoundLoad load;
  load.missions.resize(experts);
  load.repaired = a.status == SolveStatus::feasible;
  load.candidates_per_need = options.candidates_per_need;
  std::vector<std::vector<std::pair<std::int32_t, double>>> chosen(needs);
  if (a.status != SolveStatus::infeasible) {
    for (const std::int64_t k : solved.edges) {
      const auto e = std::upper_bound(graph.row_offset.begin(), graph.row_offset.end(), k) - graph.row_offset.begin() - 1;
      const auto n = static_cast<std::size_t>(graph.col_index[static_cast<std::size_t>(k)]);
      chosen[n].push_back({static_cast<std::int32_t>(e), graph.weight[static_cast<std::size_t>(k)]});
      load.missions[static_cast<std::size_t>(e)].push_back(static_cast<std::int32_t>(n));
    }
  }
  for (auto& m : load.missions) std::sort(m.begin(), m.end());
  for (std::size_t n = 0; n < needs; ++n) {
    if (n % 256 == 255) detail::poll(options);
    auto& list = chosen[n];
    std::stable_sort(list.begin(), list.end(), [](const auto& x, const auto& y) {
      return x.second != y.second ? x.second > y.second : x.first < y.first;
    });
    for (const auto& [e, s] : list) {
      AssignedPair pair{context.expert_id(static_cast<std::size_t>(e)), context.need_id(n), s, {}};
      if (options.explain_pairs) pair.terms = score::explain(context, static_cast<std::size_t>(e), n).terms;
      a.total_score += s;
      a.pairs.push_back(std::move(pair));
    }
  }
  report.seats_filled = static_cast<std::int64_t>(a.pairs.size());
  report.bound = a.status == SolveStatus::infeasible ? a.total_score : std::max(solved.bound, a.total_score);
  report.gap = a.status == SolveStatus::feasible ? std::max(0.0, solved.bound - a.total_score) : 0.0;

  // Unfilled seats, then alternates.
  for (std::size_t n = 0; n < needs; ++n) {
    if (n % 256 == 255) detail::poll(options);
    const int open = problem.needs[n].seats - static_cast<int>(chosen[n].size());
    if (open <= 0) continue;
    a.unfilled.push_back(score::explain_unfilled(context, problem.needs[n], n, open, by_need[n],
                                                 candidates.feasible_count[n], load,
                                                 static_cast<std::size_t>(options.fixes)));
  }
  if (options.alternates > 0) {
    for (std::size_t n = 0; n < needs; ++n) {
      NeedAlternates alt{context.need_id(n), {}};
      for (const auto& [e, s] : by_need[n]) {
        if (static_cast<std::int32_t>(alt.experts.size()) >= options.alternates) break;
        const auto& m = load.missions[static_cast<std::size_t>(e)];
        if (std::binary_search(m.begin(), m.end(), static_cast<std::int32_t>(n))) continue;
        alt.experts.push_back({context.expert_id(static_cast<std::size_t>(e)), s});
      }
      if (!alt.experts.empty()) a.alternates.push_back(std::move(alt));
    }
  }
  report.explanations_ms = detail::elapsed_ms(clock);
  detail::checkpoint(options, kSolveStageCount);
  return report;
}

/// The Assignment alone.
inline Assignment solve(const Problem& problem, const SolveOptions& options = {}) {
  return std::move(solve_report(problem, options).assignment);
}

/// One paragraph for people: pairs, seats filled of the total, the total score and status,
/// unfilled seats by reason, the candidate graph, and the time of each stage.
inline std::string format_solve_summary(const SolveReport& r) {
  const Assignment& a = r.assignment;
  using score::detail::fixed;
  std::string text = (a.problem.empty() ? std::string("The round") : "Round \"" + a.problem + "\"") + ": " +
                     std::to_string(a.pairs.size()) + " pairs, " + std::to_string(r.seats_filled) + " of " +
                     std::to_string(r.seats) + " seats filled, total score " + fixed(a.total_score) + " (" +
                     std::string(to_string(a.status)) + ", " + std::string(to_string(a.objective));
  if (a.status == SolveStatus::feasible) text += ", gap at most " + fixed(r.gap);
  text += ").";
  if (!a.unfilled.empty()) {
    std::array<std::int64_t, 5> seats{}, needs{};
    for (const UnfilledSeats& u : a.unfilled) {
      seats[static_cast<std::size_t>(u.reason)] += u.seats;
      ++needs[static_cast<std::size_t>(u.reason)];
    }
    std::string parts;
    for (std::size_t k = 0; k < seats.size(); ++k)
      if (needs[k] > 0)
        parts += (parts.empty() ? "" : ", ") + std::string(to_string(static_cast<UnfilledReason>(k))) + " " +
                 std::to_string(seats[k]) + (seats[k] == 1 ? " seat" : " seats") + " (" + std::to_string(needs[k]) +
                 (needs[k] == 1 ? " need)" : " needs)");
    text += " Unfilled: " + parts + ".";
  }
  text += " Candidates: " + std::to_string(r.candidate_pairs) + " pairs (" +
          (r.dense_candidates ? "dense" : "sparse") + " path). Time: context " + fixed(r.context_ms, 1) +
          " ms, candidates " + fixed(r.candidates_ms, 1) + " ms, matching " + fixed(r.matching_ms, 1) +
          " ms, explanations " + fixed(r.explanations_ms, 1) + " ms.\n";
  return text;
}

}  // namespace tokten
