#pragma once
// Text to JSON with located syntax errors (line and column), and whole-file reading.
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

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

/// Limits of the JSON reader (README: "Limits and hostile input"). A tokten document nests 5
/// levels deep; the depth limit keeps every recursive walk of a parsed value (writing it out,
/// Python conversions) far from the stack's end. The size limit refuses a file before reading it.
inline constexpr std::size_t kMaxJsonDepth = 100;
inline constexpr std::uint64_t kMaxDocumentBytes = std::uint64_t{1} << 30;  // 1 GiB

namespace detail {

// `what` holds `bytes` bytes, over `limit` (at least that many when reading a stream stopped).
inline InputError too_large(const std::string& what, std::uint64_t bytes, std::uint64_t limit, bool at_least = false) {
  return InputError("", what + " has " + (at_least ? "more than " : "") + std::to_string(bytes) +
                            " bytes, over the limit of a tokten document (" + std::to_string(limit) +
                            (limit == kMaxDocumentBytes ? " bytes, 1 GiB)" : " bytes)"));
}

struct TooDeep {};  // thrown by the builder; parse_json locates the offending bracket

// Builds the document from nlohmann's (iterative) SAX parser, like its own DOM parser, and also
// refuses what that one accepts silently: a name repeated within an object (the last one would
// win, so a typo could override a value unnoticed) and nesting deeper than kMaxJsonDepth.
// Object fields are appended without ordered_json's linear search, so objects with many fields
// cost linear time; repeated names are found by a scan while an object is small, by a hash set
// once it grows.
class DocumentBuilder {
 public:
  using json = nlohmann::ordered_json;

  explicit DocumentBuilder(json& root) : root_(root) {}

  bool null() { return put(nullptr); }
  bool boolean(bool value) { return put(value); }
  bool number_integer(json::number_integer_t value) { return put(value); }
  bool number_unsigned(json::number_unsigned_t value) { return put(value); }
  bool number_float(json::number_float_t value, const json::string_t&) { return put(value); }
  bool string(json::string_t& value) { return put(std::move(value)); }
  bool binary(json::binary_t&) { throw InputError("", "invalid JSON: a binary value"); }  // not from JSON text

  bool start_object(std::size_t) { return open(json::value_t::object); }
  bool start_array(std::size_t) { return open(json::value_t::array); }
  bool end_object() { return close(); }
  bool end_array() { return close(); }

  bool key(json::string_t& name) {
    json::object_t& object = open_.back()->get_ref<json::object_t&>();
    std::unordered_set<std::string>& seen = names_[open_.size() - 1];
    constexpr std::size_t kScanned = 16;
    bool repeated = false;
    if (object.size() < kScanned) {
      for (const auto& field : object) repeated = repeated || field.first == name;
    } else {
      if (seen.empty())
        for (const auto& field : object) seen.insert(field.first);
      repeated = !seen.insert(name).second;
    }
    if (repeated)
      throw InputError(pointer() + "/" + escape_token(name),
                       "the field \"" + valid_utf8(name) + "\" appears twice in this object (each name may appear once)");
    static_cast<json::object_t::Container&>(object).emplace_back(std::move(name), nullptr);
    slot_ = &object.back().second;
    return true;
  }

  bool parse_error(std::size_t position, const std::string&, const json::exception& error) {
    position_ = position;
    throw error;
  }

  std::size_t error_position() const { return position_; }

 private:
  template <class Value>
  json* place(Value&& value) {
    if (open_.empty()) {
      root_ = json(std::forward<Value>(value));
      return &root_;
    }
    json& parent = *open_.back();
    if (parent.is_array()) {
      parent.get_ref<json::array_t&>().emplace_back(std::forward<Value>(value));
      return &parent.get_ref<json::array_t&>().back();
    }
    *slot_ = json(std::forward<Value>(value));
    return slot_;
  }
  template <class Value>
  bool put(Value&& value) {
    place(std::forward<Value>(value));
    return true;
  }
  bool open(json::value_t type) {
    if (open_.size() >= kMaxJsonDepth) throw TooDeep{};
    open_.push_back(place(type));
    if (type == json::value_t::object) {
      if (names_.size() < open_.size()) names_.resize(open_.size());
      names_[open_.size() - 1].clear();
    }
    return true;
  }
  bool close() {
    open_.pop_back();
    return true;
  }

  static std::string escape_token(std::string_view key) {
    std::string out;
    for (char c : key) out += c == '~' ? std::string("~0") : c == '/' ? std::string("~1") : std::string(1, c);
    return valid_utf8(out);
  }
  // The JSON pointer of the innermost open container: each open array's last element, each
  // open object's last field, leads to the next one.
  std::string pointer() const {
    std::string out;
    for (std::size_t d = 0; d + 1 < open_.size(); ++d) {
      const json& c = *open_[d];
      if (c.is_array()) out += "/" + std::to_string(c.size() - 1);
      else out += "/" + escape_token(c.get_ref<const json::object_t&>().back().first);
    }
    return out;
  }

  json& root_;
  std::vector<json*> open_;                          // the containers being filled, outermost first
  std::vector<std::unordered_set<std::string>> names_;  // per open level, once an object is large
  json* slot_ = nullptr;                            // the value of the object field just named
  std::size_t position_ = 0;
};

// The byte offset of the bracket that opens level kMaxJsonDepth + 1 (strings skipped).
inline std::size_t too_deep_at(std::string_view text) {
  std::size_t depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxJsonDepth) return i;
    } else if (c == ']' || c == '}') {
      if (depth > 0) --depth;
    }
  }
  return text.size();
}

}  // namespace detail

/// Parses a JSON document. Errors are InputErrors: at the document root with a line and column
/// for syntax (empty input, truncation, invalid UTF-8, NaN or Infinity, a number beyond the
/// double range such as 1e400) and for nesting deeper than kMaxJsonDepth; at the JSON pointer of
/// a repeated field name. Documents over kMaxDocumentBytes are refused.
inline nlohmann::ordered_json parse_json(std::string_view text) {
  if (text.size() > kMaxDocumentBytes) throw detail::too_large("the document", text.size(), kMaxDocumentBytes);
  bool blank = true;
  for (char c : text) blank = blank && (c == ' ' || c == '\n' || c == '\r' || c == '\t');
  if (blank) throw InputError("", "empty document: expected a JSON object");
  nlohmann::ordered_json document;
  detail::DocumentBuilder builder(document);
  try {
    if (!nlohmann::ordered_json::sax_parse(text, &builder)) throw InputError("", "invalid JSON");
  } catch (const detail::TooDeep&) {
    throw InputError("", "nesting deeper than " + std::to_string(kMaxJsonDepth) + " levels at " +
                             line_and_column(text, detail::too_deep_at(text)) +
                             " (a tokten document nests 5 levels deep)");
  } catch (const nlohmann::ordered_json::exception& e) {
    // The position is one past the offending byte; report the byte itself.
    const std::size_t position = builder.error_position();
    const std::size_t at = position > 0 ? position - 1 : 0;
    // Keep nlohmann's explanation, without its "[json.exception.parse_error.101] parse error at
    // line 1, column 2: " prefix (the position is given in our own words).
    std::string detail = valid_utf8(e.what());
    if (auto bracket = detail.find("] "); bracket != std::string::npos) detail = detail.substr(bracket + 2);
    if (detail.rfind("parse error", 0) == 0)
      if (auto colon = detail.find(": "); colon != std::string::npos) detail = detail.substr(colon + 2);
    const bool truncated = at + 1 >= text.size();
    throw InputError("", std::string(truncated ? "truncated or invalid JSON" : "invalid JSON") +
                             " at " + line_and_column(text, at) + ": " + detail);
  }
  return document;
}

/// The whole content of a stream, refused beyond `limit` bytes (`name` says which input);
/// FileError if reading fails.
inline std::string read_stream(std::istream& in, const std::string& name, std::uint64_t limit = kMaxDocumentBytes) {
  std::string content;
  char buffer[1 << 16];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    content.append(buffer, static_cast<std::size_t>(in.gcount()));
    if (content.size() > limit) throw detail::too_large(name, limit, limit, true);
  }
  if (in.bad()) throw FileError(name, "error while reading " + name);
  return content;
}

/// The whole content of a file; FileError (an InputError) naming the file if it cannot be read,
/// InputError if it is larger than kMaxDocumentBytes (checked before reading).
inline std::string read_file(const std::string& path) {
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) throw FileError(path, path + " is a directory, not a file");
  errno = 0;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    // open(2)'s reason tells a missing file from a forbidden one; the stream itself does not keep it.
    const int reason = errno;
    throw FileError(path, "cannot open " + path + " for reading" +
                              (reason != 0 ? " (" + std::string(std::strerror(reason)) + ")" : std::string()));
  }
  if (std::filesystem::is_regular_file(path, error)) {
    const std::uintmax_t size = std::filesystem::file_size(path, error);
    if (!error && size > kMaxDocumentBytes) throw detail::too_large(path, size, kMaxDocumentBytes);
  }
  return read_stream(in, path);
}

}  // namespace tokten::io
