// The end-to-end solve at national scale (include/tokten/solve.hpp): load a problem document,
// score, keep each need's k best candidates, assign, explain.
//
// The round is benchmarks/national_round.hpp's synthetic one (shared with bench_candidates_cpp):
// 2,000 skills in a 3-level taxonomy, about 10 skills per expert and 5 per need, availability and
// need windows over one six-month round (the dates overlap, as in reality), max_missions 1-2
// (5% of experts 0); here each need also gets 1-3 seats (70% one, 20% two, 10% three, from a
// separate random stream). A child process (fork) generates it and WRITES it with tokten's
// writer (io::write_problem) to a JSON file, so that the parent's "load" is honest (read the
// file, parse, check, build the Problem) and the parent's peak RSS is that of tokten alone, not
// of the generator or the writer's JSON tree.
//
// Timed in the parent, each once:
//   load          io::load_problem(path): read + parse + structure + cross-reference checks
//   context       ScoringContext (validation + compilation)           } solve_report's own
//   candidates    generate_candidates (k best feasible per need)      } stage times
//   matching      solve_capacitated_assignment (dates present: the    }
//                 network simplex, with the time-conflict repair)     }
//   explanations  pair terms, unfilled seats (reasons + fixes),       }
//                 alternates                                          }
//   total         load + solve_report (the budget: < 10 s, peak RSS < 2 GB at 100,000 x 10,000)
//   write         io::write_assignment of the result (reported, outside the total)
// Peak RSS: getrusage(RUSAGE_SELF).ru_maxrss of the parent (the generator's child reported apart).
//
//   (from the repository root; one line)
//   g++ -O2 -std=c++20 -I include -isystem /usr/include/eigen3 benchmarks/bench_solve_cpp.cpp -o /tmp/bench_solve_cpp
//   /tmp/bench_solve_cpp [--experts E] [--needs N] [--k K] [--seed S] [--file PATH] [--keep]
//                        [--diagnose]
//
// --diagnose then re-runs the two slow parts by their pieces, outside the table: the matching
// (solve_capacitated_assignment on the same flow problem as solve_report: its time, status and
// flow_solves, i.e. network-simplex solves incl. the time-conflict repair; then the same problem
// without col_interval, i.e. the shortest-path kernel, for comparison) and the explanations
// (explain() of every pair, explain_unfilled by reason, alternates), each timed.
//
// Defaults: 100,000 experts x 10,000 needs, k = 50, seed 2027, file /tmp/tokten_national_E_N.json
// (removed at the end unless --keep). Output: a markdown table (stage, seconds) with the machine.
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "national_round.hpp"
#include "tokten/io/assignment_json.hpp"
#include "tokten/io/problem_json.hpp"
#include "tokten/solve.hpp"

using namespace tokten;

namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

long peak_rss_mb(int who = RUSAGE_SELF) {
  rusage usage{};
  getrusage(who, &usage);
  return usage.ru_maxrss / 1024;
}

std::string cpu_model() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("model name", 0) == 0) {
      const auto colon = line.find(':');
      return colon == std::string::npos ? line : line.substr(colon + 2);
    }
  return "unknown CPU";
}

// The child: generate, add seats, write the document. Returns the process exit code.
int write_round(int experts, int needs, std::uint64_t seed, const std::string& path) {
  const auto t = std::chrono::steady_clock::now();
  Problem p = bench::national_problem(experts, needs, seed);
  std::mt19937_64 rng(seed ^ 0x5ea75ULL);
  std::uniform_real_distribution<double> u(0, 1);
  for (Need& n : p.needs) {
    const double x = u(rng);
    n.seats = x < 0.7 ? 1 : x < 0.9 ? 2 : 3;
  }
  const std::string text = io::write_problem(p, -1);
  std::ofstream out(path, std::ios::binary);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  out.close();
  if (!out) {
    std::fprintf(stderr, "cannot write %s\n", path.c_str());
    return 1;
  }
  std::fprintf(stderr, "generated and wrote %s (%.1f MB) in %.2f s\n", path.c_str(), text.size() / 1e6,
               seconds_since(t));
  return 0;
}

// The matching and the explanations again, by their pieces (see the header).
void run_diagnosis(const Problem& problem, const SolveOptions& options) {
  const score::ScoringContext context(problem, options.policy);
  score::CandidateOptions co;
  co.k = options.candidates_per_need;
  score::Candidates candidates = score::generate_candidates(context, co);
  const std::size_t experts = context.expert_count(), needs = context.need_count();
  match::CapacitatedProblem flow = matching_problem(problem, context, candidates.graph);
  auto t = std::chrono::steady_clock::now();
  const match::CapacitatedAssignment with_dates = match::solve_capacitated_assignment(flow);
  const double dates_s = seconds_since(t);
  match::CapacitatedProblem no_dates = flow;
  no_dates.col_interval.clear();
  t = std::chrono::steady_clock::now();
  const match::CapacitatedAssignment plain = match::solve_capacitated_assignment(no_dates);
  const double plain_s = seconds_since(t);
  no_dates.engine = match::CapacitatedProblem::Engine::network_simplex;
  t = std::chrono::steady_clock::now();
  const match::CapacitatedAssignment plain_ns = match::solve_capacitated_assignment(no_dates);
  const double plain_ns_s = seconds_since(t);
  std::printf("\n### Diagnosis\n\n| piece | seconds | detail |\n|---|---:|---|\n");
  std::printf("| matching with dates (network simplex + repair) | %.2f | status %d, %lld flow solves "
              "(%.2f s each on average), total %.3f, bound %.3f |\n",
              dates_s, static_cast<int>(with_dates.status), static_cast<long long>(with_dates.flow_solves),
              dates_s / std::max<std::int64_t>(1, with_dates.flow_solves), with_dates.total, with_dates.bound);
  std::printf("| matching without dates, automatic engine (shortest paths) | %.2f | %lld flow solves, "
              "total %.3f |\n", plain_s, static_cast<long long>(plain.flow_solves), plain.total);
  std::printf("| matching without dates, network simplex | %.2f | %lld flow solves, total %.3f |\n", plain_ns_s,
              static_cast<long long>(plain_ns.flow_solves), plain_ns.total);

  // Explanations, as solve_report does them.
  const match::BipartiteGraph& graph = flow.graph;
  std::vector<std::vector<std::pair<std::int32_t, double>>> by_need(needs), chosen(needs);
  for (std::ptrdiff_t e = 0; e < graph.rows; ++e)
    for (auto k = graph.row_offset[static_cast<std::size_t>(e)]; k < graph.row_offset[static_cast<std::size_t>(e) + 1]; ++k)
      by_need[static_cast<std::size_t>(graph.col_index[static_cast<std::size_t>(k)])].push_back(
          {static_cast<std::int32_t>(e), graph.weight[static_cast<std::size_t>(k)]});
  for (auto& list : by_need)
    std::stable_sort(list.begin(), list.end(), [](const auto& x, const auto& y) { return x.second > y.second; });
  score::RoundLoad load;
  load.missions.resize(experts);
  load.repaired = with_dates.status == match::CapacitatedStatus::feasible;
  load.candidates_per_need = options.candidates_per_need;
  for (const std::int64_t k : with_dates.edges) {
    const auto e = std::upper_bound(graph.row_offset.begin(), graph.row_offset.end(), k) - graph.row_offset.begin() - 1;
    const auto n = static_cast<std::size_t>(graph.col_index[static_cast<std::size_t>(k)]);
    chosen[n].push_back({static_cast<std::int32_t>(e), graph.weight[static_cast<std::size_t>(k)]});
    load.missions[static_cast<std::size_t>(e)].push_back(static_cast<std::int32_t>(n));
  }
  for (auto& m : load.missions) std::sort(m.begin(), m.end());
  t = std::chrono::steady_clock::now();
  std::size_t terms = 0;
  for (std::size_t n = 0; n < needs; ++n)
    for (const auto& [e, s] : chosen[n]) terms += score::explain(context, static_cast<std::size_t>(e), n).terms.size();
  const double explain_s = seconds_since(t);
  double none_s = 0, other_s = 0;
  std::size_t none_n = 0, other_n = 0;
  for (std::size_t n = 0; n < needs; ++n) {
    const int open = problem.needs[n].seats - static_cast<int>(chosen[n].size());
    if (open <= 0) continue;
    t = std::chrono::steady_clock::now();
    const UnfilledSeats u = score::explain_unfilled(context, problem.needs[n], n, open, by_need[n],
                                                    candidates.feasible_count[n], load,
                                                    static_cast<std::size_t>(options.fixes));
    const double dt = seconds_since(t);
    if (candidates.feasible_count[n] == 0) none_s += dt, ++none_n;
    else other_s += dt, ++other_n;
  }
  t = std::chrono::steady_clock::now();
  std::size_t alts = 0;
  for (std::size_t n = 0; n < needs; ++n) {
    std::int32_t listed = 0;
    for (const auto& [e, s] : by_need[n]) {
      if (listed >= options.alternates) break;
      const auto& m = load.missions[static_cast<std::size_t>(e)];
      if (std::binary_search(m.begin(), m.end(), static_cast<std::int32_t>(n))) continue;
      ++listed;
    }
    alts += static_cast<std::size_t>(listed);
  }
  const double alt_s = seconds_since(t);
  std::printf("| explain() of every assigned pair | %.2f | %zu terms |\n", explain_s, terms);
  std::printf("| explain_unfilled, needs with no feasible expert | %.2f | %zu needs, %.1f ms each |\n", none_s,
              none_n, 1e3 * none_s / std::max<std::size_t>(1, none_n));
  std::printf("| explain_unfilled, other unfilled needs | %.2f | %zu needs, %.1f ms each |\n", other_s, other_n,
              1e3 * other_s / std::max<std::size_t>(1, other_n));
  std::printf("| alternates | %.2f | %zu listed |\n", alt_s, alts);
}

}  // namespace

int main(int argc, char** argv) {
  int experts = 100'000, needs = 10'000, k = 50;
  std::uint64_t seed = 2027;
  std::string path;
  bool keep = false, diagnose = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--experts" && i + 1 < argc) experts = std::atoi(argv[++i]);
    else if (a == "--needs" && i + 1 < argc) needs = std::atoi(argv[++i]);
    else if (a == "--k" && i + 1 < argc) k = std::atoi(argv[++i]);
    else if (a == "--seed" && i + 1 < argc) seed = std::strtoull(argv[++i], nullptr, 10);
    else if (a == "--file" && i + 1 < argc) path = argv[++i];
    else if (a == "--keep") keep = true;
    else if (a == "--diagnose") diagnose = true;
    else {
      std::fprintf(stderr, "usage: %s [--experts E] [--needs N] [--k K] [--seed S] [--file PATH] [--keep] [--diagnose]\n",
                   argv[0]);
      return 2;
    }
  }
  if (path.empty())
    path = "/tmp/tokten_national_" + std::to_string(experts) + "_" + std::to_string(needs) + ".json";

  // Generate and write in a child, so that none of it counts in this process's peak RSS.
  const auto tg = std::chrono::steady_clock::now();
  const pid_t child = fork();
  if (child < 0) {
    std::perror("fork");
    return 1;
  }
  if (child == 0) _exit(write_round(experts, needs, seed, path));
  int status = 0;
  waitpid(child, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return 1;
  const double generate = seconds_since(tg);
  const long child_rss = peak_rss_mb(RUSAGE_CHILDREN);

  auto t = std::chrono::steady_clock::now();
  const Problem problem = io::load_problem(path);
  const double load = seconds_since(t);
  const long rss_loaded = peak_rss_mb();

  SolveOptions options;
  options.candidates_per_need = k;
  t = std::chrono::steady_clock::now();
  const SolveReport r = solve_report(problem, options);
  const double solve_s = seconds_since(t);
  const long rss_solved = peak_rss_mb();

  t = std::chrono::steady_clock::now();
  const std::string written = io::write_assignment(r.assignment, -1);
  const double write_s = seconds_since(t);
  if (!keep) std::remove(path.c_str());

  std::int64_t pairs_terms = 0;
  for (const AssignedPair& p : r.assignment.pairs) pairs_terms += static_cast<std::int64_t>(p.terms.size());
  const double total = load + solve_s;
  const double stages = (r.context_ms + r.candidates_ms + r.matching_ms + r.explanations_ms) / 1e3;

  std::printf("Machine: %s, %u hardware threads; g++ -O2, single-threaded.\n", cpu_model().c_str(),
              std::thread::hardware_concurrency());
  std::printf("Round: %d experts x %d needs (%lld seats), 2,000 skills (3 levels), k = %d, seed %llu.\n\n",
              experts, needs, static_cast<long long>(r.seats), k, static_cast<unsigned long long>(seed));
  std::printf("| stage | seconds |\n|---|---:|\n");
  std::printf("| load (load_problem: read, parse, check) | %.2f |\n", load);
  std::printf("| context (ScoringContext) | %.2f |\n", r.context_ms / 1e3);
  std::printf("| candidates + scoring (generate_candidates, %s) | %.2f |\n",
              r.dense_candidates ? "dense" : "sparse", r.candidates_ms / 1e3);
  std::printf("| matching (solve_capacitated_assignment) | %.2f |\n", r.matching_ms / 1e3);
  std::printf("| explanations, unfilled, alternates | %.2f |\n", r.explanations_ms / 1e3);
  std::printf("| **total (load + solve)** | **%.2f** |\n", total);
  std::printf("| (solve_report overhead outside its stages) | %.2f |\n", solve_s - stages);
  std::printf("| (write the assignment JSON, %.1f MB; not in total) | %.2f |\n", written.size() / 1e6, write_s);
  std::printf("| (generate + write the problem, child process; not in total) | %.2f |\n\n", generate);
  std::printf("Peak RSS %ld MB (%ld MB after load); generator child %ld MB.\n", rss_solved, rss_loaded, child_rss);
  std::printf("Result: %s, %lld pairs of %lld seats, total %.3f, bound %.3f, gap %.3f; %lld candidate pairs; "
              "%zu needs with unfilled seats; %zu needs with alternates; %lld explanation terms.\n",
              std::string(to_string(r.assignment.status)).c_str(), static_cast<long long>(r.seats_filled),
              static_cast<long long>(r.seats), r.assignment.total_score, r.bound, r.gap,
              static_cast<long long>(r.candidate_pairs), r.assignment.unfilled.size(),
              r.assignment.alternates.size(), static_cast<long long>(pairs_terms));
  std::printf("%s", format_solve_summary(r).c_str());
  const bool within = total < 10.0 && rss_solved < 2048;
  std::printf("Budget (< 10 s, < 2 GB): %s\n", within ? "met" : "NOT met");
  if (diagnose) run_diagnosis(problem, options);
  return 0;
}
