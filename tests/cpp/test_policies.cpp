// Assignment policies compared on a round, and the withdrawal Monte Carlo: every policy obeys the
// rules, the baselines do what they say, the engine is never beaten when it is exact, metrics
// recount, trials are reproducible and split-invariant, re-matching is optimal (brute force).
#include <algorithm>
#include <map>
#include <set>

#include <catch2/catch.hpp>

#include "tokten/impact/policies.hpp"
#include "tokten/impact/robustness.hpp"
#include "tokten/synth/demo.hpp"

using namespace tokten;
using impact::PolicyKind;

namespace {

Problem demo(int experts, int needs, std::uint64_t seed = 1, bool one_mission = false) {
  synth::DemoOptions o;
  o.experts = experts;
  o.needs = needs;
  o.seed = seed;
  Problem p = synth::demo_problem(o);
  if (one_mission)
    for (Expert& e : p.experts) e.max_missions = std::min(e.max_missions, 1);  // no date conflicts: exact engine
  return p;
}

// The rules every policy must keep: feasible pairs at their scores, max_missions, seats, no two
// overlapping windows for one expert, no pair twice.
void check_rules(const Problem& problem, const Assignment& a) {
  const score::ScoringContext context(problem, score::ScoringPolicy{});
  std::map<std::string, std::vector<std::size_t>> missions;
  std::map<std::string, int> seats;
  std::set<std::pair<std::string, std::string>> seen;
  for (const AssignedPair& p : a.pairs) {
    const auto e = static_cast<std::size_t>(context.find_expert(p.expert));
    const auto n = static_cast<std::size_t>(context.find_need(p.need));
    const score::PairScore s = score::score_pair(context, e, n);
    REQUIRE(s.feasible);
    CHECK(s.score == p.score);
    CHECK(seen.insert({p.expert, p.need}).second);
    missions[p.expert].push_back(n);
    ++seats[p.need];
  }
  for (const auto& [expert, list] : missions) {
    CHECK(static_cast<int>(list.size()) <= context.expert(static_cast<std::size_t>(context.find_expert(expert))).max_missions);
    for (std::size_t i = 0; i < list.size(); ++i)
      for (std::size_t j = i + 1; j < list.size(); ++j) {
        const DateWindow a1 = context.need(list[i]).window, a2 = context.need(list[j]).window;
        CHECK((a1.end < a2.start || a2.end < a1.start));
      }
  }
  for (const Need& n : problem.needs) CHECK(seats[n.id] <= n.seats);
}

double total(const Assignment& a) {
  double t = 0;
  for (const AssignedPair& p : a.pairs) t += p.score;
  return t;
}

}  // namespace

TEST_CASE("every policy keeps the rules, and its metrics recount from its pairs") {
  const Problem problem = demo(300, 60);
  impact::PolicyRunOptions options;
  for (const PolicyKind kind : {PolicyKind::optimal, PolicyKind::most_seats, PolicyKind::greedy, PolicyKind::first_come,
                                PolicyKind::random}) {
    INFO(impact::to_string(kind));
    const impact::PolicyOutcome out = impact::run_policy(problem, kind, options);
    check_rules(problem, out.assignment);
    const impact::RoundMetrics& m = out.metrics;
    CHECK(m.total_score == Approx(total(out.assignment)).epsilon(1e-12));
    CHECK(m.seats_filled == static_cast<std::int64_t>(out.assignment.pairs.size()));
    std::int64_t requested = 0, open = 0;
    for (const Need& n : problem.needs) requested += n.seats;
    for (const UnfilledSeats& u : out.assignment.unfilled) open += u.seats;
    CHECK(m.seats_requested == requested);
    CHECK(m.seats_filled + open == requested);
    CHECK(m.needs_filled == m.needs - static_cast<std::int64_t>(out.assignment.unfilled.size()));
    // The share outside the capital, recounted from the institutions' regions.
    std::map<std::string, std::string> region;
    for (const Institution& i : problem.institutions) region[i.id] = i.region;
    std::map<std::string, std::string> need_region;
    for (const Need& n : problem.needs) need_region[n.id] = region[n.institution];
    double outside = 0;
    for (const AssignedPair& p : out.assignment.pairs) outside += need_region[p.need] != "Bamako";
    CHECK(m.outside_capital_share == Approx(out.assignment.pairs.empty() ? 0.0 : outside / m.seats_filled));
    // Gini of per-region coverage, recounted.
    std::map<std::string, std::pair<double, double>> cov;
    std::map<std::string, int> filled;
    for (const AssignedPair& p : out.assignment.pairs) ++filled[p.need];
    for (const Need& n : problem.needs) {
      cov[need_region[n.id]].first += n.seats;
      cov[need_region[n.id]].second += std::min(filled[n.id], n.seats);
    }
    std::vector<double> rates;
    for (const auto& [r, v] : cov) rates.push_back(v.second / v.first);
    CHECK(m.gini_regions == Approx(impact::gini(rates)).margin(1e-12));
    CHECK(m.theil_regions == Approx(impact::theil(rates)).margin(1e-12));
  }
}

TEST_CASE("the engine is never beaten when it is exact: optimal >= every baseline, most_seats fills the most") {
  for (std::uint64_t seed = 1; seed <= 6; ++seed) {
    const Problem problem = demo(120 + 30 * static_cast<int>(seed), 40, seed, /*one_mission=*/true);
    impact::PolicyRunOptions options;
    const auto best = impact::run_policy(problem, PolicyKind::optimal, options);
    REQUIRE(best.assignment.status == SolveStatus::optimal);
    const auto seats = impact::run_policy(problem, PolicyKind::most_seats, options);
    for (const PolicyKind kind : {PolicyKind::greedy, PolicyKind::first_come, PolicyKind::random}) {
      options.seed = seed;
      const auto other = impact::run_policy(problem, kind, options);
      CHECK(best.metrics.total_score >= other.metrics.total_score - 1e-9);
      CHECK(seats.metrics.seats_filled >= other.metrics.seats_filled);
      // Greedy keeps at least half the optimum (a 1/2-approximation without the window rule).
      if (kind == PolicyKind::greedy) CHECK(other.metrics.total_score >= 0.5 * best.metrics.total_score - 1e-9);
    }
    CHECK(seats.metrics.seats_filled >= best.metrics.seats_filled);
  }
}

TEST_CASE("baselines are maximal: no candidate pair could still be added") {
  const Problem problem = demo(200, 50, 3);
  impact::PolicyRunOptions options;
  const score::ScoringContext context(problem, options.solve.policy);
  score::CandidateOptions co;
  const score::Candidates candidates = score::generate_candidates(context, co);
  for (const PolicyKind kind : {PolicyKind::greedy, PolicyKind::first_come, PolicyKind::random}) {
    INFO(impact::to_string(kind));
    const auto out = impact::run_policy(problem, kind, options);
    std::map<std::size_t, std::vector<std::size_t>> missions;
    std::map<std::size_t, int> seats;
    std::set<std::pair<std::size_t, std::size_t>> chosen;
    for (const AssignedPair& p : out.assignment.pairs) {
      const auto e = static_cast<std::size_t>(context.find_expert(p.expert)), n = static_cast<std::size_t>(context.find_need(p.need));
      missions[e].push_back(n);
      ++seats[n];
      chosen.insert({e, n});
    }
    const auto& g = candidates.graph;
    for (std::ptrdiff_t e = 0; e < g.rows; ++e)
      for (std::int64_t k = g.row_offset[static_cast<std::size_t>(e)]; k < g.row_offset[static_cast<std::size_t>(e) + 1]; ++k) {
        const auto ue = static_cast<std::size_t>(e);
        const auto n = static_cast<std::size_t>(g.col_index[static_cast<std::size_t>(k)]);
        if (chosen.count({ue, n})) continue;
        const bool expert_full = static_cast<int>(missions[ue].size()) >= context.expert(ue).max_missions;
        const bool need_full = seats[n] >= problem.needs[n].seats;
        bool clash = false;
        for (const std::size_t other : missions[ue]) {
          const DateWindow a = context.need(other).window, b = context.need(n).window;
          clash = clash || (a.start <= b.end && b.start <= a.end);
        }
        CHECK((expert_full || need_full || clash));
      }
  }
}

TEST_CASE("first come: the first request takes its best candidates; the order is the caller's") {
  const Problem problem = demo(250, 30, 2);
  impact::PolicyRunOptions options;
  const score::ScoringContext context(problem, options.solve.policy);
  const score::Candidates candidates = score::generate_candidates(context, {});
  for (const std::size_t first : {std::size_t{0}, std::size_t{17}, std::size_t{29}}) {
    options.request_order = {problem.needs[first].id};
    const auto out = impact::run_policy(problem, PolicyKind::first_come, options);
    // Its candidates, best first (ties: lower expert index), as generated.
    std::vector<std::pair<double, std::size_t>> ranked;
    const auto& g = candidates.graph;
    for (std::ptrdiff_t e = 0; e < g.rows; ++e)
      for (std::int64_t k = g.row_offset[static_cast<std::size_t>(e)]; k < g.row_offset[static_cast<std::size_t>(e) + 1]; ++k)
        if (static_cast<std::size_t>(g.col_index[static_cast<std::size_t>(k)]) == first)
          ranked.push_back({-g.weight[static_cast<std::size_t>(k)], static_cast<std::size_t>(e)});
    std::sort(ranked.begin(), ranked.end());
    std::vector<std::string> expected, got;
    for (std::size_t i = 0; i < ranked.size() && static_cast<int>(i) < problem.needs[first].seats; ++i)
      expected.push_back(context.expert_id(ranked[i].second));
    for (const AssignedPair& p : out.assignment.pairs)
      if (p.need == problem.needs[first].id) got.push_back(p.expert);
    CHECK(got == expected);
  }
  options.request_order = {"no-such-need"};
  CHECK_THROWS_WITH(impact::run_policy(problem, PolicyKind::first_come, options),
                    "request_order: unknown need id 'no-such-need'");
}

TEST_CASE("random: one assignment per seed, different seeds differ") {
  const Problem problem = demo(300, 60, 4);
  impact::PolicyRunOptions options;
  options.seed = 11;
  const auto a = impact::run_policy(problem, PolicyKind::random, options);
  CHECK(impact::run_policy(problem, PolicyKind::random, options).assignment == a.assignment);
  options.seed = 12;
  CHECK(!(impact::run_policy(problem, PolicyKind::random, options).assignment == a.assignment));
}

TEST_CASE("as recorded: the engine's own pairs measure the same; a forbidden pair is counted, not hidden") {
  const Problem problem = demo(200, 40, 5);
  impact::PolicyRunOptions options;
  const auto best = impact::run_policy(problem, PolicyKind::optimal, options);
  for (const AssignedPair& p : best.assignment.pairs) options.recorded.push_back({p.expert, p.need});
  const auto recorded = impact::run_policy(problem, PolicyKind::as_recorded, options);
  CHECK(recorded.metrics.total_score == Approx(best.metrics.total_score).epsilon(1e-12));
  CHECK(recorded.metrics.seats_filled == best.metrics.seats_filled);
  CHECK(recorded.metrics.infeasible_pairs == 0);
  // Add a pair the scorer forbids: it counts, with score 0.
  const score::ScoringContext context(problem, options.solve.policy);
  bool added = false;
  for (std::size_t e = 0; e < context.expert_count() && !added; ++e)
    for (std::size_t n = 0; n < context.need_count() && !added; ++n)
      if (!score::score_pair(context, e, n).feasible) {
        options.recorded.push_back({context.expert_id(e), context.need_id(n)});
        added = true;
      }
  REQUIRE(added);
  const auto with_bad = impact::run_policy(problem, PolicyKind::as_recorded, options);
  CHECK(with_bad.metrics.infeasible_pairs == 1);
  CHECK(with_bad.metrics.total_score == Approx(best.metrics.total_score).epsilon(1e-12));
  CHECK(with_bad.metrics.seats_filled == best.metrics.seats_filled);
  // A repeated pair, and a second mission for an expert who has none left, are left out too.
  options.recorded.push_back(options.recorded.front());
  const std::string busy = best.assignment.pairs.front().expert;
  const auto e = static_cast<std::size_t>(context.find_expert(busy));
  REQUIRE(context.expert(e).max_missions >= 1);
  std::int64_t has = 0;
  for (const AssignedPair& p : best.assignment.pairs) has += p.expert == busy;
  if (has == context.expert(e).max_missions)
    for (std::size_t n = 0; n < context.need_count(); ++n)
      if (score::score_pair(context, e, n).feasible &&
          std::none_of(best.assignment.pairs.begin(), best.assignment.pairs.end(),
                       [&](const AssignedPair& p) { return p.expert == busy && p.need == context.need_id(n); })) {
        options.recorded.push_back({busy, context.need_id(n)});
        break;
      }
  const auto strict = impact::run_policy(problem, PolicyKind::as_recorded, options);
  CHECK(strict.metrics.infeasible_pairs == static_cast<std::int64_t>(options.recorded.size()) - best.metrics.seats_filled);
  CHECK(strict.metrics.total_score == Approx(best.metrics.total_score).epsilon(1e-12));
  check_rules(problem, strict.assignment);
  options.recorded.push_back({"ghost", problem.needs[0].id});
  CHECK_THROWS_WITH(impact::run_policy(problem, PolicyKind::as_recorded, options),
                    Catch::Contains("unknown expert id"));
}

// Withdrawals.

TEST_CASE("withdrawals: p = 0 changes nothing, trials are reproducible and split-invariant") {
  const Problem problem = demo(300, 60, 6);
  const SolveOptions options;
  const Assignment base = solve(problem, options);
  impact::WithdrawalOptions w;
  w.probability.assign(problem.experts.size(), 0.0);
  w.trials = 5;
  for (const auto& t : impact::withdrawal_trials(problem, options, base, w)) {
    CHECK(t.withdrawn == 0);
    CHECK(t.seats_freed == 0);
    CHECK(t.seats_filled == static_cast<std::int64_t>(base.pairs.size()));
    CHECK(t.total_score == Approx(base.total_score));
  }
  w.probability.assign(problem.experts.size(), 0.3);
  w.trials = 12;
  const auto all = impact::withdrawal_trials(problem, options, base, w);
  impact::WithdrawalOptions first = w, second = w;
  first.trials = 5;
  second.first_trial = 5;
  second.trials = 7;
  auto split = impact::withdrawal_trials(problem, options, base, first);
  const auto rest = impact::withdrawal_trials(problem, options, base, second);
  split.insert(split.end(), rest.begin(), rest.end());
  REQUIRE(split.size() == all.size());
  for (std::size_t i = 0; i < all.size(); ++i) {
    CHECK(split[i].trial == all[i].trial);
    CHECK(split[i].withdrawn == all[i].withdrawn);
    CHECK(split[i].seats_filled == all[i].seats_filled);
    CHECK(split[i].total_score == all[i].total_score);
    CHECK(all[i].seats_refilled <= all[i].seats_freed);
    CHECK(all[i].coverage >= all[i].coverage_before);
  }
  // Withdrawals happen at about the rate asked (300 x 12 draws would be too noisy for a tight bound).
  double withdrawn = 0, assigned = 0;
  std::set<std::string> experts;
  for (const AssignedPair& p : base.pairs) experts.insert(p.expert);
  for (const auto& t : all) withdrawn += static_cast<double>(t.withdrawn), assigned += static_cast<double>(experts.size());
  CHECK(withdrawn / assigned == Approx(0.3).margin(0.06));
  // Without re-matching, nothing is refilled.
  w.rematch = false;
  for (const auto& t : impact::withdrawal_trials(problem, options, base, w)) CHECK(t.seats_refilled == 0);
  w.probability.assign(3, 0.1);
  CHECK_THROWS_WITH(impact::withdrawal_trials(problem, options, base, w), Catch::Contains("one per expert expected"));
  w.probability.assign(problem.experts.size(), 1.5);
  CHECK_THROWS_WITH(impact::withdrawal_trials(problem, options, base, w), Catch::Contains("must be in [0, 1]"));
}

TEST_CASE("withdrawals: re-matching the freed seats is optimal (brute force on small rounds)") {
  int checked = 0;
  for (std::uint64_t seed = 1; seed <= 25; ++seed) {
    Problem problem = demo(9, 4, seed, /*one_mission=*/true);
    const SolveOptions options;
    const Assignment base = solve(problem, options);
    if (base.pairs.empty()) continue;
    impact::WithdrawalOptions w;
    w.probability.assign(problem.experts.size(), 0.5);
    w.trials = 4;
    w.seed = seed;
    const auto trials = impact::withdrawal_trials(problem, options, base, w);
    const score::ScoringContext context(problem, options.policy);
    for (const auto& t : trials) {
      // Recreate the trial's withdrawals: the same generator, the same order of draws.
      synth::Random rng(impact::detail::trial_seed(w.seed, t.trial));
      std::set<std::string> gone, drawn;
      for (const AssignedPair& p : base.pairs)
        if (drawn.insert(p.expert).second && rng.chance(0.5)) gone.insert(p.expert);
      REQUIRE(static_cast<std::int64_t>(gone.size()) == t.withdrawn);
      std::map<std::size_t, int> freed;
      std::set<std::size_t> busy;  // experts keeping their one mission, or gone
      double kept = 0;
      for (const AssignedPair& p : base.pairs) {
        const auto e = static_cast<std::size_t>(context.find_expert(p.expert));
        busy.insert(e);
        if (gone.count(p.expert)) ++freed[static_cast<std::size_t>(context.find_need(p.need))];
        else kept += p.score;
      }
      // Brute force: each free expert takes nothing or one need with a freed seat.
      std::vector<std::size_t> free_experts;
      for (std::size_t e = 0; e < context.expert_count(); ++e)
        if (!busy.count(e) && context.expert(e).max_missions > 0) free_experts.push_back(e);
      std::vector<std::size_t> open;
      for (const auto& [n, k] : freed) open.push_back(n);
      double best = 0;
      std::vector<std::size_t> choice(free_experts.size(), 0);
      for (;;) {
        std::map<std::size_t, int> used;
        double score = 0;
        bool ok = true;
        for (std::size_t i = 0; i < free_experts.size() && ok; ++i) {
          if (choice[i] == 0) continue;
          const std::size_t n = open[choice[i] - 1];
          const score::PairScore s = score::score_pair(context, free_experts[i], n);
          ok = s.feasible && ++used[n] <= freed[n];
          score += s.score;
        }
        if (ok) best = std::max(best, score);
        std::size_t i = 0;
        while (i < choice.size() && ++choice[i] > open.size()) choice[i++] = 0;
        if (i == choice.size()) break;
      }
      CHECK(t.total_score == Approx(kept + best).margin(1e-9));
      ++checked;
    }
  }
  CHECK(checked > 20);
}
