#pragma once
// Text to JSON with located syntax errors (line and column), and whole-file reading.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "tokten/error.hpp"

namespace tokten::io {

/// Line and column (both from 1) of a byte offset, for syntax error messages.
inline std::string line_and_column(std::string_view text, std::size_t offset) {
  std::size_t line = 1, column = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      ++column;  // count characters, not the continuation bytes of UTF-8 sequences
    }
  }
  return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

/// `text` with every byte that is not part of a valid UTF-8 sequence written as "\xHH", so that
/// messages quoting broken input stay valid text (Python would refuse to decode them).
inline std::string valid_utf8(std::string_view text) {
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    const auto byte = static_cast<unsigned char>(text[i]);
    std::size_t length = byte < 0x80 ? 1 : (byte >> 5) == 0x6 ? 2 : (byte >> 4) == 0xE ? 3 : (byte >> 3) == 0x1E ? 4 : 0;
    bool valid = length > 0 && i + length <= text.size();
    for (std::size_t k = 1; valid && k < length; ++k)
      valid = (static_cast<unsigned char>(text[i + k]) >> 6) == 0x2;
    if (valid && length > 1) {  // no overlong forms, surrogates or code points above U+10FFFF
      const auto next = static_cast<unsigned char>(text[i + 1]);
      valid = !(byte == 0xC0 || byte == 0xC1 || (byte == 0xE0 && next < 0xA0) || (byte == 0xED && next >= 0xA0) ||
                (byte == 0xF0 && next < 0x90) || (byte == 0xF4 && next >= 0x90) || byte > 0xF4);
    }
    if (valid) {
      out.append(text.substr(i, length));
      i += length;
    } else {
      static constexpr char hex[] = "0123456789ABCDEF";
      out += "\\x";
      out += hex[byte >> 4];
      out += hex[byte & 0xF];
      ++i;
    }
  }
  return out;
}

/// Parses a JSON document. Errors (empty input, truncation, bad syntax, invalid UTF-8) are
/// InputErrors at the document root whose message names the line and column.
inline nlohmann::ordered_json parse_json(std::string_view text) {
  bool blank = true;
  for (char c : text) blank = blank && (c == ' ' || c == '\n' || c == '\r' || c == '\t');
  if (blank) throw InputError("", "empty document: expected a JSON object");
  try {
    return nlohmann::ordered_json::parse(text);
  } catch (const nlohmann::ordered_json::parse_error& e) {
    // e.byte is one past the offending byte; report the byte itself.
    const std::size_t at = e.byte > 0 ? e.byte - 1 : 0;
    std::string detail = valid_utf8(e.what());
    // Keep nlohmann's explanation, drop its "[json.exception.parse_error.101] parse error at ..." prefix.
    if (auto colon = detail.find(": "); colon != std::string::npos) detail = detail.substr(colon + 2);
    const bool truncated = at + 1 >= text.size();
    throw InputError("", std::string(truncated ? "truncated or invalid JSON" : "invalid JSON") +
                             " at " + line_and_column(text, at) + ": " + detail);
  } catch (const nlohmann::ordered_json::exception& e) {
    // For example a number too large for a double (1e400): no position is known.
    std::string detail = valid_utf8(e.what());
    if (auto space = detail.find("] "); space != std::string::npos) detail = detail.substr(space + 2);
    throw InputError("", "invalid JSON: " + detail);
  }
}

/// The whole content of a file; InputError naming the file if it cannot be read.
inline std::string read_file(const std::string& path) {
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) throw InputError("", path + " is a directory, not a file");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError("", "cannot open " + path + " for reading");
  std::ostringstream content;
  content << in.rdbuf();
  if (in.bad()) throw InputError("", "error while reading " + path);
  return content.str();
}

}  // namespace tokten::io
