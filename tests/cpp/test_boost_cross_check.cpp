// Cross-check against Boost.Graph: on seeded random bipartite graphs up to 30 x 30, the
// maximum-weight matching total of boost::maximum_weighted_matching (Edmonds' blossom algorithm,
// an independent code) equals that of solve_capacitated_assignment with unit capacities, and
// every tokten result passes verify_capacitated_assignment.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "tokten/match/boost_graph.hpp"
#include "tokten/match/capacitated_assignment.hpp"
#include "tokten/synth/random.hpp"

using namespace tokten::match;
using tokten::synth::Random;

namespace {

enum class Weights { positive_float, positive_int, mixed_float, mixed_int };

double draw_weight(Random& rng, Weights kind) {
  switch (kind) {
    case Weights::positive_float: return rng.uniform() * 100.0;
    case Weights::positive_int: return rng.between(0, 100);
    case Weights::mixed_float: return rng.uniform() * 200.0 - 100.0;
    case Weights::mixed_int: return rng.between(-50, 50);
  }
  return 0.0;
}

BipartiteGraph random_graph(Random& rng, Weights kind, int max_side) {
  const int rows = rng.between(0, max_side);
  const int cols = rng.between(0, max_side);
  const double density = 0.03 + 0.97 * rng.uniform();
  std::vector<BipartiteGraph::Triplet> t;
  for (int i = 0; i < rows; ++i)
    for (int j = 0; j < cols; ++j)
      if (rng.chance(density)) t.push_back({i, j, draw_weight(rng, kind)});
  return BipartiteGraph::from_triplets(rows, cols, std::move(t));
}

CapacitatedProblem unit_problem(const BipartiteGraph& g) {
  CapacitatedProblem p;
  p.graph = g;
  p.row_capacity.assign(static_cast<std::size_t>(g.rows), 1);
  p.col_capacity.assign(static_cast<std::size_t>(g.cols), 1);
  p.objective = Objective::max_weight;
  p.sense = Sense::maximize;
  return p;
}

// Rounding in the sums, plus Boost's rounding of the weights to multiples of 2^-20.
double tolerance(const BipartiteGraph& g) {
  double s = 1.0;
  for (const double w : g.weight) s += std::abs(w);
  return 1e-9 * s + static_cast<double>(std::min(g.rows, g.cols)) * std::ldexp(1.0, -20);
}

// The same graph with only its positive entries.
BipartiteGraph positive_part(const BipartiteGraph& g) {
  std::vector<BipartiteGraph::Triplet> t;
  for (std::ptrdiff_t i = 0; i < g.rows; ++i)
    for (auto k = g.row_offset[static_cast<std::size_t>(i)]; k < g.row_offset[static_cast<std::size_t>(i) + 1]; ++k)
      if (g.weight[static_cast<std::size_t>(k)] > 0)
        t.push_back({i, g.col_index[static_cast<std::size_t>(k)], g.weight[static_cast<std::size_t>(k)]});
  return BipartiteGraph::from_triplets(g.rows, g.cols, std::move(t));
}

// A matching of g (each row and column at most once, allowed pairs) with the reported total.
void check_is_matching(const BipartiteGraph& g, const BoostMatching& m) {
  REQUIRE(m.pair_row.size() == m.pair_col.size());
  REQUIRE(m.edges.size() == m.pair_row.size());
  std::vector<int> row_used(static_cast<std::size_t>(g.rows), 0), col_used(static_cast<std::size_t>(g.cols), 0);
  double total = 0;
  for (std::size_t t = 0; t < m.edges.size(); ++t) {
    const auto k = static_cast<std::size_t>(m.edges[t]);
    REQUIRE(g.col_index[k] == m.pair_col[t]);
    REQUIRE(g.row_offset[static_cast<std::size_t>(m.pair_row[t])] <= m.edges[t]);
    REQUIRE(m.edges[t] < g.row_offset[static_cast<std::size_t>(m.pair_row[t]) + 1]);
    REQUIRE(++row_used[static_cast<std::size_t>(m.pair_row[t])] == 1);
    REQUIRE(++col_used[static_cast<std::size_t>(m.pair_col[t])] == 1);
    total += g.weight[k];
  }
  CHECK(std::abs(total - m.total) <= tolerance(g));
}

}  // namespace

TEST_CASE("to_boost_graph: vertices, edges and weights") {
  // Pair (0, 1) is stored twice: one edge, with the larger weight.
  const auto g = BipartiteGraph::from_triplets(2, 3, {{0, 1, 2.5}, {1, 0, -1.0}, {0, 1, 4.0}, {1, 2, 0.0}});
  const BoostBipartiteGraph b = to_boost_graph(g);
  CHECK(boost::num_vertices(b) == 5);
  CHECK(boost::num_edges(b) == 3);
  const auto weight = boost::get(boost::edge_weight, b);
  const auto [e01, has01] = boost::edge(0, 2 + 1, b);
  REQUIRE(has01);
  CHECK(boost::get(weight, e01) == 4.0);
  const auto [e10, has10] = boost::edge(2 + 0, 1, b);  // undirected: either order
  REQUIRE(has10);
  CHECK(boost::get(weight, e10) == -1.0);
  CHECK_FALSE(boost::edge(0, 2 + 0, b).second);

  std::vector<BoostVertex> mate(5, boost::graph_traits<BoostBipartiteGraph>::null_vertex());
  mate[0] = 3;
  mate[3] = 0;
  const BoostMatching m = from_boost_matching(g, mate);
  REQUIRE(m.edges.size() == 1);
  CHECK(m.edges[0] == 1);  // the heavier copy of (0, 1)
  CHECK(m.total == 4.0);

  mate[3] = boost::graph_traits<BoostBipartiteGraph>::null_vertex();
  CHECK_THROWS_AS(from_boost_matching(g, mate), std::invalid_argument);
  mate[3] = 0;
  mate[0] = 2;  // (0, 0) is not an allowed pair
  mate[2] = 0;
  mate[3] = boost::graph_traits<BoostBipartiteGraph>::null_vertex();
  CHECK_THROWS_AS(from_boost_matching(g, mate), std::invalid_argument);
}

TEST_CASE("boost_maximum_weight_matching: small cases") {
  SECTION("the header example") {
    const auto g = BipartiteGraph::from_triplets(2, 2, {{0, 0, 5.0}, {0, 1, 4.0}, {1, 0, 3.0}, {1, 1, -1.0}});
    const BoostMatching m = boost_maximum_weight_matching(g);
    CHECK(m.total == 7.0);
    CHECK(m.pair_row == std::vector<std::int64_t>{0, 1});
    CHECK(m.pair_col == std::vector<std::int64_t>{1, 0});
  }
  SECTION("empty graphs") {
    CHECK(boost_maximum_weight_matching(BipartiteGraph(0, 0)).edges.empty());
    CHECK(boost_maximum_weight_matching(BipartiteGraph(3, 0)).edges.empty());
    CHECK(boost_maximum_weight_matching(BipartiteGraph(2, 4)).edges.empty());
  }
  SECTION("non-positive weights are never worth taking") {
    const auto g = BipartiteGraph::from_triplets(2, 2, {{0, 0, -1.0}, {0, 1, -2.0}, {1, 1, -0.5}});
    const BoostMatching m = boost_maximum_weight_matching(g);
    CHECK(m.edges.empty());
    CHECK(m.total == 0.0);
    // A negative pair is not taken even when it would enlarge the matching.
    const auto h = BipartiteGraph::from_triplets(2, 2, {{0, 0, 3.0}, {1, 1, -0.25}});
    CHECK(boost_maximum_weight_matching(h).total == 3.0);
  }
  SECTION("a graph whose optimum is not the greedy one") {
    // Rows 0..3 x columns 0..3; the best total is 34 + 42 + 36 = 112 (row 0 left out).
    const auto g = BipartiteGraph::from_triplets(
        4, 4, {{0, 1, 21}, {1, 0, 5}, {1, 1, 34}, {1, 2, 46}, {2, 3, 42}, {2, 2, 10}, {3, 2, 36}, {3, 3, 37}});
    const BoostMatching m = boost_maximum_weight_matching(g);
    CHECK(m.total == 112.0);
    const auto r = solve_capacitated_assignment(unit_problem(g));
    CHECK(r.total == 112.0);
  }
  SECTION("weights with rounding in them (raw Boost 1.74 never returns on this graph)") {
    const auto g = BipartiteGraph::from_triplets(2, 2, {{0, 0, 0.1}, {1, 1, 1.0}});
    const BoostMatching m = boost_maximum_weight_matching(g);
    CHECK(m.edges.size() == 2);
    CHECK(m.total == 0.1 + 1.0);
  }
  SECTION("dyadic weights are used exactly") {
    const auto g = BipartiteGraph::from_triplets(2, 2, {{0, 0, 0.375}, {0, 1, 0.25}, {1, 0, 0.125}});
    CHECK(boost_maximum_weight_matching(g).total == 0.375);
    CHECK_THROWS_AS(boost_maximum_weight_matching(g, 41), std::invalid_argument);
  }
  SECTION("non-finite weights are rejected") {
    const auto g = BipartiteGraph::from_triplets(1, 1, {{0, 0, std::nan("")}});
    CHECK_THROWS_AS(to_boost_graph(g), std::invalid_argument);
  }
}

TEST_CASE("Boost cross-check: maximum-weight matching totals agree on random graphs") {
  int instances = 0, pairs = 0;
  for (const Weights kind : {Weights::positive_float, Weights::positive_int, Weights::mixed_float,
                             Weights::mixed_int}) {
    for (std::uint64_t seed = 1; seed <= 250; ++seed) {
      Random rng(seed * 7919 + static_cast<std::uint64_t>(kind));
      const BipartiteGraph g = random_graph(rng, kind, seed <= 60 ? 6 : 30);
      INFO("weights kind " << static_cast<int>(kind) << ", seed " << seed << ", " << g.rows << " x "
                           << g.cols << ", " << g.edges() << " pairs");
      const BoostMatching b = boost_maximum_weight_matching(g);
      check_is_matching(g, b);

      const CapacitatedProblem p = unit_problem(g);
      const CapacitatedAssignment r = solve_capacitated_assignment(p);
      REQUIRE(r.status == CapacitatedStatus::optimal);
      CHECK(verify_capacitated_assignment(p, r).empty());
      CHECK(std::abs(r.total - b.total) <= tolerance(g));

      // Boost leaves the edges that do not help aside: dropping them changes nothing.
      if (kind == Weights::mixed_float || kind == Weights::mixed_int) {
        for (std::size_t t = 0; t < b.edges.size(); ++t)
          CHECK(g.weight[static_cast<std::size_t>(b.edges[t])] >= 0.0);
        CHECK(std::abs(boost_maximum_weight_matching(positive_part(g)).total - b.total) <= tolerance(g));
      }
      ++instances;
      pairs += static_cast<int>(g.edges());
    }
  }
  CHECK(instances == 1000);
  CHECK(pairs > 0);
}
