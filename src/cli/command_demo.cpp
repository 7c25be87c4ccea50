// tokten demo: makes the built-in demo planning round, prints its summary, and writes the
// problem document to -o FILE when asked.
#include <iostream>
#include <optional>
#include <string>

#include "commands.hpp"
#include "tokten/io/atomic_file.hpp"
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
  if (output) {
    if (*output == "-") {
      std::cout << io::write_problem(problem) << "\n";
      return kOk;
    }
    io::write_file_atomically(*output, io::write_problem(problem) + "\n");
  }
  std::cout << format_summary(problem);
  if (output) std::cout << "problem written to " << *output << "\n";
  return kOk;
}

}  // namespace tokten::cli
