// Candidate generation (include/tokten/score/candidates.hpp): the dense and sparse paths give the
// same graph, bit for bit, and both equal a brute force (score every pair, sort, cut at k).
#include <algorithm>
#include <random>
#include <stdexcept>
#include <vector>

#include <catch2/catch.hpp>

#include "tokten/score/candidates.hpp"
#include "tokten/synth/demo.hpp"

using namespace tokten;
using namespace tokten::score;
using Path = CandidateOptions::Path;

namespace {

Candidates run(const ScoringContext& c, std::int32_t k, Path path) {
  CandidateOptions options;
  options.k = k;
  options.path = path;
  return generate_candidates(c, options);
}

/// Score every pair, sort each need's feasible experts (score desc, index asc), keep k.
Candidates brute_force(const ScoringContext& c, std::int32_t k) {
  Candidates out;
  out.feasible_count.assign(c.need_count(), 0);
  std::vector<match::BipartiteGraph::Triplet> triplets;
  for (std::size_t n = 0; n < c.need_count(); ++n) {
    std::vector<std::pair<double, std::int64_t>> feasible;
    for (std::size_t e = 0; e < c.expert_count(); ++e) {
      const PairScore s = score_pair(c, e, n);
      if (s.feasible) feasible.push_back({-s.score, static_cast<std::int64_t>(e)});
    }
    out.feasible_count[n] = static_cast<std::int32_t>(feasible.size());
    std::sort(feasible.begin(), feasible.end());
    feasible.resize(std::min(feasible.size(), static_cast<std::size_t>(k)));
    for (const auto& [minus_score, e] : feasible)
      triplets.push_back({e, static_cast<std::int64_t>(n), -minus_score});
  }
  // from_triplets keeps the input order within a row: needs were visited in ascending order.
  out.graph = match::BipartiteGraph::from_triplets(static_cast<std::ptrdiff_t>(c.expert_count()),
                                                   static_cast<std::ptrdiff_t>(c.need_count()), triplets);
  return out;
}

void require_same(const Candidates& a, const Candidates& b) {
  REQUIRE(a.graph.rows == b.graph.rows);
  REQUIRE(a.graph.cols == b.graph.cols);
  REQUIRE(a.feasible_count == b.feasible_count);
  REQUIRE(a.graph.row_offset == b.graph.row_offset);
  REQUIRE(a.graph.col_index == b.graph.col_index);
  REQUIRE(a.graph.weight == b.graph.weight);  // bit-identical doubles
}

/// Structural promises: CSR valid, rows by ascending need, per need at most k, all feasible.
void require_well_formed(const ScoringContext& c, const Candidates& r, std::int32_t k) {
  REQUIRE(r.graph.rows == static_cast<std::ptrdiff_t>(c.expert_count()));
  REQUIRE(r.graph.cols == static_cast<std::ptrdiff_t>(c.need_count()));
  REQUIRE_FALSE(match::check_csr(r.graph.view()).has_value());
  std::vector<std::int32_t> per_need(c.need_count(), 0);
  for (std::ptrdiff_t e = 0; e < r.graph.rows; ++e)
    for (auto at = r.graph.row_offset[static_cast<std::size_t>(e)]; at < r.graph.row_offset[static_cast<std::size_t>(e) + 1]; ++at) {
      const auto n = static_cast<std::size_t>(r.graph.col_index[static_cast<std::size_t>(at)]);
      if (at > r.graph.row_offset[static_cast<std::size_t>(e)])
        REQUIRE(r.graph.col_index[static_cast<std::size_t>(at) - 1] < r.graph.col_index[static_cast<std::size_t>(at)]);
      const PairScore s = score_pair(c, static_cast<std::size_t>(e), n);
      REQUIRE(s.feasible);
      REQUIRE(s.score == r.graph.weight[static_cast<std::size_t>(at)]);
      ++per_need[n];
    }
  for (std::size_t n = 0; n < c.need_count(); ++n)
    REQUIRE(per_need[n] == std::min(k, r.feasible_count[n]));
}

/// A demo problem with the cases the demo does not make: all-optional needs, zero weights,
/// experts taking no mission, duplicated experts (ties).
Problem varied_problem(std::uint64_t seed, int experts, int needs) {
  synth::DemoOptions options;
  options.seed = seed;
  options.experts = experts;
  options.institutions = std::max(3, needs / 2);
  options.needs = needs;
  Problem p = synth::demo_problem(options);
  std::mt19937_64 rng(seed * 7919 + 1);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  for (Need& n : p.needs) {
    const double u = unit(rng);
    if (u < 0.35)
      for (SkillRequirement& r : n.skills) r.essential = false;  // all optional
    else if (u < 0.5)
      for (SkillRequirement& r : n.skills) r.essential = true;
    if (unit(rng) < 0.1)
      for (SkillRequirement& r : n.skills) r.weight = 0.0;  // equal weights
    else if (unit(rng) < 0.2 && !n.skills.empty())
      n.skills.front().weight = 0.0;
  }
  for (Expert& e : p.experts)
    if (unit(rng) < 0.05) e.max_missions = 0;
  // Exact twins (ties by score): copies of a few experts, later in the list.
  const std::size_t twins = p.experts.size() / 10;
  for (std::size_t t = 0; t < twins; ++t) {
    Expert copy = p.experts[t * 3 % p.experts.size()];
    copy.id += "-twin";
    p.experts.push_back(copy);
  }
  return p;
}

ScoringPolicy random_policy(std::mt19937_64& rng) {
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  auto pick = [&](double lo, double hi) {
    const double u = unit(rng);
    return u < 0.2 ? lo : u < 0.4 ? hi : lo + (hi - lo) * unit(rng);
  };
  ScoringPolicy p;
  p.skills_weight = pick(0, 2);
  p.language_weight = pick(0, 1);
  p.sector_weight = pick(0, 1);
  p.degree_weight = pick(0, 1);
  p.experience_weight = pick(0, 1);
  p.preferences_weight = pick(0, 1);
  if (p.skills_weight + p.language_weight + p.sector_weight + p.degree_weight + p.experience_weight +
          p.preferences_weight == 0)
    p.skills_weight = 1;
  p.parent_decay = pick(0, 1);
  p.sibling_decay = pick(0, 1);
  p.below_level_credit = pick(0, 1);
  p.doctorate_credit = pick(0, 1);
  p.master_credit = pick(0, 1);
  p.bachelor_credit = pick(0, 1);
  p.other_degree_credit = pick(0, 1);
  p.full_experience_years = 1 + 30 * unit(rng);
  p.priority_step = pick(0, 0.5);
  p.equity_bonus = pick(0, 0.5);
  return p;
}

}  // namespace

TEST_CASE("dense and sparse paths give identical graphs on varied demo problems, equal to brute force") {
  for (std::uint64_t seed = 1; seed <= 12; ++seed) {
    const int experts = 40 + static_cast<int>(seed * 37 % 300);
    const int needs = 5 + static_cast<int>(seed * 13 % 40);
    const Problem p = varied_problem(seed, experts, needs);
    const ScoringContext c(p);
    for (std::int32_t k : {1, 3, 50}) {
      INFO("seed " << seed << ", " << experts << " experts, " << needs << " needs, k " << k);
      const Candidates dense = run(c, k, Path::dense);
      const Candidates sparse = run(c, k, Path::sparse);
      CHECK(dense.dense);
      CHECK_FALSE(sparse.dense);
      require_same(dense, sparse);
      require_same(dense, brute_force(c, k));
      require_well_formed(c, sparse, k);
    }
  }
}

TEST_CASE("dense and sparse paths agree under random policies (decays 0 and 1, zero weights)") {
  std::mt19937_64 rng(2027);
  for (std::uint64_t round = 0; round < 24; ++round) {
    const ScoringPolicy policy = random_policy(rng);
    const Problem p = varied_problem(100 + round, 120 + static_cast<int>(round * 11 % 150), 20);
    const ScoringContext c(p, policy);
    for (std::int32_t k : {1, 3, 50}) {
      INFO("round " << round << ", k " << k << ", parent_decay " << policy.parent_decay << ", sibling_decay "
                    << policy.sibling_decay << ", skills_weight " << policy.skills_weight);
      const Candidates sparse = run(c, k, Path::sparse);
      require_same(run(c, k, Path::dense), sparse);
      require_same(brute_force(c, k), sparse);
    }
  }
}

TEST_CASE("a skills weight of 0 makes experts without any related skill the best: the sparse path finds them") {
  ScoringPolicy policy;
  policy.skills_weight = 0;
  Problem p = varied_problem(5, 300, 30);
  for (Need& n : p.needs)
    for (SkillRequirement& r : n.skills) r.essential = false;
  const ScoringContext c(p, policy);
  for (std::int32_t k : {1, 3, 50}) {
    const Candidates sparse = run(c, k, Path::sparse);
    require_same(brute_force(c, k), sparse);
    require_well_formed(c, sparse, k);
  }
}

TEST_CASE("ties go to the lower expert index, on both paths") {
  Problem p = synth::demo_problem({.seed = 3, .experts = 30, .institutions = 5, .needs = 6});
  for (Need& n : p.needs)
    for (SkillRequirement& r : n.skills) r.essential = false;
  // Ten identical experts: everyone of them scores the same on every need.
  Expert base = p.experts[0];
  base.max_missions = 1;
  p.experts.clear();
  for (int i = 0; i < 10; ++i) {
    Expert e = base;
    e.id = "twin-" + std::to_string(i);
    p.experts.push_back(e);
  }
  const ScoringContext c(p);
  for (Path path : {Path::dense, Path::sparse}) {
    const Candidates r = run(c, 3, path);
    for (std::size_t n = 0; n < c.need_count(); ++n) {
      if (r.feasible_count[n] == 0) continue;
      CHECK(r.feasible_count[n] == 10);
      // Experts 0, 1, 2 hold need n; 3..9 do not.
      for (std::size_t e = 0; e < 10; ++e) {
        const auto begin = r.graph.col_index.begin() + r.graph.row_offset[e];
        const auto end = r.graph.col_index.begin() + r.graph.row_offset[e + 1];
        CHECK((std::find(begin, end, static_cast<std::int64_t>(n)) != end) == (e < 3));
      }
    }
    require_same(brute_force(c, 3), r);
  }
}

TEST_CASE("k above the feasible count, needs without any feasible expert, experts taking no mission") {
  Problem p = varied_problem(9, 80, 12);
  // Need 0: an essential skill at level 5 that nobody holds at all (a fresh leaf).
  p.taxonomy.skills.push_back({"nobody-has-this", "Nobody", p.taxonomy.skills.front().id});
  p.needs[0].skills = {{"nobody-has-this", true, 5, 1.0}};
  // Need 1: a working language nobody speaks.
  p.needs[1].languages = {{"zz", Cefr::C2}};
  // Half the experts take no mission.
  for (std::size_t e = 0; e < p.experts.size(); e += 2) p.experts[e].max_missions = 0;
  const ScoringContext c(p);
  for (Path path : {Path::dense, Path::sparse}) {
    const Candidates r = run(c, 1000, path);
    CHECK(r.feasible_count[0] == 0);
    CHECK(r.feasible_count[1] == 0);
    for (std::size_t e = 0; e < p.experts.size(); e += 2)
      CHECK(r.graph.row_offset[e + 1] == r.graph.row_offset[e]);  // no mission, no candidate
    require_same(brute_force(c, 1000), r);
    require_well_formed(c, r, 1000);
  }
  // Nobody takes a mission: an empty graph of the right shape.
  for (Expert& e : p.experts) e.max_missions = 0;
  const ScoringContext none(p);
  for (Path path : {Path::dense, Path::sparse}) {
    const Candidates r = run(none, 5, path);
    CHECK(r.graph.edges() == 0);
    CHECK(r.graph.rows == static_cast<std::ptrdiff_t>(p.experts.size()));
    CHECK(r.feasible_count == std::vector<std::int32_t>(p.needs.size(), 0));
  }
}

TEST_CASE("empty problems: no experts, no needs") {
  Problem p = synth::demo_problem({.seed = 1, .experts = 20, .institutions = 4, .needs = 5});
  Problem no_experts = p;
  no_experts.experts.clear();
  Problem no_needs = p;
  no_needs.needs.clear();
  Problem empty = p;
  empty.experts.clear();
  empty.needs.clear();
  for (const Problem* q : {&no_experts, &no_needs, &empty}) {
    const ScoringContext c(*q);
    for (Path path : {Path::automatic, Path::dense, Path::sparse}) {
      const Candidates r = run(c, 50, path);
      CHECK(r.graph.rows == static_cast<std::ptrdiff_t>(q->experts.size()));
      CHECK(r.graph.cols == static_cast<std::ptrdiff_t>(q->needs.size()));
      CHECK(r.graph.edges() == 0);
      CHECK(r.graph.row_offset.size() == q->experts.size() + 1);
      CHECK(r.feasible_count == std::vector<std::int32_t>(q->needs.size(), 0));
    }
  }
}

TEST_CASE("the automatic path: dense up to dense_pair_limit pairs, sparse above; k < 1 is refused") {
  const Problem p = varied_problem(4, 100, 10);  // 110 experts (twins) x 10 needs
  const ScoringContext c(p);
  const std::int64_t pairs = static_cast<std::int64_t>(c.expert_count() * c.need_count());
  CandidateOptions options;
  options.k = 3;
  options.dense_pair_limit = pairs;
  const Candidates at_limit = generate_candidates(c, options);
  CHECK(at_limit.dense);
  options.dense_pair_limit = pairs - 1;
  const Candidates above = generate_candidates(c, options);
  CHECK_FALSE(above.dense);
  require_same(at_limit, above);
  CHECK(generate_candidates(c).dense);  // the default limit, 2,000,000 pairs
  options.k = 0;
  CHECK_THROWS_AS(generate_candidates(c, options), std::invalid_argument);
}

TEST_CASE("a larger problem, split over threads, is deterministic and identical on both paths") {
  const Problem p = varied_problem(77, 2500, 160);
  const ScoringContext c(p);
  const Candidates sparse = run(c, 50, Path::sparse);
  require_same(run(c, 50, Path::dense), sparse);
  require_same(run(c, 50, Path::sparse), sparse);
  require_well_formed(c, sparse, 50);
}
