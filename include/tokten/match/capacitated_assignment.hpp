#pragma once
// Capacitated assignment (weighted bipartite b-matching) with bounds, quotas, pinned pairs and
// time conflicts, solved exactly as a minimum-cost flow.
//
// THE PROBLEM
//   Rows (for example experts) and columns (needs) joined by allowed pairs with weights (a CSR
//   BipartiteGraph; a pair that is not stored is forbidden). Choose a set of pairs, each at most
//   once, such that
//     - row i is in at least row_minimum[i] and at most row_capacity[i] pairs (0 allowed);
//     - column j is in at least col_minimum[j] and at most col_capacity[j] pairs;
//     - for each group g of rows (row_group[i] == g), the pairs of its rows number between
//       row_group_bounds[g].min and .max; likewise for one grouping of the columns (a region);
//     - every pinned pair is chosen;
//     - when col_interval is given, no row gets two columns whose intervals overlap;
//   and, by objective:
//     - Objective::max_weight: the total weight is maximal (minimising is a ValueError-like
//       std::invalid_argument: the empty set would be optimal);
//     - Objective::max_cardinality: the number of pairs is maximal, then the total weight is
//       maximal (Sense::maximize) or minimal (Sense::minimize) among those.
//
// THE ALGORITHM
//   The layout source -> [row group] -> row -> [row's period] -> column -> [column group] -> sink,
//   with a return arc sink -> source, is a circulation whose bounds encode every rule above;
//   pinned pairs are pair arcs with lower bound 1. Its minimum-cost circulation (network simplex,
//   min_cost_flow.hpp) is an optimal b-matching: the constraint matrix of a network is totally
//   unimodular, so the flow is integral. Max-cardinality solves once with lexicographic costs
//   (-1, -w) per pair (LexCost): the most pairs first, then the best weight among them.
//   Time conflicts: the columns' intervals are split into periods, greedily, in order of start,
//   so that the intervals of a period share a day; a row takes at most one column per period
//   (a node of capacity 1). When no interval overlaps an interval of another period (the
//   missions of a round fall into disjoint periods) this is exactly the rule, and the result is
//   optimal. Otherwise it is a relaxation, whose optimum is reported as `bound`; a row left with
//   overlapping columns then loses its lowest-weight conflicting pair, and the flow is solved
//   again, until no row has an overlap. The status is then `feasible` and bound - total is the
//   optimality gap. Without minimums, quotas or pins, the re-solves are local: the rows without
//   a conflict keep their pairs, and only the conflicted rows, with the few rows nearest to
//   tight (by the relaxation's prices) on the columns they may take, are solved again, over the
//   seats the others leave and the same periods (a small network). With those rules the whole
//   layout is solved again each round. Either way, each row then takes its best non-overlapping
//   set of columns with room (improve_rows).
//   Infeasibility (bounds, quotas or pinned pairs that no selection meets) is proved by a cut
//   (see Infeasibility); with allow_partial the lower bounds become rewards instead, so the
//   result meets as many of them as possible, then has the best weight.
//
// RUNNING TIME AND MEMORY
//   That of the network simplex on rows + cols + periods + groups + 2 nodes and about
//   edges + rows + cols arcs: in practice near-linear on the domain's shapes (20,000 experts,
//   2,000 needs, 100,000 allowed pairs: tens of milliseconds). Memory O(rows + cols + edges).
//
// THE CERTIFICATE
//   `potential` holds the network's node potentials (the weight level; for max-cardinality,
//   `cardinality_potential` holds the count level of the same lexicographic potentials). row_price[i] and col_price[j]
//   are the marginal values of a unit of row i's and column j's capacity: with no groups and no
//   periods, row_price[i] + col_price[j] >= w(i, j) on every allowed pair left out, and <= on
//   every pair chosen, when maximising (reversed when minimising). verify_capacitated_assignment()
//   checks feasibility directly against the problem and optimality by complementary slackness.
//
// IMPORTANT
//   - Optimal selections are not unique: compare totals.
//   - Deterministic: the same problem gives the same selection.
//
// REFERENCES
//   R. K. Ahuja, T. L. Magnanti, J. B. Orlin, "Network Flows", 1993, sections 12.2 and 12.4.
//   A. Schrijver, "Combinatorial Optimization", Springer 2003, chapter 21 (b-matchings).
//
// EXAMPLE USAGE
//   #include <tokten/match/capacitated_assignment.hpp>
//
//   int main() {
//     using namespace tokten::match;
//     CapacitatedProblem p;
//     // 2 experts (rows) x 2 needs (cols); expert 0 may take two missions.
//     p.graph = BipartiteGraph::from_triplets(2, 2, {{0, 0, 5.0}, {0, 1, 4.0}, {1, 1, 3.0}});
//     p.row_capacity = {2, 1};
//     p.col_capacity = {1, 1};
//     auto r = solve_capacitated_assignment(p);
//     // expert 0 takes both needs: 9 > 5 + 3
//     return r.status == CapacitatedStatus::optimal && r.total == 9.0 ? 0 : 1;
//   }

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <numeric>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "tokten/match/bipartite_graph.hpp"
#include "tokten/match/dense_assignment.hpp"  // Sense
#include "tokten/match/min_cost_flow.hpp"
#include "tokten/match/successive_shortest_paths.hpp"

namespace tokten::match {

struct CountBounds {
  std::int64_t min = 0;
  std::int64_t max = std::numeric_limits<std::int64_t>::max();
};

// An inclusive interval of days (or any integer time unit).
struct TimeInterval {
  std::int64_t first = 0;
  std::int64_t last = 0;
};

enum class Objective { max_weight, max_cardinality };

struct CapacitatedProblem {
  BipartiteGraph graph;
  std::vector<std::int64_t> row_capacity;  // one per row
  std::vector<std::int64_t> col_capacity;  // one per column
  std::vector<std::int64_t> row_minimum;   // empty: all 0
  std::vector<std::int64_t> col_minimum;   // empty: all 0
  std::vector<std::int32_t> row_group;     // empty, or one per row: a group index or -1
  std::vector<CountBounds> row_group_bounds;
  std::vector<std::int32_t> col_group;
  std::vector<CountBounds> col_group_bounds;
  std::vector<std::pair<std::int64_t, std::int64_t>> pinned;  // (row, col), must be allowed
  std::vector<TimeInterval> col_interval;  // empty, or one per column
  Objective objective = Objective::max_weight;
  Sense sense = Sense::maximize;
  bool allow_partial = false;
  // automatic: shortest paths when only capacities apply, else the network simplex.
  enum class Engine { automatic, network_simplex, shortest_paths } engine = Engine::automatic;
};

enum class CapacitatedStatus {
  optimal,     // proven optimal
  feasible,    // conflict-free after time-conflict repair; bound - total is the gap (maybe 0)
  infeasible,  // no selection meets the rules; see `infeasibility`
  undecided,   // dates overlap across periods and the repair found no conflict-free selection
               // meeting the minimums; the rules may or may not admit one (no claim either way)
};

// One rule that crosses the infeasibility cut.
struct BindingRule {
  enum class Kind {
    row_capacity,
    row_minimum,
    col_capacity,
    col_minimum,
    row_group_max,
    row_group_min,
    col_group_max,
    col_group_min,
    pair,       // an allowed pair (at most once; at least once when pinned)
    period,     // a row's one-column-per-period rule
    cardinality,
  };
  Kind kind;
  std::int64_t row = -1;    // row, or row group for row_group_*; -1 when not applicable
  std::int64_t col = -1;    // column, or column group
  std::int64_t bound = 0;   // the lower bound (rules that must be met) or the upper bound
  bool requirement = false; // true: a lower bound that demands; false: a limit that caps
};

// Why no selection exists (Hoffman's condition on the flow layout): the rules marked
// requirement demand at least `required` units across a set of rows and columns, while the
// limits let at most `available` in, and required > available. For a set of columns whose
// minimums exceed the capacity of all the rows allowed to serve them, this is Hall's condition.
struct Infeasibility {
  std::vector<std::int64_t> rows;  // the rows on the demanding side of the cut
  std::vector<std::int64_t> cols;
  std::vector<BindingRule> rules;
  std::int64_t required = 0;
  std::int64_t available = 0;
  std::string message;
  std::vector<std::int32_t> cut_nodes;  // the cut in the flow layout, for verification
};

struct CapacitatedAssignment {
  CapacitatedStatus status = CapacitatedStatus::infeasible;
  std::vector<std::int64_t> edges;     // chosen stored entries (indices into the graph), ascending
  std::vector<std::int64_t> pair_row;  // the chosen pairs, by row then column
  std::vector<std::int64_t> pair_col;
  double total = 0.0;                  // total weight of the chosen pairs
  double bound = 0.0;                  // upper bound (maximising) / lower bound (minimising)
  std::vector<double> row_price;
  std::vector<double> col_price;
  double pair_price = 0.0;  // the value of one more pair overall (see the certificate)
  std::vector<double> potential;              // node potentials of the final flow
  std::vector<double> cardinality_potential;  // stage-one potentials (max_cardinality)
  std::int64_t cardinality = 0;               // number of pairs chosen
  // The relaxation's number of pairs (== cardinality unless repaired). Under max_cardinality an
  // upper bound on the pairs; under max_weight only the relaxation's count, which a repair can
  // exceed (forbidding a heavy pair may make room for two lighter ones).
  std::int64_t cardinality_bound = 0;
  std::optional<Infeasibility> infeasibility;
  std::int64_t flow_solves = 0;
};

namespace detail {

// The circulation layout and, for each arc, what it stands for.
template <class Cost>
struct Layout {
  FlowNetwork<Cost> net;
  std::int32_t source = 0, sink = 1;
  std::int32_t return_arc = -1;
  std::vector<std::int32_t> row_node, col_node;
  std::vector<std::int32_t> row_arc, col_arc;                  // per row / col
  std::vector<std::int32_t> row_group_arc, col_group_arc;      // per group
  std::vector<std::int32_t> pair_arc;                          // per stored edge
  std::vector<std::int32_t> pair_period_arc;                   // per stored edge, or -1
  std::vector<BindingRule> rule;                               // per arc
  bool periods_exact = true;
};

// Greedy periods over the columns with intervals: sorted by start, a column joins the current
// period while its start is no later than the earliest end in it (so all share that day).
// Returns the period of each column (-1 without interval) and whether periods are exact (no
// interval overlaps one of another period).
inline std::pair<std::vector<std::int32_t>, bool> column_periods(
    const std::vector<TimeInterval>& iv) {
  std::vector<std::int32_t> period(iv.size(), -1);
  std::vector<std::int64_t> order(iv.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::int64_t a, std::int64_t b) {
    return iv[static_cast<std::size_t>(a)].first < iv[static_cast<std::size_t>(b)].first;
  });
  std::int32_t current = -1;
  std::int64_t min_end = 0, max_end = 0;
  bool exact = true;
  for (const std::int64_t j : order) {
    const TimeInterval& x = iv[static_cast<std::size_t>(j)];
    if (current >= 0 && x.first <= min_end) {
      min_end = std::min(min_end, x.last);
      max_end = std::max(max_end, x.last);
    } else {
      if (current >= 0 && x.first <= max_end) exact = false;  // overlaps the previous period
      ++current;
      min_end = x.last;
      max_end = std::max(current == 0 ? x.last : max_end, x.last);
    }
    period[static_cast<std::size_t>(j)] = current;
  }
  return {period, exact};
}

// True when no rule beyond the capacities applies: the shortest-path kernel's problem.
inline bool capacities_only(const CapacitatedProblem& p) {
  const auto zero = [](const std::vector<std::int64_t>& v) {
    return std::all_of(v.begin(), v.end(), [](std::int64_t x) { return x == 0; });
  };
  return zero(p.row_minimum) && zero(p.col_minimum) && p.row_group.empty() &&
         p.col_group.empty() && p.pinned.empty() && p.col_interval.empty();
}

inline void check_problem(const CapacitatedProblem& p) {
  const BipartiteGraph& g = p.graph;
  const auto fail = [](const std::string& what) {
    throw std::invalid_argument("capacitated assignment: " + what);
  };
  if (g.row_offset.size() != static_cast<std::size_t>(g.rows) + 1) fail("graph row_offset size");
  if (auto bad = check_csr(g.view(), true)) fail(*bad);
  double max_w = 0.0;
  for (const double w : g.weight) {
    if (!std::isfinite(w)) fail("weights must be finite (leave forbidden pairs out)");
    max_w = std::max(max_w, std::abs(w));
  }
  // Potentials and the rewards of partial solutions reach |w| * pairs * nodes: keep them finite.
  const double reach = (max_w + 1.0) * (static_cast<double>(g.edges()) + 2.0) *
                       (static_cast<double>(g.rows + g.cols) + 8.0) * 16.0;
  if (!std::isfinite(reach))
    fail("weights too large for this graph (|w| up to about " +
         std::to_string(max_w * std::numeric_limits<double>::max() / reach) + " allowed)");
  const auto check_counts = [&](const std::vector<std::int64_t>& v, std::ptrdiff_t n,
                                const char* name, bool optional) {
    if (optional && v.empty()) return;
    if (static_cast<std::ptrdiff_t>(v.size()) != n)
      fail(std::string(name) + " has " + std::to_string(v.size()) + " entries, expected " +
           std::to_string(n));
    for (std::size_t k = 0; k < v.size(); ++k)
      if (v[k] < 0) fail(std::string(name) + "[" + std::to_string(k) + "] is negative");
  };
  check_counts(p.row_capacity, g.rows, "row_capacity", false);
  check_counts(p.col_capacity, g.cols, "col_capacity", false);
  check_counts(p.row_minimum, g.rows, "row_minimum", true);
  check_counts(p.col_minimum, g.cols, "col_minimum", true);
  const auto check_groups = [&](const std::vector<std::int32_t>& grp, std::ptrdiff_t n,
                                const std::vector<CountBounds>& bounds, const char* name) {
    if (grp.empty()) {
      if (!bounds.empty()) fail(std::string(name) + "_bounds given without " + name);
      return;
    }
    if (static_cast<std::ptrdiff_t>(grp.size()) != n)
      fail(std::string(name) + " has " + std::to_string(grp.size()) + " entries, expected " +
           std::to_string(n));
    for (std::size_t k = 0; k < grp.size(); ++k)
      if (grp[k] < -1 || grp[k] >= static_cast<std::int32_t>(bounds.size()))
        fail(std::string(name) + "[" + std::to_string(k) + "] = " + std::to_string(grp[k]) +
             " is not a group (0.." + std::to_string(bounds.size()) + ") or -1");
    for (std::size_t k = 0; k < bounds.size(); ++k)
      if (bounds[k].min < 0 || bounds[k].max < bounds[k].min)
        fail(std::string(name) + " bounds of group " + std::to_string(k) +
             " must satisfy 0 <= min <= max");
  };
  check_groups(p.row_group, g.rows, p.row_group_bounds, "row_group");
  check_groups(p.col_group, g.cols, p.col_group_bounds, "col_group");
  if (!p.col_interval.empty()) {
    if (static_cast<std::ptrdiff_t>(p.col_interval.size()) != g.cols)
      fail("col_interval has " + std::to_string(p.col_interval.size()) + " entries, expected " +
           std::to_string(g.cols));
    for (std::size_t k = 0; k < p.col_interval.size(); ++k)
      if (p.col_interval[k].last < p.col_interval[k].first)
        fail("col_interval[" + std::to_string(k) + "] ends before it starts");
  }
  for (const auto& [r, c] : p.pinned) {
    const std::string pair = "(" + std::to_string(r) + ", " + std::to_string(c) + ")";
    if (r < 0 || r >= g.rows || c < 0 || c >= g.cols) fail("pinned pair " + pair + " outside the graph");
    bool allowed = false;
    for (auto k = g.row_offset[static_cast<std::size_t>(r)]; k < g.row_offset[static_cast<std::size_t>(r) + 1]; ++k)
      allowed = allowed || g.col_index[static_cast<std::size_t>(k)] == c;
    if (!allowed) fail("pinned pair " + pair + " is not an allowed pair");
  }
  const auto check_min_cap = [&](const std::vector<std::int64_t>& lo,
                                 const std::vector<std::int64_t>& hi, const char* name) {
    for (std::size_t k = 0; k < lo.size(); ++k)
      if (lo[k] > hi[k])
        fail(std::string(name) + "[" + std::to_string(k) + "] = " + std::to_string(lo[k]) +
             " exceeds the capacity " + std::to_string(hi[k]));
  };
  check_min_cap(p.row_minimum, p.row_capacity, "row_minimum");
  check_min_cap(p.col_minimum, p.col_capacity, "col_minimum");
  if (p.objective == Objective::max_weight && p.sense == Sense::minimize)
    fail("minimising the weight without max_cardinality is trivial (choose nothing)");
  // Refused here, with the rest of the input, rather than midway through the solve.
  if (p.engine == CapacitatedProblem::Engine::shortest_paths && !capacities_only(p))
    fail("the shortest-path engine handles capacities only (no minimums, groups, pinned pairs or dates)");
}

// Builds the circulation. `weight_cost(w)` is the cost of a pair arc; `forbidden[k]` drops edge
// k (time-conflict repair); `soft` turns every lower bound into a reward of `reward` per unit.
template <class Cost, class PairCost>
Layout<Cost> build_layout(const CapacitatedProblem& p, PairCost weight_cost,
                    const std::vector<char>& forbidden,
                    bool soft, Cost reward) {
  const BipartiteGraph& g = p.graph;
  Layout<Cost> L;
  L.net = FlowNetwork<Cost>(2);
  const auto rows = static_cast<std::size_t>(g.rows);
  const auto cols = static_cast<std::size_t>(g.cols);
  const auto sat = [](std::int64_t a, std::int64_t b) {
    return a > std::numeric_limits<std::int64_t>::max() - b ? std::numeric_limits<std::int64_t>::max() : a + b;
  };
  std::int64_t pair_limit = 0;  // no selection exceeds this many pairs
  {
    std::int64_t rc = 0, cc = 0;
    for (const auto c : p.row_capacity) rc = sat(rc, c);
    for (const auto c : p.col_capacity) cc = sat(cc, c);
    pair_limit = std::min({rc, cc, static_cast<std::int64_t>(g.edges())});
  }

  // An arc with bounds [lo, hi]; hi is clamped to pair_limit (no flow exceeds it). When soft,
  // the lower bound becomes a parallel arc of `lo` units rewarded by `reward` each.
  const auto arc = [&](std::int32_t from, std::int32_t to, std::int64_t lo, std::int64_t hi,
                       Cost cost, BindingRule rule) {
    // (Never below 1, so that pair arcs keep their dual conditions when nothing can be chosen.)
    // Lower bounds beyond pair_limit cannot be met; clamping them keeps the sums far from
    // overflow and the network still infeasible.
    lo = std::min(lo, pair_limit + 1);
    hi = std::max(std::min(hi, std::max<std::int64_t>(pair_limit, 1)), lo);
    if (soft && lo > 0) {
      const std::int32_t a = L.net.add_arc(from, to, 0, lo, cost - reward);
      L.rule.push_back(rule);
      if (hi > lo) {
        L.net.add_arc(from, to, 0, hi - lo, cost);
        L.rule.push_back(rule);
      }
      return a;
    }
    L.rule.push_back(rule);
    return L.net.add_arc(from, to, lo, hi, cost);
  };
  using K = BindingRule::Kind;

  // The return arc closes the circulation; its flow is the number of pairs.
  L.rule.push_back({K::cardinality, -1, -1, pair_limit, false});
  L.return_arc = L.net.add_arc(L.sink, L.source, 0, pair_limit, Cost{});

  // Row side.
  std::vector<std::int32_t> row_group_node(p.row_group_bounds.size(), -1);
  L.row_group_arc.assign(p.row_group_bounds.size(), -1);
  for (std::size_t k = 0; k < p.row_group_bounds.size(); ++k) {
    row_group_node[k] = L.net.add_node();
    const CountBounds b = p.row_group_bounds[k];
    L.row_group_arc[k] = arc(L.source, row_group_node[k], b.min, b.max, Cost{},
                             {b.min > 0 ? K::row_group_min : K::row_group_max,
                              static_cast<std::int64_t>(k), -1, b.min > 0 ? b.min : b.max,
                              b.min > 0});
  }
  L.row_node.resize(rows);
  L.row_arc.resize(rows);
  for (std::size_t i = 0; i < rows; ++i) {
    L.row_node[i] = L.net.add_node();
    const std::int32_t from =
        !p.row_group.empty() && p.row_group[i] >= 0 ? row_group_node[static_cast<std::size_t>(p.row_group[i])]
                                                    : L.source;
    const std::int64_t lo = p.row_minimum.empty() ? 0 : p.row_minimum[i];
    L.row_arc[i] = arc(from, L.row_node[i], lo, p.row_capacity[i], Cost{},
                       {lo > 0 ? K::row_minimum : K::row_capacity, static_cast<std::int64_t>(i), -1,
                        lo > 0 ? lo : p.row_capacity[i], lo > 0});
  }

  // Column nodes (created before pair arcs so that pair arcs can point at them).
  L.col_node.resize(cols);
  for (std::size_t j = 0; j < cols; ++j) L.col_node[j] = L.net.add_node();
  std::vector<std::int32_t> col_group_node(p.col_group_bounds.size(), -1);
  for (std::size_t k = 0; k < p.col_group_bounds.size(); ++k) col_group_node[k] = L.net.add_node();

  // Periods: a node per (row, period) where the row has two or more allowed columns in it.
  std::vector<std::int32_t> period;
  if (!p.col_interval.empty()) {
    auto [per, exact] = column_periods(p.col_interval);
    period = std::move(per);
    L.periods_exact = exact;
  }
  const std::size_t periods =
      period.empty() ? 0 : static_cast<std::size_t>(*std::max_element(period.begin(), period.end())) + 1;
  std::vector<char> pinned_edge(static_cast<std::size_t>(g.edges()), 0);
  for (const auto& [r, c] : p.pinned) {
    for (std::int64_t k = g.row_offset[static_cast<std::size_t>(r)];
         k < g.row_offset[static_cast<std::size_t>(r) + 1]; ++k)
      if (g.col_index[static_cast<std::size_t>(k)] == c) pinned_edge[static_cast<std::size_t>(k)] = 1;
  }
  L.pair_arc.assign(static_cast<std::size_t>(g.edges()), -1);
  L.pair_period_arc.assign(static_cast<std::size_t>(g.edges()), -1);
  std::vector<std::int32_t> period_node(periods, -1);  // per period, for the current row
  std::vector<std::int32_t> period_arc_of(periods, -1);
  std::vector<std::int32_t> period_count(periods, 0);
  for (std::size_t i = 0; i < rows; ++i) {
    const std::int64_t b = g.row_offset[i], e = g.row_offset[i + 1];
    if (!period.empty()) {
      for (std::int64_t k = b; k < e; ++k) {
        if (!forbidden.empty() && forbidden[static_cast<std::size_t>(k)]) continue;
        const std::int32_t q = period[static_cast<std::size_t>(g.col_index[static_cast<std::size_t>(k)])];
        if (q >= 0) ++period_count[static_cast<std::size_t>(q)];
      }
    }
    for (std::int64_t k = b; k < e; ++k) {
      const auto kk = static_cast<std::size_t>(k);
      if (!forbidden.empty() && forbidden[kk]) continue;
      const auto j = static_cast<std::size_t>(g.col_index[kk]);
      std::int32_t from = L.row_node[i];
      const std::int32_t q = period.empty() ? -1 : period[j];
      if (q >= 0 && period_count[static_cast<std::size_t>(q)] >= 2) {
        if (period_node[static_cast<std::size_t>(q)] < 0) {
          period_node[static_cast<std::size_t>(q)] = L.net.add_node();
          period_arc_of[static_cast<std::size_t>(q)] =
              arc(L.row_node[i], period_node[static_cast<std::size_t>(q)], 0, 1, Cost{},
                  {K::period, static_cast<std::int64_t>(i), -1, 1, false});
        }
        from = period_node[static_cast<std::size_t>(q)];
        L.pair_period_arc[kk] = period_arc_of[static_cast<std::size_t>(q)];
      }
      const std::int64_t lo = pinned_edge[kk] ? 1 : 0;
      L.pair_arc[kk] = arc(from, L.col_node[j], lo, 1, weight_cost(g.weight[kk]),
                           {K::pair, static_cast<std::int64_t>(i), static_cast<std::int64_t>(j), 1,
                            lo > 0});
    }
    if (!period.empty()) {  // reset the per-row period scratch
      for (std::int64_t k = b; k < e; ++k) {
        const std::int32_t q = period[static_cast<std::size_t>(g.col_index[static_cast<std::size_t>(k)])];
        if (q < 0) continue;
        period_count[static_cast<std::size_t>(q)] = 0;
        period_node[static_cast<std::size_t>(q)] = -1;
        period_arc_of[static_cast<std::size_t>(q)] = -1;
      }
    }
  }
  // Column side.
  L.col_arc.resize(cols);
  for (std::size_t j = 0; j < cols; ++j) {
    const std::int32_t to =
        !p.col_group.empty() && p.col_group[j] >= 0 ? col_group_node[static_cast<std::size_t>(p.col_group[j])]
                                                    : L.sink;
    const std::int64_t lo = p.col_minimum.empty() ? 0 : p.col_minimum[j];
    L.col_arc[j] = arc(L.col_node[j], to, lo, p.col_capacity[j], Cost{},
                       {lo > 0 ? K::col_minimum : K::col_capacity, -1, static_cast<std::int64_t>(j),
                        lo > 0 ? lo : p.col_capacity[j], lo > 0});
  }
  L.col_group_arc.assign(p.col_group_bounds.size(), -1);
  for (std::size_t k = 0; k < p.col_group_bounds.size(); ++k) {
    const CountBounds b = p.col_group_bounds[k];
    L.col_group_arc[k] = arc(col_group_node[k], L.sink, b.min, b.max, Cost{},
                             {b.min > 0 ? K::col_group_min : K::col_group_max, -1,
                              static_cast<std::int64_t>(k), b.min > 0 ? b.min : b.max, b.min > 0});
  }
  return L;
}


// Flows on a hard layout implied by a selection of stored edges.
template <class Cost>
std::vector<std::int64_t> flows_of_selection(const Layout<Cost>& L, const CapacitatedProblem& p,
                                                    const std::vector<char>& chosen) {
  std::vector<std::int64_t> flow(static_cast<std::size_t>(L.net.arcs()), 0);
  const BipartiteGraph& g = p.graph;
  std::int64_t count = 0;
  for (std::ptrdiff_t i = 0; i < g.rows; ++i) {
    for (std::int64_t k = g.row_offset[static_cast<std::size_t>(i)];
         k < g.row_offset[static_cast<std::size_t>(i) + 1]; ++k) {
      const auto kk = static_cast<std::size_t>(k);
      if (!chosen[kk]) continue;
      const auto j = static_cast<std::size_t>(g.col_index[kk]);
      ++count;
      if (L.pair_arc[kk] >= 0) ++flow[static_cast<std::size_t>(L.pair_arc[kk])];
      if (L.pair_period_arc[kk] >= 0) ++flow[static_cast<std::size_t>(L.pair_period_arc[kk])];
      ++flow[static_cast<std::size_t>(L.row_arc[static_cast<std::size_t>(i)])];
      ++flow[static_cast<std::size_t>(L.col_arc[j])];
      if (!p.row_group.empty() && p.row_group[static_cast<std::size_t>(i)] >= 0)
        ++flow[static_cast<std::size_t>(L.row_group_arc[static_cast<std::size_t>(p.row_group[static_cast<std::size_t>(i)])])];
      if (!p.col_group.empty() && p.col_group[j] >= 0)
        ++flow[static_cast<std::size_t>(L.col_group_arc[static_cast<std::size_t>(p.col_group[j])])];
    }
  }
  flow[static_cast<std::size_t>(L.return_arc)] = count;
  return flow;
}

template <class Cost>
std::vector<char> chosen_edges(const Layout<Cost>& L, const std::vector<std::int64_t>& flow,
                               std::size_t edges) {
  std::vector<char> chosen(edges, 0);
  for (std::size_t k = 0; k < edges; ++k)
    if (L.pair_arc[k] >= 0 && flow[static_cast<std::size_t>(L.pair_arc[k])] > 0) chosen[k] = 1;
  return chosen;
}

inline const char* rule_name(BindingRule::Kind k) {
  using K = BindingRule::Kind;
  switch (k) {
    case K::row_capacity: return "row capacity";
    case K::row_minimum: return "row minimum";
    case K::col_capacity: return "column capacity";
    case K::col_minimum: return "column minimum";
    case K::row_group_max: return "row group maximum";
    case K::row_group_min: return "row group minimum";
    case K::col_group_max: return "column group maximum";
    case K::col_group_min: return "column group minimum";
    case K::pair: return "allowed pair";
    case K::period: return "one-per-period rule";
    case K::cardinality: return "total pair limit";
  }
  return "rule";
}

// "3 column minimums, 1 pinned pair": the rules on one side of the cut, counted by kind.
inline std::string count_rules(const std::vector<BindingRule>& rules, bool requirement) {
  std::vector<std::pair<std::string, int>> counts;
  for (const BindingRule& r : rules) {
    if (r.requirement != requirement) continue;
    const std::string name =
        r.kind == BindingRule::Kind::pair && r.requirement ? "pinned pair" : rule_name(r.kind);
    auto it = std::find_if(counts.begin(), counts.end(), [&](const auto& c) { return c.first == name; });
    if (it == counts.end()) {
      counts.emplace_back(name, 1);
    } else {
      ++it->second;
    }
  }
  std::string out;
  for (const auto& [name, n] : counts) {
    std::string word = name;
    if (n > 1) word = word.back() == 'y' ? word.substr(0, word.size() - 1) + "ies" : word + "s";
    out += (out.empty() ? "" : ", ") + std::to_string(n) + " " + word;
  }
  return out.empty() ? "none" : out;
}

inline std::string list_members(const std::vector<std::int64_t>& ids) {
  std::string out = "[";
  for (std::size_t k = 0; k < ids.size() && k < 10; ++k) out += (k ? ", " : "") + std::to_string(ids[k]);
  if (ids.size() > 10) out += ", ... (" + std::to_string(ids.size()) + " in all)";
  return out + "]";
}

// One sentence a planner can act on: what is required, what limits it, over which rows/columns.
inline std::string describe_shortfall(const Infeasibility& w) {
  return "at least " + std::to_string(w.required) + " pair(s) are required (" +
         count_rules(w.rules, true) + ") but at most " + std::to_string(w.available) +
         " are possible (" + count_rules(w.rules, false) + "), for rows " + list_members(w.rows) +
         " and columns " + list_members(w.cols);
}

template <class Cost>
Infeasibility describe_cut(const Layout<Cost>& L, const FlowCut& cut) {
  Infeasibility w;
  std::vector<char> in(static_cast<std::size_t>(L.net.nodes()), 0);
  for (const std::int32_t v : cut.nodes) in[static_cast<std::size_t>(v)] = 1;
  for (std::size_t i = 0; i < L.row_node.size(); ++i)
    if (in[static_cast<std::size_t>(L.row_node[i])]) w.rows.push_back(static_cast<std::int64_t>(i));
  for (std::size_t j = 0; j < L.col_node.size(); ++j)
    if (in[static_cast<std::size_t>(L.col_node[j])]) w.cols.push_back(static_cast<std::int64_t>(j));
  for (const std::int32_t a : cut.arcs_leaving) {
    const auto k = static_cast<std::size_t>(a);
    if (L.net.lower[k] == 0) continue;
    BindingRule r = L.rule[k];
    r.bound = L.net.lower[k];
    r.requirement = true;
    w.rules.push_back(r);
  }
  for (const std::int32_t a : cut.arcs_entering) {
    const auto k = static_cast<std::size_t>(a);
    BindingRule r = L.rule[k];
    r.bound = L.net.upper[k];
    r.requirement = false;
    w.rules.push_back(r);
  }
  w.required = cut.required;
  w.available = cut.available;
  w.message = describe_shortfall(w);
  return w;
}

// What one solve of the rules yields: the selection, the certificate and prices, or the cut.
struct StageResult {
  bool feasible = false;
  bool periods_exact = true;
  std::vector<char> chosen;             // per stored edge
  std::vector<double> potential;        // weight-level potentials
  std::vector<double> count_potential;  // count-level potentials (max_cardinality)
  std::vector<double> row_price, col_price;
  double pair_price = 0.0;
  Infeasibility why;                    // when infeasible
  std::vector<std::int32_t> cut_nodes;
};

template <class Cost>
void fill_prices(const CapacitatedProblem& p, const Layout<Cost>& L, const std::vector<Cost>& pi,
                 StageResult& out) {
  const double sgn = p.sense == Sense::maximize ? 1.0 : -1.0;
  const auto at = [&](std::int32_t v) { return minor_part(pi[static_cast<std::size_t>(v)]); };
  const double ps = at(L.source), pt = at(L.sink);
  // A row or column that is not used may show a potential of the wrong sign; clipping it to 0
  // keeps every condition (it only loosens those of pairs left out) and makes the prices LP
  // duals: >= 0 when maximising, <= 0 when minimising.
  const auto clip = [sgn](double x) { return sgn > 0 ? std::max(0.0, x) : std::min(0.0, x); };
  out.row_price.resize(L.row_node.size());
  out.col_price.resize(L.col_node.size());
  for (std::size_t i = 0; i < L.row_node.size(); ++i) out.row_price[i] = clip(sgn * (at(L.row_node[i]) - ps));
  for (std::size_t j = 0; j < L.col_node.size(); ++j) out.col_price[j] = clip(sgn * (pt - at(L.col_node[j])));
  out.pair_price = sgn * (ps - pt);
}

// One solve of the rules, with `forbidden` edges dropped. Max weight is a min-cost circulation
// with cost -w per pair; max cardinality uses lexicographic costs (-1, -w): one solve, most
// pairs first. When soft, lower bounds become rewards that outweigh everything else.
template <class Cost, class PairCost>
StageResult solve_layout(const CapacitatedProblem& p, const std::vector<char>& forbidden, bool soft,
                         PairCost pair_cost, Cost reward) {
  StageResult out;
  const Layout<Cost> L = build_layout<Cost>(p, pair_cost, forbidden, soft, reward);
  FlowSolution<Cost> s = solve_min_cost_flow(L.net);
  out.periods_exact = L.periods_exact;
  out.feasible = s.status == FlowStatus::optimal;
  if (!out.feasible) {
    out.why = describe_cut(L, s.cut);
    out.cut_nodes = s.cut.nodes;
    return out;
  }
  out.chosen = chosen_edges(L, s.flow, static_cast<std::size_t>(p.graph.edges()));
  out.potential.reserve(s.potential.size());
  for (const Cost& c : s.potential) out.potential.push_back(minor_part(c));
  if constexpr (std::is_same_v<Cost, LexCost>) {
    for (const Cost& c : s.potential) out.count_potential.push_back(static_cast<double>(c.major));
  }
  fill_prices(p, L, s.potential, out);
  return out;
}

// The shortest-path kernel, its potentials mapped onto the plain flow layout (source 0, sink 1,
// rows 2.., columns after them: what build_layout makes without groups or periods). The kernel's
// network runs columns -> rows -> T, the layout's rows -> columns -> sink: phi = -pi, and the
// source and sink both take -pi(T).
template <class Cost, class PairCost>
StageResult solve_plain(const CapacitatedProblem& p, PairCost pair_cost) {
  const BipartiteGraph& g = p.graph;
  std::vector<Cost> cost(g.weight.size());
  for (std::size_t k = 0; k < cost.size(); ++k) cost[k] = pair_cost(g.weight[k]);
  const ShortestPathsResult<Cost> s =
      successive_shortest_paths(g, cost, p.row_capacity, p.col_capacity);
  Layout<Cost> L;  // node numbering only
  std::vector<Cost> phi(2 + static_cast<std::size_t>(g.rows + g.cols));
  phi[0] = phi[1] = -s.sink_pi;
  for (std::size_t i = 0; i < static_cast<std::size_t>(g.rows); ++i) {
    L.row_node.push_back(static_cast<std::int32_t>(2 + i));
    phi[2 + i] = -s.row_pi[i];
  }
  for (std::size_t j = 0; j < static_cast<std::size_t>(g.cols); ++j) {
    L.col_node.push_back(static_cast<std::int32_t>(2 + static_cast<std::size_t>(g.rows) + j));
    phi[2 + static_cast<std::size_t>(g.rows) + j] = -s.col_pi[j];
  }
  StageResult out;
  out.feasible = true;
  out.chosen = s.chosen;
  for (const Cost& c : phi) out.potential.push_back(minor_part(c));
  if constexpr (std::is_same_v<Cost, LexCost>) {
    for (const Cost& c : phi) out.count_potential.push_back(static_cast<double>(c.major));
  }
  fill_prices(p, L, phi, out);
  return out;
}

inline StageResult solve_stages(const CapacitatedProblem& p, const std::vector<char>& forbidden,
                                bool soft) {
  const double sign = p.sense == Sense::maximize ? -1.0 : 1.0;
  double max_w = 0.0;
  for (const double w : p.graph.weight) max_w = std::max(max_w, std::abs(w));
  // Rewards for soft lower bounds: more than any change of the rest of the objective (at most
  // 2 * max|cost| per pair over at most `edges` pairs).
  const auto pairs = static_cast<std::int64_t>(p.graph.edges()) + 1;
  const bool plain = capacities_only(p) && forbidden.empty();
  if (p.engine == CapacitatedProblem::Engine::shortest_paths && !plain)
    throw std::invalid_argument(
        "capacitated assignment: the shortest-path engine handles capacities only");
  if (plain && p.engine != CapacitatedProblem::Engine::network_simplex) {
    if (p.objective == Objective::max_cardinality)
      return solve_plain<LexCost>(p, [sign](double w) { return LexCost{-1, sign * w}; });
    return solve_plain<double>(p, [sign](double w) { return sign * w; });
  }
  if (p.objective == Objective::max_cardinality) {
    return solve_layout<LexCost>(p, forbidden, soft,
                                 [sign](double w) { return LexCost{-1, sign * w}; },
                                 LexCost{2 * pairs + 1, 0.0});
  }
  return solve_layout<double>(p, forbidden, soft, [sign](double w) { return sign * w; },
                              2.0 * (max_w + 1.0) * static_cast<double>(pairs) + 1.0);
}

// Pairs of one row whose columns' intervals overlap; for each, the edge to drop (the lighter
// one, never a pinned one). Returns false when two pinned pairs overlap.
inline bool find_conflicts(const CapacitatedProblem& p, const std::vector<char>& chosen,
                           const std::vector<char>& pinned_edge, std::vector<std::int64_t>& drop,
                           std::pair<std::int64_t, std::int64_t>& pinned_clash,
                           std::vector<std::int64_t>* keep_light = nullptr) {
  const BipartiteGraph& g = p.graph;
  drop.clear();
  if (keep_light) keep_light->clear();
  const bool maximize = p.sense == Sense::maximize;
  std::vector<std::int64_t> mine;
  for (std::ptrdiff_t i = 0; i < g.rows; ++i) {
    mine.clear();
    for (std::int64_t k = g.row_offset[static_cast<std::size_t>(i)];
         k < g.row_offset[static_cast<std::size_t>(i) + 1]; ++k)
      if (chosen[static_cast<std::size_t>(k)]) mine.push_back(k);
    for (std::size_t a = 0; a < mine.size(); ++a) {
      for (std::size_t b = a + 1; b < mine.size(); ++b) {
        const auto ka = static_cast<std::size_t>(mine[a]), kb = static_cast<std::size_t>(mine[b]);
        const TimeInterval x = p.col_interval[static_cast<std::size_t>(g.col_index[ka])];
        const TimeInterval y = p.col_interval[static_cast<std::size_t>(g.col_index[kb])];
        if (x.last < y.first || y.last < x.first) continue;
        if (pinned_edge[ka] && pinned_edge[kb]) {
          pinned_clash = {mine[a], mine[b]};
          return false;
        }
        const double wa = maximize ? g.weight[ka] : -g.weight[ka];
        const double wb = maximize ? g.weight[kb] : -g.weight[kb];
        const bool drop_a = pinned_edge[kb] || (!pinned_edge[ka] && wa < wb);
        drop.push_back(drop_a ? mine[a] : mine[b]);
        // The other choice (drop the heavier one instead), unless that one is pinned.
        if (keep_light && !pinned_edge[drop_a ? kb : ka]) keep_light->push_back(drop_a ? mine[b] : mine[a]);
      }
    }
  }
  std::sort(drop.begin(), drop.end());
  drop.erase(std::unique(drop.begin(), drop.end()), drop.end());
  if (keep_light) {
    std::sort(keep_light->begin(), keep_light->end());
    keep_light->erase(std::unique(keep_light->begin(), keep_light->end()), keep_light->end());
  }
  return true;
}

// After a time-conflict repair: each row in turn takes the best set of its columns that do not
// overlap, within its capacity and the room the other rows leave in each column (weighted
// interval scheduling, by dynamic programming over the columns sorted by end). Each step can
// only improve the objective. Rows with pinned pairs, and problems with minimums or quotas (a
// change could break them), are left as they are.
inline void improve_rows(const CapacitatedProblem& p, std::vector<char>& chosen) {
  const auto zero = [](const std::vector<std::int64_t>& v) {
    return std::all_of(v.begin(), v.end(), [](std::int64_t x) { return x == 0; });
  };
  if (!zero(p.row_minimum) || !zero(p.col_minimum) || !p.row_group.empty() || !p.col_group.empty())
    return;
  const BipartiteGraph& g = p.graph;
  const double sgn = p.sense == Sense::maximize ? 1.0 : -1.0;
  const bool count_first = p.objective == Objective::max_cardinality;
  std::vector<char> has_pin(static_cast<std::size_t>(g.rows), 0);
  for (const auto& pin : p.pinned) has_pin[static_cast<std::size_t>(pin.first)] = 1;
  std::vector<std::int64_t> col_load(static_cast<std::size_t>(g.cols), 0);
  for (std::size_t k = 0; k < chosen.size(); ++k)
    if (chosen[k]) ++col_load[static_cast<std::size_t>(g.col_index[k])];
  using Value = std::pair<std::int64_t, double>;  // (pairs if counted first, signed weight)
  for (std::ptrdiff_t i = 0; i < g.rows; ++i) {
    if (has_pin[static_cast<std::size_t>(i)]) continue;
    const auto b = g.row_offset[static_cast<std::size_t>(i)], e = g.row_offset[static_cast<std::size_t>(i) + 1];
    std::vector<std::int64_t> cand;  // edges whose column has room once this row lets go
    Value current{0, 0.0};
    for (auto k = b; k < e; ++k) {
      const auto kk = static_cast<std::size_t>(k);
      const auto j = static_cast<std::size_t>(g.col_index[kk]);
      if (chosen[kk]) {
        current.first += count_first ? 1 : 0;
        current.second += sgn * g.weight[kk];
      }
      if (col_load[j] - (chosen[kk] ? 1 : 0) < p.col_capacity[j]) cand.push_back(k);
    }
    const auto iv = [&](std::int64_t k) {
      return p.col_interval[static_cast<std::size_t>(g.col_index[static_cast<std::size_t>(k)])];
    };
    std::sort(cand.begin(), cand.end(), [&](std::int64_t x, std::int64_t y) {
      return iv(x).last != iv(y).last ? iv(x).last < iv(y).last : x < y;
    });
    const auto n = cand.size();
    const auto cap = static_cast<std::size_t>(std::min<std::int64_t>(p.row_capacity[static_cast<std::size_t>(i)], static_cast<std::int64_t>(n)));
    if (static_cast<double>(n + 1) * static_cast<double>(cap + 1) > 4e6) continue;  // memory budget
    // best[m][c]: the first m candidates, c of them taken; prev[m]: candidates ending before m's start.
    std::vector<std::vector<std::optional<Value>>> best(n + 1, std::vector<std::optional<Value>>(cap + 1));
    best[0][0] = Value{0, 0.0};
    std::vector<std::size_t> prev(n);
    for (std::size_t m = 0; m < n; ++m) {
      std::size_t q = m;
      while (q > 0 && iv(cand[q - 1]).last >= iv(cand[m]).first) --q;
      prev[m] = q;
    }
    for (std::size_t m = 1; m <= n; ++m) {
      const auto k = static_cast<std::size_t>(cand[m - 1]);
      for (std::size_t c = 0; c <= cap; ++c) {
        best[m][c] = best[m - 1][c];
        if (c > 0 && best[prev[m - 1]][c - 1]) {
          const Value v{best[prev[m - 1]][c - 1]->first + (count_first ? 1 : 0),
                        best[prev[m - 1]][c - 1]->second + sgn * g.weight[k]};
          if (!best[m][c] || *best[m][c] < v) best[m][c] = v;
        }
      }
    }
    std::size_t best_c = 0;
    for (std::size_t c = 1; c <= cap; ++c)
      if (best[n][c] && *best[n][best_c] < *best[n][c]) best_c = c;
    const Value found = *best[n][best_c];
    if (!(current.first < found.first ||
          (current.first == found.first && found.second > current.second + 1e-12 * (1.0 + std::abs(current.second)))))
      continue;
    // Replace the row's selection by the DP's, read back from the table.
    for (auto k = b; k < e; ++k) {
      const auto kk = static_cast<std::size_t>(k);
      if (chosen[kk]) {
        chosen[kk] = 0;
        --col_load[static_cast<std::size_t>(g.col_index[kk])];
      }
    }
    std::size_t m = n, c = best_c;
    while (m > 0 && c > 0) {
      if (best[m][c] == best[m - 1][c]) {
        --m;
        continue;
      }
      const auto k = static_cast<std::size_t>(cand[m - 1]);
      chosen[k] = 1;
      ++col_load[static_cast<std::size_t>(g.col_index[k])];
      m = prev[m - 1];
      --c;
    }
  }
}

inline std::vector<char> pinned_edges(const CapacitatedProblem& p) {
  const BipartiteGraph& g = p.graph;
  std::vector<char> pinned(static_cast<std::size_t>(g.edges()), 0);
  for (const auto& [r, c] : p.pinned)
    for (auto k = g.row_offset[static_cast<std::size_t>(r)]; k < g.row_offset[static_cast<std::size_t>(r) + 1]; ++k)
      if (g.col_index[static_cast<std::size_t>(k)] == c) pinned[static_cast<std::size_t>(k)] = 1;
  return pinned;
}

inline void fill_selection(const CapacitatedProblem& p, const StageResult& s,
                           CapacitatedAssignment& r) {
  const BipartiteGraph& g = p.graph;
  r.edges.clear();
  r.pair_row.clear();
  r.pair_col.clear();
  long double total = 0.0L;
  for (std::ptrdiff_t i = 0; i < g.rows; ++i) {
    std::vector<std::pair<std::int64_t, std::int64_t>> row;  // (col, edge)
    for (std::int64_t k = g.row_offset[static_cast<std::size_t>(i)];
         k < g.row_offset[static_cast<std::size_t>(i) + 1]; ++k)
      if (s.chosen[static_cast<std::size_t>(k)]) row.emplace_back(g.col_index[static_cast<std::size_t>(k)], k);
    std::sort(row.begin(), row.end());
    for (const auto& [j, k] : row) {
      r.edges.push_back(k);
      r.pair_row.push_back(i);
      r.pair_col.push_back(j);
      total += g.weight[static_cast<std::size_t>(k)];
    }
  }
  std::sort(r.edges.begin(), r.edges.end());
  r.total = static_cast<double>(total);
  r.cardinality = static_cast<std::int64_t>(r.pair_row.size());
}

// How many rows, per column next to a conflicted row, join the reduced repair (those whose pair
// with the column is nearest to tight under the relaxation's prices: the likeliest to take the
// seats that the repair frees, or to give up theirs).
inline constexpr std::size_t kRepairNeighbours = 4;

// Adds to `redo` (the conflicted rows) their neighbours: for every column a conflicted row may
// take, the kRepairNeighbours other rows with the smallest reduced cost on it.
inline void expand_rows(const CapacitatedProblem& p, const std::vector<std::int64_t>& col_edges_offset,
                        const std::vector<std::int64_t>& col_edges, const std::vector<char>& chosen,
                        const std::vector<double>& row_price, const std::vector<double>& col_price,
                        std::vector<char>& redo) {
  const BipartiteGraph& g = p.graph;
  const double sgn = p.sense == Sense::maximize ? 1.0 : -1.0;
  std::vector<char> col_mark(static_cast<std::size_t>(g.cols), 0);
  std::vector<std::pair<double, std::int64_t>> cand;
  {
    std::vector<std::int64_t> add;
    for (std::ptrdiff_t i = 0; i < g.rows; ++i) {
      if (!redo[static_cast<std::size_t>(i)]) continue;
      for (auto k = g.row_offset[static_cast<std::size_t>(i)]; k < g.row_offset[static_cast<std::size_t>(i) + 1]; ++k) {
        const auto j = static_cast<std::size_t>(g.col_index[static_cast<std::size_t>(k)]);
        if (!col_mark[j]) {
          col_mark[j] = 1;
          cand.clear();
          for (auto q = col_edges_offset[j]; q < col_edges_offset[j + 1]; ++q) {
            const auto e = static_cast<std::size_t>(col_edges[static_cast<std::size_t>(q)]);
            const auto r = static_cast<std::size_t>(std::upper_bound(g.row_offset.begin(), g.row_offset.end(), static_cast<std::int64_t>(e)) - g.row_offset.begin() - 1);
            if (redo[r] || chosen[e]) continue;
            cand.push_back({row_price[r] + col_price[j] - sgn * g.weight[e], static_cast<std::int64_t>(r)});
          }
          const std::size_t n = std::min(kRepairNeighbours, cand.size());
          std::partial_sort(cand.begin(), cand.begin() + static_cast<std::ptrdiff_t>(n), cand.end());
          for (std::size_t c = 0; c < n; ++c) add.push_back(cand[c].second);
        }
      }
    }
    for (const auto i : add) redo[static_cast<std::size_t>(i)] = 1;
  }
}

// The time-conflict repair restricted to the rows `redo` (the conflicted rows and their
// neighbours; capacities-only problems with dates). The other rows keep their pairs; the rows of
// `redo` are solved again among themselves, over their allowed, not forbidden pairs to the
// columns with seats left by the others, under the same periods (given as `period`, the global
// ones: a small network simplex). Their pairs in `chosen` become the reduced optimum. Without
// minimums, quotas or pins any selection of the reduced problem keeps the whole one feasible.
inline void resolve_rows(const CapacitatedProblem& p, const std::vector<std::int32_t>& period,
                         const std::vector<char>& redo, const std::vector<char>& forbidden,
                         std::vector<char>& chosen) {
  const BipartiteGraph& g = p.graph;
  const auto rows = static_cast<std::size_t>(g.rows), cols = static_cast<std::size_t>(g.cols);
  std::vector<std::int64_t> room(p.col_capacity);  // seats left by the fixed rows
  for (std::size_t i = 0; i < rows; ++i) {
    if (redo[i]) continue;
    for (auto k = g.row_offset[i]; k < g.row_offset[i + 1]; ++k)
      if (chosen[static_cast<std::size_t>(k)]) --room[static_cast<std::size_t>(g.col_index[static_cast<std::size_t>(k)])];
  }
  const auto usable = [&](std::size_t k) {
    return !forbidden[k] && room[static_cast<std::size_t>(g.col_index[k])] > 0;
  };
  // Reduced columns, numbered in increasing global order (keeps each row's columns sorted).
  std::vector<std::int64_t> col_map(cols, -1);
  for (std::size_t i = 0; i < rows; ++i) {
    if (!redo[i]) continue;
    for (auto k = g.row_offset[i]; k < g.row_offset[i + 1]; ++k)
      if (usable(static_cast<std::size_t>(k))) col_map[static_cast<std::size_t>(g.col_index[static_cast<std::size_t>(k)])] = 0;
  }
  CapacitatedProblem q;
  q.objective = p.objective;
  q.sense = p.sense;
  std::int64_t reduced_cols = 0;
  for (std::size_t j = 0; j < cols; ++j) {
    if (col_map[j] < 0) continue;
    col_map[j] = reduced_cols++;
    q.col_capacity.push_back(room[j]);
    q.col_interval.push_back({period[j], period[j]});  // the global periods, exactly
  }
  std::vector<std::int64_t> edge_of;  // reduced edge -> global edge
  q.graph.cols = reduced_cols;
  q.graph.row_offset.assign(1, 0);
  for (std::size_t i = 0; i < rows; ++i) {
    if (!redo[i]) continue;
    for (auto k = g.row_offset[i]; k < g.row_offset[i + 1]; ++k) {
      const auto kk = static_cast<std::size_t>(k);
      chosen[kk] = 0;
      if (!usable(kk)) continue;
      edge_of.push_back(k);
      q.graph.col_index.push_back(col_map[static_cast<std::size_t>(g.col_index[kk])]);
      q.graph.weight.push_back(g.weight[kk]);
    }
    q.graph.row_offset.push_back(static_cast<std::int64_t>(edge_of.size()));
    q.row_capacity.push_back(p.row_capacity[i]);
  }
  q.graph.rows = static_cast<std::ptrdiff_t>(q.row_capacity.size());
  if (edge_of.empty()) return;
  const StageResult r = solve_stages(q, {}, false);
  if (!r.feasible) throw std::logic_error("capacitated assignment: reduced repair infeasible");
  for (std::size_t e = 0; e < edge_of.size(); ++e)
    if (r.chosen[e]) chosen[static_cast<std::size_t>(edge_of[e])] = 1;
}

}  // namespace detail

namespace detail {

// The solve with every rule hard (soft == false) or with the lower bounds as rewards, followed by
// the time-conflict repair when the periods are not exact.
inline CapacitatedAssignment solve_rules(const CapacitatedProblem& p, bool soft) {
  CapacitatedAssignment r;
  const auto edges = static_cast<std::size_t>(p.graph.edges());
  const std::vector<char> pinned = pinned_edges(p);
  std::vector<char> forbidden;
  StageResult s = solve_stages(p, forbidden, soft);
  ++r.flow_solves;
  if (!s.feasible) {  // the rules admit no selection: the cut is the proof
    CapacitatedAssignment out;
    out.status = CapacitatedStatus::infeasible;
    out.infeasibility = s.why;
    out.infeasibility->cut_nodes = s.cut_nodes;
    out.bound = std::numeric_limits<double>::quiet_NaN();
    out.flow_solves = r.flow_solves;
    return out;
  }
  fill_selection(p, s, r);
  const double bound = r.total;
  const std::int64_t count_bound = r.cardinality;
  const bool relaxed = !p.col_interval.empty() && !s.periods_exact;

  // Time-conflict repair: the first solve was a relaxation (its optimum is the bound).
  std::vector<std::int64_t> drop, other;
  std::pair<std::int64_t, std::int64_t> clash{-1, -1};
  std::int64_t repairs = 0;
  // Capacities only (besides the dates): repair the conflicted rows alone, the others fixed.
  const bool reduced = relaxed && !soft && p.pinned.empty() && p.row_group.empty() &&
                       p.col_group.empty() &&
                       std::all_of(p.row_minimum.begin(), p.row_minimum.end(), [](std::int64_t x) { return x == 0; }) &&
                       std::all_of(p.col_minimum.begin(), p.col_minimum.end(), [](std::int64_t x) { return x == 0; });
  if (reduced) {
    const BipartiteGraph& g = p.graph;
    std::vector<char> redo(static_cast<std::size_t>(g.rows), 0);
    forbidden.assign(edges, 0);
    const std::vector<std::int32_t> period = column_periods(p.col_interval).first;
    std::vector<std::int64_t> col_edges_offset(static_cast<std::size_t>(g.cols) + 1, 0), col_edges(edges);
    for (std::size_t k = 0; k < edges; ++k) ++col_edges_offset[static_cast<std::size_t>(g.col_index[k]) + 1];
    for (std::size_t j = 0; j < static_cast<std::size_t>(g.cols); ++j) col_edges_offset[j + 1] += col_edges_offset[j];
    {
      std::vector<std::int64_t> at(col_edges_offset.begin(), col_edges_offset.end() - 1);
      for (std::ptrdiff_t i = 0; i < g.rows; ++i)
        for (auto k = g.row_offset[static_cast<std::size_t>(i)]; k < g.row_offset[static_cast<std::size_t>(i) + 1]; ++k)
          col_edges[static_cast<std::size_t>(at[static_cast<std::size_t>(g.col_index[static_cast<std::size_t>(k)])]++)] = k;
    }
    while (true) {
      find_conflicts(p, s.chosen, pinned, drop, clash);  // no pins: never a clash
      if (drop.empty()) break;
      std::fill(redo.begin(), redo.end(), 0);
      for (const std::int64_t k : drop) {
        forbidden[static_cast<std::size_t>(k)] = 1;
        const auto row = std::upper_bound(g.row_offset.begin(), g.row_offset.end(), k) - g.row_offset.begin() - 1;
        redo[static_cast<std::size_t>(row)] = 1;
      }
      expand_rows(p, col_edges_offset, col_edges, s.chosen, s.row_price, s.col_price, redo);
      resolve_rows(p, period, redo, forbidden, s.chosen);
      ++r.flow_solves;
      ++repairs;
    }
  }
  while (relaxed && !reduced) {
    if (!find_conflicts(p, s.chosen, pinned, drop, clash, &other)) {
      const BipartiteGraph& g = p.graph;
      CapacitatedAssignment out;
      out.status = CapacitatedStatus::infeasible;
      Infeasibility w;
      for (const std::int64_t k : {clash.first, clash.second}) {
        std::int64_t row = 0;
        while (g.row_offset[static_cast<std::size_t>(row) + 1] <= k) ++row;
        w.rows.push_back(row);
        w.cols.push_back(g.col_index[static_cast<std::size_t>(k)]);
        w.rules.push_back({BindingRule::Kind::pair, row, g.col_index[static_cast<std::size_t>(k)], 1, true});
      }
      w.rows.erase(std::unique(w.rows.begin(), w.rows.end()), w.rows.end());
      w.required = 2;
      w.available = 1;
      w.message = "two pinned pairs of row " + std::to_string(w.rows.front()) +
                  " have overlapping dates";
      out.infeasibility = std::move(w);
      out.bound = std::numeric_limits<double>::quiet_NaN();
      out.flow_solves = r.flow_solves;
      return out;
    }
    if (drop.empty()) break;
    if (forbidden.empty()) forbidden.assign(edges, 0);
    for (const std::int64_t k : drop) forbidden[static_cast<std::size_t>(k)] = 1;
    s = solve_stages(p, forbidden, soft);
    ++r.flow_solves;
    ++repairs;
    if (!s.feasible && !other.empty()) {
      // Dropping the lighter pairs broke a minimum, a quota or a pin: drop the heavier instead.
      for (const std::int64_t k : drop) forbidden[static_cast<std::size_t>(k)] = 0;
      for (const std::int64_t k : other) forbidden[static_cast<std::size_t>(k)] = 1;
      s = solve_stages(p, forbidden, soft);
      ++r.flow_solves;
    }
    if (!s.feasible) {
      // The heuristic is stuck; the rules may still admit a conflict-free selection.
      CapacitatedAssignment out;
      out.status = CapacitatedStatus::undecided;
      out.bound = bound;
      out.cardinality_bound = count_bound;
      out.flow_solves = r.flow_solves;
      return out;
    }
  }

  if (repairs > 0 && !soft) improve_rows(p, s.chosen);
  fill_selection(p, s, r);
  r.bound = bound;
  r.cardinality_bound = count_bound;
  r.row_price = std::move(s.row_price);
  r.col_price = std::move(s.col_price);
  r.pair_price = s.pair_price;
  // After a repair the relaxation's certificate no longer matches the selection: the result is
  // feasible with a gap of bound - total (which may be 0).
  r.status = repairs == 0 ? CapacitatedStatus::optimal : CapacitatedStatus::feasible;
  if (repairs == 0 && !soft) {
    r.potential = std::move(s.potential);
    r.cardinality_potential = std::move(s.count_potential);
  }
  return r;
}

}  // namespace detail

// Solves the problem; throws std::invalid_argument on malformed input (sizes, negative
// capacities, a minimum above its capacity, a pinned pair that is not allowed, non-finite
// weights). An infeasible problem gives status infeasible with its reason; with allow_partial it
// also carries the selection that meets the most units of the minimums, quotas and pins (then
// the most pairs, for max_cardinality, then the best weight).
inline CapacitatedAssignment solve_capacitated_assignment(const CapacitatedProblem& p) {
  detail::check_problem(p);
  CapacitatedAssignment r = detail::solve_rules(p, false);
  const bool none = r.status == CapacitatedStatus::infeasible || r.status == CapacitatedStatus::undecided;
  if (none && p.allow_partial) {
    CapacitatedAssignment partial = detail::solve_rules(p, true);
    r.edges = std::move(partial.edges);
    r.pair_row = std::move(partial.pair_row);
    r.pair_col = std::move(partial.pair_col);
    r.total = partial.total;
    r.cardinality = partial.cardinality;
    r.flow_solves += partial.flow_solves;
  }
  return r;
}

// Checks a result against the problem without trusting the solver. Feasible results: the
// selection (allowed, distinct, pinned pairs present, capacities, minimums, quotas, no
// overlapping dates in a row), the reported total and count; optimal results: complementary
// slackness of the potentials on the flow layout (and of the stage-one potentials for the count
// under max_cardinality). Infeasible results: the cut's inequality recomputed from the layout.
// Returns an empty string when everything holds, else the first failure.
inline std::string verify_capacitated_assignment(const CapacitatedProblem& p,
                                                 const CapacitatedAssignment& r) {
  detail::check_problem(p);
  const BipartiteGraph& g = p.graph;
  const auto edges = static_cast<std::size_t>(g.edges());
  if (r.status == CapacitatedStatus::undecided) {
    if (p.col_interval.empty()) return "undecided without dates";
    return {};  // no claim to check
  }
  if (r.status == CapacitatedStatus::infeasible) {
    if (!r.infeasibility) return "infeasible without a reason";
    const Infeasibility& w = *r.infeasibility;
    if (w.cut_nodes.empty()) {
      if (w.required == 2 && w.available == 1 && w.rules.size() == 2) return {};  // pinned clash
      return "infeasibility not proven";
    }
    const detail::Layout<double> L =
        detail::build_layout<double>(p, [](double) { return 0.0; }, {}, false, 0.0);
    FlowCut cut;
    cut.nodes = w.cut_nodes;
    cut.required = w.required;
    cut.available = w.available;
    return check_flow_cut(L.net, cut);
  }

  // Feasibility, straight from the problem.
  std::vector<char> chosen(edges, 0);
  if (r.edges.size() != r.pair_row.size() || r.pair_col.size() != r.pair_row.size())
    return "pair lists differ in length";
  for (const std::int64_t k : r.edges) {
    if (k < 0 || static_cast<std::size_t>(k) >= edges) return "edge index out of range";
    if (chosen[static_cast<std::size_t>(k)]) return "edge chosen twice";
    chosen[static_cast<std::size_t>(k)] = 1;
  }
  std::vector<std::int64_t> row_load(static_cast<std::size_t>(g.rows), 0), col_load(static_cast<std::size_t>(g.cols), 0);
  long double total = 0.0L, magnitude = 0.0L;  // the sum, and the sum of |weights| that bounds its rounding
  std::size_t listed = 0;
  for (std::ptrdiff_t i = 0; i < g.rows; ++i) {
    for (auto k = g.row_offset[static_cast<std::size_t>(i)]; k < g.row_offset[static_cast<std::size_t>(i) + 1]; ++k) {
      const auto kk = static_cast<std::size_t>(k);
      if (!chosen[kk]) continue;
      const std::int64_t j = g.col_index[kk];
      if (listed >= r.pair_row.size() || r.pair_row[listed] != i)
        return "pairs not listed by row";
      ++listed;
      ++row_load[static_cast<std::size_t>(i)];
      ++col_load[static_cast<std::size_t>(j)];
      total += g.weight[kk];
      magnitude += std::abs(static_cast<long double>(g.weight[kk]));
    }
  }
  for (std::size_t q = 0; q < r.pair_row.size(); ++q) {
    bool found = false;
    const auto i = r.pair_row[q];
    for (auto k = g.row_offset[static_cast<std::size_t>(i)]; k < g.row_offset[static_cast<std::size_t>(i) + 1]; ++k)
      found = found || (chosen[static_cast<std::size_t>(k)] && g.col_index[static_cast<std::size_t>(k)] == r.pair_col[q]);
    if (!found) return "pair (" + std::to_string(i) + ", " + std::to_string(r.pair_col[q]) + ") is not a chosen edge";
    if (q > 0 && std::make_pair(r.pair_row[q - 1], r.pair_col[q - 1]) >= std::make_pair(i, r.pair_col[q]))
      return "pairs not sorted by row then column";
  }
  const auto over = [](const std::vector<std::int64_t>& load, const std::vector<std::int64_t>& lo,
                       const std::vector<std::int64_t>& hi, const char* what) -> std::string {
    for (std::size_t k = 0; k < load.size(); ++k) {
      if (load[k] > hi[k]) return std::string(what) + " " + std::to_string(k) + " over capacity";
      if (!lo.empty() && load[k] < lo[k]) return std::string(what) + " " + std::to_string(k) + " under its minimum";
    }
    return {};
  };
  if (auto e = over(row_load, p.row_minimum, p.row_capacity, "row"); !e.empty()) return e;
  if (auto e = over(col_load, p.col_minimum, p.col_capacity, "column"); !e.empty()) return e;
  const auto groups = [](const std::vector<std::int32_t>& grp, const std::vector<CountBounds>& b,
                         const std::vector<std::int64_t>& load, const char* what) -> std::string {
    if (grp.empty()) return {};
    std::vector<std::int64_t> sum(b.size(), 0);
    for (std::size_t k = 0; k < grp.size(); ++k)
      if (grp[k] >= 0) sum[static_cast<std::size_t>(grp[k])] += load[k];
    for (std::size_t k = 0; k < b.size(); ++k)
      if (sum[k] < b[k].min || sum[k] > b[k].max)
        return std::string(what) + " group " + std::to_string(k) + " outside its bounds";
    return {};
  };
  if (auto e = groups(p.row_group, p.row_group_bounds, row_load, "row"); !e.empty()) return e;
  if (auto e = groups(p.col_group, p.col_group_bounds, col_load, "column"); !e.empty()) return e;
  const std::vector<char> pinned = detail::pinned_edges(p);
  for (std::size_t k = 0; k < edges; ++k)
    if (pinned[k] && !chosen[k]) return "a pinned pair is missing";
  if (!p.col_interval.empty()) {
    std::vector<std::int64_t> drop;
    std::pair<std::int64_t, std::int64_t> clash;
    if (!detail::find_conflicts(p, chosen, std::vector<char>(edges, 0), drop, clash) || !drop.empty())
      return "a row has two columns with overlapping dates";
  }
  if (r.cardinality != static_cast<std::int64_t>(r.pair_row.size())) return "cardinality differs from the pairs";
  // Relative to the magnitude, not the sum: weights of 1e300 and -1e300 cancel, and what is left
  // of the smaller ones depends on the order of the additions.
  const double t = static_cast<double>(total);
  if (r.total != t && !(std::abs(static_cast<long double>(r.total) - total) <= 1e-9L * (1.0L + magnitude))) {
    char numbers[80];
    std::snprintf(numbers, sizeof numbers, "%.17g reported, %.17g summed", r.total, t);
    return std::string("total differs from the pairs' weights: ") + numbers;
  }
  if (r.status == CapacitatedStatus::feasible) {
    const bool maximize = p.sense == Sense::maximize;
    // The relaxation's count bounds the pairs only when the count is what is maximised: under
    // max_weight a repair that forbids a heavy pair may free room for two lighter ones.
    if (p.objective == Objective::max_cardinality) {
      if (r.cardinality > r.cardinality_bound) return "more pairs than the relaxation's bound";
      if (r.cardinality < r.cardinality_bound) return {};  // fewer pairs: the weight bound does not compare
    }
    // The bound sums other pairs: its rounding is bounded by all the weights' magnitude.
    long double scale = 1.0L;
    for (const double w : g.weight) scale += std::abs(static_cast<long double>(w));
    const double slack = static_cast<double>(1e-9L * scale);
    if (maximize ? !(r.bound >= r.total - slack) : !(r.bound <= r.total + slack))  // NaN fails too
      return "the bound is on the wrong side of the total";
    return {};
  }

  // Optimality: complementary slackness on the layout.
  const double sign = p.sense == Sense::maximize ? -1.0 : 1.0;
  if (p.objective == Objective::max_cardinality) {
    const detail::Layout<LexCost> L = detail::build_layout<LexCost>(
        p, [sign](double w) { return LexCost{-1, sign * w}; }, {}, false, LexCost{});
    if (r.cardinality_potential.size() != r.potential.size()) return "no certificate";
    std::vector<LexCost> pi(r.potential.size());
    for (std::size_t v = 0; v < pi.size(); ++v)
      pi[v] = {static_cast<std::int64_t>(std::llround(r.cardinality_potential[v])), r.potential[v]};
    const std::vector<std::int64_t> f = detail::flows_of_selection(L, p, chosen);
    if (auto e = check_min_cost_flow(L.net, f, pi, LexCost{-r.cardinality, sign * t}); !e.empty())
      return "not proven optimal: " + e;
    return {};
  }
  const detail::Layout<double> L = detail::build_layout<double>(
      p, [sign](double w) { return sign * w; }, {}, false, 0.0);
  const std::vector<std::int64_t> f = detail::flows_of_selection(L, p, chosen);
  if (auto e = check_min_cost_flow(L.net, f, r.potential, sign * t); !e.empty())
    return "not proven optimal: " + e;
  return {};
}

}  // namespace tokten::match
