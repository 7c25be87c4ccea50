#pragma once
// The subcommands of the tokten CLI, one file each. Exit codes: 0 success, 1 invalid input,
// 2 usage error. Data goes to stdout or the named file, messages to stderr.
#include <stdexcept>
#include <string>
#include <vector>

namespace tokten::cli {

inline constexpr int kOk = 0;
inline constexpr int kInvalidInput = 1;
inline constexpr int kUsageError = 2;

/// A mistake in the command line itself (exit code 2).
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

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

int run_validate(Arguments args);
int run_demo(Arguments args);
int run_solve(Arguments args);
int run_report(Arguments args);

}  // namespace tokten::cli
