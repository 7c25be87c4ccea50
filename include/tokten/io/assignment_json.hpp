#pragma once
// The Assignment document of the JSON contract
// (schema: python/tokten/schemas/assignment.schema.json).
//
//   { "format": "tokten.assignment", "format_version": 1, "problem": "...",
//     "objective": "max_weight", "status": "optimal", "total_score": 12.5,
//     "pairs": [...], "unfilled": [...], "alternates": [...] }
#include <string>
#include <string_view>

#include "tokten/io/problem_json.hpp"
#include "tokten/model/assignment.hpp"

namespace tokten::io {

inline constexpr std::string_view kAssignmentFormat = "tokten.assignment";

namespace detail {

inline double read_score(const JsonReader& r) { return r.number(-1e300, 1e300, "a finite score"); }

inline AssignedPair read_pair(const JsonReader& r) {
  r.only_fields({"expert", "need", "score", "terms"});
  AssignedPair p;
  p.expert = r.field("expert").nonempty_string();
  p.need = r.field("need").nonempty_string();
  p.score = read_score(r.field("score"));
  p.terms = read_list<ScoreTerm>(r, "terms", [](const JsonReader& t) {
    t.only_fields({"name", "value", "detail"});
    ScoreTerm term{t.field("name").nonempty_string(), read_score(t.field("value")), ""};
    if (auto d = t.optional_field("detail")) term.detail = d->string();
    return term;
  });
  return p;
}

inline UnfilledSeats read_unfilled(const JsonReader& r) {
  r.only_fields({"need", "seats", "reason", "detail", "fixes"});
  UnfilledSeats u;
  u.need = r.field("need").nonempty_string();
  u.seats = r.field("seats").integer_as_int(1, 10000, "a number of seats");
  u.reason = r.field("reason").enumeration<UnfilledReason>();
  if (auto d = r.optional_field("detail")) u.detail = d->string();
  u.fixes = read_list<std::string>(r, "fixes", [](const JsonReader& f) { return f.nonempty_string(); });
  return u;
}

inline NeedAlternates read_alternates(const JsonReader& r) {
  r.only_fields({"need", "experts"});
  NeedAlternates a;
  a.need = r.field("need").nonempty_string();
  a.experts = read_required_list<Alternate>(r, "experts", [](const JsonReader& e) {
    e.only_fields({"expert", "score"});
    return Alternate{e.field("expert").nonempty_string(), read_score(e.field("score"))};
  });
  return a;
}

}  // namespace detail

/// Reads an Assignment document (structure only; validate_assignment checks it against its
/// Problem). Throws InputError with a JSON pointer on any error.
inline Assignment assignment_from_json(const json& document) {
  const JsonReader doc(document, "");
  detail::check_header(doc, kAssignmentFormat);
  doc.only_fields({"format", "format_version", "problem", "objective", "status", "total_score",
                   "pairs", "unfilled", "alternates"});
  Assignment a;
  if (auto p = doc.optional_field("problem")) a.problem = p->string();
  a.objective = doc.field("objective").enumeration<Objective>();
  a.status = doc.field("status").enumeration<SolveStatus>();
  a.total_score = detail::read_score(doc.field("total_score"));
  a.pairs = detail::read_required_list<AssignedPair>(doc, "pairs", detail::read_pair);
  a.unfilled = detail::read_list<UnfilledSeats>(doc, "unfilled", detail::read_unfilled);
  a.alternates = detail::read_list<NeedAlternates>(doc, "alternates", detail::read_alternates);
  return a;
}

inline Assignment read_assignment(std::string_view text) {
  return assignment_from_json(parse_json(text));
}

inline Assignment load_assignment(const std::string& path) { return read_assignment(read_file(path)); }

/// Writes an Assignment document. Throws InputError for a non-finite number (JSON has no NaN).
inline json to_json(const Assignment& a) {
  detail::require_finite(a.total_score, "/total_score");
  json pairs = json::array();
  for (std::size_t i = 0; i < a.pairs.size(); ++i) {
    const AssignedPair& p = a.pairs[i];
    const std::string at = "/pairs/" + std::to_string(i);
    detail::require_finite(p.score, at + "/score");
    json terms = json::array();
    for (std::size_t k = 0; k < p.terms.size(); ++k) {
      const ScoreTerm& t = p.terms[k];
      detail::require_finite(t.value, at + "/terms/" + std::to_string(k) + "/value");
      terms.push_back({{"name", t.name}, {"value", t.value}, {"detail", t.detail}});
    }
    pairs.push_back({{"expert", p.expert}, {"need", p.need}, {"score", p.score}, {"terms", std::move(terms)}});
  }
  json unfilled = json::array();
  for (const UnfilledSeats& u : a.unfilled)
    unfilled.push_back({{"need", u.need},
                        {"seats", u.seats},
                        {"reason", std::string(to_string(u.reason))},
                        {"detail", u.detail},
                        {"fixes", u.fixes}});
  json alternates = json::array();
  for (std::size_t i = 0; i < a.alternates.size(); ++i) {
    const NeedAlternates& n = a.alternates[i];
    json experts = json::array();
    for (std::size_t k = 0; k < n.experts.size(); ++k) {
      const Alternate& e = n.experts[k];
      detail::require_finite(e.score, "/alternates/" + std::to_string(i) + "/experts/" + std::to_string(k) + "/score");
      experts.push_back({{"expert", e.expert}, {"score", e.score}});
    }
    alternates.push_back({{"need", n.need}, {"experts", std::move(experts)}});
  }
  return {{"format", std::string(kAssignmentFormat)},
          {"format_version", kFormatVersion},
          {"problem", a.problem},
          {"objective", std::string(to_string(a.objective))},
          {"status", std::string(to_string(a.status))},
          {"total_score", a.total_score},
          {"pairs", std::move(pairs)},
          {"unfilled", std::move(unfilled)},
          {"alternates", std::move(alternates)}};
}

inline std::string write_assignment(const Assignment& a, int indent = 2) { return to_json(a).dump(indent); }

}  // namespace tokten::io
