// Cross-check against LEMON 1.3 (an independent network simplex): on thousands of seeded random
// networks (lower bounds, supplies, negative costs, parallel arcs and self-loops, many of them
// infeasible) solve_min_cost_flow agrees with lemon::NetworkSimplex on feasibility and optimal
// cost, and its certificate (check_min_cost_flow) or cut (check_flow_cut) holds; on random
// capacitated instances (capacities, minimums, pinned pairs, group quotas, both objectives)
// solve_capacitated_assignment agrees with LEMON solving a flow layout built here, independently
// of tokten's own layout code. LEMON always runs on integer costs (double costs are rounded to
// multiples of 2^-20 for it, and compared within the rounding's bound).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <set>
#include <type_traits>
#include <utility>
#include <vector>

#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wshadow"
#pragma GCC diagnostic ignored "-Wunused-parameter"
#pragma GCC diagnostic ignored "-Wpedantic"
#endif
#include <lemon/network_simplex.h>
#include <lemon/smart_graph.h>
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

#include "tokten/match/capacitated_assignment.hpp"
#include "tokten/match/min_cost_flow.hpp"
#include "tokten/synth/random.hpp"

using namespace tokten::match;
using tokten::synth::Random;

namespace {

// LEMON's answer on a network held in tokten's plain FlowNetwork arrays: nothing when
// infeasible, else the optimal cost.
std::optional<std::int64_t> lemon_min_cost(const FlowNetwork<std::int64_t>& net) {
  using Cost = std::int64_t;
  using Digraph = lemon::SmartDigraph;
  Digraph g;
  g.reserveNode(net.nodes());
  g.reserveArc(net.arcs());
  std::vector<Digraph::Node> node;
  for (std::int32_t v = 0; v < net.nodes(); ++v) node.push_back(g.addNode());
  Digraph::ArcMap<std::int64_t> lower(g), upper(g);
  Digraph::ArcMap<Cost> cost(g);
  Digraph::NodeMap<std::int64_t> supply(g);
  for (std::int32_t v = 0; v < net.nodes(); ++v) supply[node[static_cast<std::size_t>(v)]] = net.supply[static_cast<std::size_t>(v)];
  for (std::int32_t a = 0; a < net.arcs(); ++a) {
    const auto k = static_cast<std::size_t>(a);
    const Digraph::Arc e = g.addArc(node[static_cast<std::size_t>(net.tail[k])], node[static_cast<std::size_t>(net.head[k])]);
    lower[e] = net.lower[k];
    upper[e] = net.upper[k];
    cost[e] = net.cost[k];
  }
  lemon::NetworkSimplex<Digraph, std::int64_t, Cost> ns(g);
  // Supplies sum to zero here, so LEMON's "greater or equal" form is the equality form.
  ns.lowerMap(lower).upperMap(upper).costMap(cost).supplyMap(supply).supplyType(
      lemon::NetworkSimplex<Digraph, std::int64_t, Cost>::GEQ);
  const auto status = ns.run();
  REQUIRE(status != lemon::NetworkSimplex<Digraph, std::int64_t, Cost>::UNBOUNDED);
  if (status == lemon::NetworkSimplex<Digraph, std::int64_t, Cost>::INFEASIBLE) return std::nullopt;
  return ns.template totalCost<Cost>();
}

// Double costs: LEMON 1.3.1's NetworkSimplex is not reliable with a floating-point cost type
// (with its default block search it reported a feasible capacitated layout infeasible), so it
// solves the costs rounded to multiples of 2^-kCostBits in exact integers. Its optimum is then
// within cost_rounding(net) of the true one.
constexpr int kCostBits = 20;

std::optional<double> lemon_min_cost(const FlowNetwork<double>& net) {
  FlowNetwork<std::int64_t> scaled;
  scaled.supply = net.supply;
  for (std::int32_t a = 0; a < net.arcs(); ++a) {
    const auto k = static_cast<std::size_t>(a);
    scaled.add_arc(net.tail[k], net.head[k], net.lower[k], net.upper[k],
                   std::llround(std::ldexp(net.cost[k], kCostBits)));
  }
  const auto cost = lemon_min_cost(scaled);
  if (!cost) return std::nullopt;
  return std::ldexp(static_cast<double>(*cost), -kCostBits);
}

// Each unit on an arc is off by at most 2^-(kCostBits + 1) in the rounded costs.
template <class Cost>
double cost_rounding(const FlowNetwork<Cost>& net) {
  if constexpr (std::is_same_v<Cost, std::int64_t>) {
    return 0.0;
  } else {
    double units = 0;
    for (const auto u : net.upper) units += static_cast<double>(u);
    return units * std::ldexp(1.0, -(kCostBits + 1));
  }
}

template <class Cost>
Cost draw_cost(Random& rng, int spread) {
  if constexpr (std::is_same_v<Cost, std::int64_t>) {
    return rng.between(-spread, spread);
  } else {
    // Half the networks exact in binary (sixteenths), half arbitrary doubles.
    return rng.chance(0.5) ? rng.between(-16 * spread, 16 * spread) / 16.0
                           : (2.0 * rng.uniform() - 1.0) * spread;
  }
}

template <class Cost>
FlowNetwork<Cost> random_network(Random& rng, int max_nodes) {
  const int n = rng.between(1, max_nodes);
  FlowNetwork<Cost> net(n);
  const int m = rng.between(0, 4 * n);
  const double lower_chance = rng.uniform() * 0.5;
  const int spread = rng.chance(0.5) ? 20 : 1000;
  for (int a = 0; a < m; ++a) {
    const int u = rng.between(0, n - 1);
    const int v = rng.chance(0.97) ? rng.between(0, n - 1) : u;  // a few more self-loops
    const std::int64_t lo = rng.chance(lower_chance) ? rng.between(0, 3) : 0;
    const std::int64_t hi = lo + rng.between(0, 6);
    net.add_arc(u, v, lo, hi, draw_cost<Cost>(rng, spread));
  }
  const int moves = rng.between(0, n);
  for (int t = 0; t < moves; ++t) {
    const int amount = rng.between(1, 6);
    net.supply[static_cast<std::size_t>(rng.between(0, n - 1))] += amount;
    net.supply[static_cast<std::size_t>(rng.between(0, n - 1))] -= amount;
  }
  return net;
}

template <class Cost>
double cost_tolerance(const FlowNetwork<Cost>& net) {
  if constexpr (std::is_same_v<Cost, std::int64_t>) {
    return 0.0;
  } else {
    double s = 1.0;
    for (std::size_t a = 0; a < net.cost.size(); ++a)
      s += std::abs(net.cost[a]) * static_cast<double>(net.upper[a]);
    return 1e-9 * s + cost_rounding(net);
  }
}

struct Tally {
  int optimal = 0;
  int infeasible = 0;
};

template <class Cost>
void cross_check_flow(std::uint64_t seed, int max_nodes, Tally& tally) {
  Random rng(seed);
  const FlowNetwork<Cost> net = random_network<Cost>(rng, max_nodes);
  INFO("seed " << seed << ", " << net.nodes() << " nodes, " << net.arcs() << " arcs");
  const std::optional<Cost> reference = lemon_min_cost(net);
  const FlowSolution<Cost> sol = solve_min_cost_flow(net);
  REQUIRE((sol.status == FlowStatus::optimal) == reference.has_value());
  if (reference) {
    ++tally.optimal;
    CHECK(std::abs(static_cast<double>(sol.cost) - static_cast<double>(*reference)) <= cost_tolerance(net));
    CHECK(check_min_cost_flow(net, sol.flow, sol.potential, sol.cost) == "");
  } else {
    ++tally.infeasible;
    CHECK(check_flow_cut(net, sol.cut) == "");
  }
}

// ---- capacitated instances ------------------------------------------------------------------

CapacitatedProblem random_capacitated(Random& rng, bool integer_weights) {
  CapacitatedProblem p;
  const int rows = rng.between(0, 25);
  const int cols = rng.between(0, 25);
  const double density = 0.02 + 0.6 * rng.uniform();
  std::vector<BipartiteGraph::Triplet> t;
  for (int i = 0; i < rows; ++i)
    for (int j = 0; j < cols; ++j)
      if (rng.chance(density))
        t.push_back({i, j, integer_weights ? rng.between(-20, 60) : rng.uniform() * 120.0 - 30.0});
  p.graph = BipartiteGraph::from_triplets(rows, cols, std::move(t));
  for (int i = 0; i < rows; ++i) p.row_capacity.push_back(rng.between(0, 3));
  for (int j = 0; j < cols; ++j) p.col_capacity.push_back(rng.between(0, 5));
  if (rng.chance(0.3)) {
    for (int i = 0; i < rows; ++i)
      p.row_minimum.push_back(rng.chance(0.15) ? rng.between(0, static_cast<int>(p.row_capacity[static_cast<std::size_t>(i)])) : 0);
    for (int j = 0; j < cols; ++j)
      p.col_minimum.push_back(rng.chance(0.15) ? rng.between(0, static_cast<int>(p.col_capacity[static_cast<std::size_t>(j)])) : 0);
  }
  if (rng.chance(0.2) && p.graph.edges() > 0) {
    std::set<std::int64_t> chosen;
    const int pins = rng.between(1, 3);
    for (int k = 0; k < pins; ++k) chosen.insert(rng.between(0, static_cast<int>(p.graph.edges()) - 1));
    for (const std::int64_t k : chosen) {
      std::int64_t row = 0;
      while (p.graph.row_offset[static_cast<std::size_t>(row) + 1] <= k) ++row;
      p.pinned.emplace_back(row, p.graph.col_index[static_cast<std::size_t>(k)]);
    }
  }
  const auto groups = [&](int n, std::vector<std::int32_t>& group, std::vector<CountBounds>& bounds) {
    const int count = rng.between(1, 3);
    for (int g = 0; g < count; ++g) {
      CountBounds b;
      b.min = rng.chance(0.5) ? rng.between(0, 3) : 0;
      b.max = rng.chance(0.3) ? std::numeric_limits<std::int64_t>::max() : b.min + rng.between(0, 6);
      bounds.push_back(b);
    }
    for (int k = 0; k < n; ++k) group.push_back(rng.between(-1, count - 1));
  };
  // (Groups only with members to group: bounds without a grouping vector are left undefined.)
  if (rng.chance(0.2) && rows > 0) groups(rows, p.row_group, p.row_group_bounds);
  if (rng.chance(0.2) && cols > 0) groups(cols, p.col_group, p.col_group_bounds);
  const int kind = rng.between(0, 2);
  p.objective = kind == 0 ? Objective::max_weight : Objective::max_cardinality;
  p.sense = kind == 2 ? Sense::minimize : Sense::maximize;
  return p;
}

// The layout source -> [row group] -> row -> column -> [column group] -> sink, with a bypass
// source -> sink when `units` is not fixed; pair arcs cost pair_cost(w). Nodes 0 = source,
// 1 = sink.
template <class Cost, class PairCost>
FlowNetwork<Cost> layout(const CapacitatedProblem& p, std::optional<std::int64_t> units, PairCost pair_cost) {
  const BipartiteGraph& g = p.graph;
  std::int64_t big = 0;
  for (const auto c : p.row_capacity) big += c;
  const std::int64_t flow = units.value_or(big);
  FlowNetwork<Cost> net(2);
  net.supply[0] = flow;
  net.supply[1] = -flow;
  const auto minimum = [](const std::vector<std::int64_t>& v, std::size_t k) {
    return v.empty() ? std::int64_t{0} : v[k];
  };
  std::vector<std::int32_t> row_group_node, col_group_node;
  for (const CountBounds& b : p.row_group_bounds) {
    row_group_node.push_back(net.add_node());
    net.add_arc(0, row_group_node.back(), b.min, std::max(b.min, std::min(b.max, big)), Cost{});
  }
  for (const CountBounds& b : p.col_group_bounds) {
    col_group_node.push_back(net.add_node());
    net.add_arc(col_group_node.back(), 1, b.min, std::max(b.min, std::min(b.max, big)), Cost{});
  }
  std::vector<std::int32_t> row_node, col_node;
  for (std::ptrdiff_t i = 0; i < g.rows; ++i) {
    const auto k = static_cast<std::size_t>(i);
    row_node.push_back(net.add_node());
    const std::int32_t from = p.row_group.empty() || p.row_group[k] < 0 ? 0 : row_group_node[static_cast<std::size_t>(p.row_group[k])];
    net.add_arc(from, row_node.back(), minimum(p.row_minimum, k), p.row_capacity[k], Cost{});
  }
  for (std::ptrdiff_t j = 0; j < g.cols; ++j) {
    const auto k = static_cast<std::size_t>(j);
    col_node.push_back(net.add_node());
    const std::int32_t to = p.col_group.empty() || p.col_group[k] < 0 ? 1 : col_group_node[static_cast<std::size_t>(p.col_group[k])];
    net.add_arc(col_node.back(), to, minimum(p.col_minimum, k), p.col_capacity[k], Cost{});
  }
  std::set<std::pair<std::int64_t, std::int64_t>> pinned(p.pinned.begin(), p.pinned.end());
  for (std::ptrdiff_t i = 0; i < g.rows; ++i)
    for (auto k = g.row_offset[static_cast<std::size_t>(i)]; k < g.row_offset[static_cast<std::size_t>(i) + 1]; ++k) {
      const auto j = g.col_index[static_cast<std::size_t>(k)];
      net.add_arc(row_node[static_cast<std::size_t>(i)], col_node[static_cast<std::size_t>(j)],
                  pinned.count({i, j}) ? 1 : 0, 1, pair_cost(g.weight[static_cast<std::size_t>(k)]));
    }
  if (!units) net.add_arc(0, 1, 0, big, Cost{});
  return net;
}

struct Reference {
  bool feasible = false;
  double total = 0;
  std::int64_t pairs = 0;  // for max_cardinality
};

template <class Cost>
Reference lemon_capacitated(const CapacitatedProblem& p) {
  Reference ref;
  const double sign = p.sense == Sense::maximize ? -1.0 : 1.0;  // cost = sign * weight
  const auto weight_cost = [&](double w) { return static_cast<Cost>(sign * w); };
  if (p.objective == Objective::max_weight) {
    const auto cost = lemon_min_cost(layout<Cost>(p, std::nullopt, weight_cost));
    if (!cost) return ref;
    ref.feasible = true;
    ref.total = -static_cast<double>(*cost);
    return ref;
  }
  const auto count = lemon_min_cost(layout<std::int64_t>(p, std::nullopt, [](double) { return std::int64_t{-1}; }));
  if (!count) return ref;
  ref.pairs = -*count;
  const auto cost = lemon_min_cost(layout<Cost>(p, ref.pairs, weight_cost));
  REQUIRE(cost.has_value());
  ref.feasible = true;
  ref.total = sign * static_cast<double>(*cost);
  return ref;
}

}  // namespace

TEST_CASE("LEMON cross-check: min-cost flow with integer costs") {
  Tally tally;
  for (std::uint64_t seed = 1; seed <= 8000; ++seed) cross_check_flow<std::int64_t>(seed, 12, tally);
  for (std::uint64_t seed = 10001; seed <= 10500; ++seed) cross_check_flow<std::int64_t>(seed, 80, tally);
  CHECK(tally.optimal > 500);
  CHECK(tally.infeasible > 500);
}

TEST_CASE("LEMON cross-check: min-cost flow with double costs") {
  Tally tally;
  for (std::uint64_t seed = 20001; seed <= 24000; ++seed) cross_check_flow<double>(seed, 12, tally);
  for (std::uint64_t seed = 30001; seed <= 30300; ++seed) cross_check_flow<double>(seed, 80, tally);
  CHECK(tally.optimal > 300);
  CHECK(tally.infeasible > 300);
}

TEST_CASE("LEMON cross-check: capacitated assignment totals agree") {
  int feasible = 0, infeasible = 0;
  for (std::uint64_t seed = 1; seed <= 4000; ++seed) {
    Random rng(seed * 104729);
    const bool integer_weights = seed % 2 == 0;
    const CapacitatedProblem p = random_capacitated(rng, integer_weights);
    INFO("seed " << seed << ", " << p.graph.rows << " x " << p.graph.cols << ", " << p.graph.edges()
                 << " pairs, objective " << static_cast<int>(p.objective) << ", sense "
                 << static_cast<int>(p.sense));
    const Reference ref = integer_weights ? lemon_capacitated<std::int64_t>(p) : lemon_capacitated<double>(p);
    const CapacitatedAssignment r = solve_capacitated_assignment(p);
    CHECK(verify_capacitated_assignment(p, r) == "");
    REQUIRE((r.status == CapacitatedStatus::optimal) == ref.feasible);
    if (!ref.feasible) {
      ++infeasible;
      continue;
    }
    ++feasible;
    double scale = 1.0;
    for (const double w : p.graph.weight) scale += std::abs(w);
    // LEMON saw the weights rounded to multiples of 2^-kCostBits (one unit per pair arc).
    const double rounding = static_cast<double>(p.graph.edges()) * std::ldexp(1.0, -kCostBits);
    CHECK(std::abs(r.total - ref.total) <= 1e-9 * scale + rounding);
    if (p.objective == Objective::max_cardinality) CHECK(r.cardinality == ref.pairs);
  }
  CHECK(feasible > 2000);
  CHECK(infeasible > 200);
}
