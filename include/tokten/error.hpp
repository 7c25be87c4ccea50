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

/// An input file that cannot be read: missing, a directory, no permission, a read error. An
/// InputError at the document root (existing catch sites and Python's tokten.InputError keep
/// working), with a type of its own so that a caller can tell an unreadable file from a
/// malformed one (the CLI's exit code 3, not 1).
class FileError : public InputError {
 public:
  FileError(std::string path, std::string message) : InputError("", std::move(message)), path_(std::move(path)) {}

  const std::string& path() const noexcept { return path_; }

 private:
  std::string path_;
};

/// An output file that cannot be written (io::write_file_atomically). A std::runtime_error as it
/// always was, not an InputError: nothing is wrong with the input (Python raises RuntimeError,
/// or OSError where it wraps the write).
class WriteError : public std::runtime_error {
 public:
  WriteError(std::string path, const std::string& message) : std::runtime_error(message), path_(std::move(path)) {}

  const std::string& path() const noexcept { return path_; }

 private:
  std::string path_;
};

}  // namespace tokten
