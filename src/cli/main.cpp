// tokten: the command-line entry point. Dispatches to one subcommand per file, and is the one
// place where a failure becomes an exit code and a message: text for people, or with
// --json-errors one line of JSON for the programs that shell out to tokten.
#include <algorithm>
#include <csignal>
#include <exception>
#include <iostream>
#include <new>
#include <optional>
#include <string>
#include <vector>

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "help.hpp"
#include "tokten/io/atomic_file.hpp"
#include "tokten/version.hpp"

namespace {

using namespace tokten::cli;

/// One failure, ready to be written either way.
struct Failure {
  int exit_code = kInternalError;
  std::string kind;
  std::string message;
  std::optional<std::string> file, pointer;
  std::vector<tokten::InputIssue> issues;
  std::string human;  // the lines a person reads, each ending in '\n'
};

std::string json_line(const Failure& f) {
  using json = nlohmann::ordered_json;
  json issues = json::array();
  for (const tokten::InputIssue& i : f.issues) issues.push_back({{"pointer", i.pointer}, {"message", i.message}});
  const json error = {{"exit_code", f.exit_code},
                      {"kind", f.kind},
                      {"message", f.message},
                      {"file", f.file ? json(*f.file) : json(nullptr)},
                      {"pointer", f.pointer ? json(*f.pointer) : json(nullptr)},
                      {"issues", std::move(issues)}};
  // File names come from the command line and need not be UTF-8: replace, never throw.
  return json{{"error", error}}.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
}

Failure simple(int exit_code, std::string kind, const std::string& message, const std::string& human_prefix) {
  Failure f;
  f.exit_code = exit_code;
  f.kind = std::move(kind);
  f.message = message;
  f.human = human_prefix + message + "\n";
  return f;
}

Failure usage_failure(const UsageError& e, const std::string& command) {
  Failure f = simple(kUsageError, "usage", e.what(), "tokten: ");
  f.human += "(run 'tokten --help'" + (command.empty() ? std::string() : " or 'tokten " + command + " --help'") +
             " for usage)\n";
  return f;
}

Failure input_failure(const InvalidInput& e) {
  if (e.issues.empty()) return simple(kInvalidInput, "invalid_input", e.what(), "tokten: error: ");
  Failure f;
  f.exit_code = kInvalidInput;
  f.kind = "invalid_input";
  f.message = e.issues.front().message;
  if (!e.file.empty()) f.file = e.file;
  f.pointer = e.issues.front().pointer;
  f.issues = e.issues;
  const std::string prefix = e.tagged || e.file.empty() ? "tokten: error: " : "";
  for (const tokten::InputIssue& issue : e.issues)
    f.human += prefix + (e.file.empty() ? std::string() : e.file + ":") + issue.what() + "\n";
  return f;
}

Failure file_failure(const std::string& file, const std::string& message) {
  Failure f = simple(kFileError, "file", message, "tokten: error: ");
  f.file = file;
  return f;
}

// The message written when a signal interrupts the run, prepared before any signal can come:
// the handler may only write(2) it. Never freed, so that a signal during exit finds it intact.
std::string* const interrupt_messages = new std::string[3];  // SIGINT, SIGTERM, SIGHUP

void prepare_interrupt_messages(bool json_errors) {
  const std::pair<int, const char*> signals[] = {{SIGINT, "SIGINT"}, {SIGTERM, "SIGTERM"}, {SIGHUP, "SIGHUP"}};
  for (std::size_t k = 0; k < 3; ++k) {
    const std::string name = signals[k].second;
    Failure f = simple(128 + signals[k].first, "interrupted",
                       "interrupted by " + name + "; earlier outputs are left intact", "tokten: ");
    interrupt_messages[k] = json_errors ? json_line(f) : f.human;
  }
}

void announce_interrupt(int signal_number) {
  const std::string& m = interrupt_messages[signal_number == SIGINT ? 0 : signal_number == SIGTERM ? 1 : 2];
  (void)!::write(STDERR_FILENO, m.data(), m.size());
}

// The global flags among a command's arguments, that is anywhere but as the value of an option
// that takes one (`--title -h` is a title): --help or -h asks for the command's help, and
// --json-errors is taken out of the arguments.
struct GlobalFlags {
  bool help = false;
  bool json_errors = false;
  std::vector<std::string> rest;
};

GlobalFlags global_flags(const std::string& command, const std::vector<std::string>& args) {
  GlobalFlags out;
  bool is_value = false;
  for (const std::string& a : args) {
    if (is_value) {
      is_value = false;
      out.rest.push_back(a);
      continue;
    }
    if (a == "--json-errors") {
      out.json_errors = true;
      continue;
    }
    if (a == "--help" || a == "-h") out.help = true;
    is_value = takes_value(command, a);
    out.rest.push_back(a);
  }
  return out;
}

bool is_command(const std::string& name) {
  const auto names = command_names();
  return std::find(names.begin(), names.end(), name) != names.end();
}

// `help`: the command's arguments asked for its help (global_flags).
int dispatch(const std::string& command, std::vector<std::string> rest, bool help) {
  if (command == "--help" || command == "-h") {
    std::cout << overview_help();
    return kOk;
  }
  if (command == "help") {
    if (rest.empty()) {
      std::cout << overview_help();
      return kOk;
    }
    if (rest.size() > 1) throw UsageError("help takes one COMMAND");
    const auto text = command_help(rest.front());
    if (!text) {
      std::string names;
      for (const std::string& name : command_names()) names += (names.empty() ? "" : ", ") + name;
      throw UsageError("no command \"" + rest.front() + "\" (the commands: " + names + ")");
    }
    std::cout << *text;
    return kOk;
  }
  if (command == "--version") {
    std::cout << "tokten " << tokten::version << "\n";
    return kOk;
  }
  if (is_command(command) && help) {
    std::cout << *command_help(command);
    return kOk;
  }
  Arguments args(std::move(rest));
  if (command == "validate") return run_validate(std::move(args));
  if (command == "demo") return run_demo(std::move(args));
  if (command == "solve") return run_solve(std::move(args));
  if (command == "explain") return run_explain(std::move(args));
  if (command == "report") return run_report(std::move(args));
  throw UsageError("unknown command \"" + command + "\"");
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  // --json-errors is global: accepted before the command or anywhere after it (except as an
  // option's value), and settled before anything can fail.
  bool json_errors = false;
  while (!args.empty() && args.front() == "--json-errors") {
    json_errors = true;
    args.erase(args.begin());
  }
  GlobalFlags flags;
  if (!args.empty()) {
    flags = global_flags(args.front(), std::vector<std::string>(args.begin() + 1, args.end()));
    json_errors = json_errors || flags.json_errors;
  }
  // An interrupted run leaves earlier outputs intact and no temporary file behind, says so on
  // stderr, and dies of the signal.
  prepare_interrupt_messages(json_errors);
  tokten::io::install_interrupt_cleanup(announce_interrupt);

  std::string command;
  std::optional<Failure> failure;
  try {
    if (args.empty()) throw UsageError("a command is needed");
    command = args.front();
    const int code = dispatch(command, std::move(flags.rest), flags.help);
    std::cout.flush();
    if (!std::cout) throw FileFailure("<stdout>", "cannot write to standard output");
    return code;
  } catch (const UsageError& e) {
    failure = usage_failure(e, is_command(command) ? command : "");
  } catch (const InvalidInput& e) {
    failure = input_failure(e);
  } catch (const FileFailure& e) {
    failure = file_failure(e.file, e.what());
  } catch (const tokten::FileError& e) {  // read without the CLI's helpers: still exit 3
    failure = file_failure(e.path(), e.message());
  } catch (const tokten::WriteError& e) {
    failure = file_failure(e.path(), e.what());
  } catch (const tokten::InputError& e) {  // no file to name
    failure = input_failure(InvalidInput("", {{e.pointer(), e.message()}}));
  } catch (const std::bad_alloc&) {
    failure = simple(kInternalError, "internal", "out of memory", "tokten: internal error: ");
  } catch (const std::exception& e) {
    failure = simple(kInternalError, "internal", e.what(), "tokten: internal error: ");
  } catch (...) {
    failure = simple(kInternalError, "internal", "an unknown exception", "tokten: internal error: ");
  }
  std::cerr << (json_errors ? json_line(*failure) : failure->human) << std::flush;
  return failure->exit_code;
}
