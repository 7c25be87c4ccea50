#pragma once
// The Problem document of the JSON contract (schema: python/tokten/schemas/problem.schema.json).
//
//   { "format": "tokten.problem", "format_version": 1, "name": "...",
//     "taxonomy": {"skills": [...]}, "institutions": [...], "experts": [...], "needs": [...] }
//
// Reading checks the structure (types, ranges, unknown fields), then the cross-references
// (validate_problem); the first error is thrown as an InputError naming its JSON pointer.
#include <string>
#include <string_view>

#include "tokten/io/json_reader.hpp"
#include "tokten/io/parse.hpp"
#include "tokten/model/problem.hpp"
#include "tokten/model/validate.hpp"

namespace tokten::io {

inline constexpr std::string_view kProblemFormat = "tokten.problem";
inline constexpr int kFormatVersion = 1;

namespace detail {

inline void check_header(const JsonReader& doc, std::string_view format) {
  doc.require_object("a JSON object (a tokten document)");
  const JsonReader f = doc.field("format");
  if (f.string() != format) f.expected("\"" + std::string(format) + "\"");
  const JsonReader v = doc.field("format_version");
  const long long version = v.integer(1, 1'000'000, "a format version");
  if (version > kFormatVersion)
    v.fail("format_version " + std::to_string(version) + " is newer than this tokten reads (" +
           std::to_string(kFormatVersion) + "); upgrade tokten");
}

inline DateWindow read_window(const JsonReader& r) {
  r.only_fields({"start", "end"});
  auto date = [](const JsonReader& d) {
    if (auto parsed = parse_date(d.string())) return *parsed;
    d.expected("a date as YYYY-MM-DD");
  };
  return {date(r.field("start")), date(r.field("end"))};
}

/// nlohmann writes NaN and infinities as null, which would not read back: refuse them.
inline void require_finite(double value, const std::string& pointer) {
  if (!std::isfinite(value)) throw InputError(pointer, "cannot write a non-finite number (JSON has no NaN or infinity)");
}

inline json write_window(const DateWindow& w) {
  return {{"start", to_string(w.start)}, {"end", to_string(w.end)}};
}

inline Cefr read_cefr(const JsonReader& r) {
  if (r.value().is_string())
    if (auto level = parse_cefr(r.value().get<std::string>())) return *level;
  r.expected("a CEFR level (\"A1\", \"A2\", \"B1\", \"B2\", \"C1\" or \"C2\")");
}

template <class T, class Read>
std::vector<T> read_list(const JsonReader& parent, std::string_view key, Read read) {
  std::vector<T> out;
  if (auto list = parent.optional_field(key))
    for (const JsonReader& item : list->elements()) out.push_back(read(item));
  return out;
}

template <class T, class Read>
std::vector<T> read_required_list(const JsonReader& parent, std::string_view key, Read read) {
  std::vector<T> out;
  for (const JsonReader& item : parent.field(key).elements()) out.push_back(read(item));
  return out;
}

inline Skill read_skill(const JsonReader& r) {
  r.only_fields({"id", "name", "parent"});
  Skill s;
  s.id = r.field("id").nonempty_string();
  s.name = r.field("name").string();
  if (auto p = r.optional_field("parent")) s.parent = p->nonempty_string();
  return s;
}

inline Institution read_institution(const JsonReader& r) {
  r.only_fields({"id", "name", "kind", "region"});
  Institution i;
  i.id = r.field("id").nonempty_string();
  i.name = r.field("name").string();
  i.kind = r.field("kind").enumeration<InstitutionKind>();
  i.region = r.field("region").string();
  return i;
}

inline Expert read_expert(const JsonReader& r) {
  r.only_fields({"id", "name", "residence_country", "skills", "languages", "sectors", "degrees",
                 "years_experience", "availability", "max_missions", "remote_possible",
                 "preferences"});
  Expert e;
  e.id = r.field("id").nonempty_string();
  e.name = r.field("name").string();
  e.residence_country = r.field("residence_country").string();
  e.skills = read_required_list<SkillLevel>(r, "skills", [](const JsonReader& s) {
    s.only_fields({"skill", "level"});
    return SkillLevel{s.field("skill").nonempty_string(),
                      s.field("level").integer_as_int(kMinProficiency, kMaxProficiency,
                                                      "a proficiency level")};
  });
  e.languages = read_list<LanguageLevel>(r, "languages", [](const JsonReader& l) {
    l.only_fields({"language", "level"});
    return LanguageLevel{l.field("language").string(), read_cefr(l.field("level"))};
  });
  e.sectors = read_list<Sector>(r, "sectors", [](const JsonReader& s) { return s.enumeration<Sector>(); });
  e.degrees = read_list<Degree>(r, "degrees", [](const JsonReader& d) {
    d.only_fields({"level", "field"});
    Degree degree{d.field("level").enumeration<DegreeLevel>(), ""};
    if (auto f = d.optional_field("field")) degree.field = f->string();
    return degree;
  });
  if (auto y = r.optional_field("years_experience"))
    e.years_experience = y->integer_as_int(0, 80, "years of experience");
  e.availability = read_list<DateWindow>(r, "availability", read_window);
  if (auto m = r.optional_field("max_missions"))
    e.max_missions = m->integer_as_int(0, 1000, "a number of missions");
  if (auto remote = r.optional_field("remote_possible")) e.remote_possible = remote->boolean();
  if (auto p = r.optional_field("preferences")) {
    p->only_fields({"regions", "sectors"});
    e.preferences.regions = read_list<std::string>(*p, "regions", [](const JsonReader& s) {
      return s.nonempty_string();
    });
    e.preferences.sectors = read_list<Sector>(*p, "sectors", [](const JsonReader& s) {
      return s.enumeration<Sector>();
    });
  }
  return e;
}

inline Need read_need(const JsonReader& r) {
  r.only_fields({"id", "institution", "sector", "skills", "languages", "window", "duration_days",
                 "seats", "priority", "mode", "thesis_supervision"});
  Need n;
  n.id = r.field("id").nonempty_string();
  n.institution = r.field("institution").nonempty_string();
  n.sector = r.field("sector").enumeration<Sector>();
  n.skills = read_required_list<SkillRequirement>(r, "skills", [](const JsonReader& s) {
    s.only_fields({"skill", "essential", "min_level", "weight"});
    SkillRequirement req;
    req.skill = s.field("skill").nonempty_string();
    if (auto e = s.optional_field("essential")) req.essential = e->boolean();
    if (auto l = s.optional_field("min_level"))
      req.min_level = l->integer_as_int(kMinProficiency, kMaxProficiency, "a proficiency level");
    if (auto w = s.optional_field("weight")) req.weight = w->number(0.0, 1e300, "a finite weight");
    return req;
  });
  n.languages = read_list<LanguageRequirement>(r, "languages", [](const JsonReader& l) {
    l.only_fields({"language", "min_level"});
    LanguageRequirement req{l.field("language").string(), Cefr::B2};
    if (auto level = l.optional_field("min_level")) req.min_level = read_cefr(*level);
    return req;
  });
  n.window = read_window(r.field("window"));
  n.duration_days = r.field("duration_days").integer_as_int(1, 3660, "a duration in days");
  if (auto s = r.optional_field("seats")) n.seats = s->integer_as_int(1, 10000, "a number of seats");
  if (auto p = r.optional_field("priority"))
    n.priority = p->integer_as_int(kMinPriority, kMaxPriority, "a priority");
  if (auto m = r.optional_field("mode")) n.mode = m->enumeration<MissionMode>();
  if (auto t = r.optional_field("thesis_supervision")) n.thesis_supervision = t->boolean();
  return n;
}

template <class Enum>
json enum_list(const std::vector<Enum>& values) {
  json out = json::array();
  for (Enum v : values) out.push_back(std::string(to_string(v)));
  return out;
}

}  // namespace detail

/// Reads a Problem document's structure (types, ranges, fields) without the cross-reference
/// checks, for callers that want every issue of validate_problem rather than the first.
inline Problem problem_structure_from_json(const json& document) {
  const JsonReader doc(document, "");
  detail::check_header(doc, kProblemFormat);
  doc.only_fields({"format", "format_version", "name", "taxonomy", "institutions", "experts", "needs"});
  Problem p;
  if (auto name = doc.optional_field("name")) p.name = name->string();
  const JsonReader taxonomy = doc.field("taxonomy");
  taxonomy.only_fields({"skills"});
  p.taxonomy.skills = detail::read_required_list<Skill>(taxonomy, "skills", detail::read_skill);
  p.institutions = detail::read_required_list<Institution>(doc, "institutions", detail::read_institution);
  p.experts = detail::read_required_list<Expert>(doc, "experts", detail::read_expert);
  p.needs = detail::read_required_list<Need>(doc, "needs", detail::read_need);
  return p;
}

/// Reads a Problem document; throws InputError (with a JSON pointer) on any error.
inline Problem problem_from_json(const json& document) {
  Problem p = problem_structure_from_json(document);
  check_problem(p);
  return p;
}

inline Problem read_problem(std::string_view text) { return problem_from_json(parse_json(text)); }

inline Problem load_problem(const std::string& path) { return read_problem(read_file(path)); }

/// Writes a Problem document. Throws InputError for a non-finite weight (JSON has no NaN).
inline json to_json(const Problem& p) {
  json skills = json::array();
  for (const Skill& s : p.taxonomy.skills) {
    json skill = {{"id", s.id}, {"name", s.name}};
    if (s.parent) skill["parent"] = *s.parent;
    skills.push_back(std::move(skill));
  }
  json institutions = json::array();
  for (const Institution& i : p.institutions)
    institutions.push_back({{"id", i.id},
                            {"name", i.name},
                            {"kind", std::string(to_string(i.kind))},
                            {"region", i.region}});
  json experts = json::array();
  for (const Expert& e : p.experts) {
    json skill_levels = json::array();
    for (const SkillLevel& s : e.skills) skill_levels.push_back({{"skill", s.skill}, {"level", s.level}});
    json languages = json::array();
    for (const LanguageLevel& l : e.languages)
      languages.push_back({{"language", l.language}, {"level", std::string(to_string(l.level))}});
    json degrees = json::array();
    for (const Degree& d : e.degrees)
      degrees.push_back({{"level", std::string(to_string(d.level))}, {"field", d.field}});
    json availability = json::array();
    for (const DateWindow& w : e.availability) availability.push_back(detail::write_window(w));
    experts.push_back({{"id", e.id},
                       {"name", e.name},
                       {"residence_country", e.residence_country},
                       {"skills", std::move(skill_levels)},
                       {"languages", std::move(languages)},
                       {"sectors", detail::enum_list(e.sectors)},
                       {"degrees", std::move(degrees)},
                       {"years_experience", e.years_experience},
                       {"availability", std::move(availability)},
                       {"max_missions", e.max_missions},
                       {"remote_possible", e.remote_possible},
                       {"preferences",
                        {{"regions", e.preferences.regions},
                         {"sectors", detail::enum_list(e.preferences.sectors)}}}});
  }
  json needs = json::array();
  for (std::size_t i = 0; i < p.needs.size(); ++i) {
    const Need& n = p.needs[i];
    json requirements = json::array();
    for (std::size_t k = 0; k < n.skills.size(); ++k) {
      const SkillRequirement& r = n.skills[k];
      detail::require_finite(r.weight, "/needs/" + std::to_string(i) + "/skills/" + std::to_string(k) + "/weight");
      requirements.push_back({{"skill", r.skill},
                              {"essential", r.essential},
                              {"min_level", r.min_level},
                              {"weight", r.weight}});
    }
    json languages = json::array();
    for (const LanguageRequirement& l : n.languages)
      languages.push_back({{"language", l.language}, {"min_level", std::string(to_string(l.min_level))}});
    needs.push_back({{"id", n.id},
                     {"institution", n.institution},
                     {"sector", std::string(to_string(n.sector))},
                     {"skills", std::move(requirements)},
                     {"languages", std::move(languages)},
                     {"window", detail::write_window(n.window)},
                     {"duration_days", n.duration_days},
                     {"seats", n.seats},
                     {"priority", n.priority},
                     {"mode", std::string(to_string(n.mode))},
                     {"thesis_supervision", n.thesis_supervision}});
  }
  return {{"format", std::string(kProblemFormat)},
          {"format_version", kFormatVersion},
          {"name", p.name},
          {"taxonomy", {{"skills", std::move(skills)}}},
          {"institutions", std::move(institutions)},
          {"experts", std::move(experts)},
          {"needs", std::move(needs)}};
}

/// The document as text, pretty-printed with `indent` spaces (-1 for one line).
inline std::string write_problem(const Problem& p, int indent = 2) { return to_json(p).dump(indent); }

}  // namespace tokten::io
