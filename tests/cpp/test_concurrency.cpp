// Thread safety (README, "Thread safety"): many solves run at once, from several threads, on
// separate problems and on one shared const problem, and give exactly the serial results. Under
// the sanitizer preset this also runs with AddressSanitizer; the solver's own worker threads
// (candidate generation) run inside each solve at the same time.
#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>

#include "tokten/impact/policies.hpp"
#include "tokten/io/assignment_json.hpp"
#include "tokten/io/problem_json.hpp"
#include "tokten/score/explain.hpp"
#include "tokten/solve.hpp"
#include "tokten/synth/demo.hpp"

using namespace tokten;

namespace {

// One unit of work: read the round from its text (so parsing runs concurrently too), solve it,
// explain its first need's best pair, and write everything as one string to compare.
std::string solve_to_text(const std::string& round_text, const SolveOptions& options) {
  const Problem problem = io::read_problem(round_text);
  const SolveReport report = solve_report(problem, options);
  std::string out = io::write_assignment(report.assignment);
  if (!report.assignment.pairs.empty()) {
    const score::ScoringContext context(problem, options.policy);
    const AssignedPair& pair = report.assignment.pairs.front();
    auto index_of = [](const auto& items, const std::string& id) {
      std::size_t i = 0;
      while (items[i].id != id) ++i;
      return i;
    };
    out += "\n" + score::to_string(score::explain(context, index_of(problem.experts, pair.expert),
                                                   index_of(problem.needs, pair.need)));
  }
  return out;
}

std::vector<std::string> demo_rounds(int count) {
  std::vector<std::string> rounds;
  for (int i = 0; i < count; ++i) {
    synth::DemoOptions o;
    o.seed = 100 + static_cast<std::uint64_t>(i);
    o.experts = 300 + 40 * i;
    o.institutions = 40;
    o.needs = 60 + 5 * i;
    rounds.push_back(io::write_problem(synth::demo_problem(o)));
  }
  return rounds;
}

// Runs task(i) for i in [0, tasks) on `threads` threads that all start together.
template <class Task>
void run_concurrently(int tasks, int threads, Task task) {
  std::atomic<int> next{0};
  std::atomic<int> waiting{threads};
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t)
    pool.emplace_back([&] {
      // A start barrier, so the solves really overlap.
      --waiting;
      while (waiting.load() > 0) std::this_thread::yield();
      for (int i = next++; i < tasks; i = next++) task(i);
    });
  for (auto& thread : pool) thread.join();
}

}  // namespace

TEST_CASE("concurrent solves of separate problems equal the serial results") {
  const std::vector<std::string> rounds = demo_rounds(6);
  SolveOptions options;
  options.alternates = 2;
  std::vector<std::string> serial;
  for (const auto& round : rounds) serial.push_back(solve_to_text(round, options));

  // Each round solved four times over, 24 solves on 6 threads, in an interleaved order.
  const int tasks = 4 * static_cast<int>(rounds.size());
  std::vector<std::string> concurrent(static_cast<std::size_t>(tasks));
  run_concurrently(tasks, 6, [&](int i) {
    concurrent[static_cast<std::size_t>(i)] = solve_to_text(rounds[static_cast<std::size_t>(i) % rounds.size()], options);
  });
  for (int i = 0; i < tasks; ++i) {
    INFO("task " << i);
    CHECK(concurrent[static_cast<std::size_t>(i)] == serial[static_cast<std::size_t>(i) % rounds.size()]);
  }
}

TEST_CASE("one const problem solved from many threads at once, with different options") {
  synth::DemoOptions demo;
  // Large enough (experts x needs >= 200,000) that each solve also splits its candidate search
  // over worker threads of its own.
  demo.experts = 2500;
  demo.needs = 100;
  const Problem shared = synth::demo_problem(demo);
  std::vector<SolveOptions> variants(4);
  variants[1].objective = Objective::max_seats_then_weight;
  variants[2].candidates_per_need = 5;
  variants[3].policy.equity_bonus = 0.5;
  std::vector<std::string> serial;
  for (const auto& v : variants) serial.push_back(io::write_assignment(solve(shared, v)));
  // Different options give different answers here, so a mix-up between threads would show.
  CHECK(serial[0] != serial[2]);

  const int tasks = 16;
  std::vector<std::string> concurrent(tasks);
  run_concurrently(tasks, 4, [&](int i) {
    concurrent[static_cast<std::size_t>(i)] = io::write_assignment(solve(shared, variants[static_cast<std::size_t>(i) % 4]));
  });
  for (int i = 0; i < tasks; ++i) {
    INFO("task " << i);
    CHECK(concurrent[static_cast<std::size_t>(i)] == serial[static_cast<std::size_t>(i) % 4]);
  }
}

TEST_CASE("policy runs with seeded randomness are reproducible across threads") {
  synth::DemoOptions demo;
  demo.experts = 300;
  demo.needs = 60;
  const Problem round = synth::demo_problem(demo);
  impact::PolicyRunOptions run;
  run.seed = 7;
  const impact::PolicyKind kinds[] = {impact::PolicyKind::optimal, impact::PolicyKind::greedy,
                                      impact::PolicyKind::first_come, impact::PolicyKind::random};
  std::vector<std::string> serial;
  for (const auto kind : kinds) serial.push_back(io::write_assignment(impact::run_policy(round, kind, run).assignment));
  std::vector<std::string> concurrent(8);
  run_concurrently(8, 4, [&](int i) {
    concurrent[static_cast<std::size_t>(i)] =
        io::write_assignment(impact::run_policy(round, kinds[i % 4], run).assignment);
  });
  for (int i = 0; i < 8; ++i) {
    INFO("task " << i);
    CHECK(concurrent[static_cast<std::size_t>(i)] == serial[static_cast<std::size_t>(i) % 4]);
  }
}
