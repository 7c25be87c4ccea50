// Embedding tokten in C++: load a planning round, solve it, print the assignment.
//
//   tokten_embed ROUND.json           a table: expert, need, score; then the unfilled seats
//   tokten_embed ROUND.json --json    the tokten.assignment document, as `tokten solve` writes it
//   tokten_embed                      the same on the built-in demo round
//
// Errors in the document name their JSON pointer (exit code 1).
#include <cstdio>
#include <iostream>
#include <string>

#include <tokten/tokten.hpp>

int main(int argc, char** argv) {
  std::string path;
  bool as_json = false;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--json") as_json = true;
    else path = arg;
  }
  try {
    const tokten::Problem problem = path.empty() ? tokten::synth::demo_problem({}) : tokten::io::load_problem(path);
    tokten::SolveOptions options;  // the default scoring policy, the best 50 candidates per need
    const tokten::Assignment assignment = tokten::solve(problem, options);
    if (as_json) {
      std::cout << tokten::io::write_assignment(assignment) << "\n";
      return 0;
    }
    std::cout << "tokten " << tokten::version << ": " << problem.name << "\n";
    for (const tokten::AssignedPair& pair : assignment.pairs) {
      char score[32];
      std::snprintf(score, sizeof score, "%.3f", pair.score);
      std::cout << "  " << pair.expert << " -> " << pair.need << "  score " << score << "\n";
    }
    for (const tokten::UnfilledSeats& unfilled : assignment.unfilled)
      std::cout << "  " << unfilled.need << ": " << unfilled.seats << " seat(s) unfilled (" << unfilled.detail << ")\n";
    std::cout << assignment.pairs.size() << " pairs, total score " << assignment.total_score << "\n";
    return 0;
  } catch (const tokten::InputError& e) {
    std::cerr << (path.empty() ? "demo" : path) << ":" << e.what() << "\n";
    return 1;
  }
}
