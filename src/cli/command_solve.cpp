// tokten solve PROBLEM [--policy POLICY] [--objective max_weight|max_seats_then_weight] [-k N]
//              [--alternates N] [--no-explain] -o ASSIGNMENT
// Solves a planning round end to end (include/tokten/solve.hpp) and writes the assignment
// document atomically (-o - for stdout); a one-paragraph summary goes to stdout, or to stderr
// when the document goes to stdout. PROBLEM or POLICY may be - for stdin.
#include <iostream>
#include <optional>
#include <string>

#include "commands.hpp"
#include "input.hpp"
#include "tokten/io/assignment_json.hpp"
#include "tokten/solve.hpp"

namespace tokten::cli {

bool read_solve_option(const std::string& arg, Arguments& args, SolveOptions& options) {
  if (arg == "--objective") {
    const std::string value = args.value_of(arg);
    const auto objective = parse_enum<Objective>(value);
    if (!objective)
      throw UsageError("option --objective expects max_weight or max_seats_then_weight, got \"" + value + "\"");
    options.objective = *objective;
  } else if (arg == "-k" || arg == "--candidates") {
    options.candidates_per_need = static_cast<std::int32_t>(args.integer_of(arg, 1, 1'000'000));
  } else if (arg == "--alternates") {
    options.alternates = static_cast<std::int32_t>(args.integer_of(arg, 0, 1'000));
  } else {
    return false;
  }
  return true;
}

int run_solve(Arguments args) {
  std::optional<std::string> problem_file, policy_file, output;
  SolveOptions options;
  while (!args.empty()) {
    const std::string arg = args.next();
    if (arg == "--policy") {
      policy_file = args.value_of(arg);
    } else if (read_solve_option(arg, args, options)) {  // --objective, -k, --alternates: read
    } else if (arg == "--no-explain") {
      options.explain_pairs = false;
    } else if (arg == "-o" || arg == "--output") {
      output = args.value_of(arg);
    } else if (is_option(arg)) {
      throw UsageError("unknown option " + arg + " for solve");
    } else if (problem_file) {
      throw UsageError("solve takes one PROBLEM file");
    } else {
      problem_file = arg;
    }
  }
  if (!problem_file) throw UsageError("solve needs a PROBLEM file");
  if (!output) throw UsageError("solve needs -o FILE (- for stdout)");
  check_one_stdin({&problem_file, &policy_file});
  check_not_an_input(*output, {&problem_file, &policy_file});

  const Problem problem = load_problem_input(*problem_file);
  if (policy_file) options.policy = load_policy_input(*policy_file);
  SolveReport report;
  try {
    report = solve_report(problem, options);
  } catch (const InputError& e) {  // the scorer's own checks of the problem (it was validated on loading)
    throw located(*problem_file, e);
  }
  const std::string summary = format_solve_summary(report);
  write_output(*output, io::write_assignment(report.assignment) + "\n");
  if (*output == "-") std::cerr << summary;
  else std::cout << summary << "assignment written to " << *output << "\n";
  return kOk;
}

}  // namespace tokten::cli
