// The domain model: dates, scales, vocabularies, cross-reference checks and summaries.
#include <cmath>
#include <limits>

#include <catch2/catch.hpp>

#include "support.hpp"
#include "tokten/model/summary.hpp"
#include "tokten/model/validate.hpp"
#include "tokten/synth/demo.hpp"

using namespace tokten;

namespace {

/// A tiny valid round: two skills, one institution, one expert, one need.
Problem tiny() {
  Problem p;
  p.name = "tiny";
  p.taxonomy.skills = {{"isced:09", "Health and welfare", std::nullopt},
                       {"isced:0912", "Medicine", "isced:09"}};
  p.institutions = {{"inst-1", "CHU du Point G", InstitutionKind::hospital, "Bamako"}};
  Expert e;
  e.id = "exp-1";
  e.name = "Aminata Traoré";
  e.residence_country = "FR";
  e.skills = {{"isced:0912", 4}};
  e.languages = {{"fr", Cefr::C2}};
  e.availability = {{*parse_date("2027-01-01"), *parse_date("2027-03-31")}};
  p.experts = {e};
  Need n;
  n.id = "need-1";
  n.institution = "inst-1";
  n.sector = Sector::health;
  n.skills = {{"isced:0912", true, 3, 1.0}};
  n.languages = {{"fr", Cefr::B2}};
  n.window = {*parse_date("2027-02-01"), *parse_date("2027-02-28")};
  n.duration_days = 14;
  p.needs = {n};
  return p;
}

void require_issue(const Problem& p, const std::string& pointer, const std::string& fragment) {
  const auto issues = validate_problem(p);
  REQUIRE_FALSE(issues.empty());
  bool found = false;
  for (const InputIssue& i : issues) found = found || (i.pointer == pointer && i.message.find(fragment) != std::string::npos);
  INFO("first issue: " << issues.front().what());
  CHECK(found);
  require_input_error([&] { check_problem(p); }, issues.front().pointer, issues.front().message);
}

}  // namespace

TEST_CASE("dates parse, print and order as calendar days") {
  REQUIRE(parse_date("1970-01-01")->days == 0);
  REQUIRE(parse_date("2027-03-01")->days - parse_date("2027-02-28")->days == 1);
  REQUIRE(parse_date("2028-03-01")->days - parse_date("2028-02-28")->days == 2);  // leap year
  CHECK(to_string(*parse_date("2026-11-26")) == "2026-11-26");
  for (const char* bad : {"", "2026-02-30", "2026-13-01", "2026-1-01", "26-01-01", "2026/01/01",
                          "2026-01-0x", "1899-12-31", "2026-01-01T00:00"})
    CHECK_FALSE(parse_date(bad).has_value());
  const DateWindow w{*parse_date("2027-01-01"), *parse_date("2027-01-31")};
  CHECK(w.length_days() == 31);
  CHECK(w.contains({*parse_date("2027-01-10"), *parse_date("2027-01-31")}));
  CHECK_FALSE(w.contains({*parse_date("2027-01-10"), *parse_date("2027-02-01")}));
  CHECK(w.overlaps({*parse_date("2027-01-31"), *parse_date("2027-02-05")}));
  CHECK_FALSE(w.overlaps({*parse_date("2027-02-01"), *parse_date("2027-02-05")}));
}

TEST_CASE("scales and vocabularies spell as the JSON contract does") {
  CHECK(parse_cefr("B2") == Cefr::B2);
  CHECK_FALSE(parse_cefr("b2").has_value());
  CHECK(Cefr::A1 < Cefr::C2);
  for (const auto& name : kCefrNames) CHECK(to_string(*parse_cefr(name)) == name);
  CHECK(is_proficiency(1));
  CHECK(is_proficiency(5));
  CHECK_FALSE(is_proficiency(0));
  CHECK_FALSE(is_proficiency(6));
  CHECK(proficiency_name(5) == "expert");
  for (const auto& name : Spelling<Sector>::names) CHECK(to_string(*parse_enum<Sector>(name)) == name);
  for (const auto& name : Spelling<InstitutionKind>::names)
    CHECK(to_string(*parse_enum<InstitutionKind>(name)) == name);
  CHECK_FALSE(parse_enum<MissionMode>("onsite").has_value());
  CHECK(spelling_list<MissionMode>() == R"(one of "on_site", "remote", "either")");
}

TEST_CASE("a valid round has no issues") { CHECK(validate_problem(tiny()).empty()); }

TEST_CASE("duplicate ids are located at the second use") {
  Problem p = tiny();
  p.experts.push_back(p.experts[0]);
  require_issue(p, "/experts/1/id", "duplicate id \"exp-1\" (first used at /experts/0)");
}

TEST_CASE("unknown skill ids are located") {
  Problem p = tiny();
  p.experts[0].skills.push_back({"isced:9999", 3});
  require_issue(p, "/experts/0/skills/1/skill", "unknown skill id \"isced:9999\"");
  Problem q = tiny();
  q.needs[0].skills[0].skill = "nope";
  require_issue(q, "/needs/0/skills/0/skill", "unknown skill id \"nope\"");
}

TEST_CASE("a dangling institution is located") {
  Problem p = tiny();
  p.needs[0].institution = "inst-404";
  require_issue(p, "/needs/0/institution", "unknown institution id \"inst-404\"");
}

TEST_CASE("a taxonomy with a cycle or an unknown parent is rejected") {
  Problem p = tiny();
  p.taxonomy.skills[0].parent = "isced:0912";
  require_issue(p, "/taxonomy/skills/0/parent", "cycle in the taxonomy");
  Problem self = tiny();
  self.taxonomy.skills[1].parent = "isced:0912";
  require_issue(self, "/taxonomy/skills/1/parent", "cycle in the taxonomy through skill \"isced:0912\"");
  Problem q = tiny();
  q.taxonomy.skills[1].parent = "isced:99";
  require_issue(q, "/taxonomy/skills/1/parent", "unknown skill id \"isced:99\"");
}

TEST_CASE("values outside their range are located") {
  Problem level = tiny();
  level.experts[0].skills[0].level = 7;
  require_issue(level, "/experts/0/skills/0/level", "from 1 to 5, got 7");
  Problem nan = tiny();
  nan.needs[0].skills[0].weight = std::numeric_limits<double>::quiet_NaN();
  require_issue(nan, "/needs/0/skills/0/weight", "expected a finite weight >= 0");
  Problem negative = tiny();
  negative.needs[0].skills[0].weight = -1;
  require_issue(negative, "/needs/0/skills/0/weight", "expected a finite weight >= 0");
  Problem seats = tiny();
  seats.needs[0].seats = 0;
  require_issue(seats, "/needs/0/seats", "at least 1 seat");
  Problem priority = tiny();
  priority.needs[0].priority = 9;
  require_issue(priority, "/needs/0/priority", "from 1 to 5");
  Problem missions = tiny();
  missions.experts[0].max_missions = -1;
  require_issue(missions, "/experts/0/max_missions", ">= 0");
  Problem country = tiny();
  country.experts[0].residence_country = "France";
  require_issue(country, "/experts/0/residence_country", "ISO 3166-1");
  Problem language = tiny();
  language.needs[0].languages[0].language = "French";
  require_issue(language, "/needs/0/languages/0/language", "ISO 639");
}

TEST_CASE("windows must be ordered and hold the mission") {
  Problem reversed = tiny();
  std::swap(reversed.needs[0].window.start, reversed.needs[0].window.end);
  require_issue(reversed, "/needs/0/window", "window ends (2027-02-01) before it starts (2027-02-28)");
  Problem short_window = tiny();
  short_window.needs[0].duration_days = 29;
  require_issue(short_window, "/needs/0/duration_days", "lasts 29 days but its window holds only 28");
  Problem availability = tiny();
  std::swap(availability.experts[0].availability[0].start, availability.experts[0].availability[0].end);
  require_issue(availability, "/experts/0/availability/0", "before it starts");
}

TEST_CASE("a need without required skills is rejected") {
  Problem p = tiny();
  p.needs[0].skills.clear();
  require_issue(p, "/needs/0/skills", "at least one required skill");
}

TEST_CASE("every issue is reported, and the exception counts the rest") {
  Problem p = tiny();
  p.needs[0].institution = "x";
  p.needs[0].seats = 0;
  p.experts[0].skills[0].level = 0;
  const auto issues = validate_problem(p);
  CHECK(issues.size() == 3);
  require_input_error([&] { check_problem(p); }, "/experts/0/skills/0/level", "(and 2 more)");
  CHECK(validate_problem(p, 1).size() == 1);
}

TEST_CASE("assignments are checked against their problem") {
  const Problem p = tiny();
  Assignment a;
  a.pairs = {{"exp-1", "need-1", 0.9, {}}};
  CHECK(validate_assignment(p, a).empty());
  a.pairs.push_back({"exp-1", "need-1", 0.9, {}});
  auto issues = validate_assignment(p, a);
  REQUIRE(issues.size() == 3);  // twice the same pair, over max_missions, over the seats
  CHECK(issues[0].pointer == "/pairs/1");
  CHECK(issues[1].message.find("max_missions") != std::string::npos);
  CHECK(issues[2].message.find("seats") != std::string::npos);
  Assignment unknown;
  unknown.pairs = {{"exp-9", "need-1", 0.5, {}}};
  unknown.unfilled = {{"need-9", 1, UnfilledReason::other, "", {}}};
  issues = validate_assignment(p, unknown);
  REQUIRE(issues.size() == 2);
  CHECK(issues[0].pointer == "/pairs/0/expert");
  CHECK(issues[1].pointer == "/unfilled/0/need");
}

TEST_CASE("the summary counts the round") {
  const Problem p = synth::demo_problem({.seed = 3});
  const ProblemSummary s = summarize(p);
  long long seats = 0, capacity = 0;
  for (const Need& n : p.needs) seats += n.seats;
  for (const Expert& e : p.experts) capacity += e.max_missions;
  CHECK(s.experts == p.experts.size());
  CHECK(s.needs == p.needs.size());
  CHECK(s.seats == seats);
  CHECK(s.expert_capacity == capacity);
  std::size_t by_sector = 0;
  for (const auto& [sector, count] : s.needs_by_sector) by_sector += count;
  CHECK(by_sector == p.needs.size());
  const std::string text = format_summary(p);
  CHECK_THAT(text, Catch::Contains("650 (capacity " + std::to_string(capacity)));
  CHECK_THAT(text, Catch::Contains("requesting " + std::to_string(seats) + " seats"));
}
