#pragma once
// Reading a parsed JSON document with located errors: every value knows its JSON pointer, and
// every rejection reads "POINTER: expected WHAT, got WHAT-WAS-THERE".
#include <cmath>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "tokten/error.hpp"
#include "tokten/model/vocabulary.hpp"

namespace tokten::io {

// Insertion-ordered objects: documents keep the order they were written in.
using json = nlohmann::ordered_json;

/// A short description of a JSON value for error messages: `the string "abc"`, `-3`, `null`.
inline std::string describe(const json& value) {
  switch (value.type()) {
    case json::value_t::null: return "null";
    case json::value_t::boolean: return value.get<bool>() ? "true" : "false";
    case json::value_t::string: {
      std::string text = value.get<std::string>();
      if (text.size() > 40) text = text.substr(0, 37) + "...";
      return "the string " + json(text).dump(-1, ' ', false, json::error_handler_t::replace);
    }
    case json::value_t::object: return "an object";
    case json::value_t::array: return "an array";
    default: return value.dump();
  }
}

inline std::string escape_pointer_token(std::string_view key) {
  std::string out;
  for (char c : key) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

class JsonReader {
 public:
  JsonReader(const json& value, std::string pointer) : value_(&value), pointer_(std::move(pointer)) {}

  const json& value() const { return *value_; }
  const std::string& pointer() const { return pointer_; }

  [[noreturn]] void fail(const std::string& message) const { throw InputError(pointer_, message); }
  [[noreturn]] void expected(const std::string& what) const {
    fail("expected " + what + ", got " + describe(*value_));
  }

  // Objects.
  void require_object(std::string_view what = "an object") const {
    if (!value_->is_object()) expected(std::string(what));
  }
  bool has(std::string_view key) const {
    return value_->is_object() && value_->contains(key) && !(*value_)[std::string(key)].is_null();
  }
  JsonReader field(std::string_view key) const {
    require_object();
    auto it = value_->find(key);
    if (it == value_->end())
      throw InputError(child_pointer(key), "missing required field \"" + std::string(key) + "\"");
    return JsonReader(*it, child_pointer(key));
  }
  /// A field that may be absent or null.
  std::optional<JsonReader> optional_field(std::string_view key) const {
    require_object();
    auto it = value_->find(key);
    if (it == value_->end() || it->is_null()) return std::nullopt;
    return JsonReader(*it, child_pointer(key));
  }
  /// Rejects fields outside `allowed`: a misspelt field must not be silently ignored.
  void only_fields(std::initializer_list<std::string_view> allowed) const {
    require_object();
    for (auto it = value_->begin(); it != value_->end(); ++it) {
      bool known = false;
      for (std::string_view a : allowed) known = known || a == it.key();
      if (!known) {
        std::string list;
        for (std::string_view a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
        throw InputError(child_pointer(it.key()),
                         "unexpected field \"" + it.key() + "\" (expected one of: " + list + ")");
      }
    }
  }

  // Arrays.
  std::vector<JsonReader> elements() const {
    if (!value_->is_array()) expected("an array");
    std::vector<JsonReader> out;
    out.reserve(value_->size());
    for (std::size_t i = 0; i < value_->size(); ++i)
      out.emplace_back((*value_)[i], pointer_ + "/" + std::to_string(i));
    return out;
  }

  // Scalars.
  std::string string() const {
    if (!value_->is_string()) expected("a string");
    return value_->get<std::string>();
  }
  std::string nonempty_string() const {
    std::string text = string();
    if (text.empty()) fail("expected a non-empty string");
    return text;
  }
  bool boolean() const {
    if (!value_->is_boolean()) expected("true or false");
    return value_->get<bool>();
  }
  /// An integer in [min, max]; 3.0 is accepted as 3 (spreadsheet exports write integers so).
  long long integer(long long min, long long max, std::string_view what = "an integer") const {
    const std::string range = std::string(what) + " from " + std::to_string(min) + " to " + std::to_string(max);
    long long v = 0;
    if (value_->is_number_unsigned()) {
      const auto u = value_->get<unsigned long long>();
      if (u > static_cast<unsigned long long>(max)) expected(range);
      v = static_cast<long long>(u);
    } else if (value_->is_number_integer()) {
      v = value_->get<long long>();
    } else if (value_->is_number_float()) {
      const double d = value_->get<double>();
      if (!(d == std::floor(d)) || d < static_cast<double>(min) || d > static_cast<double>(max)) expected(range);
      v = static_cast<long long>(d);
    } else {
      expected(range);
    }
    if (v < min || v > max) expected(range);
    return v;
  }
  int integer_as_int(int min, int max, std::string_view what = "an integer") const {
    return static_cast<int>(integer(min, max, what));
  }
  /// A finite number in [min, max].
  double number(double min, double max, std::string_view what = "a number") const {
    if (!value_->is_number()) expected(std::string(what));
    const double d = value_->get<double>();
    if (!std::isfinite(d) || d < min || d > max) {
      std::string range = std::string(what);
      if (min > -1e300) range += " >= " + json(min).dump();
      if (max < 1e300) range += std::string(min > -1e300 ? " and" : "") + " <= " + json(max).dump();
      expected(range);
    }
    return d;
  }
  template <class Enum>
  Enum enumeration() const {
    if (value_->is_string()) {
      if (auto parsed = parse_enum<Enum>(value_->get<std::string>())) return *parsed;
    }
    expected(std::string(Spelling<Enum>::what) + " (" + spelling_list<Enum>() + ")");
  }

 private:
  std::string child_pointer(std::string_view key) const {
    return pointer_ + "/" + escape_pointer_token(key);
  }

  const json* value_;
  std::string pointer_;
};

}  // namespace tokten::io
