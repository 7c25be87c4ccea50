#pragma once
// Capacitated assignment with capacities only, by successive shortest augmenting paths: the fast
// path of capacitated_assignment.hpp when no minimum, quota, pinned pair or date applies.
//
// THE PROBLEM
//   Rows i with capacities r_i, columns j with capacities c_j, allowed pairs (i, j) with a cost
//   each (a CSR BipartiteGraph). Choose pairs, each at most once, within the capacities, of least
//   total cost; a column's unit may also stay unused at cost 0. With cost -w this is maximum-weight
//   b-matching; with the lexicographic cost (-1, -w) it is "most pairs, then best weight".
//
// THE ALGORITHM
//   Each column unit is a supply that flows to a sink T either through a row (j -> i -> T, cost of
//   the pair) or directly (j -> T, cost 0: the unit stays unused). Columns are taken in order and
//   each unit is routed by a Dijkstra search from its column over reduced costs
//   c + pi(tail) - pi(head) >= 0 in the residual network (pair arcs j -> i when unused, i -> j
//   when used; i -> T while row i has room; j -> T for a column that gives up a used unit),
//   stopping as soon as T is labelled; the potentials of
//   the labelled nodes then move by their distance, which keeps every reduced cost non-negative
//   (the generic successive-shortest-path method, Ahuja, Magnanti and Orlin, section 9.7: any
//   node with supply may be augmented from). Initial potentials pi(i) = min over the row's pairs
//   of their cost make the start valid. A direct path carries all the column's remaining units at
//   once. The optimum is certified by the potentials (see capacitated_assignment.hpp for their
//   mapping to the flow layout: phi = -pi).
//
// RUNNING TIME AND MEMORY
//   At most sum_j c_j searches of O(E log V) each in the worst case; a search usually stops after
//   a few rows because the direct arc bounds the distance to T. Memory O(rows + cols + edges).
//
// REFERENCES
//   R. K. Ahuja, T. L. Magnanti, J. B. Orlin, "Network Flows", 1993, section 9.7.
//   R. Jonker and A. Volgenant, "A shortest augmenting path algorithm for dense and sparse linear
//   assignment problems", Computing 38 (1987) 325-340 (the same search for unit capacities).
//
// EXAMPLE USAGE
//   See capacitated_assignment.hpp: solve_capacitated_assignment() calls this kernel.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <queue>
#include <utility>
#include <vector>

#include "tokten/match/bipartite_graph.hpp"
#include "tokten/match/min_cost_flow.hpp"  // LexCost

namespace tokten::match::detail {

template <class Cost>
struct ShortestPathsResult {
  std::vector<char> chosen;      // per stored edge
  std::vector<Cost> row_pi;      // potentials of the rows, columns and sink
  std::vector<Cost> col_pi;
  Cost sink_pi{};
};

// `cost[k]` is the cost of stored edge k (rows x cols CSR in g). Columns are the supplies.
template <class Cost>
ShortestPathsResult<Cost> successive_shortest_paths(const BipartiteGraph& g,
                                                    const std::vector<Cost>& cost,
                                                    const std::vector<std::int64_t>& row_capacity,
                                                    const std::vector<std::int64_t>& col_capacity) {
  const auto rows = static_cast<std::size_t>(g.rows);
  const auto cols = static_cast<std::size_t>(g.cols);
  const auto edges = static_cast<std::size_t>(g.edges());

  // Column-major copy of the pairs: for each column, (row, edge).
  std::vector<std::int64_t> col_start(cols + 1, 0);
  for (std::size_t k = 0; k < edges; ++k) ++col_start[static_cast<std::size_t>(g.col_index[k]) + 1];
  for (std::size_t j = 0; j < cols; ++j) col_start[j + 1] += col_start[j];
  std::vector<std::int32_t> col_row(edges);
  std::vector<std::int64_t> col_edge(edges);
  {
    std::vector<std::int64_t> fill(col_start.begin(), col_start.end() - 1);
    for (std::size_t i = 0; i < rows; ++i)
      for (std::int64_t k = g.row_offset[i]; k < g.row_offset[i + 1]; ++k) {
        const auto at = static_cast<std::size_t>(fill[static_cast<std::size_t>(g.col_index[static_cast<std::size_t>(k)])]++);
        col_row[at] = static_cast<std::int32_t>(i);
        col_edge[at] = k;
      }
  }

  ShortestPathsResult<Cost> out;
  out.chosen.assign(edges, 0);
  // Potentials: columns 0, rows the least cost of their pairs, sink the least of all.
  out.col_pi.assign(cols, Cost{});
  out.row_pi.assign(rows, Cost{});
  Cost sink_pi{};
  for (std::size_t i = 0; i < rows; ++i) {
    for (std::int64_t k = g.row_offset[i]; k < g.row_offset[i + 1]; ++k) {
      const Cost c = cost[static_cast<std::size_t>(k)];
      if (k == g.row_offset[i] || c < out.row_pi[i]) out.row_pi[i] = c;
    }
    if (out.row_pi[i] < sink_pi) sink_pi = out.row_pi[i];
  }

  // Used pairs per row (a row's used pairs are few: at most its capacity).
  std::vector<std::vector<std::int64_t>> row_used(rows);
  std::vector<std::int64_t> row_load(rows, 0);

  // Dijkstra state, reset lazily through the list of touched nodes. Node ids: columns
  // 0..cols-1, rows cols..cols+rows-1.
  const std::size_t nodes = cols + rows;
  std::vector<Cost> dist(nodes);
  std::vector<char> state(nodes, 0);  // 0 untouched, 1 in heap, 2 labelled
  std::vector<std::int64_t> via_edge(nodes, -1);  // the edge the best path arrived by
  std::vector<std::size_t> touched;
  using Item = std::pair<Cost, std::size_t>;
  const auto later = [](const Item& a, const Item& b) { return b.first < a.first; };
  std::vector<Item> heap;
  std::vector<std::size_t> labelled;

  for (std::size_t j0 = 0; j0 < cols; ++j0) {
    std::int64_t supply = col_capacity[j0];
    while (supply > 0) {
      touched.clear();
      heap.clear();
      dist[j0] = Cost{};
      state[j0] = 1;
      touched.push_back(j0);
      heap.emplace_back(Cost{}, j0);
      // Best known distance to the sink and the node it comes from: a row with room, or a column
      // by its direct arc (giving up one of its units; j0 itself: its units stay unused).
      Cost best = Cost{} + out.col_pi[j0] - sink_pi;  // the direct arc j0 -> T, cost 0
      std::size_t best_node = j0;
      labelled.clear();
      while (!heap.empty()) {
        std::pop_heap(heap.begin(), heap.end(), later);
        const auto [d, v] = heap.back();
        heap.pop_back();
        if (state[v] == 2 || dist[v] < d) continue;
        if (!(d < best)) break;  // the sink is closer than anything left
        state[v] = 2;
        labelled.push_back(v);
        const auto relax = [&](std::size_t w, Cost nd, std::int64_t edge) {
          if (state[w] == 2) return;
          if (state[w] == 0 || nd < dist[w]) {
            if (state[w] == 0) touched.push_back(w);
            state[w] = 1;
            dist[w] = nd;
            via_edge[w] = edge;
            heap.emplace_back(nd, w);
            std::push_heap(heap.begin(), heap.end(), later);
          }
        };
        if (v < cols) {  // a column: its direct arc, and unused pairs to rows
          const Cost pj = out.col_pi[v];
          if (v != j0) {  // reached by releasing a used pair, so its direct arc has room
            const Cost to_sink = d + pj - sink_pi;
            if (to_sink < best) {
              best = to_sink;
              best_node = v;
            }
          }
          for (std::int64_t q = col_start[v]; q < col_start[v + 1]; ++q) {
            const auto k = static_cast<std::size_t>(col_edge[static_cast<std::size_t>(q)]);
            if (out.chosen[k]) continue;
            const auto i = static_cast<std::size_t>(col_row[static_cast<std::size_t>(q)]);
            relax(cols + i, d + cost[k] + pj - out.row_pi[i], static_cast<std::int64_t>(k));
          }
        } else {  // a row: the sink while it has room, and back along its used pairs
          const std::size_t i = v - cols;
          const Cost pi = out.row_pi[i];
          if (row_load[i] < row_capacity[i]) {
            const Cost to_sink = d + pi - sink_pi;
            if (to_sink < best) {
              best = to_sink;
              best_node = v;
            }
          }
          for (const std::int64_t k : row_used[i]) {
            const auto j = static_cast<std::size_t>(g.col_index[static_cast<std::size_t>(k)]);
            relax(j, d - cost[static_cast<std::size_t>(k)] + pi - out.col_pi[j], k);
          }
        }
      }

      // Potentials: pi += dist - best on the labelled nodes (all closer than the sink), the
      // others and the sink unchanged (pi + min(dist, best), shifted by -best): reduced costs on
      // the path become 0 and stay >= 0 everywhere.
      for (const std::size_t v : labelled) {
        const Cost delta = dist[v] - best;
        if (v < cols) {
          out.col_pi[v] += delta;
        } else {
          out.row_pi[v - cols] += delta;
        }
      }
      for (const std::size_t v : touched) state[v] = 0;

      if (best_node == j0) {  // the direct arc: every remaining unit of j0 stays unused
        supply = 0;
        break;
      }
      // Augment one unit back from best_node to j0, flipping pairs along the way.
      std::size_t v = best_node;
      if (v >= cols) ++row_load[v - cols];
      while (v != j0) {
        const auto k = static_cast<std::size_t>(via_edge[v]);
        if (v >= cols) {  // reached row v by the unused pair k from its column: use it
          const std::size_t i = v - cols;
          out.chosen[k] = 1;
          row_used[i].push_back(static_cast<std::int64_t>(k));
          v = static_cast<std::size_t>(g.col_index[k]);
        } else {  // reached column v by releasing the used pair k of some row
          out.chosen[k] = 0;
          const auto i = static_cast<std::size_t>(
              std::upper_bound(g.row_offset.begin(), g.row_offset.end(), static_cast<std::int64_t>(k)) -
              g.row_offset.begin() - 1);
          auto& used = row_used[i];
          used.erase(std::find(used.begin(), used.end(), static_cast<std::int64_t>(k)));
          v = cols + i;
        }
      }
      --supply;
    }
  }
  out.sink_pi = sink_pi;
  return out;
}

}  // namespace tokten::match::detail
