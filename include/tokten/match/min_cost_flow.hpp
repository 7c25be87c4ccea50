#pragma once
// Minimum-cost flow with lower and upper bounds, by the primal network simplex method.
//
// THE PROBLEM
//   A directed network with nodes 0..n-1 and arcs a = (tail, head), each with integer bounds
//   lower(a) <= flow(a) <= upper(a) and a cost per unit; each node v has an integer supply b(v)
//   (positive: v emits b(v) more than it receives; negative: a demand). Find an integer flow
//   meeting every bound and every supply (out(v) - in(v) = b(v)) with the least total cost.
//   Supplies must sum to zero; every bound must be finite (a bound of a few times the total
//   supply acts as infinity).
//
// THE ALGORITHM
//   The primal network simplex method on a strongly feasible spanning tree (Cunningham 1976),
//   as LEMON's NetworkSimplex: lower bounds are shifted into the supplies, an artificial root is
//   joined to every node by an arc carrying the node's supply, whose cost lives on a level of
//   its own compared first (phase 1 and phase 2 in one lexicographic run, no big-M constant), and arcs enter the tree by block search (the most negative reduced cost in a block of
//   about sqrt(arcs) arcs, scanning on from where the last search stopped). The leaving arc is the
//   last blocking arc met when walking the cycle in the direction of flow from its apex, which
//   keeps the tree strongly feasible and rules out cycling on degenerate pivots. After a pivot the
//   cut-off subtree is re-hung from the entering arc: its depths and potentials are refreshed in
//   one pass over it. When no arc prices out, flow left on an artificial arc means the bounds and
//   supplies admit no flow; the solver then names a cut that proves it (Hoffman's condition).
//
// RUNNING TIME AND MEMORY
//   Each pivot costs O(block + cycle length + moved subtree); the number of pivots is not
//   polynomially bounded in theory, but is small in practice (Kovacs 2015 finds network simplex
//   the fastest general code on sparse, bipartite networks like the assignment layouts here).
//   Memory O(n + arcs).
//
// NUMBERS
//   Cost is std::int64_t (exact; max |cost| * (n + 2) must stay below 2^61, checked), double, or
//   LexCost (exact integer level, floating second level). A floating reduced cost enters only
//   below -1e-14 (max |cost| + 1) sqrt(n + 1), about the rounding of the potentials (sums of
//   costs along tree paths); they are recomputed from the tree at the end and the search resumes
//   if any arc then prices out. Supplies plus lower bounds must stay below 2^61 in total.
//
// THE CERTIFICATE
//   Node potentials pi with reduced costs rc(a) = cost(a) + pi(tail) - pi(head) such that
//   rc(a) > 0 implies flow(a) == lower(a), rc(a) < 0 implies flow(a) == upper(a). With a feasible
//   flow these prove optimality (LP duality); check_min_cost_flow() checks them independently.
//
// IMPORTANT
//   - Optimal flows are not unique; compare costs.
//   - Deterministic: the same network (same arc order) gives the same flow and potentials.
//
// REFERENCES
//   W. H. Cunningham, "A network simplex method", Mathematical Programming 11 (1976) 105-116.
//   R. K. Ahuja, T. L. Magnanti, J. B. Orlin, "Network Flows", Prentice Hall 1993, chapter 11.
//   P. Kovacs, "Minimum-cost flow algorithms: an experimental evaluation", Optimization Methods
//   and Software 30(1) (2015) 94-127.
//   A. J. Hoffman, "Some recent applications of the theory of linear inequalities to extremal
//   combinatorial analysis", Proc. Symp. Appl. Math. 10 (1960) 113-127.
//
// EXAMPLE USAGE
//   #include <tokten/match/min_cost_flow.hpp>
//
//   int main() {
//     tokten::match::FlowNetwork<double> net(3);     // s = 0, a = 1, t = 2
//     net.supply = {2, 0, -2};
//     net.add_arc(0, 1, 0, 1, 1.0);                   // at most 1 unit, cost 1
//     net.add_arc(0, 2, 0, 5, 3.0);
//     net.add_arc(1, 2, 0, 5, 1.0);
//     auto sol = tokten::match::solve_min_cost_flow(net);
//     // 1 unit s->a->t (cost 2) and 1 unit s->t (cost 3): total 5
//     return sol.status == tokten::match::FlowStatus::optimal && sol.cost == 5.0 ? 0 : 1;
//   }

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

namespace tokten::match {

// A cost compared lexicographically: first `major` (exact integers), then `minor`. Minimising a
// LexCost flow minimises the major total, then the minor total among those flows: one solve for
// a two-level objective (such as "most pairs, then best weight") without a big-M weighting.
struct LexCost {
  std::int64_t major = 0;
  double minor = 0.0;

  friend LexCost operator+(LexCost a, LexCost b) { return {a.major + b.major, a.minor + b.minor}; }
  friend LexCost operator-(LexCost a, LexCost b) { return {a.major - b.major, a.minor - b.minor}; }
  friend LexCost operator-(LexCost a) { return {-a.major, -a.minor}; }
  friend LexCost operator*(LexCost a, std::int64_t k) {
    return {a.major * k, a.minor * static_cast<double>(k)};
  }
  LexCost& operator+=(LexCost b) { return *this = *this + b; }
  friend bool operator<(LexCost a, LexCost b) {
    return a.major != b.major ? a.major < b.major : a.minor < b.minor;
  }
  friend bool operator==(LexCost a, LexCost b) { return a.major == b.major && a.minor == b.minor; }
};

template <class Cost>
struct FlowNetwork {
  static_assert(std::is_same_v<Cost, double> || std::is_same_v<Cost, std::int64_t> ||
                    std::is_same_v<Cost, LexCost>,
                "Cost must be double, std::int64_t or LexCost");
  std::vector<std::int64_t> supply;  // one per node
  std::vector<std::int32_t> tail, head;
  std::vector<std::int64_t> lower, upper;
  std::vector<Cost> cost;

  FlowNetwork() = default;
  explicit FlowNetwork(std::int32_t nodes) : supply(static_cast<std::size_t>(nodes), 0) {}

  std::int32_t nodes() const { return static_cast<std::int32_t>(supply.size()); }
  std::int32_t arcs() const { return static_cast<std::int32_t>(tail.size()); }
  std::int32_t add_node(std::int64_t b = 0) {
    supply.push_back(b);
    return nodes() - 1;
  }
  std::int32_t add_arc(std::int32_t from, std::int32_t to, std::int64_t lo, std::int64_t hi,
                       Cost c) {
    tail.push_back(from);
    head.push_back(to);
    lower.push_back(lo);
    upper.push_back(hi);
    cost.push_back(c);
    return arcs() - 1;
  }
};

enum class FlowStatus { optimal, infeasible };

// A set of nodes Y whose bounds cannot be met: the arcs leaving Y must carry at least `required`
// (the sum of their lower bounds, less the supplies inside Y) while the arcs entering Y can carry
// at most `available` (the sum of their upper bounds), and required > available.
struct FlowCut {
  std::vector<std::int32_t> nodes;          // the members of Y, ascending
  std::vector<std::int32_t> arcs_leaving;   // arcs with tail in Y, head outside
  std::vector<std::int32_t> arcs_entering;  // arcs with head in Y, tail outside
  std::int64_t required = 0;
  std::int64_t available = 0;
};

template <class Cost>
struct FlowSolution {
  FlowStatus status = FlowStatus::infeasible;
  std::vector<std::int64_t> flow;  // one per arc; when infeasible, the flow of least violation
  std::vector<Cost> potential;     // one per node (see the certificate)
  Cost cost{};                     // sum of cost * flow over the arcs
  FlowCut cut;                     // when infeasible: why
  std::int64_t pivots = 0;
};

namespace detail {

inline std::int64_t major_part(std::int64_t c) { return c; }
inline std::int64_t major_part(double) { return 0; }
inline std::int64_t major_part(LexCost c) { return c.major; }
inline double minor_part(std::int64_t) { return 0.0; }
inline double minor_part(double c) { return c; }
inline double minor_part(LexCost c) { return c.minor; }

// The solver's own cost: an artificial level first (1 per unit on an artificial arc, 0 on real
// arcs), then the network's cost. Minimising it lexicographically is phase 1 (meet the bounds)
// and phase 2 (least cost) in one run, with no big-M constant to swamp the real costs.
template <class Cost>
struct Phased {
  std::int64_t art = 0;
  Cost base{};
  friend Phased operator+(Phased a, Phased b) { return {a.art + b.art, a.base + b.base}; }
  friend Phased operator-(Phased a, Phased b) { return {a.art - b.art, a.base - b.base}; }
  friend Phased operator-(Phased a) { return {-a.art, -a.base}; }
  Phased& operator+=(Phased b) { return *this = *this + b; }
  friend bool operator<(Phased a, Phased b) { return a.art != b.art ? a.art < b.art : a.base < b.base; }
};

template <class Cost>
class NetworkSimplex {
 public:
  explicit NetworkSimplex(const FlowNetwork<Cost>& net) : net_(net) {}

  FlowSolution<Cost> run() {
    validate();
    build_initial_tree();
    FlowSolution<Cost> out;
    // Strongly feasible trees rule out cycling in exact arithmetic; the cap turns a rounding
    // pathology into an error instead of a hang.
    const std::int64_t pivot_cap = 200 * (static_cast<std::int64_t>(m_) + n_) + 100000;
    for (int refresh = 0;; ++refresh) {
      pivot_until_optimal(out.pivots, pivot_cap);
      if constexpr (!std::is_same_v<Cost, std::int64_t>) {
        // Potentials were updated incrementally; recompute them from the tree and resume if
        // rounding let an arc price out (a bounded number of times).
        recompute_potentials();
        if (refresh < 8 && find_entering_full_scan() >= 0) continue;
      }
      break;
    }
    finish(out);
    return out;
  }

 private:
  static constexpr std::int8_t kLower = 1, kTree = 0, kUpper = -1;

  const FlowNetwork<Cost>& net_;
  std::int32_t n_ = 0;      // real nodes; the root is n_
  std::int32_t m_ = 0;      // real arcs; artificial arc of node v is m_ + v
  std::vector<std::int32_t> src_, dst_;
  std::vector<std::int64_t> cap_, flow_;
  using W = Phased<Cost>;
  std::vector<W> cost_;
  std::vector<std::int8_t> state_;
  std::vector<W> pi_;
  std::vector<std::int32_t> parent_, pred_, depth_;
  std::vector<std::int32_t> first_child_, next_sib_, prev_sib_;
  std::vector<std::int32_t> stack_;
  std::int32_t block_ = 0, next_arc_ = 0;
  W eps_{};

  void validate() const {
    const auto nodes = net_.nodes();
    const auto arcs = net_.arcs();
    if (net_.head.size() != net_.tail.size() || net_.lower.size() != net_.tail.size() ||
        net_.upper.size() != net_.tail.size() || net_.cost.size() != net_.tail.size())
      throw std::invalid_argument("min-cost flow: arc arrays differ in length");
    if (static_cast<std::int64_t>(nodes) + arcs > (std::int64_t{1} << 30))
      throw std::invalid_argument("min-cost flow: more than 2^30 nodes and arcs");
    // Supplies and lower bounds move flow around; their sum must stay far from overflow (summed
    // in double first, so that the exact int64 sum below cannot overflow).
    double moved = 0.0;
    for (std::int32_t v = 0; v < nodes; ++v)
      moved += std::abs(static_cast<double>(net_.supply[static_cast<std::size_t>(v)]));
    for (std::int32_t a = 0; a < arcs; ++a)
      moved += 2.0 * std::abs(static_cast<double>(net_.lower[static_cast<std::size_t>(a)]));
    if (moved > 0x1p61)
      throw std::invalid_argument("min-cost flow: supplies and lower bounds sum beyond 2^61");
    std::int64_t total = 0;
    for (std::int32_t v = 0; v < nodes; ++v) total += net_.supply[static_cast<std::size_t>(v)];
    if (total != 0)
      throw std::invalid_argument("min-cost flow: supplies sum to " + std::to_string(total) +
                                  ", not 0");
    for (std::int32_t a = 0; a < arcs; ++a) {
      const auto k = static_cast<std::size_t>(a);
      if (net_.tail[k] < 0 || net_.tail[k] >= nodes || net_.head[k] < 0 || net_.head[k] >= nodes)
        throw std::invalid_argument("min-cost flow: arc " + std::to_string(a) +
                                    " has an endpoint outside the network");
      if (net_.lower[k] < 0 || net_.upper[k] < net_.lower[k])
        throw std::invalid_argument("min-cost flow: arc " + std::to_string(a) +
                                    " has bounds outside 0 <= lower <= upper");
      if constexpr (!std::is_same_v<Cost, std::int64_t>) {
        if (!std::isfinite(minor_part(net_.cost[k])))
          throw std::invalid_argument("min-cost flow: arc " + std::to_string(a) +
                                      " has a non-finite cost");
      }
    }
    // The total cost is a sum of cost * flow with flow <= upper: its integer part must fit in 64
    // bits and its floating part stay finite, whatever flow the optimum sends (a negative cycle
    // fills its arcs to their upper bounds). Summed in long double: no overflow here.
    long double major_reach = 0.0L, minor_reach = 0.0L;
    for (std::int32_t a = 0; a < arcs; ++a) {
      const auto k = static_cast<std::size_t>(a);
      const auto upper = static_cast<long double>(net_.upper[k]);
      major_reach += std::fabs(static_cast<long double>(major_part(net_.cost[k]))) * upper;
      minor_reach += std::fabs(static_cast<long double>(minor_part(net_.cost[k]))) * upper;
    }
    if (major_reach >= 0x1p62L)
      throw std::invalid_argument("min-cost flow: integer costs times upper bounds sum beyond 2^62 "
                                  "(the total cost must fit in 64 bits; use bounds near the total supply)");
    if (minor_reach >= static_cast<long double>(std::numeric_limits<double>::max()) / 4)
      throw std::invalid_argument("min-cost flow: costs times upper bounds overflow a double "
                                  "(use bounds near the total supply)");
  }

  void build_initial_tree() {
    n_ = net_.nodes();
    m_ = net_.arcs();
    const std::size_t arcs = static_cast<std::size_t>(m_ + n_);
    const std::size_t nodes = static_cast<std::size_t>(n_ + 1);
    src_.assign(net_.tail.begin(), net_.tail.end());
    dst_.assign(net_.head.begin(), net_.head.end());
    src_.resize(arcs);
    dst_.resize(arcs);
    cap_.resize(arcs);
    flow_.assign(arcs, 0);
    cost_.resize(arcs);
    for (std::int32_t a = 0; a < m_; ++a)
      cost_[static_cast<std::size_t>(a)] = W{0, net_.cost[static_cast<std::size_t>(a)]};
    state_.assign(arcs, kLower);

    // Shift the lower bounds into the supplies: flow = lower + x, 0 <= x <= upper - lower.
    std::vector<std::int64_t> b(net_.supply.begin(), net_.supply.end());
    std::uint64_t max_major = 0;  // |the integer part| (the whole cost for int64)
    double max_minor = 0.0;      // the floating part (the whole cost for double)
    for (std::int32_t a = 0; a < m_; ++a) {
      const auto k = static_cast<std::size_t>(a);
      cap_[k] = net_.upper[k] - net_.lower[k];
      b[static_cast<std::size_t>(src_[k])] -= net_.lower[k];
      b[static_cast<std::size_t>(dst_[k])] += net_.lower[k];
      // |c| in unsigned arithmetic: std::abs of the most negative int64 is undefined.
      const std::int64_t major = major_part(net_.cost[k]);
      max_major = std::max(max_major, major < 0 ? std::uint64_t{0} - static_cast<std::uint64_t>(major)
                                                : static_cast<std::uint64_t>(major));
      max_minor = std::max(max_minor, std::abs(minor_part(net_.cost[k])));
    }
    const auto n1 = static_cast<std::int64_t>(n_) + 1;
    // Potentials are sums of costs along tree paths: |pi| <= n max|cost|.
    if (max_major > 0 && max_major >= (std::uint64_t{1} << 61) / static_cast<std::uint64_t>(n1 + 1))
      throw std::invalid_argument("min-cost flow: integer costs too large for this network (|cost| * (nodes + 2) < 2^61 required)");
    if (!std::isfinite((max_minor + 1.0) * static_cast<double>(n1 + 1) * 4.0))
      throw std::invalid_argument("min-cost flow: costs too large for this network (|cost| * nodes overflows)");
    // A floating reduced cost must beat the rounding of the potentials to enter the tree.
    const double eps_minor = 1e-14 * (max_minor + 1.0) * std::sqrt(static_cast<double>(n1));
    if constexpr (std::is_same_v<Cost, double>) {
      eps_ = W{0, eps_minor};
    } else if constexpr (std::is_same_v<Cost, LexCost>) {
      eps_ = W{0, LexCost{0, eps_minor}};
    } else {
      eps_ = W{};
    }

    // Artificial arcs: node v -> root when b(v) >= 0 (strongly feasible even at zero flow),
    // root -> v otherwise; each carries |b(v)|.
    parent_.assign(nodes, -1);
    pred_.assign(nodes, -1);
    depth_.assign(nodes, 0);
    pi_.assign(nodes, W{});
    first_child_.assign(nodes, -1);
    next_sib_.assign(nodes, -1);
    prev_sib_.assign(nodes, -1);
    std::int64_t total_b = 0;
    for (std::int32_t v = 0; v < n_; ++v) total_b += std::abs(b[static_cast<std::size_t>(v)]);
    for (std::int32_t v = n_ - 1; v >= 0; --v) {
      const auto a = static_cast<std::size_t>(m_ + v);
      const std::int64_t bv = b[static_cast<std::size_t>(v)];
      if (bv >= 0) {
        src_[a] = v;
        dst_[a] = n_;
        flow_[a] = bv;
        pi_[static_cast<std::size_t>(v)] = W{-1, Cost{}};
      } else {
        src_[a] = n_;
        dst_[a] = v;
        flow_[a] = -bv;
        pi_[static_cast<std::size_t>(v)] = W{1, Cost{}};
      }
      cap_[a] = total_b + 1;  // effectively unbounded
      cost_[a] = W{1, Cost{}};
      state_[a] = kTree;
      parent_[static_cast<std::size_t>(v)] = n_;
      pred_[static_cast<std::size_t>(v)] = m_ + v;
      depth_[static_cast<std::size_t>(v)] = 1;
      link_child(n_, v);
    }
    stack_.reserve(nodes);
    block_ = std::max<std::int32_t>(
        10, static_cast<std::int32_t>(std::sqrt(static_cast<double>(m_ + n_))));
    next_arc_ = 0;
  }

  void link_child(std::int32_t p, std::int32_t c) {
    const auto pc = static_cast<std::size_t>(c);
    const std::int32_t f = first_child_[static_cast<std::size_t>(p)];
    next_sib_[pc] = f;
    prev_sib_[pc] = -1;
    if (f >= 0) prev_sib_[static_cast<std::size_t>(f)] = c;
    first_child_[static_cast<std::size_t>(p)] = c;
  }

  void unlink_child(std::int32_t p, std::int32_t c) {
    const auto pc = static_cast<std::size_t>(c);
    const std::int32_t nx = next_sib_[pc], pv = prev_sib_[pc];
    if (pv >= 0) {
      next_sib_[static_cast<std::size_t>(pv)] = nx;
    } else {
      first_child_[static_cast<std::size_t>(p)] = nx;
    }
    if (nx >= 0) prev_sib_[static_cast<std::size_t>(nx)] = pv;
    next_sib_[pc] = prev_sib_[pc] = -1;
  }

  W reduced(std::int32_t a) const {
    const auto k = static_cast<std::size_t>(a);
    return cost_[k] + pi_[static_cast<std::size_t>(src_[k])] - pi_[static_cast<std::size_t>(dst_[k])];
  }

  // Block search: the arc with the most negative state * reduced cost in the first block that
  // has one, scanning cyclically from where the previous search stopped; -1 when none.
  std::int32_t find_entering() {
    const std::int32_t total = m_;  // artificial arcs never re-enter
    if (total == 0) return -1;
    W best = -eps_;
    std::int32_t best_arc = -1;
    std::int32_t in_block = 0;
    std::int32_t a = next_arc_;
    for (std::int32_t scanned = 0; scanned < total; ++scanned) {
      const auto k = static_cast<std::size_t>(a);
      const std::int8_t st = state_[k];
      const W rc = st == kTree ? W{} : reduced(a);
      const W v = st == kLower ? rc : -rc;
      if (v < best) {
        best = v;
        best_arc = a;
      }
      if (++a == total) a = 0;
      if (++in_block == block_) {
        if (best_arc >= 0) break;
        in_block = 0;
      }
    }
    next_arc_ = a;
    return best_arc;
  }

  std::int32_t find_entering_full_scan() {
    next_arc_ = 0;
    const std::int32_t saved = block_;
    block_ = std::max<std::int32_t>(m_, 1);
    const std::int32_t a = find_entering();
    block_ = saved;
    return a;
  }

  void pivot_until_optimal(std::int64_t& pivots, std::int64_t cap) {
    for (std::int32_t e = find_entering(); e >= 0; e = find_entering()) {
      pivot(e);
      if (++pivots > cap)
        throw std::runtime_error("min-cost flow: the network simplex did not converge (" +
                                 std::to_string(pivots) + " pivots)");
    }
  }

  // Residual capacity of the tree arc above u, for flow moving down to u (toward_u) or up from u.
  std::int64_t residual(std::int32_t u, bool toward_u) const {
    const auto a = static_cast<std::size_t>(pred_[static_cast<std::size_t>(u)]);
    const bool arc_down = dst_[a] == u;  // arc points parent -> u
    return arc_down == toward_u ? cap_[a] - flow_[a] : flow_[a];
  }

  void pivot(std::int32_t e) {
    const auto ek = static_cast<std::size_t>(e);
    // Flow goes first -> second along e, then second -> join -> first along the tree.
    const bool forward = state_[ek] == kLower;
    const std::int32_t first = forward ? src_[ek] : dst_[ek];
    const std::int32_t second = forward ? dst_[ek] : src_[ek];

    std::int32_t join;
    {
      std::int32_t u = first, v = second;
      while (u != v) {
        if (depth_[static_cast<std::size_t>(u)] >= depth_[static_cast<std::size_t>(v)]) {
          u = parent_[static_cast<std::size_t>(u)];
        } else {
          v = parent_[static_cast<std::size_t>(v)];
        }
      }
      join = u;
    }

    // The leaving arc: the last blocking arc walking the cycle with the flow from the join
    // (down the first side, across e, up the second side).
    std::int64_t delta = cap_[ek];
    std::int32_t u_out = -1;
    int side = 0;
    for (std::int32_t u = first; u != join; u = parent_[static_cast<std::size_t>(u)]) {
      const std::int64_t d = residual(u, true);
      if (d < delta) {
        delta = d;
        u_out = u;
        side = 1;
      }
    }
    for (std::int32_t u = second; u != join; u = parent_[static_cast<std::size_t>(u)]) {
      const std::int64_t d = residual(u, false);
      if (d <= delta) {
        delta = d;
        u_out = u;
        side = 2;
      }
    }

    if (delta > 0) {
      flow_[ek] += forward ? delta : -delta;
      for (std::int32_t u = first; u != join; u = parent_[static_cast<std::size_t>(u)]) {
        const auto a = static_cast<std::size_t>(pred_[static_cast<std::size_t>(u)]);
        flow_[a] += dst_[a] == u ? delta : -delta;
      }
      for (std::int32_t u = second; u != join; u = parent_[static_cast<std::size_t>(u)]) {
        const auto a = static_cast<std::size_t>(pred_[static_cast<std::size_t>(u)]);
        flow_[a] += src_[a] == u ? delta : -delta;
      }
    }

    if (side == 0) {  // e itself blocks: it moves to its other bound, the tree stays
      state_[ek] = forward ? kUpper : kLower;
      return;
    }

    // e enters, the arc above u_out leaves; the subtree under u_out is re-hung from e.
    const std::int32_t u_in = side == 1 ? first : second;
    const std::int32_t v_in = side == 1 ? second : first;
    const auto out_arc = static_cast<std::size_t>(pred_[static_cast<std::size_t>(u_out)]);
    state_[out_arc] = flow_[out_arc] == 0 ? kLower : kUpper;
    state_[ek] = kTree;

    const W rc = reduced(e);
    const W shift = dst_[ek] == u_in ? rc : -rc;

    // Reverse the path u_in -> ... -> u_out.
    std::int32_t child = u_in, new_parent = v_in, new_pred = e;
    for (;;) {
      const auto c = static_cast<std::size_t>(child);
      const std::int32_t old_parent = parent_[c];
      const std::int32_t old_pred = pred_[c];
      unlink_child(old_parent, child);
      parent_[c] = new_parent;
      pred_[c] = new_pred;
      link_child(new_parent, child);
      if (child == u_out) break;
      new_parent = child;
      new_pred = old_pred;
      child = old_parent;
    }

    // Refresh depths and potentials over the moved subtree.
    stack_.clear();
    stack_.push_back(u_in);
    while (!stack_.empty()) {
      const std::int32_t x = stack_.back();
      stack_.pop_back();
      const auto xk = static_cast<std::size_t>(x);
      depth_[xk] = depth_[static_cast<std::size_t>(parent_[xk])] + 1;
      pi_[xk] += shift;
      for (std::int32_t c = first_child_[xk]; c >= 0; c = next_sib_[static_cast<std::size_t>(c)])
        stack_.push_back(c);
    }
  }

  void recompute_potentials() {
    stack_.clear();
    pi_[static_cast<std::size_t>(n_)] = W{};
    for (std::int32_t c = first_child_[static_cast<std::size_t>(n_)]; c >= 0;
         c = next_sib_[static_cast<std::size_t>(c)])
      stack_.push_back(c);
    while (!stack_.empty()) {
      const std::int32_t x = stack_.back();
      stack_.pop_back();
      const auto xk = static_cast<std::size_t>(x);
      const auto a = static_cast<std::size_t>(pred_[xk]);
      const W pp = pi_[static_cast<std::size_t>(parent_[xk])];
      // rc(a) = 0 on tree arcs: cost + pi(src) - pi(dst) = 0.
      pi_[xk] = src_[a] == x ? pp - cost_[a] : pp + cost_[a];
      for (std::int32_t c = first_child_[xk]; c >= 0; c = next_sib_[static_cast<std::size_t>(c)])
        stack_.push_back(c);
    }
  }

  void finish(FlowSolution<Cost>& out) {
    bool feasible = true;
    for (std::int32_t v = 0; v < n_; ++v)
      if (flow_[static_cast<std::size_t>(m_ + v)] != 0) feasible = false;
    out.status = feasible ? FlowStatus::optimal : FlowStatus::infeasible;
    out.flow.resize(static_cast<std::size_t>(m_));
    out.cost = Cost{};
    for (std::int32_t a = 0; a < m_; ++a) {
      const auto k = static_cast<std::size_t>(a);
      out.flow[k] = flow_[k] + net_.lower[k];
      out.cost += net_.cost[k] * out.flow[k];
    }
    out.potential = real_potentials();
    if (!feasible) out.cut = infeasibility_cut();
  }

  // Potentials of the real network. Where the artificial level differs between two nodes, the
  // arcs between them sit at the bound that level dictates; folding it in with a weight K above
  // every base reduced cost keeps their conditions and leaves the others as they are.
  std::vector<Cost> real_potentials() const {
    std::vector<Cost> out(static_cast<std::size_t>(n_));
    bool flat = true;
    for (std::int32_t v = 0; v < n_; ++v) {
      out[static_cast<std::size_t>(v)] = pi_[static_cast<std::size_t>(v)].base;
      flat = flat && pi_[static_cast<std::size_t>(v)].art == pi_[0].art;
    }
    if (flat) return out;
    std::int64_t k_major = 1;
    double k_minor = 1.0;
    for (std::int32_t a = 0; a < m_; ++a) {
      const Cost rc = reduced(a).base;
      k_major = std::max(k_major, 2 * std::abs(major_part(rc)) + 1);
      k_minor = std::max(k_minor, 2.0 * std::abs(minor_part(rc)) + 1.0);
    }
    for (std::int32_t v = 0; v < n_; ++v) {
      const std::int64_t art = pi_[static_cast<std::size_t>(v)].art;
      Cost& c = out[static_cast<std::size_t>(v)];
      if constexpr (std::is_same_v<Cost, double>) {
        c += k_minor * static_cast<double>(art);
      } else if constexpr (std::is_same_v<Cost, std::int64_t>) {
        c += k_major * art;
      } else {
        c.major += k_major * art;
      }
    }
    return out;
  }

  // Nodes that still hold excess (flow on their artificial arc toward the root), and everything
  // they reach in the residual network of real arcs: no deficit is reachable (else the excess
  // would have been routed at a cost below M), so the complement Y of that set has arcs leaving
  // at their lower bounds and arcs entering at their upper bounds with a net shortfall.
  FlowCut infeasibility_cut() const {
    std::vector<char> reach(static_cast<std::size_t>(n_), 0);
    std::vector<std::int32_t> queue;
    for (std::int32_t v = 0; v < n_; ++v) {
      const auto a = static_cast<std::size_t>(m_ + v);
      if (flow_[a] > 0 && src_[a] == v) {
        reach[static_cast<std::size_t>(v)] = 1;
        queue.push_back(v);
      }
    }
    // Residual adjacency built on the fly from the arc lists.
    std::vector<std::int32_t> out_start(static_cast<std::size_t>(n_) + 1, 0);
    for (std::int32_t a = 0; a < m_; ++a) {
      ++out_start[static_cast<std::size_t>(src_[static_cast<std::size_t>(a)]) + 1];
      ++out_start[static_cast<std::size_t>(dst_[static_cast<std::size_t>(a)]) + 1];
    }
    for (std::size_t v = 1; v < out_start.size(); ++v) out_start[v] += out_start[v - 1];
    std::vector<std::int32_t> incident(static_cast<std::size_t>(2 * m_));
    {
      std::vector<std::int32_t> fill(out_start.begin(), out_start.end() - 1);
      for (std::int32_t a = 0; a < m_; ++a) {
        incident[static_cast<std::size_t>(fill[static_cast<std::size_t>(src_[static_cast<std::size_t>(a)])]++)] = a;
        incident[static_cast<std::size_t>(fill[static_cast<std::size_t>(dst_[static_cast<std::size_t>(a)])]++)] = a;
      }
    }
    for (std::size_t q = 0; q < queue.size(); ++q) {
      const std::int32_t v = queue[q];
      for (std::int32_t k = out_start[static_cast<std::size_t>(v)];
           k < out_start[static_cast<std::size_t>(v) + 1]; ++k) {
        const auto a = static_cast<std::size_t>(incident[static_cast<std::size_t>(k)]);
        std::int32_t w = -1;
        if (src_[a] == v && flow_[a] < cap_[a]) w = dst_[a];
        if (dst_[a] == v && flow_[a] > 0) w = src_[a];
        if (w >= 0 && !reach[static_cast<std::size_t>(w)]) {
          reach[static_cast<std::size_t>(w)] = 1;
          queue.push_back(w);
        }
      }
    }
    FlowCut cut;
    for (std::int32_t v = 0; v < n_; ++v)
      if (!reach[static_cast<std::size_t>(v)]) cut.nodes.push_back(v);
    std::int64_t supply_in_y = 0;
    for (const std::int32_t v : cut.nodes) supply_in_y += net_.supply[static_cast<std::size_t>(v)];
    for (std::int32_t a = 0; a < m_; ++a) {
      const auto k = static_cast<std::size_t>(a);
      const bool t_in = !reach[static_cast<std::size_t>(src_[k])];
      const bool h_in = !reach[static_cast<std::size_t>(dst_[k])];
      if (t_in && !h_in) {
        cut.arcs_leaving.push_back(a);
        cut.required += net_.lower[k];
      } else if (!t_in && h_in) {
        cut.arcs_entering.push_back(a);
        cut.available += net_.upper[k];
      }
    }
    // Supplies inside Y add to what may leave; demands add to what must enter.
    cut.required -= supply_in_y;
    return cut;
  }
};

}  // namespace detail

template <class Cost>
FlowSolution<Cost> solve_min_cost_flow(const FlowNetwork<Cost>& net) {
  return detail::NetworkSimplex<Cost>(net).run();
}

// Checks a flow and its certificate against the network, without trusting the solver: bounds,
// conservation, the reported cost, and complementary slackness of the potentials (within a
// tolerance relative to the costs and potentials for double). Returns an empty string when all
// hold, else the first violation found.
template <class Cost>
std::string check_min_cost_flow(const FlowNetwork<Cost>& net, const std::vector<std::int64_t>& flow,
                                const std::vector<Cost>& potential, Cost reported_cost) {
  using detail::major_part;
  using detail::minor_part;
  const auto n = static_cast<std::size_t>(net.nodes());
  const auto m = static_cast<std::size_t>(net.arcs());
  if (flow.size() != m)
    return "flow has " + std::to_string(flow.size()) + " entries, expected " + std::to_string(m);
  if (potential.size() != n) return "potential has the wrong size";
  std::vector<std::int64_t> balance(n, 0);
  Cost total{};
  // Floating parts are compared with a tolerance relative to the costs and potentials.
  double scale = 1.0;
  for (std::size_t a = 0; a < m; ++a) scale = std::max(scale, std::abs(minor_part(net.cost[a])));
  for (std::size_t v = 0; v < n; ++v) scale = std::max(scale, std::abs(minor_part(potential[v])));
  const double tol = 1e-9 * scale;
  const auto sign = [tol](Cost x) {
    const std::int64_t mj = major_part(x);
    if (mj != 0) return mj > 0 ? 1 : -1;
    const double mn = minor_part(x);
    return mn > tol ? 1 : (mn < -tol ? -1 : 0);
  };
  for (std::size_t a = 0; a < m; ++a) {
    if (flow[a] < net.lower[a] || flow[a] > net.upper[a])
      return "arc " + std::to_string(a) + " flow " + std::to_string(flow[a]) + " outside its bounds";
    balance[static_cast<std::size_t>(net.tail[a])] += flow[a];
    balance[static_cast<std::size_t>(net.head[a])] -= flow[a];
    total += net.cost[a] * flow[a];
    const Cost rc = net.cost[a] + potential[static_cast<std::size_t>(net.tail[a])] -
                    potential[static_cast<std::size_t>(net.head[a])];
    const int sg = sign(rc);
    if (sg > 0 && flow[a] != net.lower[a])
      return "arc " + std::to_string(a) + " has a positive reduced cost but flow above its lower bound";
    if (sg < 0 && flow[a] != net.upper[a])
      return "arc " + std::to_string(a) + " has a negative reduced cost but flow below its upper bound";
  }
  for (std::size_t v = 0; v < n; ++v)
    if (balance[v] != net.supply[v]) return "node " + std::to_string(v) + " is out of balance";
  if (major_part(total) != major_part(reported_cost) ||
      std::abs(minor_part(total) - minor_part(reported_cost)) >
          1e-9 * std::max(1.0, std::abs(minor_part(total))))
    return "reported cost differs from the flow's cost";
  return {};
}

// Checks an infeasibility cut against the network: recomputes what must leave and what can enter
// the node set, and returns an empty string when required > available indeed.
template <class Cost>
std::string check_flow_cut(const FlowNetwork<Cost>& net, const FlowCut& cut) {
  std::vector<char> in(static_cast<std::size_t>(net.nodes()), 0);
  for (const std::int32_t v : cut.nodes) {
    if (v < 0 || v >= net.nodes()) return "cut node out of range";
    in[static_cast<std::size_t>(v)] = 1;
  }
  std::int64_t required = 0, available = 0;
  for (const std::int32_t v : cut.nodes) required -= net.supply[static_cast<std::size_t>(v)];
  for (std::int32_t a = 0; a < net.arcs(); ++a) {
    const auto k = static_cast<std::size_t>(a);
    const bool t_in = in[static_cast<std::size_t>(net.tail[k])] != 0;
    const bool h_in = in[static_cast<std::size_t>(net.head[k])] != 0;
    if (t_in && !h_in) required += net.lower[k];
    if (!t_in && h_in) available += net.upper[k];
  }
  if (required != cut.required || available != cut.available)
    return "cut totals do not match the network";
  if (required <= available) return "the cut does not prove infeasibility";
  return {};
}

}  // namespace tokten::match
