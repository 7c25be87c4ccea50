#pragma once
// A weighted bipartite graph in compressed sparse row (CSR) form: the input of the sparse and
// capacitated solvers.
//
// Rows are one side (for example needs), columns the other (experts). The stored entries of row
// i are the allowed pairs (i, col_index[k]) for k in [row_offset[i], row_offset[i + 1]), with
// weight[k]; a pair that is not stored is forbidden. This is the layout of scipy.sparse.csr_matrix
// (indptr, indices, data), so a CSR matrix is read in place, whatever its index type.
//
// CsrView is a non-owning view (templated on the weight and index types); BipartiteGraph owns its
// arrays and hands out a view. Neither sorts nor deduplicates: check_csr() says what is wrong with
// a view (offsets not monotone, a column out of range, a repeated pair) so the solvers can trust it.
//
// Memory: O(rows + edges).

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

namespace tokten::match {

template <class W, class I = std::int64_t>
struct CsrView {
  static_assert(std::is_integral_v<I>, "CSR indices must be integers");
  std::ptrdiff_t rows = 0;
  std::ptrdiff_t cols = 0;
  const I* row_offset = nullptr;  // rows + 1 entries, row_offset[0] == 0
  const I* col_index = nullptr;   // edges() entries, each in [0, cols)
  const W* weight = nullptr;      // edges() entries

  std::ptrdiff_t edges() const {
    return rows > 0 ? static_cast<std::ptrdiff_t>(row_offset[rows]) : 0;
  }
  std::ptrdiff_t begin(std::ptrdiff_t i) const { return static_cast<std::ptrdiff_t>(row_offset[i]); }
  std::ptrdiff_t end(std::ptrdiff_t i) const { return static_cast<std::ptrdiff_t>(row_offset[i + 1]); }
};

// What is structurally wrong with a CSR view, or nothing. Repeated pairs are reported only when
// `reject_duplicates` (scipy sums them; the solvers here treat each stored entry as an arc).
template <class W, class I>
std::optional<std::string> check_csr(const CsrView<W, I>& g, bool reject_duplicates = true) {
  if (g.rows < 0 || g.cols < 0) return "negative shape";
  if (g.rows == 0) return std::nullopt;
  if (g.row_offset == nullptr) return "no row offsets";
  if (g.row_offset[0] != 0) return "row_offset[0] must be 0";
  for (std::ptrdiff_t i = 0; i < g.rows; ++i)
    if (g.row_offset[i + 1] < g.row_offset[i])
      return "row offsets decrease at row " + std::to_string(i);
  const std::ptrdiff_t e = g.edges();
  if (e > 0 && (g.col_index == nullptr || g.weight == nullptr)) return "no entries";
  std::vector<std::ptrdiff_t> last_row(static_cast<std::size_t>(g.cols), -1);
  for (std::ptrdiff_t i = 0; i < g.rows; ++i) {
    for (std::ptrdiff_t k = g.begin(i); k < g.end(i); ++k) {
      const auto j = static_cast<std::ptrdiff_t>(g.col_index[k]);
      if (j < 0 || j >= g.cols)
        return "column " + std::to_string(j) + " out of range at row " + std::to_string(i);
      if (reject_duplicates) {
        if (last_row[static_cast<std::size_t>(j)] == i)
          return "pair (" + std::to_string(i) + ", " + std::to_string(j) + ") stored twice";
        last_row[static_cast<std::size_t>(j)] = i;
      }
    }
  }
  return std::nullopt;
}

// An owning CSR graph with double weights and 64-bit indices.
struct BipartiteGraph {
  std::ptrdiff_t rows = 0;
  std::ptrdiff_t cols = 0;
  std::vector<std::int64_t> row_offset{0};
  std::vector<std::int64_t> col_index;
  std::vector<double> weight;

  BipartiteGraph() = default;
  BipartiteGraph(std::ptrdiff_t r, std::ptrdiff_t c)
      : rows(r), cols(c), row_offset(static_cast<std::size_t>(r) + 1, 0) {}

  CsrView<double, std::int64_t> view() const {
    return {rows, cols, row_offset.data(), col_index.data(), weight.data()};
  }
  std::ptrdiff_t edges() const { return static_cast<std::ptrdiff_t>(col_index.size()); }

  // Builds the graph from (row, col, weight) triplets in any order (a pair outside the shape throws
  // std::invalid_argument); within a row, entries keep
  // their input order (a stable sort), so the result is deterministic.
  struct Triplet {
    std::int64_t row;
    std::int64_t col;
    double weight;
  };
  static BipartiteGraph from_triplets(std::ptrdiff_t r, std::ptrdiff_t c,
                                      std::vector<Triplet> triplets) {
    BipartiteGraph g(r, c);
    std::stable_sort(triplets.begin(), triplets.end(),
                     [](const Triplet& a, const Triplet& b) { return a.row < b.row; });
    g.col_index.reserve(triplets.size());
    g.weight.reserve(triplets.size());
    for (const Triplet& t : triplets) {
      if (t.row < 0 || t.row >= r || t.col < 0 || t.col >= c)
        throw std::invalid_argument("pair (" + std::to_string(t.row) + ", " +
                                    std::to_string(t.col) + ") outside the " + std::to_string(r) +
                                    " x " + std::to_string(c) + " graph");
      ++g.row_offset[static_cast<std::size_t>(t.row) + 1];
      g.col_index.push_back(t.col);
      g.weight.push_back(t.weight);
    }
    for (std::size_t i = 1; i < g.row_offset.size(); ++i) g.row_offset[i] += g.row_offset[i - 1];
    return g;
  }
};

}  // namespace tokten::match
