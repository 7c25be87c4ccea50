// Python classes for the domain model (include/tokten/model).
#include <string>

#include "bindings.hpp"
#include "record.hpp"
#include "tokten/model/assignment.hpp"
#include "tokten/model/problem.hpp"

namespace tokten::python {
namespace {

/// An enum whose members carry the JSON spellings; a str converts implicitly, so
/// Need(sector="health") works as Need(sector=Sector.health) does.
template <class Enum>
void bind_enum(py::module_& m, const char* name, const char* doc) {
  py::enum_<Enum> e(m, name, doc);
  const auto& names = Spelling<Enum>::names;
  for (std::size_t i = 0; i < names.size(); ++i)
    e.value(std::string(names[i]).c_str(), static_cast<Enum>(i));
  e.def(py::init([](const std::string& text) {
    if (auto v = parse_enum<Enum>(text)) return *v;
    throw py::value_error("expected " + std::string(Spelling<Enum>::what) + " (" +
                          spelling_list<Enum>() + "), got '" + text + "'");
  }));
  e.def("__str__", [](Enum v) { return std::string(to_string(v)); });
  py::implicitly_convertible<py::str, Enum>();
}

}  // namespace

void bind_model(py::module_& m) {
  bind_enum<Sector>(m, "Sector", "Sectors of the programme.");
  bind_enum<InstitutionKind>(m, "InstitutionKind", "Kinds of host institution.");
  bind_enum<DegreeLevel>(m, "DegreeLevel", "Degree levels; a doctorate can supervise theses.");
  bind_enum<MissionMode>(m, "MissionMode", "Where a mission takes place.");
  bind_enum<Objective>(m, "Objective", "What the assignment optimises.");
  bind_enum<SolveStatus>(m, "SolveStatus", "How the assignment ended.");
  bind_enum<UnfilledReason>(m, "UnfilledReason", "Why seats stayed unfilled.");

  py::enum_<Cefr> cefr(m, "Cefr", "Language levels of the Common European Framework, A1 < ... < C2.");
  for (std::size_t i = 0; i < kCefrNames.size(); ++i)
    cefr.value(std::string(kCefrNames[i]).c_str(), static_cast<Cefr>(i + 1));
  cefr.def(py::init([](const std::string& text) {
    if (auto v = parse_cefr(text)) return *v;
    throw py::value_error("expected a CEFR level (A1, A2, B1, B2, C1 or C2), got '" + text + "'");
  }));
  cefr.def("__str__", [](Cefr v) { return std::string(to_string(v)); });
  py::implicitly_convertible<py::str, Cefr>();
  m.attr("MIN_PROFICIENCY") = kMinProficiency;
  m.attr("MAX_PROFICIENCY") = kMaxProficiency;

  Record<DateWindow>(m, "DateWindow", "Days start..end, both included.")
      .field("start", &DateWindow::start, "first day (datetime.date)")
      .field("end", &DateWindow::end, "last day (datetime.date)")
      .done()
      .def_property_readonly("length_days", &DateWindow::length_days);

  Record<Skill>(m, "Skill", "A skill of the taxonomy.")
      .field("id", &Skill::id, "stable id, e.g. 'isced:0912'")
      .field("name", &Skill::name, "name")
      .field("parent", &Skill::parent, "id of the broader skill, or None")
      .done();
  Record<Taxonomy>(m, "Taxonomy", "The skill taxonomy.")
      .field("skills", &Taxonomy::skills, "list of Skill")
      .done();

  Record<SkillLevel>(m, "SkillLevel", "An expert's skill and proficiency (1-5).")
      .field("skill", &SkillLevel::skill, "taxonomy id")
      .field("level", &SkillLevel::level, "proficiency 1-5")
      .done();
  Record<LanguageLevel>(m, "LanguageLevel", "A language (ISO 639 code) and CEFR level.")
      .field("language", &LanguageLevel::language, "ISO 639 code, e.g. 'fr', 'bm'")
      .field("level", &LanguageLevel::level, "Cefr")
      .done();
  Record<Degree>(m, "Degree", "A degree held.")
      .field("level", &Degree::level, "DegreeLevel")
      .field("field", &Degree::field, "free text")
      .done();
  Record<Preferences>(m, "Preferences", "Soft preferences of an expert.")
      .field("regions", &Preferences::regions, "preferred regions")
      .field("sectors", &Preferences::sectors, "preferred sectors")
      .done();
  Record<Expert>(m, "Expert", "An expert of the diaspora roster.")
      .field("id", &Expert::id, "unique id")
      .field("name", &Expert::name, "name")
      .field("residence_country", &Expert::residence_country, "ISO 3166-1 alpha-2 code")
      .field("skills", &Expert::skills, "list of SkillLevel")
      .field("languages", &Expert::languages, "list of LanguageLevel")
      .field("sectors", &Expert::sectors, "list of Sector")
      .field("degrees", &Expert::degrees, "list of Degree")
      .field("years_experience", &Expert::years_experience, "years")
      .field("availability", &Expert::availability, "list of DateWindow")
      .field("max_missions", &Expert::max_missions, "per planning round")
      .field("remote_possible", &Expert::remote_possible, "can work remotely")
      .field("preferences", &Expert::preferences, "Preferences")
      .done()
      .def("has_doctorate", &Expert::has_doctorate);

  Record<Institution>(m, "Institution", "A host institution.")
      .field("id", &Institution::id, "unique id")
      .field("name", &Institution::name, "name")
      .field("kind", &Institution::kind, "InstitutionKind")
      .field("region", &Institution::region, "region of Mali")
      .done();

  Record<SkillRequirement>(m, "SkillRequirement", "A skill a need requires.")
      .field("skill", &SkillRequirement::skill, "taxonomy id")
      .field("essential", &SkillRequirement::essential, "without it a pair is infeasible")
      .field("min_level", &SkillRequirement::min_level, "proficiency 1-5")
      .field("weight", &SkillRequirement::weight, "relative importance, finite and >= 0")
      .done();
  Record<LanguageRequirement>(m, "LanguageRequirement", "A working language of a need.")
      .field("language", &LanguageRequirement::language, "ISO 639 code")
      .field("min_level", &LanguageRequirement::min_level, "Cefr")
      .done();
  Record<Need>(m, "Need", "A mission request from a host institution.")
      .field("id", &Need::id, "unique id")
      .field("institution", &Need::institution, "institution id")
      .field("sector", &Need::sector, "Sector")
      .field("skills", &Need::skills, "list of SkillRequirement")
      .field("languages", &Need::languages, "list of LanguageRequirement")
      .field("window", &Need::window, "DateWindow the mission must fit in")
      .field("duration_days", &Need::duration_days, "mission length in days")
      .field("seats", &Need::seats, "experts wanted")
      .field("priority", &Need::priority, "1 (low) to 5 (urgent)")
      .field("mode", &Need::mode, "MissionMode")
      .field("thesis_supervision", &Need::thesis_supervision, "requires a doctorate")
      .done();

  Record<Problem>(m, "Problem", "A planning round: taxonomy, institutions, experts, needs.")
      .field("name", &Problem::name, "name of the round")
      .field("taxonomy", &Problem::taxonomy, "Taxonomy")
      .field("institutions", &Problem::institutions, "list of Institution")
      .field("experts", &Problem::experts, "list of Expert")
      .field("needs", &Problem::needs, "list of Need")
      .done();

  Record<ScoreTerm>(m, "ScoreTerm", "One term of a pair's score.")
      .field("name", &ScoreTerm::name, "term name")
      .field("value", &ScoreTerm::value, "value")
      .field("detail", &ScoreTerm::detail, "explanation")
      .done();
  Record<AssignedPair>(m, "AssignedPair", "An expert assigned to a need.")
      .field("expert", &AssignedPair::expert, "expert id")
      .field("need", &AssignedPair::need, "need id")
      .field("score", &AssignedPair::score, "score")
      .field("terms", &AssignedPair::terms, "list of ScoreTerm")
      .done();
  Record<UnfilledSeats>(m, "UnfilledSeats", "Seats of a need left unfilled, and why.")
      .field("need", &UnfilledSeats::need, "need id")
      .field("seats", &UnfilledSeats::seats, "how many")
      .field("reason", &UnfilledSeats::reason, "UnfilledReason")
      .field("detail", &UnfilledSeats::detail, "explanation")
      .field("fixes", &UnfilledSeats::fixes, "changes that would fill a seat")
      .done();
  Record<Alternate>(m, "Alternate", "A ranked backup expert.")
      .field("expert", &Alternate::expert, "expert id")
      .field("score", &Alternate::score, "score")
      .done();
  Record<NeedAlternates>(m, "NeedAlternates", "Backup experts of a need, best first.")
      .field("need", &NeedAlternates::need, "need id")
      .field("experts", &NeedAlternates::experts, "list of Alternate")
      .done();
  Record<Assignment>(m, "Assignment", "The outcome of a planning round.")
      .field("problem", &Assignment::problem, "name of the round")
      .field("objective", &Assignment::objective, "Objective")
      .field("status", &Assignment::status, "SolveStatus")
      .field("total_score", &Assignment::total_score, "sum of pair scores")
      .field("pairs", &Assignment::pairs, "list of AssignedPair")
      .field("unfilled", &Assignment::unfilled, "list of UnfilledSeats")
      .field("alternates", &Assignment::alternates, "list of NeedAlternates")
      .done();
}

}  // namespace tokten::python
