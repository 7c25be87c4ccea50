// The Problem document: lossless round trips, and a located error for every kind of bad input.
#include <limits>

#include <catch2/catch.hpp>

#include "support.hpp"
#include "tokten/io/problem_json.hpp"
#include "tokten/synth/demo.hpp"

using namespace tokten;
using io::json;

namespace {

json small_document() {
  return json::parse(R"({
    "format": "tokten.problem", "format_version": 1, "name": "small",
    "taxonomy": {"skills": [
      {"id": "isced:09", "name": "Health and welfare"},
      {"id": "isced:0912", "name": "Medicine", "parent": "isced:09"}]},
    "institutions": [{"id": "inst-1", "name": "Hôpital de Sikasso", "kind": "hospital", "region": "Sikasso"}],
    "experts": [{"id": "exp-1", "name": "Oumar Keïta", "residence_country": "CA",
                 "skills": [{"skill": "isced:0912", "level": 5}],
                 "languages": [{"language": "fr", "level": "C2"}, {"language": "bm", "level": "B2"}],
                 "availability": [{"start": "2027-01-04", "end": "2027-04-30"}]}],
    "needs": [{"id": "need-1", "institution": "inst-1", "sector": "health",
               "skills": [{"skill": "isced:0912", "min_level": 4, "weight": 2}],
               "languages": [{"language": "fr"}],
               "window": {"start": "2027-02-01", "end": "2027-03-31"}, "duration_days": 21}]
  })");
}

/// Applies `edit` to the small document and requires an InputError at `pointer`.
template <class Edit>
void require_rejected(Edit edit, const std::string& pointer, const std::string& fragment) {
  json doc = small_document();
  edit(doc);
  require_input_error([&] { io::problem_from_json(doc); }, pointer, fragment);
}

}  // namespace

TEST_CASE("demo problems round-trip through JSON losslessly") {
  for (std::uint64_t seed : {1, 2, 99}) {
    const Problem p = synth::demo_problem({.seed = seed, .experts = 120, .institutions = 30, .needs = 40});
    const std::string text = io::write_problem(p);
    const Problem back = io::read_problem(text);
    CHECK(back == p);
    CHECK(io::write_problem(back) == text);  // and the text is stable
    CHECK(io::read_problem(io::write_problem(p, -1)) == p);
  }
}

TEST_CASE("optional fields take their documented defaults") {
  const Problem p = io::problem_from_json(small_document());
  const Expert& e = p.experts.at(0);
  CHECK(e.max_missions == 1);
  CHECK_FALSE(e.remote_possible);
  CHECK(e.years_experience == 0);
  CHECK(e.name == "Oumar Keïta");
  const Need& n = p.needs.at(0);
  CHECK(n.seats == 1);
  CHECK(n.priority == 3);
  CHECK(n.mode == MissionMode::on_site);
  CHECK(n.skills.at(0).essential);
  CHECK(n.skills.at(0).weight == 2.0);
  CHECK(n.languages.at(0).min_level == Cefr::B2);
  CHECK(n.window.length_days() == 59);
  CHECK(p.taxonomy.skills.at(1).parent == std::optional<std::string>("isced:09"));
}

TEST_CASE("integers written as 4.0 are accepted, 4.5 is not") {
  json doc = small_document();
  doc["needs"][0]["skills"][0]["min_level"] = 4.0;
  CHECK(io::problem_from_json(doc).needs[0].skills[0].min_level == 4);
  require_rejected([](json& d) { d["needs"][0]["skills"][0]["min_level"] = 4.5; },
                   "/needs/0/skills/0/min_level", "expected a proficiency level from 1 to 5, got 4.5");
}

TEST_CASE("a wrong type is located") {
  require_rejected([](json& d) { d["experts"][0]["skills"][0]["level"] = "high"; },
                   "/experts/0/skills/0/level", "expected a proficiency level from 1 to 5, got the string \"high\"");
  require_rejected([](json& d) { d["experts"] = json::object(); }, "/experts", "expected an array, got an object");
  require_rejected([](json& d) { d["experts"][0]["remote_possible"] = 1; }, "/experts/0/remote_possible",
                   "expected true or false, got 1");
  require_rejected([](json& d) { d["needs"][0]["sector"] = "mining"; }, "/needs/0/sector",
                   "expected a sector (one of \"education\"");
  require_rejected([](json& d) { d["experts"][0]["languages"][1]["level"] = "B3"; },
                   "/experts/0/languages/1/level", "expected a CEFR level");
  require_rejected([](json& d) { d["needs"][0]["window"]["end"] = "31/03/2027"; }, "/needs/0/window/end",
                   "expected a date as YYYY-MM-DD");
  require_input_error([] { io::problem_from_json(json::array()); }, "", "expected a JSON object");
}

TEST_CASE("a missing required field is located") {
  require_rejected([](json& d) { d["experts"][0].erase("id"); }, "/experts/0/id", "missing required field \"id\"");
  require_rejected([](json& d) { d["needs"][0].erase("window"); }, "/needs/0/window",
                   "missing required field \"window\"");
  require_rejected([](json& d) { d.erase("taxonomy"); }, "/taxonomy", "missing required field");
  require_rejected([](json& d) { d.erase("format"); }, "/format", "missing required field");
}

TEST_CASE("a misspelt field is rejected, not ignored") {
  require_rejected([](json& d) { d["experts"][0]["avaliability"] = json::array(); }, "/experts/0/avaliability",
                   "unexpected field \"avaliability\" (expected one of: id, name,");
}

TEST_CASE("unknown ids, duplicate ids and dangling references are located") {
  require_rejected([](json& d) { d["experts"][0]["skills"][0]["skill"] = "isced:0000"; },
                   "/experts/0/skills/0/skill", "unknown skill id \"isced:0000\"");
  require_rejected([](json& d) { d["experts"].push_back(d["experts"][0]); }, "/experts/1/id",
                   "duplicate id \"exp-1\"");
  require_rejected([](json& d) { d["needs"][0]["institution"] = "inst-2"; }, "/needs/0/institution",
                   "unknown institution id \"inst-2\"");
}

TEST_CASE("negative values where not allowed are located") {
  require_rejected([](json& d) { d["needs"][0]["skills"][0]["weight"] = -0.5; }, "/needs/0/skills/0/weight",
                   "expected a finite weight >= 0");
  require_rejected([](json& d) { d["experts"][0]["years_experience"] = -2; }, "/experts/0/years_experience",
                   "expected years of experience from 0 to 80, got -2");
  require_rejected([](json& d) { d["needs"][0]["seats"] = 0; }, "/needs/0/seats", "a number of seats from 1");
}

TEST_CASE("NaN is not JSON: the syntax error names line and column") {
  const std::string text = "{\n  \"format\": \"tokten.problem\",\n  \"format_version\": NaN\n}";
  require_input_error([&] { io::read_problem(text); }, "", "line 3, column 21");
}

TEST_CASE("empty, truncated and non-UTF-8 files are rejected with a location") {
  require_input_error([] { io::read_problem(""); }, "", "empty document");
  require_input_error([] { io::read_problem(" \n\t"); }, "", "empty document");
  std::string text = io::write_problem(io::problem_from_json(small_document()));
  const std::string truncated = text.substr(0, text.size() / 2);
  require_input_error([&] { io::read_problem(truncated); }, "", "truncated or invalid JSON at line");
  std::string bad_utf8 = text;
  const auto at = bad_utf8.find("Keïta");
  REQUIRE(at != std::string::npos);
  bad_utf8[at + 3] = static_cast<char>(0xFF);  // breaks the two-byte "ï"
  require_input_error([&] { io::read_problem(bad_utf8); }, "", "invalid JSON at line");
}

TEST_CASE("the format header is checked") {
  require_rejected([](json& d) { d["format"] = "tokten.assignment"; }, "/format", "expected \"tokten.problem\"");
  require_rejected([](json& d) { d["format_version"] = 2; }, "/format_version", "newer than this tokten reads");
  require_rejected([](json& d) { d["format_version"] = 0; }, "/format_version", "expected a format version");
}

TEST_CASE("files that cannot be read are reported by name") {
  require_input_error([] { io::load_problem("/nonexistent/problem.json"); }, "", "cannot open /nonexistent/problem.json");
  const Problem example = io::load_problem(std::string(TOKTEN_SOURCE_DIR) + "/examples/data/small_round.json");
  CHECK_FALSE(example.needs.empty());
}

TEST_CASE("error messages quoting broken input are valid UTF-8") {
  CHECK(io::valid_utf8("Keïta") == "Keïta");
  CHECK(io::valid_utf8("a\xFF" "b") == "a\\xFFb");
  CHECK(io::valid_utf8("\xC3") == "\\xC3");              // truncated sequence
  CHECK(io::valid_utf8("\xC0\xAF") == "\\xC0\\xAF");     // overlong '/'
  CHECK(io::valid_utf8("\xED\xA0\x80") == "\\xED\\xA0\\x80");  // surrogate
  try {
    io::read_problem("{\"format\": \"tokten.pro\xFF\"}");
    FAIL("accepted invalid UTF-8");
  } catch (const InputError& e) {
    CHECK_THAT(e.what(), Catch::Contains("\\xFF"));
    CHECK(io::valid_utf8(e.what()) == e.what());
  }
}

TEST_CASE("numbers too large for a double are an InputError, not a crash") {
  require_input_error([] { io::read_problem("{\"format_version\": 1e400}"); }, "", "number overflow");
}

TEST_CASE("syntax error columns count characters, not bytes") {
  require_input_error([] { io::read_problem("{\"name\": \"Ségou\" x}"); }, "", "line 1, column 18");
}

TEST_CASE("a directory is not a document") {
  require_input_error([] { io::load_problem("/"); }, "", "is a directory");
}

TEST_CASE("non-finite numbers are refused when writing, since they would not read back") {
  Problem p = io::problem_from_json(small_document());
  p.needs[0].skills[0].weight = std::numeric_limits<double>::infinity();
  require_input_error([&] { io::write_problem(p); }, "/needs/0/skills/0/weight", "non-finite");
}

TEST_CASE("dates the contract cannot write are validation issues") {
  Problem p = io::problem_from_json(small_document());
  p.experts[0].availability[0].start = Date{-30000};  // 1887-11-07
  const auto issues = validate_problem(p);
  REQUIRE_FALSE(issues.empty());
  CHECK(issues[0].pointer == "/experts/0/availability/0/start");
  CHECK_THAT(issues[0].message, Catch::Contains("from 1900-01-01 to 2999-12-31"));
}
