#pragma once
// Sparsify-and-verify: the exact fast path of solve_dense_assignment for large matrices.
//
// THE IDEA
//   The optimal assignment of a large random matrix uses almost only arcs among each row's few
//   cheapest entries (Lee and Orlin observed this for random instances). So, for SQUARE
//   matrices (rectangles return at once: the dense initialisation already solves them fast):
//   1. Select, in one pass over the matrix, a cheap superset of every row's K least allowed
//      entries (the K-th least of 2K chunk minima is a threshold; every entry at or below it is
//      kept, about 1.5 K on random rows; the exact K least when ties would keep more than 6 K)
//      and every column's least entry within each of Kc blocks of rows (so that every column
//      has arcs to rows from all over the matrix).
//   2. Solve the assignment problem on these arcs only (SparseSap: v = column minima over the
//      arcs, u = row minima, greedy tight matches, then successive shortest augmenting paths
//      with a binary-heap Dijkstra over the arcs). A row without an augmenting path over the
//      arcs is left free.
//   3. Verify the dual certificate on the FULL matrix in one vectorised pass: for every row the
//      least c[i][j] - v[j] over all columns must not be below u[i]. Integer input is checked
//      exactly; floating input with the margin 1e-12 (1 + |c| + |u| + |v|), far inside the
//      1e-9 of verify_dense_assignment. For up to 4 rounds: add every violating entry of each
//      violating row (never an arc already present), give that row its new least reduced cost
//      as u[i] and unmatch it (a warm start), and augment those rows over the arcs again.
//      When no entry violates and no row is free, the certificate holds: done.
//   4. Otherwise, repair: every row whose full-row least reduced cost is below u[i] (and every
//      free row) takes it as u[i] and is unmatched; the dense shortest augmenting paths
//      (augment_double) then finish from those rows on the full matrix, exactly as after the
//      JV initialisation.
//   The path gives up (returns false: the caller runs the plain dense solver from scratch)
//   when a row or column has no allowed entry, when the first verification finds more than
//   n / 2 violating entries (geometric costs, for example: the sparse rounds would cost more
//   than they save), or when the dense phase finds no augmenting path (infeasible input: the
//   plain solver then reports it). Forbidden entries (+inf when minimising) never become arcs
//   and are never violations.
//
// COST
//   Validation, selection and one verification pass per round over the matrix (usually one or
//   two), plus the sparse solves on about n (1.5 K + Kc) arcs. Extra memory O(n K + m Kc),
//   at most n m / 16 arcs.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

#include "tokten/match/dense_assignment.hpp"

namespace tokten::match::detail {

struct SparsifyArc {
  std::int64_t col;
  double w;  // the cost in the work sense (Neg ? -c : c)
};

template <bool Neg, class T>
inline double work_value(const T* row, std::ptrdiff_t j) {
  const double c = static_cast<double>(row[j]);
  return Neg ? -c : c;
}

// The K least finite work values of a row (fewer when the row has fewer allowed entries),
// appended to `out`; the scan starts at column `start` and wraps, ties keep the first met.
template <bool Neg, class T>
void select_row_least(const T* row, std::ptrdiff_t m, std::ptrdiff_t start, int K,
                      SparsifyArc* buf, std::vector<SparsifyArc>& out) {
  const double inf = std::numeric_limits<double>::infinity();
  int cnt = 0;
  double thr = inf;
  auto visit = [&](std::ptrdiff_t j) {
    const double w = work_value<Neg>(row, j);
    if (!(w < thr)) return;
    int p = cnt < K ? cnt++ : K - 1;
    while (p > 0 && buf[p - 1].w > w) {
      buf[p] = buf[p - 1];
      --p;
    }
    buf[p] = {j, w};
    if (cnt == K) thr = buf[K - 1].w;
  };
  auto segment = [&](std::ptrdiff_t j0, std::ptrdiff_t j1) {
    std::ptrdiff_t j = j0;
#ifdef TOKTEN_DENSE_VECTOR_SCAN
    for (; j + 4 <= j1; j += 4) {
      const tokten_v2d t2 = {thr, thr};
      const tokten_v2l hit = (load2<Neg>(row + j) < t2) | (load2<Neg>(row + j + 2) < t2);
      if ((hit[0] | hit[1]) == 0) continue;
      for (std::ptrdiff_t l = j; l < j + 4; ++l) visit(l);
    }
#endif
    for (; j < j1; ++j) visit(j);
  };
  segment(start, m);
  segment(0, start);
  out.insert(out.end(), buf, buf + cnt);
}

// The least work value of row[0 .. len).
template <bool Neg, class T>
inline double chunk_min(const T* row, std::ptrdiff_t len) {
  const double inf = std::numeric_limits<double>::infinity();
  double mn = inf;
  std::ptrdiff_t k = 0;
#ifdef TOKTEN_DENSE_VECTOR_SCAN
  tokten_v2d a = {inf, inf}, b = a;
  for (; k + 4 <= len; k += 4) {
    const tokten_v2d wa = load2<Neg>(row + k), wb = load2<Neg>(row + k + 2);
    a = wa < a ? wa : a;
    b = wb < b ? wb : b;
  }
  a = b < a ? b : a;
  mn = a[0] < a[1] ? a[0] : a[1];
#endif
  for (; k < len; ++k) {
    const double w = work_value<Neg>(row, k);
    mn = w < mn ? w : mn;
  }
  return mn;
}

// A cheap superset of a row's K least entries: the row is cut into 2K chunks, the K-th least
// chunk minimum is a threshold t with at least K entries <= t, and every entry <= t is kept
// (about 1.5 K on random rows; scan from `start`, wrapping). When that would exceed 6 K entries
// (heavy ties, sorted rows) or the row has fewer than K finite chunk minima, the exact K least
// are taken instead (select_row_least).
template <bool Neg, class T>
void select_row_cheap(const T* row, std::ptrdiff_t m, std::ptrdiff_t start, int K,
                      std::vector<double>& mins, std::vector<SparsifyArc>& buf,
                      std::vector<SparsifyArc>& out) {
  const double inf = std::numeric_limits<double>::infinity();
  const std::ptrdiff_t G = 2 * static_cast<std::ptrdiff_t>(K);
  const std::ptrdiff_t cs = (m + G - 1) / G;
  mins.clear();
  for (std::ptrdiff_t j = 0; j < m; j += cs) mins.push_back(chunk_min<Neg>(row + j, std::min(cs, m - j)));
  const std::size_t before = out.size();
  if (static_cast<std::ptrdiff_t>(mins.size()) >= K) {
    std::nth_element(mins.begin(), mins.begin() + (K - 1), mins.end());
    const double thr = mins[static_cast<std::size_t>(K - 1)];
    if (thr < inf) {
      const std::size_t cap = before + 6 * static_cast<std::size_t>(K);
      bool over = false;
      auto segment = [&](std::ptrdiff_t j0, std::ptrdiff_t j1) {
        std::ptrdiff_t j = j0;
        auto visit = [&](std::ptrdiff_t l) {
          const double w = work_value<Neg>(row, l);
          if (w <= thr) out.push_back({l, w});
        };
#ifdef TOKTEN_DENSE_VECTOR_SCAN
        const tokten_v2d t2 = {thr, thr};
        for (; j + 4 <= j1 && !over; j += 4) {
          const tokten_v2l hit = (load2<Neg>(row + j) <= t2) | (load2<Neg>(row + j + 2) <= t2);
          if ((hit[0] | hit[1]) == 0) continue;
          for (std::ptrdiff_t l = j; l < j + 4; ++l) visit(l);
          over = out.size() > cap;
        }
#endif
        for (; j < j1 && !over; ++j) {
          visit(j);
          over = out.size() > cap;
        }
      };
      segment(start, m);
      if (!over) segment(0, start);
      if (!over) return;
    }
  }
  out.resize(before);
  buf.resize(static_cast<std::size_t>(K));
  select_row_least<Neg>(row, m, start, K, buf.data(), out);
}

// One row of the blocked column minima: cp[j] = min(cp[j], w[j]) with ap[j] = ii where it
// improved (ties keep the earlier row). Branch-free.
template <bool Neg, class T>
void column_min_row(const T* row, double* cp, std::int64_t* ap, std::ptrdiff_t m,
                    std::int64_t ii) {
#ifdef TOKTEN_DENSE_VECTOR_SCAN
  double unused = 0.0;
  column_reduce_row<Neg>(row, cp, ap, m, ii, unused);
#else
  for (std::ptrdiff_t j = 0; j < m; ++j) {
    const double w = work_value<Neg>(row, j);
    const bool lt = w < cp[j];
    cp[j] = lt ? w : cp[j];
    ap[j] = lt ? ii : ap[j];
  }
#endif
}

// min over j of (w[j] - v[j] + (Tol ? eps (|w[j]| + av[j]) : 0)), av = |v|; forbidden entries
// (w = +inf) give +inf. One branch-free pass (SSE2 under GCC).
template <bool Neg, bool Tol, class T>
double row_min_slack(const T* row, const double* vp, const double* avp, std::ptrdiff_t m,
                     double eps) {
  const double inf = std::numeric_limits<double>::infinity();
  double mn = inf;
  std::ptrdiff_t k = 0;
#ifdef TOKTEN_DENSE_VECTOR_SCAN
  {
    tokten_v2d a = {inf, inf}, b = a;
    const tokten_v2d e2 = {eps, eps};
    const tokten_v2l absmask = {0x7fffffffffffffffLL, 0x7fffffffffffffffLL};
    for (; k + 4 <= m; k += 4) {
      tokten_v2d va, vb;
      std::memcpy(&va, vp + k, sizeof va);
      std::memcpy(&vb, vp + k + 2, sizeof vb);
      const tokten_v2d wa = load2<Neg>(row + k), wb = load2<Neg>(row + k + 2);
      tokten_v2d ga = wa - va, gb = wb - vb;
      if constexpr (Tol) {
        tokten_v2d aa, ab;
        std::memcpy(&aa, avp + k, sizeof aa);
        std::memcpy(&ab, avp + k + 2, sizeof ab);
        ga += e2 * ((tokten_v2d)((tokten_v2l)wa & absmask) + aa);
        gb += e2 * ((tokten_v2d)((tokten_v2l)wb & absmask) + ab);
      }
      a = ga < a ? ga : a;
      b = gb < b ? gb : b;
    }
    a = b < a ? b : a;
    mn = a[0] < a[1] ? a[0] : a[1];
  }
#endif
  for (; k < m; ++k) {
    const double w = work_value<Neg>(row, k);
    double g = w - vp[k];
    if constexpr (Tol) g += eps * (std::fabs(w) + avp[k]);
    mn = g < mn ? g : mn;
  }
  (void)avp;
  (void)eps;
  return mn;
}

// Successive shortest augmenting paths on arcs in CSR form (rows n <= columns m), in the work
// sense (minimise), double potentials: reduced costs w - u[i] - v[j] >= 0 on every arc, zero on
// the matched ones.
struct SparseSap {
  std::ptrdiff_t n = 0, m = 0;
  std::vector<std::int64_t> off;     // n + 1
  std::vector<SparsifyArc> arcs;
  std::vector<double> u, v;
  std::vector<std::int64_t> x, y;    // col4row, row4col
  std::vector<double> dist;
  std::vector<std::int64_t> pred;
  std::vector<char> done;
  std::vector<std::int64_t> touched, labelled;
  std::vector<std::pair<double, std::int64_t>> heap;

  void prepare() {
    const double inf = std::numeric_limits<double>::infinity();
    dist.assign(static_cast<std::size_t>(m), inf);
    pred.assign(static_cast<std::size_t>(m), -1);
    done.assign(static_cast<std::size_t>(m), 0);
  }

  // A cold start: square: v = column minima over the arcs; rectangles: v = 0 (the larger
  // side's conditions then hold throughout). u[i] = the least reduced cost of row i, and row i
  // takes a free tight column if there is one. Returns false when a row (or, square, a column)
  // has no arc; `free_rows` gets the rows left free.
  bool cold_start(std::vector<std::int64_t>& free_rows) {
    const double inf = std::numeric_limits<double>::infinity();
    u.assign(static_cast<std::size_t>(n), 0.0);
    x.assign(static_cast<std::size_t>(n), -1);
    y.assign(static_cast<std::size_t>(m), -1);
    free_rows.clear();
    if (n == m) {
      v.assign(static_cast<std::size_t>(m), inf);
      for (const SparsifyArc& a : arcs)
        if (a.w < v[static_cast<std::size_t>(a.col)]) v[static_cast<std::size_t>(a.col)] = a.w;
      for (const double vj : v)
        if (!(vj < inf)) return false;
    } else {
      v.assign(static_cast<std::size_t>(m), 0.0);
    }
    for (std::ptrdiff_t i = 0; i < n; ++i) {
      double best = inf;
      for (std::int64_t k = off[i]; k < off[i + 1]; ++k) {
        const double r = arcs[k].w - v[static_cast<std::size_t>(arcs[k].col)];
        best = r < best ? r : best;
      }
      if (!(best < inf)) return false;
      u[static_cast<std::size_t>(i)] = best;
      std::int64_t pick = -1;
      for (std::int64_t k = off[i]; k < off[i + 1]; ++k) {
        const std::int64_t j = arcs[k].col;
        if (y[static_cast<std::size_t>(j)] < 0 &&
            arcs[k].w - v[static_cast<std::size_t>(j)] == best) {
          pick = j;
          break;
        }
      }
      if (pick >= 0) {
        x[static_cast<std::size_t>(i)] = pick;
        y[static_cast<std::size_t>(pick)] = i;
      } else {
        free_rows.push_back(i);
      }
    }
    return true;
  }

  // One Dijkstra search from the free row s over the arcs, then the dual update and the
  // augmentation. Returns false when no augmenting path exists.
  bool augment(std::int64_t s) {
    const double inf = std::numeric_limits<double>::infinity();
    touched.clear();
    labelled.clear();
    heap.clear();
    auto cmp = [](const std::pair<double, std::int64_t>& a,
                  const std::pair<double, std::int64_t>& b) { return a > b; };
    std::int64_t sink = -1;
    double mu = 0.0;
    bool ok = false;
    auto scan = [&](std::int64_t i, double di) -> bool {
      const double base = di - u[static_cast<std::size_t>(i)];
      for (std::int64_t k = off[i]; k < off[i + 1]; ++k) {
        const std::size_t j = static_cast<std::size_t>(arcs[k].col);
        if (done[j]) continue;
        const double nd = base + arcs[k].w - v[j];
        if (nd < dist[j]) {
          if (dist[j] == inf) touched.push_back(static_cast<std::int64_t>(j));
          dist[j] = nd;
          pred[j] = i;
          if (y[j] < 0 && nd <= di) {
            // A free column at the current distance: nothing can beat it.
            done[j] = 1;
            sink = static_cast<std::int64_t>(j);
            mu = di;
            ok = true;
            return true;
          }
          heap.emplace_back(nd, static_cast<std::int64_t>(j));
          std::push_heap(heap.begin(), heap.end(), cmp);
        }
      }
      return false;
    };
    scan(s, 0.0);
    while (!ok && !heap.empty()) {
      std::pop_heap(heap.begin(), heap.end(), cmp);
      const auto [d, j] = heap.back();
      heap.pop_back();
      const std::size_t jj = static_cast<std::size_t>(j);
      if (done[jj] || d > dist[jj]) continue;
      done[jj] = 1;
      if (y[jj] < 0) {
        sink = j;
        mu = d;
        ok = true;
        break;
      }
      labelled.push_back(j);
      if (scan(y[jj], d)) break;
    }
    if (ok) {
      u[static_cast<std::size_t>(s)] += mu;
      for (const std::int64_t l : labelled) {
        const std::size_t ll = static_cast<std::size_t>(l);
        const double delta = mu - dist[ll];
        v[ll] -= delta;
        u[static_cast<std::size_t>(y[ll])] += delta;
      }
      for (std::int64_t c = sink;;) {
        const std::int64_t i = pred[static_cast<std::size_t>(c)];
        const std::int64_t next = x[static_cast<std::size_t>(i)];
        x[static_cast<std::size_t>(i)] = c;
        y[static_cast<std::size_t>(c)] = i;
        if (i == s) break;
        c = next;
      }
    }
    for (const std::int64_t t : touched) {
      dist[static_cast<std::size_t>(t)] = inf;
      done[static_cast<std::size_t>(t)] = 0;
    }
    return ok;
  }
};

// The sparsify-and-verify path (see the top of this file) on the oriented kernel matrix (rows
// n <= columns m, row i at data + i * ld). On success fills u, v (ORIGINAL sense), col4row,
// row4col and returns true; false means "not solved here" (the caller solves densely).
template <bool Neg, class T>
bool solve_sparsified(const T* data, std::ptrdiff_t ld, std::ptrdiff_t n, std::ptrdiff_t m,
                      int K, int Kcol, std::vector<double>& u_out, std::vector<double>& v_out,
                      std::vector<std::int64_t>& col4row, std::vector<std::int64_t>& row4col) {
  const double inf = std::numeric_limits<double>::infinity();
  if (K < 1 || n < 1 || n != m || m <= 2 * static_cast<std::ptrdiff_t>(K)) return false;
  const bool square = true;
  constexpr bool exact = !std::is_floating_point_v<T>;
  const double eps = 1e-12;
  const std::size_t nn = static_cast<std::size_t>(n), mm = static_cast<std::size_t>(m);
  auto start_of = [&](std::ptrdiff_t i) {
    return static_cast<std::ptrdiff_t>((static_cast<std::uint64_t>(i) * 0x9E3779B97F4A7C15ULL >> 20) %
                                       static_cast<std::uint64_t>(m));
  };

  // 1. Selection: a cheap superset of each row's K least entries and, square, each column's
  //    least entry within each of Kc blocks of rows.
  SparseSap S;
  S.n = n;
  S.m = m;
  std::vector<SparsifyArc> picked;
  picked.reserve(nn * static_cast<std::size_t>(2 * K));
  std::vector<std::int64_t> cnt(nn, 0);
  std::vector<SparsifyArc> buf;
  std::vector<double> mins;
  const int Kc = square ? std::max(Kcol, 1) : 0;
  std::vector<double> cw;
  std::vector<std::int64_t> cr;
  if (square) {
    cw.assign(mm * static_cast<std::size_t>(Kc), inf);
    cr.assign(mm * static_cast<std::size_t>(Kc), -1);
  }
  for (std::ptrdiff_t i = 0; i < n; ++i) {
    const T* row = data + i * ld;
    const std::size_t before = picked.size();
    select_row_cheap<Neg>(row, m, start_of(i), K, mins, buf, picked);
    cnt[static_cast<std::size_t>(i)] = static_cast<std::int64_t>(picked.size() - before);
    if (square) {
      const std::size_t b = static_cast<std::size_t>(i * Kc / n);
      column_min_row<Neg>(row, cw.data() + b * mm, cr.data() + b * mm, m, i);
    }
  }
  // CSR: each row's selected arcs, then (square) the column minima not already there.
  std::vector<std::int64_t> mark(mm, -1);  // mark[j] == i: (i, j) is an arc
  {
    std::vector<std::int64_t> ecnt;
    std::vector<SparsifyArc> extra;
    if (square) {
      ecnt.assign(nn + 1, 0);
      for (const std::int64_t r : cr)
        if (r >= 0) ++ecnt[static_cast<std::size_t>(r) + 1];
      for (std::size_t i = 0; i < nn; ++i) ecnt[i + 1] += ecnt[i];
      extra.resize(static_cast<std::size_t>(ecnt[nn]));
      std::vector<std::int64_t> pos(ecnt.begin(), ecnt.end() - 1);
      for (std::size_t q = 0; q < cr.size(); ++q) {
        const std::int64_t r = cr[q];
        if (r >= 0)
          extra[static_cast<std::size_t>(pos[static_cast<std::size_t>(r)]++)] = {
              static_cast<std::int64_t>(q % mm), cw[q]};
      }
    }
    S.off.assign(nn + 1, 0);
    S.arcs.reserve(picked.size() + extra.size());
    std::size_t p = 0;
    for (std::ptrdiff_t i = 0; i < n; ++i) {
      const std::size_t c = static_cast<std::size_t>(cnt[static_cast<std::size_t>(i)]);
      for (std::size_t q = 0; q < c; ++q) {
        S.arcs.push_back(picked[p + q]);
        mark[static_cast<std::size_t>(picked[p + q].col)] = i;
      }
      p += c;
      if (square)
        for (std::int64_t q = ecnt[static_cast<std::size_t>(i)];
             q < ecnt[static_cast<std::size_t>(i) + 1]; ++q) {
          const SparsifyArc& a = extra[static_cast<std::size_t>(q)];
          if (mark[static_cast<std::size_t>(a.col)] != i) {
            S.arcs.push_back(a);
            mark[static_cast<std::size_t>(a.col)] = i;
          }
        }
      S.off[static_cast<std::size_t>(i) + 1] = static_cast<std::int64_t>(S.arcs.size());
    }
  }
  std::vector<SparsifyArc>().swap(picked);
  std::vector<double>().swap(cw);
  std::vector<std::int64_t>().swap(cr);

  // 2. Solve on the arcs. A row without an augmenting path over the arcs stays free.
  std::vector<std::int64_t> free_rows, left;
  if (!S.cold_start(free_rows)) return false;
  S.prepare();
  for (const std::int64_t s : free_rows)
    if (!S.augment(s)) left.push_back(s);

  // 3. Verify on the full matrix; add the violating entries of the violating rows (never an
  //    arc already present), unmatch those rows (their new least reduced cost becomes u[i]) and
  //    augment again over the arcs, for a few rounds.
  const std::size_t max_arcs = std::max<std::size_t>(nn * mm / 16, S.arcs.size() + nn);
  std::vector<double> av(mm);
  std::vector<std::pair<std::int64_t, SparsifyArc>> added;  // (row, arc), rows ascending
  for (int round = 0; round < 4; ++round) {
    for (std::size_t j = 0; j < mm; ++j) av[j] = std::fabs(S.v[j]);
    added.clear();
    for (std::ptrdiff_t i = 0; i < n; ++i) {
      const T* row = data + i * ld;
      const double ui = S.u[static_cast<std::size_t>(i)];
      const double thr = exact ? ui : ui - eps * (1.0 + std::fabs(ui));
      const double mn = row_min_slack<Neg, !exact>(row, S.v.data(), av.data(), m, eps);
      if (!(mn < thr)) continue;
      for (std::int64_t k = S.off[static_cast<std::size_t>(i)]; k < S.off[static_cast<std::size_t>(i) + 1]; ++k)
        mark[static_cast<std::size_t>(S.arcs[static_cast<std::size_t>(k)].col)] = i;
      for (std::ptrdiff_t j = 0; j < m; ++j) {
        const double w = work_value<Neg>(row, j);
        double g = w - S.v[static_cast<std::size_t>(j)];
        if (!exact) g += eps * (std::fabs(w) + av[static_cast<std::size_t>(j)]);
        if (g < thr && mark[static_cast<std::size_t>(j)] != i) added.push_back({i, {j, w}});
      }
    }
    if (added.empty() && left.empty()) {
      const double sg = Neg ? -1.0 : 1.0;
      u_out.resize(nn);
      v_out.resize(mm);
      for (std::size_t i = 0; i < nn; ++i) u_out[i] = sg * S.u[i] + 0.0;
      for (std::size_t j = 0; j < mm; ++j) v_out[j] = sg * S.v[j] + 0.0;
      col4row = std::move(S.x);
      row4col = std::move(S.y);
      return true;
    }
    // Many violations (geometric costs, for example) mean many expensive sparse rounds: the
    // plain dense solver is faster then.
    if (round == 0 && added.size() > nn / 2) return false;
    if (added.empty() || S.arcs.size() + added.size() > max_arcs) break;
    // Merge the new arcs into the CSR.
    {
      std::vector<SparsifyArc> arcs2;
      arcs2.reserve(S.arcs.size() + added.size());
      std::vector<std::int64_t> off2(nn + 1, 0);
      std::size_t p = 0;
      for (std::ptrdiff_t i = 0; i < n; ++i) {
        arcs2.insert(arcs2.end(), S.arcs.begin() + S.off[static_cast<std::size_t>(i)],
                     S.arcs.begin() + S.off[static_cast<std::size_t>(i) + 1]);
        while (p < added.size() && added[p].first == i) arcs2.push_back(added[p++].second);
        off2[static_cast<std::size_t>(i) + 1] = static_cast<std::int64_t>(arcs2.size());
      }
      S.arcs.swap(arcs2);
      S.off.swap(off2);
    }
    // Warm start: a row with new arcs takes its least reduced cost and is unmatched.
    free_rows.swap(left);
    left.clear();
    std::int64_t last = -1;
    for (const auto& pr : added) {
      const std::int64_t i = pr.first;
      if (i == last) continue;
      last = i;
      const std::size_t ii = static_cast<std::size_t>(i);
      double best = inf;
      for (std::int64_t k = S.off[ii]; k < S.off[ii + 1]; ++k) {
        const double r = S.arcs[static_cast<std::size_t>(k)].w -
                         S.v[static_cast<std::size_t>(S.arcs[static_cast<std::size_t>(k)].col)];
        best = r < best ? r : best;
      }
      S.u[ii] = best;
      const std::int64_t j = S.x[ii];
      if (j >= 0) {
        S.y[static_cast<std::size_t>(j)] = -1;
        S.x[ii] = -1;
        free_rows.push_back(i);
      }
    }
    for (const std::int64_t s : free_rows)
      if (!S.augment(s)) left.push_back(s);
  }

  // 4. Repair on the full matrix: every row takes u[i] = min_j c[i][j] - v[j] when that is
  //    below its u[i] (a matched row is then unmatched) or when it is free; the dense shortest
  //    augmenting paths then finish from the rows left free.
  free_rows.clear();
  for (std::ptrdiff_t i = 0; i < n; ++i) {
    const std::size_t ii = static_cast<std::size_t>(i);
    const double ui = S.u[ii];
    const double mn = row_min_slack<Neg, false>(data + i * ld, S.v.data(), nullptr, m, 0.0);
    if (!(mn < inf)) return false;  // an all-forbidden row
    const std::int64_t j = S.x[ii];
    if (j < 0) {
      S.u[ii] = mn;
      free_rows.push_back(i);
    } else if (mn < (exact ? ui : ui - eps * (1.0 + std::fabs(ui)))) {
      S.u[ii] = mn;
      S.y[static_cast<std::size_t>(j)] = -1;
      S.x[ii] = -1;
      free_rows.push_back(i);
    }
  }
  std::vector<SparsifyArc>().swap(S.arcs);
  const bool ok = augment_double<Neg>(data, ld, n, m, S.u, S.v, S.x, S.y, free_rows);
  if (!ok) return false;
  const double sg = Neg ? -1.0 : 1.0;
  u_out.resize(nn);
  v_out.resize(mm);
  for (std::size_t i = 0; i < nn; ++i) u_out[i] = sg * S.u[i] + 0.0;
  for (std::size_t j = 0; j < mm; ++j) v_out[j] = sg * S.v[j] + 0.0;
  col4row = std::move(S.x);
  row4col = std::move(S.y);
  return true;
}

}  // namespace tokten::match::detail
