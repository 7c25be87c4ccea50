#pragma once
// The inputs and outputs of every subcommand, in one place: "-" is standard input (at most one
// per command) or standard output; a file that cannot be read or written is a FileFailure
// (exit 3) and a document tokten cannot accept an InvalidInput naming its file (exit 1).
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "commands.hpp"
#include "tokten/model/assignment.hpp"
#include "tokten/model/problem.hpp"
#include "tokten/score/policy.hpp"

namespace tokten::cli {

/// How messages name an input or output: its path, "<stdin>" or "<stdout>" for -.
std::string input_name(const std::string& path);
std::string output_name(const std::string& path);

/// Refuses a second "-" among a command's inputs (UsageError): standard input is read once.
void check_one_stdin(std::initializer_list<const std::optional<std::string>*> inputs);

/// Refuses an output that is one of the inputs, under any path or link (UsageError): inputs are
/// never modified.
void check_not_an_input(const std::string& output, std::initializer_list<const std::optional<std::string>*> inputs);

/// The content of the file at `path`, or of standard input for "-".
std::string read_input(const std::string& path);

/// The error for `e`, an InputError met while reading the input at `path`.
InvalidInput located(const std::string& path, const InputError& e);

/// `parse(text)` of the input at `path`, its InputErrors located in that file.
template <class Parse>
auto parse_input(const std::string& path, Parse parse) -> decltype(parse(std::string())) {
  const std::string text = read_input(path);
  try {
    return parse(text);
  } catch (const InputError& e) {
    throw located(path, e);
  }
}

/// A problem document, with every issue of its cross-references (not only the first).
Problem load_problem_input(const std::string& path);
score::ScoringPolicy load_policy_input(const std::string& path);
Assignment load_assignment_input(const std::string& path);

/// Replaces the file at `path` with `content` atomically, or writes it to standard output for "-".
void write_output(const std::string& path, std::string_view content);

}  // namespace tokten::cli
