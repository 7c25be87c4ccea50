#pragma once
// The Ledger document of the JSON contract (schema: python/tokten/schemas/ledger.schema.json).
//
//   { "format": "tokten.ledger", "format_version": 1, "name": "...",
//     "experts":      [{"id", "residence_country"?, "known_from"?, "known_until"?}],
//     "institutions": [{"id", "name"?, "kind"?, "region"?}],
//     "missions":     [{"id", "expert", "institution", "need"?, "sector", "region"?,
//                       "dates": {"start", "end"}, "beneficiaries"?, "theses_supervised"?,
//                       "theses_defended"?, "outcomes"?: {"name": count}, "source"?}],
//     "requests"?:    [{"need", "institution", "sector", "region"?, "seats"?, "requested_on"?}] }
//
// Reading checks the STRUCTURE only and throws the first error as an InputError at its JSON
// pointer: unknown fields are refused (a misspelt field must not vanish), types, dates as
// YYYY-MM-DD, counts >= 0, seats >= 1, a mission's end not before its start, known_until not
// before known_from. What only the whole ledger reveals (a repeated mission, an unknown
// expert, a defended thesis never supervised) is not an error of the document: reconcile()
// reports it (impact/reconcile.hpp). Optional fields take the defaults of impact/ledger.hpp.
// Writing emits every field except absent optionals, so that write(read(text)) is stable.
//
// RUNNING TIME. Linear in the document's size.
//
// Example:
//   tokten::impact::Ledger ledger = tokten::io::load_ledger("ledger.json");
//   tokten::io::write_file_atomically("copy.json", tokten::io::write_ledger(ledger) + "\n");
#include <string>
#include <string_view>

#include "tokten/impact/ledger.hpp"
#include "tokten/io/json_reader.hpp"
#include "tokten/io/parse.hpp"
#include "tokten/io/problem_json.hpp"

namespace tokten::io {

inline constexpr std::string_view kLedgerFormat = "tokten.ledger";

namespace detail {

inline constexpr long long kMaxCount = 1'000'000'000'000LL;  // far above any programme's tally
inline constexpr int kMaxTheses = 1'000'000;

inline Date read_date(const JsonReader& r) {
  if (r.value().is_string())
    if (auto parsed = parse_date(r.value().get<std::string>())) return *parsed;
  r.expected("a date as YYYY-MM-DD");
}

inline std::optional<Date> read_optional_date(const JsonReader& parent, std::string_view key) {
  if (auto d = parent.optional_field(key)) return read_date(*d);
  return std::nullopt;
}

inline impact::LedgerExpert read_ledger_expert(const JsonReader& r) {
  r.only_fields({"id", "residence_country", "known_from", "known_until"});
  impact::LedgerExpert e;
  e.id = r.field("id").nonempty_string();
  if (auto c = r.optional_field("residence_country")) e.residence_country = c->string();
  e.known_from = read_optional_date(r, "known_from");
  e.known_until = read_optional_date(r, "known_until");
  if (e.known_from && e.known_until && *e.known_until < *e.known_from)
    r.field("known_until").fail("known_until (" + to_string(*e.known_until) + ") is before known_from (" +
                                to_string(*e.known_from) + ")");
  return e;
}

inline impact::LedgerInstitution read_ledger_institution(const JsonReader& r) {
  r.only_fields({"id", "name", "kind", "region"});
  impact::LedgerInstitution i;
  i.id = r.field("id").nonempty_string();
  if (auto n = r.optional_field("name")) i.name = n->string();
  if (auto k = r.optional_field("kind")) i.kind = k->enumeration<InstitutionKind>();
  if (auto g = r.optional_field("region")) i.region = g->string();
  return i;
}

inline impact::MissionRecord read_mission(const JsonReader& r) {
  r.only_fields({"id", "expert", "institution", "need", "sector", "region", "dates", "beneficiaries",
                 "theses_supervised", "theses_defended", "outcomes", "source"});
  impact::MissionRecord m;
  m.id = r.field("id").nonempty_string();
  m.expert = r.field("expert").nonempty_string();
  m.institution = r.field("institution").nonempty_string();
  if (auto n = r.optional_field("need")) m.need = n->nonempty_string();
  m.sector = r.field("sector").enumeration<Sector>();
  if (auto g = r.optional_field("region")) m.region = g->string();
  const JsonReader dates = r.field("dates");
  dates.only_fields({"start", "end"});
  m.dates = {read_date(dates.field("start")), read_date(dates.field("end"))};
  if (m.dates.end < m.dates.start)
    dates.field("end").fail("the mission ends (" + to_string(m.dates.end) + ") before it starts (" +
                            to_string(m.dates.start) + ")");
  if (auto b = r.optional_field("beneficiaries")) m.beneficiaries = b->integer(0, kMaxCount, "a number of people");
  if (auto s = r.optional_field("theses_supervised"))
    m.theses_supervised = s->integer_as_int(0, kMaxTheses, "a number of theses");
  if (auto d = r.optional_field("theses_defended"))
    m.theses_defended = d->integer_as_int(0, kMaxTheses, "a number of theses");
  if (auto o = r.optional_field("outcomes")) {
    o->require_object("an object of named counts, such as {\"courses_taught\": 3}");
    for (auto it = o->value().begin(); it != o->value().end(); ++it) {
      const JsonReader count(it.value(), o->pointer() + "/" + escape_pointer_token(it.key()));
      if (it.key().empty()) count.fail("an outcome needs a non-empty name");
      m.outcomes[it.key()] = count.integer(0, kMaxCount, "a count");
    }
  }
  if (auto s = r.optional_field("source")) m.source = s->string();
  return m;
}

inline impact::Request read_request(const JsonReader& r) {
  r.only_fields({"need", "institution", "sector", "region", "seats", "requested_on"});
  impact::Request q;
  q.need = r.field("need").nonempty_string();
  q.institution = r.field("institution").nonempty_string();
  q.sector = r.field("sector").enumeration<Sector>();
  if (auto g = r.optional_field("region")) q.region = g->string();
  if (auto s = r.optional_field("seats")) q.seats = s->integer_as_int(1, 10000, "a number of seats");
  q.requested_on = read_optional_date(r, "requested_on");
  return q;
}

}  // namespace detail

/// Reads a Ledger document; throws InputError (with a JSON pointer) at the first error.
inline impact::Ledger ledger_from_json(const json& document) {
  const JsonReader doc(document, "");
  detail::check_header(doc, kLedgerFormat);
  doc.only_fields({"format", "format_version", "name", "experts", "institutions", "missions", "requests"});
  impact::Ledger ledger;
  if (auto name = doc.optional_field("name")) ledger.name = name->string();
  ledger.experts = detail::read_required_list<impact::LedgerExpert>(doc, "experts", detail::read_ledger_expert);
  ledger.institutions =
      detail::read_required_list<impact::LedgerInstitution>(doc, "institutions", detail::read_ledger_institution);
  ledger.missions = detail::read_required_list<impact::MissionRecord>(doc, "missions", detail::read_mission);
  ledger.requests = detail::read_list<impact::Request>(doc, "requests", detail::read_request);
  return ledger;
}

inline impact::Ledger read_ledger(std::string_view text) { return ledger_from_json(parse_json(text)); }

inline impact::Ledger load_ledger(const std::string& path) { return read_ledger(read_file(path)); }

/// The Ledger document as JSON values.
inline json to_json(const impact::Ledger& ledger) {
  json experts = json::array();
  for (const impact::LedgerExpert& e : ledger.experts) {
    json item = {{"id", e.id}, {"residence_country", e.residence_country}};
    if (e.known_from) item["known_from"] = to_string(*e.known_from);
    if (e.known_until) item["known_until"] = to_string(*e.known_until);
    experts.push_back(std::move(item));
  }
  json institutions = json::array();
  for (const impact::LedgerInstitution& i : ledger.institutions)
    institutions.push_back(
        {{"id", i.id}, {"name", i.name}, {"kind", std::string(to_string(i.kind))}, {"region", i.region}});
  json missions = json::array();
  for (const impact::MissionRecord& m : ledger.missions) {
    json item = {{"id", m.id}, {"expert", m.expert}, {"institution", m.institution}};
    if (m.need) item["need"] = *m.need;
    item["sector"] = std::string(to_string(m.sector));
    item["region"] = m.region;
    item["dates"] = detail::write_window(m.dates);
    item["beneficiaries"] = m.beneficiaries;
    item["theses_supervised"] = m.theses_supervised;
    item["theses_defended"] = m.theses_defended;
    json outcomes = json::object();
    for (const auto& [name, count] : m.outcomes) outcomes[name] = count;
    item["outcomes"] = std::move(outcomes);
    item["source"] = m.source;
    missions.push_back(std::move(item));
  }
  json requests = json::array();
  for (const impact::Request& r : ledger.requests) {
    json item = {{"need", r.need},   {"institution", r.institution}, {"sector", std::string(to_string(r.sector))},
                 {"region", r.region}, {"seats", r.seats}};
    if (r.requested_on) item["requested_on"] = to_string(*r.requested_on);
    requests.push_back(std::move(item));
  }
  return {{"format", std::string(kLedgerFormat)},
          {"format_version", kFormatVersion},
          {"name", ledger.name},
          {"experts", std::move(experts)},
          {"institutions", std::move(institutions)},
          {"missions", std::move(missions)},
          {"requests", std::move(requests)}};
}

/// The document as text, pretty-printed with `indent` spaces (-1 for one line). Written as it
/// is: reconcile() is what checks a ledger's content.
inline std::string write_ledger(const impact::Ledger& ledger, int indent = 2) { return to_json(ledger).dump(indent); }

}  // namespace tokten::io
