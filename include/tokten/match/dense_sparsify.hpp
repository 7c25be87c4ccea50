#pragma once
// Sparsify-and-verify: the exact fast path of solve_dense_assignment for large matrices.
//
// THE IDEA
//   The optimal assignment of a large random matrix uses almost only arcs among each row's few
//   cheapest entries (Lee and Orlin observed this for random instances). So, for SQUARE
//   matrices (and rectangles when DenseOptions::sparsify_rect_min_size asks for it; off by
//   default, the dense initialisation already solves 1:2 rectangles about as fast):
//   1. Select, in one pass over the matrix, a cheap superset of every row's K least allowed
//      entries (the K-th least of 2K chunk minima is a threshold; every entry at or below it is
//      kept, about 1.5 K on random rows, only the chunks whose minimum is at or below it are
//      scanned again; entries tied at the threshold are dropped when at least K / 2 lie below
//      it; the exact K least when ties would keep more than 6 K) and, square, every column's
//      least entry within each of Kc blocks of rows (so that every column has arcs to rows
//      from all over the matrix). The same pass validates the input (fused_select_scan: NaN
//      or the wrong infinity, integers outside [-2^40, 2^40)); solve_dense_assignment runs its
//      own validation pass only when this path gives up.
//   2. Solve the assignment problem on these arcs only, with THE sparse kernel of
//      sparse_assignment.hpp (no second implementation here): its Jonker-Volgenant start on
//      the arcs, then its warm-startable shortest augmenting paths (augment_free_rows, a
//      binary-heap Dijkstra over the arcs). A row without an augmenting path over the arcs is
//      left free.
//   3. Verify the dual certificate on the FULL matrix in one vectorised pass: for every row the
//      least c[i][j] - v[j] over all columns must not be below u[i]. Integer input is checked
//      exactly; floating input with the margin 1e-12 (1 + |c| + |u| + |v|), far inside the
//      1e-9 of verify_dense_assignment. For up to kSparsifyRounds (8) rounds: add the K most
//      violated entries of each violating row (never an arc already present; adding all of
//      them floods geometric instances with arcs that are no longer violated a round later),
//      give that row its new least reduced cost as u[i] and unmatch it (a warm start), and
//      augment those rows over the arcs again. v only falls between rounds, so after the first
//      round only the rows whose u rose since they last passed are scanned again. When no
//      entry violates and no row is free, the
//      certificate holds: done. Geometric costs (distances of random points) need about five
//      rounds (n = 2000: 6204 -> 10163 -> 4125 -> 451 -> 40 -> 0 added arcs).
//   RECTANGLES (n < m rows are the smaller side): the kernel's rectangular scheme instead
//   (shortest_augmenting_paths of sparse_assignment.hpp: v = 0, row reduction, greedy start,
//   Dijkstra), which keeps the larger side's potentials <= 0 and exactly 0 where unmatched.
//   Unmatching a row would free a column with v < 0, so after a round that adds arcs the
//   rectangle is re-solved from scratch on the larger arc set (every row is verified again);
//   a row without an augmenting path over the arcs, or no certificate after kSparsifyRounds,
//   hands the matrix to the plain dense solver (no dense repair).
//   4. Otherwise (squares), repair: every row whose full-row least reduced cost is below u[i] (and every
//      free row) takes it as u[i] and is unmatched; the dense shortest augmenting paths
//      (augment_double) then finish from those rows on the full matrix, exactly as after the
//      JV initialisation.
//   The path gives up (returns false: the caller runs the plain dense solver from scratch)
//   when a row or column has no allowed entry, or when the dense phase finds no augmenting
//   path (infeasible input: the plain solver then reports it). Forbidden entries (+inf when
//   minimising) never become arcs and are never violations.
//
// COST
//   One fused validation and selection pass over the matrix, one full verification pass, then
//   per further round only the rows whose u rose (one or two rounds on uniform and integer
//   costs, about six on geometric ones), plus the sparse solves on about n (1.5 K + Kc) arcs. Extra memory O(n K + m Kc),
//   at most n m / 16 arcs.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

#include "tokten/match/dense_assignment.hpp"
#include "tokten/match/sparse_assignment.hpp"

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

// The chunk length of select_row_cheap: the row is cut into 2K chunks.
inline std::ptrdiff_t select_chunk_size(std::ptrdiff_t m, int K) {
  const std::ptrdiff_t G = 2 * static_cast<std::ptrdiff_t>(K);
  return (m + G - 1) / G;
}

// A cheap superset of a row's K least entries: the row is cut into 2K chunks, the K-th least
// chunk minimum is a threshold t with at least K entries <= t, and every entry <= t is kept
// (about 1.5 K on random rows; scan from `start`, wrapping). When that would exceed 6 K entries
// (heavy ties, sorted rows) or the row has fewer than K finite chunk minima, the exact K least
// are taken instead (select_row_least).
template <bool Neg, class T>
void select_row_cheap(const T* row, std::ptrdiff_t m, std::ptrdiff_t start, int K,
                      std::vector<double>& mins, std::vector<SparsifyArc>& buf,
                      std::vector<SparsifyArc>& out, bool have_mins = false) {
  const double inf = std::numeric_limits<double>::infinity();
  const std::ptrdiff_t cs = select_chunk_size(m, K);
  if (!have_mins) {
    mins.clear();
    for (std::ptrdiff_t j = 0; j < m; j += cs)
      mins.push_back(chunk_min<Neg>(row + j, std::min(cs, m - j)));
  }
  const std::size_t before = out.size();
  const std::size_t nc = mins.size();  // chunk c covers [c cs, min(m, (c + 1) cs))
  if (static_cast<std::ptrdiff_t>(nc) >= K) {
    // The K-th least chunk minimum, on a copy (mins keeps the chunk order).
    mins.insert(mins.end(), mins.begin(), mins.begin() + static_cast<std::ptrdiff_t>(nc));
    const auto sel = mins.begin() + static_cast<std::ptrdiff_t>(nc);
    std::nth_element(sel, sel + (K - 1), mins.end());
    const double thr = sel[K - 1];
    mins.resize(nc);
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
      // Only the chunks whose minimum is <= thr hold kept entries (about half of them); the
      // scan starts at the chunk of `start` and wraps.
      const std::size_t c0 = static_cast<std::size_t>(start / cs);
      for (std::size_t q = 0; q < nc && !over; ++q) {
        const std::size_t c = (c0 + q) % nc;
        if (mins[c] <= thr)
          segment(static_cast<std::ptrdiff_t>(c) * cs,
                  std::min(m, static_cast<std::ptrdiff_t>(c + 1) * cs));
      }
      if (!over) {
        // Ties at the threshold (small integer costs): when at least K / 2 entries lie strictly
        // below it and two or more sit on it, the tied ones are dropped; a row with many
        // equally cheap arcs only slows the sparse searches (the verification restores any
        // that matter).
        std::size_t below = 0;
        for (std::size_t q = before; q < out.size(); ++q) below += out[q].w < thr;
        const std::size_t tied = out.size() - before - below;
        if (tied >= 2 && 2 * below >= static_cast<std::size_t>(K)) {
          std::size_t w = before;
          for (std::size_t q = before; q < out.size(); ++q)
            if (out[q].w < thr) out[w++] = out[q];
          out.resize(w);
        }
        return;
      }
    }
  }
  out.resize(before);
  buf.resize(static_cast<std::size_t>(K));
  select_row_least<Neg>(row, m, start, K, buf.data(), out);
}

// The validation of one row, fused into the selection pass (solve_dense_assignment runs the
// sparsify path before its own validation pass and validates only when the path gives up):
// floating rows must hold no NaN, no -inf in the work sense and no finite |c| >= 2^997 (the
// selection pass tests c * 2^27 - c * 2^27, which is 0 unless one of these is there, and calls
// this exact scan only then); integer rows must have every |c| <= 2^40
// (the bound of the path's exact double arithmetic).
template <bool Neg, class T>
bool row_valid(const T* row, std::ptrdiff_t m) {
  if constexpr (std::is_floating_point_v<T>) {
    // Reached only for a row whose fused check saw something (rare): one exact scan.
    const double inf = std::numeric_limits<double>::infinity();
    const double bad = Neg ? inf : -inf;
    for (std::ptrdiff_t l = 0; l < m; ++l) {
      const double x = static_cast<double>(row[l]);
      if (x != x || x == bad) return false;
      if (x != -bad && std::fabs(x) >= kMaxFiniteEntry) return false;  // too large: validate() says so
    }
    return true;
  } else {
    std::uint64_t bound = 0;
    for (std::ptrdiff_t j = 0; j < m; ++j) {
      const T x = row[j];
      if constexpr (std::is_signed_v<T>) {
        const auto ux = static_cast<std::uint64_t>(static_cast<std::int64_t>(x));
        const std::uint64_t sg = static_cast<std::uint64_t>(static_cast<std::int64_t>(x) >> 63);
        bound |= (ux ^ sg) - sg;
      } else {
        bound |= static_cast<std::uint64_t>(x);
      }
    }
    return bound <= (std::uint64_t{1} << 40);
  }
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

// The fused selection pass over one row: the validation of row_valid (integers: every c in
// [-2^40, 2^40), a conservative bound that sends the rest to the plain path), the chunk minima
// of select_row_cheap (appended to `mins`, chunks of cs) and, when cp is not null, the blocked
// column minima of column_min_row, with one load and conversion per entry. Returns false for
// an invalid row (then mins, cp and ap hold garbage).
template <bool Neg, class T>
bool fused_select_scan(const T* row, std::ptrdiff_t m, std::ptrdiff_t cs,
                       std::vector<double>& mins, double* cp, std::int64_t* ap,
                       std::int64_t ii) {
  const double inf = std::numeric_limits<double>::infinity();
  constexpr bool is_int = !std::is_floating_point_v<T>;
  // Signed 64-bit integers take the vector path (load2's exact conversion holds below 2^51);
  // other integer types the scalar one.
  [[maybe_unused]] constexpr bool i64 = is_int && sizeof(T) == 8 && std::is_signed_v<T>;
  std::uint64_t acc = 0;   // integers: OR of (c + 2^40) as unsigned
  double zs = 0.0;         // floats: sum of (c - c): 0 unless a NaN or an infinity
#ifdef TOKTEN_DENSE_VECTOR_SCAN
  typedef unsigned long long v2u __attribute__((vector_size(16)));  // wrapping arithmetic
  const v2u bias = {1ULL << 40, 1ULL << 40};
  const tokten_v2l ii2 = {ii, ii};
  v2u acc2 = {0, 0};
  tokten_v2d z2 = {0.0, 0.0};
#endif
  auto scalar = [&](std::ptrdiff_t j, double& mn) {
    const T x = row[j];
    if constexpr (is_int) {
      if constexpr (std::is_signed_v<T>)
        acc |= static_cast<std::uint64_t>(static_cast<std::int64_t>(x)) + (std::uint64_t{1} << 40);
      else
        acc |= static_cast<std::uint64_t>(x) + (std::uint64_t{1} << 40) +
               (static_cast<std::uint64_t>(x) >> 63 << 62);
    } else {
      const double d = static_cast<double>(x) * kEntryOverflowScale;  // inf when |x| >= 2^997
      zs += d - d;
    }
    const double w = work_value<Neg>(row, j);
    mn = w < mn ? w : mn;
    if (cp != nullptr) {
      const bool lt = w < cp[j];
      cp[j] = lt ? w : cp[j];
      ap[j] = lt ? ii : ap[j];
    }
  };
  for (std::ptrdiff_t j0 = 0; j0 < m; j0 += cs) {
    const std::ptrdiff_t j1 = std::min(m, j0 + cs);
    std::ptrdiff_t j = j0;
    double mn = inf;
#ifdef TOKTEN_DENSE_VECTOR_SCAN
    if constexpr (!is_int || i64) {
      tokten_v2d a = {inf, inf};
      for (; j + 2 <= j1; j += 2) {
        if constexpr (i64) {
          v2u x;
          std::memcpy(&x, row + j, sizeof x);
          acc2 |= x + bias;
        }
        const tokten_v2d w = load2<Neg>(row + j);
        if constexpr (!is_int) {
          const tokten_v2d scale = {kEntryOverflowScale, kEntryOverflowScale};
          const tokten_v2d t = w * scale;  // inf when |w| >= 2^997
          z2 += t - t;
        }
        a = w < a ? w : a;
        if (cp != nullptr) column_min2(cp + j, ap + j, w, ii2);
      }
      mn = a[0] < a[1] ? a[0] : a[1];
    }
#endif
    for (; j < j1; ++j) scalar(j, mn);
    mins.push_back(mn);
  }
#ifdef TOKTEN_DENSE_VECTOR_SCAN
  acc |= acc2[0] | acc2[1];
  zs += z2[0] + z2[1];
#endif
  if constexpr (is_int) {
    return acc < (std::uint64_t{1} << 41);
  } else {
    if (zs == 0.0) return true;
    return row_valid<Neg>(row, m);  // exact: +inf in the work sense is allowed
  }
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

// Verification rounds before the dense repair (geometric costs need about 5 at n = 2000).
inline constexpr int kSparsifyRounds = 8;

// The kept arcs in CSR form, in the work sense, for the sparse kernel (Neg = false).
struct SparsifyCsr {
  std::vector<std::int64_t> off, col;
  std::vector<double> w;

  void push(const SparsifyArc& a) {
    col.push_back(a.col);
    w.push_back(a.w);
  }
  CsrView<double, std::int64_t> view(std::ptrdiff_t n, std::ptrdiff_t m) const {
    return {n, m, off.data(), col.data(), w.data()};
  }
  // Appends the (row, arc) pairs of `added` (rows ascending) to their rows.
  void merge(const std::vector<std::pair<std::int64_t, SparsifyArc>>& added, std::ptrdiff_t n) {
    const std::size_t nn = static_cast<std::size_t>(n);
    SparsifyCsr b;
    b.off.assign(nn + 1, 0);
    b.col.reserve(col.size() + added.size());
    b.w.reserve(col.size() + added.size());
    std::size_t p = 0;
    for (std::size_t i = 0; i < nn; ++i) {
      b.col.insert(b.col.end(), col.begin() + off[i], col.begin() + off[i + 1]);
      b.w.insert(b.w.end(), w.begin() + off[i], w.begin() + off[i + 1]);
      while (p < added.size() && added[p].first == static_cast<std::int64_t>(i))
        b.push(added[p++].second);
      b.off[i + 1] = static_cast<std::int64_t>(b.col.size());
    }
    *this = std::move(b);
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
  if (K < 1 || n < 1 || n > m || m <= 2 * static_cast<std::ptrdiff_t>(K)) return false;
  const bool square = n == m;
  constexpr bool exact = !std::is_floating_point_v<T>;
  const double eps = 1e-12;
  const std::size_t nn = static_cast<std::size_t>(n), mm = static_cast<std::size_t>(m);
  auto start_of = [&](std::ptrdiff_t i) {
    return static_cast<std::ptrdiff_t>((static_cast<std::uint64_t>(i) * 0x9E3779B97F4A7C15ULL >> 20) %
                                       static_cast<std::uint64_t>(m));
  };

  // 1. Selection: a cheap superset of each row's K least entries and, square, each column's
  //    least entry within each of Kc blocks of rows.
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
  const std::ptrdiff_t cs = select_chunk_size(m, K);
  for (std::ptrdiff_t i = 0; i < n; ++i) {
    const T* row = data + i * ld;
    const std::size_t b = square ? static_cast<std::size_t>(i * Kc / n) : 0;
    mins.clear();
    if (!fused_select_scan<Neg>(row, m, cs, mins, square ? cw.data() + b * mm : nullptr,
                                square ? cr.data() + b * mm : nullptr, i))
      return false;  // the caller validates (and throws, or solves densely)
    const std::size_t before = picked.size();
    select_row_cheap<Neg>(row, m, start_of(i), K, mins, buf, picked, true);
    cnt[static_cast<std::size_t>(i)] = static_cast<std::int64_t>(picked.size() - before);
  }
  // CSR (in the work sense: the kernel minimises w): each row's selected arcs, then (square)
  // the column minima not already there.
  SparsifyCsr A;
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
    A.off.assign(nn + 1, 0);
    A.col.reserve(picked.size() + extra.size());
    A.w.reserve(picked.size() + extra.size());
    std::size_t p = 0;
    for (std::ptrdiff_t i = 0; i < n; ++i) {
      const std::size_t c = static_cast<std::size_t>(cnt[static_cast<std::size_t>(i)]);
      for (std::size_t q = 0; q < c; ++q) {
        A.push(picked[p + q]);
        mark[static_cast<std::size_t>(picked[p + q].col)] = i;
      }
      p += c;
      if (square)
        for (std::int64_t q = ecnt[static_cast<std::size_t>(i)];
             q < ecnt[static_cast<std::size_t>(i) + 1]; ++q) {
          const SparsifyArc& a = extra[static_cast<std::size_t>(q)];
          if (mark[static_cast<std::size_t>(a.col)] != i) {
            A.push(a);
            mark[static_cast<std::size_t>(a.col)] = i;
          }
        }
      A.off[static_cast<std::size_t>(i) + 1] = static_cast<std::int64_t>(A.col.size());
      if (A.off[static_cast<std::size_t>(i) + 1] == A.off[static_cast<std::size_t>(i)])
        return false;  // an all-forbidden row
    }
  }
  std::vector<SparsifyArc>().swap(picked);
  std::vector<double>().swap(cw);
  std::vector<std::int64_t>().swap(cr);

  // 2. Solve on the arcs with the sparse kernel (sparse_assignment.hpp): its Jonker-Volgenant
  //    start, then shortest augmenting paths; a row without an augmenting path over the arcs
  //    stays free (in `left`).
  std::vector<double> u(nn, 0.0), v(mm, 0.0);
  std::vector<std::int64_t> x(nn, -1), y(mm, -1);
  std::vector<std::int64_t> free_rows, left;
  sparse::SapSearch<double> ws;
  if (square) {
    if (!sparse::jv_start<double, false>(A.view(n, m), u, v, x, y, free_rows)) return false;
    sparse::augment_free_rows<double, false>(A.view(n, m), u, v, x, y, free_rows, ws, &left);
  } else if (!sparse::shortest_augmenting_paths<double, false>(A.view(n, m), u, v, x, y)) {
    // Rectangles: the kernel's rectangular scheme (v = 0, row reduction, greedy start,
    // Dijkstra) keeps v <= 0 and v = 0 on unmatched columns; a row it cannot match over the
    // arcs sends the matrix to the dense solver.
    return false;
  }

  auto finish = [&]() {
    const double sg = Neg ? -1.0 : 1.0;
    u_out.resize(nn);
    v_out.resize(mm);
    for (std::size_t i = 0; i < nn; ++i) u_out[i] = sg * u[i] + 0.0;
    for (std::size_t j = 0; j < mm; ++j) v_out[j] = sg * v[j] + 0.0;
    col4row = std::move(x);
    row4col = std::move(y);
    return true;
  };

  // 3. Verify on the full matrix; add the violating entries of the violating rows (never an
  //    arc already present), unmatch those rows (their new least reduced cost becomes u[i]) and
  //    augment again over the arcs, for a few rounds.
  const std::size_t max_arcs = std::max<std::size_t>(nn * mm / 16, A.col.size() + nn);
  std::vector<double> av(mm);
  std::vector<std::pair<std::int64_t, SparsifyArc>> added;  // (row, arc), rows ascending
  std::vector<std::pair<double, SparsifyArc>> viol;
  const std::size_t add_cap = static_cast<std::size_t>(std::max(K, 1));
  // Between rounds v only falls (augment_row lowers the potentials of labelled columns, and
  // nothing else moves v), which only raises every c[i][j] - v[j] (also with the tolerance
  // term: its slope in v is at most eps < 1); the row threshold grows with u[i]. So a row
  // that passed with potential uver[i] still passes while u[i] <= uver[i]: after the first
  // round only rows whose u rose (or that violated, uver = -inf) are scanned again.
  std::vector<double> uver(nn, -inf);
  for (int round = 0; round < kSparsifyRounds; ++round) {
    for (std::size_t j = 0; j < mm; ++j) av[j] = std::fabs(v[j]);
    added.clear();
    for (std::ptrdiff_t i = 0; i < n; ++i) {
      const T* row = data + i * ld;
      const double ui = u[static_cast<std::size_t>(i)];
      if (ui <= uver[static_cast<std::size_t>(i)]) continue;  // passed before (see above)
      const double thr = exact ? ui : ui - eps * (1.0 + std::fabs(ui));
      const double mn = row_min_slack<Neg, !exact>(row, v.data(), av.data(), m, eps);
      if (!(mn < thr)) {
        uver[static_cast<std::size_t>(i)] = ui;
        continue;
      }
      uver[static_cast<std::size_t>(i)] = -inf;
      for (std::int64_t k = A.off[static_cast<std::size_t>(i)]; k < A.off[static_cast<std::size_t>(i) + 1]; ++k)
        mark[static_cast<std::size_t>(A.col[static_cast<std::size_t>(k)])] = i;
      viol.clear();
      for (std::ptrdiff_t j = 0; j < m; ++j) {
        const double w = work_value<Neg>(row, j);
        double g = w - v[static_cast<std::size_t>(j)];
        if (!exact) g += eps * (std::fabs(w) + av[static_cast<std::size_t>(j)]);
        if (g < thr && mark[static_cast<std::size_t>(j)] != i) viol.push_back({g, {j, w}});
      }
      // Only the row's kSparsifyAdd most violated entries (least reduced costs): the others
      // are usually no longer violated once the potentials have moved.
      if (viol.size() > add_cap) {
        std::nth_element(viol.begin(), viol.begin() + static_cast<std::ptrdiff_t>(add_cap - 1),
                         viol.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
        viol.resize(add_cap);
      }
      for (const auto& pv : viol) added.push_back({i, pv.second});
    }
    if (added.empty() && left.empty()) return finish();
    if (added.empty() || A.col.size() + added.size() > max_arcs) break;
    A.merge(added, n);
    if (!square) {
      // Rectangles: unmatching a row would free a column with v < 0 and break the larger
      // side's certificate (unmatched potentials exactly 0), so re-solve from scratch.
      if (!sparse::shortest_augmenting_paths<double, false>(A.view(n, m), u, v, x, y))
        return false;
      std::fill(uver.begin(), uver.end(), -inf);  // v moved both ways: verify every row
      continue;
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
      for (std::int64_t k = A.off[ii]; k < A.off[ii + 1]; ++k) {
        const double r = A.w[static_cast<std::size_t>(k)] -
                         v[static_cast<std::size_t>(A.col[static_cast<std::size_t>(k)])];
        best = r < best ? r : best;
      }
      u[ii] = best;
      const std::int64_t j = x[ii];
      if (j >= 0) {
        y[static_cast<std::size_t>(j)] = -1;
        x[ii] = -1;
        free_rows.push_back(i);
      }
    }
    sparse::augment_free_rows<double, false>(A.view(n, m), u, v, x, y, free_rows, ws, &left);
  }

  if (!square) return false;  // rectangles: the plain dense solver (see above)

  // 4. Repair on the full matrix: every row takes u[i] = min_j c[i][j] - v[j] when that is
  //    below its u[i] (a matched row is then unmatched) or when it is free; the dense shortest
  //    augmenting paths then finish from the rows left free.
  free_rows.clear();
  for (std::ptrdiff_t i = 0; i < n; ++i) {
    const std::size_t ii = static_cast<std::size_t>(i);
    const double ui = u[ii];
    const double mn = row_min_slack<Neg, false>(data + i * ld, v.data(), nullptr, m, 0.0);
    if (!(mn < inf)) return false;  // an all-forbidden row
    const std::int64_t j = x[ii];
    if (j < 0) {
      u[ii] = mn;
      free_rows.push_back(i);
    } else if (mn < (exact ? ui : ui - eps * (1.0 + std::fabs(ui)))) {
      u[ii] = mn;
      y[static_cast<std::size_t>(j)] = -1;
      x[ii] = -1;
      free_rows.push_back(i);
    }
  }
  A = SparsifyCsr{};
  if (!augment_double<Neg>(data, ld, n, m, u, v, x, y, free_rows)) return false;
  return finish();
}

}  // namespace tokten::match::detail
