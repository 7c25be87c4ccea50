// solve_sparse_assignment against brute force and the dense solver, its certificate on every
// instance, the Hall witness on every infeasible one, degenerate shapes and large instances.
#include <tokten/match/sparse_assignment.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <optional>
#include <random>
#include <stdexcept>
#include <vector>

namespace {

using tokten::match::CsrView;
using tokten::match::HallWitness;
using tokten::match::MatrixView;
using tokten::match::Sense;
using tokten::match::SparseAssignment;

// A small owning CSR in any weight and index type, built from a dense mask.
template <class T, class I>
struct Csr {
  std::ptrdiff_t rows = 0, cols = 0;
  std::vector<I> offset{0}, index;
  std::vector<T> weight;
  CsrView<T, I> view() const { return {rows, cols, offset.data(), index.data(), weight.data()}; }
  // Dense copy with `absent` where no pair is stored (each pair stored at most once).
  std::vector<double> dense(double absent) const {
    std::vector<double> d(static_cast<std::size_t>(rows * cols), absent);
    for (std::ptrdiff_t i = 0; i < rows; ++i)
      for (auto k = offset[static_cast<std::size_t>(i)]; k < offset[static_cast<std::size_t>(i) + 1]; ++k)
        d[static_cast<std::size_t>(i * cols + index[static_cast<std::size_t>(k)])] =
            static_cast<double>(weight[static_cast<std::size_t>(k)]);
    return d;
  }
};

template <class T, class I, class Gen>
Csr<T, I> random_csr(std::mt19937_64& rng, std::ptrdiff_t n, std::ptrdiff_t m, double density,
                     Gen gen) {
  Csr<T, I> g;
  g.rows = n;
  g.cols = m;
  std::uniform_real_distribution<double> coin(0.0, 1.0);
  for (std::ptrdiff_t i = 0; i < n; ++i) {
    for (std::ptrdiff_t j = 0; j < m; ++j)
      if (coin(rng) < density) {
        g.index.push_back(static_cast<I>(j));
        g.weight.push_back(gen(rng));
      }
    g.offset.push_back(static_cast<I>(g.index.size()));
  }
  return g;
}

// Brute force over every injection of the smaller side: (feasible, optimal total) in long double.
template <class T, class I>
std::pair<bool, long double> brute_force(const Csr<T, I>& g, Sense sense) {
  const std::ptrdiff_t n = g.rows, m = g.cols;
  const bool t = n > m;
  const std::ptrdiff_t a = t ? m : n, b = t ? n : m;
  std::vector<std::vector<std::optional<long double>>> w(
      static_cast<std::size_t>(a), std::vector<std::optional<long double>>(static_cast<std::size_t>(b)));
  for (std::ptrdiff_t i = 0; i < n; ++i)
    for (auto k = g.offset[static_cast<std::size_t>(i)]; k < g.offset[static_cast<std::size_t>(i) + 1]; ++k) {
      const auto j = static_cast<std::ptrdiff_t>(g.index[static_cast<std::size_t>(k)]);
      const long double x = static_cast<long double>(g.weight[static_cast<std::size_t>(k)]);
      auto& slot = t ? w[static_cast<std::size_t>(j)][static_cast<std::size_t>(i)]
                     : w[static_cast<std::size_t>(i)][static_cast<std::size_t>(j)];
      if (!slot || (sense == Sense::minimize ? x < *slot : x > *slot)) slot = x;
    }
  bool found = false;
  long double best = 0;
  std::vector<char> used(static_cast<std::size_t>(b), 0);
  auto rec = [&](auto&& self, std::ptrdiff_t r, long double acc) -> void {
    if (r == a) {
      if (!found || (sense == Sense::minimize ? acc < best : acc > best)) best = acc;
      found = true;
      return;
    }
    for (std::ptrdiff_t c = 0; c < b; ++c) {
      const auto& x = w[static_cast<std::size_t>(r)][static_cast<std::size_t>(c)];
      if (used[static_cast<std::size_t>(c)] || !x) continue;
      used[static_cast<std::size_t>(c)] = 1;
      self(self, r + 1, acc + *x);
      used[static_cast<std::size_t>(c)] = 0;
    }
  };
  rec(rec, 0, 0.0L);
  return {found, best};
}

// |N(R)| < |R| recomputed from the graph, with R on the smaller side.
template <class T, class I>
void check_witness_independently(const Csr<T, I>& g, const HallWitness& w) {
  const bool rows_side = g.rows <= g.cols;
  REQUIRE(w.rows_side == rows_side);
  std::vector<char> in_r(static_cast<std::size_t>(rows_side ? g.rows : g.cols), 0);
  for (auto x : w.members) in_r.at(static_cast<std::size_t>(x)) = 1;
  std::vector<char> nb(static_cast<std::size_t>(rows_side ? g.cols : g.rows), 0);
  for (std::ptrdiff_t i = 0; i < g.rows; ++i)
    for (auto k = g.offset[static_cast<std::size_t>(i)]; k < g.offset[static_cast<std::size_t>(i) + 1]; ++k) {
      const auto j = static_cast<std::ptrdiff_t>(g.index[static_cast<std::size_t>(k)]);
      if (in_r[static_cast<std::size_t>(rows_side ? i : j)]) nb[static_cast<std::size_t>(rows_side ? j : i)] = 1;
    }
  const auto count = std::count(nb.begin(), nb.end(), 1);
  CHECK(count == static_cast<std::ptrdiff_t>(w.neighbours.size()));
  REQUIRE(count < static_cast<std::ptrdiff_t>(w.members.size()));
}

// Solves, verifies, and compares with brute force and the dense solver (forbidden = missing).
template <class T, class I>
void check_instance(const Csr<T, I>& g, Sense sense) {
  const SparseAssignment r = tokten::match::solve_sparse_assignment(g.view(), sense);
  const auto rep = tokten::match::verify_sparse_assignment(g.view(), sense, r);
  INFO("shape " << g.rows << "x" << g.cols << " edges " << g.index.size() << ": " << rep.message);
  REQUIRE(rep.ok);
  const auto [feasible, best] = brute_force(g, sense);
  REQUIRE(r.feasible == feasible);
  if (feasible) {
    const long double tol = 1e-9L * (1 + std::fabs(best));
    REQUIRE(std::fabs(static_cast<long double>(r.total) - best) <= tol);
    REQUIRE_FALSE(r.witness.has_value());
  } else {
    REQUIRE(r.witness.has_value());
    check_witness_independently(g, *r.witness);
  }
  // The dense solver on the same instance, missing pairs forbidden.
  const double forbid = sense == Sense::minimize ? std::numeric_limits<double>::infinity()
                                                 : -std::numeric_limits<double>::infinity();
  const std::vector<double> d = g.dense(forbid);
  const auto dense = tokten::match::solve_dense_assignment(
      MatrixView<double>::row_major(d.data(), g.rows, g.cols), sense);
  REQUIRE(dense.feasible == r.feasible);
  if (feasible) REQUIRE(std::fabs(dense.total - r.total) <= 1e-9 * (1 + std::fabs(r.total)));
}

template <class T, class I>
int small_shapes_sweep(std::uint64_t seed, int per_shape, double lo, double hi, bool integral) {
  std::mt19937_64 rng(seed);
  int count = 0;
  for (std::ptrdiff_t n = 0; n <= 6; ++n)
    for (std::ptrdiff_t m = 0; m <= 6; ++m)
      for (int rep = 0; rep < per_shape; ++rep) {
        const double density = std::uniform_real_distribution<double>(0.15, 1.0)(rng);
        auto gen = [&](std::mt19937_64& r) -> T {
          if (integral)
            return static_cast<T>(std::uniform_int_distribution<std::int64_t>(
                static_cast<std::int64_t>(lo), static_cast<std::int64_t>(hi))(r));
          return static_cast<T>(std::uniform_real_distribution<double>(lo, hi)(r));
        };
        const auto g = random_csr<T, I>(rng, n, m, density, gen);
        for (const Sense s : {Sense::minimize, Sense::maximize}) {
          check_instance(g, s);
          ++count;
        }
      }
  return count;
}

}  // namespace

TEST_CASE("brute force: every shape up to 6x6, random sparsity, double weights", "[sparse][brute]") {
  CHECK(small_shapes_sweep<double, std::int64_t>(1, 40, -10.0, 10.0, false) == 49 * 80);
}

TEST_CASE("brute force: small integers with many ties, int64 and int32 weights", "[sparse][brute]") {
  CHECK(small_shapes_sweep<std::int64_t, std::int32_t>(2, 30, -3, 3, true) > 0);
  CHECK(small_shapes_sweep<std::int32_t, std::int64_t>(3, 30, 0, 5, true) > 0);
}

TEST_CASE("brute force: float weights, int32 indices", "[sparse][brute]") {
  CHECK(small_shapes_sweep<float, std::int32_t>(4, 30, 0.0, 1.0, false) > 0);
}

TEST_CASE("brute force: very sparse instances, mostly infeasible, witness checked", "[sparse][brute][witness]") {
  std::mt19937_64 rng(5);
  int infeasible = 0;
  for (int rep = 0; rep < 1500; ++rep) {
    const std::ptrdiff_t n = std::uniform_int_distribution<std::ptrdiff_t>(1, 6)(rng);
    const std::ptrdiff_t m = std::uniform_int_distribution<std::ptrdiff_t>(1, 6)(rng);
    const auto g = random_csr<double, std::int64_t>(rng, n, m, 0.25, [](std::mt19937_64& r) {
      return std::uniform_real_distribution<double>(-5, 5)(r);
    });
    check_instance(g, rep % 2 ? Sense::maximize : Sense::minimize);
    infeasible += tokten::match::solve_sparse_assignment(g.view(), Sense::minimize).feasible ? 0 : 1;
  }
  CHECK(infeasible > 300);
}

TEST_CASE("medium instances against the dense solver: ties, signs, densities, shapes", "[sparse][dense]") {
  std::mt19937_64 rng(6);
  int count = 0;
  for (int rep = 0; rep < 300; ++rep) {
    const std::ptrdiff_t n = std::uniform_int_distribution<std::ptrdiff_t>(1, 60)(rng);
    const std::ptrdiff_t m = std::uniform_int_distribution<std::ptrdiff_t>(1, 60)(rng);
    const double density = std::uniform_real_distribution<double>(0.03, 0.6)(rng);
    const bool ties = rep % 2 == 0;
    const auto g = random_csr<double, std::int32_t>(rng, n, m, density, [&](std::mt19937_64& r) {
      return ties ? static_cast<double>(std::uniform_int_distribution<int>(-2, 2)(r))
                  : std::uniform_real_distribution<double>(-100, 100)(r);
    });
    for (const Sense s : {Sense::minimize, Sense::maximize}) {
      const auto r = tokten::match::solve_sparse_assignment(g.view(), s);
      const auto rep_ = tokten::match::verify_sparse_assignment(g.view(), s, r);
      INFO(n << "x" << m << ": " << rep_.message);
      REQUIRE(rep_.ok);
      const double forbid = s == Sense::minimize ? std::numeric_limits<double>::infinity()
                                                 : -std::numeric_limits<double>::infinity();
      const std::vector<double> d = g.dense(forbid);
      const auto dense = tokten::match::solve_dense_assignment(
          MatrixView<double>::row_major(d.data(), n, m), s);
      REQUIRE(dense.feasible == r.feasible);
      if (r.feasible) REQUIRE(std::fabs(dense.total - r.total) <= 1e-9 * (1 + std::fabs(r.total)));
      ++count;
    }
  }
  CHECK(count == 600);
}

TEST_CASE("square graphs (the Jonker-Volgenant start): heavy ties, brute force and dense", "[sparse][square]") {
  std::mt19937_64 rng(8);
  for (int rep = 0; rep < 3000; ++rep) {
    const std::ptrdiff_t n = std::uniform_int_distribution<std::ptrdiff_t>(1, 7)(rng);
    const double density = std::uniform_real_distribution<double>(0.2, 1.0)(rng);
    const int spread = rep % 3;  // 0: all equal, 1: 0..1, 2: -3..3
    const auto g = random_csr<std::int64_t, std::int32_t>(rng, n, n, density, [&](std::mt19937_64& r) {
      return spread == 0 ? std::int64_t{5}
                         : std::uniform_int_distribution<std::int64_t>(spread == 1 ? 0 : -3, spread == 1 ? 1 : 3)(r);
    });
    check_instance(g, rep % 2 ? Sense::maximize : Sense::minimize);
  }
  for (int rep = 0; rep < 100; ++rep) {
    const std::ptrdiff_t n = std::uniform_int_distribution<std::ptrdiff_t>(20, 80)(rng);
    const auto g = random_csr<double, std::int64_t>(rng, n, n, 0.15, [](std::mt19937_64& r) {
      return std::floor(std::uniform_real_distribution<double>(0, 3)(r));
    });
    for (const Sense s : {Sense::minimize, Sense::maximize}) {
      const auto r = tokten::match::solve_sparse_assignment(g.view(), s);
      REQUIRE(tokten::match::verify_sparse_assignment(g.view(), s, r).ok);
      const double forbid = s == Sense::minimize ? std::numeric_limits<double>::infinity()
                                                 : -std::numeric_limits<double>::infinity();
      const std::vector<double> d = g.dense(forbid);
      const auto dense = tokten::match::solve_dense_assignment(MatrixView<double>::row_major(d.data(), n, n), s);
      REQUIRE(dense.feasible == r.feasible);
      if (r.feasible) REQUIRE(dense.total == r.total);
    }
  }
}

TEST_CASE("empty shapes and graphs without edges", "[sparse][degenerate]") {
  for (auto [n, m] : {std::pair<int, int>{0, 0}, {0, 4}, {3, 0}}) {
    Csr<double, std::int64_t> g;
    g.rows = n;
    g.cols = m;
    g.offset.assign(static_cast<std::size_t>(n) + 1, 0);
    const auto r = tokten::match::solve_sparse_assignment(g.view(), Sense::minimize);
    CHECK(r.feasible);
    CHECK(r.total == 0.0);
    CHECK(r.row_potential.size() == static_cast<std::size_t>(n));
    CHECK(r.col_potential.size() == static_cast<std::size_t>(m));
    CHECK(tokten::match::verify_sparse_assignment(g.view(), Sense::minimize, r).ok);
  }
  for (auto [n, m] : {std::pair<int, int>{3, 4}, {4, 3}, {2, 2}}) {
    Csr<double, std::int32_t> g;
    g.rows = n;
    g.cols = m;
    g.offset.assign(static_cast<std::size_t>(n) + 1, 0);
    const auto r = tokten::match::solve_sparse_assignment(g.view(), Sense::maximize);
    CHECK_FALSE(r.feasible);
    CHECK(std::isnan(r.total));
    REQUIRE(r.witness);
    CHECK(r.witness->members.size() == static_cast<std::size_t>(std::min(n, m)));
    CHECK(r.witness->neighbours.empty());
    CHECK(r.witness->rows_side == (n <= m));
    CHECK(tokten::match::verify_sparse_assignment(g.view(), Sense::maximize, r).ok);
  }
}

TEST_CASE("single row, single column, all-equal and mixed-sign weights", "[sparse][degenerate]") {
  using G = tokten::match::BipartiteGraph;
  const auto row = G::from_triplets(1, 5, {{0, 3, -2.0}, {0, 1, 7.0}, {0, 4, -2.5}});
  auto r = tokten::match::solve_sparse_assignment(row.view(), Sense::minimize);
  CHECK(r.row_to_col[0] == 4);
  CHECK(r.total == -2.5);
  CHECK(r.col_potential[0] == 0.0);  // columns without arcs: potential 0
  r = tokten::match::solve_sparse_assignment(row.view(), Sense::maximize);
  CHECK(r.row_to_col[0] == 1);
  CHECK(tokten::match::verify_sparse_assignment(row.view(), Sense::maximize, r).ok);

  const auto col = G::from_triplets(4, 1, {{2, 0, 1.0}, {3, 0, 0.5}});
  r = tokten::match::solve_sparse_assignment(col.view(), Sense::minimize);
  CHECK(r.col_to_row[0] == 3);
  CHECK(tokten::match::verify_sparse_assignment(col.view(), Sense::minimize, r).ok);

  std::vector<G::Triplet> eq;
  for (int i = 0; i < 30; ++i)
    for (int j = 0; j < 40; ++j)
      if ((i * 7 + j * 3) % 4 != 0) eq.push_back({i, j, 2.0});
  const auto all_equal = G::from_triplets(30, 40, eq);
  for (const Sense s : {Sense::minimize, Sense::maximize}) {
    r = tokten::match::solve_sparse_assignment(all_equal.view(), s);
    REQUIRE(r.feasible);
    CHECK(r.total == 60.0);
    CHECK(tokten::match::verify_sparse_assignment(all_equal.view(), s, r).ok);
  }
}

TEST_CASE("integer weights near 2^50 and 2^61 are solved exactly", "[sparse][int]") {
  std::mt19937_64 rng(50);
  for (const std::int64_t scale : {std::int64_t{1} << 50, std::int64_t{1} << 61}) {
    for (int rep = 0; rep < 200; ++rep) {
      const std::ptrdiff_t n = std::uniform_int_distribution<std::ptrdiff_t>(1, 5)(rng);
      const std::ptrdiff_t m = std::uniform_int_distribution<std::ptrdiff_t>(1, 5)(rng);
      const auto g = random_csr<std::int64_t, std::int64_t>(rng, n, m, 0.7, [&](std::mt19937_64& r) {
        return scale - std::uniform_int_distribution<std::int64_t>(0, 6)(r);
      });
      for (const Sense s : {Sense::minimize, Sense::maximize}) {
        const auto r = tokten::match::solve_sparse_assignment(g.view(), s);
        REQUIRE(tokten::match::verify_sparse_assignment(g.view(), s, r).ok);
        const auto [feasible, best] = brute_force(g, s);
        REQUIRE(r.feasible == feasible);
        if (!feasible) continue;
        // The exact sum of the chosen pairs equals the brute-force optimum.
        long double exact = 0;  // exact: integers below 2^64
        for (std::ptrdiff_t i = 0; i < n; ++i) {
          const auto j = r.row_to_col[static_cast<std::size_t>(i)];
          if (j < 0) continue;
          for (auto k = g.offset[static_cast<std::size_t>(i)]; k < g.offset[static_cast<std::size_t>(i) + 1]; ++k)
            if (g.index[static_cast<std::size_t>(k)] == j) exact += static_cast<long double>(g.weight[static_cast<std::size_t>(k)]);
        }
        REQUIRE(exact == best);
      }
    }
  }
}

TEST_CASE("a single perfect matching hidden among few edges defeats the greedy start", "[sparse]") {
  // Row i may take column i (cost 1) or column i + 1 (cost 0): the greedy start takes the
  // diagonal above, the last row is left with nothing free, and the only perfect matching is
  // the diagonal: every row must be re-routed along one long path.
  const std::ptrdiff_t n = 500;
  std::vector<tokten::match::BipartiteGraph::Triplet> t;
  for (std::ptrdiff_t i = 0; i < n; ++i) {
    t.push_back({i, i, 1.0});
    if (i + 1 < n) t.push_back({i, i + 1, 0.0});
  }
  std::mt19937_64 rng(9);
  std::shuffle(t.begin(), t.end(), rng);
  const auto g = tokten::match::BipartiteGraph::from_triplets(n, n, t);
  const auto r = tokten::match::solve_sparse_assignment(g.view(), Sense::minimize);
  REQUIRE(r.feasible);
  CHECK(r.total == static_cast<double>(n));
  for (std::ptrdiff_t i = 0; i < n; ++i) CHECK(r.row_to_col[static_cast<std::size_t>(i)] == i);
  CHECK(tokten::match::verify_sparse_assignment(g.view(), Sense::minimize, r).ok);
}

TEST_CASE("a row or column without edges is infeasible and named by the witness", "[sparse][witness]") {
  using G = tokten::match::BipartiteGraph;
  const auto g = G::from_triplets(3, 5, {{0, 0, 1.0}, {0, 4, 2.0}, {2, 1, 3.0}});
  const auto r = tokten::match::solve_sparse_assignment(g.view(), Sense::minimize);
  CHECK_FALSE(r.feasible);
  REQUIRE(r.witness);
  CHECK(r.witness->rows_side);
  CHECK(r.witness->members == std::vector<std::int64_t>{1});
  CHECK(r.witness->neighbours.empty());
  for (const auto x : r.row_to_col) CHECK(x == -1);
  CHECK(r.row_potential.empty());

  const auto t = G::from_triplets(5, 3, {{0, 0, 1.0}, {4, 0, 2.0}, {1, 2, 3.0}});
  const auto rt = tokten::match::solve_sparse_assignment(t.view(), Sense::maximize);
  CHECK_FALSE(rt.feasible);
  REQUIRE(rt.witness);
  CHECK_FALSE(rt.witness->rows_side);
  CHECK(rt.witness->members == std::vector<std::int64_t>{1});
  CHECK(tokten::match::verify_sparse_assignment(t.view(), Sense::maximize, rt).ok);
}

TEST_CASE("rectangles in both orientations give the same total, potentials follow", "[sparse]") {
  std::mt19937_64 rng(77);
  for (int rep = 0; rep < 50; ++rep) {
    const auto g = random_csr<double, std::int64_t>(rng, 20, 60, 0.2, [](std::mt19937_64& r) {
      return std::uniform_real_distribution<double>(-1, 1)(r);
    });
    // Transpose through triplets.
    std::vector<tokten::match::BipartiteGraph::Triplet> t;
    for (std::ptrdiff_t i = 0; i < g.rows; ++i)
      for (auto k = g.offset[static_cast<std::size_t>(i)]; k < g.offset[static_cast<std::size_t>(i) + 1]; ++k)
        t.push_back({g.index[static_cast<std::size_t>(k)], i, g.weight[static_cast<std::size_t>(k)]});
    const auto gt = tokten::match::BipartiteGraph::from_triplets(60, 20, t);
    for (const Sense s : {Sense::minimize, Sense::maximize}) {
      const auto a = tokten::match::solve_sparse_assignment(g.view(), s);
      const auto b = tokten::match::solve_sparse_assignment(gt.view(), s);
      REQUIRE(a.feasible == b.feasible);
      REQUIRE(tokten::match::verify_sparse_assignment(g.view(), s, a).ok);
      REQUIRE(tokten::match::verify_sparse_assignment(gt.view(), s, b).ok);
      if (a.feasible) CHECK(std::fabs(a.total - b.total) <= 1e-9 * (1 + std::fabs(a.total)));
    }
  }
}

TEST_CASE("parallel arcs: the better one counts", "[sparse]") {
  using G = tokten::match::BipartiteGraph;
  const auto g = G::from_triplets(2, 2, {{0, 0, 5.0}, {0, 0, 1.0}, {1, 1, 2.0}, {1, 1, 3.0}});
  auto r = tokten::match::solve_sparse_assignment(g.view(), Sense::minimize);
  CHECK(r.total == 3.0);
  CHECK(tokten::match::verify_sparse_assignment(g.view(), Sense::minimize, r).ok);
  r = tokten::match::solve_sparse_assignment(g.view(), Sense::maximize);
  CHECK(r.total == 8.0);
  CHECK(tokten::match::verify_sparse_assignment(g.view(), Sense::maximize, r).ok);
}

TEST_CASE("invalid weights and malformed graphs throw", "[sparse][invalid]") {
  using G = tokten::match::BipartiteGraph;
  for (const double bad : {std::numeric_limits<double>::quiet_NaN(),
                           std::numeric_limits<double>::infinity(),
                           -std::numeric_limits<double>::infinity()}) {
    const auto g = G::from_triplets(2, 2, {{0, 0, 1.0}, {1, 1, bad}});
    for (const Sense s : {Sense::minimize, Sense::maximize}) {
      try {
        (void)tokten::match::solve_sparse_assignment(g.view(), s);
        FAIL("expected std::invalid_argument");
      } catch (const std::invalid_argument& e) {
        CHECK(std::string(e.what()) == "matrix contains invalid numeric entries");
      }
    }
  }
  const std::vector<std::int64_t> off{0, 2, 1}, idx{0, 1};
  const std::vector<double> w{1, 2};
  const CsrView<double, std::int64_t> bad_offsets{2, 2, off.data(), idx.data(), w.data()};
  CHECK_THROWS_AS(tokten::match::solve_sparse_assignment(bad_offsets, Sense::minimize),
                  std::invalid_argument);
  const std::vector<std::int64_t> off2{0, 2}, idx2{0, 7};
  const CsrView<double, std::int64_t> bad_col{1, 2, off2.data(), idx2.data(), w.data()};
  CHECK_THROWS_AS(tokten::match::solve_sparse_assignment(bad_col, Sense::minimize),
                  std::invalid_argument);
}

TEST_CASE("verify_sparse_assignment rejects wrong results", "[sparse][verify]") {
  using G = tokten::match::BipartiteGraph;
  const auto g = G::from_triplets(2, 3, {{0, 0, 1.0}, {0, 1, 2.0}, {1, 1, 1.0}, {1, 2, 5.0}});
  const auto good = tokten::match::solve_sparse_assignment(g.view(), Sense::minimize);
  REQUIRE(tokten::match::verify_sparse_assignment(g.view(), Sense::minimize, good).ok);
  auto bad = good;
  bad.total += 1;
  CHECK_FALSE(tokten::match::verify_sparse_assignment(g.view(), Sense::minimize, bad).ok);
  bad = good;
  bad.row_potential[0] += 1;
  CHECK_FALSE(tokten::match::verify_sparse_assignment(g.view(), Sense::minimize, bad).ok);
  bad = good;
  bad.col_potential[2] = -1;  // unmatched column of the larger side must be 0
  CHECK_FALSE(tokten::match::verify_sparse_assignment(g.view(), Sense::minimize, bad).ok);
  bad = good;
  bad.row_to_col = {2, 1};  // (0, 2) is not stored
  bad.col_to_row = {-1, 1, 0};
  CHECK_FALSE(tokten::match::verify_sparse_assignment(g.view(), Sense::minimize, bad).ok);
  bad = good;
  bad.feasible = false;
  CHECK_FALSE(tokten::match::verify_sparse_assignment(g.view(), Sense::minimize, bad).ok);
}

TEST_CASE("deterministic: the same graph gives the same result", "[sparse]") {
  std::mt19937_64 rng(4);
  const auto g = random_csr<double, std::int32_t>(rng, 80, 120, 0.1, [](std::mt19937_64& r) {
    return std::floor(std::uniform_real_distribution<double>(0, 4)(r));
  });
  const auto a = tokten::match::solve_sparse_assignment(g.view(), Sense::minimize);
  const auto b = tokten::match::solve_sparse_assignment(g.view(), Sense::minimize);
  CHECK(a.row_to_col == b.row_to_col);
  CHECK(a.row_potential == b.row_potential);
  CHECK(a.col_potential == b.col_potential);
}

namespace {

// n rows, m columns, `per_row` allowed pairs per row with U[0, 1) weights, plus a planted
// perfect matching of the smaller side so the instance is feasible.
tokten::match::BipartiteGraph domain_instance(std::ptrdiff_t n, std::ptrdiff_t m, int per_row,
                                              std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<std::ptrdiff_t> col(0, m - 1);
  std::uniform_real_distribution<double> w(0.0, 1.0);
  std::vector<std::ptrdiff_t> perm(static_cast<std::size_t>(std::max(n, m)));
  std::iota(perm.begin(), perm.end(), 0);
  std::shuffle(perm.begin(), perm.end(), rng);
  std::vector<tokten::match::BipartiteGraph::Triplet> t;
  for (std::ptrdiff_t i = 0; i < n; ++i) {
    std::vector<std::ptrdiff_t> cols;
    if (n <= m) cols.push_back(perm[static_cast<std::size_t>(i)]);
    while (static_cast<int>(cols.size()) < per_row) {
      const auto j = col(rng);
      if (std::find(cols.begin(), cols.end(), j) == cols.end()) cols.push_back(j);
    }
    for (const auto j : cols) t.push_back({i, j, w(rng)});
  }
  if (n > m)
    for (std::ptrdiff_t j = 0; j < m; ++j) t.push_back({perm[static_cast<std::size_t>(j)], j, w(rng)});
  return tokten::match::BipartiteGraph::from_triplets(n, m, t);
}

}  // namespace

TEST_CASE("large: 2000 x 20000 with 50 pairs per row, both senses and the transpose", "[sparse][large]") {
  const auto g = domain_instance(2000, 20000, 50, 2024);
  for (const Sense s : {Sense::minimize, Sense::maximize}) {
    const auto t0 = std::chrono::steady_clock::now();
    const auto r = tokten::match::solve_sparse_assignment(g.view(), s);
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    WARN("2000 x 20000, 100k pairs: " << ms << " ms");
    REQUIRE(r.feasible);
    const auto rep = tokten::match::verify_sparse_assignment(g.view(), s, r);
    INFO(rep.message);
    REQUIRE(rep.ok);
  }
  // The same graph transposed (20000 x 2000): same totals.
  std::vector<tokten::match::BipartiteGraph::Triplet> t;
  for (std::ptrdiff_t i = 0; i < g.rows; ++i)
    for (auto k = g.row_offset[static_cast<std::size_t>(i)]; k < g.row_offset[static_cast<std::size_t>(i) + 1]; ++k)
      t.push_back({g.col_index[static_cast<std::size_t>(k)], i, g.weight[static_cast<std::size_t>(k)]});
  const auto gt = tokten::match::BipartiteGraph::from_triplets(g.cols, g.rows, t);
  const auto a = tokten::match::solve_sparse_assignment(g.view(), Sense::minimize);
  const auto b = tokten::match::solve_sparse_assignment(gt.view(), Sense::minimize);
  REQUIRE(b.feasible);
  CHECK(tokten::match::verify_sparse_assignment(gt.view(), Sense::minimize, b).ok);
  CHECK(std::fabs(a.total - b.total) <= 1e-9 * (1 + std::fabs(a.total)));
}

TEST_CASE("large: a square 3000 x 3000 instance with 20 pairs per row", "[sparse][large]") {
  const auto g = domain_instance(3000, 3000, 20, 7);
  const auto r = tokten::match::solve_sparse_assignment(g.view(), Sense::minimize);
  REQUIRE(r.feasible);
  CHECK(tokten::match::verify_sparse_assignment(g.view(), Sense::minimize, r).ok);
}

TEST_CASE("large infeasible instances are detected quickly, with a witness", "[sparse][large][witness]") {
  // 2000 x 20000 where rows 0..9 may only take columns 0..6.
  std::mt19937_64 rng(3);
  std::vector<tokten::match::BipartiteGraph::Triplet> t;
  std::uniform_int_distribution<std::int64_t> col(7, 19999), small(0, 6);
  std::uniform_real_distribution<double> w(0, 1);
  for (std::int64_t i = 0; i < 2000; ++i)
    for (int k = 0; k < 30; ++k) t.push_back({i, i < 10 ? small(rng) : col(rng), w(rng)});
  const auto g = tokten::match::BipartiteGraph::from_triplets(2000, 20000, t);
  const auto t0 = std::chrono::steady_clock::now();
  const auto r = tokten::match::solve_sparse_assignment(g.view(), Sense::minimize);
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  WARN("infeasible 2000 x 20000: " << ms << " ms");
  CHECK_FALSE(r.feasible);
  REQUIRE(r.witness);
  CHECK(r.witness->deficiency() == 3);
  CHECK(tokten::match::verify_sparse_assignment(g.view(), Sense::minimize, r).ok);
  CHECK(ms < 5000.0);
}

// The kernel's warm-start entry point (detail::sparse::augment_free_rows), which the dense
// solver's sparsify-and-verify path also uses: from an optimal state, unmatch random rows, give
// them their least reduced cost as potential (on rectangles only rows whose column has
// potential 0, so that freed columns keep the larger side's condition), and augment again. The result must be certified and as good as a
// cold solve; rows that cannot be augmented are reported and left free, not fatal.
TEST_CASE("warm start: augment_free_rows after unmatching rows, thousands of seeded instances",
          "[sparse][warm]") {
  namespace ds = tokten::match::detail::sparse;
  std::mt19937_64 rng(9091);
  int reported = 0;
  for (int rep = 0; rep < 2000; ++rep) {
    std::uniform_int_distribution<int> side(1, 30);
    const std::ptrdiff_t n = side(rng);
    const std::ptrdiff_t m = rep % 3 == 0 ? n + side(rng) / 2 : n;
    const double density = 0.15 + 0.1 * (rep % 8);
    std::uniform_int_distribution<int> small(0, 1 + rep % 5);
    const auto g = random_csr<double, std::int64_t>(rng, n, m, density,
                                                    [&](auto& r) { return double(small(r)); });
    const Sense s = rep % 2 ? Sense::maximize : Sense::minimize;
    const auto cold = tokten::match::solve_sparse_assignment(g.view(), s);
    // The kernel works on rows <= cols in the minimising sense: negate for maximize.
    std::vector<double> w(g.weight);
    if (s == Sense::maximize)
      for (auto& x : w) x = -x;
    const CsrView<double, std::int64_t> view{n, m, g.offset.data(), g.index.data(), w.data()};
    std::vector<double> u(static_cast<std::size_t>(n), 0.0), v(static_cast<std::size_t>(m), 0.0);
    std::vector<std::int64_t> x(static_cast<std::size_t>(n), -1), y(static_cast<std::size_t>(m), -1);
    std::vector<std::int64_t> free_rows, left;
    if (cold.feasible) {
      const double sg = s == Sense::maximize ? -1.0 : 1.0;
      for (std::ptrdiff_t i = 0; i < n; ++i) {
        u[static_cast<std::size_t>(i)] = sg * cold.row_potential[static_cast<std::size_t>(i)];
        x[static_cast<std::size_t>(i)] = cold.row_to_col[static_cast<std::size_t>(i)];
      }
      for (std::ptrdiff_t j = 0; j < m; ++j) {
        v[static_cast<std::size_t>(j)] = sg * cold.col_potential[static_cast<std::size_t>(j)];
        y[static_cast<std::size_t>(j)] = cold.col_to_row[static_cast<std::size_t>(j)];
      }
      std::uniform_int_distribution<int> pct(0, 99);
      const int drop = pct(rng);
      for (std::ptrdiff_t i = 0; i < n; ++i) {
        if (pct(rng) >= drop) continue;
        const auto ii = static_cast<std::size_t>(i);
        // Rectangles: an unmatched column must keep potential 0 (the larger side's condition).
        if (n != m && v[static_cast<std::size_t>(x[ii])] != 0.0) continue;
        y[static_cast<std::size_t>(x[ii])] = -1;
        x[ii] = -1;
        free_rows.push_back(i);
      }
    } else {
      // From scratch (u = row minima, v = 0): the kernel must report the rows it cannot match.
      for (std::ptrdiff_t i = 0; i < n; ++i) free_rows.push_back(i);
    }
    for (const auto i : free_rows) {
      double best = std::numeric_limits<double>::infinity();
      for (auto k = g.offset[static_cast<std::size_t>(i)]; k < g.offset[static_cast<std::size_t>(i) + 1]; ++k)
        best = std::min(best, w[static_cast<std::size_t>(k)] - v[static_cast<std::size_t>(g.index[static_cast<std::size_t>(k)])]);
      u[static_cast<std::size_t>(i)] = std::isfinite(best) ? best : 0.0;
    }
    ds::SapSearch<double> ws;
    bool ok = true;
    for (const auto i : free_rows)
      if (g.offset[static_cast<std::size_t>(i)] == g.offset[static_cast<std::size_t>(i) + 1]) ok = false;
    if (!ok) continue;  // a row without arcs: the callers reject it before the kernel
    ds::augment_free_rows<double, false>(view, u, v, x, y, free_rows, ws, &left);
    INFO("rep " << rep << " " << n << "x" << m);
    if (!cold.feasible) {
      REQUIRE(!left.empty());
      ++reported;
      continue;
    }
    REQUIRE(left.empty());
    SparseAssignment r;
    r.feasible = true;
    r.row_to_col = x;
    r.col_to_row = y;
    const double sg = s == Sense::maximize ? -1.0 : 1.0;
    r.total = 0.0;
    for (std::ptrdiff_t i = 0; i < n; ++i) {
      double best = 0.0;
      bool found = false;
      for (auto k = g.offset[static_cast<std::size_t>(i)]; k < g.offset[static_cast<std::size_t>(i) + 1]; ++k)
        if (g.index[static_cast<std::size_t>(k)] == x[static_cast<std::size_t>(i)] &&
            (!found || w[static_cast<std::size_t>(k)] < sg * best)) {
          best = g.weight[static_cast<std::size_t>(k)];
          found = true;
        }
      r.total += best;
    }
    for (const double ui : u) r.row_potential.push_back(sg * ui + 0.0);
    for (const double vj : v) r.col_potential.push_back(sg * vj + 0.0);
    const auto check = tokten::match::verify_sparse_assignment(g.view(), s, r);
    INFO(check.message);
    REQUIRE(check.ok);
    REQUIRE(std::fabs(r.total - cold.total) <= 1e-9 * (1 + std::fabs(cold.total)));
  }
  REQUIRE(reported > 0);
}
