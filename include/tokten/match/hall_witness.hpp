#pragma once
// Why an assignment is infeasible: a Hall witness, from a maximum-cardinality bipartite matching.
//
// THE PROBLEM
//   An assignment problem asks that every vertex of the smaller side (the rows when rows <= cols,
//   else the columns) be matched through allowed pairs. Hall's theorem: this is possible exactly
//   when every set R of the smaller side has at least |R| allowed neighbours N(R). When it is
//   impossible, a set R with |N(R)| < |R| is a short, checkable explanation ("these 7 needs can
//   only take these 5 experts"). hall_witness() returns one such set, or nothing when the
//   smaller side can be matched.
//
// THE ALGORITHM
//   A maximum matching by Hopcroft-Karp (a greedy start, then phases of a breadth-first layering
//   from the free vertices of the smaller side and depth-first augmentation along shortest
//   paths, iterative). If it leaves d > 0 vertices of the smaller side free, an alternating
//   breadth-first search from all of them (any allowed pair from the smaller side, the matched
//   pair back) reaches a set R of the smaller side and the set N(R) of the other side. Every
//   vertex of N(R) is matched (else there would be an augmenting path) and its mate is in R, so
//   |R| = |N(R)| + d (Konig): the witness shows the whole shortfall at once, not just one row.
//
// RUNNING TIME AND MEMORY
//   O(E sqrt(V)) for the matching and O(E) for the witness, E allowed pairs, V vertices; for a
//   dense matrix E = n * m (every entry is read, nothing is copied). Extra memory O(V) for a
//   dense matrix or a CSR graph with rows <= cols; O(V + E) when a CSR graph has more rows than
//   columns (its transposed structure, indices only, is built once).
//
// THE CERTIFICATE
//   The witness is its own certificate: anyone can recompute N(R) from the input and compare
//   its size with |R| (verify_hall_witness does).
//
// IMPORTANT
//   - CSR input: every stored entry is an allowed pair, whatever its weight (explicit zeros
//     included); repeated pairs are harmless.
//   - Dense input: an entry is allowed unless it is the forbidding infinity of the sense (+inf
//     when minimising, -inf when maximising), as in solve_dense_assignment; NaN and the other
//     infinity are invalid input and throw std::invalid_argument, also as there.
//   - The witness is deterministic but not the only one: another maximum matching may reach
//     another set. members and neighbours are ascending.
//
// REFERENCES
//   P. Hall, "On representatives of subsets", J. London Math. Soc. 10 (1935) 26-30.
//   J. E. Hopcroft and R. M. Karp, "An n^{5/2} algorithm for maximum matchings in bipartite
//   graphs", SIAM J. Computing 2(4) (1973) 225-231.
//   A. Schrijver, "Combinatorial Optimization", Springer 2003, chapter 16 (Konig's theorem).
//
// EXAMPLE USAGE
//   #include <tokten/match/hall_witness.hpp>
//   #include <cstdio>
//
//   int main() {
//     // 3 needs x 3 experts; needs 1 and 2 can both only take expert 0.
//     auto g = tokten::match::BipartiteGraph::from_triplets(
//         3, 3, {{0, 0, 1.0}, {0, 1, 1.0}, {0, 2, 1.0}, {1, 0, 1.0}, {2, 0, 1.0}});
//     auto w = tokten::match::hall_witness(g.view());
//     if (!w) return 1;
//     std::printf("%zu rows, %zu neighbours\n", w->members.size(), w->neighbours.size());  // 2, 1
//     return tokten::match::verify_hall_witness(g.view(), *w) ? 0 : 1;
//   }

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <stdexcept>
#include <type_traits>
#include <vector>

#include "tokten/match/bipartite_graph.hpp"
#include "tokten/match/assignment_types.hpp"

namespace tokten::match {

struct HallWitness {
  bool rows_side = true;                 // members are rows (true) or columns (false)
  std::vector<std::int64_t> members;     // R, on the smaller side (rows when rows <= cols)
  std::vector<std::int64_t> neighbours;  // N(R), every allowed partner of a member
  // How many members cannot be matched, whatever the matching: |R| - |N(R)| > 0.
  std::int64_t deficiency() const {
    return static_cast<std::int64_t>(members.size()) - static_cast<std::int64_t>(neighbours.size());
  }
};

// A maximum matching between a left and a right vertex set; -1 marks a free vertex.
struct BipartiteMatching {
  std::vector<std::int64_t> left_to_right;
  std::vector<std::int64_t> right_to_left;
  std::int64_t size = 0;
};

namespace detail::hall {

// Adjacencies share one shape: left(), right(), and for a left vertex l the positions
// [first(l), last(l)) whose at(l, p) is a right vertex or -1 (not allowed, skipped).

// Rows of a CSR graph on the left.
template <class W, class I>
struct CsrRows {
  const CsrView<W, I>& g;
  std::ptrdiff_t left() const { return g.rows; }
  std::ptrdiff_t right() const { return g.cols; }
  std::ptrdiff_t first(std::ptrdiff_t l) const { return g.begin(l); }
  std::ptrdiff_t last(std::ptrdiff_t l) const { return g.end(l); }
  std::int64_t at(std::ptrdiff_t, std::ptrdiff_t p) const {
    return static_cast<std::int64_t>(g.col_index[p]);
  }
};

// Columns of a CSR graph on the left: its transposed structure, indices only.
struct OwnedAdjacency {
  std::ptrdiff_t n = 0, m = 0;
  std::vector<std::int64_t> offset, index;
  std::ptrdiff_t left() const { return n; }
  std::ptrdiff_t right() const { return m; }
  std::ptrdiff_t first(std::ptrdiff_t l) const {
    return static_cast<std::ptrdiff_t>(offset[static_cast<std::size_t>(l)]);
  }
  std::ptrdiff_t last(std::ptrdiff_t l) const {
    return static_cast<std::ptrdiff_t>(offset[static_cast<std::size_t>(l) + 1]);
  }
  std::int64_t at(std::ptrdiff_t, std::ptrdiff_t p) const {
    return index[static_cast<std::size_t>(p)];
  }
};

template <class W, class I>
OwnedAdjacency transposed_structure(const CsrView<W, I>& g) {
  OwnedAdjacency t;
  t.n = g.cols;
  t.m = g.rows;
  t.offset.assign(static_cast<std::size_t>(g.cols) + 1, 0);
  const std::ptrdiff_t e = g.edges();
  for (std::ptrdiff_t k = 0; k < e; ++k) ++t.offset[static_cast<std::size_t>(g.col_index[k]) + 1];
  for (std::size_t j = 1; j < t.offset.size(); ++j) t.offset[j] += t.offset[j - 1];
  std::vector<std::int64_t> next(t.offset.begin(), t.offset.end() - 1);
  t.index.resize(static_cast<std::size_t>(e));
  for (std::ptrdiff_t i = 0; i < g.rows; ++i)
    for (std::ptrdiff_t k = g.begin(i); k < g.end(i); ++k)
      t.index[static_cast<std::size_t>(next[static_cast<std::size_t>(g.col_index[k])]++)] = i;
  return t;
}

// Rows (or, through a transposed view, columns) of a dense matrix on the left.
template <class T>
struct DenseRows {
  MatrixView<T> a;
  Sense sense;
  std::ptrdiff_t left() const { return a.rows; }
  std::ptrdiff_t right() const { return a.cols; }
  std::ptrdiff_t first(std::ptrdiff_t) const { return 0; }
  std::ptrdiff_t last(std::ptrdiff_t) const { return a.cols; }
  std::int64_t at(std::ptrdiff_t l, std::ptrdiff_t p) const {
    if constexpr (std::is_floating_point_v<T>) {
      const T x = a(l, p);
      const T forbid = sense == Sense::minimize ? std::numeric_limits<T>::infinity()
                                                : -std::numeric_limits<T>::infinity();
      return x == forbid ? -1 : static_cast<std::int64_t>(p);
    } else {
      return static_cast<std::int64_t>(p);
    }
  }
};

// The solver's input rule for dense matrices: NaN, -inf when minimising, +inf when maximising.
template <class T>
void reject_invalid_entries(const MatrixView<T>& a, Sense sense) {
  if constexpr (std::is_floating_point_v<T>) {
    const T bad = sense == Sense::minimize ? -std::numeric_limits<T>::infinity()
                                           : std::numeric_limits<T>::infinity();
    for (std::ptrdiff_t i = 0; i < a.rows; ++i)
      for (std::ptrdiff_t j = 0; j < a.cols; ++j) {
        const T x = a(i, j);
        if (std::isnan(x) || x == bad)
          throw std::invalid_argument("matrix contains invalid numeric entries");
      }
  } else {
    (void)a;
    (void)sense;
  }
}

// R and N(R) by alternating breadth-first search from every free left vertex; nothing when the
// matching covers the left side.
template <class Adj>
std::optional<HallWitness> konig_set(const Adj& adj, const BipartiteMatching& mt, bool rows_side) {
  const std::ptrdiff_t n = adj.left(), m = adj.right();
  if (mt.size == n) return std::nullopt;
  std::vector<char> seen_l(static_cast<std::size_t>(n), 0), seen_r(static_cast<std::size_t>(m), 0);
  std::vector<std::int64_t> queue;
  for (std::ptrdiff_t l = 0; l < n; ++l)
    if (mt.left_to_right[static_cast<std::size_t>(l)] < 0) {
      seen_l[static_cast<std::size_t>(l)] = 1;
      queue.push_back(l);
    }
  for (std::size_t q = 0; q < queue.size(); ++q) {
    const std::ptrdiff_t l = static_cast<std::ptrdiff_t>(queue[q]);
    for (std::ptrdiff_t p = adj.first(l); p < adj.last(l); ++p) {
      const std::int64_t r = adj.at(l, p);
      if (r < 0 || seen_r[static_cast<std::size_t>(r)]) continue;
      seen_r[static_cast<std::size_t>(r)] = 1;
      const std::int64_t mate = mt.right_to_left[static_cast<std::size_t>(r)];
      // A free right vertex here would be an augmenting path: the matching was not maximum.
      if (mate < 0) throw std::logic_error("konig_set: the matching is not maximum");
      if (!seen_l[static_cast<std::size_t>(mate)]) {
        seen_l[static_cast<std::size_t>(mate)] = 1;
        queue.push_back(mate);
      }
    }
  }
  HallWitness w;
  w.rows_side = rows_side;
  for (std::ptrdiff_t l = 0; l < n; ++l)
    if (seen_l[static_cast<std::size_t>(l)]) w.members.push_back(l);
  for (std::ptrdiff_t r = 0; r < m; ++r)
    if (seen_r[static_cast<std::size_t>(r)]) w.neighbours.push_back(r);
  return w;
}

}  // namespace detail::hall

// Hopcroft-Karp on any adjacency of the shape described in detail::hall (left(), right(), first(l),
// last(l), at(l, p)). Deterministic.
template <class Adj>
BipartiteMatching maximum_bipartite_matching(const Adj& adj) {
  const std::ptrdiff_t n = adj.left(), m = adj.right();
  BipartiteMatching mt;
  mt.left_to_right.assign(static_cast<std::size_t>(n), -1);
  mt.right_to_left.assign(static_cast<std::size_t>(m), -1);
  auto L = [&](std::int64_t l) -> std::int64_t& {
    return mt.left_to_right[static_cast<std::size_t>(l)];
  };
  auto R = [&](std::int64_t r) -> std::int64_t& {
    return mt.right_to_left[static_cast<std::size_t>(r)];
  };

  // Greedy start: most vertices of sparse random graphs are matched here.
  for (std::ptrdiff_t l = 0; l < n; ++l)
    for (std::ptrdiff_t p = adj.first(l); p < adj.last(l); ++p) {
      const std::int64_t r = adj.at(l, p);
      if (r >= 0 && R(r) < 0) {
        L(l) = r;
        R(r) = l;
        ++mt.size;
        break;
      }
    }

  const std::int64_t inf = std::numeric_limits<std::int64_t>::max();
  std::vector<std::int64_t> dist(static_cast<std::size_t>(n)), queue, stack;
  std::vector<std::ptrdiff_t> cursor(static_cast<std::size_t>(n));
  auto D = [&](std::int64_t l) -> std::int64_t& { return dist[static_cast<std::size_t>(l)]; };
  for (;;) {
    // Layers by breadth-first search from the free left vertices, up to the first layer that
    // reaches a free right vertex (`limit` is the length of the shortest augmenting paths).
    queue.clear();
    for (std::ptrdiff_t l = 0; l < n; ++l) {
      D(l) = L(l) < 0 ? 0 : inf;
      if (L(l) < 0) queue.push_back(l);
    }
    std::int64_t limit = inf;
    for (std::size_t q = 0; q < queue.size(); ++q) {
      const std::int64_t l = queue[q];
      if (D(l) + 1 >= limit) continue;
      for (std::ptrdiff_t p = adj.first(l); p < adj.last(l); ++p) {
        const std::int64_t r = adj.at(l, p);
        if (r < 0) continue;
        const std::int64_t l2 = R(r);
        if (l2 < 0) {
          if (limit == inf) limit = D(l) + 1;
        } else if (D(l2) == inf) {
          D(l2) = D(l) + 1;
          queue.push_back(l2);
        }
      }
    }
    if (limit == inf) break;

    // Vertex-disjoint shortest augmenting paths by depth-first search along the layers; a left
    // vertex that leads nowhere (or was used) leaves the layering.
    for (std::ptrdiff_t l = 0; l < n; ++l) cursor[static_cast<std::size_t>(l)] = adj.first(l);
    for (std::ptrdiff_t l0 = 0; l0 < n; ++l0) {
      if (L(l0) >= 0 || D(l0) != 0) continue;
      stack.assign(1, l0);
      while (!stack.empty()) {
        const std::int64_t l = stack.back();
        std::ptrdiff_t& p = cursor[static_cast<std::size_t>(l)];
        bool pushed = false, augmented = false;
        for (; p < adj.last(l); ++p) {
          const std::int64_t r = adj.at(l, p);
          if (r < 0) continue;
          const std::int64_t l2 = R(r);
          if (l2 < 0) {
            if (D(l) + 1 == limit) {
              augmented = true;
              break;
            }
          } else if (D(l2) == D(l) + 1) {
            stack.push_back(l2);
            pushed = true;
            break;
          }
        }
        if (augmented) {
          // Each stacked vertex's cursor points at the pair it took: flip the path.
          for (const std::int64_t x : stack) {
            const std::int64_t r = adj.at(x, cursor[static_cast<std::size_t>(x)]);
            L(x) = r;
            R(r) = x;
            D(x) = inf;
          }
          ++mt.size;
          break;
        }
        if (pushed) continue;
        D(l) = inf;
        stack.pop_back();
        if (!stack.empty()) ++cursor[static_cast<std::size_t>(stack.back())];
      }
    }
  }
  return mt;
}

// The size of a maximum matching of the allowed pairs, without a witness: how the verifiers check
// an "infeasible" answer independently of the solvers (dense: +inf forbids when minimising,
// -inf when maximising).
template <class W, class I>
std::int64_t maximum_matching_size(const CsrView<W, I>& g) {
  const detail::hall::CsrRows<W, I> adj{g};
  return maximum_bipartite_matching(adj).size;
}

template <class T>
std::int64_t maximum_matching_size(MatrixView<T> a, Sense sense) {
  const detail::hall::DenseRows<T> adj{a, sense};
  return maximum_bipartite_matching(adj).size;
}

// A Hall witness for the CSR graph g (every stored entry is an allowed pair), or nothing when
// the smaller side (rows when rows <= cols) can be matched. Throws std::invalid_argument when g
// is malformed (see check_csr).
template <class W, class I>
std::optional<HallWitness> hall_witness(const CsrView<W, I>& g) {
  if (auto problem = check_csr(g, false))
    throw std::invalid_argument("invalid CSR graph: " + *problem);
  if (g.rows <= g.cols) {
    const detail::hall::CsrRows<W, I> adj{g};
    return detail::hall::konig_set(adj, maximum_bipartite_matching(adj), true);
  }
  const detail::hall::OwnedAdjacency adj = detail::hall::transposed_structure(g);
  return detail::hall::konig_set(adj, maximum_bipartite_matching(adj), false);
}

// A Hall witness for the dense matrix a under the solver's rules for `sense`, or nothing when
// the smaller side can be matched. Throws std::invalid_argument for invalid entries.
template <class T>
std::optional<HallWitness> hall_witness(MatrixView<T> a, Sense sense) {
  if (a.rows < 0 || a.cols < 0) throw std::invalid_argument("negative matrix dimension");
  detail::hall::reject_invalid_entries(a, sense);
  const bool rows_side = a.rows <= a.cols;
  const detail::hall::DenseRows<T> adj{rows_side ? a : a.transposed(), sense};
  return detail::hall::konig_set(adj, maximum_bipartite_matching(adj), rows_side);
}

// Checks a witness against g without trusting its producer: members are distinct, on the
// smaller side, and their allowed partners (recomputed here) are exactly `neighbours` and fewer
// than the members.
template <class W, class I>
VerificationReport verify_hall_witness(const CsrView<W, I>& g, const HallWitness& w) {
  VerificationReport rep;
  auto fail = [&](const char* msg) {
    rep.ok = false;
    rep.message = msg;
    return rep;
  };
  const bool rows_side = g.rows <= g.cols;
  if (w.rows_side != rows_side) return fail("witness members are not on the smaller side");
  const std::ptrdiff_t side = rows_side ? g.rows : g.cols, other = rows_side ? g.cols : g.rows;
  std::vector<char> member(static_cast<std::size_t>(side), 0);
  std::vector<char> nb(static_cast<std::size_t>(other), 0);
  for (const std::int64_t x : w.members) {
    if (x < 0 || x >= side) return fail("witness member out of range");
    if (member[static_cast<std::size_t>(x)]) return fail("witness member repeated");
    member[static_cast<std::size_t>(x)] = 1;
  }
  std::int64_t count = 0;
  for (std::ptrdiff_t i = 0; i < g.rows; ++i)
    for (std::ptrdiff_t k = g.begin(i); k < g.end(i); ++k) {
      const auto j = static_cast<std::ptrdiff_t>(g.col_index[k]);
      const std::ptrdiff_t mem = rows_side ? i : j, nbr = rows_side ? j : i;
      if (member[static_cast<std::size_t>(mem)] && !nb[static_cast<std::size_t>(nbr)]) {
        nb[static_cast<std::size_t>(nbr)] = 1;
        ++count;
      }
    }
  if (count != static_cast<std::int64_t>(w.neighbours.size()))
    return fail("witness neighbours differ from the members' allowed partners");
  for (const std::int64_t y : w.neighbours) {
    // Each listed neighbour must be a partner, once: with the count, the sets are then equal.
    if (y < 0 || y >= other || nb[static_cast<std::size_t>(y)] != 1)
      return fail("witness neighbours differ from the members' allowed partners");
    nb[static_cast<std::size_t>(y)] = 2;
  }
  if (!(count < static_cast<std::int64_t>(w.members.size())))
    return fail("witness has at least as many neighbours as members");
  return rep;
}

}  // namespace tokten::match
