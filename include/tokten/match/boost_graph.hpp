#pragma once
// The bipartite graph as a Boost.Graph graph, and Boost's maximum-weight matching on it: an
// independent reference for the sparse and capacitated solvers (unit capacities).
//
// THE PROBLEM
//   to_boost_graph() turns a BipartiteGraph (rows x cols, CSR) into an undirected
//   boost::adjacency_list whose vertices 0..rows-1 are the rows and rows..rows+cols-1 the columns,
//   with one edge per allowed pair carrying its weight (property edge_weight_t, double). A pair
//   stored more than once becomes one edge with the largest of its weights.
//   boost_maximum_weight_matching() finds a matching (each row and each column in at most one
//   chosen pair) of largest total weight with boost::maximum_weighted_matching, and maps Boost's
//   mate array back to stored entries of the graph (from_boost_matching()).
//
// THE ALGORITHM
//   Boost's maximum_weighted_matching is Edmonds' primal-dual blossom algorithm for general
//   graphs (Galil's presentation), with dual variables kept in the weight type. It never uses an
//   edge that lowers the total: negative edges are left out, zero-weight edges may or may not be
//   chosen (the total is the same). On a bipartite graph no blossom ever forms, so it reduces to
//   the Hungarian method, but it still pays the general algorithm's price.
//
// RUNNING TIME AND MEMORY
//   O(V^3) time for V = rows + cols vertices (whatever the number of edges), O(V + E) memory:
//   fine as a cross-check up to a few hundred vertices per side, far too slow for the domain's
//   shapes (use solve_capacitated_assignment or solve_sparse_assignment there).
//
// IMPORTANT
//   - Weights must be finite. Boost 1.74's maximum_weighted_matching compares slacks with exact
//     equality and can loop forever on double weights with rounding in them: two disjoint edges
//     of weights 0.1 and 1.0 never return. boost_maximum_weight_matching() therefore hands Boost
//     the weights rounded to multiples of 2^-fraction_bits (default 2^-20), on which every sum and
//     halving Boost does is exact. Integer weights (and dyadic ones with at most fraction_bits
//     bits after the point) are unchanged and the result is exactly optimal; otherwise the
//     matching is optimal for the rounded weights, so its true total is within
//     min(rows, cols) * 2^-fraction_bits of the optimum. The reported total uses the original
//     weights. to_boost_graph() keeps the weights exactly: round them before calling Boost.
//   - Unit capacities only: Boost has no b-matching.
//   - Optimal matchings are not unique: compare totals.
//
// REFERENCES
//   J. Edmonds, "Maximum matching and a polyhedron with 0,1-vertices", J. Res. Nat. Bur.
//   Standards 69B (1965) 125-130.
//   Z. Galil, "Efficient algorithms for finding maximum matching in graphs", ACM Computing
//   Surveys 18(1) (1986) 23-38.
//   Boost Graph Library, maximum_weighted_matching (Boost 1.74 documentation).
//
// EXAMPLE USAGE
//   #include <tokten/match/boost_graph.hpp>
//
//   int main() {
//     using namespace tokten::match;
//     auto g = BipartiteGraph::from_triplets(2, 2, {{0, 0, 5.0}, {0, 1, 4.0}, {1, 0, 3.0},
//                                                   {1, 1, -1.0}});
//     BoostMatching m = boost_maximum_weight_matching(g);
//     // rows 0 and 1 take columns 1 and 0: 4 + 3 = 7 > 5
//     return m.total == 7.0 && m.pair_row.size() == 2 ? 0 : 1;
//   }

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wshadow"
#pragma GCC diagnostic ignored "-Wunused-parameter"
#pragma GCC diagnostic ignored "-Wpedantic"
#endif
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/maximum_weighted_matching.hpp>
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

#include "tokten/match/bipartite_graph.hpp"

namespace tokten::match {

using BoostBipartiteGraph =
    boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS, boost::no_property,
                          boost::property<boost::edge_weight_t, double>>;
using BoostVertex = boost::graph_traits<BoostBipartiteGraph>::vertex_descriptor;

// A matching as pairs of the bipartite graph.
struct BoostMatching {
  std::vector<std::int64_t> edges;     // chosen stored entries (indices into the graph), ascending
  std::vector<std::int64_t> pair_row;  // the chosen pairs, by row
  std::vector<std::int64_t> pair_col;
  double total = 0.0;                  // sum of the chosen entries' weights
};

// The graph as a Boost graph: vertex i < rows is row i, vertex rows + j is column j; one edge per
// allowed pair (the heaviest entry when a pair is stored twice). Throws std::invalid_argument on
// a malformed graph or a non-finite weight.
inline BoostBipartiteGraph to_boost_graph(const BipartiteGraph& g) {
  if (g.row_offset.size() != static_cast<std::size_t>(g.rows) + 1)
    throw std::invalid_argument("to_boost_graph: row_offset has the wrong size");
  if (auto bad = check_csr(g.view(), false)) throw std::invalid_argument("to_boost_graph: " + *bad);
  const auto rows = static_cast<std::size_t>(g.rows);
  BoostBipartiteGraph b(rows + static_cast<std::size_t>(g.cols));
  // For the current row, the stored entry kept for each column (or -1).
  std::vector<std::int64_t> kept(static_cast<std::size_t>(g.cols), -1);
  for (std::size_t i = 0; i < rows; ++i) {
    const auto lo = static_cast<std::size_t>(g.row_offset[i]);
    const auto hi = static_cast<std::size_t>(g.row_offset[i + 1]);
    for (std::size_t k = lo; k < hi; ++k) {
      const double w = g.weight[k];
      if (!std::isfinite(w))
        throw std::invalid_argument("to_boost_graph: weight of entry " + std::to_string(k) +
                                    " is not finite");
      auto& best = kept[static_cast<std::size_t>(g.col_index[k])];
      if (best < 0 || w > g.weight[static_cast<std::size_t>(best)]) best = static_cast<std::int64_t>(k);
    }
    for (std::size_t k = lo; k < hi; ++k) {
      const auto j = static_cast<std::size_t>(g.col_index[k]);
      if (kept[j] == static_cast<std::int64_t>(k))
        boost::add_edge(i, rows + j, g.weight[k], b);
    }
    for (std::size_t k = lo; k < hi; ++k) kept[static_cast<std::size_t>(g.col_index[k])] = -1;
  }
  return b;
}

// Maps a Boost mate array (one entry per vertex of to_boost_graph(g), null_vertex() when
// unmatched) back to stored entries of g: for each matched row, its heaviest entry with its mate.
// Throws std::invalid_argument if the mate array is not a matching of g's pairs.
inline BoostMatching from_boost_matching(const BipartiteGraph& g,
                                         const std::vector<BoostVertex>& mate) {
  const auto rows = static_cast<std::size_t>(g.rows);
  const auto vertices = rows + static_cast<std::size_t>(g.cols);
  if (mate.size() != vertices)
    throw std::invalid_argument("from_boost_matching: mate has " + std::to_string(mate.size()) +
                                " entries, expected " + std::to_string(vertices));
  const BoostVertex none = boost::graph_traits<BoostBipartiteGraph>::null_vertex();
  BoostMatching m;
  long double total = 0.0L;
  for (std::size_t i = 0; i < rows; ++i) {
    const BoostVertex v = mate[i];
    if (v == none) continue;
    if (v < rows || v >= vertices || mate[v] != i)
      throw std::invalid_argument("from_boost_matching: row " + std::to_string(i) +
                                  " has an inconsistent mate");
    const auto j = static_cast<std::int64_t>(v - rows);
    std::int64_t best = -1;
    for (auto k = g.row_offset[i]; k < g.row_offset[i + 1]; ++k)
      if (g.col_index[static_cast<std::size_t>(k)] == j &&
          (best < 0 || g.weight[static_cast<std::size_t>(k)] > g.weight[static_cast<std::size_t>(best)]))
        best = k;
    if (best < 0)
      throw std::invalid_argument("from_boost_matching: pair (" + std::to_string(i) + ", " +
                                  std::to_string(j) + ") is not allowed");
    m.edges.push_back(best);
    m.pair_row.push_back(static_cast<std::int64_t>(i));
    m.pair_col.push_back(j);
    total += g.weight[static_cast<std::size_t>(best)];
  }
  for (std::size_t v = rows; v < vertices; ++v)
    if (mate[v] != none && (mate[v] >= rows || mate[mate[v]] != v))
      throw std::invalid_argument("from_boost_matching: column " + std::to_string(v - rows) +
                                  " has an inconsistent mate");
  m.total = static_cast<double>(total);
  return m;  // rows ascending, so the entries are ascending too
}

// A maximum-weight matching of g by boost::maximum_weighted_matching (O(V^3)), run on the
// weights rounded to multiples of 2^-fraction_bits (see IMPORTANT). Throws std::invalid_argument
// when a rounded weight would not be exact (|w| * 2^fraction_bits >= 2^48) or fraction_bits is
// outside [0, 40].
inline BoostMatching boost_maximum_weight_matching(const BipartiteGraph& g, int fraction_bits = 20) {
  if (fraction_bits < 0 || fraction_bits > 40)
    throw std::invalid_argument("boost_maximum_weight_matching: fraction_bits must be in [0, 40]");
  BoostBipartiteGraph b = to_boost_graph(g);
  const auto weight = boost::get(boost::edge_weight, b);
  const double limit = std::ldexp(1.0, 48);
  for (auto [e, end] = boost::edges(b); e != end; ++e) {
    const double scaled = std::ldexp(boost::get(weight, *e), fraction_bits);
    if (!(std::abs(scaled) < limit))
      throw std::invalid_argument("boost_maximum_weight_matching: a weight is too large for "
                                  "exact arithmetic at this fraction_bits");
    boost::put(weight, *e, std::ldexp(std::nearbyint(scaled), -fraction_bits));
  }
  std::vector<BoostVertex> mate(boost::num_vertices(b));
  if (!mate.empty()) boost::maximum_weighted_matching(b, mate.data());
  return from_boost_matching(g, mate);
}

}  // namespace tokten::match
