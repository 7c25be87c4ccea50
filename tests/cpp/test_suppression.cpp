// Safe publication: the audit against a brute-force enumeration of every table a reader could
// reconstruct, suppress() always audit-safe, and small adversarial tables whose expected
// patterns follow from the reasoning written next to them.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <utility>
#include <vector>

#include "tokten/publish/suppression.hpp"
#include "tokten/synth/random.hpp"
#include "test_scale.hpp"

using tokten::publish::AuditReport;
using tokten::publish::audit;
using tokten::publish::CellRange;
using tokten::publish::kComplementary;
using tokten::publish::kPrimary;
using tokten::publish::kPublished;
using tokten::publish::kUnbounded;
using tokten::publish::PublicationTable;
using tokten::publish::suppress;
using tokten::publish::SuppressionOptions;
using tokten::publish::SuppressionResult;

namespace {

using Key = std::pair<std::int32_t, std::int32_t>;  // (row, col); -1 for a total

struct Totals {
  std::vector<std::int64_t> row, col;
  std::int64_t grand = 0;
};

Totals totals_of(const PublicationTable& t) {
  Totals s;
  s.row.assign(static_cast<std::size_t>(t.rows), 0);
  s.col.assign(static_cast<std::size_t>(t.cols), 0);
  for (std::int32_t i = 0; i < t.rows; ++i)
    for (std::int32_t j = 0; j < t.cols; ++j) {
      const auto v = t.values[static_cast<std::size_t>(i * t.cols + j)];
      s.row[static_cast<std::size_t>(i)] += v;
      s.col[static_cast<std::size_t>(j)] += v;
      s.grand += v;
    }
  return s;
}

// Every non-negative integer table that agrees with what is published, each withheld cell
// below `cap`, enumerated cell by cell (a cell whose row or column has no other withheld cell
// left is forced by that total). The least and largest value of each withheld number over them.
struct Brute {
  std::map<Key, std::pair<std::int64_t, std::int64_t>> range;
  bool complete = true;
};

class Enumerator {
 public:
  Enumerator(const PublicationTable& t, const SuppressionResult& r, std::int64_t cap, std::int64_t budget)
      : t_(t), r_(r), cap_(cap), budget_(budget), totals_(totals_of(t)) {
    row_left_ = totals_.row;
    col_left_ = totals_.col;
    grand_left_ = totals_.grand;
    for (std::int32_t i = 0; i < t.rows; ++i)
      for (std::int32_t j = 0; j < t.cols; ++j) {
        const auto c = static_cast<std::size_t>(i * t.cols + j);
        if (r.suppressed[c] != kPublished) {
          vars_.push_back({i, j});
        } else {
          row_left_[static_cast<std::size_t>(i)] -= t.values[c];
          col_left_[static_cast<std::size_t>(j)] -= t.values[c];
          grand_left_ -= t.values[c];
        }
      }
    last_in_row_.assign(vars_.size(), false);
    last_in_col_.assign(vars_.size(), false);
    for (std::size_t k = 0; k < vars_.size(); ++k) {
      bool row_last = true, col_last = true;
      for (std::size_t m = k + 1; m < vars_.size(); ++m) {
        if (vars_[m].first == vars_[k].first) row_last = false;
        if (vars_[m].second == vars_[k].second) col_last = false;
      }
      last_in_row_[k] = row_last;
      last_in_col_[k] = col_last;
    }
    x_.assign(vars_.size(), 0);
  }

  Brute run() {
    dfs(0);
    return out_;
  }

 private:
  bool row_published(std::int32_t i) const { return !r_.row_total_suppressed[static_cast<std::size_t>(i)]; }
  bool col_published(std::int32_t j) const { return !r_.col_total_suppressed[static_cast<std::size_t>(j)]; }

  void dfs(std::size_t k) {
    if (!out_.complete) return;
    if (++nodes_ > budget_) {
      out_.complete = false;
      return;
    }
    if (k == vars_.size()) {
      leaf();
      return;
    }
    const auto [i, j] = vars_[k];
    auto& rl = row_left_[static_cast<std::size_t>(i)];
    auto& cl = col_left_[static_cast<std::size_t>(j)];
    std::int64_t lo = 0, hi = cap_;
    if (row_published(i)) hi = std::min(hi, rl);
    if (col_published(j)) hi = std::min(hi, cl);
    if (!r_.grand_total_suppressed) hi = std::min(hi, grand_left_);
    if (row_published(i) && last_in_row_[k]) lo = std::max(lo, rl), hi = std::min(hi, rl);
    if (col_published(j) && last_in_col_[k]) lo = std::max(lo, cl), hi = std::min(hi, cl);
    if (!r_.grand_total_suppressed && k + 1 == vars_.size())
      lo = std::max(lo, grand_left_), hi = std::min(hi, grand_left_);
    for (std::int64_t v = lo; v <= hi; ++v) {
      x_[k] = v;
      rl -= v;
      cl -= v;
      grand_left_ -= v;
      dfs(k + 1);
      rl += v;
      cl += v;
      grand_left_ += v;
    }
  }

  void leaf() {
    // Every published total must hold exactly.
    for (std::int32_t i = 0; i < t_.rows; ++i)
      if (row_published(i) && row_left_[static_cast<std::size_t>(i)] != 0) return;
    for (std::int32_t j = 0; j < t_.cols; ++j)
      if (col_published(j) && col_left_[static_cast<std::size_t>(j)] != 0) return;
    if (!r_.grand_total_suppressed && grand_left_ != 0) return;
    std::vector<std::int64_t> row(static_cast<std::size_t>(t_.rows), 0), col(static_cast<std::size_t>(t_.cols), 0);
    std::int64_t grand = 0;
    for (std::int32_t i = 0; i < t_.rows; ++i)
      for (std::int32_t j = 0; j < t_.cols; ++j) {
        const auto c = static_cast<std::size_t>(i * t_.cols + j);
        if (r_.suppressed[c] == kPublished) {
          row[static_cast<std::size_t>(i)] += t_.values[c];
          col[static_cast<std::size_t>(j)] += t_.values[c];
          grand += t_.values[c];
        }
      }
    for (std::size_t k = 0; k < vars_.size(); ++k) {
      row[static_cast<std::size_t>(vars_[k].first)] += x_[k];
      col[static_cast<std::size_t>(vars_[k].second)] += x_[k];
      grand += x_[k];
    }
    // What the reader knows besides: totals at least their floors.
    for (std::int32_t i = 0; i < t_.rows; ++i)
      if (!t_.row_floor.empty() && row[static_cast<std::size_t>(i)] < t_.row_floor[static_cast<std::size_t>(i)]) return;
    for (std::int32_t j = 0; j < t_.cols; ++j)
      if (!t_.col_floor.empty() && col[static_cast<std::size_t>(j)] < t_.col_floor[static_cast<std::size_t>(j)]) return;
    for (std::size_t k = 0; k < vars_.size(); ++k) note({vars_[k].first, vars_[k].second}, x_[k]);
    for (std::int32_t i = 0; i < t_.rows; ++i)
      if (!row_published(i)) note({i, -1}, row[static_cast<std::size_t>(i)]);
    for (std::int32_t j = 0; j < t_.cols; ++j)
      if (!col_published(j)) note({-1, j}, col[static_cast<std::size_t>(j)]);
    if (r_.grand_total_suppressed) note({-1, -1}, grand);
  }

  void note(Key key, std::int64_t v) {
    auto it = out_.range.find(key);
    if (it == out_.range.end()) {
      out_.range.emplace(key, std::make_pair(v, v));
    } else {
      it->second.first = std::min(it->second.first, v);
      it->second.second = std::max(it->second.second, v);
    }
  }

  const PublicationTable& t_;
  const SuppressionResult& r_;
  std::int64_t cap_, budget_, nodes_ = 0;
  Totals totals_;
  std::vector<std::int64_t> row_left_, col_left_;
  std::int64_t grand_left_ = 0;
  std::vector<Key> vars_;
  std::vector<bool> last_in_row_, last_in_col_;
  std::vector<std::int64_t> x_;
  Brute out_;
};

// Withheld cells are capped at 4 * grand + 1: every vertex of the reader's polytope stays below
// the published numbers' sum (at most 4 * grand), and a bounded number never exceeds 2 * grand,
// so a brute-force maximum at the cap or above means "unbounded".
std::int64_t cap_for(const PublicationTable& t) { return 4 * totals_of(t).grand + 1; }

// Compares the audit with the enumeration; returns false when the enumeration ran out of budget.
bool matches_brute_force(const PublicationTable& t, const SuppressionResult& r,
                         const AuditReport& a, std::int64_t budget) {
  const std::int64_t cap = cap_for(t);
  const Brute b = Enumerator(t, r, cap, budget).run();
  if (!b.complete) return false;
  std::size_t withheld = 0;
  for (const auto s : r.suppressed) withheld += s != kPublished;
  for (const bool s : r.row_total_suppressed) withheld += s;
  for (const bool s : r.col_total_suppressed) withheld += s;
  withheld += r.grand_total_suppressed;
  REQUIRE(a.cells.size() == withheld);
  REQUIRE(b.range.size() == withheld);  // the true table is always among those enumerated
  for (const CellRange& c : a.cells) {
    INFO("item (" << c.row << ", " << c.col << ") audit [" << c.lo << ", " << c.hi << "]");
    const auto it = b.range.find({c.row, c.col});
    REQUIRE(it != b.range.end());
    const auto [lo, hi] = it->second;
    INFO("brute force [" << lo << ", " << hi << "], cap " << cap);
    CHECK(c.lo == lo);
    if (c.hi == kUnbounded) {
      CHECK(hi >= cap);
    } else {
      CHECK(hi < cap);
      CHECK(c.hi == hi);
    }
    CHECK(c.lo <= c.value);
    CHECK(c.value <= c.hi);
    const bool wide = hi >= cap || hi - lo >= c.required;
    CHECK(c.protected_ == wide);
  }
  return true;
}

// A random table: values 0..3 (zeros often), expert counts 0..7 (a zero value mostly a
// structural zero), total expert counts consistent with the cells.
PublicationTable random_table(tokten::synth::Random& rng, int max_side = 4) {
  PublicationTable t;
  t.rows = rng.between(1, max_side);
  t.cols = rng.between(1, max_side);
  const auto n = static_cast<std::size_t>(t.rows * t.cols);
  for (std::size_t c = 0; c < n; ++c) {
    const std::int64_t v = rng.chance(0.3) ? 0 : rng.between(1, 3);
    t.values.push_back(v);
    t.experts.push_back(v == 0 && rng.chance(0.8) ? 0 : rng.between(0, 7));
  }
  std::vector<std::int64_t> row_most(static_cast<std::size_t>(t.rows), 0), row_sum(row_most);
  std::vector<std::int64_t> col_most(static_cast<std::size_t>(t.cols), 0), col_sum(col_most);
  for (std::int32_t i = 0; i < t.rows; ++i)
    for (std::int32_t j = 0; j < t.cols; ++j) {
      const auto e = t.experts[static_cast<std::size_t>(i * t.cols + j)];
      auto& rm = row_most[static_cast<std::size_t>(i)];
      auto& cm = col_most[static_cast<std::size_t>(j)];
      rm = std::max(rm, e);
      cm = std::max(cm, e);
      row_sum[static_cast<std::size_t>(i)] += e;
      col_sum[static_cast<std::size_t>(j)] += e;
    }
  std::int64_t most = 0, rsum = 0, csum = 0;
  for (std::size_t i = 0; i < row_most.size(); ++i) {
    t.row_experts.push_back(rng.between(static_cast<int>(row_most[i]), static_cast<int>(row_sum[i])));
    most = std::max(most, t.row_experts.back());
    rsum += t.row_experts.back();
  }
  for (std::size_t j = 0; j < col_most.size(); ++j) {
    t.col_experts.push_back(rng.between(static_cast<int>(col_most[j]), static_cast<int>(col_sum[j])));
    most = std::max(most, t.col_experts.back());
    csum += t.col_experts.back();
  }
  t.total_experts = rng.between(static_cast<int>(most), static_cast<int>(std::min(rsum, csum)));
  return t;
}

SuppressionResult random_pattern(tokten::synth::Random& rng, const PublicationTable& t) {
  SuppressionResult r;
  for (std::int32_t c = 0; c < t.rows * t.cols; ++c)
    r.suppressed.push_back(rng.chance(0.45) ? (rng.chance(0.5) ? kPrimary : kComplementary) : kPublished);
  for (std::int32_t i = 0; i < t.rows; ++i) r.row_total_suppressed.push_back(rng.chance(0.2));
  for (std::int32_t j = 0; j < t.cols; ++j) r.col_total_suppressed.push_back(rng.chance(0.2));
  r.grand_total_suppressed = rng.chance(0.25);
  return r;
}

bool sensitive(std::int64_t experts, std::int64_t k) { return experts > 0 && experts < k; }

// What every suppress() result must satisfy, whatever the heuristic chose.
void check_suppression(const PublicationTable& t, const SuppressionOptions& opt, const SuppressionResult& r) {
  REQUIRE(r.suppressed.size() == t.values.size());
  REQUIRE(r.row_total_suppressed.size() == static_cast<std::size_t>(t.rows));
  REQUIRE(r.col_total_suppressed.size() == static_cast<std::size_t>(t.cols));
  // Primary exactly on the sensitive cells.
  for (std::size_t c = 0; c < t.values.size(); ++c)
    CHECK((r.suppressed[c] == kPrimary) == sensitive(t.experts[c], opt.k));
  for (std::size_t i = 0; i < t.row_experts.size(); ++i)
    if (sensitive(t.row_experts[i], opt.k)) CHECK(r.row_total_suppressed[i]);
  for (std::size_t j = 0; j < t.col_experts.size(); ++j)
    if (sensitive(t.col_experts[j], opt.k)) CHECK(r.col_total_suppressed[j]);
  if (sensitive(t.total_experts, opt.k)) CHECK(r.grand_total_suppressed);
  // A published total with exactly one withheld number under it gives that number away, so
  // this never happens (a necessary condition, checked apart from the audit).
  for (std::int32_t i = 0; i < t.rows; ++i) {
    if (r.row_total_suppressed[static_cast<std::size_t>(i)]) continue;
    int n = 0;
    for (std::int32_t j = 0; j < t.cols; ++j)
      n += r.suppressed[static_cast<std::size_t>(i * t.cols + j)] != kPublished;
    CHECK(n != 1);
  }
  for (std::int32_t j = 0; j < t.cols; ++j) {
    if (r.col_total_suppressed[static_cast<std::size_t>(j)]) continue;
    int n = 0;
    for (std::int32_t i = 0; i < t.rows; ++i)
      n += r.suppressed[static_cast<std::size_t>(i * t.cols + j)] != kPublished;
    CHECK(n != 1);
  }
  if (!r.grand_total_suppressed) {
    CHECK(std::count(r.row_total_suppressed.begin(), r.row_total_suppressed.end(), true) != 1);
    CHECK(std::count(r.col_total_suppressed.begin(), r.col_total_suppressed.end(), true) != 1);
  }
  const AuditReport a = audit(t, r, opt);
  INFO((a.failures.empty() ? std::string() : a.failures.front()));
  CHECK(a.safe);
  CHECK(a.failures.empty());
}

PublicationTable make_table(std::int32_t rows, std::int32_t cols, std::vector<std::int64_t> values,
                            std::vector<std::int64_t> experts) {
  PublicationTable t;
  t.rows = rows;
  t.cols = cols;
  t.values = std::move(values);
  t.experts = std::move(experts);
  // Totals as if every expert worked in one cell only: distinct counts add up.
  t.row_experts.assign(static_cast<std::size_t>(rows), 0);
  t.col_experts.assign(static_cast<std::size_t>(cols), 0);
  t.total_experts = 0;
  for (std::int32_t i = 0; i < rows; ++i)
    for (std::int32_t j = 0; j < cols; ++j) {
      const auto e = t.experts[static_cast<std::size_t>(i * cols + j)];
      t.row_experts[static_cast<std::size_t>(i)] += e;
      t.col_experts[static_cast<std::size_t>(j)] += e;
      t.total_experts += e;
    }
  return t;
}

std::size_t count_withheld_cells(const SuppressionResult& r) {
  return static_cast<std::size_t>(std::count_if(r.suppressed.begin(), r.suppressed.end(),
                                                [](std::uint8_t s) { return s != kPublished; }));
}

const CellRange& range_of(const AuditReport& a, std::int32_t row, std::int32_t col) {
  for (const auto& c : a.cells)
    if (c.row == row && c.col == col) return c;
  FAIL("no range for (" << row << ", " << col << ")");
  return a.cells.front();
}

}  // namespace

TEST_CASE("the audit's ranges equal a brute-force enumeration on random small tables") {
  tokten::synth::Random rng(20270301);
  int compared = 0, skipped = 0;
  for (int trial = 0; trial < 4000; ++trial) {
    const PublicationTable t = random_table(rng);
    const SuppressionResult r = random_pattern(rng, t);
    SuppressionOptions opt;
    opt.k = rng.between(1, 6);
    opt.protection = rng.between(1, 3);
    opt.protection_ratio = rng.chance(0.3) ? 0.5 : 0.0;
    INFO("trial " << trial);
    const AuditReport a = audit(t, r, opt);
    if (matches_brute_force(t, r, a, 200000)) {
      ++compared;
    } else {
      ++skipped;
    }
    // Safe means: no sensitive number published, every withheld number protected.
    std::size_t exposed = 0;
    for (std::size_t c = 0; c < t.values.size(); ++c)
      exposed += r.suppressed[c] == kPublished && sensitive(t.experts[c], opt.k);
    for (std::int32_t i = 0; i < t.rows; ++i)
      exposed += !r.row_total_suppressed[static_cast<std::size_t>(i)] &&
                 sensitive(t.row_experts[static_cast<std::size_t>(i)], opt.k);
    for (std::int32_t j = 0; j < t.cols; ++j)
      exposed += !r.col_total_suppressed[static_cast<std::size_t>(j)] &&
                 sensitive(t.col_experts[static_cast<std::size_t>(j)], opt.k);
    exposed += !r.grand_total_suppressed && sensitive(t.total_experts, opt.k);
    CHECK(a.exposed.size() == exposed);
    bool expected_safe = exposed == 0;
    std::size_t unprotected = 0;
    for (const auto& c : a.cells) {
      expected_safe = expected_safe && c.protected_;
      unprotected += !c.protected_;
    }
    CHECK(a.safe == expected_safe);
    CHECK(a.failures.size() == exposed + unprotected);
  }
  INFO(compared << " compared, " << skipped << " over the enumeration budget");
  CHECK(compared >= 3800);
}

TEST_CASE("suppress() always passes the audit, and the audit agrees with brute force on it") {
  tokten::synth::Random rng(7);
  int compared = 0;
  const int trials = tokten::test::scaled(3000);
  for (int trial = 0; trial < trials; ++trial) {
    const PublicationTable t = random_table(rng);
    SuppressionOptions opt;
    opt.k = rng.between(2, 7);
    opt.protection = rng.chance(0.7) ? 1 : rng.between(2, 4);
    opt.protection_ratio = rng.chance(0.2) ? 0.3 : 0.0;
    opt.cost = rng.chance(0.5) ? SuppressionOptions::Cost::value : SuppressionOptions::Cost::cells;
    INFO("trial " << trial << ": " << t.rows << " x " << t.cols << ", k = " << opt.k
                  << ", protection " << opt.protection);
    const SuppressionResult r = suppress(t, opt);
    check_suppression(t, opt, r);
    if (trial % 3 == 0 && matches_brute_force(t, r, audit(t, r, opt), 200000)) ++compared;
  }
  CHECK(compared >= trials * 4 / 15);  // 800 of 3,000
}

// Floors between 0 and each total's value (a reader's knowledge the true table satisfies).
void random_floors(tokten::synth::Random& rng, PublicationTable& t) {
  const Totals totals = totals_of(t);
  t.row_floor.clear();
  t.col_floor.clear();
  for (const std::int64_t v : totals.row) t.row_floor.push_back(rng.chance(0.5) ? rng.between(0, static_cast<int>(v)) : 0);
  for (const std::int64_t v : totals.col) t.col_floor.push_back(rng.chance(0.5) ? rng.between(0, static_cast<int>(v)) : 0);
}

TEST_CASE("floors: the audit's ranges equal brute force when the reader knows lower bounds on totals") {
  tokten::synth::Random rng(20271127);
  int compared = 0, narrowed = 0;
  for (int trial = 0; trial < 3000; ++trial) {
    PublicationTable t = random_table(rng);
    random_floors(rng, t);
    const SuppressionResult r = random_pattern(rng, t);
    SuppressionOptions opt;
    opt.k = rng.between(1, 6);
    INFO("trial " << trial);
    const AuditReport with = audit(t, r, opt);
    if (matches_brute_force(t, r, with, 200000)) ++compared;
    // Knowing more never widens a range.
    PublicationTable bare = t;
    bare.row_floor.clear();
    bare.col_floor.clear();
    const AuditReport without = audit(bare, r, opt);
    REQUIRE(with.cells.size() == without.cells.size());
    for (std::size_t c = 0; c < with.cells.size(); ++c) {
      CHECK(with.cells[c].lo >= without.cells[c].lo);
      CHECK((with.cells[c].hi <= without.cells[c].hi));
      narrowed += with.cells[c].lo > without.cells[c].lo;
    }
  }
  CHECK(compared >= 2800);
  CHECK(narrowed > 100);  // the floors do bind on these tables
}

TEST_CASE("floors: suppress() respects them and always passes the audit that knows them") {
  tokten::synth::Random rng(11);
  int compared = 0;
  const int trials = tokten::test::scaled(2000);
  for (int trial = 0; trial < trials; ++trial) {
    PublicationTable t = random_table(rng);
    random_floors(rng, t);
    SuppressionOptions opt;
    opt.k = rng.between(2, 7);
    opt.protection = rng.chance(0.7) ? 1 : rng.between(2, 3);
    INFO("trial " << trial);
    const SuppressionResult r = suppress(t, opt);
    check_suppression(t, opt, r);
    if (trial % 3 == 0 && matches_brute_force(t, r, audit(t, r, opt), 200000)) ++compared;
  }
  CHECK(compared >= trials / 4);  // 500 of 2,000
}

TEST_CASE("floors: regions listed because they have missions cannot be pinned at one mission") {
  // One sector; Bamako 50 missions (20 experts), Kidal 1 (1 expert), Menaka 1 (1 expert), k = 5.
  PublicationTable t = make_table(3, 1, {50, 1, 1}, {20, 1, 1});
  SuppressionOptions opt;
  const SuppressionResult blind = suppress(t, opt);  // without the floors: Kidal and Menaka in [0, 2]
  CHECK(audit(t, blind, opt).safe);
  t.row_floor = {1, 1, 1};  // the reader knows each listed region has at least one mission
  const AuditReport pinned = audit(t, blind, opt);
  CHECK_FALSE(pinned.safe);  // ... so that pattern pins both at 1
  CHECK(range_of(pinned, 1, 0).lo == 1);
  CHECK(range_of(pinned, 1, 0).hi == 1);
  const SuppressionResult r = suppress(t, opt);
  const AuditReport a = audit(t, r, opt);
  CHECK(a.safe);
  CHECK(matches_brute_force(t, r, a, 2000000));
  for (const CellRange& c : a.cells) CHECK(c.hi - c.lo >= 1);
}

TEST_CASE("floors: a floor above its total, or negative, is refused") {
  PublicationTable t = make_table(2, 1, {3, 4}, {3, 4});
  t.row_floor = {4, 0};
  CHECK_THROWS_WITH(suppress(t), Catch::Matchers::Contains("below its floor"));
  t.row_floor = {-1, 0};
  CHECK_THROWS_WITH(audit(t, suppress(make_table(2, 1, {3, 4}, {3, 4}))), Catch::Matchers::Contains("negative"));
  t.row_floor = {1};
  CHECK_THROWS_WITH(suppress(t), Catch::Matchers::Contains("one bound per row"));
}

TEST_CASE("suppress() on larger random tables is safe and deterministic") {
  tokten::synth::Random rng(99);
  for (int trial = 0; trial < 40; ++trial) {
    PublicationTable t;
    t.rows = rng.between(5, 12);
    t.cols = rng.between(5, 12);
    const auto n = static_cast<std::size_t>(t.rows * t.cols);
    for (std::size_t c = 0; c < n; ++c) {
      const std::int64_t e = rng.chance(0.15) ? 0 : rng.between(1, 30);
      t.experts.push_back(e);
      t.values.push_back(e == 0 ? 0 : e + rng.between(0, 40));
    }
    SuppressionOptions opt;
    opt.protection = rng.between(1, 3);
    opt.cost = trial % 2 ? SuppressionOptions::Cost::cells : SuppressionOptions::Cost::value;
    const SuppressionResult r = suppress(t, opt);
    // Unknown total expert counts: the fewest possible is assumed.
    PublicationTable filled = t;
    filled.row_experts.assign(static_cast<std::size_t>(t.rows), 0);
    filled.col_experts.assign(static_cast<std::size_t>(t.cols), 0);
    for (std::int32_t i = 0; i < t.rows; ++i)
      for (std::int32_t j = 0; j < t.cols; ++j) {
        const auto e = t.experts[static_cast<std::size_t>(i * t.cols + j)];
        filled.row_experts[static_cast<std::size_t>(i)] = std::max(filled.row_experts[static_cast<std::size_t>(i)], e);
        filled.col_experts[static_cast<std::size_t>(j)] = std::max(filled.col_experts[static_cast<std::size_t>(j)], e);
      }
    filled.total_experts = std::max(*std::max_element(filled.row_experts.begin(), filled.row_experts.end()),
                                    *std::max_element(filled.col_experts.begin(), filled.col_experts.end()));
    check_suppression(filled, opt, r);
    const SuppressionResult again = suppress(t, opt);
    CHECK(again.suppressed == r.suppressed);
    CHECK(again.row_total_suppressed == r.row_total_suppressed);
    CHECK(again.col_total_suppressed == r.col_total_suppressed);
    CHECK(again.grand_total_suppressed == r.grand_total_suppressed);
  }
}

TEST_CASE("one sensitive cell in a 2 x 2 table: all four cells, no total") {
  // With the totals published, a withheld cell is fixed by its row unless its row partner is
  // withheld, that one by its column unless the cell below is, and so on: the only pattern that
  // hides anything is all four cells. With every cell positive, moving one unit around the
  // square keeps every total, so no total needs withholding.
  const auto t = make_table(2, 2, {3, 10, 8, 12}, {2, 9, 7, 11});
  const auto r = suppress(t);
  CHECK(r.suppressed == std::vector<std::uint8_t>{kPrimary, kComplementary, kComplementary, kComplementary});
  CHECK(r.row_total_suppressed == std::vector<bool>{false, false});
  CHECK(r.col_total_suppressed == std::vector<bool>{false, false});
  CHECK_FALSE(r.grand_total_suppressed);
  const auto a = audit(t, r);
  CHECK(a.safe);
  // The square moves by -min(3, 12) .. +min(10, 8) at the sensitive cell.
  CHECK(range_of(a, 0, 0).lo == 3 - std::min(3, 12));
  CHECK(range_of(a, 0, 0).hi == 3 + std::min(10, 8));
  CHECK(matches_brute_force(t, r, a, 1000000));
}

TEST_CASE("the header's example works") {
  using namespace tokten::publish;
  PublicationTable t;
  t.rows = 2;
  t.cols = 2;
  t.values = {3, 10, 8, 12};
  t.experts = {2, 9, 7, 11};
  t.row_experts = {10, 15};
  t.col_experts = {8, 16};
  t.total_experts = 20;
  SuppressionResult r = suppress(t);
  AuditReport a = audit(t, r);
  CHECK(a.safe);
  CHECK(r.suppressed[0] == kPrimary);
}

TEST_CASE("a sensitive cell alone in its row gets a partner in that row") {
  // Row 1 holds one sensitive cell; its row total is published, so a second cell of row 1 must
  // be withheld (else the cell is the row total minus the published cells).
  const auto t = make_table(3, 3, {20, 15, 30, 9, 2, 11, 14, 25, 18},
                            {12, 9, 20, 8, 3, 10, 9, 15, 11});
  const auto r = suppress(t);
  check_suppression(t, {}, r);
  CHECK(r.suppressed[4] == kPrimary);
  int in_row = 0;
  for (int j = 0; j < 3; ++j) in_row += r.suppressed[static_cast<std::size_t>(3 + j)] != kPublished;
  CHECK(in_row >= 2);
  CHECK(matches_brute_force(t, r, audit(t, r), 2000000));
}

TEST_CASE("a whole sensitive row, and its sensitive total") {
  const auto t = make_table(3, 3, {1, 2, 1, 10, 12, 9, 14, 8, 11}, {1, 1, 1, 8, 9, 7, 10, 6, 9});
  REQUIRE(t.row_experts[0] == 3);  // fewer than 5: the row total is sensitive too
  const auto r = suppress(t);
  check_suppression(t, {}, r);
  CHECK(r.row_total_suppressed[0]);
  for (int j = 0; j < 3; ++j) CHECK(r.suppressed[static_cast<std::size_t>(j)] == kPrimary);
  const auto a = audit(t, r);
  CHECK(a.safe);
  CHECK(range_of(a, 0, -1).hi - range_of(a, 0, -1).lo >= 1);
  CHECK(matches_brute_force(t, r, a, 2000000));
}

TEST_CASE("a one-row table: each column total is its cell, so it is withheld with it") {
  // In a 1 x C table the column totals repeat the cells; a withheld cell needs its column total
  // withheld, and a partner (another cell with its column total) to keep the row total.
  const auto t = make_table(1, 4, {7, 2, 9, 6}, {6, 3, 8, 7});
  const auto r = suppress(t);
  check_suppression(t, {}, r);
  CHECK(r.suppressed[1] == kPrimary);
  CHECK(r.col_total_suppressed[1]);
  CHECK(count_withheld_cells(r) >= 2);
  const auto a = audit(t, r);
  CHECK(a.safe);
  CHECK(matches_brute_force(t, r, a, 1000000));
  // Without the column totals withheld, nothing can be hidden: withholding every cell alone
  // leaves each pinned.
  SuppressionResult cells_only;
  cells_only.suppressed.assign(4, kComplementary);
  cells_only.row_total_suppressed = {false};
  cells_only.col_total_suppressed.assign(4, false);
  const auto pinned = audit(t, cells_only);
  CHECK_FALSE(pinned.safe);
  for (const auto& c : pinned.cells) CHECK(c.lo == c.hi);
}

TEST_CASE("a one-column table, and a 1 x 1 table") {
  const auto t = make_table(4, 1, {5, 1, 8, 4}, {6, 1, 9, 5});
  const auto r = suppress(t);
  check_suppression(t, {}, r);
  CHECK(r.row_total_suppressed[1]);
  CHECK(matches_brute_force(t, r, audit(t, r), 1000000));

  // One cell: its row total, column total and grand total are all the cell. Only withholding
  // all four hides it (and then nothing bounds it).
  const auto one = make_table(1, 1, {3}, {2});
  const auto r1 = suppress(one);
  CHECK(r1.suppressed == std::vector<std::uint8_t>{kPrimary});
  CHECK(r1.row_total_suppressed == std::vector<bool>{true});
  CHECK(r1.col_total_suppressed == std::vector<bool>{true});
  CHECK(r1.grand_total_suppressed);
  const auto a1 = audit(one, r1);
  CHECK(a1.safe);
  CHECK(range_of(a1, 0, 0).hi == kUnbounded);
  CHECK(range_of(a1, 0, 0).lo == 0);
}

TEST_CASE("every cell sensitive, totals not") {
  // Every cell below k = 5, every total above: all cells primary; with all values positive the
  // cells form cycles of their own and the totals stay published.
  const auto t = make_table(3, 3, {2, 3, 1, 4, 2, 2, 1, 3, 5}, {2, 3, 1, 4, 2, 2, 1, 3, 4});
  const auto r = suppress(t);
  check_suppression(t, {}, r);
  for (const auto s : r.suppressed) CHECK(s == kPrimary);
  CHECK(r.row_total_suppressed == std::vector<bool>{false, false, false});
  CHECK(r.col_total_suppressed == std::vector<bool>{false, false, false});
  CHECK_FALSE(r.grand_total_suppressed);
  CHECK(matches_brute_force(t, r, audit(t, r), 2000000));
}

TEST_CASE("zeros: structural zeros are published, a sensitive zero among zeros needs its totals") {
  // All structural zeros: nothing sensitive, nothing withheld.
  const auto zeros = make_table(3, 3, std::vector<std::int64_t>(9, 0), std::vector<std::int64_t>(9, 0));
  const auto r0 = suppress(zeros);
  CHECK(count_withheld_cells(r0) == 0);
  CHECK(audit(zeros, r0).safe);

  // One sensitive zero (experts but no value) in a table of zeros: every published total it
  // lies under is 0, which pins every withheld cell under it at 0. So its row total, column
  // total and the grand total must all go, and then it can grow without bound.
  auto t = zeros;
  t.experts[4] = 2;
  t.row_experts[1] = 2;
  t.col_experts[1] = 2;
  t.total_experts = 2;
  const auto r = suppress(t);
  check_suppression(t, {}, r);
  CHECK(r.suppressed[4] == kPrimary);
  CHECK(r.row_total_suppressed[1]);
  CHECK(r.col_total_suppressed[1]);
  CHECK(r.grand_total_suppressed);
  const auto a = audit(t, r);
  CHECK(range_of(a, 1, 1).hi == kUnbounded);
  CHECK(matches_brute_force(t, r, a, 2000000));
}

TEST_CASE("a grand total from fewer than k experts") {
  // Three experts in all: every number that counts anyone is sensitive, the grand total too.
  PublicationTable t = make_table(2, 3, {2, 0, 1, 1, 3, 0}, {1, 0, 1, 1, 2, 0});
  t.row_experts = {2, 2};
  t.col_experts = {2, 2, 1};
  t.total_experts = 3;
  const auto r = suppress(t);
  check_suppression(t, {}, r);
  CHECK(r.grand_total_suppressed);
  const auto a = audit(t, r);
  CHECK(a.safe);
  CHECK(range_of(a, -1, -1).hi - range_of(a, -1, -1).lo >= 1);
  CHECK(matches_brute_force(t, r, a, 2000000));

  // Withholding the grand total alone while the row totals are published pins it (their sum).
  SuppressionResult grand_only;
  grand_only.suppressed.assign(6, kPublished);
  grand_only.row_total_suppressed = {false, false};
  grand_only.col_total_suppressed = {false, false, false};
  grand_only.grand_total_suppressed = true;
  SuppressionOptions k1;
  k1.k = 1;  // nothing sensitive: only the protection is audited
  const auto pinned = audit(t, grand_only, k1);
  CHECK_FALSE(pinned.safe);
  CHECK(range_of(pinned, -1, -1).lo == 7);
  CHECK(range_of(pinned, -1, -1).hi == 7);
}

TEST_CASE("larger protection levels and the protection ratio are met") {
  tokten::synth::Random rng(31);
  for (int trial = 0; trial < 300; ++trial) {
    PublicationTable t = random_table(rng, 5);
    for (auto& v : t.values) v *= 4;  // room for wide ranges
    SuppressionOptions opt;
    opt.protection = rng.between(2, 6);
    opt.protection_ratio = rng.chance(0.5) ? 0.6 : 0.0;
    const auto r = suppress(t, opt);
    check_suppression(t, opt, r);
    for (const auto& c : audit(t, r, opt).cells) {
      const double by_ratio = std::ceil(opt.protection_ratio * static_cast<double>(c.value));
      const std::int64_t need =
          std::max<std::int64_t>(opt.protection, c.sensitive ? static_cast<std::int64_t>(by_ratio) : 0);
      CHECK(c.required == need);
      CHECK((c.hi == kUnbounded || c.hi - c.lo >= need));
    }
  }
}

TEST_CASE("the audit flags a published sensitive cell and a pinned withheld one") {
  const auto t = make_table(2, 2, {3, 10, 8, 12}, {2, 9, 7, 11});
  SuppressionResult none;
  none.suppressed.assign(4, kPublished);
  none.row_total_suppressed = {false, false};
  none.col_total_suppressed = {false, false};
  const auto a = audit(t, none);
  CHECK_FALSE(a.safe);
  REQUIRE(a.failures.size() == 1);
  CHECK_THAT(a.failures[0], Catch::Contains("cell (0, 0)") && Catch::Contains("published"));
  REQUIRE(a.exposed.size() == 1);
  CHECK(a.exposed[0].row == 0);
  CHECK(a.exposed[0].col == 0);
  CHECK(a.exposed[0].value == 3);

  SuppressionResult row;  // the sensitive cell and its row partner: the column totals pin both
  row.suppressed = {kPrimary, kComplementary, kPublished, kPublished};
  row.row_total_suppressed = {false, false};
  row.col_total_suppressed = {false, false};
  const auto b = audit(t, row);
  CHECK_FALSE(b.safe);
  CHECK(b.failures.size() == 2);
  CHECK(range_of(b, 0, 0).lo == 3);
  CHECK(range_of(b, 0, 0).hi == 3);
  CHECK_THAT(b.failures[0], Catch::Contains("[3, 3]"));
}

TEST_CASE("malformed tables and options are rejected with a message") {
  const auto good = make_table(2, 2, {3, 10, 8, 12}, {2, 9, 7, 11});
  auto bad = good;
  bad.values.pop_back();
  CHECK_THROWS_WITH(suppress(bad), Catch::Contains("rows * cols"));
  bad = good;
  bad.values[1] = -1;
  CHECK_THROWS_WITH(suppress(bad), Catch::Contains("negative"));
  bad = good;
  bad.row_experts[0] = 1;  // fewer than the 9 of cell (0, 1)
  CHECK_THROWS_WITH(suppress(bad), Catch::Contains("row total 0"));
  bad = good;
  bad.total_experts = 1000;  // more than the rows hold together
  CHECK_THROWS_WITH(suppress(bad), Catch::Contains("grand total"));
  bad = good;
  bad.total_experts = -2;
  CHECK_THROWS_WITH(suppress(bad), Catch::Contains("total_experts"));
  bad = good;
  bad.col_experts = {1};
  CHECK_THROWS_WITH(suppress(bad), Catch::Contains("col_experts"));
  SuppressionOptions opt;
  opt.k = 0;
  CHECK_THROWS_WITH(suppress(good, opt), Catch::Contains("k must be"));
  opt = {};
  opt.protection = 0;
  CHECK_THROWS_WITH(suppress(good, opt), Catch::Contains("protection"));
  opt = {};
  opt.protection_ratio = -1.0;
  CHECK_THROWS_WITH(suppress(good, opt), Catch::Contains("protection_ratio"));
  SuppressionResult wrong;
  wrong.suppressed.assign(3, kPublished);
  CHECK_THROWS_WITH(audit(good, wrong), Catch::Contains("shape"));
  bad = good;
  bad.values[0] = std::int64_t{1} << 53;
  CHECK_THROWS_WITH(suppress(bad), Catch::Contains("2^52"));
}

TEST_CASE("empty tables and unknown total expert counts") {
  PublicationTable empty;
  empty.rows = 0;
  empty.cols = 3;
  const auto r = suppress(empty);
  CHECK(r.suppressed.empty());
  CHECK(r.col_total_suppressed == std::vector<bool>{false, false, false});
  CHECK(audit(empty, r).safe);

  // No total counts given: the most of any covered cell is assumed (here 4 < 5 for row 0, which
  // is withheld, although its true count might be higher).
  PublicationTable t;
  t.rows = 2;
  t.cols = 2;
  t.values = {4, 6, 9, 12};
  t.experts = {3, 4, 8, 9};
  const auto u = suppress(t);
  CHECK(u.row_total_suppressed[0]);
  CHECK(audit(t, u).safe);
}
