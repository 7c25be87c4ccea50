// tokten: the command-line entry point. Dispatches to one subcommand per file.
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "commands.hpp"
#include "tokten/io/atomic_file.hpp"
#include "tokten/version.hpp"

namespace {

constexpr const char* kHelp = R"(tokten - expert-mission matching for the TOKTEN programme

Usage:
  tokten validate FILE [--problem PROBLEM]
                          check a problem or assignment document (FILE may be - for stdin);
                          an assignment is also checked against PROBLEM when given
  tokten demo [--seed N] [--experts N] [--institutions N] [--needs N] [-o FILE]
                          make the built-in demo planning round and print its summary;
                          -o writes the problem document to FILE (atomically)
  tokten solve PROBLEM [--policy POLICY] [--objective max_weight|max_seats_then_weight]
               [-k N] [--alternates N] [--no-explain] -o FILE
                          solve the round end to end: score, keep each need's N best
                          candidates (default 50), assign, explain; -o writes the assignment
                          document (atomically; - for stdout) and a summary is printed
  tokten report [--ledger LEDGER | --no-ledger] [--problem PROBLEM | --no-round]
                [--policy POLICY] [--population FILE] [--k N] [--trials N] [--seed N]
                [--title TEXT] -o FILE
                          the programme report: one self-contained HTML page with the
                          ledger's indicators, equity and safe tables (numbers behind fewer
                          than N distinct experts withheld, default 5), and the round's
                          policy comparison, price of equity and robustness; the built-in
                          synthetic history and demo round stand in for what is not given
  tokten --help           this text
  tokten --version        the version

Exit codes: 0 success, 1 invalid input, 2 usage error.
)";

}  // namespace

int main(int argc, char** argv) {
  using namespace tokten::cli;
  std::vector<std::string> args(argv + 1, argv + argc);
  // An interrupted run leaves earlier outputs intact and no temporary file behind.
  tokten::io::install_interrupt_cleanup();
  try {
    if (args.empty()) throw UsageError("a command is needed");
    const std::string command = args.front();
    Arguments rest(std::vector<std::string>(args.begin() + 1, args.end()));
    if (command == "--help" || command == "-h" || command == "help") {
      std::cout << kHelp;
      return kOk;
    }
    if (command == "--version") {
      std::cout << "tokten " << tokten::version << "\n";
      return kOk;
    }
    if (command == "validate") return run_validate(std::move(rest));
    if (command == "demo") return run_demo(std::move(rest));
    if (command == "solve") return run_solve(std::move(rest));
    if (command == "report") return run_report(std::move(rest));
    throw UsageError("unknown command \"" + command + "\"");
  } catch (const UsageError& e) {
    std::cerr << "tokten: " << e.what() << "\n(run 'tokten --help' for usage)\n";
    return kUsageError;
  } catch (const std::exception& e) {
    std::cerr << "tokten: error: " << e.what() << "\n";
    return kInvalidInput;
  }
}
