#pragma once
// The CLI's help texts, kept together (help.cpp) so that `tokten --help` and each
// `tokten COMMAND --help` are built from the same synopses and the same exit-code table.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tokten::cli {

/// `tokten --help`: every command's synopsis and summary, the conventions, the exit codes.
std::string overview_help();

/// `tokten COMMAND --help` (also `tokten help COMMAND`); nullopt for an unknown command.
std::optional<std::string> command_help(const std::string& command);

/// Whether `option` of `command` takes a value (the next argument), as its help text shows it:
/// "  -o, --output FILE   ...". Global flags (--json-errors, --help) are not looked for there.
bool takes_value(const std::string& command, std::string_view option);

/// The commands that have help, in the overview's order.
std::vector<std::string> command_names();

}  // namespace tokten::cli
