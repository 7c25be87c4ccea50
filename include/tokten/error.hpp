#pragma once
// Located input errors: every rejection says where (a JSON pointer into the document, such as
// /experts/3/skills/1/level) and what was expected.
#include <stdexcept>
#include <string>
#include <utility>

namespace tokten {

/// One thing wrong with an input, at a JSON pointer ("" is the whole document).
struct InputIssue {
  std::string pointer;
  std::string message;  // what was expected, and what was found when useful

  std::string what() const { return (pointer.empty() ? std::string("/") : pointer) + ": " + message; }
};

/// Thrown for input that tokten cannot accept. what() reads "POINTER: MESSAGE".
class InputError : public std::runtime_error {
 public:
  explicit InputError(InputIssue issue, std::string suffix = "")
      : std::runtime_error(issue.what() + suffix), issue_(std::move(issue)) {}
  InputError(std::string pointer, std::string message)
      : InputError(InputIssue{std::move(pointer), std::move(message)}) {}

  const std::string& pointer() const noexcept { return issue_.pointer; }
  const std::string& message() const noexcept { return issue_.message; }

 private:
  InputIssue issue_;
};

}  // namespace tokten
