// tokten report: the programme report, one self-contained HTML page (report/html_report.hpp),
// from a mission ledger and a planning round; the built-in synthetic history and demo round
// stand in for whichever is not given.
#include <iostream>
#include <map>
#include <optional>
#include <string>

#include "commands.hpp"
#include "tokten/io/atomic_file.hpp"
#include "tokten/io/json_reader.hpp"
#include "tokten/io/ledger_json.hpp"
#include "tokten/io/policy_json.hpp"
#include "tokten/io/problem_json.hpp"
#include "tokten/report/html_report.hpp"
#include "tokten/synth/demo.hpp"
#include "tokten/synth/history.hpp"

namespace tokten::cli {

namespace {

// {"Bamako": 2810000, "Kayes": 2440000, ...}: inhabitants per region.
std::map<std::string, double> load_population(const std::string& path) {
  const io::json document = io::parse_json(io::read_file(path));
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
  std::optional<std::string> ledger_path, problem_path, policy_path, population_path, output;
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
    else if (arg == "-o" || arg == "--output") output = args.value_of(arg);
    else throw UsageError("unknown argument " + arg + " for report");
  }
  if (!output) throw UsageError("report needs -o FILE (- for stdout)");
  if (no_ledger && ledger_path) throw UsageError("--ledger and --no-ledger contradict each other");
  if (no_round && problem_path) throw UsageError("--problem and --no-round contradict each other");

  auto located = [](const std::string& path, auto read) {
    try {
      return read(path);
    } catch (const InputError& e) {
      throw std::runtime_error(path + ":" + e.what());
    }
  };
  std::optional<impact::Ledger> ledger;
  if (!no_ledger)
    ledger = ledger_path ? located(*ledger_path, [](const std::string& p) { return io::load_ledger(p); })
                         : synth::synthetic_history();
  std::optional<Problem> problem;
  if (!no_round)
    problem = problem_path ? located(*problem_path, [](const std::string& p) { return io::load_problem(p); })
                           : synth::demo_problem({});
  if (policy_path) options.solve.policy = located(*policy_path, [](const std::string& p) { return io::load_policy(p); });
  if (population_path) options.population = located(*population_path, load_population);

  const std::string html = report::html_report(ledger ? &*ledger : nullptr, problem ? &*problem : nullptr, options);
  if (*output == "-") {
    std::cout << html;
    return kOk;
  }
  io::write_file_atomically(*output, html);
  std::cout << "report written to " << *output << " (" << html.size() << " bytes"
            << (ledger_path || no_ledger ? "" : "; ledger: the built-in synthetic history")
            << (problem_path || no_round ? "" : "; round: the built-in demo round") << ")\n";
  return kOk;
}

}  // namespace tokten::cli
