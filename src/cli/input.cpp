// The shared reading and writing of the CLI's files (input.hpp).
#include "input.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <iostream>

#include "tokten/io/assignment_json.hpp"
#include "tokten/io/atomic_file.hpp"
#include "tokten/io/parse.hpp"
#include "tokten/io/policy_json.hpp"
#include "tokten/io/problem_json.hpp"
#include "tokten/model/validate.hpp"

namespace tokten::cli {

std::string input_name(const std::string& path) { return path == "-" ? "<stdin>" : path; }
std::string output_name(const std::string& path) { return path == "-" ? "<stdout>" : path; }

void check_one_stdin(std::initializer_list<const std::optional<std::string>*> inputs) {
  int from_stdin = 0;
  for (const auto* input : inputs) from_stdin += *input && **input == "-";
  if (from_stdin > 1) throw UsageError("only one input can be read from standard input (-)");
}

void check_not_an_input(const std::string& output, std::initializer_list<const std::optional<std::string>*> inputs) {
  if (output == "-") return;
  for (const auto* input : inputs) {
    if (!*input) continue;
    if (**input == "-") {
      // Standard input redirected from the output file itself (tokten solve - -o r.json < r.json).
      struct stat in {}, out {};
      if (::fstat(STDIN_FILENO, &in) == 0 && ::stat(output.c_str(), &out) == 0 && S_ISREG(in.st_mode) &&
          in.st_dev == out.st_dev && in.st_ino == out.st_ino)
        throw UsageError("the output " + output + " is the file on standard input; inputs are never overwritten, "
                         "choose another output file");
      continue;
    }
    std::error_code error;
    if (std::filesystem::equivalent(**input, output, error))
      throw UsageError("the output " + output + " is the input " + **input +
                       "; inputs are never overwritten, choose another output file");
  }
}

std::string read_input(const std::string& path) {
  try {
    if (path == "-") return io::read_stream(std::cin, input_name(path));
    return io::read_file(path);
  } catch (const FileError& e) {
    throw FileFailure(input_name(path), e.message());
  } catch (const InputError& e) {  // too large: the file was readable, its content is refused
    throw located(path, e);
  }
}

InvalidInput located(const std::string& path, const InputError& e) {
  return InvalidInput(input_name(path), {{e.pointer(), e.message()}});
}

Problem load_problem_input(const std::string& path) {
  Problem problem = parse_input(path, [](const std::string& text) {
    return io::problem_structure_from_json(io::parse_json(text));
  });
  auto issues = validate_problem(problem);
  if (!issues.empty()) throw InvalidInput(input_name(path), std::move(issues));
  return problem;
}

score::ScoringPolicy load_policy_input(const std::string& path) {
  return parse_input(path, [](const std::string& text) { return io::read_policy(text); });
}

Assignment load_assignment_input(const std::string& path) {
  return parse_input(path, [](const std::string& text) { return io::read_assignment(text); });
}

void write_output(const std::string& path, std::string_view content) {
  if (path == "-") {
    std::cout << content;
    std::cout.flush();
    if (!std::cout) throw FileFailure(output_name(path), "cannot write to standard output");
    return;
  }
  try {
    io::write_file_atomically(path, content);
  } catch (const WriteError& e) {
    throw FileFailure(e.path(), e.what());
  }
}

}  // namespace tokten::cli
