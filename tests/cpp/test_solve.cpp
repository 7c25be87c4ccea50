// The end-to-end solve (include/tokten/solve.hpp) and the unfilled-seat analysis
// (include/tokten/score/unfilled.hpp): the demo round checked pair by pair, the optimum checked
// against brute force, each unfilled reason and each fix kind on a hand-made round.
#include <algorithm>
#include <map>
#include <random>
#include <set>

#include <catch2/catch.hpp>

#include "support.hpp"
#include "tokten/io/assignment_json.hpp"
#include "tokten/model/validate.hpp"
#include "tokten/solve.hpp"
#include "tokten/synth/demo.hpp"
#include "test_scale.hpp"

using namespace tokten;
using namespace tokten::score;
using Catch::Matchers::Contains;

namespace {

Date day(const char* text) { return *parse_date(text); }
DateWindow window(const char* a, const char* b) { return {day(a), day(b)}; }

// Taxonomy:   a ── a1 ── a11        b
//             │     └── a12
//             └── a2
Problem base_problem() {
  Problem p;
  p.name = "hand-made";
  p.taxonomy.skills = {{"a", "A", std::nullopt}, {"a1", "A1", "a"},   {"a11", "A11", "a1"},
                       {"a12", "A12", "a1"},     {"a2", "A2", "a"},   {"b", "B", std::nullopt}};
  p.institutions = {{"inst-bko", "Hôpital de Bamako", InstitutionKind::hospital, "Bamako"},
                    {"inst-kay", "Hôpital de Kayes", InstitutionKind::hospital, "Kayes"}};
  return p;
}

Expert make_expert(const std::string& id, int level = 4, DateWindow available = window("2027-01-01", "2027-12-31")) {
  Expert e;
  e.id = id;
  e.name = "Expert " + id;
  e.residence_country = "FR";
  e.skills = {{"a1", level}};
  e.languages = {{"fr", Cefr::C1}};
  e.sectors = {Sector::health};
  e.degrees = {{DegreeLevel::master, "medicine"}};
  e.years_experience = 10;
  e.availability = {available};
  e.max_missions = 1;
  return e;
}

Need make_need(const std::string& id, DateWindow w = window("2027-02-01", "2027-02-28"), int seats = 1) {
  Need n;
  n.id = id;
  n.institution = "inst-kay";
  n.sector = Sector::health;
  n.skills = {{"a1", true, 3, 1.0}};
  n.languages = {{"fr", Cefr::B2}};
  n.window = w;
  n.duration_days = 14;
  n.seats = seats;
  n.priority = 3;
  return n;
}

const UnfilledSeats* unfilled_of(const Assignment& a, const std::string& need) {
  for (const UnfilledSeats& u : a.unfilled)
    if (u.need == need) return &u;
  return nullptr;
}

int filled(const Assignment& a, const std::string& need) {
  return static_cast<int>(std::count_if(a.pairs.begin(), a.pairs.end(), [&](const AssignedPair& p) { return p.need == need; }));
}

// Every property an assignment of `problem` must have.
void check_assignment(const Problem& problem, const Assignment& a, const ScoringPolicy& policy = {}) {
  const ScoringContext c(problem, policy);
  REQUIRE(validate_assignment(problem, a).empty());
  std::map<std::string, std::vector<std::size_t>> missions;
  std::map<std::string, int> seats;
  std::set<std::pair<std::string, std::string>> chosen;
  double total = 0;
  for (const AssignedPair& p : a.pairs) {
    const auto e = static_cast<std::size_t>(c.find_expert(p.expert));
    const auto n = static_cast<std::size_t>(c.find_need(p.need));
    const PairScore s = score_pair(c, e, n);
    INFO(p.expert << " -> " << p.need);
    CHECK(s.feasible);
    CHECK(p.score == s.score);
    total += p.score;
    missions[p.expert].push_back(n);
    ++seats[p.need];
    chosen.insert({p.expert, p.need});
  }
  CHECK(a.total_score == Approx(total).epsilon(1e-12));
  for (const auto& [expert, needs] : missions) {
    CHECK(static_cast<int>(needs.size()) <= problem.experts[static_cast<std::size_t>(c.find_expert(expert))].max_missions);
    for (std::size_t i = 0; i < needs.size(); ++i)
      for (std::size_t j = i + 1; j < needs.size(); ++j) {
        INFO(expert << " on " << c.need_id(needs[i]) << " and " << c.need_id(needs[j]));
        CHECK_FALSE(windows_overlap(problem.needs[needs[i]].window, problem.needs[needs[j]].window));
      }
  }
  for (const Need& n : problem.needs) {
    CHECK(seats[n.id] <= n.seats);
    const UnfilledSeats* u = unfilled_of(a, n.id);
    CHECK((u ? u->seats : 0) == n.seats - seats[n.id]);
  }
  for (const NeedAlternates& alt : a.alternates) {
    for (std::size_t k = 0; k < alt.experts.size(); ++k) {
      CHECK_FALSE(chosen.count({alt.experts[k].expert, alt.need}));
      const PairScore s = score_pair(c, static_cast<std::size_t>(c.find_expert(alt.experts[k].expert)),
                                     static_cast<std::size_t>(c.find_need(alt.need)));
      CHECK(s.feasible);
      CHECK(alt.experts[k].score == s.score);
      if (k > 0) CHECK(alt.experts[k - 1].score >= alt.experts[k].score);
    }
  }
}

}  // namespace

TEST_CASE("the demo round end to end: feasible pairs, capacities, seats, no overlapping windows, deterministic") {
  const Problem problem = synth::demo_problem({});
  const SolveReport report = solve_report(problem);
  const Assignment& a = report.assignment;
  REQUIRE(a.status != SolveStatus::infeasible);
  REQUIRE(a.pairs.size() > 50);
  check_assignment(problem, a);
  CHECK(a.problem == problem.name);
  CHECK(report.seats_filled == static_cast<std::int64_t>(a.pairs.size()));
  CHECK(report.bound >= a.total_score - 1e-9);
  for (const AssignedPair& p : a.pairs) {
    REQUIRE(p.terms.size() == kTermCount + 2);  // the six terms, priority, equity
    CHECK(p.terms[0].name == "skills");
  }
  for (const UnfilledSeats& u : a.unfilled) CHECK_FALSE(u.detail.empty());
  CHECK_FALSE(a.alternates.empty());
  // Deterministic, and the document reads back the same.
  CHECK(solve(problem) == a);
  CHECK(io::read_assignment(io::write_assignment(a)) == a);
  // The other objective fills at least as many seats.
  SolveOptions seats_first;
  seats_first.objective = Objective::max_seats_then_weight;
  const Assignment b = solve(problem, seats_first);
  check_assignment(problem, b);
  CHECK(b.objective == Objective::max_seats_then_weight);
  if (a.status == SolveStatus::optimal && b.status == SolveStatus::optimal) {
    CHECK(b.pairs.size() >= a.pairs.size());
    CHECK(b.total_score <= a.total_score + 1e-9);
  }
  const std::string summary = format_solve_summary(report);
  CHECK_THAT(summary, Contains(std::to_string(a.pairs.size()) + " pairs"));
  CHECK_THAT(summary, Contains("seats filled"));
}

TEST_CASE("k >= experts: the total is the optimum over all feasible pairs (brute force and a dense b-matching)") {
  std::mt19937 rng(20270101);
  const std::array<const char*, 4> skills{"a1", "a11", "a2", "b"};
  int compared = 0;
  for (int round = 0; round < 120; ++round) {
    Problem p = base_problem();
    std::uniform_int_distribution<int> pick(0, 3), level(2, 5), start(0, 80), span(14, 50), count(1, 3);
    const int experts = 2 + round % 4;
    for (int i = 0; i < experts; ++i) {
      Expert e = make_expert("e" + std::to_string(i), level(rng));
      e.skills = {{skills[static_cast<std::size_t>(pick(rng))], level(rng)}};
      if (pick(rng) == 0) e.skills.push_back({"a12", level(rng)});
      e.max_missions = count(rng);
      e.years_experience = start(rng) % 20;
      p.experts.push_back(e);
    }
    const int needs = 1 + round % 3;
    for (int j = 0; j < needs; ++j) {
      const Date s{day("2027-01-01").days + start(rng)};
      Need n = make_need("n" + std::to_string(j), {s, Date{s.days + span(rng)}}, count(rng));
      n.skills = {{skills[static_cast<std::size_t>(pick(rng))], pick(rng) == 0, level(rng), 1.0}};
      n.priority = 1 + pick(rng);
      n.institution = pick(rng) < 2 ? "inst-kay" : "inst-bko";
      p.needs.push_back(n);
    }
    const ScoringContext c(p);
    struct Pair { std::size_t e, n; double w; };
    std::vector<Pair> feasible;
    for (std::size_t e = 0; e < c.expert_count(); ++e)
      for (std::size_t n = 0; n < c.need_count(); ++n) {
        const PairScore s = score_pair(c, e, n);
        if (s.feasible) feasible.push_back({e, n, s.score});
      }
    if (feasible.size() > 14) continue;
    // Brute force: every subset of the feasible pairs meeting capacities, seats and dates.
    double best = 0;
    std::size_t best_count = 0;
    double best_count_weight = 0;
    for (std::uint32_t mask = 0; mask < (1u << feasible.size()); ++mask) {
      std::vector<int> load(c.expert_count()), taken(c.need_count());
      std::vector<std::vector<std::size_t>> on(c.expert_count());
      bool ok = true;
      double w = 0;
      std::size_t k = 0;
      for (std::size_t i = 0; i < feasible.size() && ok; ++i) {
        if (!(mask >> i & 1u)) continue;
        const Pair& q = feasible[i];
        ok = ++load[q.e] <= p.experts[q.e].max_missions && ++taken[q.n] <= p.needs[q.n].seats;
        for (const std::size_t other : on[q.e]) ok = ok && !windows_overlap(p.needs[other].window, p.needs[q.n].window);
        on[q.e].push_back(q.n);
        w += q.w;
        ++k;
      }
      if (!ok) continue;
      best = std::max(best, w);
      if (k > best_count || (k == best_count && w > best_count_weight)) {
        best_count = k;
        best_count_weight = w;
      }
    }
    SolveOptions options;
    options.candidates_per_need = experts;
    const Assignment a = solve(p, options);
    check_assignment(p, a);
    CHECK(a.total_score <= best + 1e-9);
    if (a.status == SolveStatus::optimal) CHECK(a.total_score == Approx(best).margin(1e-9));
    // The engine on the dense graph of all feasible pairs agrees with the end-to-end total.
    match::CapacitatedProblem flow;
    std::vector<match::BipartiteGraph::Triplet> triplets;
    for (const Pair& q : feasible) triplets.push_back({static_cast<std::int64_t>(q.e), static_cast<std::int64_t>(q.n), q.w});
    flow.graph = match::BipartiteGraph::from_triplets(experts, needs, triplets);
    for (const Expert& e : p.experts) flow.row_capacity.push_back(e.max_missions);
    for (const Need& n : p.needs) {
      flow.col_capacity.push_back(n.seats);
      flow.col_interval.push_back({n.window.start.days, n.window.end.days});
    }
    CHECK(match::solve_capacitated_assignment(flow).total == Approx(a.total_score).margin(1e-9));

    options.objective = Objective::max_seats_then_weight;
    const Assignment b = solve(p, options);
    check_assignment(p, b);
    if (b.status == SolveStatus::optimal) {
      CHECK(b.pairs.size() == best_count);
      CHECK(b.total_score == Approx(best_count_weight).margin(1e-9));
    }
    ++compared;
  }
  CHECK(compared > 60);
}

TEST_CASE("unfilled: no_feasible_expert counts the first failures") {
  Problem p = base_problem();
  p.experts = {make_expert("e1"), make_expert("e2")};
  Need n = make_need("n1");
  n.skills = {{"b", true, 3, 1.0}};
  p.needs = {n};
  const Assignment a = solve(p);
  REQUIRE(a.pairs.empty());
  const UnfilledSeats* u = unfilled_of(a, "n1");
  REQUIRE(u);
  CHECK(u->reason == UnfilledReason::no_feasible_expert);
  CHECK(u->seats == 1);
  CHECK_THAT(u->detail, Contains("essential_skill 2 experts"));
  CHECK(a.alternates.empty());
}

TEST_CASE("unfilled: the seats beyond the feasible experts, who all serve the need") {
  Problem p = base_problem();
  p.experts = {make_expert("e1")};
  p.needs = {make_need("n1", window("2027-02-01", "2027-02-28"), 3)};
  const Assignment a = solve(p);
  check_assignment(p, a);
  REQUIRE(a.pairs.size() == 1);
  const UnfilledSeats* u = unfilled_of(a, "n1");
  REQUIRE(u);
  CHECK(u->seats == 2);
  CHECK(u->reason == UnfilledReason::no_feasible_expert);
  CHECK_THAT(u->detail, Contains("every feasible candidate (1) already serves this need"));
}

TEST_CASE("unfilled: experts_taken names where the feasible experts went") {
  Problem p = base_problem();
  p.experts = {make_expert("e1")};
  Need urgent = make_need("urgent", window("2027-02-01", "2027-02-28"));
  urgent.priority = 5;
  Need later = make_need("later", window("2027-05-01", "2027-05-31"));
  later.priority = 1;
  p.needs = {urgent, later};
  const Assignment a = solve(p);
  check_assignment(p, a);
  REQUIRE(a.pairs.size() == 1);
  CHECK(a.pairs[0].need == "urgent");
  const UnfilledSeats* u = unfilled_of(a, "later");
  REQUIRE(u);
  CHECK(u->reason == UnfilledReason::experts_taken);
  CHECK_THAT(u->detail, Contains("e1 (on urgent)"));
  // e1 is the alternate of "later", not of "urgent" (assigned there).
  REQUIRE(a.alternates.size() == 1);
  CHECK(a.alternates[0].need == "later");
  CHECK(a.alternates[0].experts[0].expert == "e1");
}

TEST_CASE("unfilled: time_conflict when a free expert is on an overlapping window") {
  Problem p = base_problem();
  Expert e = make_expert("e1");
  e.max_missions = 2;
  p.experts = {e};
  Need first = make_need("first", window("2027-02-01", "2027-03-31"));
  first.priority = 5;
  Need second = make_need("second", window("2027-03-15", "2027-04-30"));  // overlaps, though 14 days fit after
  second.priority = 1;
  p.needs = {first, second};
  const Assignment a = solve(p);
  check_assignment(p, a);
  REQUIRE(a.pairs.size() == 1);
  const UnfilledSeats* u = unfilled_of(a, "second");
  REQUIRE(u);
  CHECK(u->reason == UnfilledReason::time_conflict);
  CHECK_THAT(u->detail, Contains("e1 (on first 2027-02-01..2027-03-31)"));
  CHECK_THAT(u->detail, Contains("Windows are compared, not mission dates"));
  // Without the overlap the expert takes both.
  p.needs[1].window = window("2027-04-01", "2027-04-30");
  CHECK(solve(p).pairs.size() == 2);
}

TEST_CASE("unfilled: other when a free feasible expert scores 0 under max_weight") {
  Problem p = base_problem();
  Expert e = make_expert("e1");
  e.sectors = {Sector::education};  // the need is in health: sector term 0
  p.experts = {e};
  p.needs = {make_need("n1")};
  ScoringPolicy zero;  // only the sector term counts, so the pair's score is 0
  zero.skills_weight = zero.language_weight = zero.degree_weight = zero.experience_weight = zero.preferences_weight = 0;
  SolveOptions options;
  options.policy = zero;
  const Assignment a = solve(p, options);
  REQUIRE(a.pairs.empty());  // a 0-score pair adds nothing: the solver leaves it out
  const UnfilledSeats* u = unfilled_of(a, "n1");
  REQUIRE(u);
  CHECK(u->reason == UnfilledReason::other);
  CHECK_THAT(u->detail, Contains("score of 0"));
  REQUIRE(a.alternates.size() == 1);  // e1 stays listed as the need's alternate
  options.objective = Objective::max_seats_then_weight;
  CHECK(solve(p, options).pairs.size() == 1);
}

TEST_CASE("unfilled: the top-k cut is reported with a fix") {
  Problem p = base_problem();
  Expert strong = make_expert("strong", 5);
  strong.years_experience = 15;
  p.experts = {strong, make_expert("weak", 3)};
  Need a = make_need("na", window("2027-02-01", "2027-02-28"));
  a.priority = 5;
  Need b = make_need("nb", window("2027-06-01", "2027-06-30"));
  p.needs = {a, b};
  SolveOptions options;
  options.candidates_per_need = 1;  // both needs keep only "strong"
  const Assignment cut = solve(p, options);
  check_assignment(p, cut);
  REQUIRE(cut.pairs.size() == 1);
  const UnfilledSeats* u = unfilled_of(cut, "nb");
  REQUIRE(u);
  CHECK(u->reason == UnfilledReason::experts_taken);
  CHECK_THAT(u->detail, Contains("1 more feasible expert beyond the best 1 candidates"));
  REQUIRE_FALSE(u->fixes.empty());
  CHECK_THAT(u->fixes[0], Contains("consider more candidates per need (k > 1)"));
  options.candidates_per_need = 2;
  CHECK(solve(p, options).pairs.size() == 2);
}

TEST_CASE("fixes: each kind is found, is the smallest, and fills the seat once applied") {
  struct Case {
    const char* name;
    FixKind kind;
    std::function<void(Expert&, Need&)> make;
    const char* words;
  };
  const std::vector<Case> cases{
      {"mode", FixKind::accept_either_mode,
       [](Expert& e, Need& n) { n.mode = MissionMode::remote; e.remote_possible = false; }, "mode remote -> either"},
      {"skill level", FixKind::lower_skill_level, [](Expert& e, Need& n) { e.skills = {{"a1", 2}}; n.skills[0].min_level = 4; },
       "lower the level of a1 from 4 to 2: 1 expert qualifies"},
      {"language", FixKind::lower_language_level, [](Expert& e, Need& n) { e.languages = {{"fr", Cefr::B1}}; n.languages[0].min_level = Cefr::C1; },
       "lower the working language fr from C1 to B1"},
      {"window end", FixKind::extend_window_end,
       [](Expert& e, Need&) { e.availability = {window("2027-02-20", "2027-06-30")}; },  // need ends 02-28: 9 shared days
       "extend the window by 5 days (end 2027-03-05 instead of 2027-02-28)"},
      {"window start", FixKind::extend_window_start,
       [](Expert& e, Need&) { e.availability = {window("2026-10-01", "2027-02-03")}; },  // need starts 02-01: 3 shared days
       "open the window 11 days earlier (start 2027-01-21 instead of 2027-02-01)"},
      {"optional skill", FixKind::make_skill_optional, [](Expert& e, Need& n) { e.skills = {{"a2", 5}}; n.skills = {{"a1", true, 3, 1.0}, {"a11", false, 3, 1.0}}; },
       "make a1 optional"},
      {"thesis", FixKind::drop_thesis_supervision, [](Expert&, Need& n) { n.thesis_supervision = true; },
       "drop thesis supervision"},
  };
  for (const Case& k : cases) {
    INFO(k.name);
    Problem p = base_problem();
    Expert e = make_expert("e1");
    Need n = make_need("n1");
    k.make(e, n);
    p.experts = {e};
    p.needs = {n};
    const Assignment a = solve(p);
    const UnfilledSeats* u = unfilled_of(a, "n1");
    REQUIRE(u);
    CHECK(u->reason == UnfilledReason::no_feasible_expert);
    REQUIRE_FALSE(u->fixes.empty());
    CHECK_THAT(u->fixes[0], Contains(k.words));
    const ScoringContext c(p);
    const auto fixes = find_fixes(c, n, nullptr);
    REQUIRE_FALSE(fixes.empty());
    CHECK(fixes[0].kind == k.kind);
    CHECK(fixes[0].experts == 1);
    CHECK(fixes[0].best_expert == "e1");
    // Applied, the seat fills.
    Problem fixed = p;
    fixed.needs[0] = fixes[0].apply(n);
    const Assignment after = solve(fixed);
    check_assignment(fixed, after);
    CHECK(filled(after, "n1") == 1);
    CHECK(after.unfilled.empty());
    // A window extension is the smallest: one day less does not fit.
    if (k.kind == FixKind::extend_window_end || k.kind == FixKind::extend_window_start) {
      NeedFix smaller = fixes[0];
      smaller.to += k.kind == FixKind::extend_window_end ? -1 : 1;
      CHECK_FALSE(score_pair(c, e, smaller.apply(n)).feasible);
    }
  }
}

TEST_CASE("fixes: the cheapest first, several when several help") {
  Problem p = base_problem();
  Expert e = make_expert("e1", 4);
  e.availability = {window("2027-02-25", "2027-06-30")};  // 4 shared days: extend by 10
  p.experts = {e};
  Need n = make_need("n1");
  n.skills[0].min_level = 4;
  p.needs = {n};
  // The expert fails availability first: only the window fix rescues it alone.
  const ScoringContext c(p);
  auto fixes = find_fixes(c, n, nullptr);
  REQUIRE(fixes.size() == 1);
  CHECK(fixes[0].kind == FixKind::extend_window_end);
  CHECK(fixes[0].days == 10);
  CHECK(fixes[0].cost == 2);
  // Two experts, each rescued by a different change: the level (cost 1) before the window (cost 2).
  Expert f = make_expert("e2", 3);
  p.experts = {e, f};
  const ScoringContext c2(p);
  fixes = find_fixes(c2, n, nullptr);
  REQUIRE(fixes.size() == 2);
  CHECK(fixes[0].kind == FixKind::lower_skill_level);
  CHECK(fixes[0].best_expert == "e2");
  CHECK(fixes[1].kind == FixKind::extend_window_end);
  CHECK(find_fixes(c2, n, nullptr, 1).size() == 1);
  // Eligibility restricts who counts.
  CHECK(find_fixes(c2, n, [](std::size_t, const DateWindow&) { return false; }).empty());
}

namespace {

// The fixes as first written: every relaxation re-scores, with score_pair against the compiled
// relaxed need, all the experts whose first failure it relaxes, and the window tries each
// extension (at most 64 per end). find_fixes must give the very same fixes, faster.
std::vector<NeedFix> reference_fixes(const ScoringContext& c, const Need& need, const EligibleExpert& eligible,
                                     std::size_t limit) {
  const CompiledNeed compiled = c.compile(need);
  std::vector<Reason> reason(c.expert_count());
  std::vector<std::int32_t> item(c.expert_count());
  for (std::size_t e = 0; e < c.expert_count(); ++e) {
    const PairScore s = score_pair(c, c.expert(e), compiled.view());
    reason[e] = s.reason;
    item[e] = s.reason_item;
  }
  const auto failing = [&](Reason r, std::int32_t at) {
    std::vector<std::size_t> out;
    for (std::size_t e = 0; e < reason.size(); ++e)
      if (reason[e] == r && (at < 0 || item[e] == at)) out.push_back(e);
    return out;
  };
  std::vector<NeedFix> fixes;
  const auto attempt = [&](NeedFix fix, const std::vector<std::size_t>& experts, const std::string& change) {
    if (!score::detail::try_relaxation(c, fix.apply(need), experts, eligible, fix)) return false;
    score::detail::finish_text(fix, change);
    fixes.push_back(std::move(fix));
    return true;
  };
  if (need.mode == MissionMode::remote) {
    NeedFix fix;
    fix.cost = 1;
    attempt(fix, failing(Reason::mode, -1), "accept on-site missions too (mode remote -> either)");
  }
  if (!need.languages.empty()) {
    const auto experts = failing(Reason::working_language, -1);
    const int from = static_cast<int>(need.languages.front().min_level);
    for (int to = from - 1; to >= 1 && !experts.empty(); --to) {
      NeedFix fix;
      fix.kind = FixKind::lower_language_level;
      fix.from = from;
      fix.to = to;
      fix.cost = from - to;
      if (attempt(fix, experts, "lower the working language " + need.languages.front().language + " from " +
                                    std::string(to_string(static_cast<Cefr>(from))) + " to " +
                                    std::string(to_string(static_cast<Cefr>(to)))))
        break;
    }
  }
  for (std::size_t k = 0; k < need.skills.size(); ++k) {
    const SkillRequirement& r = need.skills[k];
    if (!r.essential) continue;
    const auto experts = failing(Reason::essential_skill, static_cast<std::int32_t>(k));
    if (experts.empty()) continue;
    bool lowered = false;
    for (int to = r.min_level - 1; to >= 1 && !lowered; --to) {
      NeedFix fix;
      fix.kind = FixKind::lower_skill_level;
      fix.item = static_cast<std::int32_t>(k);
      fix.from = r.min_level;
      fix.to = to;
      fix.cost = r.min_level - to;
      lowered = attempt(fix, experts,
                        "lower the level of " + r.skill + " from " + std::to_string(r.min_level) + " to " + std::to_string(to));
    }
    if (lowered) continue;
    NeedFix fix;
    fix.kind = FixKind::make_skill_optional;
    fix.item = static_cast<std::int32_t>(k);
    fix.cost = 3;
    attempt(fix, experts, "make " + r.skill + " optional (not essential)");
  }
  const auto experts = failing(Reason::availability, -1);
  for (const bool at_end : {true, false}) {
    std::vector<std::pair<std::int32_t, std::size_t>> by_days;
    for (const std::size_t e : experts) {
      const std::int32_t days = score::detail::extension_days(c.expert(e), compiled.view(), at_end);
      if (days > 0) by_days.push_back({days, e});
    }
    std::sort(by_days.begin(), by_days.end());
    std::vector<std::size_t> reachable;
    std::size_t next = 0, tried = 0;
    while (next < by_days.size() && tried < 64) {
      const std::int32_t days = by_days[next].first;
      while (next < by_days.size() && by_days[next].first == days) reachable.push_back(by_days[next++].second);
      ++tried;
      NeedFix fix;
      fix.kind = at_end ? FixKind::extend_window_end : FixKind::extend_window_start;
      fix.days = days;
      fix.from = at_end ? need.window.end.days : need.window.start.days;
      fix.to = at_end ? fix.from + days : fix.from - days;
      fix.cost = std::ceil(days / 7.0);
      const std::string n = std::to_string(days) + (days == 1 ? " day" : " days");
      if (attempt(fix, reachable,
                  at_end ? "extend the window by " + n + " (end " + to_string(Date{fix.to}) + " instead of " +
                               to_string(need.window.end) + ")"
                         : "open the window " + n + " earlier (start " + to_string(Date{fix.to}) + " instead of " +
                               to_string(need.window.start) + ")"))
        break;
    }
  }
  if (need.thesis_supervision) {
    NeedFix fix;
    fix.kind = FixKind::drop_thesis_supervision;
    fix.cost = 3;
    attempt(fix, failing(Reason::doctorate, -1), "drop thesis supervision (no doctorate needed)");
  }
  std::stable_sort(fixes.begin(), fixes.end(), [](const NeedFix& a, const NeedFix& b) {
    if (a.cost != b.cost) return a.cost < b.cost;
    if (a.kind != b.kind) return a.kind < b.kind;
    return a.item < b.item;
  });
  if (fixes.size() > limit) fixes.resize(limit);
  return fixes;
}

// The demo round's needs, made hard in several ways (windows tight or shifted, remote, a C2
// language and thesis supervision, every skill essential at level 5, long missions).
std::vector<Need> hardened_needs(const Problem& p, std::size_t count) {
  std::vector<Need> out;
  for (std::size_t i = 0; i < p.needs.size() && i < count; ++i)
    for (int variant = 0; variant < 6; ++variant) {
      Need need = p.needs[i];
      switch (variant) {
        case 1: need.window.end = Date{need.window.start.days + need.duration_days - 1}; break;
        case 2:
          need.window.start = Date{need.window.end.days - need.duration_days + 1};
          need.mode = MissionMode::remote;
          break;
        case 3:
          need.thesis_supervision = true;
          if (!need.languages.empty()) need.languages.front().min_level = Cefr::C2;
          break;
        case 4:
          for (auto& s : need.skills) {
            s.min_level = 5;
            s.essential = true;
          }
          need.window.end = Date{need.window.start.days + need.duration_days + 3};
          break;
        case 5:
          need.duration_days = std::min(need.duration_days * 3, 300);
          need.window.end = Date{need.window.start.days + need.duration_days - 10};
          break;
        default: break;
      }
      if (!(need.window.end < need.window.start)) out.push_back(need);
    }
  return out;
}

}  // namespace

TEST_CASE("first failures: the same reason and item as score_pair, for every expert") {
  synth::DemoOptions o;
  o.seed = 3;
  const Problem p = synth::demo_problem(o);
  const ScoringContext c(p);
  for (const Need& need : hardened_needs(p, 15)) {
    INFO(need.id);
    const CompiledNeed compiled = c.compile(need);
    const FirstFailures f = first_failures(c, compiled.view());
    std::array<std::int32_t, 7> count{};
    for (std::size_t e = 0; e < c.expert_count(); ++e) {
      const PairScore s = score_pair(c, c.expert(e), compiled.view());
      REQUIRE(f.reason[e] == s.reason);
      REQUIRE(f.item[e] == s.reason_item);
      ++count[static_cast<std::size_t>(s.reason)];
    }
    CHECK(f.count == count);
  }
}

TEST_CASE("fixes: the same as re-scoring every relaxation, with and without eligibility") {
  for (const std::uint64_t seed : {1u, 4u}) {
    synth::DemoOptions o;
    o.seed = seed;
    const Problem p = synth::demo_problem(o);
    const ScoringContext c(p);
    // An eligibility that depends on the expert and on the window, as free_for does.
    const EligibleExpert some = [](std::size_t e, const DateWindow& w) {
      return (e * 7 + static_cast<std::size_t>(w.start.days + w.end.days)) % 3 != 0;
    };
    std::size_t found = 0;
    for (const Need& need : hardened_needs(p, 25)) {
      for (const EligibleExpert& eligible : {EligibleExpert{}, some}) {
        INFO(need.id << (eligible ? " eligible" : ""));
        const auto fast = find_fixes(c, need, eligible, 10);
        const auto slow = reference_fixes(c, need, eligible, 10);
        REQUIRE(fast.size() == slow.size());
        for (std::size_t i = 0; i < fast.size(); ++i) {
          CHECK(fast[i].kind == slow[i].kind);
          CHECK(fast[i].item == slow[i].item);
          CHECK(fast[i].from == slow[i].from);
          CHECK(fast[i].to == slow[i].to);
          CHECK(fast[i].days == slow[i].days);
          CHECK(fast[i].cost == slow[i].cost);
          CHECK(fast[i].experts == slow[i].experts);
          CHECK(fast[i].best_expert == slow[i].best_expert);
          CHECK(fast[i].best_score == slow[i].best_score);
          CHECK(fast[i].text == slow[i].text);
        }
        found += fast.size();
      }
    }
    CHECK(found > 0);
  }
}

TEST_CASE("fixes: a need nobody can serve gets the same fixes from solve as from find_fixes") {
  synth::DemoOptions o;
  o.seed = 2;
  Problem p = synth::demo_problem(o);
  // The first needs made hard: windows that just hold the mission, a C2 working language,
  // thesis supervision, every skill essential at level 5.
  for (std::size_t i = 0; i < 12; ++i) {
    Need& n = p.needs[i];
    n.window.end = Date{n.window.start.days + n.duration_days - 1};
    n.thesis_supervision = true;
    if (!n.languages.empty()) n.languages.front().min_level = Cefr::C2;
    for (auto& s : n.skills) {
      s.min_level = 5;
      s.essential = true;
    }
  }
  const Assignment a = solve(p);
  const ScoringContext c(p);
  std::size_t checked = 0;
  for (std::size_t i = 0; i < p.needs.size(); ++i) {
    const UnfilledSeats* u = unfilled_of(a, p.needs[i].id);
    if (!u || u->detail.rfind("no expert passes the hard constraints", 0) != 0) continue;
    INFO(u->need);
    std::vector<std::string> words;
    for (const NeedFix& fix : reference_fixes(c, p.needs[i], nullptr, 3)) words.push_back(fix.text);
    CHECK(u->fixes == words);
    ++checked;
  }
  CHECK(checked > 0);
}

TEST_CASE("alternates: ranked, not assigned to the need, at most options.alternates") {
  Problem p = base_problem();
  for (int i = 0; i < 5; ++i) {
    Expert e = make_expert("e" + std::to_string(i), 4);
    e.years_experience = 3 * i;  // e4 best, e0 worst
    p.experts.push_back(e);
  }
  p.needs = {make_need("n1", window("2027-02-01", "2027-02-28"), 2)};
  SolveOptions options;
  options.alternates = 2;
  const Assignment a = solve(p, options);
  check_assignment(p, a);
  REQUIRE(a.pairs.size() == 2);
  CHECK(a.pairs[0].expert == "e4");
  CHECK(a.pairs[1].expert == "e3");
  REQUIRE(a.alternates.size() == 1);
  REQUIRE(a.alternates[0].experts.size() == 2);
  CHECK(a.alternates[0].experts[0].expert == "e2");
  CHECK(a.alternates[0].experts[1].expert == "e1");
  CHECK(a.alternates[0].experts[0].score > a.alternates[0].experts[1].score);
  options.alternates = 0;
  CHECK(solve(p, options).alternates.empty());
  options.explain_pairs = false;
  CHECK(solve(p, options).pairs[0].terms.empty());
}

TEST_CASE("bad input: the problem and the policy are checked with pointers, options too") {
  Problem p = base_problem();
  p.experts = {make_expert("e1")};
  p.needs = {make_need("n1")};
  Problem bad = p;
  bad.needs[0].skills[0].skill = "nope";
  require_input_error([&] { solve(bad); }, "/needs/0/skills/0/skill", "unknown skill id \"nope\"");
  bad = p;
  bad.needs[0].skills.clear();
  require_input_error([&] { solve(bad); }, "/needs/0/skills", "at least one required skill");
  bad = p;
  bad.needs[0].window = window("2027-03-01", "2027-02-01");
  require_input_error([&] { solve(bad); }, "/needs/0/window", "before it starts");
  SolveOptions options;
  options.policy.sector_weight = std::nan("");
  require_input_error([&] { solve(p, options); }, "/sector_weight", "sector_weight");
  options = {};
  options.candidates_per_need = 0;
  CHECK_THROWS_AS(solve(p, options), std::invalid_argument);
}

TEST_CASE("progress: each stage once, in order, then done; the result is the same as without") {
  synth::DemoOptions o;
  o.experts = 120;
  o.needs = 40;
  const Problem problem = synth::demo_problem(o);
  SolveOptions options;
  std::vector<std::pair<std::string, std::int64_t>> seen;
  options.progress = [&](std::string_view stage, std::int64_t done, std::int64_t total) {
    CHECK(total == kSolveStageCount);
    seen.emplace_back(std::string(stage), done);
  };
  const Assignment with = solve(problem, options);
  const std::vector<std::pair<std::string, std::int64_t>> expected{
      {"checking", 0}, {"candidates", 1}, {"matching", 2}, {"results", 3}, {"done", 4}};
  CHECK(seen == expected);
  CHECK(with == solve(problem));
}

TEST_CASE("cancel: a set flag stops the solve at the next checkpoint with Cancelled") {
  synth::DemoOptions o;
  o.experts = tokten::test::scaled(300);
  o.needs = 600;  // more than 256 needs: the per-need checkpoint is reached too
  const Problem problem = synth::demo_problem(o);
  std::atomic<bool> cancel{true};
  SolveOptions options;
  options.cancel = &cancel;
  CHECK_THROWS_AS(solve(problem, options), Cancelled);

  // Set while the solve runs, at each stage in turn: it stops there, and never returns.
  for (std::int64_t at = 0; at < kSolveStageCount; ++at) {
    cancel = false;
    std::int64_t last = -1;
    options.progress = [&](std::string_view, std::int64_t done, std::int64_t) {
      last = done;
      if (done == at) cancel = true;
    };
    CHECK_THROWS_AS(solve(problem, options), Cancelled);
    CHECK(last == at);  // the next checkpoint, or the per-need poll of the last stage, stopped it
  }

  // The should_stop hook is polled like the flag: at the stages and every 256 needs.
  cancel = false;
  options.progress = nullptr;
  int polls = 0;
  options.should_stop = [&polls]() { return ++polls == 5; };  // 4 stages, then the first per-need poll
  CHECK_THROWS_AS(solve(problem, options), Cancelled);
  CHECK(polls == 5);
  options.should_stop = nullptr;

  // A progress callback that throws stops the solve with its own exception.
  options.cancel = nullptr;
  options.progress = [](std::string_view stage, std::int64_t, std::int64_t) {
    if (stage == "matching") throw std::runtime_error("interrupted");
  };
  CHECK_THROWS_WITH(solve(problem, options), "interrupted");
  options.progress = nullptr;
  CHECK(solve(problem, options) == solve(problem));  // nothing left behind
}
