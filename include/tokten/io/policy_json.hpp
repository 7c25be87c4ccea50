#pragma once
// The Policy document of the JSON contract (schema: python/tokten/schemas/policy.schema.json):
//
//   { "format": "tokten.policy", "format_version": 1,
//     "skills_weight": 0.55, ..., "capital_region": "Bamako" }
//
// Every field but the header is optional and defaults as in score/policy.hpp; unknown fields
// are errors (a misspelt weight must not silently fall back to its default). Each number is
// checked against its range from kPolicyNumbers, then the whole policy (validate_policy); the
// first error is thrown as an InputError naming its JSON pointer. Writing gives every field,
// so a saved policy says exactly what was used.
#include <filesystem>
#include <string>
#include <string_view>

#include "tokten/io/atomic_file.hpp"
#include "tokten/io/json_reader.hpp"
#include "tokten/io/parse.hpp"
#include "tokten/io/problem_json.hpp"
#include "tokten/score/policy.hpp"

namespace tokten::io {

inline constexpr std::string_view kPolicyFormat = "tokten.policy";

/// Reads a Policy document; throws InputError (with a JSON pointer) on any error.
inline score::ScoringPolicy policy_from_json(const json& document) {
  const JsonReader doc(document, "");
  detail::check_header(doc, kPolicyFormat);
  doc.require_object();
  // Unknown fields first, with the list of the known ones.
  for (auto it = document.begin(); it != document.end(); ++it) {
    const std::string& key = it.key();
    bool known = key == "format" || key == "format_version" || key == "capital_region";
    for (const auto& field : score::kPolicyNumbers) known = known || field.name == key;
    if (!known) {
      std::string list = "format, format_version";
      for (const auto& field : score::kPolicyNumbers) list += ", " + std::string(field.name);
      throw InputError("/" + escape_pointer_token(key),
                       "unexpected field \"" + key + "\" (expected one of: " + list + ", capital_region)");
    }
  }
  score::ScoringPolicy policy;
  for (const auto& field : score::kPolicyNumbers) {
    auto value = doc.optional_field(field.name);
    if (!value) continue;
    const double v = value->number(-1e300, 1e300, "a finite number");
    const bool low = field.min_exclusive ? !(v > field.min) : !(v >= field.min);
    if (low || v > field.max) value->expected(score::policy_range(field));
    policy.*field.member = v;
  }
  if (auto region = doc.optional_field("capital_region")) policy.capital_region = region->nonempty_string();
  score::check_policy(policy);
  return policy;
}

inline score::ScoringPolicy read_policy(std::string_view text) { return policy_from_json(parse_json(text)); }

inline score::ScoringPolicy load_policy(const std::string& path) { return read_policy(read_file(path)); }

/// Writes a Policy document with every field. Throws InputError for an invalid policy (a NaN,
/// a negative weight, ...): what is written always reads back.
inline json to_json(const score::ScoringPolicy& policy) {
  score::check_policy(policy);
  json out = {{"format", std::string(kPolicyFormat)}, {"format_version", kFormatVersion}};
  for (const auto& field : score::kPolicyNumbers) out[std::string(field.name)] = policy.*field.member;
  out["capital_region"] = policy.capital_region;
  return out;
}

/// The document as text, pretty-printed with `indent` spaces (-1 for one line).
inline std::string write_policy(const score::ScoringPolicy& policy, int indent = 2) {
  return to_json(policy).dump(indent);
}

/// Writes the document to `path` atomically (io/atomic_file.hpp): a failed write leaves an
/// earlier file intact.
inline void save_policy(const score::ScoringPolicy& policy, const std::filesystem::path& path, int indent = 2) {
  write_file_atomically(path, write_policy(policy, indent) + "\n");
}

}  // namespace tokten::io
