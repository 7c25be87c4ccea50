#pragma once
// The fuzz targets: each takes arbitrary bytes, drives one reader or solver with them, and checks
// what came out. A property that fails throws Finding; an expected rejection of bad input
// (InputError from a reader, std::invalid_argument from a solver's input check) is a pass.
//
// The same functions serve libFuzzer (tests/fuzz/fuzz_target.cpp, clang; TOKTEN_FUZZ_TARGET=NAME)
// and the regression test (tests/cpp/test_fuzz_regressions.cpp, every build), which replays
// tests/fuzz/corpus/NAME/ and tests/fuzz/regressions/NAME/. A new target is a function here, an entry in
// kTargets, and one tokten_fuzz_target(NAME) line in tests/fuzz/CMakeLists.txt.
//
// Solver targets decode the bytes into small instances (up to about 12 x 12) whose entries are
// drawn from a palette of hostile values: infinities, NaN, +-0, the extremes of the type, tiny
// and huge magnitudes, besides ordinary small numbers; every result is checked by the solver's
// own verifier (which re-derives feasibility and optimality from the certificate).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tokten/impact/equity_indicators.hpp"
#include "tokten/impact/indicators.hpp"
#include "tokten/impact/reconcile.hpp"
#include "tokten/io/assignment_json.hpp"
#include "tokten/io/ledger_json.hpp"
#include "tokten/io/policy_json.hpp"
#include "tokten/io/problem_json.hpp"
#include "tokten/match/capacitated_assignment.hpp"
#include "tokten/match/dense_assignment.hpp"
#include "tokten/match/min_cost_flow.hpp"
#include "tokten/match/sparse_assignment.hpp"
#include "tokten/solve.hpp"

namespace tokten::fuzz {

/// A property that does not hold: a bug (or a limit that is not checked where it should be).
struct Finding : std::logic_error {
  using std::logic_error::logic_error;
};

inline void require(bool holds, const std::string& what) {
  if (!holds) throw Finding(what);
}

/// Reads the fuzzer's bytes as a stream of choices; past the end every read gives 0, so any
/// input, even empty, decodes to some instance.
class Bytes {
 public:
  Bytes(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}

  bool empty() const { return at_ >= size_; }
  std::uint8_t byte() { return at_ < size_ ? data_[at_++] : 0; }
  bool flag() { return byte() & 1; }
  /// An integer in [lo, hi] (lo <= hi, hi - lo < 2^32).
  std::int64_t in(std::int64_t lo, std::int64_t hi) {
    const auto span = static_cast<std::uint64_t>(hi - lo) + 1;
    std::uint64_t raw = 0;
    for (std::uint64_t reach = 1; reach < span && reach != 0; reach <<= 8) raw = (raw << 8) | byte();
    return lo + static_cast<std::int64_t>(raw % span);
  }
  template <class T>
  T raw() {
    unsigned char bytes[sizeof(T)] = {};
    for (auto& b : bytes) b = byte();
    T value;
    std::memcpy(&value, bytes, sizeof(T));
    return value;
  }
  /// A double from the hostile palette (NaN and infinities only when `special`).
  double number(bool special) {
    constexpr double inf = std::numeric_limits<double>::infinity();
    const int pick = static_cast<int>(byte() % 20);
    switch (pick) {
      case 0: return special ? inf : 0.0;
      case 1: return special ? -inf : -1.0;
      case 2: return special ? std::numeric_limits<double>::quiet_NaN() : 1.0;
      case 3: return 0.0;
      case 4: return -0.0;
      case 5: return 1e300;
      case 6: return -1e300;
      case 7: return std::numeric_limits<double>::max();
      case 8: return std::numeric_limits<double>::lowest();
      case 9: return std::numeric_limits<double>::denorm_min();
      case 10: return 1e-300;
      case 11: return 1e15 + static_cast<double>(in(-8, 8));  // large, with exact ties
      case 12: {
        const double d = raw<double>();
        return special || std::isfinite(d) ? d : 2.0;
      }
      default: return static_cast<double>(in(-20, 20));  // small integers: many ties
    }
  }
  /// An integer from the hostile palette of T's range.
  template <class T>
  T integer() {
    const int pick = static_cast<int>(byte() % 12);
    switch (pick) {
      case 0: return std::numeric_limits<T>::max();
      case 1: return std::numeric_limits<T>::min();
      case 2: return static_cast<T>(std::numeric_limits<T>::max() / 3);
      case 3: return raw<T>();
      default: return static_cast<T>(in(-20, 20));
    }
  }

 private:
  const std::uint8_t* data_;
  std::size_t size_;
  std::size_t at_ = 0;
};

namespace detail {

inline std::string text_of(const std::uint8_t* data, std::size_t size) {
  return std::string(reinterpret_cast<const char*>(data), size);
}

}  // namespace detail

// ---------------------------------------------------------------------------------------------
// JSON readers: any text either reads, or is refused with an InputError. What reads must write
// back and read again to the same value (nothing accepted that cannot be written).

inline void problem_json(const std::uint8_t* data, std::size_t size) {
  Problem problem;
  try {
    problem = io::read_problem(detail::text_of(data, size));
  } catch (const InputError&) {
    return;
  }
  require(validate_problem(problem).empty(), "a problem that reads has validation issues");
  Problem again;
  try {
    again = io::read_problem(io::write_problem(problem));
  } catch (const InputError& e) {
    throw Finding(std::string("a problem that reads does not read back: ") + e.what());
  }
  require(again == problem, "a problem does not round-trip through JSON");
  require(io::write_problem(again, -1) == io::write_problem(problem, -1), "writing is not deterministic");
}

// A ledger that reads round-trips, and every indicator of it holds together: reconciliation
// is deterministic, totals equal the sums of each breakdown, shares and indices stay in range.
inline void ledger_json(const std::uint8_t* data, std::size_t size) {
  impact::Ledger ledger;
  try {
    ledger = io::read_ledger(detail::text_of(data, size));
  } catch (const InputError&) {
    return;
  }
  impact::Ledger again;
  try {
    again = io::read_ledger(io::write_ledger(ledger));
  } catch (const InputError& e) {
    throw Finding(std::string("a ledger that reads does not read back: ") + e.what());
  }
  require(again == ledger, "a ledger does not round-trip through JSON");
  require(impact::reconcile(ledger) == impact::reconcile(again), "reconciliation is not deterministic");
  const impact::ProgrammeTotals totals = impact::totals(ledger);
  for (const std::string_view by : impact::kBreakdownKeys) {
    const impact::Breakdown b = impact::breakdown(ledger, by);
    std::int64_t missions = 0, beneficiaries = 0;
    for (const auto& row : b.rows) missions += row.missions, beneficiaries += row.beneficiaries;
    require(missions == totals.missions, "a breakdown's missions do not sum to the total");
    require(beneficiaries == totals.beneficiaries, "a breakdown's beneficiaries do not sum to the total");
  }
  const impact::EquityReport e = impact::equity(ledger);
  for (const double share : {e.missions_outside_capital_share, e.beneficiaries_outside_capital_share})
    require(share >= 0.0 && share <= 1.0, "a share outside [0, 1]");
  for (const double index : {e.gini_regions_missions, e.gini_sectors_missions})
    require(index >= 0.0 && index < 1.0, "a Gini index outside [0, 1)");
  const impact::Continuity c = impact::continuity(ledger);
  require(c.repeat_rate >= 0.0 && c.repeat_rate <= 1.0, "a repeat rate outside [0, 1]");
}

inline void policy_json(const std::uint8_t* data, std::size_t size) {
  score::ScoringPolicy policy;
  try {
    policy = io::read_policy(detail::text_of(data, size));
  } catch (const InputError&) {
    return;
  }
  require(score::validate_policy(policy).empty(), "a policy that reads has validation issues");
  score::ScoringPolicy again;
  try {
    again = io::read_policy(io::write_policy(policy));
  } catch (const InputError& e) {
    throw Finding(std::string("a policy that reads does not read back: ") + e.what());
  }
  require(again == policy, "a policy does not round-trip through JSON");
}

inline void assignment_json(const std::uint8_t* data, std::size_t size) {
  Assignment assignment;
  try {
    assignment = io::read_assignment(detail::text_of(data, size));
  } catch (const InputError&) {
    return;
  }
  Assignment again;
  try {
    again = io::read_assignment(io::write_assignment(assignment));
  } catch (const InputError& e) {
    throw Finding(std::string("an assignment that reads does not read back: ") + e.what());
  }
  require(again == assignment, "an assignment does not round-trip through JSON");
}

// ---------------------------------------------------------------------------------------------
// Dense assignment: a matrix of doubles, floats or integers, any layout (row-major,
// column-major, transposed), either sense, with or without the sparsify path; invalid entries
// must be refused, anything else solved and certified.

template <class T>
void dense_case(Bytes& in, std::ptrdiff_t rows, std::ptrdiff_t cols, match::Sense sense) {
  const auto count = static_cast<std::size_t>(rows * cols);
  std::vector<T> values(count);
  for (T& v : values) {
    if constexpr (std::is_floating_point_v<T>) v = static_cast<T>(in.number(true));
    else v = in.integer<T>();
  }
  bool invalid = false;
  if constexpr (std::is_floating_point_v<T>) {
    const T bad = sense == match::Sense::minimize ? -std::numeric_limits<T>::infinity()
                                                  : std::numeric_limits<T>::infinity();
    // NaN, the infinity that the sense forbids, and finite entries beyond 2^997 are refused.
    for (T v : values)
      invalid = invalid || std::isnan(v) || v == bad || (std::isfinite(v) && std::fabs(static_cast<double>(v)) >= 0x1p997);
  }
  // The layout: row-major, column-major, or a transposed view of the other shape.
  match::MatrixView<T> view;
  switch (in.byte() % 3) {
    case 0: view = match::MatrixView<T>::row_major(values.data(), rows, cols); break;
    case 1: view = match::MatrixView<T>::col_major(values.data(), rows, cols); break;
    default: view = match::MatrixView<T>::row_major(values.data(), cols, rows).transposed(); break;
  }
  match::DenseOptions options;
  if (in.flag()) options.sparsify_min_size = in.in(1, 4);
  if (in.flag()) options.sparsify_rect_min_size = in.in(1, 4);
  options.sparsify_k = static_cast<int>(in.in(1, 4));
  options.sparsify_kcol = static_cast<int>(in.in(1, 4));

  match::DenseAssignment result;
  try {
    result = match::solve_dense_assignment(view, sense, options);
  } catch (const std::invalid_argument& e) {
    require(invalid, std::string("a valid matrix was refused: ") + e.what());
    return;
  }
  require(!invalid, "a matrix with NaN or a forbidden infinity was solved");
  const match::VerificationReport report = match::verify_dense_assignment(view, sense, result);
  require(report.ok, "dense result fails verification: " + report.message + " (" +
                         std::to_string(rows) + " x " + std::to_string(cols) + ")");
}

inline void dense_assignment(const std::uint8_t* data, std::size_t size) {
  Bytes in(data, size);
  const std::ptrdiff_t rows = in.in(0, 12), cols = in.in(0, 12);
  const match::Sense sense = in.flag() ? match::Sense::maximize : match::Sense::minimize;
  switch (in.byte() % 5) {
    case 0: dense_case<double>(in, rows, cols, sense); break;
    case 1: dense_case<float>(in, rows, cols, sense); break;
    case 2: dense_case<std::int64_t>(in, rows, cols, sense); break;
    case 3: dense_case<std::int32_t>(in, rows, cols, sense); break;
    default: dense_case<std::uint8_t>(in, rows, cols, sense); break;
  }
}

// ---------------------------------------------------------------------------------------------
// Sparse assignment: a CSR graph (empty rows, parallel pairs, hostile weights).

template <class T>
void sparse_case(Bytes& in, std::ptrdiff_t rows, std::ptrdiff_t cols, match::Sense sense) {
  std::vector<std::int64_t> offset{0}, index;
  std::vector<T> weight;
  bool invalid = false;
  for (std::ptrdiff_t i = 0; i < rows; ++i) {
    const std::int64_t entries = cols == 0 ? 0 : in.in(0, 6);  // 0: an empty row
    for (std::int64_t k = 0; k < entries; ++k) {
      index.push_back(in.in(0, cols - 1));
      T w;
      if constexpr (std::is_floating_point_v<T>) w = static_cast<T>(in.number(true));
      else w = in.integer<T>();
      if constexpr (std::is_floating_point_v<T>)
        invalid = invalid || !std::isfinite(w) || std::fabs(static_cast<double>(w)) >= 0x1p997;
      weight.push_back(w);
    }
    offset.push_back(static_cast<std::int64_t>(index.size()));
  }
  const match::CsrView<T, std::int64_t> g{rows, cols, offset.data(), index.data(), weight.data()};
  match::SparseAssignment result;
  try {
    result = match::solve_sparse_assignment(g, sense);
  } catch (const std::invalid_argument& e) {
    require(invalid, std::string("a valid graph was refused: ") + e.what());
    return;
  }
  require(!invalid, "a graph with a non-finite weight was solved");
  const match::VerificationReport report = match::verify_sparse_assignment(g, sense, result);
  require(report.ok, "sparse result fails verification: " + report.message);
}

inline void sparse_assignment(const std::uint8_t* data, std::size_t size) {
  Bytes in(data, size);
  const std::ptrdiff_t rows = in.in(0, 12), cols = in.in(0, 12);
  const match::Sense sense = in.flag() ? match::Sense::maximize : match::Sense::minimize;
  switch (in.byte() % 3) {
    case 0: sparse_case<double>(in, rows, cols, sense); break;
    case 1: sparse_case<float>(in, rows, cols, sense); break;
    default: sparse_case<std::int64_t>(in, rows, cols, sense); break;
  }
}

// ---------------------------------------------------------------------------------------------
// Capacitated assignment with every rule: capacities (negative ones too), minimums, groups and
// their quotas, pinned pairs, column dates, both objectives and senses, partial results, both
// engines. The problem check decides what is valid; a valid problem must solve and verify.

inline void capacitated_assignment(const std::uint8_t* data, std::size_t size) {
  Bytes in(data, size);
  match::CapacitatedProblem p;
  const std::ptrdiff_t rows = in.in(0, 8), cols = in.in(0, 8);
  std::vector<match::BipartiteGraph::Triplet> triplets;
  std::set<std::pair<std::int64_t, std::int64_t>> seen;
  const std::int64_t pairs = rows * cols == 0 ? 0 : in.in(0, 24);
  const bool allow_duplicates = in.byte() % 16 == 0;
  const bool hostile_weights = in.byte() % 8 == 0;
  for (std::int64_t k = 0; k < pairs; ++k) {
    const std::int64_t r = in.in(0, rows - 1), c = in.in(0, cols - 1);
    if (!seen.insert({r, c}).second && !allow_duplicates) continue;
    const double w = hostile_weights ? in.number(true) : static_cast<double>(in.in(-5, 20));
    triplets.push_back({r, c, w});
  }
  p.graph = match::BipartiteGraph::from_triplets(rows, cols, triplets);
  const auto counts = [&](std::ptrdiff_t n, std::int64_t lo, std::int64_t hi) {
    std::vector<std::int64_t> v(static_cast<std::size_t>(n));
    for (auto& x : v) x = in.byte() % 32 == 0 ? -1 : in.in(lo, hi);
    return v;
  };
  p.row_capacity = counts(rows, 0, 3);
  p.col_capacity = counts(cols, 0, 3);
  if (in.flag()) p.row_minimum = counts(rows, 0, 1);
  if (in.flag()) p.col_minimum = counts(cols, 0, 2);
  const auto groups = [&](std::ptrdiff_t n, std::vector<std::int32_t>& group,
                          std::vector<match::CountBounds>& bounds) {
    if (!in.flag()) return;
    const std::int64_t g = in.in(1, 3);
    for (std::int64_t k = 0; k < g; ++k) {
      const std::int64_t lo = in.in(0, 3);
      const std::int64_t hi = in.flag() ? std::numeric_limits<std::int64_t>::max() : lo + in.in(0, 4);
      bounds.push_back({lo, hi});
    }
    group.resize(static_cast<std::size_t>(n));
    for (auto& x : group) x = static_cast<std::int32_t>(in.in(-1, g - 1));
  };
  groups(rows, p.row_group, p.row_group_bounds);
  groups(cols, p.col_group, p.col_group_bounds);
  if (!triplets.empty())
    for (std::int64_t k = in.in(0, 2); k > 0; --k) {
      const auto& t = triplets[static_cast<std::size_t>(in.in(0, static_cast<std::int64_t>(triplets.size()) - 1))];
      p.pinned.push_back({t.row, t.col});
    }
  if (in.flag()) {
    p.col_interval.resize(static_cast<std::size_t>(cols));
    for (auto& t : p.col_interval) {
      t.first = in.in(0, 30);
      t.last = t.first + in.in(-1, 10);  // -1: ends before it starts (invalid)
    }
  }
  p.objective = in.flag() ? match::Objective::max_cardinality : match::Objective::max_weight;
  p.sense = in.byte() % 4 == 0 ? match::Sense::minimize : match::Sense::maximize;
  p.allow_partial = in.flag();
  switch (in.byte() % 3) {
    case 0: p.engine = match::CapacitatedProblem::Engine::automatic; break;
    case 1: p.engine = match::CapacitatedProblem::Engine::network_simplex; break;
    default: p.engine = match::CapacitatedProblem::Engine::shortest_paths; break;
  }
  try {
    match::detail::check_problem(p);
  } catch (const std::invalid_argument&) {
    // Refused as a whole, before any work: the solver must refuse it the same way.
    bool refused = false;
    try {
      (void)match::solve_capacitated_assignment(p);
    } catch (const std::invalid_argument&) {
      refused = true;
    }
    require(refused, "the solver accepted a problem its check refuses");
    return;
  }
  match::CapacitatedAssignment r;
  try {
    r = match::solve_capacitated_assignment(p);
  } catch (const std::exception& e) {
    throw Finding(std::string("a checked capacitated problem failed to solve: ") + e.what());
  }
  const std::string problem = match::verify_capacitated_assignment(p, r);
  require(problem.empty(), "capacitated result fails verification: " + problem);
}

// ---------------------------------------------------------------------------------------------
// Minimum-cost flow: a small network with bounds, supplies that sum to zero, costs of each
// kind; an optimal flow must check out, an infeasible one must carry a valid cut.

template <class Cost>
Cost flow_cost(Bytes& in) {
  if constexpr (std::is_same_v<Cost, double>) return in.number(false);
  else if constexpr (std::is_same_v<Cost, std::int64_t>) return in.integer<std::int64_t>();
  else return match::LexCost{in.in(-3, 3), in.number(false)};
}

template <class Cost>
void flow_case(Bytes& in) {
  const auto nodes = static_cast<std::int32_t>(in.in(1, 8));
  match::FlowNetwork<Cost> net(nodes);
  std::int64_t total = 0;
  for (std::int32_t v = 0; v + 1 < nodes; ++v) {
    net.supply[static_cast<std::size_t>(v)] = in.in(-4, 4);
    total += net.supply[static_cast<std::size_t>(v)];
  }
  net.supply.back() = in.byte() % 16 == 0 ? in.in(-2, 2) : -total;  // sometimes unbalanced
  const std::int64_t arcs = in.in(0, 16);
  for (std::int64_t a = 0; a < arcs; ++a) {
    const auto from = static_cast<std::int32_t>(in.in(0, nodes - 1));
    const auto to = static_cast<std::int32_t>(in.in(0, nodes - 1));
    const std::int64_t lo = in.byte() % 4 == 0 ? in.in(-1, 2) : 0;
    const std::int64_t hi = in.byte() % 8 == 0 ? std::int64_t{1} << 40 : lo + in.in(-1, 5);
    net.add_arc(from, to, lo, hi, flow_cost<Cost>(in));
  }
  match::FlowSolution<Cost> solution;
  try {
    solution = match::solve_min_cost_flow(net);
  } catch (const std::invalid_argument& e) {
    require(std::string_view(e.what()).rfind("min-cost flow: ", 0) == 0,
            std::string("a refusal that does not come from the input check: ") + e.what());
    return;
  }
  if (solution.status == match::FlowStatus::optimal) {
    const std::string problem = match::check_min_cost_flow(net, solution.flow, solution.potential, solution.cost);
    require(problem.empty(), "optimal flow fails its check: " + problem);
  } else {
    const std::string problem = match::check_flow_cut(net, solution.cut);
    require(problem.empty(), "infeasibility cut fails its check: " + problem);
  }
}

inline void min_cost_flow(const std::uint8_t* data, std::size_t size) {
  Bytes in(data, size);
  switch (in.byte() % 3) {
    case 0: flow_case<double>(in); break;
    case 1: flow_case<std::int64_t>(in); break;
    default: flow_case<match::LexCost>(in); break;
  }
}

// ---------------------------------------------------------------------------------------------
// End to end: a small planning round decoded from the bytes (taxonomies with cycles and unknown
// parents, levels off the scale, NaN and negative weights, overlapping windows, no feasible
// pair...), a policy and options. An invalid round or policy must be refused with an
// InputError; a valid one must solve into an assignment that is consistent with the round.

inline Problem decode_problem(Bytes& in) {
  Problem p;
  p.name = in.flag() ? "fuzz" : "";
  const auto skill_id = [](std::int64_t k) { return "s" + std::to_string(k); };
  const std::int64_t skills = in.in(0, 6);
  for (std::int64_t k = 0; k < skills; ++k) {
    Skill s{skill_id(k), in.byte() % 32 == 0 ? "" : "skill", std::nullopt};
    const int parent = in.byte() % 8;
    if (parent < 3 && k > 0) s.parent = skill_id(in.in(0, k - 1));    // a forest
    else if (parent == 3) s.parent = skill_id(in.in(0, skills));       // maybe a cycle, maybe unknown
    p.taxonomy.skills.push_back(std::move(s));
  }
  if (in.byte() % 32 == 0 && skills > 0) p.taxonomy.skills.push_back(p.taxonomy.skills.front());  // duplicate id
  const std::int64_t institutions = in.in(1, 2);
  for (std::int64_t k = 0; k < institutions; ++k)
    p.institutions.push_back({"inst-" + std::to_string(k), "Institution", InstitutionKind::university,
                              in.flag() ? "Bamako" : "Mopti"});
  const auto window = [&]() {
    const int start = 20000 + static_cast<int>(in.in(0, 60));
    return DateWindow{Date{start}, Date{start + static_cast<int>(in.in(-1, 40))}};
  };
  const auto skill_ref = [&]() { return skill_id(in.in(0, std::max<std::int64_t>(skills, 1))); };  // may be unknown
  const std::int64_t experts = in.in(0, 8);
  for (std::int64_t k = 0; k < experts; ++k) {
    Expert e;
    e.id = in.byte() % 64 == 0 ? std::string("bad\nid") : "exp-" + std::to_string(k);
    e.name = "Expert";
    e.residence_country = in.byte() % 32 == 0 ? "France" : "FR";
    for (std::int64_t s = in.in(0, 3); s > 0; --s)
      e.skills.push_back({skill_ref(), static_cast<int>(in.in(in.byte() % 32 == 0 ? 0 : 1, 5))});
    // Most experts are broadly available and speak French well, so that many rounds have
    // feasible pairs to assign; the rest are drawn freely.
    const bool friendly = in.byte() % 4 != 0;
    if (friendly) e.languages.push_back({"fr", Cefr::C2});
    for (std::int64_t l = in.in(0, 2); l > 0; --l)
      e.languages.push_back({in.flag() ? "fr" : "en", static_cast<Cefr>(in.in(1, 6))});
    if (in.flag()) e.sectors.push_back(static_cast<Sector>(in.in(0, 6)));
    if (in.flag()) e.degrees.push_back({static_cast<DegreeLevel>(in.in(0, 3)), ""});
    e.years_experience = static_cast<int>(in.in(0, 40));
    if (friendly) e.availability.push_back({Date{19990}, Date{20200}});
    for (std::int64_t w = in.in(0, 2); w > 0; --w) e.availability.push_back(window());
    e.max_missions = static_cast<int>(in.in(in.byte() % 32 == 0 ? -1 : 0, 3));
    e.remote_possible = in.flag();
    if (in.flag()) e.preferences.regions.push_back("Mopti");
    p.experts.push_back(std::move(e));
  }
  const std::int64_t needs = in.in(0, 5);
  for (std::int64_t k = 0; k < needs; ++k) {
    Need n;
    n.id = "need-" + std::to_string(k);
    n.institution = "inst-" + std::to_string(in.in(0, institutions - (in.byte() % 32 == 0 ? 0 : 1)));
    n.sector = static_cast<Sector>(in.in(0, 6));
    for (std::int64_t s = in.in(in.byte() % 32 == 0 ? 0 : 1, 3); s > 0; --s) {
      SkillRequirement r;
      r.skill = skill_ref();
      r.essential = in.byte() % 4 == 0;
      r.min_level = static_cast<int>(in.in(1, 5));
      r.weight = in.byte() % 8 == 0 ? in.number(true) : static_cast<double>(in.in(0, 3));
      n.skills.push_back(std::move(r));
    }
    if (in.byte() % 4 == 0) n.languages.push_back({in.flag() ? "fr" : "en", static_cast<Cefr>(in.in(1, 6))});
    n.window = window();
    // Mostly a mission that fits its window; sometimes one that does not (invalid).
    n.duration_days = static_cast<int>(in.in(1, std::max(1, n.window.length_days() + (in.byte() % 16 == 0 ? 3 : 0))));
    n.seats = static_cast<int>(in.in(in.byte() % 32 == 0 ? 0 : 1, 3));
    n.priority = static_cast<int>(in.in(1, 5));
    n.mode = in.byte() % 4 == 0 ? static_cast<MissionMode>(in.in(0, 2)) : MissionMode::either;
    n.thesis_supervision = in.byte() % 8 == 0;
    p.needs.push_back(std::move(n));
  }
  return p;
}

inline void solve(const std::uint8_t* data, std::size_t size) {
  Bytes in(data, size);
  const Problem problem = decode_problem(in);
  SolveOptions options;
  if (in.byte() % 4 == 0) {
    const auto& field = score::kPolicyNumbers[static_cast<std::size_t>(in.in(0, score::kPolicyNumbers.size() - 1))];
    options.policy.*field.member = in.number(true);
  }
  options.objective = in.flag() ? Objective::max_seats_then_weight : Objective::max_weight;
  options.candidates_per_need = static_cast<std::int32_t>(in.in(1, 10));
  options.alternates = static_cast<std::int32_t>(in.in(0, 3));
  options.explain_pairs = in.flag();
  options.candidate_path = in.flag() ? score::CandidateOptions::Path::dense : score::CandidateOptions::Path::sparse;

  const bool valid = validate_problem(problem).empty() && score::validate_policy(options.policy).empty();
  SolveReport report;
  try {
    report = solve_report(problem, options);
  } catch (const InputError& e) {
    require(!valid, std::string("a valid round was refused: ") + e.what());
    return;
  }
  require(valid, "an invalid round or policy was solved");
  const Assignment& a = report.assignment;
  require(a.status != SolveStatus::infeasible, "a round without minimums is infeasible");
  const auto issues = validate_assignment(problem, a);
  require(issues.empty(), "the assignment is inconsistent with its round: " +
                              (issues.empty() ? std::string() : issues.front().what()));

  // Every pair feasible with its own score; the total is their sum; no expert on two needs whose
  // windows overlap; each need's unfilled seats are what its pairs leave.
  const score::ScoringContext context(problem, options.policy);
  double total = 0.0;
  std::vector<std::vector<DateWindow>> windows(problem.experts.size());
  std::vector<int> filled(problem.needs.size(), 0);
  for (const AssignedPair& pair : a.pairs) {
    std::size_t e = 0, n = 0;
    while (problem.experts[e].id != pair.expert) ++e;
    while (problem.needs[n].id != pair.need) ++n;
    const score::PairScore s = score::score_pair(context, e, n);
    require(s.feasible, "an infeasible pair was assigned: " + pair.expert + " -> " + pair.need);
    require(s.score == pair.score, "a pair's score differs from score_pair");
    for (const DateWindow& w : windows[e])
      require(!w.overlaps(problem.needs[n].window), "an expert has two missions whose windows overlap");
    windows[e].push_back(problem.needs[n].window);
    ++filled[n];
    total += pair.score;
  }
  require(std::fabs(total - a.total_score) <= 1e-9 * (1.0 + std::fabs(total)), "total_score is not the sum of the pairs");
  require(report.bound + 1e-9 * (1.0 + std::fabs(report.bound)) >= a.total_score, "the bound is below the total");
  std::vector<int> open(problem.needs.size(), 0);
  for (const UnfilledSeats& u : a.unfilled) {
    std::size_t n = 0;
    while (problem.needs[n].id != u.need) ++n;
    open[n] += u.seats;
  }
  for (std::size_t n = 0; n < problem.needs.size(); ++n)
    require(filled[n] + open[n] == problem.needs[n].seats, "filled and unfilled seats do not add up for " + problem.needs[n].id);

  // Both candidate paths give the same graph, hence the same assignment.
  SolveOptions other = options;
  other.candidate_path = options.candidate_path == score::CandidateOptions::Path::dense
                             ? score::CandidateOptions::Path::sparse
                             : score::CandidateOptions::Path::dense;
  require(solve(problem, other) == a, "the dense and sparse candidate paths disagree");

  // The round and the assignment round-trip through their documents.
  require(io::read_problem(io::write_problem(problem)) == problem, "the round does not round-trip through JSON");
  require(io::read_assignment(io::write_assignment(a)) == a, "the assignment does not round-trip through JSON");
}

// ---------------------------------------------------------------------------------------------

using Target = void (*)(const std::uint8_t*, std::size_t);

struct NamedTarget {
  std::string_view name;
  Target run;
};

/// Every target, by the name of its corpus folder (tests/fuzz/corpus/NAME, tests/fuzz/regressions/NAME).
inline constexpr NamedTarget kTargets[] = {
    {"problem_json", problem_json},
    {"ledger_json", ledger_json},
    {"policy_json", policy_json},
    {"assignment_json", assignment_json},
    {"dense_assignment", dense_assignment},
    {"sparse_assignment", sparse_assignment},
    {"capacitated_assignment", capacitated_assignment},
    {"min_cost_flow", min_cost_flow},
    {"solve", solve},
};

}  // namespace tokten::fuzz
