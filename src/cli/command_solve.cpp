// tokten solve PROBLEM [--policy POLICY] [--objective max_weight|max_seats_then_weight] [-k N]
//              [--alternates N] [--no-explain] -o ASSIGNMENT
// Solves a planning round end to end (include/tokten/solve.hpp) and writes the assignment
// document atomically (-o - for stdout); a one-paragraph summary goes to stdout, or to stderr
// when the document goes to stdout. Bad input names its file and JSON pointer (exit 1).
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>

#include "commands.hpp"
#include "tokten/io/assignment_json.hpp"
#include "tokten/io/atomic_file.hpp"
#include "tokten/io/policy_json.hpp"
#include "tokten/io/problem_json.hpp"
#include "tokten/solve.hpp"

namespace tokten::cli {

int run_solve(Arguments args) {
  std::optional<std::string> problem_file, policy_file, output;
  SolveOptions options;
  while (!args.empty()) {
    const std::string arg = args.next();
    if (arg == "--policy") policy_file = args.value_of(arg);
    else if (arg == "--objective") {
      const std::string value = args.value_of(arg);
      const auto objective = parse_enum<Objective>(value);
      if (!objective)
        throw UsageError("option --objective expects max_weight or max_seats_then_weight, got \"" + value + "\"");
      options.objective = *objective;
    } else if (arg == "-k" || arg == "--candidates") {
      options.candidates_per_need = static_cast<std::int32_t>(args.integer_of(arg, 1, 1'000'000));
    } else if (arg == "--alternates") {
      options.alternates = static_cast<std::int32_t>(args.integer_of(arg, 0, 1'000));
    } else if (arg == "--no-explain") {
      options.explain_pairs = false;
    } else if (arg == "-o" || arg == "--output") {
      output = args.value_of(arg);
    } else if (!arg.empty() && arg[0] == '-') {
      throw UsageError("unknown option " + arg + " for solve");
    } else if (problem_file) {
      throw UsageError("solve takes one PROBLEM file");
    } else {
      problem_file = arg;
    }
  }
  if (!problem_file) throw UsageError("solve needs a PROBLEM file");
  if (!output) throw UsageError("solve needs -o FILE (- for stdout)");
  // Inputs are never modified: -o must not name one of them (under any path or link).
  for (const auto& input : {problem_file, policy_file}) {
    std::error_code error;
    if (input && *output != "-" && std::filesystem::equivalent(*input, *output, error))
      throw UsageError("the output " + *output + " is the input " + *input +
                       "; inputs are never overwritten, choose another output file");
  }

  Problem problem;
  try {
    problem = io::load_problem(*problem_file);
  } catch (const InputError& e) {
    std::cerr << *problem_file << ":" << e.what() << "\n";
    return kInvalidInput;
  }
  if (policy_file) {
    try {
      options.policy = io::load_policy(*policy_file);
    } catch (const InputError& e) {
      std::cerr << *policy_file << ":" << e.what() << "\n";
      return kInvalidInput;
    }
  }
  SolveReport report;
  try {
    report = solve_report(problem, options);
  } catch (const InputError& e) {  // the problem was checked on loading: not expected
    std::cerr << *problem_file << ":" << e.what() << "\n";
    return kInvalidInput;
  }
  const std::string document = io::write_assignment(report.assignment) + "\n";
  const std::string summary = format_solve_summary(report);
  if (*output == "-") {
    std::cout << document;
    std::cerr << summary;
  } else {
    io::write_file_atomically(*output, document);
    std::cout << summary << "assignment written to " << *output << "\n";
  }
  return kOk;
}

}  // namespace tokten::cli
