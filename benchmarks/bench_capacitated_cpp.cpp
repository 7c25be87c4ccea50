// Capacitated assignment (b-matching) against LEMON and Boost, same instances, one run.
//
// The domain's shape: E experts (rows, capacity 1-3 missions each) x N needs (columns, 1-5
// seats each), 50 distinct candidate experts per need; uniform weights in [0, 1), and a variant
// with integer weights 0..10^6. Peers, all timed from the (expert, need, weight) triplets to the
// answer (graph building included), median of R repetitions:
//   tokten   solve_capacitated_assignment, Objective::max_weight and ::max_cardinality
//   LEMON    NetworkSimplex and CostScaling on the flow layout source -> experts (capacity) ->
//            needs (1 per pair, cost -w) -> sink (seats), plus a source -> sink bypass; integer
//            costs (LEMON's CostScaling needs them; its NetworkSimplex is unreliable with
//            doubles): uniform weights are scaled by 10^6 and rounded, so totals agree within
//            pairs * 10^-6; max_cardinality as one solve with cost -(B + w), B above any total.
//   Boost    maximum_weighted_matching (O(V^3) blossom), only on a small unit-capacity instance.
// Every solver's optimal total is compared with tokten's; a disagreement prints "MISMATCH".
//
// LEMON 1.3.1's CostScaling does not compile as C++20 (it calls std::allocator::construct), so
// this file is compiled twice: once as C++17 with TOKTEN_BENCH_LEMON_PART (the LEMON peers
// only), once as C++20 (everything else), and the two objects are linked:
//
//   (from the repository root; each command on one line)
//   g++ -O2 -std=c++17 -DTOKTEN_BENCH_LEMON_PART -c benchmarks/bench_capacitated_cpp.cpp -o /tmp/bench_capacitated_lemon.o
//   g++ -O2 -std=c++20 -I include benchmarks/bench_capacitated_cpp.cpp /tmp/bench_capacitated_lemon.o -llemon -o /tmp/bench_capacitated_cpp
//   /tmp/bench_capacitated_cpp [--reps R] [--quick] [--no-large]
//
// --quick: 3 repetitions and only the 20,000 x 2,000 shape. Output: a markdown table per shape
// (median ms, ratio peer/tokten; > 1 means tokten is faster), the machine line, the peak RSS.
#include <cstdint>
#include <string>
#include <vector>

namespace bench {

// An instance as triplets; rows are experts, columns needs.
struct Instance {
  std::string name;
  std::int64_t rows = 0, cols = 0;
  std::vector<std::int64_t> row, col;  // one per pair
  std::vector<double> weight;          // one per pair
  std::vector<std::int64_t> row_capacity, col_capacity;
  double scale = 1.0;                  // weight * scale, rounded, is the integer weight LEMON sees
};

// LEMON's answer: the number of pairs and their total weight.
struct LemonAnswer {
  bool optimal = false;
  std::int64_t pairs = 0;
  std::int64_t weight = 0;    // the integer weights LEMON solved with
  double exact_weight = 0;     // the chosen pairs' original weights
};

enum class LemonAlgorithm { network_simplex, cost_scaling };

LemonAnswer lemon_solve(const Instance& inst, LemonAlgorithm algorithm, bool max_cardinality);
std::string lemon_version();

}  // namespace bench

#ifdef TOKTEN_BENCH_LEMON_PART
// ------------------------------------------------------------------------------------------
// The LEMON peers (C++17).
#include <lemon/config.h>
#include <lemon/cost_scaling.h>
#include <lemon/network_simplex.h>
#include <lemon/smart_graph.h>

#include <algorithm>
#include <cmath>

namespace bench {

std::string lemon_version() { return LEMON_VERSION; }

template <class Solver>
static LemonAnswer run_on_layout(const Instance& inst, bool max_cardinality) {
  using Digraph = lemon::SmartDigraph;
  Digraph g;
  const auto pairs = static_cast<int>(inst.row.size());
  g.reserveNode(static_cast<int>(inst.rows + inst.cols) + 2);
  g.reserveArc(pairs + static_cast<int>(inst.rows + inst.cols) + 1);
  const Digraph::Node s = g.addNode(), t = g.addNode();
  std::vector<Digraph::Node> row_node(static_cast<std::size_t>(inst.rows)),
      col_node(static_cast<std::size_t>(inst.cols));
  for (auto& v : row_node) v = g.addNode();
  for (auto& v : col_node) v = g.addNode();
  Digraph::ArcMap<std::int64_t> upper(g), cost(g);
  Digraph::NodeMap<std::int64_t> supply(g, 0);
  std::int64_t rc = 0, cc = 0;
  for (std::int64_t i = 0; i < inst.rows; ++i) {
    const auto a = g.addArc(s, row_node[static_cast<std::size_t>(i)]);
    upper[a] = inst.row_capacity[static_cast<std::size_t>(i)];
    cost[a] = 0;
    rc += upper[a];
  }
  for (std::int64_t j = 0; j < inst.cols; ++j) {
    const auto a = g.addArc(col_node[static_cast<std::size_t>(j)], t);
    upper[a] = inst.col_capacity[static_cast<std::size_t>(j)];
    cost[a] = 0;
    cc += upper[a];
  }
  const std::int64_t units = std::min(rc, cc);
  // Integer weights, and for max_cardinality a bonus per pair above any matching's weight.
  std::vector<std::int64_t> w(static_cast<std::size_t>(pairs));
  std::int64_t max_w = 0;
  for (int k = 0; k < pairs; ++k) {
    w[static_cast<std::size_t>(k)] = std::llround(inst.weight[static_cast<std::size_t>(k)] * inst.scale);
    max_w = std::max(max_w, std::abs(w[static_cast<std::size_t>(k)]));
  }
  const std::int64_t bonus = max_cardinality ? 2 * units * max_w + 1 : 0;
  std::vector<Digraph::Arc> pair_arc(static_cast<std::size_t>(pairs));
  for (int k = 0; k < pairs; ++k) {
    const auto a = g.addArc(row_node[static_cast<std::size_t>(inst.row[static_cast<std::size_t>(k)])],
                            col_node[static_cast<std::size_t>(inst.col[static_cast<std::size_t>(k)])]);
    upper[a] = 1;
    cost[a] = -(bonus + w[static_cast<std::size_t>(k)]);
    pair_arc[static_cast<std::size_t>(k)] = a;
  }
  const auto bypass = g.addArc(s, t);
  upper[bypass] = units;
  cost[bypass] = 0;
  supply[s] = units;
  supply[t] = -units;

  Solver solver(g);
  solver.upperMap(upper).costMap(cost).supplyMap(supply);
  LemonAnswer ans;
  ans.optimal = solver.run() == Solver::OPTIMAL;
  if (!ans.optimal) return ans;
  for (int k = 0; k < pairs; ++k) {
    if (solver.flow(pair_arc[static_cast<std::size_t>(k)]) > 0) {
      ++ans.pairs;
      ans.weight += w[static_cast<std::size_t>(k)];
      ans.exact_weight += inst.weight[static_cast<std::size_t>(k)];
    }
  }
  return ans;
}

LemonAnswer lemon_solve(const Instance& inst, LemonAlgorithm algorithm, bool max_cardinality) {
  using Digraph = lemon::SmartDigraph;
  if (algorithm == LemonAlgorithm::network_simplex)
    return run_on_layout<lemon::NetworkSimplex<Digraph, std::int64_t, std::int64_t>>(inst, max_cardinality);
  return run_on_layout<lemon::CostScaling<Digraph, std::int64_t, std::int64_t>>(inst, max_cardinality);
}

}  // namespace bench

#else
// ------------------------------------------------------------------------------------------
// tokten, Boost, the instances and the report (C++20).
#include <tokten/match/boost_graph.hpp>
#include <tokten/match/capacitated_assignment.hpp>
#include <tokten/synth/random.hpp>

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <thread>

using namespace tokten::match;
using bench::Instance;
using bench::LemonAlgorithm;

namespace {

Instance make_instance(std::string name, std::int64_t experts, std::int64_t needs, int per_need,
                       bool integer_weights, bool unit_capacity, std::uint64_t seed) {
  tokten::synth::Random rng(seed);
  Instance inst;
  inst.name = std::move(name);
  inst.rows = experts;
  inst.cols = needs;
  inst.scale = integer_weights ? 1.0 : 1e6;
  for (std::int64_t i = 0; i < experts; ++i) inst.row_capacity.push_back(unit_capacity ? 1 : rng.between(1, 3));
  for (std::int64_t j = 0; j < needs; ++j) inst.col_capacity.push_back(unit_capacity ? 1 : rng.between(1, 5));
  std::vector<std::int64_t> picked;
  for (std::int64_t j = 0; j < needs; ++j) {
    picked.clear();
    while (static_cast<int>(picked.size()) < per_need) {  // distinct experts
      const std::int64_t e = rng.between(0, static_cast<int>(experts) - 1);
      if (std::find(picked.begin(), picked.end(), e) == picked.end()) picked.push_back(e);
    }
    for (const std::int64_t e : picked) {
      inst.row.push_back(e);
      inst.col.push_back(j);
      inst.weight.push_back(integer_weights ? rng.between(0, 1000000) : rng.uniform());
    }
  }
  return inst;
}

struct Answer {
  bool optimal = false;
  std::int64_t pairs = 0;
  double total = 0;  // in the instance's weight units
};

Answer run_tokten(const Instance& inst, Objective objective) {
  std::vector<BipartiteGraph::Triplet> t(inst.row.size());
  for (std::size_t k = 0; k < t.size(); ++k) t[k] = {inst.row[k], inst.col[k], inst.weight[k]};
  CapacitatedProblem p;
  p.graph = BipartiteGraph::from_triplets(inst.rows, inst.cols, std::move(t));
  p.row_capacity = inst.row_capacity;
  p.col_capacity = inst.col_capacity;
  p.objective = objective;
  const CapacitatedAssignment r = solve_capacitated_assignment(p);
  return {r.status == CapacitatedStatus::optimal, r.cardinality, r.total};
}

Answer run_lemon(const Instance& inst, LemonAlgorithm algorithm, Objective objective) {
  const bench::LemonAnswer a = bench::lemon_solve(inst, algorithm, objective == Objective::max_cardinality);
  return {a.optimal, a.pairs, a.exact_weight};
}

Answer run_boost(const Instance& inst) {
  std::vector<BipartiteGraph::Triplet> t(inst.row.size());
  for (std::size_t k = 0; k < t.size(); ++k) t[k] = {inst.row[k], inst.col[k], inst.weight[k]};
  const BipartiteGraph g = BipartiteGraph::from_triplets(inst.rows, inst.cols, std::move(t));
  const BoostMatching m = boost_maximum_weight_matching(g);
  return {true, static_cast<std::int64_t>(m.edges.size()), m.total};
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

std::pair<double, Answer> time_it(const std::function<Answer()>& f, int reps) {
  std::vector<double> ms;
  Answer a;
  for (int r = 0; r < reps; ++r) {
    const auto t0 = std::chrono::steady_clock::now();
    a = f();
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
  }
  return {median(ms), a};
}

double peak_rss_mb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;
}

std::string cpu_model() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("model name", 0) == 0) return line.substr(line.find(':') + 2);
  return "unknown CPU";
}

int mismatches = 0;

// Compares a peer's answer with tokten's (pairs exactly for max_cardinality; totals within the
// rounding of the integer weights the peer saw).
void agree(const char* who, const Instance& inst, Objective objective, const Answer& ref, const Answer& a,
           double weight_tolerance) {
  const bool count_ok = objective != Objective::max_cardinality || a.pairs == ref.pairs;
  const double tol = weight_tolerance + 1e-9 * std::max(1.0, std::abs(ref.total));
  if (a.optimal != ref.optimal || !count_ok || std::abs(a.total - ref.total) > tol) {
    ++mismatches;
    std::printf("\n!!! MISMATCH on %s (%s): %s says %lld pairs, total %.9f; tokten %lld pairs, "
                "total %.9f (tolerance %.3g)\n\n",
                inst.name.c_str(), objective == Objective::max_weight ? "max_weight" : "max_cardinality",
                who, static_cast<long long>(a.pairs), a.total, static_cast<long long>(ref.pairs),
                ref.total, tol);
  }
}

struct Row {
  std::string instance, objective, peer;
  double ms = 0, ratio = 0;
  std::int64_t pairs = 0;
  double total = 0;
};

}  // namespace

int main(int argc, char** argv) {
  int reps = 5;
  bool quick = false, large = true;
  for (int k = 1; k < argc; ++k) {
    if (!std::strcmp(argv[k], "--reps") && k + 1 < argc) reps = std::atoi(argv[++k]);
    else if (!std::strcmp(argv[k], "--quick")) quick = true;
    else if (!std::strcmp(argv[k], "--no-large")) large = false;
    else {
      std::fprintf(stderr, "usage: %s [--reps R] [--quick] [--no-large]\n", argv[0]);
      return 2;
    }
  }
  if (quick) {
    reps = std::min(reps, 3);
    large = false;
  }

  struct Shape {
    std::int64_t experts, needs;
  };
  std::vector<Shape> shapes{{20000, 2000}};
  if (large) shapes.push_back({100000, 10000});

  std::vector<Row> rows;
  for (const Shape& shape : shapes) {
    for (const bool integer_weights : {false, true}) {
      char name[96];
      std::snprintf(name, sizeof name, "%lld x %lld, %s", static_cast<long long>(shape.experts),
                    static_cast<long long>(shape.needs), integer_weights ? "int 0..10^6" : "uniform");
      const Instance inst = make_instance(name, shape.experts, shape.needs, 50, integer_weights, false,
                                          static_cast<std::uint64_t>(shape.experts) * 31 + integer_weights);
      for (const Objective objective : {Objective::max_weight, Objective::max_cardinality}) {
        const char* oname = objective == Objective::max_weight ? "max_weight" : "max_cardinality";
        const auto [t_ms, ref] = time_it([&] { return run_tokten(inst, objective); }, reps);
        rows.push_back({name, oname, "tokten", t_ms, 1.0, ref.pairs, ref.total});
        // LEMON saw weights rounded to 1/scale: each pair is off by at most 0.5/scale.
        const double tol = integer_weights ? 0.0 : static_cast<double>(std::max(ref.pairs, std::int64_t{1})) / inst.scale;
        for (const auto algorithm : {LemonAlgorithm::network_simplex, LemonAlgorithm::cost_scaling}) {
          const char* peer = algorithm == LemonAlgorithm::network_simplex ? "LEMON NetworkSimplex" : "LEMON CostScaling";
          const auto [ms, a] = time_it([&] { return run_lemon(inst, algorithm, objective); }, reps);
          agree(peer, inst, objective, ref, a, tol);
          rows.push_back({name, oname, peer, ms, ms / t_ms, a.pairs, a.total});
        }
        std::fprintf(stderr, "done: %s, %s\n", name, oname);
      }
    }
  }

  // Boost: a small unit-capacity instance only (O(V^3)).
  {
    const Instance inst = make_instance("2,000 x 200, unit capacities, uniform", 2000, 200, 50, false, true, 4242);
    const int boost_reps = std::min(reps, 3);
    const auto [t_ms, ref] = time_it([&] { return run_tokten(inst, Objective::max_weight); }, boost_reps);
    rows.push_back({inst.name, "max_weight", "tokten", t_ms, 1.0, ref.pairs, ref.total});
    const auto [l_ms, l] = time_it([&] { return run_lemon(inst, LemonAlgorithm::network_simplex, Objective::max_weight); }, boost_reps);
    agree("LEMON NetworkSimplex", inst, Objective::max_weight, ref, l, static_cast<double>(ref.pairs) / inst.scale);
    rows.push_back({inst.name, "max_weight", "LEMON NetworkSimplex", l_ms, l_ms / t_ms, l.pairs, l.total});
    const auto [b_ms, b] = time_it([&] { return run_boost(inst); }, boost_reps);
    // Boost saw the weights rounded to multiples of 2^-20 (boost_graph.hpp).
    agree("Boost maximum_weighted_matching", inst, Objective::max_weight, ref, b,
          static_cast<double>(std::min(inst.rows, inst.cols)) * std::ldexp(1.0, -20));
    rows.push_back({inst.name, "max_weight", "Boost maximum_weighted_matching", b_ms, b_ms / t_ms, b.pairs, b.total});
  }

  std::printf("\n| instance | objective | solver | median ms | ratio peer/tokten | pairs | total |\n");
  std::printf("|---|---|---|---:|---:|---:|---:|\n");
  for (const Row& r : rows)
    std::printf("| %s | %s | %s | %.1f | %.2f | %lld | %.6f |\n", r.instance.c_str(), r.objective.c_str(),
                r.peer.c_str(), r.ms, r.ratio, static_cast<long long>(r.pairs), r.total);
  std::printf("\nmachine: %s, %ld online CPUs, g++ %s, LEMON %s, Boost %d.%d; medians of %d "
              "repetitions (Boost instance: %d); times include building the graph from the "
              "triplets; peak RSS of the whole run %.0f MB\n",
              cpu_model().c_str(), static_cast<long>(std::thread::hardware_concurrency()), __VERSION__,
              bench::lemon_version().c_str(), BOOST_VERSION / 100000, BOOST_VERSION / 100 % 1000, reps,
              std::min(reps, 3), peak_rss_mb());
  if (mismatches > 0) {
    std::printf("\n!!! %d MISMATCH(ES): see above\n", mismatches);
    return 1;
  }
  std::printf("all solvers agree on every optimal total\n");
  return 0;
}
#endif
