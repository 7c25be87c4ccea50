#pragma once
// Dense rectangular linear assignment (the linear sum assignment problem, LSAP).
//
// THE PROBLEM
//   Given an n x m matrix c, choose k = min(n, m) pairs (i, j), no row and no column twice,
//   so that every row of the smaller side is matched and the sum of c[i][j] over the chosen
//   pairs is minimal (Sense::minimize) or maximal (Sense::maximize). When n != m the larger
//   side is left partly unmatched; nothing is padded. The semantics are those of
//   scipy.optimize.linear_sum_assignment:
//     - +inf forbids a pair when minimising, -inf when maximising;
//     - NaN anywhere, -inf when minimising or +inf when maximising is invalid input and throws
//       std::invalid_argument("matrix contains invalid numeric entries");
//     - if the smaller side cannot be matched with allowed pairs, the result has
//       feasible == false (the Python layer raises "cost matrix is infeasible").
//
// THE ALGORITHM
//   Successive shortest augmenting paths with dual potentials: the Jonker-Volgenant (1987)
//   initialisation and shortest-path phase, extended to rectangles as Crouse (2016) describes.
//   The matrix is oriented so that the kernel's rows are the smaller side (a transposed view
//   when n > m, no copy when the oriented rows are contiguous).
//   Square matrices with n >= DenseOptions::sparsify_min_size (256) and floating input or
//   integers with |c| <= 2^40 first take the exact sparsify-and-verify path of
//   dense_sparsify.hpp: solve on each row's ~1.5 K cheapest entries plus blocked column minima,
//   verify the duals on the full matrix, add the violations and re-solve, and finish any rows
//   left with the dense search below (the sparse solves use the one sparse kernel of
//   sparse_assignment.hpp); it hands back to the plain path described next when a row or
//   column has no allowed entry or the input is infeasible. It validates the input inside its
//   selection pass (the separate validation pass runs only when it hands back). Rectangles
//   take it only when DenseOptions::sparsify_rect_min_size asks for it.
//   Initialisation (floating input, or integers with |c| <= 2^40): square matrices get column
//   reduction, reduction transfer and two rounds of augmenting row reduction (bounded);
//   rectangles start from v = 0 and get the two rounds of augmenting row reduction on every
//   row. The reduction only lowers the potential of a column it matches and a matched column
//   stays matched, so on rectangles the larger side's potentials stay <= 0 and exactly 0 where
//   unmatched. Each row reduction is two vectorised passes over the row: the least and second
//   least reduced cost c[i][j] - v[j], then the least one's column (an unmatched one among ties).
//   The rows left free are then augmented one after the other, each by a dense Dijkstra search
//   over the columns with reduced costs c[i][j] - u[i] - v[j] >= 0, labelling columns in
//   batches: at the current least distance D, integer input labels every open column at D at
//   once (floating input the least one; ties are rare), the rows matched to them are scanned in
//   turn, a scan that reaches a column at D labels it at once, and the search ends at the first
//   unmatched column labelled. A labelled column gets v = -inf and d = +inf for the rest of the
//   search (its distance and potential are kept aside), so each scan is ONE branch-free pass
//   over a contiguous row: d[j] = min(d[j], base + c[i][j] - v[j]) fused with the least d[j] and
//   its column (SSE2 vector code for the double work type under GCC, scalar elsewhere). The
//   int64 and long double work types (huge integers) use a simpler scalar version of the same
//   search, one label per step.
//
// RUNNING TIME AND MEMORY
//   O(k^2 * K) in the worst case for k = min(n, m), K = max(n, m) (each of k augmentations
//   scans at most k rows of K entries); far less on typical instances (uniform random
//   rectangles are usually solved by the initialisation alone). The input is validated in a
//   vectorised pass of its own, except where that is fused into another pass: the sparsify
//   path's selection, and on floating rectangles the first row reduction (each row is checked
//   just before its first visit, and the bound cmax of the reduction grows with the rows seen). Extra memory O(n + m),
//   plus one contiguous copy of the matrix in its own element type (never widened to double)
//   when the oriented rows are not contiguous, for example for a column-major rectangle.
//
// NUMBERS
//   Floating matrices (float, double) are solved in double. Integer matrices are solved exactly:
//   in double when every |c| <= 2^49 (all intermediate sums stay below 2^53), in int64 when
//   every |c| <= 2^56, and in long double (64-bit mantissa on x86-64; not exact near 2^63)
//   beyond that. Integer matrices cannot forbid pairs. The reported total is accumulated in
//   long double for integer input and then rounded to double, so it is exact while the true
//   total has magnitude at most 2^53. For floating input, finite entries must be below 2^997
//   (about 1.3e300) in magnitude, since the potentials can reach a few times max |c|; a larger
//   one throws std::invalid_argument ("matrix contains an entry too large in magnitude ...").
//
// THE CERTIFICATE
//   The result carries dual potentials u (rows) and v (columns) in the ORIGINAL sense. When
//   minimising: u[i] + v[j] <= c[i][j] for every allowed pair, with equality on the matched
//   pairs, and on the larger side every potential is <= 0 and the unmatched ones are exactly 0
//   (when n == m both sides are "smaller" and signs are free; the larger side's conditions are
//   then vacuous). When maximising, every inequality is reversed (>=, >= 0). These conditions
//   prove optimality (weak duality), and verify_dense_assignment() checks them, the matching and
//   the total without trusting the solver.
//
// IMPORTANT
//   - Optimal assignments are not unique: compare totals, not index vectors.
//   - A feasible == false result carries no matching (all entries -1), total NaN and empty
//     potentials. The search from a row stops when no augmenting path exists, so infeasible
//     and degenerate input (all-equal costs, all-forbidden rows or columns) never loops.
//   - The solver is deterministic: the same matrix gives the same result.
//
// REFERENCES
//   R. Jonker and A. Volgenant, "A shortest augmenting path algorithm for dense and sparse
//   linear assignment problems", Computing 38 (1987) 325-340.
//   D. F. Crouse, "On implementing 2D rectangular assignment algorithms", IEEE Transactions on
//   Aerospace and Electronic Systems 52(4) (2016) 1679-1696.
//   R. E. Burkard, M. Dell'Amico, S. Martello, "Assignment Problems", SIAM 2009, chapter 4.
//
// EXAMPLE USAGE
//   #include <tokten/match/dense_assignment.hpp>
//   #include <cstdio>
//
//   int main() {
//     // 2 needs x 3 experts, row-major; the second need may not take the first expert.
//     const double inf = std::numeric_limits<double>::infinity();
//     const double cost[] = {4, 1, 3,
//                            inf, 0, 5};
//     auto view = tokten::match::MatrixView<double>::row_major(cost, 2, 3);
//     auto result = tokten::match::solve_dense_assignment(view, tokten::match::Sense::minimize);
//     if (!result.feasible) return 1;
//     for (std::size_t i = 0; i < result.row_to_col.size(); ++i)
//       std::printf("need %zu -> expert %lld\n", i, static_cast<long long>(result.row_to_col[i]));
//     std::printf("total %g\n", result.total);  // 3 + 0 = 3
//     return tokten::match::verify_dense_assignment(view, tokten::match::Sense::minimize, result)
//                ? 0 : 1;
//   }

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "tokten/match/assignment_types.hpp"
#include "tokten/match/hall_witness.hpp"

namespace tokten::match {

namespace detail {

template <class W>
constexpr W work_inf() {
  if constexpr (std::is_floating_point_v<W>) {
    return std::numeric_limits<W>::infinity();
  } else {
    // Integer kernel: values stay within +-2^59 (|c| <= 2^56), so 2^61 acts as infinity and
    // d + 2^61 cannot overflow.
    return W{1} << 61;
  }
}

// The scalar relaxation over columns k0..m-1: d[k] = min(d[k], base + c[k] - v[k] + b[k]),
// pred[k] = ii where it improved; returns min(mn, min_k d[k] + b[k]). Branch-free, so that the
// compiler may vectorise it; also the tail of the SSE2 scan below.
template <bool Neg, class T, class W>
W relax_scalar(const T* row, W* dp, const W* vp, const W* bp, std::int64_t* pp, std::ptrdiff_t k0,
               std::ptrdiff_t m, W base, std::int64_t ii, W mn) {
  for (std::ptrdiff_t k = k0; k < m; ++k) {
    const W c = Neg ? -static_cast<W>(row[k]) : static_cast<W>(row[k]);
    const W cand = base + c - vp[k] + bp[k];
    const W dk = dp[k];
    const bool better = cand < dk;
    const W nd = better ? cand : dk;
    dp[k] = nd;
    pp[k] = better ? ii : pp[k];
    const W eff = nd + bp[k];
    mn = eff < mn ? eff : mn;
  }
  return mn;
}

#if defined(__GNUC__) && !defined(__clang__) && defined(__SSE2__)
#define TOKTEN_DENSE_VECTOR_SCAN 1
// Scan kernels for the double work type in GCC vector extensions (2 lanes, SSE2; two
// independent chains where it pays): min reductions over doubles are not auto-vectorised without
// -ffast-math, so they are written out. Lane-wise the results equal the scalar loops exactly.
typedef double tokten_v2d __attribute__((vector_size(16)));
typedef long long tokten_v2l __attribute__((vector_size(16)));

// Two entries as doubles. 64-bit integers (the double kernel sees them only when |c| <= 2^49)
// are converted exactly with the 1.5 * 2^52 bias trick: SSE2 has no packed int64 conversion.
template <bool Neg, class T>
inline tokten_v2d load2(const T* p) {
  tokten_v2d c;
  if constexpr (std::is_same_v<T, double>) {
    std::memcpy(&c, p, sizeof c);
  } else if constexpr (std::is_integral_v<T> && sizeof(T) == 8) {
    tokten_v2l x;
    std::memcpy(&x, p, sizeof x);
    x += tokten_v2l{0x4338000000000000LL, 0x4338000000000000LL};
    std::memcpy(&c, &x, sizeof c);
    c -= tokten_v2d{0x1.8p52, 0x1.8p52};
  } else {
    c = tokten_v2d{static_cast<double>(p[0]), static_cast<double>(p[1])};
  }
  if constexpr (Neg) c = -c;
  return c;
}

// Column minima over two lanes: v[k] = min(v[k], c[k]) and arg[k] = ii where c[k] was smaller.
inline void column_min2(double* v, std::int64_t* arg, tokten_v2d c, tokten_v2l ii2) {
  tokten_v2d v2;
  tokten_v2l a2;
  std::memcpy(&v2, v, sizeof v2);
  std::memcpy(&a2, arg, sizeof a2);
  const tokten_v2l lt = c < v2;
  v2 = lt ? c : v2;
  a2 = lt ? ii2 : a2;
  std::memcpy(v, &v2, sizeof v2);
  std::memcpy(arg, &a2, sizeof a2);
}

// One row of the column reduction: v[j] = min(v[j], c[j]) with arg[j] = ii where it improved;
// cm = max(cm, |c[j]|) over the finite c[j].
template <bool Neg, class T>
void column_reduce_row(const T* row, double* vp, std::int64_t* arg, std::ptrdiff_t n,
                       std::int64_t ii, double& cm) {
  const double inf = std::numeric_limits<double>::infinity();
  const tokten_v2d inf2 = {inf, inf}, zero2 = {0.0, 0.0};
  const tokten_v2l ii2 = {ii, ii};
  tokten_v2d cm2 = {cm, cm};
  std::ptrdiff_t j = 0;
  for (; j + 2 <= n; j += 2) {
    const tokten_v2d c = load2<Neg>(row + j);
    column_min2(vp + j, arg + j, c, ii2);
    const tokten_v2d ab = c < zero2 ? -c : c;
    const tokten_v2d fin = c < inf2 ? ab : zero2;
    cm2 = fin > cm2 ? fin : cm2;
  }
  cm = cm2[0] > cm2[1] ? cm2[0] : cm2[1];
  for (; j < n; ++j) {
    const double c = Neg ? -static_cast<double>(row[j]) : static_cast<double>(row[j]);
    if (c < vp[j]) {
      vp[j] = c;
      arg[j] = ii;
    }
    if (c < inf) {
      const double a = c < 0.0 ? -c : c;
      cm = a > cm ? a : cm;
    }
  }
}
#endif

// min(x, y) and the second least of the multiset {x1, x2, y1, y2} given two (least, second) pairs.
inline void merge_two_least(double& a1, double& a2, double b1, double b2) {
  const double hi = a1 > b1 ? a1 : b1;
  const double s = a2 < b2 ? a2 : b2;
  a1 = a1 < b1 ? a1 : b1;
  a2 = hi < s ? hi : s;
}

// The least and second least of c[k] - v[k] over k in [0, m), as a multiset (u2 == u1 when the
// least is tied; u2 = inf when m == 1). One branch-free pass, two lanes x two chains.
template <bool Neg, class T>
inline void two_least_values(const T* row, const double* vp, std::ptrdiff_t m, double& u1,
                             double& u2) {
  const double inf = std::numeric_limits<double>::infinity();
  double r1 = inf, r2 = inf;
  std::ptrdiff_t k = 0;
#ifdef TOKTEN_DENSE_VECTOR_SCAN
  tokten_v2d a1 = {inf, inf}, a2 = a1, b1 = a1, b2 = a1;
  for (; k + 4 <= m; k += 4) {
    tokten_v2d va, vb;
    std::memcpy(&va, vp + k, sizeof va);
    std::memcpy(&vb, vp + k + 2, sizeof vb);
    const tokten_v2d ha = load2<Neg>(row + k) - va;
    const tokten_v2d hb = load2<Neg>(row + k + 2) - vb;
    const tokten_v2d xa = ha > a1 ? ha : a1;
    const tokten_v2d xb = hb > b1 ? hb : b1;
    a2 = xa < a2 ? xa : a2;
    b2 = xb < b2 ? xb : b2;
    a1 = ha < a1 ? ha : a1;
    b1 = hb < b1 ? hb : b1;
  }
  merge_two_least(r1, r2, a1[0], a2[0]);
  merge_two_least(r1, r2, a1[1], a2[1]);
  merge_two_least(r1, r2, b1[0], b2[0]);
  merge_two_least(r1, r2, b1[1], b2[1]);
#endif
  for (; k < m; ++k) {
    const double c = Neg ? -static_cast<double>(row[k]) : static_cast<double>(row[k]);
    merge_two_least(r1, r2, c - vp[k], inf);
  }
  u1 = r1;
  u2 = r2;
}

// The columns where c[k] - v[k] == u1 (the least, finite): j1 = the first unmatched one (y < 0),
// else the first one; j2 = the first one other than j1 (-1 if none). With `unique` (u1 has a
// single column) the pass ends at the first hit.
template <bool Neg, class T>
inline void least_columns(const T* row, const double* vp, const std::int64_t* y,
                          std::ptrdiff_t m, double u1, bool unique, std::ptrdiff_t& j1,
                          std::ptrdiff_t& j2) {
  std::ptrdiff_t h1 = -1, h2 = -1, fr = -1;
  auto visit = [&](std::ptrdiff_t l) {
    const double c = Neg ? -static_cast<double>(row[l]) : static_cast<double>(row[l]);
    if (c - vp[l] != u1) return false;
    if (h1 < 0) {
      h1 = l;
    } else if (h2 < 0) {
      h2 = l;
    }
    if (fr < 0 && y[l] < 0) fr = l;
    return unique || (fr >= 0 && h2 >= 0);
  };
  std::ptrdiff_t k = 0;
  bool done = false;
#ifdef TOKTEN_DENSE_VECTOR_SCAN
  const tokten_v2d u = {u1, u1};
  for (; k + 4 <= m && !done; k += 4) {
    tokten_v2d va, vb;
    std::memcpy(&va, vp + k, sizeof va);
    std::memcpy(&vb, vp + k + 2, sizeof vb);
    const tokten_v2l hit = ((load2<Neg>(row + k) - va) == u) | ((load2<Neg>(row + k + 2) - vb) == u);
    if ((hit[0] | hit[1]) == 0) continue;
    for (std::ptrdiff_t l = k; l < k + 4 && !done; ++l) done = visit(l);
  }
#endif
  for (; k < m && !done; ++k) done = visit(k);
  j1 = fr >= 0 ? fr : h1;
  j2 = h1 != j1 ? h1 : h2;
}

// Positions k0 <= k < m with d[k] == D, in order, handed to f(k) until it returns true (then
// returns true). Blocks of 4 are tested with vector compares.
template <class F>
inline bool for_each_at(const double* dp, std::ptrdiff_t m, double D, F&& f) {
  std::ptrdiff_t k = 0;
#ifdef TOKTEN_DENSE_VECTOR_SCAN
  const tokten_v2d D2 = {D, D};
  for (; k + 4 <= m; k += 4) {
    tokten_v2d d0, d1;
    std::memcpy(&d0, dp + k, sizeof d0);
    std::memcpy(&d1, dp + k + 2, sizeof d1);
    const tokten_v2l hit = (d0 == D2) | (d1 == D2);
    if ((hit[0] | hit[1]) == 0) continue;
    for (std::ptrdiff_t l = k; l < k + 4; ++l)
      if (dp[l] == D && f(l)) return true;
  }
#endif
  for (; k < m; ++k)
    if (dp[k] == D && f(k)) return true;
  return false;
}

// The least of d[k] over a scan, with its first index.
struct ScanLeast {
  double mn;
  std::ptrdiff_t arg;
  bool stopped;  // on_tie asked to stop (an unmatched column was reached at distance D)
};

// One Dijkstra scan of a row for the double work type: cand[k] = base + c[k] - v[k];
// First: d[k] = cand[k], pred[k] = ii (the search's first row); otherwise d[k] = min(d[k],
// cand[k]) with pred[k] = ii where it improved. Labelled columns carry v = -inf and d = +inf, so
// their candidate is +inf: they never change and never count. Returns the least d[k] and its
// first index, fused into the same pass. With Tie (a matched row, whose candidates are all
// >= D), each block holding a column at d == D is handed to on_tie(k0, k1) right after its
// update; the scan stops when on_tie returns true.
template <bool Neg, bool First, bool Tie, class T, class OnTie>
inline ScanLeast scan_double(const T* row, double* dp, const double* vp, std::int64_t* pp,
                             std::ptrdiff_t m, double base, std::int64_t ii, double D,
                             OnTie&& on_tie) {
  const double inf = std::numeric_limits<double>::infinity();
  double mn = inf;
  std::ptrdiff_t arg = -1;
  std::ptrdiff_t k = 0;
#ifdef TOKTEN_DENSE_VECTOR_SCAN
  {
    tokten_v2d mna = {inf, inf}, mnb = mna;
    tokten_v2l ia = {-1, -1}, ib = ia;
    tokten_v2l ka = {0, 1};
    const tokten_v2l two = {2, 2}, four = {4, 4};
    const tokten_v2d base2 = {base, base}, D2 = {D, D};
    const tokten_v2l ii2 = {ii, ii};
    for (; k + 4 <= m; k += 4) {
      tokten_v2d va, vb, da, db;
      tokten_v2l pa, pb;
      std::memcpy(&va, vp + k, sizeof va);
      std::memcpy(&vb, vp + k + 2, sizeof vb);
      const tokten_v2d ca = base2 + load2<Neg>(row + k) - va;
      const tokten_v2d cb = base2 + load2<Neg>(row + k + 2) - vb;
      tokten_v2d na, nb;
      if constexpr (First) {
        na = ca;
        nb = cb;
        pa = ii2;
        pb = ii2;
      } else {
        std::memcpy(&da, dp + k, sizeof da);
        std::memcpy(&db, dp + k + 2, sizeof db);
        std::memcpy(&pa, pp + k, sizeof pa);
        std::memcpy(&pb, pp + k + 2, sizeof pb);
        const tokten_v2l ba = ca < da, bb = cb < db;
        na = ba ? ca : da;
        nb = bb ? cb : db;
        pa = ba ? ii2 : pa;
        pb = bb ? ii2 : pb;
      }
      std::memcpy(dp + k, &na, sizeof na);
      std::memcpy(dp + k + 2, &nb, sizeof nb);
      std::memcpy(pp + k, &pa, sizeof pa);
      std::memcpy(pp + k + 2, &pb, sizeof pb);
      const tokten_v2l la = na < mna, lb = nb < mnb;
      mna = la ? na : mna;
      mnb = lb ? nb : mnb;
      ia = la ? ka : ia;
      ib = lb ? ka + two : ib;
      ka += four;
      if constexpr (Tie) {
        const tokten_v2l h = (na == D2) | (nb == D2);
        if ((h[0] | h[1]) != 0 && on_tie(k, k + 4)) return {D, -1, true};
      }
    }
    const double lm[4] = {mna[0], mna[1], mnb[0], mnb[1]};
    const long long li[4] = {ia[0], ia[1], ib[0], ib[1]};
    for (int l = 0; l < 4; ++l) {
      if (lm[l] < mn || (lm[l] == mn && lm[l] < inf && li[l] < arg)) {
        mn = lm[l];
        arg = static_cast<std::ptrdiff_t>(li[l]);
      }
    }
  }
#endif
  for (; k < m; ++k) {
    const double c = Neg ? -static_cast<double>(row[k]) : static_cast<double>(row[k]);
    const double cand = base + c - vp[k];
    double nd = cand;
    if constexpr (First) {
      pp[k] = ii;
    } else {
      nd = cand < dp[k] ? cand : dp[k];
      if (cand < dp[k]) pp[k] = ii;
    }
    dp[k] = nd;
    if (nd < mn) {
      mn = nd;
      arg = k;
    }
    if constexpr (Tie) {
      if (nd == D && on_tie(k, k + 1)) return {D, -1, true};
    }
  }
  return {mn, arg, false};
}

// Jonker-Volgenant initialisation (double work type) for a kernel with n <= m. Square (n == m):
// column reduction, reduction transfer and two rounds of augmenting row reduction. Rectangular
// (n < m): v = 0 and the augmenting row reduction on every row, which keeps v <= 0 and lowers only
// the columns it matches (a matched column stays matched), so the larger side's conditions of
// the certificate hold. On return every matched row i sits on a column of least reduced cost
// c[i][j] - v[j], u[i] = c[i][col4row[i]] - v[col4row[i]] for matched rows and 0 for free ones,
// so u[i] + v[j] <= c[i][j] holds on every matched row with equality on its pair; the rows still
// free are listed in `free_rows`. Returns false when a row (or, square, a column) has no allowed
// pair (then no matching covers the rows). A lowering of v that would take it below
// -(4 cmax + 1) (cmax >= max |c| over finite entries) is skipped, which keeps every potential
// within a few times max|c|.
// The validation of one floating row (NaN, or -inf when minimising / +inf when maximising,
// throws std::invalid_argument as validate() does); returns the row's max |c| over its finite
// entries. Used by jv_initialise on rectangles, which validates each row just before its first
// row reduction reads it (the row is then in cache) instead of a separate pass up front.
template <bool Neg, class T>
double checked_row_max(const T* row, std::ptrdiff_t m) {
  const double inf = std::numeric_limits<double>::infinity();
  double mx = 0.0;
  std::ptrdiff_t j = 0;
  bool finite = true;
#ifdef TOKTEN_DENSE_VECTOR_SCAN
  {
    const tokten_v2l absmask = {0x7fffffffffffffffLL, 0x7fffffffffffffffLL};
    tokten_v2d za = {0.0, 0.0}, zb = za, ma = za, mb = za;
    for (; j + 4 <= m; j += 4) {
      const tokten_v2d a = load2<false>(row + j), b = load2<false>(row + j + 2);
      za += a - a;
      zb += b - b;
      const tokten_v2d aa = (tokten_v2d)((tokten_v2l)a & absmask);
      const tokten_v2d ab = (tokten_v2d)((tokten_v2l)b & absmask);
      ma = aa > ma ? aa : ma;
      mb = ab > mb ? ab : mb;
    }
    za += zb;
    finite = za[0] == 0.0 && za[1] == 0.0;
    ma = mb > ma ? mb : ma;
    mx = ma[0] > ma[1] ? ma[0] : ma[1];
  }
#endif
  for (std::ptrdiff_t l = j; l < m; ++l) {
    const double x = static_cast<double>(row[l]);
    finite &= (x - x) == 0.0;
    const double ab = x < 0.0 ? -x : x;
    mx = ab > mx ? ab : mx;
  }
  if (!finite) {
    const double bad = Neg ? inf : -inf;
    mx = 0.0;
    for (std::ptrdiff_t l = 0; l < m; ++l) {
      const double x = static_cast<double>(row[l]);
      if (x != x || x == bad) throw std::invalid_argument("matrix contains invalid numeric entries");
      const double ab = x < 0.0 ? -x : x;
      if (ab < inf && ab > mx) mx = ab;
    }
  }
  if (mx >= kMaxFiniteEntry) throw_entry_too_large(mx);
  return mx;
}

template <bool Neg, class T>
bool jv_initialise(const T* data, std::ptrdiff_t ld, std::ptrdiff_t n, std::ptrdiff_t m,
                   double cmax, std::vector<double>& u, std::vector<double>& v,
                   std::vector<std::int64_t>& col4row, std::vector<std::int64_t>& row4col,
                   std::vector<std::int64_t>& free_rows) {
  const double inf = std::numeric_limits<double>::infinity();
  const std::size_t nn = static_cast<std::size_t>(n);
  double* const vp = v.data();
  std::int64_t* const x = col4row.data();
  std::int64_t* const y = row4col.data();
  free_rows.clear();

  if (n == m) {
    // Column reduction: v[j] = min_i c[i][j], read row by row.
    std::vector<std::int64_t> argrow(nn, 0);
    std::fill(v.begin(), v.end(), inf);
    for (std::ptrdiff_t i = 0; i < n; ++i) {
      const T* row = data + i * ld;
      const std::int64_t ii = i;
#ifdef TOKTEN_DENSE_VECTOR_SCAN
      double unused = 0.0;
      column_reduce_row<Neg>(row, vp, argrow.data(), n, ii, unused);
#else
      for (std::ptrdiff_t j = 0; j < n; ++j) {
        const double c = Neg ? -static_cast<double>(row[j]) : static_cast<double>(row[j]);
        const bool lt = c < vp[j];
        vp[j] = lt ? c : vp[j];
        argrow[static_cast<std::size_t>(j)] = lt ? ii : argrow[static_cast<std::size_t>(j)];
      }
#endif
    }
    std::vector<int> matches(nn, 0);
    for (std::ptrdiff_t j = 0; j < n; ++j) {
      if (!(vp[j] < inf)) return false;  // an all-forbidden column
      const std::int64_t i = argrow[static_cast<std::size_t>(j)];
      if (matches[static_cast<std::size_t>(i)]++ == 0) {
        x[i] = j;
        y[j] = i;
      }
    }
    // Reduction transfer: a row that is the minimum of exactly one column j1 moves the slack of
    // its second best column onto v[j1]. Its reduced costs are >= 0 and 0 at j1, so the least
    // over the other columns is the second least of the row (as a multiset).
    for (std::ptrdiff_t i = 0; i < n; ++i) {
      const int mt = matches[static_cast<std::size_t>(i)];
      if (mt == 0) {
        free_rows.push_back(i);
      } else if (mt == 1) {
        double u1, u2;
        two_least_values<Neg>(data + i * ld, vp, n, u1, u2);
        if (u2 < inf) vp[x[i]] -= u2;
      }
    }
  } else {
    std::fill(v.begin(), v.end(), 0.0);
    free_rows.resize(nn);
    for (std::ptrdiff_t i = 0; i < n; ++i) free_rows[static_cast<std::size_t>(i)] = i;
  }
  // cmax < 0 (floating rectangles only): the input is not validated yet. The first round of
  // row reduction visits rows 0, 1, ..., n - 1 in order (a row it revisits was matched, hence
  // seen), so each row is validated just before its first visit and cmax grows with the rows
  // seen (a smaller floor only skips more lowerings, which is always allowed).
  std::ptrdiff_t checked = n;
  if (cmax < 0.0) {
    checked = 0;
    cmax = 0.0;
  }
  auto check_rows_upto = [&](std::ptrdiff_t last) {
    for (; checked <= last; ++checked) {
      const double r = checked_row_max<Neg>(data + checked * ld, m);
      cmax = r > cmax ? r : cmax;
    }
  };
  double floor_v = -(4.0 * cmax + 1.0);

  // Augmenting row reduction, two rounds. A free row takes its least column j1 (an unmatched one
  // among ties); when its second least is strictly larger, v[j1] drops by the difference and the
  // evicted row is processed again at once; otherwise the evicted row waits for the next round
  // (or the Dijkstra phase).
  std::vector<std::int64_t> next_free;
  next_free.reserve(nn);
  for (int round = 0; round < 2 && !free_rows.empty(); ++round) {
    next_free.clear();
    std::size_t k = 0;
    std::size_t budget = 2 * nn + 16;  // re-processing steps allowed in this round
    while (k < free_rows.size()) {
      const std::ptrdiff_t i = free_rows[k++];
      if (i >= checked) {
        check_rows_upto(i);
        floor_v = -(4.0 * cmax + 1.0);
      }
      const T* row = data + i * ld;
      double u1, u2;
      two_least_values<Neg>(row, vp, m, u1, u2);
      if (!(u1 < inf)) {
        check_rows_upto(n - 1);  // invalid input throws before infeasibility is reported
        return false;            // an all-forbidden row
      }
      std::ptrdiff_t j1, j2;
      least_columns<Neg>(row, vp, y, m, u1, u2 > u1, j1, j2);
      std::int64_t i0 = y[j1];
      bool lowers = false;
      if (u1 < u2 && u2 < inf && budget > 0) {
        const double nv = vp[j1] - (u2 - u1);
        if (nv >= floor_v && nv < vp[j1]) {
          vp[j1] = nv;
          lowers = true;
        }
      } else if (i0 >= 0 && j2 >= 0 && u2 == u1) {
        j1 = j2;
        i0 = y[j1];
      }
      if (i0 >= 0) {
        x[i0] = -1;
        if (lowers) {
          --budget;
          free_rows[--k] = i0;
        } else {
          next_free.push_back(i0);
        }
      }
      x[i] = j1;
      y[j1] = i;
    }
    free_rows.swap(next_free);
  }
  check_rows_upto(n - 1);

  for (std::ptrdiff_t i = 0; i < n; ++i) {
    const std::int64_t j = x[i];
    const double c = j >= 0 ? static_cast<double>(data[i * ld + j]) : 0.0;
    u[static_cast<std::size_t>(i)] = j >= 0 ? (Neg ? -c : c) - vp[j] : 0.0;
  }
  return true;
}

// The shortest augmenting paths for the double work type, after jv_initialise (or from scratch,
// then `free_rows` lists every row). Each search from a free row s is a Dijkstra over the
// columns that labels columns in batches: all the columns found at the current least distance D
// are labelled (integer input: every open column at D; floating input: the least one, ties being
// rare) and the rows matched to them are scanned one after the other; a scan that reaches a
// column at distance D labels it at once, and an unmatched one ends the search. Labelled columns
// get v = -inf and d = +inf for the rest of the search (their distance and potential are kept
// in `labelled`), so a scan is one branch-free pass over the contiguous row that also yields the
// least distance and its column: no separate search pass.
// Flips the alternating path that a search from free row s found to the free column sink:
// pred[c] is the row through which column c was reached.
inline void augment_along(std::int64_t sink, std::int64_t s, const std::int64_t* pred,
                          std::vector<std::int64_t>& col4row, std::vector<std::int64_t>& row4col) {
  for (std::int64_t c = sink;;) {
    const std::int64_t i = pred[c];
    const std::int64_t next = col4row[static_cast<std::size_t>(i)];
    col4row[static_cast<std::size_t>(i)] = c;
    row4col[static_cast<std::size_t>(c)] = i;
    if (i == s) break;
    c = next;
  }
}

template <bool Neg, class T>
bool augment_double(const T* data, std::ptrdiff_t ld, std::ptrdiff_t n, std::ptrdiff_t m,
                    std::vector<double>& u, std::vector<double>& v,
                    std::vector<std::int64_t>& col4row, std::vector<std::int64_t>& row4col,
                    const std::vector<std::int64_t>& free_rows) {
  const double inf = std::numeric_limits<double>::infinity();
  std::vector<double> d(static_cast<std::size_t>(m));
  std::vector<std::int64_t> pred(static_cast<std::size_t>(m));
  struct Label {
    std::int64_t col;
    double dist;
    double v;
  };
  std::vector<Label> labelled;
  std::vector<std::int64_t> stack;
  labelled.reserve(static_cast<std::size_t>(n) + 1);
  stack.reserve(static_cast<std::size_t>(n) + 1);
  double* const dp = d.data();
  double* const vp = v.data();
  std::int64_t* const pp = pred.data();
  const std::int64_t* const r4c = row4col.data();
  (void)n;

  for (const std::int64_t s : free_rows) {
    labelled.clear();
    stack.clear();
    std::int64_t sink = -1;
    double D = 0.0;
    // Labels column l (matched, open, at distance D); returns true (stop) if l is unmatched.
    auto label = [&](std::ptrdiff_t l) {
      if (r4c[l] < 0) {
        sink = l;
        return true;
      }
      labelled.push_back({l, D, vp[l]});
      stack.push_back(l);
      vp[l] = -inf;
      dp[l] = inf;
      return false;
    };
    auto on_tie = [&](std::ptrdiff_t k0, std::ptrdiff_t k1) {
      for (std::ptrdiff_t l = k0; l < k1; ++l)
        if (dp[l] == D && label(l)) return true;
      return false;
    };
    auto no_tie = [](std::ptrdiff_t, std::ptrdiff_t) { return false; };
    ScanLeast r = scan_double<Neg, true, false>(data + s * ld, dp, vp, pp, m,
                                                -u[static_cast<std::size_t>(s)], s, 0.0, no_tie);
    for (;;) {
      if (stack.empty()) {
        if (!(r.mn < inf)) return false;  // no augmenting path from row s
        D = r.mn;
        if constexpr (std::is_integral_v<T>) {
          if (for_each_at(dp, m, D, label)) break;
        } else {
          if (label(r.arg)) break;
        }
        if (stack.empty()) return false;  // unreachable: something was labelled
      }
      const std::int64_t j = stack.back();
      stack.pop_back();
      const std::int64_t i = r4c[j];
      r = scan_double<Neg, false, true>(data + i * ld, dp, vp, pp, m,
                                        D - u[static_cast<std::size_t>(i)], i, D, on_tie);
      if (r.stopped) break;
    }

    // Dual update on the labelled part of the tree (the sink is at distance D: no change), then
    // augment along pred.
    const double mu = D;
    u[static_cast<std::size_t>(s)] += mu;
    for (const Label& lb : labelled) {
      const double delta = mu - lb.dist;
      vp[lb.col] = lb.v - delta;
      u[static_cast<std::size_t>(r4c[lb.col])] += delta;
    }
    augment_along(sink, s, pp, col4row, row4col);
  }
  return true;
}

// The shortest augmenting path kernel. Rows (n) are the smaller side: n <= m. Row i of the
// matrix is the contiguous array data[i * ld + 0 .. m). Minimises cost(x) = Neg ? -x : x.
// On success fills u (size n), v (size m), col4row, row4col and returns true; returns false
// when some row has no augmenting path (the rows cannot all be matched).
template <class W, bool Neg, class T>
bool shortest_augmenting_paths(const T* data, std::ptrdiff_t ld, std::ptrdiff_t n,
                               std::ptrdiff_t m, std::vector<W>& u, std::vector<W>& v,
                               std::vector<std::int64_t>& col4row,
                               std::vector<std::int64_t>& row4col, bool jv_init,
                               double cmax) {
  const W inf = work_inf<W>();
  u.assign(static_cast<std::size_t>(n), W{0});
  v.assign(static_cast<std::size_t>(m), W{0});
  col4row.assign(static_cast<std::size_t>(n), -1);
  row4col.assign(static_cast<std::size_t>(m), -1);

  std::vector<std::int64_t> free_rows;
  if constexpr (std::is_same_v<W, double>) {
    if (jv_init) {
      if (!jv_initialise<Neg>(data, ld, n, m, cmax, u, v, col4row, row4col, free_rows))
        return false;
    } else {
      free_rows.resize(static_cast<std::size_t>(n));
      for (std::ptrdiff_t i = 0; i < n; ++i) free_rows[static_cast<std::size_t>(i)] = i;
    }
    return augment_double<Neg>(data, ld, n, m, u, v, col4row, row4col, free_rows);
  }
  // The generic kernel (int64 and long double work types: huge integer costs).
  (void)jv_init;
  (void)cmax;
  free_rows.resize(static_cast<std::size_t>(n));
  for (std::ptrdiff_t i = 0; i < n; ++i) free_rows[static_cast<std::size_t>(i)] = i;

  std::vector<W> d(static_cast<std::size_t>(m));    // tentative / final distances
  std::vector<W> blk(static_cast<std::size_t>(m));  // 0 for open columns, inf once labelled
  std::vector<std::int64_t> pred(static_cast<std::size_t>(m));
  std::vector<std::int64_t> labelled;  // columns with final distance, in labelling order
  labelled.reserve(static_cast<std::size_t>(n) + 1);

  W* const dp = d.data();
  W* const bp = blk.data();
  W* const vp = v.data();
  std::int64_t* const pp = pred.data();
  const std::int64_t* const r4c = row4col.data();

  // Relaxes the arcs of row i whose distance is D and returns the open column of least
  // distance (ties: an unmatched column first, then the lowest index), or -1 when every open
  // column is at infinite distance; its distance is dp[k]. `stop`: row i is matched, so no
  // candidate falls below D and an unmatched column reached at distance D ends the scan at once.
  // Two passes: a branch-free relaxation fused with the minimum, then the index search. (The
  // double work type takes augment_double above instead.)
  auto scan_row = [&](std::ptrdiff_t i, W D, bool stop) -> std::ptrdiff_t {
    const T* row = data + i * ld;
    const W base = D - u[static_cast<std::size_t>(i)];
    const std::int64_t ii = i;
    W mn = inf;
    (void)stop;
    mn = relax_scalar<Neg>(row, dp, vp, bp, pp, 0, m, base, ii, mn);
    if (!(mn < inf)) return -1;
    std::ptrdiff_t first = -1;
    for (std::ptrdiff_t k = 0; k < m; ++k) {
      if (dp[k] + bp[k] == mn) {
        if (r4c[k] < 0) return k;
        if (first < 0) first = k;
      }
    }
    return first;
  };

  for (const std::int64_t s : free_rows) {
    std::fill(d.begin(), d.end(), inf);
    std::fill(blk.begin(), blk.end(), W{0});
    labelled.clear();

    // Dijkstra over the columns, one label per step: every step labels the open column of least
    // distance and scans the row matched to it, until an unmatched column is labelled.
    std::ptrdiff_t j = scan_row(s, W{0}, false);
    W mu;
    for (;;) {
      if (j < 0 || !(dp[j] < inf)) return false;  // no augmenting path from row s
      mu = dp[j];
      bp[j] = inf;
      labelled.push_back(j);
      const std::int64_t i = r4c[j];
      if (i < 0) break;
      j = scan_row(i, mu, true);
    }
    const std::int64_t sink = j;

    // Dual update on the labelled part of the tree, then augment along pred.
    u[static_cast<std::size_t>(s)] += mu;
    for (const std::int64_t l : labelled) {
      const W delta = mu - dp[l];
      vp[l] -= delta;
      const std::int64_t i = r4c[l];
      if (i >= 0) u[static_cast<std::size_t>(i)] += delta;
    }
    augment_along(sink, s, pp, col4row, row4col);
  }
  return true;
}

template <class T>
constexpr bool is_float_v = std::is_floating_point_v<T>;

// Checks the entries (branch-free per row, one throw at the end of a bad row); returns max |c|
// over the finite entries (as long double). For integers the maximum is exact when it exceeds
// 2^39 (where the solver's thresholds lie); below, an upper bound < 2^40 (the OR of all |c|,
// at most twice the maximum) is returned.
template <class T>
long double validate(const MatrixView<T>& a, Sense sense) {
  if (a.rows <= 0 || a.cols <= 0) return 0;
  // Walk the contiguous direction in the inner loop when there is one.
  const MatrixView<T> w = (a.col_stride != 1 && a.row_stride == 1) ? a.transposed() : a;
  if constexpr (is_float_v<T>) {
    const double inf = std::numeric_limits<double>::infinity();
    const double bad_inf = sense == Sense::minimize ? -inf : inf;
    double mx = 0.0;
    for (std::ptrdiff_t i = 0; i < w.rows; ++i) {
      bool bad = false;
      std::ptrdiff_t j = 0;
      const T* p = w.data + i * w.row_stride;
#ifdef TOKTEN_DENSE_VECTOR_SCAN
      if (w.col_stride == 1) {
        const tokten_v2d inf2 = {inf, inf}, zero2 = {0.0, 0.0};
        const tokten_v2l absmask = {0x7fffffffffffffffLL, 0x7fffffffffffffffLL};
        tokten_v2d mxa = zero2, mxb = zero2, za = zero2, zb = zero2;
        // Pure floating arithmetic (no mask juggling): z accumulates c - c, which is 0 for
        // finite c and NaN for NaN and +-inf; a row where it ends NaN is checked exactly below.
        // NaN fails every comparison, so it never reaches the maximum.
        auto step = [&](const tokten_v2d c, tokten_v2d& z, tokten_v2d& mx2)
            __attribute__((always_inline)) {
          z += c - c;
          // GCC vector casts between equal sizes reinterpret the bits: |c|, then 0 for inf.
          const tokten_v2d ab = (tokten_v2d)((tokten_v2l)c & absmask);
          const tokten_v2d f = (tokten_v2d)((tokten_v2l)ab & (tokten_v2l)(ab < inf2));
          mx2 = f > mx2 ? f : mx2;
        };
        for (; j + 4 <= w.cols; j += 4) {
          step(load2<false>(p + j), za, mxa);
          step(load2<false>(p + j + 2), zb, mxb);
        }
        za += zb;
        mxa = mxb > mxa ? mxb : mxa;
        if (!(za[0] == 0.0 && za[1] == 0.0)) {
          for (std::ptrdiff_t l = 0; l < j; ++l) {
            const double x = static_cast<double>(p[l]);
            bad |= (x != x) | (x == bad_inf);
          }
        }
        const double m2 = mxa[0] > mxa[1] ? mxa[0] : mxa[1];
        mx = m2 > mx ? m2 : mx;
      }
#endif
      for (const T* q = p + j * w.col_stride; j < w.cols; ++j, q += w.col_stride) {
        const double x = static_cast<double>(*q);
        bad |= (x != x) | (x == bad_inf);
        const double ab = x < 0.0 ? -x : x;
        if (ab < inf && ab > mx) mx = ab;
      }
      if (bad) throw std::invalid_argument("matrix contains invalid numeric entries");
    }
    if (mx >= kMaxFiniteEntry) throw_entry_too_large(mx);
    return mx;
  } else {
    std::uint64_t bound = 0;  // OR of |c| as unsigned
    for (std::ptrdiff_t i = 0; i < w.rows; ++i) {
      const T* p = w.data + i * w.row_stride;
      for (std::ptrdiff_t j = 0; j < w.cols; ++j) {
        const T x = p[j * w.col_stride];
        if constexpr (std::is_signed_v<T>) {
          const auto ux = static_cast<std::uint64_t>(static_cast<std::int64_t>(x));
          const std::uint64_t sg = static_cast<std::uint64_t>(static_cast<std::int64_t>(x) >> 63);
          bound |= (ux ^ sg) - sg;
        } else {
          bound |= static_cast<std::uint64_t>(x);
        }
      }
    }
    if (bound <= (std::uint64_t{1} << 39)) return static_cast<long double>(bound);
    T lo = std::numeric_limits<T>::max(), hi = std::numeric_limits<T>::lowest();
    for (std::ptrdiff_t i = 0; i < w.rows; ++i) {
      for (std::ptrdiff_t j = 0; j < w.cols; ++j) {
        const T x = w(i, j);
        lo = x < lo ? x : lo;
        hi = x > hi ? x : hi;
      }
    }
    const long double alo = std::fabs(static_cast<long double>(lo));
    const long double ahi = std::fabs(static_cast<long double>(hi));
    return alo > ahi ? alo : ahi;
  }
}

template <class W, class T>
bool run_kernel(const T* data, std::ptrdiff_t ld, std::ptrdiff_t n, std::ptrdiff_t m,
                Sense sense, std::vector<W>& u, std::vector<W>& v,
                std::vector<std::int64_t>& col4row, std::vector<std::int64_t>& row4col,
                bool jv_init, double cmax) {
  if (sense == Sense::maximize)
    return shortest_augmenting_paths<W, true>(data, ld, n, m, u, v, col4row, row4col, jv_init,
                                              cmax);
  return shortest_augmenting_paths<W, false>(data, ld, n, m, u, v, col4row, row4col, jv_init,
                                             cmax);
}

template <class W, class T>
bool solve_oriented(const T* data, std::ptrdiff_t ld, std::ptrdiff_t n, std::ptrdiff_t m,
                    Sense sense, std::vector<double>& u_out, std::vector<double>& v_out,
                    std::vector<std::int64_t>& col4row, std::vector<std::int64_t>& row4col,
                    bool jv_init, double cmax) {
  std::vector<W> u, v;
  if (!run_kernel<W>(data, ld, n, m, sense, u, v, col4row, row4col, jv_init, cmax))
    return false;
  const double sign = sense == Sense::maximize ? -1.0 : 1.0;
  u_out.resize(u.size());
  v_out.resize(v.size());
  for (std::size_t i = 0; i < u.size(); ++i) u_out[i] = sign * static_cast<double>(u[i]);
  for (std::size_t j = 0; j < v.size(); ++j) v_out[j] = sign * static_cast<double>(v[j]);
  // The kernel keeps unmatched columns at exactly 0; make sure no -0.0 leaks out.
  for (std::size_t j = 0; j < v.size(); ++j)
    if (v_out[j] == 0.0) v_out[j] = 0.0;
  return true;
}

template <bool Neg, class T>
bool solve_sparsified(const T* data, std::ptrdiff_t ld, std::ptrdiff_t n, std::ptrdiff_t m,
                      int K, int Kcol, std::vector<double>& u_out, std::vector<double>& v_out,
                      std::vector<std::int64_t>& col4row, std::vector<std::int64_t>& row4col);

}  // namespace detail

// Solves the rectangular linear assignment problem on `a` (see the top of this file).
// Throws std::invalid_argument for NaN, -inf when minimising and +inf when maximising.
template <class T>
DenseAssignment solve_dense_assignment(MatrixView<T> a, Sense sense,
                                       const DenseOptions& options = {}) {
  static_assert(std::is_arithmetic_v<T>, "MatrixView<T> needs an arithmetic element type");
  if (a.rows < 0 || a.cols < 0) throw std::invalid_argument("negative matrix dimension");

  DenseAssignment r;
  const std::ptrdiff_t n0 = a.rows, m0 = a.cols;

  // Orient: kernel rows are the smaller side. A square matrix is read in whichever orientation
  // has contiguous rows.
  bool transpose = n0 > m0;
  if (n0 == m0 && a.col_stride != 1 && a.row_stride == 1) transpose = true;
  const MatrixView<T> o = transpose ? a.transposed() : a;
  const std::ptrdiff_t n = o.rows, m = o.cols;
  // A copy that could not fit is refused before anything is allocated.
  if (n > 0 && o.col_stride != 1) detail::check_copy_size(n, m, sizeof(T), options.max_copy_bytes);
  r.row_to_col.assign(static_cast<std::size_t>(n0), -1);
  r.col_to_row.assign(static_cast<std::size_t>(m0), -1);

  if (n == 0) {
    detail::validate(a, sense);
    r.feasible = true;
    r.total = 0.0;
    r.row_potential.assign(static_cast<std::size_t>(n0), 0.0);
    r.col_potential.assign(static_cast<std::size_t>(m0), 0.0);
    return r;
  }

  // Contiguous rows: read in place; otherwise one copy in the element type.
  std::vector<T> copy;
  const T* data = o.data;
  std::ptrdiff_t ld = o.row_stride;
  if (o.col_stride != 1) {
    copy.resize(static_cast<std::size_t>(n) * static_cast<std::size_t>(m));
    for (std::ptrdiff_t i = 0; i < n; ++i)
      for (std::ptrdiff_t j = 0; j < m; ++j)
        copy[static_cast<std::size_t>(i * m + j)] = o(i, j);
    data = copy.data();
    ld = m;
  }

  std::vector<double> u, v;
  std::vector<std::int64_t> col4row, row4col;
  bool ok = false;
  bool sparse_done = false;
  // The sparsify path validates each row inside its selection pass (and checks integers for
  // |c| <= 2^40); when it gives up, the full validation below runs (and throws).
  if (n == m ? options.sparsify_min_size > 0 && n >= options.sparsify_min_size
             : options.sparsify_rect_min_size > 0 && n >= options.sparsify_rect_min_size) {
    sparse_done = sense == Sense::maximize
                      ? detail::solve_sparsified<true>(data, ld, n, m, options.sparsify_k,
                                                       options.sparsify_kcol, u, v,
                                                       col4row, row4col)
                      : detail::solve_sparsified<false>(data, ld, n, m, options.sparsify_k,
                                                       options.sparsify_kcol, u, v,
                                                        col4row, row4col);
    ok = sparse_done;
  }
  // Floating rectangles are validated row by row inside the JV initialisation (cmax = -1).
  const bool lazy_check = detail::is_float_v<T> && n != m;
  const long double max_abs =
      sparse_done || lazy_check ? 0.0L : detail::validate(a, sense);
  if (sparse_done) {
  } else if constexpr (detail::is_float_v<T>) {
    ok = detail::solve_oriented<double>(data, ld, n, m, sense, u, v, col4row, row4col, true,
                                        lazy_check ? -1.0 : static_cast<double>(max_abs));
  } else {
    // The JV initialisation runs on integer input only while |c| <= 2^40, so that its
    // potentials (a few times max |c|) stay far inside the exact double range.
    if (max_abs <= 0x1p49L) {
      ok = detail::solve_oriented<double>(data, ld, n, m, sense, u, v, col4row, row4col,
                                          max_abs <= 0x1p40L, static_cast<double>(max_abs));
    } else if (max_abs <= 0x1p56L) {
      ok = detail::solve_oriented<std::int64_t>(data, ld, n, m, sense, u, v, col4row, row4col,
                                                false, 0.0);
    } else {
      ok = detail::solve_oriented<long double>(data, ld, n, m, sense, u, v, col4row, row4col,
                                               false, 0.0);
    }
  }

  if (!ok) {
    r.feasible = false;
    r.total = std::numeric_limits<double>::quiet_NaN();
    return r;
  }

  r.feasible = true;
  for (std::ptrdiff_t i = 0; i < n; ++i) {
    const std::int64_t j = col4row[static_cast<std::size_t>(i)];
    const std::int64_t orow = transpose ? j : i;
    const std::int64_t ocol = transpose ? i : j;
    r.row_to_col[static_cast<std::size_t>(orow)] = ocol;
    r.col_to_row[static_cast<std::size_t>(ocol)] = orow;
  }
  if (transpose) {
    r.row_potential = std::move(v);
    r.col_potential = std::move(u);
  } else {
    r.row_potential = std::move(u);
    r.col_potential = std::move(v);
  }
  if constexpr (detail::is_float_v<T>) {
    double t = 0.0;
    for (std::ptrdiff_t i = 0; i < n0; ++i) {
      const std::int64_t j = r.row_to_col[static_cast<std::size_t>(i)];
      if (j >= 0) t += static_cast<double>(a(i, j));
    }
    r.total = t;
  } else {
    long double t = 0.0L;
    for (std::ptrdiff_t i = 0; i < n0; ++i) {
      const std::int64_t j = r.row_to_col[static_cast<std::size_t>(i)];
      if (j >= 0) t += static_cast<long double>(a(i, j));
    }
    r.total = static_cast<double>(t);
  }
  return r;
}

// Checks `result` against `a` without trusting the solver:
//   - feasible: row_to_col / col_to_row are consistent, every row of the smaller side is
//     matched with an allowed pair, the total matches the entries (relative tolerance), and the
//     dual certificate holds (see the top of this file), which proves optimality;
//   - infeasible: a maximum bipartite matching on the allowed pairs (augmenting paths, computed
//     here independently) leaves part of the smaller side unmatched.
// Comparisons of u + v against c use the tolerance relative to 1 + |c| + |u| + |v| + max |c|.
template <class T>
VerificationReport verify_dense_assignment(MatrixView<T> a, Sense sense,
                                           const DenseAssignment& result,
                                           double tolerance = 1e-9) {
  using L = long double;
  VerificationReport rep;
  auto fail = [&](std::string msg) {
    rep.ok = false;
    rep.message = std::move(msg);
    return rep;
  };
  const std::ptrdiff_t n = a.rows, m = a.cols;
  const std::ptrdiff_t k = std::min(n, m);
  const bool maxi = sense == Sense::maximize;
  auto allowed = [&](std::ptrdiff_t i, std::ptrdiff_t j) {
    const L x = static_cast<L>(a(i, j));
    if constexpr (std::is_floating_point_v<T>) {
      if (std::isnan(x)) return false;
      return maxi ? x != -std::numeric_limits<L>::infinity()
                  : x != std::numeric_limits<L>::infinity();
    } else {
      (void)x;
      return true;
    }
  };

  if (!result.feasible) {
    if (maximum_matching_size(a, sense) == k)
      return fail("reported infeasible, but the smaller side can be matched");
    return rep;
  }

  if (static_cast<std::ptrdiff_t>(result.row_to_col.size()) != n ||
      static_cast<std::ptrdiff_t>(result.col_to_row.size()) != m)
    return fail("row_to_col / col_to_row have the wrong sizes");
  if (static_cast<std::ptrdiff_t>(result.row_potential.size()) != n ||
      static_cast<std::ptrdiff_t>(result.col_potential.size()) != m)
    return fail("potentials have the wrong sizes");

  std::ptrdiff_t pairs = 0;
  L total = 0, magnitude = 0;  // the sum, and the sum of |entries| that bounds its rounding
  for (std::ptrdiff_t i = 0; i < n; ++i) {
    const std::int64_t j = result.row_to_col[static_cast<std::size_t>(i)];
    if (j < -1 || j >= m) return fail("row_to_col entry out of range");
    if (j < 0) continue;
    if (result.col_to_row[static_cast<std::size_t>(j)] != i)
      return fail("row_to_col and col_to_row disagree");
    if (!allowed(i, j)) return fail("a matched pair is forbidden");
    ++pairs;
    total += static_cast<L>(a(i, j));
    magnitude += std::fabs(static_cast<L>(a(i, j)));
  }
  for (std::ptrdiff_t j = 0; j < m; ++j) {
    const std::int64_t i = result.col_to_row[static_cast<std::size_t>(j)];
    if (i < -1 || i >= n) return fail("col_to_row entry out of range");
    if (i >= 0 && result.row_to_col[static_cast<std::size_t>(i)] != j)
      return fail("col_to_row and row_to_col disagree");
  }
  if (pairs != k) return fail("the smaller side is not fully matched");
  {
    const L rt = static_cast<L>(result.total);
    if (!(std::fabs(rt - total) <= static_cast<L>(tolerance) * (1 + magnitude)))
      return fail("total differs from the sum of the matched entries");
  }

  // The certificate, in the minimisation sense (maximisation: all signs flipped). Potentials
  // are sums of entries along augmenting paths, so their rounding is relative to the largest
  // entry, not to the pair's own: the tolerance includes max |c| (a 1e300 entry beside small
  // ones leaves the small pairs' duals exact only to about 1e300 * 2^-53).
  L scale = 0;
  for (std::ptrdiff_t i = 0; i < n; ++i)
    for (std::ptrdiff_t j = 0; j < m; ++j)
      if (allowed(i, j)) scale = std::max(scale, std::fabs(static_cast<L>(a(i, j))));
  const L sg = maxi ? -1 : 1;
  for (std::ptrdiff_t i = 0; i < n; ++i) {
    const L ui = sg * static_cast<L>(result.row_potential[static_cast<std::size_t>(i)]);
    if (!std::isfinite(ui)) return fail("row potential not finite");
    for (std::ptrdiff_t j = 0; j < m; ++j) {
      if (!allowed(i, j)) continue;
      const L vj = sg * static_cast<L>(result.col_potential[static_cast<std::size_t>(j)]);
      const L c = sg * static_cast<L>(a(i, j));
      const L slack = c - ui - vj;
      const L tol =
          static_cast<L>(tolerance) * (1 + std::fabs(c) + std::fabs(ui) + std::fabs(vj) + scale);
      if (slack < -tol) return fail("dual infeasible: u[i] + v[j] beyond c[i][j]");
      if (result.row_to_col[static_cast<std::size_t>(i)] == j && slack > tol)
        return fail("complementary slackness: u[i] + v[j] != c[i][j] on a matched pair");
    }
  }
  if (!detail::larger_side_ok(result, n, m, sg, tolerance, scale, rep)) {
    rep.ok = false;
    return rep;
  }
  return rep;
}

}  // namespace tokten::match

// The sparsify-and-verify path, defined after everything it uses.
#include "tokten/match/dense_sparsify.hpp"
