// tokten demo: makes the built-in demo planning round, prints its summary, and writes the
// problem document to -o FILE when asked (- for stdout, the summary then on stderr).
#include <iostream>
#include <optional>
#include <string>

#include "commands.hpp"
#include "input.hpp"
#include "tokten/io/problem_json.hpp"
#include "tokten/model/summary.hpp"
#include "tokten/synth/demo.hpp"

namespace tokten::cli {

int run_demo(Arguments args) {
  synth::DemoOptions options;
  std::optional<std::string> output;
  while (!args.empty()) {
    const std::string arg = args.next();
    if (arg == "--seed") options.seed = static_cast<std::uint64_t>(args.integer_of(arg, 0, 1LL << 62));
    else if (arg == "--experts") options.experts = static_cast<int>(args.integer_of(arg, 0, 1'000'000));
    else if (arg == "--institutions") options.institutions = static_cast<int>(args.integer_of(arg, 1, 1'000'000));
    else if (arg == "--needs") options.needs = static_cast<int>(args.integer_of(arg, 0, 1'000'000));
    else if (arg == "-o" || arg == "--output") output = args.value_of(arg);
    else throw UsageError("unknown argument " + arg + " for demo");
  }
  const Problem problem = synth::demo_problem(options);
  if (!output) {
    std::cout << format_summary(problem);
    return kOk;
  }
  write_output(*output, io::write_problem(problem) + "\n");
  // The summary is for people: on stderr when the document takes stdout.
  (*output == "-" ? std::cerr : std::cout) << format_summary(problem) << "problem written to "
                                           << output_name(*output) << "\n";
  return kOk;
}

}  // namespace tokten::cli
