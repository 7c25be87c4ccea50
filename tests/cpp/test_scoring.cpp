// The pair scorer, its hard constraints and explanations (include/tokten/score).
#include <cmath>
#include <random>

#include <catch2/catch.hpp>

#include "support.hpp"
#include "tokten/score/explain.hpp"
#include "tokten/synth/demo.hpp"

using namespace tokten;
using namespace tokten::score;
using Catch::Matchers::Contains;

namespace {

Date day(const char* text) { return *parse_date(text); }

// A small taxonomy:   a ── a1 ── a11          b
//                      │     └── a12
//                      └── a2
Problem base_problem() {
  Problem p;
  p.name = "scoring";
  p.taxonomy.skills = {{"a", "A", std::nullopt}, {"a1", "A1", "a"},   {"a11", "A11", "a1"},
                       {"a12", "A12", "a1"},     {"a2", "A2", "a"},   {"b", "B", std::nullopt}};
  p.institutions = {{"inst-bko", "Hôpital de Bamako", InstitutionKind::hospital, "Bamako"},
                    {"inst-kay", "Hôpital de Kayes", InstitutionKind::hospital, "Kayes"}};
  Expert e;
  e.id = "exp-1";
  e.name = "Awa Traoré";
  e.residence_country = "FR";
  e.skills = {{"a1", 4}};
  e.languages = {{"fr", Cefr::C1}};
  e.sectors = {Sector::health};
  e.degrees = {{DegreeLevel::doctorate, "medicine"}};
  e.years_experience = 15;
  e.availability = {{day("2027-01-01"), day("2027-03-31")}};
  e.max_missions = 1;
  e.remote_possible = true;
  p.experts = {e};
  Need n;
  n.id = "need-1";
  n.institution = "inst-kay";
  n.sector = Sector::health;
  n.skills = {{"a1", true, 3, 1.0}};
  n.languages = {{"fr", Cefr::B2}};
  n.window = {day("2027-02-01"), day("2027-02-28")};
  n.duration_days = 14;
  n.priority = 1;
  p.needs = {n};
  return p;
}

struct Fixture {
  Problem problem = base_problem();
  ScoringContext context{problem};
  Expert expert = problem.experts[0];
  Need need = problem.needs[0];
  PairScore score() const { return score_pair(context, expert, need); }
  double term(Term t) const { return score_pair_full(context, context.compile(expert).view(), context.compile(need).view()).term(t); }
};

}  // namespace

TEST_CASE("the baseline pair meets everything: every term 1, score = equity multiplier") {
  Fixture f;
  const PairScore s = f.score();
  REQUIRE(s.feasible);
  CHECK(s.reason == Reason::none);
  for (double t : s.terms) CHECK(t == 1.0);
  CHECK(s.fit == 1.0);
  CHECK(s.priority_multiplier == 1.0);              // priority 1: 1 + 0.1 * 0
  CHECK(s.equity_multiplier == Approx(1.1));         // Kayes is not Bamako: 1 + 0.1
  CHECK(s.score == Approx(1.1));                     // 1 * 1 * 1.1
  // The index path (the problem's own items) gives the same numbers, bit for bit.
  const PairScore indexed = score_pair(f.context, std::size_t{0}, std::size_t{0});
  CHECK(indexed.score == s.score);
  CHECK(indexed.terms == s.terms);
}

TEST_CASE("taxonomy relations: same, more specific, broader (decay per generation), sibling, unrelated") {
  Fixture f;
  f.need.skills = {{"a1", false, 3, 1.0}};  // optional: the pair stays feasible, the term shows the credit
  auto credit_of = [&](const char* skill) {
    f.expert.skills = {{skill, 5}};
    return f.term(Term::skills);
  };
  CHECK(credit_of("a1") == 1.0);    // same skill
  CHECK(credit_of("a11") == 1.0);   // more specific (child of a1)
  CHECK(credit_of("a") == 0.5);     // broader, one generation: parent_decay = 0.5
  CHECK(credit_of("a2") == 0.3);    // sibling of a1: sibling_decay = 0.3
  CHECK(credit_of("b") == 0.0);     // unrelated root
  f.need.skills = {{"a11", false, 3, 1.0}};
  CHECK(credit_of("a") == 0.25);    // broader by two generations: 0.5^2
  CHECK(credit_of("a12") == 0.3);   // sibling of a11
  CHECK(credit_of("a2") == 0.0);    // an uncle is no sibling
  // The context answers the relation questions directly too.
  const auto& c = f.context;
  CHECK(c.covers(c.skill_index("a"), c.skill_index("a11")));
  CHECK_FALSE(c.covers(c.skill_index("a11"), c.skill_index("a")));
  CHECK(c.siblings(c.skill_index("a1"), c.skill_index("a2")));
  CHECK_FALSE(c.siblings(c.skill_index("a"), c.skill_index("b")));  // roots have no common parent
}

TEST_CASE("the policy's decays drive the related credit") {
  Problem p = base_problem();
  ScoringPolicy policy;
  policy.parent_decay = 0.8;
  policy.sibling_decay = 0.1;
  const ScoringContext c(p, policy);
  Expert e = p.experts[0];
  Need n = p.needs[0];
  n.skills = {{"a11", false, 3, 1.0}};
  e.skills = {{"a", 5}};
  CHECK(score_pair(c, e, n).term(Term::skills) == Approx(0.64));  // 0.8^2
  e.skills = {{"a12", 5}};
  CHECK(score_pair(c, e, n).term(Term::skills) == Approx(0.1));
}

TEST_CASE("level credit: 1 at or above the minimum, below_level_credit one below, 0 further") {
  Fixture f;
  f.need.skills = {{"a1", false, 3, 1.0}};
  auto at_level = [&](int level) {
    f.expert.skills = {{"a1", level}};
    return f.term(Term::skills);
  };
  CHECK(at_level(5) == 1.0);
  CHECK(at_level(3) == 1.0);
  CHECK(at_level(2) == 0.5);
  CHECK(at_level(1) == 0.0);
  // Related and short: the factors multiply. Parent a at level 2 for a1 min 3: 0.5 * 0.5.
  f.expert.skills = {{"a", 2}};
  CHECK(f.term(Term::skills) == Approx(0.25));
  CHECK(level_credit(ScoringPolicy{}, 4, 5) == 0.5);
  CHECK(level_credit(ScoringPolicy{}, 3, 5) == 0.0);
}

TEST_CASE("skills term: weighted mean of the requirements' best credits") {
  Fixture f;
  // a1 (weight 1) met exactly: 1; a2 (weight 3) met by level 2 < 3: 0.5; (1*1 + 3*0.5) / 4.
  f.need.skills = {{"a1", true, 3, 1.0}, {"a2", false, 3, 3.0}};
  f.expert.skills = {{"a1", 4}, {"a2", 2}};
  CHECK(f.term(Term::skills) == Approx(2.5 / 4));
  // The best of several skills counts: a11 at 5 beats a at 5 for a1.
  f.need.skills = {{"a1", false, 3, 1.0}};
  f.expert.skills = {{"a", 5}, {"a11", 5}};
  CHECK(f.term(Term::skills) == 1.0);
  // All weights 0: an unweighted mean (a1: 1, b: 0) / 2.
  f.need.skills = {{"a1", false, 3, 0.0}, {"b", false, 3, 0.0}};
  f.expert.skills = {{"a1", 4}};
  CHECK(f.term(Term::skills) == 0.5);
}

TEST_CASE("essential skills: same or more specific at the level, else infeasible") {
  Fixture f;
  f.need.skills = {{"a1", true, 4, 1.0}};
  f.expert.skills = {{"a1", 3}};
  PairScore s = f.score();
  CHECK_FALSE(s.feasible);
  CHECK(s.reason == Reason::essential_skill);
  CHECK(s.reason_item == 0);
  CHECK(s.score == 0.0);
  CHECK(reason_message(f.context, f.expert, f.need, s) ==
        "missing essential skill a1 at level 4 (expert exp-1 has level 3)");
  f.expert.skills = {{"a11", 4}};  // more specific, at level
  CHECK(f.score().feasible);
  f.expert.skills = {{"a", 5}};  // broader: partial credit, never essential
  CHECK(f.score().reason == Reason::essential_skill);
  f.expert.skills = {{"a2", 5}};  // sibling: same
  CHECK(f.score().reason == Reason::essential_skill);
  // The first essential requirement missing is named.
  f.need.skills = {{"a1", false, 4, 1.0}, {"b", true, 2, 1.0}, {"a2", true, 2, 1.0}};
  f.expert.skills = {{"a1", 4}};
  s = f.score();
  CHECK(s.reason_item == 1);
  CHECK_THAT(reason_message(f.context, f.expert, f.need, s), Contains("missing essential skill b at level 2"));
}

TEST_CASE("language: the first is the working language (hard), the others are a share") {
  Fixture f;
  f.need.languages = {{"fr", Cefr::B2}, {"bm", Cefr::B1}};
  f.expert.languages = {{"fr", Cefr::C1}};
  PairScore s = f.score();
  REQUIRE(s.feasible);
  CHECK(s.term(Term::language) == 0.5);  // fr met, bm not: 1 of 2
  f.expert.languages = {{"fr", Cefr::C1}, {"bm", Cefr::A2}};
  CHECK(f.score().term(Term::language) == 0.5);  // bm below B1
  f.expert.languages = {{"fr", Cefr::B2}, {"bm", Cefr::B1}};
  CHECK(f.score().term(Term::language) == 1.0);  // both exactly at level
  f.expert.languages = {{"fr", Cefr::B1}, {"bm", Cefr::C2}};
  s = f.score();
  CHECK(s.reason == Reason::working_language);
  CHECK(reason_message(f.context, f.expert, f.need, s) == "working language fr at B2 required; expert exp-1 has B1");
  f.expert.languages = {{"en", Cefr::C2}};
  s = f.score();
  CHECK(s.reason == Reason::working_language);
  CHECK_THAT(reason_message(f.context, f.expert, f.need, s), Contains("does not speak it"));
  // A language the problem never uses matches itself when expert and need are compiled together.
  f.need.languages = {{"es", Cefr::B2}};
  f.expert.languages = {{"es", Cefr::C1}};
  CHECK(f.score().feasible);
  f.need.languages = {};
  CHECK(f.score().term(Term::language) == 1.0);  // nothing required
}

TEST_CASE("sector, degree, experience and preferences terms") {
  Fixture f;
  f.expert.sectors = {Sector::education};
  CHECK(f.term(Term::sector) == 0.0);
  f.expert.sectors = {Sector::education, Sector::health};
  CHECK(f.term(Term::sector) == 1.0);

  f.expert.degrees = {{DegreeLevel::master, ""}};
  CHECK(f.term(Term::degree) == 0.7);
  f.expert.degrees = {{DegreeLevel::bachelor, ""}, {DegreeLevel::master, ""}};  // the highest counts
  CHECK(f.term(Term::degree) == 0.7);
  f.expert.degrees = {{DegreeLevel::bachelor, ""}};
  CHECK(f.term(Term::degree) == 0.4);
  f.expert.degrees = {{DegreeLevel::other, ""}};
  CHECK(f.term(Term::degree) == 0.2);
  f.expert.degrees = {};
  CHECK(f.term(Term::degree) == 0.2);

  f.expert.years_experience = 6;
  CHECK(f.term(Term::experience) == Approx(0.4));  // 6 / 15
  f.expert.years_experience = 30;
  CHECK(f.term(Term::experience) == 1.0);  // capped
  f.expert.years_experience = 0;
  CHECK(f.term(Term::experience) == 0.0);

  CHECK(f.term(Term::preferences) == 1.0);  // none stated: no penalty
  f.expert.preferences.regions = {"Sikasso"};
  CHECK(f.term(Term::preferences) == 0.0);  // the need is in Kayes
  f.expert.preferences.regions = {"Sikasso", "Kayes"};
  CHECK(f.term(Term::preferences) == 1.0);
  f.expert.preferences.regions = {"Atlantis"};  // no institution there: never matches
  CHECK(f.term(Term::preferences) == 0.0);
  f.expert.preferences.sectors = {Sector::health};  // region no, sector yes
  CHECK(f.term(Term::preferences) == 1.0);
  f.expert.preferences = {{}, {Sector::education}};
  CHECK(f.term(Term::preferences) == 0.0);
}

TEST_CASE("fit is the weighted mean of the terms") {
  Fixture f;
  f.expert.sectors = {};             // sector 0
  f.expert.years_experience = 6;     // experience 0.4
  f.expert.degrees = {};             // degree 0.2
  // fit = 0.55*1 + 0.10*1 + 0.10*0 + 0.05*0.2 + 0.10*0.4 + 0.10*1 = 0.80 (weights sum to 1)
  const PairScore s = f.score();
  CHECK(s.fit == Approx(0.80));
  CHECK(s.score == Approx(0.80 * 1.1));
  // Weights are relative: doubling them all changes nothing.
  ScoringPolicy doubled;
  for (const auto& field : kPolicyNumbers)
    if (field.name.ends_with("_weight")) doubled.*field.member *= 2;
  const ScoringContext c2(f.problem, doubled);
  CHECK(score_pair(c2, f.expert, f.need).fit == Approx(0.80));
  // Only the sector counts: fit = the sector term.
  ScoringPolicy sector_only;
  for (const auto& field : kPolicyNumbers)
    if (field.name.ends_with("_weight")) sector_only.*field.member = 0;
  sector_only.sector_weight = 1;
  CHECK(score_pair(ScoringContext(f.problem, sector_only), f.expert, f.need).fit == 0.0);
}

TEST_CASE("multipliers: priority steps and regional equity") {
  Fixture f;
  f.need.priority = 5;
  CHECK(f.score().priority_multiplier == Approx(1.4));  // 1 + 0.1 * 4
  f.need.priority = 3;
  CHECK(f.score().priority_multiplier == Approx(1.2));
  f.need.institution = "inst-bko";
  CHECK(f.score().equity_multiplier == 1.0);  // Bamako is the capital
  CHECK(f.score().score == Approx(1.2));     // fit 1 * 1.2 * 1
  ScoringPolicy kayes;
  kayes.capital_region = "Kayes";
  kayes.equity_bonus = 0.25;
  const ScoringContext c(f.problem, kayes);
  CHECK(score_pair(c, f.expert, f.need).equity_multiplier == 1.25);  // Bamako is now "outside"
  f.need.institution = "inst-kay";
  CHECK(score_pair(c, f.expert, f.need).equity_multiplier == 1.0);
}

TEST_CASE("availability: a window must share duration_days consecutive days with the need's") {
  Fixture f;  // need window 2027-02-01..2027-02-28, 14 days
  f.expert.availability = {{day("2027-01-01"), day("2027-02-14")}};  // shares Feb 1..14: exactly 14
  CHECK(f.score().feasible);
  f.expert.availability = {{day("2027-01-01"), day("2027-02-13")}};  // 13 days: one short
  PairScore s = f.score();
  CHECK(s.reason == Reason::availability);
  CHECK(reason_message(f.context, f.expert, f.need, s) ==
        "no availability window of expert exp-1 shares 14 consecutive days with the window of need need-1, "
        "2027-02-01..2027-02-28 (at most 13 days)");
  f.expert.availability = {{day("2027-02-15"), day("2027-03-10")}};  // Feb 15..28: 14 days
  CHECK(f.score().feasible);
  f.expert.availability = {{day("2027-02-16"), day("2027-03-10")}};
  CHECK(f.score().reason == Reason::availability);
  // Two windows of 7 days each: not 14 consecutive days...
  f.expert.availability = {{day("2027-02-01"), day("2027-02-07")}, {day("2027-02-09"), day("2027-02-15")}};
  CHECK(f.score().reason == Reason::availability);
  // ...but adjacent windows are one stretch of days: Feb 1..7 and Feb 8..14 are 14 days.
  f.expert.availability = {{day("2027-02-08"), day("2027-02-14")}, {day("2027-02-01"), day("2027-02-07")}};
  CHECK(f.score().feasible);
  f.expert.availability = {};
  s = f.score();
  CHECK(s.reason == Reason::availability);
  CHECK_THAT(reason_message(f.context, f.expert, f.need, s), Contains("(no common day)"));
}

TEST_CASE("capacity and mode") {
  Fixture f;
  f.expert.max_missions = 0;
  CHECK(f.score().reason == Reason::capacity);
  f.expert.max_missions = 2;
  f.expert.remote_possible = false;
  f.need.mode = MissionMode::remote;
  const PairScore s = f.score();
  CHECK(s.reason == Reason::mode);
  CHECK(reason_message(f.context, f.expert, f.need, s) ==
        "need need-1 is a remote mission and expert exp-1 cannot work remotely");
  f.need.mode = MissionMode::either;
  CHECK(f.score().feasible);
  f.need.mode = MissionMode::on_site;
  CHECK(f.score().feasible);
  f.expert.remote_possible = true;
  f.need.mode = MissionMode::remote;
  CHECK(f.score().feasible);
}

TEST_CASE("thesis supervision requires a doctorate") {
  Fixture f;
  f.need.thesis_supervision = true;
  CHECK(f.score().feasible);
  f.expert.degrees = {{DegreeLevel::master, ""}};
  const PairScore s = f.score();
  CHECK(s.reason == Reason::doctorate);
  CHECK(reason_message(f.context, f.expert, f.need, s) == "thesis supervision requires a doctorate; expert exp-1 has none");
}

TEST_CASE("the first failed constraint: capacity, mode, availability, language, doctorate, skills") {
  Fixture f;
  f.need.mode = MissionMode::remote;
  f.need.thesis_supervision = true;
  f.need.skills = {{"b", true, 3, 1.0}};
  f.expert.max_missions = 0;
  f.expert.remote_possible = false;
  f.expert.availability = {};
  f.expert.languages = {};
  f.expert.degrees = {};
  CHECK(f.score().reason == Reason::capacity);
  f.expert.max_missions = 1;
  CHECK(f.score().reason == Reason::mode);
  f.expert.remote_possible = true;
  CHECK(f.score().reason == Reason::availability);
  f.expert.availability = {{day("2027-01-01"), day("2027-12-31")}};
  CHECK(f.score().reason == Reason::working_language);
  f.expert.languages = {{"fr", Cefr::C2}};
  CHECK(f.score().reason == Reason::doctorate);
  f.expert.degrees = {{DegreeLevel::doctorate, ""}};
  CHECK(f.score().reason == Reason::essential_skill);
  f.expert.skills = {{"b", 3}};
  CHECK(f.score().feasible);
}

TEST_CASE("infeasible pairs score 0 on the hot path; the full path keeps the terms") {
  Fixture f;
  f.expert.max_missions = 0;
  const auto e = f.context.compile(f.expert);
  const auto n = f.context.compile(f.need);
  const PairScore fast = score_pair(f.context, e.view(), n.view());
  CHECK(fast.score == 0.0);
  CHECK(fast.fit == 0.0);
  const PairScore full = score_pair_full(f.context, e.view(), n.view());
  CHECK(full.reason == Reason::capacity);
  CHECK(full.score == 0.0);
  CHECK(full.fit == 1.0);  // everything else is met
  CHECK(feasibility(f.context, e.view(), n.view()) == Reason::capacity);
}

TEST_CASE("explain: term by term in words, the skills matched and the days that fit") {
  Fixture f;
  f.need.skills = {{"a1", true, 3, 2.0}, {"a11", false, 4, 1.0}, {"a2", false, 3, 1.0}, {"b", false, 2, 1.0}};
  f.expert.skills = {{"a1", 4}, {"a12", 5}};
  f.expert.availability = {{day("2027-02-10"), day("2027-04-30")}};
  const Explanation x = explain(f.context, f.expert, f.need);
  REQUIRE(x.feasible);
  REQUIRE(x.skills.size() == 4);
  CHECK(x.skills[0].matched_by == "a1");
  CHECK(x.skills[0].relation == Relation::exact);
  CHECK(x.skills[0].met);
  // a11 at 4: a1 is broader by one level (0.5 * 1) and beats the sibling a12 (0.3).
  CHECK(x.skills[1].matched_by == "a1");
  CHECK(x.skills[1].relation == Relation::broader);
  CHECK(x.skills[1].generations == 1);
  CHECK(x.skills[1].credit == Approx(0.5));
  CHECK_FALSE(x.skills[1].met);
  // a2: a1 is its sibling (0.3); a12 is no relation.
  CHECK(x.skills[2].matched_by == "a1");
  CHECK(x.skills[2].relation == Relation::sibling);
  CHECK(x.skills[2].credit == Approx(0.3));
  CHECK(x.skills[3].matched_by.empty());
  CHECK(x.skills[3].credit == 0.0);
  // skills term = (2*1 + 1*0.5 + 1*0.3 + 1*0) / 5 = 0.56
  CHECK(x.terms[0].name == "skills");
  CHECK(x.terms[0].value == Approx(0.56));
  REQUIRE(x.terms.size() == 8);
  CHECK(x.terms[6].name == "priority");
  CHECK(x.terms[7].name == "equity");
  CHECK(x.terms[7].value == Approx(1.1));
  REQUIRE(x.available);
  CHECK(*x.available == DateWindow{day("2027-02-10"), day("2027-02-28")});  // 19 days hold 14
  // Same numbers as the scorer.
  const PairScore s = f.score();
  CHECK(x.score == s.score);
  CHECK(x.fit == s.fit);
  const std::string text = to_string(x);
  INFO(text);
  CHECK_THAT(text, Contains("expert exp-1 for need need-1: feasible"));
  CHECK_THAT(text, Contains("a11 (optional, level >= 4, weight 1.00): a1 at level 4, broader field (1 level up"));
  CHECK_THAT(text, Contains("a2 (optional, level >= 3, weight 1.00): a1 at level 4, sibling field"));
  CHECK_THAT(text, Contains("b (optional, level >= 2, weight 1.00): not covered"));
  CHECK_THAT(text, Contains("2027-02-10..2027-02-28 (19 days) holds the 14-day mission"));
  CHECK_THAT(text, Contains("Kayes is outside the capital region Bamako"));
  const auto json = explanation_to_json(x);
  CHECK(json["skills"][2]["relation"] == "sibling");
  CHECK(json["available"]["days"] == 19);
  CHECK(json["reason"] == "none");
}

TEST_CASE("explain an infeasible pair: the first constraint, and what it would score") {
  Fixture f;
  f.need.skills = {{"a1", true, 5, 1.0}};
  const Explanation x = explain(f.context, f.expert, f.need);
  CHECK_FALSE(x.feasible);
  CHECK(x.reason == Reason::essential_skill);
  CHECK(x.score == 0.0);
  CHECK(x.message == "missing essential skill a1 at level 5 (expert exp-1 has level 4)");
  // The skill term: a1 at 4 for 5: below_level_credit 0.5; fit = 0.55*0.5 + 0.45 = 0.725.
  CHECK(x.fit == Approx(0.725));
  CHECK(x.score_if_feasible == Approx(0.725 * 1.1));
  const std::string text = to_string(x);
  CHECK_THAT(text, Contains("NOT FEASIBLE (essential_skill): missing essential skill a1 at level 5"));
  CHECK_THAT(text, Contains("below the minimum"));
}

TEST_CASE("bad input is named: unknown skills, institutions, invalid policies") {
  Problem p = base_problem();
  p.experts[0].skills = {{"zz", 3}};
  require_input_error([&] { ScoringContext c(p); }, "/experts/0/skills/0/skill", "unknown skill id \"zz\"");
  p = base_problem();
  p.needs[0].skills.push_back({"nursing", true, 3, 1.0});
  require_input_error([&] { ScoringContext c(p); }, "/needs/0/skills/1/skill", "unknown skill id \"nursing\"");

  const ScoringContext c(base_problem());
  Expert e = base_problem().experts[0];
  e.skills = {{"a1", 3}, {"zz", 3}};
  require_input_error([&] { (void)c.compile(e); }, "/skills/1/skill", "expert \"exp-1\": unknown skill id \"zz\"");
  e.skills = {{"a1", 9}};
  require_input_error([&] { (void)c.compile(e); }, "/skills/0/level", "from 1 to 5, got 9");
  Need n = base_problem().needs[0];
  n.institution = "inst-0";
  require_input_error([&] { (void)c.compile(n); }, "/institution", "need \"need-1\": unknown institution id");
  n = base_problem().needs[0];
  n.skills[0].weight = std::nan("");
  require_input_error([&] { (void)c.compile(n); }, "/skills/0/weight", "finite weight");
  n = base_problem().needs[0];
  n.priority = 7;
  require_input_error([&] { (void)c.compile(n); }, "/priority", "from 1 to 5");

  ScoringPolicy policy;
  policy.sibling_decay = -0.1;
  require_input_error([&] { ScoringContext bad(base_problem(), policy); }, "/sibling_decay", "from 0 to 1");
  policy = {};
  policy.skills_weight = std::nan("");
  require_input_error([&] { ScoringContext bad(base_problem(), policy); }, "/skills_weight", "got NaN");
  policy = {};
  policy.full_experience_years = 0;
  require_input_error([&] { check_policy(policy); }, "/full_experience_years", "> 0");
  policy = {};
  policy.equity_bonus = INFINITY;
  require_input_error([&] { check_policy(policy); }, "/equity_bonus", "got inf");
  policy = {};
  for (const auto& field : kPolicyNumbers)
    if (field.name.ends_with("_weight")) policy.*field.member = 0;
  require_input_error([&] { check_policy(policy); }, "", "at least one term weight > 0");
  policy = {};
  policy.capital_region = "";
  require_input_error([&] { check_policy(policy); }, "/capital_region", "non-empty");
  CHECK(validate_policy(ScoringPolicy{}).empty());
}

namespace {

ScoringPolicy random_policy(std::mt19937_64& rng) {
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  ScoringPolicy p;
  for (const auto& field : kPolicyNumbers) {
    const double high = std::min(field.max, 3.0);
    double v = field.min + unit(rng) * (high - field.min);
    if (unit(rng) < 0.15) v = field.min_exclusive ? high : field.min;  // edges: zeros
    p.*field.member = v;
  }
  p.skills_weight += 1e-3;  // at least one weight > 0
  return p;
}

}  // namespace

TEST_CASE("thousands of demo pairs: never NaN, fit in [0, 1], score within its multipliers") {
  const Problem demo = synth::demo_problem({7, 120, 30, 60});
  std::mt19937_64 rng(11);
  for (int round = 0; round < 6; ++round) {
    const ScoringPolicy policy = round == 0 ? ScoringPolicy{} : random_policy(rng);
    const ScoringContext c(demo, policy);
    const double cap = (1 + policy.priority_step * 4) * (1 + policy.equity_bonus);
    std::size_t feasible = 0;
    for (std::size_t e = 0; e < c.expert_count(); ++e)
      for (std::size_t n = 0; n < c.need_count(); ++n) {
        const PairScore s = score_pair(c, e, n);
        const PairScore full = score_pair_full(c, c.expert(e), c.need(n));
        REQUIRE(std::isfinite(s.score));
        REQUIRE(std::isfinite(full.fit));
        REQUIRE(full.fit >= 0.0);
        REQUIRE(full.fit <= 1.0);
        for (double t : full.terms) REQUIRE((t >= 0.0 && t <= 1.0));
        REQUIRE(s.score >= 0.0);
        REQUIRE(s.score <= cap * (1 + 1e-12));
        REQUIRE(s.feasible == full.feasible);
        REQUIRE(s.reason == full.reason);
        if (s.feasible) {
          ++feasible;
          REQUIRE(s.score == full.score);
        }
      }
    INFO("round " << round << ": " << feasible << " feasible pairs of " << c.expert_count() * c.need_count());
    CHECK(feasible > 0);  // the demo is not all infeasible: the checks above saw real scores
  }
}

TEST_CASE("deterministic: the same inputs give the same bits, by index, by object and explained") {
  const Problem demo = synth::demo_problem({3, 80, 20, 40});
  const ScoringContext a(demo), b(demo);
  for (std::size_t e = 0; e < demo.experts.size(); e += 7)
    for (std::size_t n = 0; n < demo.needs.size(); ++n) {
      const PairScore x = score_pair(a, e, n);
      const PairScore y = score_pair(b, e, n);
      const PairScore z = score_pair(a, demo.experts[e], demo.needs[n]);
      REQUIRE(x.score == y.score);
      REQUIRE(x.score == z.score);
      REQUIRE(x.terms == z.terms);
      REQUIRE(x.reason == z.reason);
      const Explanation ex = explain(a, e, n);
      REQUIRE(ex.score == x.score);
      REQUIRE(ex.feasible == x.feasible);
      REQUIRE(ex.message == reason_message(a, demo.experts[e], demo.needs[n], x));
      REQUIRE(to_string(ex) == to_string(explain(b, demo.experts[e], demo.needs[n])));
    }
}
