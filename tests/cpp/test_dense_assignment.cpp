// Tests of tokten::match::solve_dense_assignment against brute force (all injective maps of the
// smaller side) and the independent certificate check verify_dense_assignment.
// Optimal assignments are not unique: totals are compared, never index vectors.
#include <tokten/match/dense_assignment.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <optional>
#include <random>
#include <stdexcept>
#include <vector>

using tokten::match::DenseAssignment;
using tokten::match::MatrixView;
using tokten::match::Sense;
using tokten::match::solve_dense_assignment;
using tokten::match::verify_dense_assignment;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

template <class T>
bool is_forbidden(T x, Sense sense) {
  if constexpr (std::is_floating_point_v<T>) {
    return sense == Sense::minimize ? x == std::numeric_limits<T>::infinity()
                                    : x == -std::numeric_limits<T>::infinity();
  } else {
    (void)x;
    (void)sense;
    return false;
  }
}

// Best total over all injective maps of the smaller side; nullopt when none uses only allowed
// pairs. Exhaustive: at most 7!/(7-k)! leaves.
template <class T>
std::optional<long double> brute_force(MatrixView<T> a, Sense sense) {
  const bool t = a.rows > a.cols;
  const MatrixView<T> o = t ? a.transposed() : a;
  const std::ptrdiff_t n = o.rows, m = o.cols;
  std::vector<char> used(static_cast<std::size_t>(m), 0);
  std::optional<long double> best;
  const bool maxi = sense == Sense::maximize;
  auto rec = [&](auto&& self, std::ptrdiff_t i, long double acc) -> void {
    if (i == n) {
      if (!best || (maxi ? acc > *best : acc < *best)) best = acc;
      return;
    }
    for (std::ptrdiff_t j = 0; j < m; ++j) {
      if (used[static_cast<std::size_t>(j)] || is_forbidden(o(i, j), sense)) continue;
      used[static_cast<std::size_t>(j)] = 1;
      self(self, i + 1, acc + static_cast<long double>(o(i, j)));
      used[static_cast<std::size_t>(j)] = 0;
    }
  };
  rec(rec, 0, 0.0L);
  return best;
}

template <class T>
void check_against_brute_force(const std::vector<T>& buf, std::ptrdiff_t n, std::ptrdiff_t m,
                               Sense sense, double rel_tol = 1e-9) {
  const auto a = MatrixView<T>::row_major(buf.data(), n, m);
  const DenseAssignment r = solve_dense_assignment(a, sense);
  const auto expected = brute_force(a, sense);
  INFO("shape " << n << "x" << m << " sense " << (sense == Sense::maximize ? "max" : "min"));
  REQUIRE(r.feasible == expected.has_value());
  const auto rep = verify_dense_assignment(a, sense, r);
  INFO("verification: " << rep.message);
  REQUIRE(rep.ok);
  if (expected) {
    const double e = static_cast<double>(*expected);
    REQUIRE(std::fabs(r.total - e) <= rel_tol * (1.0 + std::fabs(e)));
  }
}

std::vector<double> random_doubles(std::mt19937_64& rng, std::size_t count, double lo,
                                   double hi) {
  std::uniform_real_distribution<double> dist(lo, hi);
  std::vector<double> v(count);
  for (auto& x : v) x = dist(rng);
  return v;
}

template <class T>
std::vector<T> random_ints(std::mt19937_64& rng, std::size_t count, std::int64_t lo,
                           std::int64_t hi) {
  std::uniform_int_distribution<std::int64_t> dist(lo, hi);
  std::vector<T> v(count);
  for (auto& x : v) x = static_cast<T>(dist(rng));
  return v;
}

template <class T>
void forbid(std::mt19937_64& rng, std::vector<T>& v, double p, Sense sense) {
  std::bernoulli_distribution coin(p);
  const T f = sense == Sense::minimize ? std::numeric_limits<T>::infinity()
                                       : -std::numeric_limits<T>::infinity();
  for (auto& x : v)
    if (coin(rng)) x = f;
}

constexpr Sense kSenses[] = {Sense::minimize, Sense::maximize};

}  // namespace

TEST_CASE("brute force: small integer costs with ties, every shape up to 7x7", "[dense][brute]") {
  std::mt19937_64 rng(20240601);
  for (std::ptrdiff_t n = 1; n <= 7; ++n)
    for (std::ptrdiff_t m = 1; m <= 7; ++m)
      for (const Sense s : kSenses)
        for (int rep = 0; rep < 12; ++rep) {
          const auto sz = static_cast<std::size_t>(n * m);
          check_against_brute_force(random_ints<double>(rng, sz, 0, 3), n, m, s);
          check_against_brute_force(random_ints<std::int32_t>(rng, sz, -5, 5), n, m, s);
          check_against_brute_force(random_ints<std::int64_t>(rng, sz, -2, 9), n, m, s);
          check_against_brute_force(random_ints<std::uint8_t>(rng, sz, 0, 1), n, m, s);
        }
}

TEST_CASE("brute force: uniform floats, float32 and float64, mixed signs", "[dense][brute]") {
  std::mt19937_64 rng(7);
  for (std::ptrdiff_t n = 1; n <= 7; ++n)
    for (std::ptrdiff_t m = 1; m <= 7; ++m)
      for (const Sense s : kSenses)
        for (int rep = 0; rep < 10; ++rep) {
          const auto sz = static_cast<std::size_t>(n * m);
          check_against_brute_force(random_doubles(rng, sz, 0.0, 1.0), n, m, s);
          check_against_brute_force(random_doubles(rng, sz, -100.0, 50.0), n, m, s);
          const auto d = random_doubles(rng, sz, -3.0, 3.0);
          std::vector<float> f(d.begin(), d.end());
          check_against_brute_force(f, n, m, s);
        }
}

TEST_CASE("brute force: forbidden entries, some instances infeasible", "[dense][brute][inf]") {
  std::mt19937_64 rng(99);
  int feasible = 0, infeasible = 0;
  for (std::ptrdiff_t n = 1; n <= 7; ++n)
    for (std::ptrdiff_t m = 1; m <= 7; ++m)
      for (const Sense s : kSenses)
        for (const double p : {0.2, 0.5, 0.8})
          for (int rep = 0; rep < 8; ++rep) {
            const auto sz = static_cast<std::size_t>(n * m);
            auto ints = random_ints<double>(rng, sz, -2, 4);
            forbid(rng, ints, p, s);
            check_against_brute_force(ints, n, m, s);
            auto reals = random_doubles(rng, sz, -1.0, 1.0);
            forbid(rng, reals, p, s);
            check_against_brute_force(reals, n, m, s);
            const auto a = MatrixView<double>::row_major(reals.data(), n, m);
            (brute_force(a, s) ? feasible : infeasible) += 1;
            const auto d = random_doubles(rng, sz, 0.0, 10.0);
            std::vector<float> f(d.begin(), d.end());
            forbid(rng, f, p, s);
            check_against_brute_force(f, n, m, s);
          }
  // The families exercise both outcomes.
  REQUIRE(feasible > 100);
  REQUIRE(infeasible > 100);
}

TEST_CASE("empty shapes", "[dense][degenerate]") {
  const std::vector<double> none;
  for (const auto& [n, m] : {std::pair<std::ptrdiff_t, std::ptrdiff_t>{0, 0}, {0, 4}, {3, 0}}) {
    for (const Sense s : kSenses) {
      const auto a = MatrixView<double>::row_major(none.data(), n, m);
      const auto r = solve_dense_assignment(a, s);
      REQUIRE(r.feasible);
      REQUIRE(r.total == 0.0);
      REQUIRE(r.row_to_col == std::vector<std::int64_t>(static_cast<std::size_t>(n), -1));
      REQUIRE(r.col_to_row == std::vector<std::int64_t>(static_cast<std::size_t>(m), -1));
      REQUIRE(r.row_potential == std::vector<double>(static_cast<std::size_t>(n), 0.0));
      REQUIRE(r.col_potential == std::vector<double>(static_cast<std::size_t>(m), 0.0));
      REQUIRE(verify_dense_assignment(a, s, r).ok);
    }
  }
}

TEST_CASE("all-equal costs, single row, single column", "[dense][degenerate]") {
  for (const Sense s : kSenses) {
    for (const std::ptrdiff_t n : {1, 5, 40}) {
      for (const std::ptrdiff_t m : {1, 5, 40}) {
        const std::vector<double> c(static_cast<std::size_t>(n * m), 2.5);
        const auto a = MatrixView<double>::row_major(c.data(), n, m);
        const auto r = solve_dense_assignment(a, s);
        REQUIRE(r.feasible);
        REQUIRE(r.total == 2.5 * static_cast<double>(std::min(n, m)));
        REQUIRE(verify_dense_assignment(a, s, r).ok);
      }
    }
    // One row: the best entry of the row; one column: the best entry of the column.
    const std::vector<double> row = {4, -1, 7, 3, -1, 9};
    const auto r1 = solve_dense_assignment(MatrixView<double>::row_major(row.data(), 1, 6), s);
    REQUIRE(r1.total == (s == Sense::minimize ? -1.0 : 9.0));
    const auto r2 = solve_dense_assignment(MatrixView<double>::row_major(row.data(), 6, 1), s);
    REQUIRE(r2.total == (s == Sense::minimize ? -1.0 : 9.0));
    REQUIRE(std::count(r2.row_to_col.begin(), r2.row_to_col.end(), 0) == 1);
  }
}

TEST_CASE("negative and mixed-sign costs on larger instances are certified", "[dense]") {
  std::mt19937_64 rng(31337);
  for (const Sense s : kSenses)
    for (const auto& [n, m] : {std::pair<std::ptrdiff_t, std::ptrdiff_t>{60, 60}, {40, 90},
                               {90, 40}, {1, 200}, {200, 3}}) {
      const auto sz = static_cast<std::size_t>(n * m);
      auto neg = random_doubles(rng, sz, -1000.0, -1.0);
      const auto a = MatrixView<double>::row_major(neg.data(), n, m);
      const auto r = solve_dense_assignment(a, s);
      REQUIRE(r.feasible);
      const auto rep = verify_dense_assignment(a, s, r);
      INFO(rep.message);
      REQUIRE(rep.ok);
      auto ints = random_ints<std::int32_t>(rng, sz, -50, 50);
      const auto b = MatrixView<std::int32_t>::row_major(ints.data(), n, m);
      const auto rb = solve_dense_assignment(b, s);
      const auto repb = verify_dense_assignment(b, s, rb, 0.0);  // integers: exact
      INFO(repb.message);
      REQUIRE(repb.ok);
    }
}

TEST_CASE("int64 costs near +-1e15 are solved exactly (int64 kernel)", "[dense][int]") {
  std::mt19937_64 rng(11);
  const std::int64_t big = 1'000'000'000'000'000;  // above 2^49: the exact int64 kernel
  for (std::ptrdiff_t n = 1; n <= 7; ++n)
    for (std::ptrdiff_t m = 1; m <= 7; ++m)
      for (const Sense s : kSenses)
        for (int rep = 0; rep < 4; ++rep) {
          // Large offsets with small differences: double arithmetic on the potentials would
          // still be exact here, but the decision depends on the last digits.
          auto c = random_ints<std::int64_t>(rng, static_cast<std::size_t>(n * m), -3, 3);
          std::bernoulli_distribution sign(0.5);
          for (auto& x : c) x += sign(rng) ? big : -big;
          const auto a = MatrixView<std::int64_t>::row_major(c.data(), n, m);
          const auto r = solve_dense_assignment(a, s);
          REQUIRE(r.feasible);
          const auto e = brute_force(a, s);
          REQUIRE(e);
          REQUIRE(static_cast<std::int64_t>(r.total) == static_cast<std::int64_t>(*e));
          REQUIRE(verify_dense_assignment(a, s, r, 0.0).ok);
        }
}

TEST_CASE("int64 costs near 2^62 and int32 near its limits", "[dense][int]") {
  std::mt19937_64 rng(12);
  for (const Sense s : kSenses)
    for (int rep = 0; rep < 50; ++rep) {
      // int32: the whole range, including INT32_MIN (double kernel, exact).
      auto c32 = random_ints<std::int32_t>(rng, 20, std::numeric_limits<std::int32_t>::max() - 5,
                                           std::numeric_limits<std::int32_t>::max());
      for (std::size_t k = 0; k < c32.size(); k += 3)
        c32[k] = std::numeric_limits<std::int32_t>::min() + static_cast<std::int32_t>(k % 4);
      const auto a32 = MatrixView<std::int32_t>::row_major(c32.data(), 4, 5);
      const auto r32 = solve_dense_assignment(a32, s);
      const auto e32 = brute_force(a32, s);
      REQUIRE(static_cast<std::int64_t>(r32.total) == static_cast<std::int64_t>(*e32));
      REQUIRE(verify_dense_assignment(a32, s, r32, 0.0).ok);

      // int64 beyond 2^56: the long double kernel; optimal within long double precision.
      const std::int64_t top = std::numeric_limits<std::int64_t>::max();
      auto c64 = random_ints<std::int64_t>(rng, 12, top - 1000, top);
      c64[5] = std::numeric_limits<std::int64_t>::min();
      const auto a64 = MatrixView<std::int64_t>::row_major(c64.data(), 3, 4);
      const auto r64 = solve_dense_assignment(a64, s);
      const auto e64 = brute_force(a64, s);
      REQUIRE(r64.feasible);
      REQUIRE(std::fabs(r64.total - static_cast<double>(*e64)) <= 1e-12 * std::fabs(r64.total));
      const auto rep64 = verify_dense_assignment(a64, s, r64, 1e-12);
      INFO(rep64.message);
      REQUIRE(rep64.ok);
    }
}

TEST_CASE("a single perfect matching hidden in infinities", "[dense][inf]") {
  std::mt19937_64 rng(5);
  for (const Sense s : kSenses)
    for (const std::ptrdiff_t n : {1, 2, 17, 120}) {
      std::vector<std::ptrdiff_t> perm(static_cast<std::size_t>(n));
      std::iota(perm.begin(), perm.end(), 0);
      std::shuffle(perm.begin(), perm.end(), rng);
      const double f = s == Sense::minimize ? kInf : -kInf;
      std::vector<double> c(static_cast<std::size_t>(n * n), f);
      double expected = 0;
      for (std::ptrdiff_t i = 0; i < n; ++i) {
        const double x = static_cast<double>((i * 7) % 11) - 3.0;
        c[static_cast<std::size_t>(i * n + perm[static_cast<std::size_t>(i)])] = x;
        expected += x;
      }
      const auto a = MatrixView<double>::row_major(c.data(), n, n);
      const auto r = solve_dense_assignment(a, s);
      REQUIRE(r.feasible);
      REQUIRE(r.total == expected);
      for (std::ptrdiff_t i = 0; i < n; ++i)
        REQUIRE(r.row_to_col[static_cast<std::size_t>(i)] == perm[static_cast<std::size_t>(i)]);
      REQUIRE(verify_dense_assignment(a, s, r).ok);
    }
}

TEST_CASE("an all-inf column", "[dense][inf]") {
  for (const Sense s : kSenses) {
    const double f = s == Sense::minimize ? kInf : -kInf;
    // Square: infeasible.
    std::vector<double> sq = {1, f, 3, 4, f, 6, 7, f, 9};
    const auto a = MatrixView<double>::row_major(sq.data(), 3, 3);
    const auto r = solve_dense_assignment(a, s);
    REQUIRE_FALSE(r.feasible);
    REQUIRE(std::isnan(r.total));
    REQUIRE(r.row_to_col == std::vector<std::int64_t>(3, -1));
    REQUIRE(verify_dense_assignment(a, s, r).ok);  // confirms no perfect matching exists
    // Wide: the column may stay unmatched, feasible.
    std::vector<double> wide = {1, f, 3, 0, 4, f, 6, 0};
    const auto b = MatrixView<double>::row_major(wide.data(), 2, 4);
    const auto rb = solve_dense_assignment(b, s);
    REQUIRE(rb.feasible);
    REQUIRE(rb.total == (s == Sense::minimize ? 1.0 + 0.0 : 1.0 + 6.0));
    REQUIRE(verify_dense_assignment(b, s, rb).ok);
    // Transposed, the all-inf column is a row of the larger side: still feasible.
    const auto rt = solve_dense_assignment(b.transposed(), s);
    REQUIRE(rt.feasible);
    REQUIRE(rt.total == rb.total);
    // An all-inf row of the smaller side: infeasible.
    std::vector<double> rowinf = {1, 2, 3, 4, f, f, f, f};
    const auto ri = solve_dense_assignment(MatrixView<double>::row_major(rowinf.data(), 2, 4), s);
    REQUIRE_FALSE(ri.feasible);
    const auto rit =
        solve_dense_assignment(MatrixView<double>::col_major(rowinf.data(), 4, 2), s);
    REQUIRE_FALSE(rit.feasible);
    // Everything forbidden.
    std::vector<double> all(12, f);
    const auto ra = solve_dense_assignment(MatrixView<double>::row_major(all.data(), 3, 4), s);
    REQUIRE_FALSE(ra.feasible);
  }
}

TEST_CASE("invalid entries throw", "[dense][invalid]") {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  auto throws = [](std::vector<double> c, std::ptrdiff_t n, std::ptrdiff_t m, Sense s) {
    try {
      (void)solve_dense_assignment(MatrixView<double>::row_major(c.data(), n, m), s);
    } catch (const std::invalid_argument& e) {
      REQUIRE(std::string(e.what()) == "matrix contains invalid numeric entries");
      return true;
    }
    return false;
  };
  for (const Sense s : kSenses) {
    REQUIRE(throws({nan}, 1, 1, s));
    REQUIRE(throws({1, 2, 3, nan}, 2, 2, s));
    REQUIRE(throws({1, 2, 3, nan, 5, 6}, 3, 2, s));
  }
  REQUIRE(throws({1, -kInf, 3, 4}, 2, 2, Sense::minimize));
  REQUIRE(throws({1, kInf, 3, 4}, 2, 2, Sense::maximize));
  REQUIRE_FALSE(throws({1, kInf, 3, 4}, 2, 2, Sense::minimize));
  REQUIRE_FALSE(throws({1, -kInf, 3, 4}, 2, 2, Sense::maximize));
  // -inf is forbidden when maximising: a lone -inf is infeasible, not invalid.
  std::vector<double> one = {-kInf};
  REQUIRE_FALSE(
      solve_dense_assignment(MatrixView<double>::row_major(one.data(), 1, 1), Sense::maximize)
          .feasible);
  std::vector<float> fnan = {1.0f, std::numeric_limits<float>::quiet_NaN()};
  REQUIRE_THROWS_AS(
      solve_dense_assignment(MatrixView<float>::row_major(fnan.data(), 1, 2), Sense::minimize),
      std::invalid_argument);
}

TEST_CASE("column-major, transposed and negative-stride views give the same total",
          "[dense][strides]") {
  std::mt19937_64 rng(2024);
  for (const Sense s : kSenses)
    for (const auto& [n, m] : {std::pair<std::ptrdiff_t, std::ptrdiff_t>{30, 30}, {20, 45},
                               {45, 20}, {7, 3}}) {
      const auto rm = random_doubles(rng, static_cast<std::size_t>(n * m), 0.0, 1.0);
      std::vector<double> cm(rm.size());
      for (std::ptrdiff_t i = 0; i < n; ++i)
        for (std::ptrdiff_t j = 0; j < m; ++j)
          cm[static_cast<std::size_t>(j * n + i)] = rm[static_cast<std::size_t>(i * m + j)];
      const auto a = MatrixView<double>::row_major(rm.data(), n, m);
      const auto b = MatrixView<double>::col_major(cm.data(), n, m);
      // Rows in reverse order through a negative row stride.
      const MatrixView<double> rev{rm.data() + (n - 1) * m, n, m, -m, 1};
      const auto ra = solve_dense_assignment(a, s);
      const auto rb = solve_dense_assignment(b, s);
      const auto rt = solve_dense_assignment(a.transposed(), s);
      const auto rr = solve_dense_assignment(rev, s);
      REQUIRE(verify_dense_assignment(a, s, ra).ok);
      REQUIRE(verify_dense_assignment(b, s, rb).ok);
      REQUIRE(verify_dense_assignment(a.transposed(), s, rt).ok);
      REQUIRE(verify_dense_assignment(rev, s, rr).ok);
      REQUIRE(rb.total == Approx(ra.total).epsilon(1e-12));
      REQUIRE(rt.total == Approx(ra.total).epsilon(1e-12));
      REQUIRE(rr.total == Approx(ra.total).epsilon(1e-12));
      // A strided view of every other column of a wider buffer.
      std::vector<double> wide(static_cast<std::size_t>(n * m * 2));
      for (std::size_t k = 0; k < rm.size(); ++k) wide[2 * k] = rm[k];
      const MatrixView<double> strided{wide.data(), n, m, 2 * m, 2};
      const auto rs = solve_dense_assignment(strided, s);
      REQUIRE(rs.total == Approx(ra.total).epsilon(1e-12));
    }
}

TEST_CASE("larger random instances are certified optimal", "[dense][certificate]") {
  std::mt19937_64 rng(777);
  for (const Sense s : kSenses)
    for (const auto& [n, m] : {std::pair<std::ptrdiff_t, std::ptrdiff_t>{150, 150}, {100, 250},
                               {250, 100}}) {
      const auto sz = static_cast<std::size_t>(n * m);
      auto c = random_doubles(rng, sz, 0.0, 1.0);
      forbid(rng, c, 0.3, s);
      const auto a = MatrixView<double>::row_major(c.data(), n, m);
      const auto r = solve_dense_assignment(a, s);
      REQUIRE(r.feasible);
      const auto rep = verify_dense_assignment(a, s, r);
      INFO(rep.message);
      REQUIRE(rep.ok);
      auto f = std::vector<float>(c.begin(), c.end());
      const auto af = MatrixView<float>::row_major(f.data(), n, m);
      const auto rf = solve_dense_assignment(af, s);
      REQUIRE(verify_dense_assignment(af, s, rf).ok);
      auto k = random_ints<std::int64_t>(rng, sz, 0, 100);
      const auto ak = MatrixView<std::int64_t>::row_major(k.data(), n, m);
      const auto rk = solve_dense_assignment(ak, s);
      REQUIRE(verify_dense_assignment(ak, s, rk, 0.0).ok);
    }
}

TEST_CASE("deterministic: the same input gives the same output", "[dense]") {
  std::mt19937_64 rng(4);
  const auto c = random_ints<double>(rng, 80 * 120, 0, 5);  // many ties
  const auto a = MatrixView<double>::row_major(c.data(), 80, 120);
  const auto r1 = solve_dense_assignment(a, Sense::minimize);
  const auto r2 = solve_dense_assignment(a, Sense::minimize);
  REQUIRE(r1.row_to_col == r2.row_to_col);
  REQUIRE(r1.col_to_row == r2.col_to_row);
  REQUIRE(r1.row_potential == r2.row_potential);
  REQUIRE(r1.col_potential == r2.col_potential);
}

TEST_CASE("verify_dense_assignment rejects wrong results", "[dense][verify]") {
  const std::vector<double> c = {4, 1, 3, 2, 0, 5, 3, 2, 2};
  const auto a = MatrixView<double>::row_major(c.data(), 3, 3);
  const auto good = solve_dense_assignment(a, Sense::minimize);
  REQUIRE(good.total == 5.0);
  REQUIRE(verify_dense_assignment(a, Sense::minimize, good).ok);
  // Optimal for minimising is not optimal for maximising.
  REQUIRE_FALSE(verify_dense_assignment(a, Sense::maximize, good).ok);
  {  // A suboptimal matching with a consistent total.
    auto bad = good;
    std::swap(bad.row_to_col[0], bad.row_to_col[1]);
    bad.col_to_row[static_cast<std::size_t>(bad.row_to_col[0])] = 0;
    bad.col_to_row[static_cast<std::size_t>(bad.row_to_col[1])] = 1;
    bad.total = c[static_cast<std::size_t>(bad.row_to_col[0])] +
                c[static_cast<std::size_t>(3 + bad.row_to_col[1])] +
                c[static_cast<std::size_t>(6 + bad.row_to_col[2])];
    REQUIRE_FALSE(verify_dense_assignment(a, Sense::minimize, bad).ok);
  }
  {  // A wrong total.
    auto bad = good;
    bad.total += 1;
    REQUIRE_FALSE(verify_dense_assignment(a, Sense::minimize, bad).ok);
  }
  {  // A potential raised beyond dual feasibility.
    auto bad = good;
    bad.row_potential[0] += 10;
    REQUIRE_FALSE(verify_dense_assignment(a, Sense::minimize, bad).ok);
  }
  {  // Claimed infeasible although a perfect matching exists.
    DenseAssignment bad;
    bad.feasible = false;
    REQUIRE_FALSE(verify_dense_assignment(a, Sense::minimize, bad).ok);
  }
  {  // Rectangular: an unmatched column with a non-zero potential.
    const std::vector<double> w = {1, 2, 3, 4, 5, 6};
    const auto b = MatrixView<double>::row_major(w.data(), 2, 3);
    const auto r = solve_dense_assignment(b, Sense::minimize);
    REQUIRE(verify_dense_assignment(b, Sense::minimize, r).ok);
    auto bad = r;
    for (std::size_t j = 0; j < 3; ++j)
      if (bad.col_to_row[j] < 0) bad.col_potential[j] = -1;
    REQUIRE_FALSE(verify_dense_assignment(b, Sense::minimize, bad).ok);
  }
}

// The square kernel starts with the Jonker-Volgenant initialisation (column reduction, reduction
// transfer, augmenting row reduction) and scans with SSE2 vector code; the tests below aim at
// both: heavy ties, rows and columns with one allowed entry, all-forbidden lines, odd sizes for
// the vector tails, and integers near the 2^40 limit of the initialisation.

TEST_CASE("square JV initialisation: ties, mixed signs and odd sizes against brute force",
          "[dense][brute][jvinit]") {
  std::mt19937_64 rng(9001);
  for (const Sense s : kSenses)
    for (std::ptrdiff_t n = 1; n <= 7; ++n)
      for (int rep = 0; rep < 25; ++rep) {
        const auto sz = static_cast<std::size_t>(n * n);
        check_against_brute_force(random_ints<std::int64_t>(rng, sz, -3, 3), n, n, s, 0.0);
        check_against_brute_force(random_ints<std::int32_t>(rng, sz, 0, 2), n, n, s, 0.0);
        check_against_brute_force(random_ints<double>(rng, sz, -2, 2), n, n, s);
        check_against_brute_force(random_doubles(rng, sz, -1.0, 1.0), n, n, s);
        auto f = random_doubles(rng, sz, 0.0, 1.0);
        check_against_brute_force(std::vector<float>(f.begin(), f.end()), n, n, s);
      }
}

TEST_CASE("square JV initialisation: rows and columns with a single allowed entry",
          "[dense][brute][inf][jvinit]") {
  std::mt19937_64 rng(31337);
  for (const Sense s : kSenses) {
    const double f = s == Sense::minimize ? kInf : -kInf;
    for (std::ptrdiff_t n = 2; n <= 7; ++n)
      for (int rep = 0; rep < 40; ++rep) {
        auto c = random_ints<double>(rng, static_cast<std::size_t>(n * n), 0, 4);
        forbid(rng, c, 0.5, s);
        // One row and one column keep exactly one allowed entry; sometimes a whole line goes.
        const auto r0 = static_cast<std::ptrdiff_t>(rng() % static_cast<std::uint64_t>(n));
        const auto c0 = static_cast<std::ptrdiff_t>(rng() % static_cast<std::uint64_t>(n));
        for (std::ptrdiff_t j = 0; j < n; ++j)
          if (j != c0) c[static_cast<std::size_t>(r0 * n + j)] = f;
        for (std::ptrdiff_t i = 0; i < n; ++i)
          if (i != r0 && rep % 3 == 0) c[static_cast<std::size_t>(i * n + c0)] = f;
        if (rep % 7 == 0) c[static_cast<std::size_t>(r0 * n + c0)] = f;  // an all-forbidden row
        check_against_brute_force(c, n, n, s);
      }
  }
}

TEST_CASE("square JV initialisation: larger instances with ties are certified exactly",
          "[dense][certificate][jvinit]") {
  std::mt19937_64 rng(2718);
  for (const Sense s : kSenses)
    for (const std::ptrdiff_t n : {97, 160, 301}) {
      const auto sz = static_cast<std::size_t>(n * n);
      for (const std::int64_t hi : {std::int64_t{1}, std::int64_t{10}, std::int64_t{1000}}) {
        const auto k = random_ints<std::int64_t>(rng, sz, -hi, hi);
        const auto ak = MatrixView<std::int64_t>::row_major(k.data(), n, n);
        const auto rk = solve_dense_assignment(ak, s);
        REQUIRE(rk.feasible);
        const auto rep = verify_dense_assignment(ak, s, rk, 0.0);
        INFO(rep.message);
        REQUIRE(rep.ok);
        // The same matrix as int32, column-major: same optimal total.
        std::vector<std::int32_t> kc(sz);
        for (std::ptrdiff_t i = 0; i < n; ++i)
          for (std::ptrdiff_t j = 0; j < n; ++j)
            kc[static_cast<std::size_t>(j * n + i)] =
                static_cast<std::int32_t>(k[static_cast<std::size_t>(i * n + j)]);
        const auto ac = MatrixView<std::int32_t>::col_major(kc.data(), n, n);
        const auto rc = solve_dense_assignment(ac, s);
        REQUIRE(verify_dense_assignment(ac, s, rc, 0.0).ok);
        REQUIRE(rc.total == rk.total);
      }
      auto c = random_doubles(rng, sz, -5.0, 5.0);
      forbid(rng, c, 0.2, s);
      const auto a = MatrixView<double>::row_major(c.data(), n, n);
      const auto r = solve_dense_assignment(a, s);
      REQUIRE(r.feasible);
      const auto rep = verify_dense_assignment(a, s, r);
      INFO(rep.message);
      REQUIRE(rep.ok);
    }
}

TEST_CASE("square integers around the 2^40 initialisation limit are solved exactly",
          "[dense][int][jvinit]") {
  std::mt19937_64 rng(4242);
  const std::int64_t lim = std::int64_t{1} << 40;
  for (const Sense s : kSenses)
    for (const std::int64_t hi : {lim - 7, lim + 5, std::int64_t{1} << 45, std::int64_t{1} << 49}) {
      for (std::ptrdiff_t n = 2; n <= 6; ++n)
        for (int rep = 0; rep < 10; ++rep) {
          // Near +-hi with small spreads: large magnitudes, many near-ties.
          auto k = random_ints<std::int64_t>(rng, static_cast<std::size_t>(n * n), -4, 4);
          for (auto& x : k) x += (x % 2 == 0) ? hi - 8 : -(hi - 8);
          check_against_brute_force(k, n, n, s, 0.0);
        }
      // Totals stay below 2^53, where the reported total is exact.
      const std::ptrdiff_t n = hi > (std::int64_t{1} << 46) ? 8 : 64;
      auto k = random_ints<std::int64_t>(rng, static_cast<std::size_t>(n * n), -hi, hi);
      const auto a = MatrixView<std::int64_t>::row_major(k.data(), n, n);
      const auto r = solve_dense_assignment(a, s);
      REQUIRE(verify_dense_assignment(a, s, r, 0.0).ok);
    }
}

// The rectangular initialisation (augmenting row reduction from v = 0 on every row) must keep
// the larger side's conditions: every column potential <= 0 and 0 where unmatched. Thousands of
// seeded rectangles, both orientations, ties and forbidden pairs, against brute force.
TEST_CASE("rectangular initialisation: thousands of seeded rectangles against brute force",
          "[dense][brute][rectinit]") {
  std::mt19937_64 rng(31337);
  int checked = 0;
  for (int rep = 0; rep < 1500; ++rep) {
    std::uniform_int_distribution<int> side(1, 7);
    std::ptrdiff_t n = side(rng), m = side(rng);
    if (n == m) m = n < 7 ? n + 1 : n - 1;
    const Sense s = kSenses[rep % 2];
    const auto sz = static_cast<std::size_t>(n * m);
    switch (rep % 5) {
      case 0: check_against_brute_force(random_ints<std::int64_t>(rng, sz, 0, 2), n, m, s, 0.0);
        break;
      case 1: check_against_brute_force(random_ints<std::int32_t>(rng, sz, -3, 3), n, m, s, 0.0);
        break;
      case 2: check_against_brute_force(random_doubles(rng, sz, -1.0, 1.0), n, m, s); break;
      case 3: {
        auto c = random_ints<double>(rng, sz, 0, 4);
        forbid(rng, c, 0.35, s);
        check_against_brute_force(c, n, m, s);
        break;
      }
      default: {
        const auto d = random_doubles(rng, sz, 0.0, 10.0);
        std::vector<float> f(d.begin(), d.end());
        check_against_brute_force(f, n, m, s);
      }
    }
    ++checked;
  }
  REQUIRE(checked == 1500);
}

TEST_CASE("rectangular initialisation: larger rectangles are certified exactly",
          "[dense][certificate][rectinit]") {
  std::mt19937_64 rng(1618);
  for (const Sense s : kSenses)
    for (const auto& [n, m] : {std::pair<std::ptrdiff_t, std::ptrdiff_t>{60, 61}, {100, 200},
                               {333, 128}, {17, 400}}) {
      const auto sz = static_cast<std::size_t>(n * m);
      for (const std::int64_t hi : {std::int64_t{1}, std::int64_t{3}, std::int64_t{100},
                                    std::int64_t{1000000}}) {
        const auto k = random_ints<std::int64_t>(rng, sz, 0, hi);
        const auto ak = MatrixView<std::int64_t>::row_major(k.data(), n, m);
        const auto rk = solve_dense_assignment(ak, s);
        const auto rep = verify_dense_assignment(ak, s, rk, 0.0);
        INFO(n << "x" << m << " hi " << hi << ": " << rep.message);
        REQUIRE(rep.ok);
        // The floating path (one label per step) agrees with the integer path (labels all the
        // columns at the least distance at once) on the same values.
        const std::vector<double> kd(k.begin(), k.end());
        const auto ad = MatrixView<double>::row_major(kd.data(), n, m);
        const auto rd = solve_dense_assignment(ad, s);
        REQUIRE(verify_dense_assignment(ad, s, rd, 0.0).ok);
        REQUIRE(rd.total == rk.total);
      }
      auto c = random_doubles(rng, sz, -5.0, 5.0);
      forbid(rng, c, 0.25, s);
      const auto a = MatrixView<double>::row_major(c.data(), n, m);
      const auto r = solve_dense_assignment(a, s);
      REQUIRE(r.feasible);
      const auto rep = verify_dense_assignment(a, s, r);
      INFO(rep.message);
      REQUIRE(rep.ok);
    }
}

// The integer Dijkstra labels every column at the current least distance at once and stops at
// the first unmatched one; many ties (costs in 0..k for small k) exercise it hard. Thousands of
// seeded instances, square and rectangular, certified exactly and cross-checked against the
// floating path on the same values.
TEST_CASE("tie-heavy integer costs: batch labelling certified on thousands of instances",
          "[dense][certificate][ties]") {
  std::mt19937_64 rng(8080);
  for (int rep = 0; rep < 2000; ++rep) {
    std::uniform_int_distribution<int> side(2, 40);
    const std::ptrdiff_t n = side(rng);
    const std::ptrdiff_t m = rep % 3 == 0 ? n : side(rng);
    const Sense s = kSenses[rep % 2];
    const std::int64_t hi = std::int64_t{1} + rep % 6;
    const auto sz = static_cast<std::size_t>(n * m);
    const auto k = random_ints<std::int64_t>(rng, sz, rep % 4 == 0 ? -hi : 0, hi);
    const auto ak = MatrixView<std::int64_t>::row_major(k.data(), n, m);
    const auto rk = solve_dense_assignment(ak, s);
    const auto repk = verify_dense_assignment(ak, s, rk, 0.0);
    INFO("rep " << rep << " " << n << "x" << m << ": " << repk.message);
    REQUIRE(repk.ok);
    const std::vector<double> kd(k.begin(), k.end());
    const auto ad = MatrixView<double>::row_major(kd.data(), n, m);
    const auto rd = solve_dense_assignment(ad, s);
    REQUIRE(verify_dense_assignment(ad, s, rd, 0.0).ok);
    REQUIRE(rd.total == rk.total);
  }
}

// Validation is vectorised per row with an exact re-check: a bad entry anywhere (vector body or
// tail, first or last row, any layout) must throw, and +inf (minimising) must not.
TEST_CASE("invalid entries throw wherever they sit", "[dense][invalid]") {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  for (const std::ptrdiff_t m : {1, 2, 3, 5, 8, 9}) {
    const std::ptrdiff_t n = 3;
    for (std::ptrdiff_t at = 0; at < n * m; ++at) {
      for (const double bad : {nan, -kInf}) {
        std::vector<double> c(static_cast<std::size_t>(n * m), 1.0);
        c[static_cast<std::size_t>(at)] = bad;
        REQUIRE_THROWS_AS(solve_dense_assignment(MatrixView<double>::row_major(c.data(), n, m),
                                                 Sense::minimize),
                          std::invalid_argument);
        REQUIRE_THROWS_AS(solve_dense_assignment(MatrixView<double>::col_major(c.data(), n, m),
                                                 Sense::minimize),
                          std::invalid_argument);
        std::vector<float> f(c.begin(), c.end());
        REQUIRE_THROWS_AS(solve_dense_assignment(MatrixView<float>::row_major(f.data(), n, m),
                                                 Sense::minimize),
                          std::invalid_argument);
      }
      std::vector<double> c(static_cast<std::size_t>(n * m), 1.0);
      c[static_cast<std::size_t>(at)] = kInf;  // forbidden, valid when minimising
      REQUIRE_NOTHROW(solve_dense_assignment(MatrixView<double>::row_major(c.data(), n, m),
                                             Sense::minimize));
      REQUIRE_THROWS_AS(solve_dense_assignment(MatrixView<double>::row_major(c.data(), n, m),
                                               Sense::maximize),
                        std::invalid_argument);
    }
  }
}

// The sparsify-and-verify path (dense_sparsify.hpp), forced on small matrices with few kept
// entries so that violations, rows without an augmenting path over the arcs, the dense repair
// and the fallback to the plain solver all occur. Every result is certified and its total
// compared with the plain solver's (sparsify disabled).
TEST_CASE("sparsify-and-verify: thousands of seeded instances certified against the plain path",
          "[dense][certificate][sparsify]") {
  std::mt19937_64 rng(4242);
  tokten::match::DenseOptions sparse_opt;
  sparse_opt.sparsify_min_size = 1;
  sparse_opt.sparsify_rect_min_size = 1;
  tokten::match::DenseOptions plain_opt;
  plain_opt.sparsify_min_size = 0;
  int infeasible = 0;
  for (int rep = 0; rep < 3000; ++rep) {
    std::uniform_int_distribution<int> side(5, 48);
    const std::ptrdiff_t n = side(rng);
    // Mostly square (the path's domain); some rectangles of both orientations.
    const std::ptrdiff_t m = rep % 5 == 4 ? side(rng) : n;
    const Sense s = kSenses[rep % 2];
    sparse_opt.sparsify_k = 1 + rep % 3;
    sparse_opt.sparsify_kcol = 1 + rep % 2;
    const auto sz = static_cast<std::size_t>(n * m);
    auto check = [&](const auto& c, double tol) {
      using T = typename std::decay_t<decltype(c)>::value_type;
      const auto a = MatrixView<T>::row_major(c.data(), n, m);
      const auto r = solve_dense_assignment(a, s, sparse_opt);
      const auto rep_ok = verify_dense_assignment(a, s, r, tol);
      INFO("rep " << rep << " " << n << "x" << m << ": " << rep_ok.message);
      REQUIRE(rep_ok.ok);
      const auto p = solve_dense_assignment(a, s, plain_opt);
      REQUIRE(p.feasible == r.feasible);
      if (!r.feasible) {
        ++infeasible;
        return;
      }
      REQUIRE(std::fabs(p.total - r.total) <= 1e-9 * (1 + std::fabs(p.total)));
    };
    switch (rep % 6) {
      case 0: check(random_ints<std::int64_t>(rng, sz, 0, 1 + rep % 4), 0.0); break;
      case 1: check(random_ints<std::int32_t>(rng, sz, -1000000, 1000000), 0.0); break;
      case 2: check(random_doubles(rng, sz, -1.0, 1.0), 1e-9); break;
      case 3: {
        auto c = random_doubles(rng, sz, 0.0, 10.0);
        forbid(rng, c, rep % 12 == 3 ? 0.85 : 0.3, s);
        check(c, 1e-9);
        break;
      }
      case 4: {
        const auto d = random_doubles(rng, sz, 0.0, 1.0);
        std::vector<float> f(d.begin(), d.end());
        check(f, 1e-9);
        break;
      }
      default: {
        // Geometric: distances between random points (many violations of the sparse duals).
        std::uniform_real_distribution<double> U(0.0, 1.0);
        std::vector<double> px(static_cast<std::size_t>(n)), py(px), qx(static_cast<std::size_t>(m)), qy(qx);
        for (auto& x : px) x = U(rng);
        for (auto& x : py) x = U(rng);
        for (auto& x : qx) x = U(rng);
        for (auto& x : qy) x = U(rng);
        std::vector<double> c(sz);
        for (std::ptrdiff_t i = 0; i < n; ++i)
          for (std::ptrdiff_t j = 0; j < m; ++j)
            c[static_cast<std::size_t>(i * m + j)] =
                std::hypot(px[static_cast<std::size_t>(i)] - qx[static_cast<std::size_t>(j)],
                           py[static_cast<std::size_t>(i)] - qy[static_cast<std::size_t>(j)]);
        check(c, 1e-9);
      }
    }
  }
  REQUIRE(infeasible > 0);  // the dense-forbidden instances include infeasible ones
}

TEST_CASE("sparsify-and-verify: large instances at the default threshold are certified",
          "[dense][certificate][sparsify]") {
  std::mt19937_64 rng(777);
  for (const Sense s : kSenses) {
    const std::ptrdiff_t n = 300;
    const auto sz = static_cast<std::size_t>(n * n);
    const auto k = random_ints<std::int64_t>(rng, sz, 0, 300000);
    const auto ak = MatrixView<std::int64_t>::row_major(k.data(), n, n);
    REQUIRE(verify_dense_assignment(ak, s, solve_dense_assignment(ak, s), 0.0).ok);
    const auto k2 = random_ints<std::int64_t>(rng, sz, 0, 100);
    const auto ak2 = MatrixView<std::int64_t>::row_major(k2.data(), n, n);
    REQUIRE(verify_dense_assignment(ak2, s, solve_dense_assignment(ak2, s), 0.0).ok);
    auto c = random_doubles(rng, sz, 0.0, 1.0);
    forbid(rng, c, 0.5, s);
    const auto a = MatrixView<double>::row_major(c.data(), n, n);
    const auto r = solve_dense_assignment(a, s);
    REQUIRE(r.feasible);
    REQUIRE(verify_dense_assignment(a, s, r).ok);
    const std::vector<double> allsame(sz, 1.5);
    const auto a2 = MatrixView<double>::row_major(allsame.data(), n, n);
    const auto r2 = solve_dense_assignment(a2, s);
    REQUIRE(verify_dense_assignment(a2, s, r2).ok);
  }
}

// Geometric costs (distances between random points) violate the sparse duals massively in the
// first verification: the path then runs several rounds, adding each violating row's most
// violated entries and re-solving from a warm start. Certified, and equal to the plain path.
TEST_CASE("sparsify-and-verify: geometric instances at the default threshold, several rounds",
          "[dense][certificate][sparsify]") {
  std::mt19937_64 rng(31337);
  tokten::match::DenseOptions plain_opt;
  plain_opt.sparsify_min_size = 0;
  for (const std::ptrdiff_t n : {256, 400, 700}) {
    for (const Sense s : kSenses) {
      std::uniform_real_distribution<double> U(0.0, 1.0);
      std::vector<double> px(static_cast<std::size_t>(n)), py(px), qx(px), qy(px);
      for (auto* vec : {&px, &py, &qx, &qy})
        for (auto& x : *vec) x = U(rng);
      std::vector<double> c(static_cast<std::size_t>(n * n));
      for (std::ptrdiff_t i = 0; i < n; ++i)
        for (std::ptrdiff_t j = 0; j < n; ++j)
          c[static_cast<std::size_t>(i * n + j)] =
              std::hypot(px[static_cast<std::size_t>(i)] - qx[static_cast<std::size_t>(j)],
                         py[static_cast<std::size_t>(i)] - qy[static_cast<std::size_t>(j)]);
      const auto a = MatrixView<double>::row_major(c.data(), n, n);
      const auto r = solve_dense_assignment(a, s);
      REQUIRE(r.feasible);
      REQUIRE(verify_dense_assignment(a, s, r).ok);
      const auto p = solve_dense_assignment(a, s, plain_opt);
      REQUIRE(std::fabs(p.total - r.total) <= 1e-9 * (1 + std::fabs(p.total)));
      const std::vector<float> f(c.begin(), c.end());
      const auto af = MatrixView<float>::row_major(f.data(), n, n);
      REQUIRE(verify_dense_assignment(af, s, solve_dense_assignment(af, s)).ok);
    }
  }
}

// Validation fused into other passes: the sparsify path validates each row inside its selection
// pass (squares; rectangles when forced) and floating rectangles are validated row by row inside
// the JV initialisation. Bad entries anywhere (also behind an all-forbidden row, which alone
// would report infeasibility) must still throw, in both senses and orientations.
TEST_CASE("fused validation: invalid entries throw on every path", "[dense][invalid][sparsify]") {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  tokten::match::DenseOptions forced;
  forced.sparsify_min_size = 1;
  forced.sparsify_rect_min_size = 1;
  forced.sparsify_k = 2;
  tokten::match::DenseOptions plain;
  plain.sparsify_min_size = 0;
  std::mt19937_64 rng(9090);
  for (const auto& opt : {forced, plain, tokten::match::DenseOptions{}}) {
    for (const auto& [n, m] : std::vector<std::pair<std::ptrdiff_t, std::ptrdiff_t>>{
             {12, 12}, {9, 17}, {17, 9}, {6, 40}, {40, 6}}) {
      for (const Sense s : kSenses) {
        const double forbidden = s == Sense::minimize ? kInf : -kInf;
        const double badinf = -forbidden;
        for (int rep = 0; rep < 12; ++rep) {
          auto c = random_doubles(rng, static_cast<std::size_t>(n * m), -5.0, 5.0);
          std::uniform_int_distribution<std::ptrdiff_t> at(0, n * m - 1);
          const std::ptrdiff_t p = rep % 3 == 0 ? n * m - 1 : at(rng);
          if (rep % 4 == 1) {
            // An all-forbidden first row (smaller side) before the bad entry.
            const bool t = n > m;
            for (std::ptrdiff_t k = 0; k < (t ? n : m); ++k)
              c[static_cast<std::size_t>(t ? k * m : k)] = forbidden;
          }
          c[static_cast<std::size_t>(p)] = rep % 2 == 0 ? nan : badinf;
          INFO(n << "x" << m << " rep " << rep);
          REQUIRE_THROWS_AS(
              solve_dense_assignment(MatrixView<double>::row_major(c.data(), n, m), s, opt),
              std::invalid_argument);
          REQUIRE_THROWS_AS(
              solve_dense_assignment(MatrixView<double>::col_major(c.data(), n, m), s, opt),
              std::invalid_argument);
          const std::vector<float> f(c.begin(), c.end());
          REQUIRE_THROWS_AS(
              solve_dense_assignment(MatrixView<float>::row_major(f.data(), n, m), s, opt),
              std::invalid_argument);
        }
        // Forbidden entries alone are valid; an all-forbidden row is infeasible, not an error.
        auto c = random_doubles(rng, static_cast<std::size_t>(n * m), -5.0, 5.0);
        for (std::ptrdiff_t k = 0; k < n * m; k += 3) c[static_cast<std::size_t>(k)] = forbidden;
        const auto a = MatrixView<double>::row_major(c.data(), n, m);
        const auto r = solve_dense_assignment(a, s, opt);
        REQUIRE(verify_dense_assignment(a, s, r).ok);
        const bool t = n > m;
        for (std::ptrdiff_t k = 0; k < (t ? n : m); ++k)
          c[static_cast<std::size_t>(t ? (k * m + m - 1) : ((n - 1) * m + k))] = forbidden;
        const auto r2 = solve_dense_assignment(a, s, opt);
        REQUIRE_FALSE(r2.feasible);
        REQUIRE(verify_dense_assignment(a, s, r2).ok);
      }
    }
  }
}

// The sparsify path checks integers for |c| < 2^40 inside its selection pass; larger values
// (anywhere, also in the last row) hand the matrix to the plain exact path.
TEST_CASE("fused validation: integers around 2^40 on the forced sparsify path",
          "[dense][int][sparsify]") {
  tokten::match::DenseOptions forced;
  forced.sparsify_min_size = 1;
  forced.sparsify_k = 2;
  std::mt19937_64 rng(5151);
  for (int rep = 0; rep < 60; ++rep) {
    const std::ptrdiff_t n = 10 + rep % 7;
    const Sense s = kSenses[rep % 2];
    const std::int64_t big = std::int64_t{1} << 40;
    auto c = random_ints<std::int64_t>(rng, static_cast<std::size_t>(n * n), -100, 100);
    std::uniform_int_distribution<std::ptrdiff_t> at(0, n * n - 1);
    const std::int64_t vals[] = {big - 1, -big, big, -big - 1, big * 64 + 3,
                                 std::numeric_limits<std::int64_t>::min() / 2};
    c[static_cast<std::size_t>(rep % 3 == 0 ? n * n - 1 : at(rng))] = vals[rep % 6];
    const auto a = MatrixView<std::int64_t>::row_major(c.data(), n, n);
    const auto r = solve_dense_assignment(a, s, forced);
    INFO("rep " << rep);
    REQUIRE(r.feasible);
    REQUIRE(verify_dense_assignment(a, s, r, 0.0).ok);
    tokten::match::DenseOptions plain;
    plain.sparsify_min_size = 0;
    REQUIRE(r.total == solve_dense_assignment(a, s, plain).total);
  }
}

// Rectangles on the forced sparsify path (its rectangular scheme: v = 0 start, re-solve from
// scratch after each round), both orientations, ints with ties, forbidden entries, infeasible
// instances and geometric costs that need several rounds; certified and equal to the plain path.
TEST_CASE("sparsify-and-verify: forced rectangles of both orientations",
          "[dense][certificate][sparsify][rect]") {
  std::mt19937_64 rng(60606);
  tokten::match::DenseOptions forced;
  forced.sparsify_min_size = 1;
  forced.sparsify_rect_min_size = 1;
  tokten::match::DenseOptions plain;
  plain.sparsify_min_size = 0;
  int infeasible = 0;
  for (int rep = 0; rep < 600; ++rep) {
    std::uniform_int_distribution<std::ptrdiff_t> side(6, 60);
    std::ptrdiff_t n = side(rng), m = side(rng);
    if (n == m) ++m;
    if (rep % 2 == 1) std::swap(n, m);
    const Sense s = kSenses[(rep / 2) % 2];
    forced.sparsify_k = 1 + rep % 3;
    const auto sz = static_cast<std::size_t>(n * m);
    auto check = [&](const auto& c, double tol) {
      using T = typename std::decay_t<decltype(c)>::value_type;
      const auto a = MatrixView<T>::row_major(c.data(), n, m);
      const auto r = solve_dense_assignment(a, s, forced);
      const auto rep_ok = verify_dense_assignment(a, s, r, tol);
      INFO("rep " << rep << " " << n << "x" << m << ": " << rep_ok.message);
      REQUIRE(rep_ok.ok);
      const auto p = solve_dense_assignment(a, s, plain);
      REQUIRE(p.feasible == r.feasible);
      if (!r.feasible) {
        ++infeasible;
        return;
      }
      REQUIRE(std::fabs(p.total - r.total) <= 1e-9 * (1 + std::fabs(p.total)));
      const auto ac = MatrixView<T>::col_major(c.data(), m, n);  // the transpose
      const auto rt = solve_dense_assignment(ac, s, forced);
      REQUIRE(verify_dense_assignment(ac, s, rt, tol).ok);
      REQUIRE(std::fabs(rt.total - r.total) <= 1e-9 * (1 + std::fabs(p.total)));
    };
    switch (rep % 5) {
      case 0: check(random_ints<std::int64_t>(rng, sz, 0, 1 + rep % 3), 0.0); break;
      case 1: check(random_doubles(rng, sz, -1.0, 1.0), 1e-9); break;
      case 2: {
        auto c = random_doubles(rng, sz, 0.0, 10.0);
        forbid(rng, c, rep % 10 == 2 ? 0.9 : 0.4, s);
        check(c, 1e-9);
        break;
      }
      case 3: {
        const auto d = random_doubles(rng, sz, 0.0, 1.0);
        check(std::vector<float>(d.begin(), d.end()), 1e-9);
        break;
      }
      default: {
        std::uniform_real_distribution<double> U(0.0, 1.0);
        std::vector<double> c(sz);
        std::vector<double> px(static_cast<std::size_t>(n)), py(px), qx(static_cast<std::size_t>(m)), qy(qx);
        for (auto* vec : {&px, &py, &qx, &qy})
          for (auto& x : *vec) x = U(rng);
        for (std::ptrdiff_t i = 0; i < n; ++i)
          for (std::ptrdiff_t j = 0; j < m; ++j)
            c[static_cast<std::size_t>(i * m + j)] =
                std::hypot(px[static_cast<std::size_t>(i)] - qx[static_cast<std::size_t>(j)],
                           py[static_cast<std::size_t>(i)] - qy[static_cast<std::size_t>(j)]);
        check(c, 1e-9);
      }
    }
  }
  REQUIRE(infeasible > 0);
  // Larger rectangles at a realistic threshold: uniform, ties and geometric, both orientations.
  forced.sparsify_k = 10;
  forced.sparsify_rect_min_size = 256;
  for (const Sense s : kSenses) {
    for (const auto& [n, m] : std::vector<std::pair<std::ptrdiff_t, std::ptrdiff_t>>{
             {300, 600}, {600, 300}}) {
      const auto sz = static_cast<std::size_t>(n * m);
      const auto k = random_ints<std::int64_t>(rng, sz, 0, 100);
      const auto ak = MatrixView<std::int64_t>::row_major(k.data(), n, m);
      const auto rk = solve_dense_assignment(ak, s, forced);
      REQUIRE(verify_dense_assignment(ak, s, rk, 0.0).ok);
      REQUIRE(rk.total == solve_dense_assignment(ak, s, plain).total);
      const auto d = random_doubles(rng, sz, 0.0, 1.0);
      const auto ad = MatrixView<double>::row_major(d.data(), n, m);
      REQUIRE(verify_dense_assignment(ad, s, solve_dense_assignment(ad, s, forced)).ok);
    }
  }
}
