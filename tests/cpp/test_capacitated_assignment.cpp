// Capacitated assignment (b-matching with rules): brute force over every selection on small
// instances with every rule (capacities, minimums, quotas, pins, dates, both objectives, partial
// results), a dynamic programme up to 7 x 7, certificates and cuts checked by verify().
#include <catch2/catch.hpp>

#include <algorithm>
#include <limits>
#include <cmath>
#include <cstdint>
#include <map>
#include <optional>
#include <tuple>
#include <vector>

#include "tokten/match/capacitated_assignment.hpp"
#include "tokten/synth/random.hpp"

using namespace tokten::match;
using tokten::synth::Random;

namespace {

// (units of lower bounds met, pairs, signed weight): compared lexicographically.
using Score = std::tuple<std::int64_t, std::int64_t, double>;

struct Brute {
  std::optional<Score> best_hard;     // best selection meeting every rule
  std::optional<Score> best_partial;  // best selection meeting the upper bounds and dates
};

bool overlaps(const TimeInterval& a, const TimeInterval& b) {
  return !(a.last < b.first || b.last < a.first);
}

struct Evaluation {
  bool upper_ok = true;  // capacities, quota maxima and dates hold
  std::int64_t met = 0;  // units of minimums, quota minimums and pins met
  std::int64_t need = 0; // units they require
  std::int64_t pairs = 0;
  double weight = 0;
};

// Scores one selection (a flag per stored edge) against every rule, straight from the problem.
Evaluation evaluate(const CapacitatedProblem& p, const std::vector<char>& chosen) {
  const BipartiteGraph& g = p.graph;
  Evaluation ev;
  std::vector<std::int64_t> rl(static_cast<std::size_t>(g.rows), 0), cl(static_cast<std::size_t>(g.cols), 0);
  std::vector<std::int64_t> taken_cols;
  for (std::ptrdiff_t i = 0; i < g.rows; ++i) {
    taken_cols.clear();
    for (auto k = g.row_offset[static_cast<std::size_t>(i)]; k < g.row_offset[static_cast<std::size_t>(i) + 1]; ++k) {
      const auto kk = static_cast<std::size_t>(k);
      if (!chosen[kk]) continue;
      const std::int64_t j = g.col_index[kk];
      if (!p.col_interval.empty())
        for (const std::int64_t j2 : taken_cols)
          if (overlaps(p.col_interval[static_cast<std::size_t>(j)], p.col_interval[static_cast<std::size_t>(j2)]))
            ev.upper_ok = false;
      taken_cols.push_back(j);
      ++rl[static_cast<std::size_t>(i)];
      ++cl[static_cast<std::size_t>(j)];
      ev.weight += g.weight[kk];
      ++ev.pairs;
    }
    for (const auto& [r, c] : p.pinned) {
      if (r != i) continue;
      ++ev.need;
      if (std::find(taken_cols.begin(), taken_cols.end(), c) != taken_cols.end()) ++ev.met;
    }
  }
  const auto bound = [&](std::int64_t load, std::int64_t lo, std::int64_t hi) {
    if (load > hi) ev.upper_ok = false;
    ev.met += std::min(load, lo);
    ev.need += lo;
  };
  for (std::size_t i = 0; i < rl.size(); ++i)
    bound(rl[i], p.row_minimum.empty() ? 0 : p.row_minimum[i], p.row_capacity[i]);
  for (std::size_t j = 0; j < cl.size(); ++j)
    bound(cl[j], p.col_minimum.empty() ? 0 : p.col_minimum[j], p.col_capacity[j]);
  const auto group_sums = [&](const std::vector<std::int32_t>& grp, const std::vector<CountBounds>& b,
                              const std::vector<std::int64_t>& load) {
    std::vector<std::int64_t> sum(b.size(), 0);
    for (std::size_t k = 0; k < grp.size(); ++k)
      if (grp[k] >= 0) sum[static_cast<std::size_t>(grp[k])] += load[k];
    for (std::size_t k = 0; k < b.size(); ++k) bound(sum[k], b[k].min, b[k].max);
  };
  group_sums(p.row_group, p.row_group_bounds, rl);
  group_sums(p.col_group, p.col_group_bounds, cl);
  return ev;
}

Score partial_score(const CapacitatedProblem& p, const Evaluation& ev) {
  const double sgn = p.sense == Sense::maximize ? 1.0 : -1.0;
  return {ev.met, p.objective == Objective::max_cardinality ? ev.pairs : 0, sgn * ev.weight};
}

Brute brute_force(const CapacitatedProblem& p) {
  const auto e = static_cast<std::size_t>(p.graph.edges());
  Brute out;
  std::vector<char> chosen(e, 0);
  for (std::uint64_t mask = 0; mask < (std::uint64_t{1} << e); ++mask) {
    for (std::size_t k = 0; k < e; ++k) chosen[k] = static_cast<char>(mask >> k & 1);
    const Evaluation ev = evaluate(p, chosen);
    if (!ev.upper_ok) continue;
    Score s = partial_score(p, ev);
    if (!out.best_partial || s > *out.best_partial) out.best_partial = s;
    if (ev.met == ev.need) {
      std::get<0>(s) = 0;
      if (!out.best_hard || s > *out.best_hard) out.best_hard = s;
    }
  }
  return out;
}

std::vector<char> chosen_of(const CapacitatedProblem& p, const CapacitatedAssignment& r) {
  std::vector<char> chosen(static_cast<std::size_t>(p.graph.edges()), 0);
  for (const auto k : r.edges) chosen[static_cast<std::size_t>(k)] = 1;
  return chosen;
}

CapacitatedProblem random_problem(Random& rng, bool rules) {
  CapacitatedProblem p;
  const int rows = rng.between(1, 4), cols = rng.between(1, 4);
  std::vector<BipartiteGraph::Triplet> t;
  const double density = rng.uniform() * 0.7 + 0.3;
  const bool integral = rng.chance(0.3);
  for (int i = 0; i < rows; ++i)
    for (int j = 0; j < cols; ++j)
      if (rng.chance(density) && t.size() < 12)
        t.push_back({i, j, integral ? static_cast<double>(rng.between(-2, 4)) : rng.uniform() * 10.0 - 2.0});
  p.graph = BipartiteGraph::from_triplets(rows, cols, t);
  for (int i = 0; i < rows; ++i) p.row_capacity.push_back(rng.between(0, 3));
  for (int j = 0; j < cols; ++j) p.col_capacity.push_back(rng.between(0, 3));
  p.objective = rng.chance(0.5) ? Objective::max_cardinality : Objective::max_weight;
  p.sense = p.objective == Objective::max_cardinality && rng.chance(0.4) ? Sense::minimize : Sense::maximize;
  if (!rules) return p;
  if (rng.chance(0.3)) {
    for (int i = 0; i < rows; ++i) p.row_minimum.push_back(std::min<std::int64_t>(p.row_capacity[static_cast<std::size_t>(i)], rng.chance(0.3) ? 1 : 0));
  }
  if (rng.chance(0.3)) {
    for (int j = 0; j < cols; ++j) p.col_minimum.push_back(std::min<std::int64_t>(p.col_capacity[static_cast<std::size_t>(j)], rng.between(0, 2)));
  }
  if (rng.chance(0.3)) {
    p.row_group_bounds = {{rng.between(0, 2), rng.between(2, 5)}};
    for (int i = 0; i < rows; ++i) p.row_group.push_back(rng.chance(0.6) ? 0 : -1);
  }
  if (rng.chance(0.3)) {
    p.col_group_bounds = {{rng.between(0, 2), rng.between(2, 4)}, {0, rng.between(0, 2)}};
    for (int j = 0; j < cols; ++j) p.col_group.push_back(rng.between(-1, 1));
  }
  if (rng.chance(0.3) && p.graph.edges() > 0) {
    const auto k = static_cast<std::size_t>(rng.between(0, static_cast<int>(p.graph.edges()) - 1));
    std::int64_t r = 0;
    while (p.graph.row_offset[static_cast<std::size_t>(r) + 1] <= static_cast<std::int64_t>(k)) ++r;
    p.pinned.emplace_back(r, p.graph.col_index[k]);
  }
  if (rng.chance(0.4)) {
    for (int j = 0; j < cols; ++j) {
      const int a = rng.between(0, 8);
      p.col_interval.push_back({a, a + rng.between(0, 3)});
    }
  }
  p.allow_partial = rng.chance(0.5);
  return p;
}

void check_instance(const CapacitatedProblem& p, int t) {
  INFO("instance " << t);
  const Brute b = brute_force(p);
  const CapacitatedAssignment r = solve_capacitated_assignment(p);
  const std::string verdict = verify_capacitated_assignment(p, r);
  INFO("verify: " << verdict);
  const double sgn = p.sense == Sense::maximize ? 1.0 : -1.0;
  const bool count_first = p.objective == Objective::max_cardinality;
  if (r.status == CapacitatedStatus::infeasible || r.status == CapacitatedStatus::undecided) {
    REQUIRE(verdict.empty());
    if (r.status == CapacitatedStatus::infeasible) {
      // A proof: the brute force finds nothing either.
      REQUIRE(r.infeasibility.has_value());
      REQUIRE_FALSE(b.best_hard.has_value());
    } else {
      // The repair heuristic gave up: only possible with dates that are not in exact periods.
      REQUIRE_FALSE(p.col_interval.empty());
    }
    if (p.allow_partial) {
      // The partial selection meets the upper bounds and the dates.
      REQUIRE(b.best_partial.has_value());
      REQUIRE(evaluate(p, chosen_of(p, r)).upper_ok);
    }
    return;
  }
  REQUIRE(b.best_hard.has_value());
  REQUIRE(verdict.empty());
  const Score got{0, count_first ? r.cardinality : 0, sgn * r.total};
  const Score& best = *b.best_hard;
  if (r.status == CapacitatedStatus::optimal) {
    REQUIRE(std::get<1>(got) == std::get<1>(best));
    REQUIRE(std::get<2>(got) == Approx(std::get<2>(best)).margin(1e-9));
  } else {
    // Repaired: no better than the true optimum, which is no better than the bound.
    const Score bound{0, count_first ? r.cardinality_bound : 0, sgn * r.bound};
    REQUIRE(std::get<1>(got) <= std::get<1>(best));
    if (std::get<1>(got) == std::get<1>(best)) REQUIRE(std::get<2>(got) <= std::get<2>(best) + 1e-9);
    REQUIRE(std::get<1>(best) <= std::get<1>(bound));
    if (std::get<1>(best) == std::get<1>(bound)) REQUIRE(std::get<2>(best) <= std::get<2>(bound) + 1e-9);
  }
}

}  // namespace

TEST_CASE("capacitated assignment matches brute force with capacities only") {
  Random rng(2026);
  for (int t = 0; t < 2000; ++t) check_instance(random_problem(rng, false), t);
}

TEST_CASE("capacitated assignment matches brute force with every rule") {
  Random rng(1998);
  int infeasible = 0, repaired = 0, undecided = 0;
  for (int t = 0; t < 3000; ++t) {
    const CapacitatedProblem p = random_problem(rng, true);
    check_instance(p, t);
    const auto r = solve_capacitated_assignment(p);
    infeasible += r.status == CapacitatedStatus::infeasible ? 1 : 0;
    repaired += r.status == CapacitatedStatus::feasible ? 1 : 0;
    undecided += r.status == CapacitatedStatus::undecided ? 1 : 0;
  }
  // The heuristic may give up, but rarely.
  REQUIRE(undecided * 20 <= repaired + 20);
  // Both the proofs of infeasibility and the time-conflict repair must be exercised.
  REQUIRE(infeasible > 100);
  REQUIRE(repaired > 5);
}

TEST_CASE("partial results meet the most minimums, then the objective, when periods are exact") {
  Random rng(7);
  int checked = 0;
  for (int t = 0; t < 4000 && checked < 300; ++t) {
    CapacitatedProblem p = random_problem(rng, true);
    p.col_interval.clear();
    p.allow_partial = true;
    const Brute b = brute_force(p);
    if (b.best_hard) continue;
    INFO("instance " << t);
    const auto r = solve_capacitated_assignment(p);
    REQUIRE(r.status == CapacitatedStatus::infeasible);
    const Evaluation ev = evaluate(p, chosen_of(p, r));
    REQUIRE(ev.upper_ok);
    const Score got = partial_score(p, ev);
    REQUIRE(std::get<0>(got) == std::get<0>(*b.best_partial));
    REQUIRE(std::get<1>(got) == std::get<1>(*b.best_partial));
    REQUIRE(std::get<2>(got) == Approx(std::get<2>(*b.best_partial)).margin(1e-9));
    ++checked;
  }
  REQUIRE(checked > 100);
}

TEST_CASE("shortest-path and network-simplex engines agree and both certify, capacities only") {
  Random rng(314);
  for (int t = 0; t < 300; ++t) {
    INFO("instance " << t);
    const int rows = rng.between(1, 60), cols = rng.between(1, 30);
    std::vector<BipartiteGraph::Triplet> trip;
    const double density = rng.uniform();
    const bool integral = rng.chance(0.5);
    for (int i = 0; i < rows; ++i)
      for (int j = 0; j < cols; ++j)
        if (rng.chance(density))
          trip.push_back({i, j, integral ? static_cast<double>(rng.between(-5, 20)) : rng.uniform() * 4.0 - 1.0});
    CapacitatedProblem p;
    p.graph = BipartiteGraph::from_triplets(rows, cols, trip);
    for (int i = 0; i < rows; ++i) p.row_capacity.push_back(rng.between(0, 3));
    for (int j = 0; j < cols; ++j) p.col_capacity.push_back(rng.between(0, 5));
    p.objective = rng.chance(0.5) ? Objective::max_cardinality : Objective::max_weight;
    p.sense = p.objective == Objective::max_cardinality && rng.chance(0.5) ? Sense::minimize : Sense::maximize;
    p.engine = CapacitatedProblem::Engine::shortest_paths;
    const auto a = solve_capacitated_assignment(p);
    p.engine = CapacitatedProblem::Engine::network_simplex;
    const auto b = solve_capacitated_assignment(p);
    REQUIRE(a.status == CapacitatedStatus::optimal);
    REQUIRE(b.status == CapacitatedStatus::optimal);
    REQUIRE(a.cardinality == b.cardinality);
    REQUIRE(a.total == Approx(b.total).margin(1e-9));
    REQUIRE(verify_capacitated_assignment(p, a).empty());
    REQUIRE(verify_capacitated_assignment(p, b).empty());
  }
}

TEST_CASE("the shortest-path engine refuses rules beyond capacities") {
  CapacitatedProblem p;
  p.graph = BipartiteGraph::from_triplets(1, 1, {{0, 0, 1.0}});
  p.row_capacity = {1};
  p.col_capacity = {1};
  p.col_minimum = {1};
  p.engine = CapacitatedProblem::Engine::shortest_paths;
  REQUIRE_THROWS_WITH(solve_capacitated_assignment(p), Catch::Contains("capacities only"));
}

namespace {

// Dynamic programme over rows for capacities-only instances up to 7 columns with capacities up
// to 3: the state is every column's load (base 4); each row picks a subset of its columns.
Score dp_optimum(const CapacitatedProblem& p) {
  const BipartiteGraph& g = p.graph;
  const auto cols = static_cast<int>(g.cols);
  int states = 1;
  for (int j = 0; j < cols; ++j) states *= 4;
  const double sgn = p.sense == Sense::maximize ? 1.0 : -1.0;
  const bool count_first = p.objective == Objective::max_cardinality;
  std::vector<std::optional<Score>> best(static_cast<std::size_t>(states));
  best[0] = Score{0, 0, 0.0};
  for (std::ptrdiff_t i = 0; i < g.rows; ++i) {
    std::vector<std::optional<Score>> next(static_cast<std::size_t>(states));
    const auto b = g.row_offset[static_cast<std::size_t>(i)], e = g.row_offset[static_cast<std::size_t>(i) + 1];
    const int deg = static_cast<int>(e - b);
    for (int s = 0; s < states; ++s) {
      if (!best[static_cast<std::size_t>(s)]) continue;
      for (int mask = 0; mask < (1 << deg); ++mask) {
        if (__builtin_popcount(static_cast<unsigned>(mask)) > p.row_capacity[static_cast<std::size_t>(i)]) continue;
        int t = s;
        bool ok = true;
        double w = 0;
        for (int q = 0; q < deg && ok; ++q) {
          if (!(mask >> q & 1)) continue;
          const auto k = static_cast<std::size_t>(b + q);
          const auto j = static_cast<int>(g.col_index[k]);
          int pw = 1;
          for (int x = 0; x < j; ++x) pw *= 4;
          const int load = t / pw % 4;
          if (load + 1 > p.col_capacity[static_cast<std::size_t>(j)]) ok = false;
          t += pw;
          w += g.weight[k];
        }
        if (!ok) continue;
        const Score& cur = *best[static_cast<std::size_t>(s)];
        const int pairs = __builtin_popcount(static_cast<unsigned>(mask));
        const Score cand{0, std::get<1>(cur) + (count_first ? pairs : 0), std::get<2>(cur) + sgn * w};
        auto& slot = next[static_cast<std::size_t>(t)];
        if (!slot || cand > *slot) slot = cand;
      }
    }
    best = std::move(next);
  }
  std::optional<Score> out;
  for (const auto& s : best)
    if (s && (!out || *s > *out)) out = s;
  return *out;
}

}  // namespace

TEST_CASE("capacitated assignment matches a dynamic programme on every shape up to 7 x 7") {
  Random rng(77);
  int checked = 0;
  for (int rows = 1; rows <= 7; ++rows) {
    for (int cols = 1; cols <= 7; ++cols) {
      for (int rep = 0; rep < 3; ++rep) {
        CapacitatedProblem p;
        std::vector<BipartiteGraph::Triplet> t;
        const double density = 0.3 + 0.6 * rng.uniform();
        for (int i = 0; i < rows; ++i)
          for (int j = 0; j < cols; ++j)
            if (rng.chance(density)) t.push_back({i, j, rng.uniform() * 10.0 - 2.0});
        p.graph = BipartiteGraph::from_triplets(rows, cols, t);
        for (int i = 0; i < rows; ++i) p.row_capacity.push_back(rng.between(0, 3));
        for (int j = 0; j < cols; ++j) p.col_capacity.push_back(rng.between(0, 3));
        p.objective = rep == 0 ? Objective::max_weight : Objective::max_cardinality;
        p.sense = rep == 2 ? Sense::minimize : Sense::maximize;
        INFO(rows << " x " << cols << " rep " << rep);
        const Score best = dp_optimum(p);
        for (const auto engine : {CapacitatedProblem::Engine::shortest_paths,
                                  CapacitatedProblem::Engine::network_simplex}) {
          p.engine = engine;
          const auto r = solve_capacitated_assignment(p);
          REQUIRE(r.status == CapacitatedStatus::optimal);
          REQUIRE(verify_capacitated_assignment(p, r).empty());
          const double sgn = p.sense == Sense::maximize ? 1.0 : -1.0;
          if (p.objective == Objective::max_cardinality) REQUIRE(r.cardinality == std::get<1>(best));
          REQUIRE(sgn * r.total == Approx(std::get<2>(best)).margin(1e-9));
        }
        ++checked;
      }
    }
  }
  REQUIRE(checked == 147);
}

TEST_CASE("dates that fall into disjoint periods are handled exactly") {
  Random rng(55);
  for (int t = 0; t < 300; ++t) {
    CapacitatedProblem p = random_problem(rng, false);
    // Periods: blocks of 10 days; every interval inside a block covers its day 5.
    p.col_interval.clear();
    for (std::ptrdiff_t j = 0; j < p.graph.cols; ++j) {
      const int block = rng.between(0, 2) * 10;
      p.col_interval.push_back({block + rng.between(0, 5), block + 5 + rng.between(0, 4)});
    }
    INFO("instance " << t);
    const auto r = solve_capacitated_assignment(p);
    REQUIRE(r.status == CapacitatedStatus::optimal);
    REQUIRE(verify_capacitated_assignment(p, r).empty());
    const Brute b = brute_force(p);
    const double sgn = p.sense == Sense::maximize ? 1.0 : -1.0;
    REQUIRE(sgn * r.total == Approx(std::get<2>(*b.best_hard)).margin(1e-9));
  }
}

TEST_CASE("overlapping dates across periods: conflict-free result with an honest gap") {
  // Column 1 overlaps both 0 and 2, which do not overlap each other: no exact periods.
  CapacitatedProblem p;
  p.graph = BipartiteGraph::from_triplets(1, 3, {{0, 0, 3.0}, {0, 1, 5.0}, {0, 2, 3.0}});
  p.row_capacity = {3};
  p.col_capacity = {1, 1, 1};
  p.col_interval = {{0, 10}, {8, 22}, {20, 30}};
  const auto r = solve_capacitated_assignment(p);
  REQUIRE(r.status != CapacitatedStatus::infeasible);
  REQUIRE(verify_capacitated_assignment(p, r).empty());
  REQUIRE(r.total == Approx(6.0));  // columns 0 and 2 beat column 1 alone
  REQUIRE(r.bound >= r.total);
}

TEST_CASE("the infeasibility witness names the needs and the experts that fall short (Hall)") {
  // Columns 0..2 each need one row; only rows 0 and 1 (capacity 1 each) may serve them.
  CapacitatedProblem p;
  p.graph = BipartiteGraph::from_triplets(3, 4, {{0, 0, 1.0}, {0, 1, 1.0}, {1, 1, 1.0},
                                                 {1, 2, 1.0}, {2, 3, 1.0}});
  p.row_capacity = {1, 1, 1};
  p.col_capacity = {1, 1, 1, 1};
  p.col_minimum = {1, 1, 1, 0};
  const auto r = solve_capacitated_assignment(p);
  REQUIRE(r.status == CapacitatedStatus::infeasible);
  REQUIRE(verify_capacitated_assignment(p, r).empty());
  const Infeasibility& w = *r.infeasibility;
  REQUIRE(w.required == 3);
  REQUIRE(w.available == 2);
  REQUIRE(w.cols == std::vector<std::int64_t>{0, 1, 2});
  REQUIRE(w.rows == std::vector<std::int64_t>{0, 1});
  int minimums = 0, capacities = 0;
  for (const BindingRule& rule : w.rules) {
    minimums += rule.kind == BindingRule::Kind::col_minimum && rule.requirement ? 1 : 0;
    capacities += rule.kind == BindingRule::Kind::row_capacity && !rule.requirement ? 1 : 0;
  }
  REQUIRE(minimums == 3);
  REQUIRE(capacities == 2);
}

TEST_CASE("pinned pairs that clash are reported") {
  CapacitatedProblem p;
  p.graph = BipartiteGraph::from_triplets(1, 2, {{0, 0, 1.0}, {0, 1, 1.0}});
  p.row_capacity = {1};
  p.col_capacity = {1, 1};
  p.pinned = {{0, 0}, {0, 1}};
  auto r = solve_capacitated_assignment(p);
  REQUIRE(r.status == CapacitatedStatus::infeasible);
  REQUIRE(verify_capacitated_assignment(p, r).empty());
  // Same with room for both, but overlapping dates (exact periods: the period rule binds).
  p.row_capacity = {2};
  p.col_interval = {{0, 5}, {3, 9}};
  r = solve_capacitated_assignment(p);
  REQUIRE(r.status == CapacitatedStatus::infeasible);
  REQUIRE(verify_capacitated_assignment(p, r).empty());
  bool period = false;
  for (const BindingRule& rule : r.infeasibility->rules) period = period || rule.kind == BindingRule::Kind::period;
  REQUIRE(period);
}

TEST_CASE("malformed problems are refused with the place and the reason") {
  CapacitatedProblem p;
  p.graph = BipartiteGraph::from_triplets(2, 2, {{0, 0, 1.0}, {1, 1, 2.0}});
  p.row_capacity = {1, 1};
  p.col_capacity = {1, 1};
  auto bad = p;
  bad.row_capacity = {1};
  REQUIRE_THROWS_WITH(solve_capacitated_assignment(bad), Catch::Contains("row_capacity has 1 entries, expected 2"));
  bad = p;
  bad.col_capacity = {1, -1};
  REQUIRE_THROWS_WITH(solve_capacitated_assignment(bad), Catch::Contains("col_capacity[1] is negative"));
  bad = p;
  bad.pinned = {{0, 1}};
  REQUIRE_THROWS_WITH(solve_capacitated_assignment(bad), Catch::Contains("pinned pair (0, 1) is not an allowed pair"));
  bad = p;
  bad.row_minimum = {2, 0};
  REQUIRE_THROWS_WITH(solve_capacitated_assignment(bad), Catch::Contains("row_minimum[0] = 2 exceeds the capacity 1"));
  bad = p;
  bad.graph.weight[0] = std::numeric_limits<double>::quiet_NaN();
  REQUIRE_THROWS_WITH(solve_capacitated_assignment(bad), Catch::Contains("weights must be finite"));
  bad = p;
  bad.col_interval = {{5, 1}, {0, 0}};
  REQUIRE_THROWS_WITH(solve_capacitated_assignment(bad), Catch::Contains("col_interval[0] ends before it starts"));
  bad = p;
  bad.sense = Sense::minimize;
  REQUIRE_THROWS_WITH(solve_capacitated_assignment(bad), Catch::Contains("trivial"));
  bad = p;
  bad.col_group = {0, 3};
  bad.col_group_bounds = {{0, 1}};
  REQUIRE_THROWS_WITH(solve_capacitated_assignment(bad), Catch::Contains("col_group[1] = 3 is not a group"));
}

TEST_CASE("capacitated assignment is deterministic and certifies a domain-sized round") {
  Random rng(2027);
  const int experts = 20000, needs = 2000;
  std::vector<BipartiteGraph::Triplet> t;
  for (int j = 0; j < needs; ++j) {
    std::vector<int> seen;
    while (seen.size() < 50) {
      const int i = rng.between(0, experts - 1);
      if (std::find(seen.begin(), seen.end(), i) != seen.end()) continue;
      seen.push_back(i);
      t.push_back({i, j, rng.uniform()});
    }
  }
  CapacitatedProblem p;
  p.graph = BipartiteGraph::from_triplets(experts, needs, t);
  for (int i = 0; i < experts; ++i) p.row_capacity.push_back(rng.between(1, 3));
  for (int j = 0; j < needs; ++j) p.col_capacity.push_back(rng.between(1, 5));
  for (const auto objective : {Objective::max_weight, Objective::max_cardinality}) {
    p.objective = objective;
    const auto a = solve_capacitated_assignment(p);
    const auto b = solve_capacitated_assignment(p);
    REQUIRE(a.status == CapacitatedStatus::optimal);
    REQUIRE(a.edges == b.edges);
    REQUIRE(a.row_price == b.row_price);
    REQUIRE(verify_capacitated_assignment(p, a).empty());
    p.engine = CapacitatedProblem::Engine::network_simplex;
    const auto c = solve_capacitated_assignment(p);
    p.engine = CapacitatedProblem::Engine::automatic;
    REQUIRE(c.cardinality == a.cardinality);
    REQUIRE(c.total == Approx(a.total).epsilon(1e-12));
  }
}

TEST_CASE("group bounds without a grouping are refused") {
  CapacitatedProblem p;
  p.graph = BipartiteGraph::from_triplets(1, 1, {{0, 0, 1.0}});
  p.row_capacity = {1};
  p.col_capacity = {1};
  p.col_group_bounds = {CountBounds{}};
  REQUIRE_THROWS_WITH(solve_capacitated_assignment(p), Catch::Contains("col_group_bounds given without col_group"));
  p.col_group_bounds.clear();
  p.row_group_bounds = {{1, 1}};
  REQUIRE_THROWS_WITH(solve_capacitated_assignment(p), Catch::Contains("row_group_bounds given without row_group"));
}

TEST_CASE("the infeasibility message says what is required, what limits it, and where") {
  CapacitatedProblem p;
  p.graph = BipartiteGraph::from_triplets(3, 4, {{0, 0, 1.0}, {0, 1, 1.0}, {1, 1, 1.0},
                                                 {1, 2, 1.0}, {2, 3, 1.0}});
  p.row_capacity = {1, 1, 1};
  p.col_capacity = {1, 1, 1, 1};
  p.col_minimum = {1, 1, 1, 0};
  const auto r = solve_capacitated_assignment(p);
  REQUIRE(r.infeasibility->message ==
          "at least 3 pair(s) are required (3 column minimums) but at most 2 are possible "
          "(2 row capacities), for rows [0, 1] and columns [0, 1, 2]");
}

TEST_CASE("the time-conflict repair tries the other pair before giving up") {
  // Row 0 must take 2 columns; 1 overlaps both 0 and 2 (which do not overlap each other).
  // Dropping the lighter pair of each conflict leaves only column 1; keeping it fails the minimum.
  CapacitatedProblem p;
  p.graph = BipartiteGraph::from_triplets(1, 3, {{0, 0, 1.0}, {0, 1, 10.0}, {0, 2, 5.0}});
  p.row_capacity = {2};
  p.col_capacity = {1, 1, 1};
  p.row_minimum = {2};
  p.col_interval = {{1, 2}, {2, 3}, {3, 4}};
  const auto r = solve_capacitated_assignment(p);
  REQUIRE(r.status == CapacitatedStatus::feasible);
  REQUIRE(verify_capacitated_assignment(p, r).empty());
  REQUIRE(r.pair_col == std::vector<std::int64_t>{0, 2});
  REQUIRE(r.total == Approx(6.0));
}

TEST_CASE("one huge weight does not hide the small improvements (no big-M in the simplex)") {
  const double x = -1.0;  // forbidden
  const double w[5][5] = {{6, x, 2, 7, x}, {x, 6, 3, 6, x}, {6, 2, 7, x, x}, {x, x, x, 1, x},
                          {x, x, x, x, 1e12}};
  std::vector<BipartiteGraph::Triplet> t;
  for (int i = 0; i < 5; ++i)
    for (int j = 0; j < 5; ++j)
      if (w[i][j] >= 0) t.push_back({i, j, w[i][j]});
  CapacitatedProblem p;
  p.graph = BipartiteGraph::from_triplets(5, 5, t);
  p.row_capacity.assign(5, 1);
  p.col_capacity.assign(5, 1);
  for (const auto engine : {CapacitatedProblem::Engine::shortest_paths,
                            CapacitatedProblem::Engine::network_simplex}) {
    p.engine = engine;
    const auto r = solve_capacitated_assignment(p);
    REQUIRE(r.status == CapacitatedStatus::optimal);
    REQUIRE(r.total - 1e12 == 20.0);  // 7 + 6 + 7 on the small pairs
    REQUIRE(verify_capacitated_assignment(p, r).empty());
  }
}

TEST_CASE("minimums far beyond any selection give a proof, not an overflow") {
  CapacitatedProblem p;
  p.graph = BipartiteGraph::from_triplets(2, 1, {{0, 0, 1.0}, {1, 0, 1.0}});
  const std::int64_t huge = std::int64_t{1} << 62;
  p.row_capacity = {huge, huge};
  p.row_minimum = {huge, huge};
  p.col_capacity = {1};
  const auto r = solve_capacitated_assignment(p);
  REQUIRE(r.status == CapacitatedStatus::infeasible);
  REQUIRE(r.infeasibility->required > r.infeasibility->available);
  REQUIRE(verify_capacitated_assignment(p, r).empty());
}

TEST_CASE("weights too large for the graph are refused") {
  CapacitatedProblem p;
  p.graph = BipartiteGraph::from_triplets(2, 2, {{0, 0, 1e308}, {1, 1, 1.0}});
  p.row_capacity = {1, 1};
  p.col_capacity = {1, 1};
  REQUIRE_THROWS_WITH(solve_capacitated_assignment(p), Catch::Contains("weights too large"));
}

TEST_CASE("the reduced time-conflict repair (capacities and dates only) matches brute force") {
  // Capacities only plus dates that overlap across periods: the repair re-solves only the
  // conflicted rows and their neighbours. Conflict-free, no better than the true optimum, which
  // is no better than the relaxation's bound (check_instance), and verify passes.
  Random rng(4242);
  int repaired = 0;
  for (int t = 0; t < 3000; ++t) {
    CapacitatedProblem p = random_problem(rng, false);
    p.col_interval.clear();
    for (std::ptrdiff_t j = 0; j < p.graph.cols; ++j) {
      const int a = rng.between(0, 6);
      p.col_interval.push_back({a, a + rng.between(0, 4)});
    }
    check_instance(p, t);
    if (solve_capacitated_assignment(p).status == CapacitatedStatus::feasible) ++repaired;
  }
  REQUIRE(repaired > 50);  // the repair really ran
}

TEST_CASE("under max_weight a repair may choose more pairs than the relaxation, and verify accepts it") {
  // A fuzzing finding (tests/fuzz/regressions/capacitated_assignment/crash-f44fabe...): the
  // relaxation's 9 pairs have dates that clash; forbidding a heavy pair frees room for two
  // lighter ones (and the minimums want them), so the repaired selection has 10 pairs. Its
  // weight is still within the relaxation's bound; verify used to report a broken bound.
  CapacitatedProblem p;
  p.graph = BipartiteGraph::from_triplets(
      8, 6, {{1, 3, 11}, {6, 4, 10}, {2, 4, 8}, {4, 1, -5}, {0, 4, 2}, {1, 0, 2}, {3, 0, 17}, {6, 0, 10},
             {1, 1, 14}, {2, 1, 19}, {2, 0, 9}, {2, 2, 15}, {3, 5, -4}, {0, 0, 8}, {2, 5, 7}, {5, 3, 16},
             {3, 2, -4}, {4, 2, 16}});
  p.row_capacity = {2, 1, 3, 3, 3, 3, 3, 3};
  p.col_capacity = {3, 3, 3, 3, 1, 1};
  p.row_minimum = {1, 1, 1, 0, 0, 1, 0, 0};
  p.col_minimum = {1, 1, 2, 1, 1, 0};
  p.row_group = {-1, -1, -1, -1, 0, 0, 0, 0};
  p.row_group_bounds = {{3, 5}};
  p.col_group = {-1, -1, -1, 0, 0, 0};
  p.col_group_bounds = {{2, std::numeric_limits<std::int64_t>::max()}};
  p.pinned = {{1, 3}};
  p.col_interval = {{30, 34}, {5, 15}, {13, 21}, {21, 31}, {3, 11}, {18, 25}};
  p.allow_partial = true;
  p.engine = CapacitatedProblem::Engine::network_simplex;
  const CapacitatedAssignment r = solve_capacitated_assignment(p);
  REQUIRE(r.status == CapacitatedStatus::feasible);
  CHECK(r.cardinality > r.cardinality_bound);
  CHECK(r.total <= r.bound);
  CHECK(verify_capacitated_assignment(p, r).empty());
  CapacitatedAssignment nan_bound = r;
  nan_bound.bound = std::numeric_limits<double>::quiet_NaN();
  CHECK(verify_capacitated_assignment(p, nan_bound) == "the bound is on the wrong side of the total");
  // Under max_cardinality the relaxation's count is a true bound, and verify holds it.
  p.objective = Objective::max_cardinality;
  CHECK(verify_capacitated_assignment(p, r) == "more pairs than the relaxation's bound");
}

TEST_CASE("verify compares the total with the pairs' weights relative to their magnitude") {
  // A fuzzing finding (tests/fuzz/regressions/capacitated_assignment/crash-f500fd2...): with
  // weights of 1e300 and -1e300 in the selection, what is left of the small ones depends on the
  // order of the additions (31 reported, 14 summed there); verify compared relative to the sum.
  CapacitatedProblem p;
  p.graph = BipartiteGraph::from_triplets(2, 2, {{0, 0, 1e300}, {0, 1, 5}, {1, 0, 3}, {1, 1, -1e300}});
  p.row_capacity = {2, 2};
  p.col_capacity = {2, 2};
  p.row_minimum = {2, 2};  // every pair is chosen
  CapacitatedAssignment r = solve_capacitated_assignment(p);
  REQUIRE(r.cardinality == 4);
  CHECK(verify_capacitated_assignment(p, r).empty());
  r.total = 8;  // the exact sum, as another order of additions gives it
  CHECK(verify_capacitated_assignment(p, r).empty());
  r.total = 1e295;  // wrong beyond any rounding of 2e300
  CHECK_THAT(verify_capacitated_assignment(p, r), Catch::StartsWith("total differs from the pairs' weights: 9.99") &&
                                                    Catch::EndsWith("e+294 reported, 0 summed"));
  r.total = std::numeric_limits<double>::quiet_NaN();
  CHECK(verify_capacitated_assignment(p, r).rfind("total differs from the pairs' weights", 0) == 0);
}

TEST_CASE("the reduced time-conflict repair on a mid-sized round: conflict-free, bound kept") {
  Random rng(99);
  for (int t = 0; t < 6; ++t) {
    const int rows = 300 + 100 * t, cols = 60 + 10 * t;
    std::vector<BipartiteGraph::Triplet> trip;
    for (int i = 0; i < rows; ++i)
      for (int j = 0; j < cols; ++j)
        if (rng.chance(6.0 / cols)) trip.push_back({i, j, rng.uniform() * 10.0});
    CapacitatedProblem p;
    p.graph = BipartiteGraph::from_triplets(rows, cols, trip);
    for (int i = 0; i < rows; ++i) p.row_capacity.push_back(rng.between(0, 3));
    for (int j = 0; j < cols; ++j) p.col_capacity.push_back(rng.between(1, 3));
    for (int j = 0; j < cols; ++j) {
      const int a = rng.between(0, 180);
      p.col_interval.push_back({a, a + rng.between(7, 40)});
    }
    if (t % 2 == 1) p.objective = Objective::max_cardinality;
    const CapacitatedAssignment r = solve_capacitated_assignment(p);
    INFO("instance " << t);
    REQUIRE(r.status != CapacitatedStatus::infeasible);
    REQUIRE(r.status != CapacitatedStatus::undecided);
    REQUIRE(verify_capacitated_assignment(p, r).empty());
    if (p.objective == Objective::max_cardinality) REQUIRE(r.cardinality <= r.cardinality_bound);
    if (r.cardinality == r.cardinality_bound) REQUIRE(r.total <= r.bound + 1e-9);
    // The same selection again: deterministic.
    REQUIRE(solve_capacitated_assignment(p).edges == r.edges);
  }
}
