#pragma once
// The subcommands of the tokten CLI, one file each. Data goes to stdout or the named file,
// messages to stderr. A subcommand reports a failure by throwing one of the errors below;
// main.cpp turns each into its exit code and its message (human text, or one line of JSON with
// --json-errors), so every command fails the same way.
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "tokten/error.hpp"

namespace tokten {
struct SolveOptions;
}

namespace tokten::cli {

// Exit codes (help.cpp documents them; tests/python/test_cli.py checks each).
inline constexpr int kOk = 0;
inline constexpr int kInvalidInput = 1;   // a document malformed or inconsistent, an unknown id
inline constexpr int kUsageError = 2;     // the command line itself
inline constexpr int kFileError = 3;      // a file cannot be read or written
inline constexpr int kInternalError = 4;  // anything unexpected (a bug, out of memory)
// 128 + the signal (130 for SIGINT): the process dies of the signal, which shells report so.

/// A mistake in the command line itself (exit code 2).
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// Input that tokten cannot accept (exit code 1): every issue found, each at a JSON pointer into
/// `file`; or, with no issue, a message about the command line's data (an unknown id).
struct InvalidInput : std::runtime_error {
  InvalidInput(std::string file_name, std::vector<InputIssue> found)
      : std::runtime_error(found.empty() ? std::string("invalid input") : found.front().what()),
        file(std::move(file_name)),
        issues(std::move(found)) {}
  explicit InvalidInput(const std::string& message) : std::runtime_error(message) {}

  std::string file;  // as the user named it ("<stdin>" for -); "" when no file is concerned
  std::vector<InputIssue> issues;
  // Each line begins "tokten: error: ", as `tokten report`'s always have (scripts match them).
  bool tagged = false;
};

/// A file that cannot be read or written (exit code 3). The message names the file.
struct FileFailure : std::runtime_error {
  FileFailure(std::string file_name, const std::string& message)
      : std::runtime_error(message), file(std::move(file_name)) {}
  std::string file;
};

/// "-x", "--long": an option; "-" alone is a file (standard input or output).
inline bool is_option(const std::string& arg) { return arg.size() > 1 && arg[0] == '-'; }

/// Reads option values from the arguments after the subcommand.
class Arguments {
 public:
  explicit Arguments(std::vector<std::string> args) : args_(std::move(args)) {}
  bool empty() const { return position_ >= args_.size(); }
  const std::string& peek() const { return args_[position_]; }
  std::string next() { return args_[position_++]; }
  std::string value_of(const std::string& option) {
    if (empty()) throw UsageError("option " + option + " needs a value");
    return next();
  }
  long long integer_of(const std::string& option, long long min, long long max) {
    const std::string text = value_of(option);
    std::size_t used = 0;
    long long value = 0;
    try {
      value = std::stoll(text, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used != text.size() || value < min || value > max)
      throw UsageError("option " + option + " expects an integer from " + std::to_string(min) +
                       " to " + std::to_string(max) + ", got \"" + text + "\"");
    return value;
  }

 private:
  std::vector<std::string> args_;
  std::size_t position_ = 0;
};

/// Reads `arg` if it is one of the solve options that solve and explain share (--objective,
/// -k/--candidates, --alternates) into `options`; false if it is not one.
bool read_solve_option(const std::string& arg, Arguments& args, SolveOptions& options);

int run_validate(Arguments args);
int run_demo(Arguments args);
int run_solve(Arguments args);
int run_explain(Arguments args);
int run_report(Arguments args);

}  // namespace tokten::cli
