#pragma once
// Sparse rectangular linear assignment: the assignment problem on a bipartite graph in CSR form.
//
// THE PROBLEM
//   Given an n x m graph g whose stored entries are the allowed pairs (i, j) with weight w[i][j]
//   (see bipartite_graph.hpp; a pair that is not stored is forbidden, an explicit zero is an
//   allowed pair of weight 0), choose k = min(n, m) allowed pairs, no row and no column twice,
//   so that every vertex of the smaller side is matched and the sum of the weights is minimal
//   (Sense::minimize) or maximal (Sense::maximize). Nothing is padded: when n != m part of the
//   larger side stays unmatched. Same result type and conventions as solve_dense_assignment:
//     - a non-finite stored weight (NaN, +-inf) throws
//       std::invalid_argument("matrix contains invalid numeric entries"): forbid a pair by not
//       storing it;
//     - a malformed graph (check_csr) throws std::invalid_argument; a pair stored twice is two
//       parallel arcs, of which the better one counts;
//     - if no matching covers the smaller side, feasible == false and `witness` says why: a set
//       of the smaller side with fewer allowed partners than members (hall_witness.hpp).
//
// THE ALGORITHM
//   Successive shortest augmenting paths with dual potentials, as in the dense solver, but each
//   search is a Dijkstra over the stored arcs only, with a binary heap:
//   1. Orient: the kernel's rows are the smaller side. When n > m a transposed CSR is built once
//      (counting sort, O(n + m + E), weights in their own type).
//   2. Start. Rectangles: row reduction (u[i] = the row's least cost, v = 0) and a greedy
//      match of each row to a free column on which it is tight; v stays 0, so the larger
//      side's potentials remain <= 0 and exactly 0 where unmatched. Square graphs: the
//      Jonker-Volgenant initialisation on the arcs (column reduction, reduction transfer, two
//      rounds of augmenting row reduction, its reprocessing capped at n per round). A row (or,
//      square, a column) without arcs proves infeasibility at once.
//   3. For each row left free, Dijkstra on reduced costs c[i][j] - u[i] - v[j] >= 0 from it:
//      pop the column of least distance (ties: a free column first, then the lowest index),
//      stop at the first free column, else scan the row matched to it. Scanning also stops at
//      once when it reaches a free column at the current distance (nothing can beat it), and
//      never queues a column at or beyond the best free column reached so far. Then
//      the potentials of the labelled part move by (mu - d[j]) and the path is flipped.
//      Only the columns the search touched are reset, so a search costs O(touched arcs *
//      log), never O(m). A search that empties its heap has exhausted every alternating path
//      from its row: the smaller side cannot be matched, and the solver stops (it never loops).
//   4. When infeasible, a maximum-cardinality matching gives the Hall witness.
//
// RUNNING TIME AND MEMORY
//   O(k * E log E) in the worst case for k = min(n, m) augmentations over E arcs; on the
//   domain's instances (a few dozen candidates per need, many more experts than needs) most
//   rows are matched by the greedy start and each remaining search touches a small
//   neighbourhood. Memory O(n + m + E): nothing of size n * m is ever allocated (the transposed
//   copy when n > m is the only O(E) one, plus the heap of a search).
//
// NUMBERS
//   float and double weights are solved in double; finite weights must be below 2^997 (about
//   1.3e300) in magnitude, as in the dense solver (a larger one throws std::invalid_argument). Integer weights are solved exactly: in
//   int64 while 256 (k + 2) max|w| <= 2^61, else in long double (64-bit mantissa on x86-64),
//   exact while 256 (k + 2) max|w| <= 2^64. The factor bounds every potential and distance:
//   after a search, a potential is an alternating sum of weights along two tight paths of at
//   most 2k + 1 arcs plus the start's price changes (at most 2 max|w| for each of its at most
//   4k steps). The total is summed in long double for integer input.
//
// THE CERTIFICATE
//   As in the dense solver, in the ORIGINAL sense: when minimising, u[i] + v[j] <= w[i][j] for
//   every stored pair, with equality on the matched pairs; on the larger side every potential
//   is <= 0 and the unmatched ones are exactly 0 (vacuous when n == m). When maximising every
//   inequality is reversed. verify_sparse_assignment() checks it, the matching and the total.
//
// IMPORTANT
//   - Optimal assignments are not unique: compare totals, not index vectors.
//   - An infeasible result carries no matching (all -1), total NaN, empty potentials and the
//     witness. Vertices without any arc keep potential 0.
//   - Deterministic: the same graph gives the same result.
//
// REFERENCES
//   R. Jonker and A. Volgenant, "A shortest augmenting path algorithm for dense and sparse
//   linear assignment problems", Computing 38 (1987) 325-340.
//   A. Volgenant, "Linear and semi-assignment problems: a core oriented approach", Computers &
//   Operations Research 23(10) (1996) 917-932.
//   R. E. Burkard, M. Dell'Amico, S. Martello, "Assignment Problems", SIAM 2009, chapter 4.
//
// EXAMPLE USAGE
//   #include <tokten/match/sparse_assignment.hpp>
//   #include <cstdio>
//
//   int main() {
//     // 2 needs x 3 experts; need 1 may not take expert 0 (the pair is not stored).
//     auto g = tokten::match::BipartiteGraph::from_triplets(
//         2, 3, {{0, 0, 4.0}, {0, 1, 1.0}, {0, 2, 3.0}, {1, 1, 0.0}, {1, 2, 5.0}});
//     auto r = tokten::match::solve_sparse_assignment(g.view(), tokten::match::Sense::minimize);
//     if (!r.feasible) return 1;  // r.witness explains why
//     std::printf("total %g\n", r.total);  // 3 + 0 = 3
//     return tokten::match::verify_sparse_assignment(g.view(), tokten::match::Sense::minimize, r)
//                ? 0 : 1;
//   }

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "tokten/match/bipartite_graph.hpp"
#include "tokten/match/assignment_types.hpp"
#include "tokten/match/hall_witness.hpp"

namespace tokten::match {

// DenseAssignment's fields, plus the reason when infeasible.
struct SparseAssignment : DenseAssignment {
  std::optional<HallWitness> witness;  // set exactly when feasible == false
};

namespace detail::sparse {

// An owned CSR graph in the input's own weight and index types (the transposed input).
template <class T, class I>
struct OwnedCsr {
  std::ptrdiff_t rows = 0, cols = 0;
  std::vector<I> offset, index;
  std::vector<T> weight;
  CsrView<T, I> view() const { return {rows, cols, offset.data(), index.data(), weight.data()}; }
};

// Counting sort by column; within a column the rows stay ascending. Offsets fit in I because
// the input's did (same edge count).
template <class T, class I>
OwnedCsr<T, I> transpose(const CsrView<T, I>& g) {
  OwnedCsr<T, I> t;
  t.rows = g.cols;
  t.cols = g.rows;
  const std::ptrdiff_t e = g.edges();
  t.offset.assign(static_cast<std::size_t>(g.cols) + 1, I{0});
  for (std::ptrdiff_t k = 0; k < e; ++k) ++t.offset[static_cast<std::size_t>(g.col_index[k]) + 1];
  for (std::size_t j = 1; j < t.offset.size(); ++j) t.offset[j] += t.offset[j - 1];
  std::vector<I> next(t.offset.begin(), t.offset.end() - 1);
  t.index.resize(static_cast<std::size_t>(e));
  t.weight.resize(static_cast<std::size_t>(e));
  for (std::ptrdiff_t i = 0; i < g.rows; ++i)
    for (std::ptrdiff_t k = g.begin(i); k < g.end(i); ++k) {
      const auto at = static_cast<std::size_t>(next[static_cast<std::size_t>(g.col_index[k])]++);
      t.index[at] = static_cast<I>(i);
      t.weight[at] = g.weight[k];
    }
  return t;
}

// Throws for non-finite weights; returns max |w| (0 for floating input, unused there).
template <class T, class I>
long double validate_weights(const CsrView<T, I>& g) {
  const std::ptrdiff_t e = g.edges();
  if constexpr (std::is_floating_point_v<T>) {
    for (std::ptrdiff_t k = 0; k < e; ++k) {
      if (!std::isfinite(g.weight[k]))
        throw std::invalid_argument("matrix contains invalid numeric entries");
      if (std::fabs(static_cast<double>(g.weight[k])) >= kMaxFiniteEntry)
        throw_entry_too_large(static_cast<double>(g.weight[k]));
    }
    return 0.0L;
  } else {
    long double mx = 0.0L;
    for (std::ptrdiff_t k = 0; k < e; ++k) {
      const long double x = std::fabs(static_cast<long double>(g.weight[k]));
      mx = x > mx ? x : mx;
    }
    return mx;
  }
}

template <class W>
constexpr W infinity() {
  if constexpr (std::is_floating_point_v<W>) {
    return std::numeric_limits<W>::infinity();
  } else {
    return W{1} << 62;  // every distance stays below 2^61 (see NUMBERS)
  }
}

// The Jonker-Volgenant start for a square graph: column reduction (each column's least cost,
// assigned to its row, columns scanned from the last), reduction transfer (a row assigned once
// passes its slack to its column), then two rounds of augmenting row reduction (a free row
// takes its best column, lowering that column's price to its second best, and displaces the
// owner, which is reprocessed at once while prices strictly fall). Immediate reprocessing is
// capped at n per round, so the start is O(E) per round even on degenerate ties. Leaves u, v
// dual feasible and tight on the assignment; the rows left free go to the Dijkstra phase.
// Returns false when a column has no arc (a square graph is then infeasible).
template <class W, bool Neg, class T, class I>
bool jv_start(const CsrView<T, I>& g, std::vector<W>& u, std::vector<W>& v,
              std::vector<std::int64_t>& col4row, std::vector<std::int64_t>& row4col,
              std::vector<std::int64_t>& free_rows) {
  const std::ptrdiff_t n = g.rows;
  const W inf = infinity<W>();
  auto cost = [&](std::ptrdiff_t k) -> W {
    const W c = static_cast<W>(g.weight[k]);
    return Neg ? -c : c;
  };
  auto at = [](auto& vec, std::int64_t x) -> auto& { return vec[static_cast<std::size_t>(x)]; };

  // Column reduction.
  std::vector<std::int64_t> argmin(static_cast<std::size_t>(n), -1);
  std::fill(v.begin(), v.end(), inf);
  for (std::ptrdiff_t i = 0; i < n; ++i)
    for (std::ptrdiff_t k = g.begin(i); k < g.end(i); ++k) {
      const std::int64_t j = static_cast<std::int64_t>(g.col_index[k]);
      if (cost(k) < at(v, j)) {
        at(v, j) = cost(k);
        at(argmin, j) = i;
      }
    }
  std::vector<unsigned char> times(static_cast<std::size_t>(n), 0);  // 0, 1, or 2 for "more"
  for (std::ptrdiff_t j = n - 1; j >= 0; --j) {
    const std::int64_t i = at(argmin, j);
    if (i < 0) return false;  // a column without any arc
    if (at(col4row, i) < 0) {
      at(col4row, i) = j;
      at(row4col, j) = i;
      at(times, i) = 1;
    } else {
      at(times, i) = 2;
    }
  }

  // Reduction transfer, and u for every row: feasible, tight on assigned arcs.
  for (std::ptrdiff_t i = 0; i < n; ++i) {
    const std::int64_t j1 = at(col4row, i);
    W mn = inf;
    for (std::ptrdiff_t k = g.begin(i); k < g.end(i); ++k) {
      const std::int64_t j = static_cast<std::int64_t>(g.col_index[k]);
      if (j != j1) mn = std::min(mn, cost(k) - at(v, j));
    }
    if (j1 < 0) {
      at(u, i) = mn;  // finite: the row has arcs
      free_rows.push_back(i);
    } else if (at(times, i) == 1 && mn < inf) {
      at(v, j1) -= mn;
      at(u, i) = mn;
    } else {
      at(u, i) = W{0};
    }
  }

  // Two rounds of augmenting row reduction.
  std::vector<std::int64_t> next;
  for (int round = 0; round < 2 && !free_rows.empty(); ++round) {
    next.clear();
    std::ptrdiff_t reprocessed = 0;
    for (std::size_t q = 0; q < free_rows.size();) {
      const std::int64_t i = free_rows[q];
      W u1 = inf, u2 = inf;
      std::int64_t j1 = -1, j2 = -1;
      for (std::ptrdiff_t k = g.begin(i); k < g.end(i); ++k) {
        const std::int64_t j = static_cast<std::int64_t>(g.col_index[k]);
        const W h = cost(k) - at(v, j);
        if (h < u1) {
          if (j != j1) {
            u2 = u1;
            j2 = j1;
          }
          u1 = h;
          j1 = j;
        } else if (h < u2 && j != j1) {
          u2 = h;
          j2 = j;
        }
      }
      std::int64_t i0 = at(row4col, j1);
      const bool lowered = u1 < u2 && u2 < inf;
      if (lowered) {
        at(v, j1) -= u2 - u1;  // row i now sees j1 at its second-best level
      } else if (i0 >= 0 && j2 >= 0) {
        j1 = j2;  // a tie: take the second column, perhaps a free one
        i0 = at(row4col, j1);
      }
      at(u, i) = u2 < inf ? u2 : u1;
      at(col4row, i) = j1;
      at(row4col, j1) = i;
      if (i0 < 0) {
        ++q;
        continue;
      }
      at(col4row, i0) = -1;
      if (lowered && reprocessed < n) {
        free_rows[q] = i0;  // reprocess the displaced row at once
        ++reprocessed;
      } else {
        next.push_back(i0);
        ++q;
      }
    }
    free_rows.swap(next);
  }
  return true;
}

// The Dijkstra state of the kernel, kept across searches (and, in the sparsify path of the
// dense solver, across its rounds): d, pred and state are valid for touched columns only and
// are reset after each search, so a search costs O(touched arcs * log), never O(m).
template <class W>
struct SapSearch {
  enum : unsigned char { untouched = 0, reached = 1, labelled = 2 };
  struct Item {
    W dist;
    std::int64_t tie;  // column, plus m when it is matched: free columns first among equals
  };
  std::vector<W> d;
  std::vector<std::int64_t> pred;
  std::vector<unsigned char> state;
  std::vector<std::int64_t> touched, done;
  std::vector<Item> heap;

  void prepare(std::ptrdiff_t m) {
    if (static_cast<std::ptrdiff_t>(d.size()) == m) return;
    d.assign(static_cast<std::size_t>(m), infinity<W>());
    pred.assign(static_cast<std::size_t>(m), -1);
    state.assign(static_cast<std::size_t>(m), untouched);
  }
};

// One search from the free row s of an oriented graph (rows <= cols), minimising
// cost = Neg ? -w : w, on reduced costs cost - u[i] - v[j] >= 0 (tight on matched pairs; u[s]
// may be anything that keeps row s's reduced costs >= 0). On success the potentials of the
// labelled part move by (mu - d[j]), the path is flipped (s becomes matched) and true is
// returned; when every alternating path from s is exhausted nothing changes and false is
// returned. The precondition is kept, and on rectangles the larger side's potentials are only
// lowered where a column gets matched (v <= 0 stays, unmatched columns keep theirs).
template <class W, bool Neg, class T, class I>
bool augment_row(const CsrView<T, I>& g, std::vector<W>& u, std::vector<W>& v,
                 std::vector<std::int64_t>& col4row, std::vector<std::int64_t>& row4col,
                 std::int64_t s, SapSearch<W>& ws) {
  using S = SapSearch<W>;
  using Item = typename S::Item;
  const std::ptrdiff_t m = g.cols;
  const W inf = infinity<W>();
  auto cost = [&](std::ptrdiff_t k) -> W {
    const W c = static_cast<W>(g.weight[k]);
    return Neg ? -c : c;
  };
  auto at = [](auto& vec, std::int64_t x) -> auto& { return vec[static_cast<std::size_t>(x)]; };
  // std heaps are max-heaps: "a after b" puts the least item on top.
  auto after = [](const Item& a, const Item& b) {
    return a.dist > b.dist || (a.dist == b.dist && a.tie > b.tie);
  };
  auto& d = ws.d;
  auto& pred = ws.pred;
  auto& state = ws.state;
  auto& touched = ws.touched;
  auto& done = ws.done;
  auto& heap = ws.heap;

  std::int64_t sink = -1;
  W mu = W{0};
  // The least distance of a free column reached so far: a candidate at or beyond it can never
  // be labelled before the sink (ties go to free columns), so it is not even queued.
  W bound = inf;
  // Relaxes the arcs of row i, reached at distance D; sets sink when a free column is reached
  // at distance D (all open columns are at >= D, so nothing can beat it).
  auto scan = [&](std::int64_t i, W D) {
    const W base = D - at(u, i);
    for (std::ptrdiff_t k = g.begin(i); k < g.end(i); ++k) {
      const std::int64_t j = static_cast<std::int64_t>(g.col_index[k]);
      unsigned char& st = at(state, j);
      if (st == S::labelled) continue;
      const W cand = base + cost(k) - at(v, j);
      if (!(cand < bound)) continue;
      if (st == S::untouched) {
        st = S::reached;
        touched.push_back(j);
      } else if (!(cand < at(d, j))) {
        continue;
      }
      at(d, j) = cand;
      at(pred, j) = i;
      const bool is_free = at(row4col, j) < 0;
      if (is_free) {
        if (!(cand > D)) {
          sink = j;
          mu = D;
          return;
        }
        bound = cand;
      }
      heap.push_back({cand, is_free ? j : j + m});
      std::push_heap(heap.begin(), heap.end(), after);
    }
  };

  scan(s, W{0});
  while (sink < 0 && !heap.empty()) {
    std::pop_heap(heap.begin(), heap.end(), after);
    const Item top = heap.back();
    heap.pop_back();
    const std::int64_t j = top.tie >= m ? top.tie - m : top.tie;
    if (at(state, j) == S::labelled || top.dist > at(d, j)) continue;  // stale entry
    at(state, j) = S::labelled;
    done.push_back(j);
    const std::int64_t i = at(row4col, j);
    if (i < 0) {
      sink = j;
      mu = top.dist;
      break;
    }
    scan(i, top.dist);
  }

  if (sink >= 0) {
    // Potentials of the labelled part: keeps reduced costs >= 0 and the new path tight.
    at(u, s) += mu;
    for (const std::int64_t l : done) {
      const std::int64_t i = at(row4col, l);
      if (i < 0) continue;  // the sink itself (delta 0)
      const W delta = mu - at(d, l);
      at(v, l) -= delta;
      at(u, i) += delta;
    }
    for (std::int64_t c = sink;;) {
      const std::int64_t i = at(pred, c);
      const std::int64_t next = at(col4row, i);
      at(col4row, i) = c;
      at(row4col, c) = i;
      if (i == s) break;
      c = next;
    }
  }
  for (const std::int64_t j : touched) at(state, j) = S::untouched;
  touched.clear();
  done.clear();
  heap.clear();
  return sink >= 0;
}

// The warm-start entry point of the kernel: augments each row of `free_rows` in turn from the
// given state (u, v, col4row, row4col satisfying augment_row's precondition; the listed rows
// free). A row without an augmenting path ends the call with false when `unmatched` is null,
// else it is appended to *unmatched (left free) and the next row is tried. Used by
// shortest_augmenting_paths below and by the sparsify-and-verify path of the dense solver
// (dense_sparsify.hpp), which re-solves after adding arcs and unmatching rows.
template <class W, bool Neg, class T, class I>
bool augment_free_rows(const CsrView<T, I>& g, std::vector<W>& u, std::vector<W>& v,
                       std::vector<std::int64_t>& col4row, std::vector<std::int64_t>& row4col,
                       const std::vector<std::int64_t>& free_rows, SapSearch<W>& ws,
                       std::vector<std::int64_t>* unmatched = nullptr) {
  ws.prepare(g.cols);
  for (const std::int64_t s : free_rows) {
    if (augment_row<W, Neg>(g, u, v, col4row, row4col, s, ws)) continue;
    if (unmatched == nullptr) return false;  // every alternating path from s explored
    unmatched->push_back(s);
  }
  return true;
}

// The kernel on an oriented graph (rows <= cols), minimising cost = Neg ? -w : w. Fills u, v,
// col4row, row4col and returns true, or returns false when some row cannot be matched.
template <class W, bool Neg, class T, class I>
bool shortest_augmenting_paths(const CsrView<T, I>& g, std::vector<W>& u, std::vector<W>& v,
                               std::vector<std::int64_t>& col4row,
                               std::vector<std::int64_t>& row4col) {
  const std::ptrdiff_t n = g.rows, m = g.cols;
  auto cost = [&](std::ptrdiff_t k) -> W {
    const W c = static_cast<W>(g.weight[k]);
    return Neg ? -c : c;
  };
  auto at = [](auto& vec, std::int64_t x) -> auto& { return vec[static_cast<std::size_t>(x)]; };
  u.assign(static_cast<std::size_t>(n), W{0});
  v.assign(static_cast<std::size_t>(m), W{0});
  col4row.assign(static_cast<std::size_t>(n), -1);
  row4col.assign(static_cast<std::size_t>(m), -1);

  std::vector<std::int64_t> free_rows;
  for (std::ptrdiff_t i = 0; i < n; ++i)
    if (g.begin(i) == g.end(i)) return false;  // a row without any allowed pair
  if (n == m) {
    if (!jv_start<W, Neg>(g, u, v, col4row, row4col, free_rows)) return false;
  } else {
    // Rectangles: row reduction and a greedy start on tight arcs; v stays 0.
    for (std::ptrdiff_t i = 0; i < n; ++i) {
      const std::ptrdiff_t b = g.begin(i), e = g.end(i);
      W mn = cost(b);
      for (std::ptrdiff_t k = b + 1; k < e; ++k) mn = std::min(mn, cost(k));
      at(u, i) = mn;
      for (std::ptrdiff_t k = b; k < e; ++k) {
        const std::int64_t j = static_cast<std::int64_t>(g.col_index[k]);
        if (cost(k) == mn && at(row4col, j) < 0) {
          at(row4col, j) = i;
          at(col4row, i) = j;
          break;
        }
      }
      if (at(col4row, i) < 0) free_rows.push_back(i);
    }
  }
  if (free_rows.empty()) return true;
  SapSearch<W> ws;
  return augment_free_rows<W, Neg>(g, u, v, col4row, row4col, free_rows, ws);
}

template <class W, class T, class I>
bool solve_oriented(const CsrView<T, I>& g, Sense sense, std::vector<double>& u_out,
                    std::vector<double>& v_out, std::vector<std::int64_t>& col4row,
                    std::vector<std::int64_t>& row4col) {
  std::vector<W> u, v;
  const bool ok = sense == Sense::maximize
                      ? shortest_augmenting_paths<W, true>(g, u, v, col4row, row4col)
                      : shortest_augmenting_paths<W, false>(g, u, v, col4row, row4col);
  if (!ok) return false;
  const double sign = sense == Sense::maximize ? -1.0 : 1.0;
  u_out.resize(u.size());
  v_out.resize(v.size());
  // + 0.0 turns a -0.0 (a negated zero) into +0.0.
  for (std::size_t i = 0; i < u.size(); ++i) u_out[i] = sign * static_cast<double>(u[i]) + 0.0;
  for (std::size_t j = 0; j < v.size(); ++j) v_out[j] = sign * static_cast<double>(v[j]) + 0.0;
  return true;
}

// The best weight (in the sense) among the stored arcs (i, j) of an oriented graph.
template <class T, class I>
T matched_weight(const CsrView<T, I>& g, std::ptrdiff_t i, std::int64_t j, Sense sense) {
  bool found = false;
  T best{};
  for (std::ptrdiff_t k = g.begin(i); k < g.end(i); ++k) {
    if (static_cast<std::int64_t>(g.col_index[k]) != j) continue;
    const T w = g.weight[k];
    if (!found || (sense == Sense::minimize ? w < best : w > best)) best = w;
    found = true;
  }
  return best;
}

}  // namespace detail::sparse

// Solves the sparse rectangular assignment problem on g (see the top of this file).
template <class T, class I>
SparseAssignment solve_sparse_assignment(const CsrView<T, I>& g, Sense sense) {
  static_assert(std::is_arithmetic_v<T>, "CsrView<T, I> needs an arithmetic weight type");
  if (auto problem = check_csr(g, false))
    throw std::invalid_argument("invalid CSR graph: " + *problem);
  const long double max_abs = detail::sparse::validate_weights(g);

  SparseAssignment r;
  const std::ptrdiff_t n0 = g.rows, m0 = g.cols;
  r.row_to_col.assign(static_cast<std::size_t>(n0), -1);
  r.col_to_row.assign(static_cast<std::size_t>(m0), -1);
  const bool transpose = n0 > m0;
  const std::ptrdiff_t k = std::min(n0, m0);
  if (k == 0) {
    r.feasible = true;
    r.row_potential.assign(static_cast<std::size_t>(n0), 0.0);
    r.col_potential.assign(static_cast<std::size_t>(m0), 0.0);
    return r;
  }

  detail::sparse::OwnedCsr<T, I> owned;
  if (transpose) owned = detail::sparse::transpose(g);
  const CsrView<T, I> o = transpose ? owned.view() : g;

  std::vector<double> u, v;
  std::vector<std::int64_t> col4row, row4col;
  bool ok;
  if constexpr (std::is_floating_point_v<T>) {
    ok = detail::sparse::solve_oriented<double>(o, sense, u, v, col4row, row4col);
  } else {
    if (256.0L * static_cast<long double>(k + 2) * max_abs <= 0x1p61L)
      ok = detail::sparse::solve_oriented<std::int64_t>(o, sense, u, v, col4row, row4col);
    else
      ok = detail::sparse::solve_oriented<long double>(o, sense, u, v, col4row, row4col);
  }

  if (!ok) {
    r.feasible = false;
    r.total = std::numeric_limits<double>::quiet_NaN();
    r.witness = hall_witness(g);
    return r;
  }

  r.feasible = true;
  long double total = 0.0L;
  double ftotal = 0.0;
  for (std::ptrdiff_t i = 0; i < o.rows; ++i) {
    const std::int64_t j = col4row[static_cast<std::size_t>(i)];
    const T w = detail::sparse::matched_weight(o, i, j, sense);
    if constexpr (std::is_floating_point_v<T>) {
      ftotal += static_cast<double>(w);
    } else {
      total += static_cast<long double>(w);
    }
    const std::int64_t orow = transpose ? j : i, ocol = transpose ? i : j;
    r.row_to_col[static_cast<std::size_t>(orow)] = ocol;
    r.col_to_row[static_cast<std::size_t>(ocol)] = orow;
  }
  r.total = std::is_floating_point_v<T> ? ftotal : static_cast<double>(total);
  if (transpose) {
    r.row_potential = std::move(v);
    r.col_potential = std::move(u);
  } else {
    r.row_potential = std::move(u);
    r.col_potential = std::move(v);
  }
  return r;
}

// Checks `result` against g without trusting the solver:
//   - feasible: the matching is consistent and uses stored pairs only, covers the smaller
//     side, the total is the sum of the matched weights (the better of parallel arcs), and the
//     certificate holds on every stored pair (see the top of this file);
//   - infeasible: a maximum matching (Hopcroft-Karp, hall_witness.hpp) leaves part of the
//     smaller side free, and a witness, when given, checks out (verify_hall_witness).
// Comparisons use the tolerance relative to 1 + |w| + |u| + |v| + max |w| (for the total,
// relative to 1 + the sum of the matched |w|, which bounds the rounding of any summation order).
template <class T, class I>
VerificationReport verify_sparse_assignment(const CsrView<T, I>& g, Sense sense,
                                            const DenseAssignment& result,
                                            double tolerance = 1e-9) {
  using L = long double;
  VerificationReport rep;
  auto fail = [&](std::string msg) {
    rep.ok = false;
    rep.message = std::move(msg);
    return rep;
  };
  if (auto problem = check_csr(g, false)) return fail("invalid CSR graph: " + *problem);
  const std::ptrdiff_t n = g.rows, m = g.cols, k = std::min(n, m);
  const bool maxi = sense == Sense::maximize;
  auto ix = [](std::int64_t x) { return static_cast<std::size_t>(x); };

  if (!result.feasible) {
    if (maximum_matching_size(g) == k)
      return fail("reported infeasible, but the smaller side can be matched");
    return rep;
  }

  if (static_cast<std::ptrdiff_t>(result.row_to_col.size()) != n ||
      static_cast<std::ptrdiff_t>(result.col_to_row.size()) != m)
    return fail("row_to_col / col_to_row have the wrong sizes");
  if (static_cast<std::ptrdiff_t>(result.row_potential.size()) != n ||
      static_cast<std::ptrdiff_t>(result.col_potential.size()) != m)
    return fail("potentials have the wrong sizes");

  // The matching: consistent, stored pairs only, covering the smaller side.
  std::ptrdiff_t pairs = 0;
  L total = 0, magnitude = 0;  // the sum, and the sum of |entries| that bounds its rounding
  for (std::ptrdiff_t i = 0; i < n; ++i) {
    const std::int64_t j = result.row_to_col[ix(i)];
    if (j < -1 || j >= m) return fail("row_to_col entry out of range");
    if (j < 0) continue;
    if (result.col_to_row[ix(j)] != i) return fail("row_to_col and col_to_row disagree");
    bool stored = false;
    L best = 0;
    for (std::ptrdiff_t e = g.begin(i); e < g.end(i); ++e) {
      if (static_cast<std::int64_t>(g.col_index[e]) != j) continue;
      const L w = static_cast<L>(g.weight[e]);
      if (!stored || (maxi ? w > best : w < best)) best = w;
      stored = true;
    }
    if (!stored) return fail("a matched pair is not stored (forbidden)");
    ++pairs;
    total += best;
    magnitude += std::fabs(best);
  }
  for (std::ptrdiff_t j = 0; j < m; ++j) {
    const std::int64_t i = result.col_to_row[ix(j)];
    if (i < -1 || i >= n) return fail("col_to_row entry out of range");
    if (i >= 0 && result.row_to_col[ix(i)] != j) return fail("col_to_row and row_to_col disagree");
  }
  if (pairs != k) return fail("the smaller side is not fully matched");
  if (!(std::fabs(static_cast<L>(result.total) - total) <= static_cast<L>(tolerance) * (1 + magnitude)))
    return fail("total differs from the sum of the matched entries");

  // The certificate, in the minimisation sense (maximisation: all signs flipped). The tolerance
  // includes max |w|: potentials are sums of weights, rounded relative to the largest one.
  L scale = 0;
  for (std::ptrdiff_t e = 0; e < g.edges(); ++e) scale = std::max(scale, std::fabs(static_cast<L>(g.weight[e])));
  const L sg = maxi ? -1 : 1;
  for (std::ptrdiff_t i = 0; i < n; ++i) {
    const L ui = sg * static_cast<L>(result.row_potential[ix(i)]);
    if (!std::isfinite(ui)) return fail("row potential not finite");
    for (std::ptrdiff_t e = g.begin(i); e < g.end(i); ++e) {
      const std::int64_t j = static_cast<std::int64_t>(g.col_index[e]);
      const L vj = sg * static_cast<L>(result.col_potential[ix(j)]);
      if (!std::isfinite(vj)) return fail("column potential not finite");
      const L c = sg * static_cast<L>(g.weight[e]);
      const L slack = c - ui - vj;
      const L tol = static_cast<L>(tolerance) * (1 + std::fabs(c) + std::fabs(ui) + std::fabs(vj) + scale);
      if (slack < -tol) return fail("dual infeasible: u[i] + v[j] beyond w[i][j]");
    }
    const std::int64_t j = result.row_to_col[ix(i)];
    if (j >= 0) {
      // Tight on the matched pair (its better parallel arc): u + v == w.
      const L vj = sg * static_cast<L>(result.col_potential[ix(j)]);
      L c = 0;
      bool first = true;
      for (std::ptrdiff_t e = g.begin(i); e < g.end(i); ++e)
        if (static_cast<std::int64_t>(g.col_index[e]) == j) {
          const L w = sg * static_cast<L>(g.weight[e]);
          c = first || w < c ? w : c;
          first = false;
        }
      const L tol = static_cast<L>(tolerance) * (1 + std::fabs(c) + std::fabs(ui) + std::fabs(vj) + scale);
      if (std::fabs(c - ui - vj) > tol)
        return fail("complementary slackness: u[i] + v[j] != w[i][j] on a matched pair");
    }
  }
  if (!detail::larger_side_ok(result, n, m, sg, tolerance, scale, rep)) {
    rep.ok = false;
    return rep;
  }
  return rep;
}

// Also checks the witness of an infeasible SparseAssignment.
template <class T, class I>
VerificationReport verify_sparse_assignment(const CsrView<T, I>& g, Sense sense,
                                            const SparseAssignment& result,
                                            double tolerance = 1e-9) {
  VerificationReport rep =
      verify_sparse_assignment(g, sense, static_cast<const DenseAssignment&>(result), tolerance);
  if (!rep || result.feasible) {
    if (rep && result.witness) {
      rep.ok = false;
      rep.message = "a feasible result carries a witness";
    }
    return rep;
  }
  if (!result.witness) {
    rep.ok = false;
    rep.message = "an infeasible result carries no witness";
    return rep;
  }
  return verify_hall_witness(g, *result.witness);
}

}  // namespace tokten::match

// The dense solver, for the users of this header that also solve dense matrices. Included last:
// dense_assignment.hpp's sparsify-and-verify path uses the kernel above.
#include "tokten/match/dense_assignment.hpp"
