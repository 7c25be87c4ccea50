// hall_witness and maximum_bipartite_matching: matching sizes against a brute-force maximum,
// witnesses recomputed from the input, the dense and CSR entry points agreeing.
#include <tokten/match/hall_witness.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <stdexcept>
#include <vector>

namespace {

using tokten::match::BipartiteGraph;
using tokten::match::HallWitness;
using tokten::match::MatrixView;
using tokten::match::Sense;

// The largest matching by exhaustive search over rows (small graphs only).
std::int64_t brute_max_matching(const std::vector<std::vector<char>>& allowed) {
  const std::size_t n = allowed.size(), m = n ? allowed[0].size() : 0;
  std::vector<char> used(m, 0);
  std::int64_t best = 0;
  auto rec = [&](auto&& self, std::size_t i, std::int64_t size) -> void {
    if (size + static_cast<std::int64_t>(n - i) <= best) return;
    if (i == n) {
      best = std::max(best, size);
      return;
    }
    self(self, i + 1, size);  // row i unmatched
    for (std::size_t j = 0; j < m; ++j)
      if (allowed[i][j] && !used[j]) {
        used[j] = 1;
        self(self, i + 1, size + 1);
        used[j] = 0;
      }
  };
  rec(rec, 0, 0);
  return best;
}

// |N(R)| recomputed from the mask, R on the side the witness names.
void check_witness(const std::vector<std::vector<char>>& allowed, std::size_t m, const HallWitness& w) {
  const std::size_t n = allowed.size();
  std::vector<char> nb(w.rows_side ? m : n, 0);
  for (const auto x : w.members)
    for (std::size_t y = 0; y < nb.size(); ++y)
      if (w.rows_side ? allowed[static_cast<std::size_t>(x)][y] : allowed[y][static_cast<std::size_t>(x)]) nb[y] = 1;
  const auto count = static_cast<std::size_t>(std::count(nb.begin(), nb.end(), 1));
  CHECK(count == w.neighbours.size());
  REQUIRE(count < w.members.size());
  REQUIRE(std::is_sorted(w.members.begin(), w.members.end()));
  REQUIRE(std::is_sorted(w.neighbours.begin(), w.neighbours.end()));
}

}  // namespace

TEST_CASE("Hopcroft-Karp sizes and witnesses against brute force, CSR and dense agree",
          "[witness][brute]") {
  std::mt19937_64 rng(42);
  std::uniform_real_distribution<double> coin(0, 1);
  int infeasible = 0, total = 0;
  for (std::size_t n = 0; n <= 7; ++n)
    for (std::size_t m = 0; m <= 7; ++m)
      for (int rep = 0; rep < 40; ++rep) {
        const double density = coin(rng) * 0.6;
        std::vector<std::vector<char>> allowed(n, std::vector<char>(m, 0));
        std::vector<BipartiteGraph::Triplet> t;
        const double inf = std::numeric_limits<double>::infinity();
        std::vector<double> dense(n * m, inf);
        for (std::size_t i = 0; i < n; ++i)
          for (std::size_t j = 0; j < m; ++j)
            if (coin(rng) < density) {
              allowed[i][j] = 1;
              t.push_back({static_cast<std::int64_t>(i), static_cast<std::int64_t>(j), 0.0});
              dense[i * m + j] = 1.0;
            }
        const auto g = BipartiteGraph::from_triplets(static_cast<std::ptrdiff_t>(n),
                                                     static_cast<std::ptrdiff_t>(m), t);
        const std::int64_t best = brute_max_matching(allowed);
        const std::int64_t k = static_cast<std::int64_t>(std::min(n, m));
        const auto w = tokten::match::hall_witness(g.view());
        const auto view = MatrixView<double>::row_major(dense.data(), static_cast<std::ptrdiff_t>(n),
                                                         static_cast<std::ptrdiff_t>(m));
        const auto wd = tokten::match::hall_witness(view, Sense::minimize);
        ++total;
        REQUIRE(w.has_value() == (best < k));
        REQUIRE(wd.has_value() == (best < k));
        if (!w) continue;
        ++infeasible;
        // Konig: the witness shows the whole shortfall.
        CHECK(w->deficiency() == k - best);
        CHECK(wd->deficiency() == k - best);
        CHECK(w->rows_side == (n <= m));
        check_witness(allowed, m, *w);
        check_witness(allowed, m, *wd);
        CHECK(tokten::match::verify_hall_witness(g.view(), *w).ok);
        // The matching on the rows is maximum too (rows on the left, whatever the shape).
        const auto gv = g.view();
        const tokten::match::detail::hall::CsrRows<double, std::int64_t> rows_adj{gv};
        CHECK(tokten::match::maximum_bipartite_matching(rows_adj).size == best);
      }
  CHECK(total == 64 * 40);
  CHECK(infeasible > 500);
}

TEST_CASE("dense witness: forbidden infinities by sense, invalid entries throw", "[witness][dense]") {
  const double inf = std::numeric_limits<double>::infinity();
  // Rows 1 and 2 can only take column 0 (minimising: +inf forbids).
  const double a[] = {1, 2, 3, 4, inf, inf, 5, inf, inf};
  auto w = tokten::match::hall_witness(MatrixView<double>::row_major(a, 3, 3), Sense::minimize);
  REQUIRE(w);
  CHECK(w->members == std::vector<std::int64_t>{1, 2});
  CHECK(w->neighbours == std::vector<std::int64_t>{0});
  // Maximising: -inf forbids, +inf is invalid.
  CHECK_THROWS_AS(tokten::match::hall_witness(MatrixView<double>::row_major(a, 3, 3), Sense::maximize),
                  std::invalid_argument);
  const double b[] = {1, 2, -inf, -inf, 3, -inf};
  // 3 x 2 column-major data read as rows: columns are the smaller side.
  const auto v = MatrixView<double>::row_major(b, 3, 2);
  w = tokten::match::hall_witness(v, Sense::maximize);
  CHECK_FALSE(w.has_value());
  const double c[] = {1, -inf, 2, -inf, 3, -inf};
  w = tokten::match::hall_witness(MatrixView<double>::row_major(c, 3, 2), Sense::maximize);
  REQUIRE(w);
  CHECK_FALSE(w->rows_side);
  CHECK(w->members == std::vector<std::int64_t>{1});
  CHECK(w->neighbours.empty());
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double d[] = {1, nan};
  CHECK_THROWS_AS(tokten::match::hall_witness(MatrixView<double>::row_major(d, 1, 2), Sense::minimize),
                  std::invalid_argument);
  // Integer matrices cannot forbid: always matchable.
  const std::int32_t e[] = {1, 2, 3, 4};
  CHECK_FALSE(tokten::match::hall_witness(MatrixView<std::int32_t>::row_major(e, 2, 2), Sense::minimize));
}

TEST_CASE("verify_hall_witness rejects wrong witnesses", "[witness][verify]") {
  const auto g = BipartiteGraph::from_triplets(3, 3, {{0, 0, 1.0}, {0, 1, 1.0}, {1, 0, 1.0}, {2, 0, 1.0}});
  const auto w = tokten::match::hall_witness(g.view());
  REQUIRE(w);
  CHECK(w->members == std::vector<std::int64_t>{1, 2});
  CHECK(w->neighbours == std::vector<std::int64_t>{0});
  REQUIRE(tokten::match::verify_hall_witness(g.view(), *w).ok);
  auto bad = *w;
  bad.members = {0, 1};  // N = {0, 1}: not deficient
  bad.neighbours = {0, 1};
  CHECK_FALSE(tokten::match::verify_hall_witness(g.view(), bad).ok);
  bad = *w;
  bad.neighbours = {};
  CHECK_FALSE(tokten::match::verify_hall_witness(g.view(), bad).ok);
  bad = *w;
  bad.members = {1, 1};
  CHECK_FALSE(tokten::match::verify_hall_witness(g.view(), bad).ok);
  bad = *w;
  bad.rows_side = false;
  CHECK_FALSE(tokten::match::verify_hall_witness(g.view(), bad).ok);
}

TEST_CASE("Hopcroft-Karp on a large sparse graph: perfect when planted, exact deficiency", "[witness][large]") {
  std::mt19937_64 rng(8);
  const std::int64_t n = 20000, m = 30000;
  std::vector<std::int64_t> perm(static_cast<std::size_t>(m));
  for (std::int64_t j = 0; j < m; ++j) perm[static_cast<std::size_t>(j)] = j;
  std::shuffle(perm.begin(), perm.end(), rng);
  std::uniform_int_distribution<std::int64_t> col(0, m - 1);
  std::vector<BipartiteGraph::Triplet> t;
  for (std::int64_t i = 0; i < n; ++i) {
    if (i >= 5) t.push_back({i, perm[static_cast<std::size_t>(i)], 1.0});
    for (int k = 0; k < 3; ++k)
      if (i >= 5) t.push_back({i, col(rng), 1.0});
  }
  // Rows 0..4 have no pairs at all: a deficiency of exactly 5.
  const auto g = BipartiteGraph::from_triplets(n, m, t);
  const auto w = tokten::match::hall_witness(g.view());
  REQUIRE(w);
  CHECK(w->deficiency() == 5);
  CHECK(tokten::match::verify_hall_witness(g.view(), *w).ok);
}
