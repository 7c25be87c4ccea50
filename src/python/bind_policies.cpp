// Policy comparison and withdrawal robustness (include/tokten/impact/policies.hpp,
// robustness.hpp) for python/tokten/_policies.py: plain values in, dicts and lists out.
#include <optional>

#include <pybind11/stl.h>

#include "bindings.hpp"
#include "tokten/impact/policies.hpp"
#include "tokten/impact/robustness.hpp"

namespace tokten::python {

namespace py = pybind11;

namespace {

impact::PolicyKind policy_kind(const std::string& name) {
  for (std::size_t i = 0; i < std::size(impact::kPolicyKindNames); ++i)
    if (impact::kPolicyKindNames[i] == name) return static_cast<impact::PolicyKind>(i);
  throw py::value_error("expected a policy (optimal, most_seats, greedy, first_come, random or as_recorded), got '" +
                        name + "'");
}

py::dict metrics_dict(const impact::RoundMetrics& m) {
  py::dict d;
  d["total_score"] = m.total_score;
  d["seats_filled"] = m.seats_filled;
  d["seats_requested"] = m.seats_requested;
  d["seat_coverage"] = m.seat_coverage;
  d["needs_filled"] = m.needs_filled;
  d["needs"] = m.needs;
  d["outside_capital_share"] = m.outside_capital_share;
  d["gini_regions"] = m.gini_regions;
  d["theil_regions"] = m.theil_regions;
  d["infeasible_pairs"] = m.infeasible_pairs;
  return d;
}

SolveOptions solve_options(const std::optional<score::ScoringPolicy>& policy, std::int32_t candidates_per_need,
                           Objective objective) {
  SolveOptions o;
  if (policy) o.policy = *policy;
  o.candidates_per_need = candidates_per_need;
  o.objective = objective;
  o.explain_pairs = false;
  o.alternates = 0;
  o.fixes = 0;
  return o;
}

}  // namespace

void bind_policies(py::module_& m) {
  m.def(
      "_run_policy",
      [](const Problem problem, const std::string& kind, const std::optional<score::ScoringPolicy>& policy,
         std::int32_t candidates_per_need, const std::vector<std::string>& request_order, std::uint64_t seed,
         const std::vector<std::pair<std::string, std::string>>& recorded) {
        impact::PolicyRunOptions options;
        options.solve = solve_options(policy, candidates_per_need, Objective::max_weight);
        options.request_order = request_order;
        options.seed = seed;
        options.recorded = recorded;
        const impact::PolicyKind k = policy_kind(kind);
        impact::PolicyOutcome outcome;
        {
          py::gil_scoped_release release;
          outcome = impact::run_policy(problem, k, options);
        }
        return std::make_pair(std::move(outcome.assignment), metrics_dict(outcome.metrics));
      },
      py::arg("problem"), py::arg("kind"), py::arg("policy"), py::arg("candidates_per_need"),
      py::arg("request_order"), py::arg("seed"), py::arg("recorded"),
      "One assignment policy on a round: (Assignment, metrics dict). Use tokten.compare_policies.");

  m.def(
      "_equity_point",
      [](const Problem problem, const std::optional<score::ScoringPolicy>& policy, double bonus,
         std::int32_t candidates_per_need) {
        impact::EquityPoint point;
        {
          py::gil_scoped_release release;
          point = impact::equity_point(problem, solve_options(policy, candidates_per_need, Objective::max_weight), bonus);
        }
        py::dict d = metrics_dict(point.metrics);
        d["equity_bonus"] = point.bonus;
        d["quality"] = point.quality;
        return d;
      },
      py::arg("problem"), py::arg("policy"), py::arg("bonus"), py::arg("candidates_per_need"),
      "One point of the price of equity: metrics and quality. Use tokten.price_of_equity.");

  m.def(
      "_withdrawal_trials",
      [](const Problem problem, const std::optional<score::ScoringPolicy>& policy, std::int32_t candidates_per_need,
         Objective objective, const Assignment& base, const std::vector<double>& probability, std::int32_t first_trial,
         std::int32_t trials, std::uint64_t seed, bool rematch) {
        impact::WithdrawalOptions w;
        w.probability = probability;
        w.first_trial = first_trial;
        w.trials = trials;
        w.seed = seed;
        w.rematch = rematch;
        std::vector<impact::WithdrawalTrial> out;
        {
          py::gil_scoped_release release;
          out = impact::withdrawal_trials(problem, solve_options(policy, candidates_per_need, objective), base, w);
        }
        py::dict columns;
        std::vector<std::int64_t> trial, withdrawn, freed, refilled, filled;
        std::vector<double> before, coverage, score;
        for (const auto& t : out) {
          trial.push_back(t.trial);
          withdrawn.push_back(t.withdrawn);
          freed.push_back(t.seats_freed);
          refilled.push_back(t.seats_refilled);
          filled.push_back(t.seats_filled);
          before.push_back(t.coverage_before);
          coverage.push_back(t.coverage);
          score.push_back(t.total_score);
        }
        columns["trial"] = trial;
        columns["withdrawn"] = withdrawn;
        columns["seats_freed"] = freed;
        columns["seats_refilled"] = refilled;
        columns["seats_filled"] = filled;
        columns["coverage_before"] = before;
        columns["coverage"] = coverage;
        columns["total_score"] = score;
        return columns;
      },
      py::arg("problem"), py::arg("policy"), py::arg("candidates_per_need"), py::arg("objective"), py::arg("base"),
      py::arg("probability"), py::arg("first_trial"), py::arg("trials"), py::arg("seed"), py::arg("rematch"),
      "Withdrawal trials [first_trial, first_trial + trials): a dict of columns. Use tokten.withdrawal_robustness.");
}

}  // namespace tokten::python
