// tokten validate FILE [--problem PROBLEM]: checks a document. Structural errors stop at the
// first; cross-reference issues are all reported.
#include <iostream>
#include <optional>
#include <string>

#include "commands.hpp"
#include "tokten/io/assignment_json.hpp"
#include "tokten/io/problem_json.hpp"
#include "tokten/model/summary.hpp"

namespace tokten::cli {
namespace {

std::string read_input(const std::string& path) {
  if (path == "-") return io::read_stream(std::cin, "<stdin>");
  return io::read_file(path);
}

}  // namespace

int run_validate(Arguments args) {
  std::optional<std::string> file, problem_file;
  while (!args.empty()) {
    const std::string arg = args.next();
    if (arg == "--problem") problem_file = args.value_of(arg);
    else if (!arg.empty() && arg[0] == '-' && arg != "-") throw UsageError("unknown option " + arg + " for validate");
    else if (file) throw UsageError("validate takes one FILE");
    else file = arg;
  }
  if (!file) throw UsageError("validate needs a FILE");

  const std::string name = *file == "-" ? "<stdin>" : *file;
  try {
    const io::json document = io::parse_json(read_input(*file));
    const io::JsonReader root(document, "");
    root.require_object("a JSON object (a tokten document)");
    const std::string format = root.field("format").string();
    if (format == io::kProblemFormat) {
      if (problem_file) throw UsageError("--problem applies to an assignment, and " + name + " is a problem");
      const Problem problem = io::problem_structure_from_json(document);
      const auto issues = validate_problem(problem);
      for (const InputIssue& issue : issues) std::cerr << name << ":" << issue.what() << "\n";
      if (!issues.empty()) return kInvalidInput;
      const ProblemSummary s = summarize(problem);
      std::cout << name << ": valid problem (" << s.experts << " experts, " << s.institutions
                << " institutions, " << s.needs << " needs, " << s.seats << " seats)\n";
      return kOk;
    }
    if (format == io::kAssignmentFormat) {
      const Assignment assignment = io::assignment_from_json(document);
      if (problem_file) {
        Problem problem;
        try {
          problem = io::load_problem(*problem_file);
        } catch (const InputError& e) {
          std::cerr << *problem_file << ":" << e.what() << "\n";
          return kInvalidInput;
        }
        const auto issues = validate_assignment(problem, assignment);
        for (const InputIssue& issue : issues) std::cerr << name << ":" << issue.what() << "\n";
        if (!issues.empty()) return kInvalidInput;
      }
      std::cout << name << ": valid assignment (" << assignment.pairs.size() << " pairs"
                << (problem_file ? ", consistent with " + *problem_file : std::string()) << ")\n";
      return kOk;
    }
    root.field("format").expected("\"" + std::string(io::kProblemFormat) + "\" or \"" +
                                  std::string(io::kAssignmentFormat) + "\"");
  } catch (const InputError& e) {
    std::cerr << name << ":" << e.what() << "\n";
    return kInvalidInput;
  }
}

}  // namespace tokten::cli
