// tokten report: the programme report, one self-contained HTML page (report/html_report.hpp) or
// its numbers as the tokten.report document (io/report_json.hpp),
// from a mission ledger and a planning round; the built-in synthetic history and demo round
// stand in for whichever is not given. Every input may be - for stdin (one of them), and -o -
// writes the page to stdout.
#include <iostream>
#include <map>
#include <optional>
#include <string>

#include "commands.hpp"
#include "input.hpp"
#include "tokten/io/json_reader.hpp"
#include "tokten/io/ledger_json.hpp"
#include "tokten/io/policy_json.hpp"
#include "tokten/io/problem_json.hpp"
#include "tokten/io/report_json.hpp"
#include "tokten/report/html_report.hpp"
#include "tokten/synth/demo.hpp"
#include "tokten/synth/history.hpp"

namespace tokten::cli {

namespace {

// {"Bamako": 2810000, "Kayes": 2440000, ...}: inhabitants per region.
std::map<std::string, double> read_population(const std::string& text) {
  const io::json document = io::parse_json(text);
  if (!document.is_object()) throw InputError("", "a population file is a JSON object of region: inhabitants");
  std::map<std::string, double> out;
  for (const auto& [region, value] : document.items()) {
    if (!value.is_number() || !(value.get<double>() > 0))
      throw InputError("/" + io::escape_pointer_token(region), "expected a number of inhabitants > 0");
    out[region] = value.get<double>();
  }
  return out;
}

}  // namespace

int run_report(Arguments args) {
  std::optional<std::string> ledger_path, problem_path, policy_path, population_path, output, format;
  bool no_ledger = false, no_round = false;
  report::ReportOptions options;
  while (!args.empty()) {
    const std::string arg = args.next();
    if (arg == "--ledger") ledger_path = args.value_of(arg);
    else if (arg == "--problem") problem_path = args.value_of(arg);
    else if (arg == "--policy") policy_path = args.value_of(arg);
    else if (arg == "--population") population_path = args.value_of(arg);
    else if (arg == "--no-ledger") no_ledger = true;
    else if (arg == "--no-round") no_round = true;
    else if (arg == "--k") options.k = args.integer_of(arg, 1, 1'000'000);
    else if (arg == "--trials") options.trials = static_cast<std::int32_t>(args.integer_of(arg, 1, 100'000));
    else if (arg == "--seed") options.seed = static_cast<std::uint64_t>(args.integer_of(arg, 0, 1LL << 62));
    else if (arg == "--title") options.title = args.value_of(arg);
    else if (arg == "--format") {
      format = args.value_of(arg);
      if (*format != "html" && *format != "json")
        throw UsageError("option --format expects html or json, got \"" + *format + "\"");
    }
    else if (arg == "-o" || arg == "--output") output = args.value_of(arg);
    else throw UsageError("unknown argument " + arg + " for report");
  }
  if (!output) throw UsageError("report needs -o FILE (- for stdout)");
  if (no_ledger && ledger_path) throw UsageError("--ledger and --no-ledger contradict each other");
  if (no_round && problem_path) throw UsageError("--problem and --no-round contradict each other");

  check_one_stdin({&ledger_path, &problem_path, &policy_path, &population_path});
  check_not_an_input(*output, {&ledger_path, &problem_path, &policy_path, &population_path});

  // The report's messages have always begun "tokten: error: " (scripts match them).
  auto tagged = [](auto load) {
    try {
      return load();
    } catch (InvalidInput& e) {
      e.tagged = true;
      throw;
    }
  };
  std::optional<impact::Ledger> ledger;
  if (!no_ledger)
    ledger = ledger_path ? tagged([&] { return parse_input(*ledger_path, io::read_ledger); })
                         : synth::synthetic_history();
  std::optional<Problem> problem;
  if (!no_round)
    problem = problem_path ? tagged([&] { return load_problem_input(*problem_path); }) : synth::demo_problem({});
  if (policy_path) options.solve.policy = tagged([&] { return load_policy_input(*policy_path); });
  if (population_path) options.population = tagged([&] { return parse_input(*population_path, read_population); });

  // Without --format, a FILE named *.json gets the document and anything else the page.
  const bool as_json = format ? *format == "json" : output->ends_with(".json");
  const report::ReportData data = report::report_data(ledger ? &*ledger : nullptr, problem ? &*problem : nullptr, options);
  const std::string text = as_json ? io::write_report_data(data) + "\n" : report::render_html(data);
  write_output(*output, text);
  std::ostream& people = *output == "-" ? std::cerr : std::cout;  // stderr when the page takes stdout
  people << (as_json ? "report data written to " : "report written to ") << output_name(*output) << " ("
         << text.size() << " bytes"
         << (ledger_path || no_ledger ? "" : "; ledger: the built-in synthetic history")
         << (problem_path || no_round ? "" : "; round: the built-in demo round") << ")\n";
  return kOk;
}

}  // namespace tokten::cli
