// tokten validate FILE [--problem PROBLEM]: checks a document. Structural errors stop at the
// first; cross-reference issues are all reported.
#include <iostream>
#include <optional>
#include <string>

#include "commands.hpp"
#include "input.hpp"
#include "tokten/io/assignment_json.hpp"
#include "tokten/io/problem_json.hpp"
#include "tokten/model/summary.hpp"
#include "tokten/model/validate.hpp"

namespace tokten::cli {

int run_validate(Arguments args) {
  std::optional<std::string> file, problem_file;
  while (!args.empty()) {
    const std::string arg = args.next();
    if (arg == "--problem") problem_file = args.value_of(arg);
    else if (is_option(arg)) throw UsageError("unknown option " + arg + " for validate");
    else if (file) throw UsageError("validate takes one FILE");
    else file = arg;
  }
  if (!file) throw UsageError("validate needs a FILE");
  check_one_stdin({&file, &problem_file});

  const std::string name = input_name(*file);
  const io::json document = parse_input(*file, [](const std::string& text) { return io::parse_json(text); });
  try {
    const io::JsonReader root(document, "");
    root.require_object("a JSON object (a tokten document)");
    const std::string format = root.field("format").string();
    if (format == io::kProblemFormat) {
      if (problem_file) throw UsageError("--problem applies to an assignment, and " + name + " is a problem");
      const Problem problem = io::problem_structure_from_json(document);
      auto issues = validate_problem(problem);
      if (!issues.empty()) throw InvalidInput(name, std::move(issues));
      const ProblemSummary s = summarize(problem);
      std::cout << name << ": valid problem (" << s.experts << " experts, " << s.institutions
                << " institutions, " << s.needs << " needs, " << s.seats << " seats)\n";
      return kOk;
    }
    if (format == io::kAssignmentFormat) {
      const Assignment assignment = io::assignment_from_json(document);
      if (problem_file) {
        const Problem problem = load_problem_input(*problem_file);
        auto issues = validate_assignment(problem, assignment);
        if (!issues.empty()) throw InvalidInput(name, std::move(issues));
      }
      std::cout << name << ": valid assignment (" << assignment.pairs.size() << " pairs"
                << (problem_file ? ", consistent with " + input_name(*problem_file) : std::string()) << ")\n";
      return kOk;
    }
    root.field("format").expected("\"" + std::string(io::kProblemFormat) + "\" or \"" +
                                  std::string(io::kAssignmentFormat) + "\"");
  } catch (const InputError& e) {
    throw located(*file, e);
  }
  return kInvalidInput;  // not reached: expected() throws
}

}  // namespace tokten::cli
