// Candidate generation at national scale (include/tokten/score/candidates.hpp).
//
// A synthetic round (seeded; benchmarks/national_round.hpp, shared with bench_solve_cpp.cpp):
// a 3-level taxonomy of 2,000 skills (20 broad fields, 9 narrow fields each, 10 detailed
// skills under each narrow field: 20 + 180 + 1,800),
// E experts with about 10 skills each (mostly detailed skills of a home narrow field, a few
// elsewhere, 5% broader skills), N needs with about 5 requirements each drawn from one narrow
// field (the first essential, the others essential with probability 0.3; 20% of the needs have
// only optional requirements, the case that scans every expert), French as the working
// language, availability windows and need windows over one six-month round, on-site / remote /
// either missions, 5% of the experts taking no mission. Timed: building the problem (not
// reported), the ScoringContext (validation + compilation), the sparse and (when small enough)
// the dense candidate paths, each once; the two graphs are compared when both run. The peak RSS
// is the process's (getrusage), after everything.
//
//   (from the repository root; one line)
//   g++ -O2 -std=c++20 -I include -isystem /usr/include/eigen3 benchmarks/bench_candidates_cpp.cpp -o /tmp/bench_candidates_cpp
//   /tmp/bench_candidates_cpp [--experts E] [--needs N] [--k K] [--dense]
//
// Default: 100,000 experts x 10,000 needs, k = 50, sparse path only (--dense also runs the
// dense path and checks that the graphs are identical; at national scale that takes minutes).
// Output: a markdown table (phase, seconds) and the peak RSS.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "national_round.hpp"
#include "tokten/score/candidates.hpp"

using namespace tokten;
using tokten::bench::national_problem;

namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

long peak_rss_mb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024;
}

}  // namespace

int main(int argc, char** argv) {
  int experts = 100'000, needs = 10'000, k = 50;
  bool dense = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--experts" && i + 1 < argc) experts = std::atoi(argv[++i]);
    else if (a == "--needs" && i + 1 < argc) needs = std::atoi(argv[++i]);
    else if (a == "--k" && i + 1 < argc) k = std::atoi(argv[++i]);
    else if (a == "--dense") dense = true;
    else {
      std::fprintf(stderr, "usage: %s [--experts E] [--needs N] [--k K] [--dense]\n", argv[0]);
      return 2;
    }
  }
  auto t = std::chrono::steady_clock::now();
  const Problem problem = national_problem(experts, needs, 2027);
  const double generate = seconds_since(t);
  const long rss_problem = peak_rss_mb();

  t = std::chrono::steady_clock::now();
  const score::ScoringContext context(problem);
  const double build = seconds_since(t);

  score::CandidateOptions options;
  options.k = k;
  options.path = score::CandidateOptions::Path::sparse;
  t = std::chrono::steady_clock::now();
  const score::Candidates sparse = score::generate_candidates(context, options);
  const double sparse_s = seconds_since(t);

  double dense_s = -1;
  bool same = true;
  if (dense) {
    options.path = score::CandidateOptions::Path::dense;
    t = std::chrono::steady_clock::now();
    const score::Candidates d = score::generate_candidates(context, options);
    dense_s = seconds_since(t);
    same = d.graph.row_offset == sparse.graph.row_offset && d.graph.col_index == sparse.graph.col_index &&
           d.graph.weight == sparse.graph.weight && d.feasible_count == sparse.feasible_count;
  }
  std::size_t optional_only = 0, empty = 0;
  for (std::size_t n = 0; n < context.need_count(); ++n) {
    const auto need = context.need(n);
    bool any = false;
    for (const auto& r : need.skills) any = any || r.essential;
    optional_only += any ? 0 : 1;
    empty += sparse.feasible_count[n] == 0 ? 1 : 0;
  }
  std::printf("%d experts x %d needs, 2,000 skills (3 levels), k = %d, %u hardware threads\n\n", experts, needs, k,
              std::thread::hardware_concurrency());
  std::printf("| phase | seconds |\n|---|---:|\n");
  std::printf("| generate the problem (not part of tokten) | %.2f |\n", generate);
  std::printf("| ScoringContext (validate + compile) | %.2f |\n", build);
  std::printf("| candidates, sparse path | %.2f |\n", sparse_s);
  if (dense) std::printf("| candidates, dense path | %.2f |\n", dense_s);
  std::printf("\nedges %td, needs with only optional requirements %zu, needs without a feasible expert %zu\n",
              sparse.graph.edges(), optional_only, empty);
  std::printf("peak RSS %ld MB (%ld MB after generating the problem)\n", peak_rss_mb(), rss_problem);
  if (dense) std::printf("dense and sparse graphs %s\n", same ? "identical" : "DIFFER (MISMATCH)");
  return same ? 0 : 1;
}
