// tokten validate FILE [--problem PROBLEM]: checks any document of the JSON contract (problem,
// policy, assignment, ledger, report). Structural errors stop at the first; a problem's
// cross-reference issues are all reported.
#include <iostream>
#include <optional>
#include <string>

#include "commands.hpp"
#include "input.hpp"
#include "tokten/io/assignment_json.hpp"
#include "tokten/io/ledger_json.hpp"
#include "tokten/io/policy_json.hpp"
#include "tokten/io/problem_json.hpp"
#include "tokten/io/report_json.hpp"
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
    if (problem_file && (format == io::kPolicyFormat || format == io::kLedgerFormat || format == io::kReportFormat))
      throw UsageError("--problem applies to an assignment, and " + name + " is a " + format.substr(7));
    if (format == io::kPolicyFormat) {
      (void)io::policy_from_json(document);
      std::cout << name << ": valid policy\n";
      return kOk;
    }
    if (format == io::kLedgerFormat) {
      const impact::Ledger ledger = io::ledger_from_json(document);
      std::cout << name << ": valid ledger (" << ledger.missions.size() << " missions, " << ledger.experts.size()
                << " experts, " << ledger.institutions.size() << " institutions, " << ledger.requests.size()
                << " requests)\n";
      return kOk;
    }
    if (format == io::kReportFormat) {
      const report::ReportData data = io::report_data_from_json(document);
      std::cout << name << ": valid report data (k = " << data.k << (data.ledger ? ", a ledger" : "")
                << (data.round ? ", a round" : "") << ")\n";
      return kOk;
    }
    std::string formats;
    for (const std::string_view f : {io::kProblemFormat, io::kPolicyFormat, io::kAssignmentFormat, io::kLedgerFormat})
      formats += "\"" + std::string(f) + "\", ";
    root.field("format").expected(formats + "or \"" + std::string(io::kReportFormat) + "\"");
  } catch (const InputError& e) {
    throw located(*file, e);
  }
  return kInvalidInput;  // not reached: expected() throws
}

}  // namespace tokten::cli
