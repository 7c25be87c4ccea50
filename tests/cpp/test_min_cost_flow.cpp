// Network simplex: brute force on small networks (every integer flow enumerated), certificates
// and infeasibility cuts checked independently, degenerate and invalid networks.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <vector>

#include "tokten/match/min_cost_flow.hpp"
#include "tokten/synth/random.hpp"

using tokten::match::FlowNetwork;
using tokten::match::FlowStatus;
using tokten::match::check_flow_cut;
using tokten::match::check_min_cost_flow;
using tokten::match::solve_min_cost_flow;

namespace {

// The least cost over all integer flows within the bounds that meet the supplies, or nothing.
template <class Cost>
std::optional<Cost> brute_force(const FlowNetwork<Cost>& net) {
  const auto m = static_cast<std::size_t>(net.arcs());
  std::vector<std::int64_t> flow(net.lower.begin(), net.lower.end());
  std::optional<Cost> best;
  for (;;) {
    std::vector<std::int64_t> bal(static_cast<std::size_t>(net.nodes()), 0);
    Cost c{};
    for (std::size_t a = 0; a < m; ++a) {
      bal[static_cast<std::size_t>(net.tail[a])] += flow[a];
      bal[static_cast<std::size_t>(net.head[a])] -= flow[a];
      c += net.cost[a] * static_cast<Cost>(flow[a]);
    }
    if (bal == net.supply && (!best || c < *best)) best = c;
    std::size_t a = 0;
    while (a < m && flow[a] == net.upper[a]) {
      flow[a] = net.lower[a];
      ++a;
    }
    if (a == m) break;
    ++flow[a];
  }
  return best;
}

template <class Cost>
FlowNetwork<Cost> random_network(tokten::synth::Random& rng, bool with_supply) {
  const auto n = static_cast<std::int32_t>(rng.between(2, 5));
  FlowNetwork<Cost> net(n);
  const auto m = rng.between(1, 7);
  for (std::int64_t k = 0; k < m; ++k) {
    const auto u = static_cast<std::int32_t>(rng.between(0, n - 1));
    auto v = static_cast<std::int32_t>(rng.between(0, n - 1));
    if (v == u) v = (v + 1) % n;
    const std::int64_t lo = rng.chance(0.2) ? rng.between(0, 1) : 0;
    const std::int64_t hi = lo + rng.between(0, 2);
    Cost c;
    if constexpr (std::is_same_v<Cost, double>) {
      c = rng.chance(0.3) ? static_cast<double>(rng.between(-3, 3)) : rng.uniform() * 10.0 - 5.0;
    } else {
      c = rng.between(-5, 5);
    }
    net.add_arc(u, v, lo, hi, c);
  }
  if (with_supply) {
    std::int64_t total = 0;
    for (std::int32_t v = 0; v + 1 < n; ++v) {
      net.supply[static_cast<std::size_t>(v)] = rng.between(-2, 2);
      total += net.supply[static_cast<std::size_t>(v)];
    }
    net.supply.back() = -total;
  }
  return net;
}

template <class Cost>
void check_against_brute_force(std::uint64_t seed, int count) {
  tokten::synth::Random rng(seed);
  int feasible = 0, infeasible = 0;
  for (int t = 0; t < count; ++t) {
    const FlowNetwork<Cost> net = random_network<Cost>(rng, rng.chance(0.7));
    const auto expected = brute_force(net);
    const auto sol = solve_min_cost_flow(net);
    INFO("instance " << t);
    if (expected) {
      ++feasible;
      REQUIRE(sol.status == FlowStatus::optimal);
      if constexpr (std::is_same_v<Cost, double>) {
        REQUIRE(sol.cost == Approx(*expected).margin(1e-9));
      } else {
        REQUIRE(sol.cost == *expected);
      }
      REQUIRE(check_min_cost_flow(net, sol.flow, sol.potential, sol.cost).empty());
    } else {
      ++infeasible;
      REQUIRE(sol.status == FlowStatus::infeasible);
      REQUIRE(check_flow_cut(net, sol.cut).empty());
    }
  }
  // The generator must exercise both outcomes, or the test proves little.
  REQUIRE(feasible > count / 4);
  REQUIRE(infeasible > count / 20);
}

}  // namespace

TEST_CASE("network simplex matches brute force on random small networks (double costs)") {
  check_against_brute_force<double>(11, 3000);
}

TEST_CASE("network simplex matches brute force on random small networks (integer costs)") {
  check_against_brute_force<std::int64_t>(12, 3000);
}

TEST_CASE("network simplex solves the header's example") {
  FlowNetwork<double> net(3);
  net.supply = {2, 0, -2};
  net.add_arc(0, 1, 0, 1, 1.0);
  net.add_arc(0, 2, 0, 5, 3.0);
  net.add_arc(1, 2, 0, 5, 1.0);
  const auto sol = solve_min_cost_flow(net);
  REQUIRE(sol.status == FlowStatus::optimal);
  REQUIRE(sol.cost == 5.0);
  REQUIRE(sol.flow == std::vector<std::int64_t>{1, 1, 1});
}

TEST_CASE("network simplex cancels a negative cycle of a circulation") {
  FlowNetwork<std::int64_t> net(3);
  net.add_arc(0, 1, 0, 4, -2);
  net.add_arc(1, 2, 0, 3, -1);
  net.add_arc(2, 0, 0, 9, 1);
  const auto sol = solve_min_cost_flow(net);
  REQUIRE(sol.status == FlowStatus::optimal);
  REQUIRE(sol.cost == -6);  // 3 units around the cycle, each -2
  REQUIRE(check_min_cost_flow(net, sol.flow, sol.potential, sol.cost).empty());
}

TEST_CASE("network simplex reports a cut when lower bounds cannot be met") {
  // Node 1 must send 3 to node 2 but receives at most 2.
  FlowNetwork<double> net(3);
  net.add_arc(0, 1, 0, 2, 0.0);
  net.add_arc(1, 2, 3, 5, 0.0);
  net.add_arc(2, 0, 0, 10, 0.0);
  const auto sol = solve_min_cost_flow(net);
  REQUIRE(sol.status == FlowStatus::infeasible);
  REQUIRE(check_flow_cut(net, sol.cut).empty());
  REQUIRE(sol.cut.required == 3);
  REQUIRE(sol.cut.available == 2);
}

TEST_CASE("network simplex handles empty and arc-less networks") {
  FlowNetwork<double> empty;
  auto s0 = solve_min_cost_flow(empty);
  REQUIRE(s0.status == FlowStatus::optimal);
  REQUIRE(s0.cost == 0.0);

  FlowNetwork<double> lonely(2);
  REQUIRE(solve_min_cost_flow(lonely).status == FlowStatus::optimal);
  lonely.supply = {1, -1};
  const auto s1 = solve_min_cost_flow(lonely);
  REQUIRE(s1.status == FlowStatus::infeasible);
  REQUIRE(check_flow_cut(lonely, s1.cut).empty());
}

TEST_CASE("network simplex rejects malformed networks with a message") {
  FlowNetwork<double> net(2);
  net.supply = {1, 0};
  REQUIRE_THROWS_WITH(solve_min_cost_flow(net), Catch::Contains("supplies sum to 1"));
  net.supply = {0, 0};
  net.add_arc(0, 1, 2, 1, 0.0);
  REQUIRE_THROWS_WITH(solve_min_cost_flow(net), Catch::Contains("arc 0 has bounds"));
  FlowNetwork<double> nan(2);
  nan.add_arc(0, 1, 0, 1, std::numeric_limits<double>::quiet_NaN());
  REQUIRE_THROWS_WITH(solve_min_cost_flow(nan), Catch::Contains("non-finite cost"));
  FlowNetwork<double> outside(2);
  outside.add_arc(0, 2, 0, 1, 1.0);
  REQUIRE_THROWS_WITH(solve_min_cost_flow(outside), Catch::Contains("endpoint outside"));
  FlowNetwork<std::int64_t> huge(2);
  huge.add_arc(0, 1, 0, 1, std::int64_t{1} << 61);
  REQUIRE_THROWS_WITH(solve_min_cost_flow(huge), Catch::Contains("too large"));
}

TEST_CASE("network simplex is deterministic and certifies a larger transportation problem") {
  tokten::synth::Random rng(99);
  FlowNetwork<double> net(0);
  const int sources = 60, sinks = 40;
  for (int v = 0; v < sources + sinks; ++v) net.add_node(0);
  std::int64_t total = 0;
  for (int v = 0; v < sources; ++v) {
    net.supply[static_cast<std::size_t>(v)] = rng.between(0, 5);
    total += net.supply[static_cast<std::size_t>(v)];
  }
  for (int v = 0; v < sinks; ++v) {
    const std::int64_t d = v + 1 == sinks ? total : std::min<std::int64_t>(total, rng.between(0, 8));
    net.supply[static_cast<std::size_t>(sources + v)] = -d;
    total -= d;
  }
  for (int u = 0; u < sources; ++u)
    for (int v = 0; v < sinks; ++v)
      if (rng.chance(0.5)) {
        const double cost = rng.uniform() * 100.0;  // its own statement: arguments are unsequenced
        net.add_arc(u, sources + v, 0, rng.between(1, 6), cost);
      }
  const auto a = solve_min_cost_flow(net);
  const auto b = solve_min_cost_flow(net);
  REQUIRE(a.flow == b.flow);
  REQUIRE(a.potential == b.potential);
  if (a.status == FlowStatus::optimal) {
    REQUIRE(check_min_cost_flow(net, a.flow, a.potential, a.cost).empty());
  } else {
    REQUIRE(check_flow_cut(net, a.cut).empty());
  }
}
