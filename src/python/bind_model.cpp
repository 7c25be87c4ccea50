// Python classes for the domain model (include/tokten/model).
#include <string>

#include "bindings.hpp"
#include "record.hpp"
#include "tokten/model/assignment.hpp"
#include "tokten/model/problem.hpp"

namespace tokten::python {
namespace {

/// The docstring of an enum: summary, the constructor's parameter, what it raises, examples.
/// pybind11 appends the list of members.
std::string enum_doc(const std::string& summary, const std::string& spellings, const char* examples) {
  return summary +
         "\n\nParameters\n----------\n"
         "value : str or int\n"
         "    The JSON spelling (" + spellings + ") or the member's integer value.\n\n"
         "Raises\n------\n"
         "ValueError\n"
         "    For a string that is not a spelling of a member.\n\n"
         "Notes\n-----\n"
         "A str converts implicitly wherever this enum is expected, so ``sector=\"health\"`` "
         "works as ``sector=Sector.health`` does; ``str(member)`` gives the JSON spelling.\n\n"
         "Examples\n--------\n" + examples;
}

/// An enum whose members carry the JSON spellings; a str converts implicitly, so
/// Need(sector="health") works as Need(sector=Sector.health) does.
template <class Enum>
void bind_enum(py::module_& m, const char* name, const char* summary, const char* examples) {
  const std::string doc = enum_doc(summary, spelling_list<Enum>().substr(7), examples);
  py::enum_<Enum> e(m, name, doc.c_str());
  const auto& names = Spelling<Enum>::names;
  for (std::size_t i = 0; i < names.size(); ++i)
    e.value(std::string(names[i]).c_str(), static_cast<Enum>(i));
  e.def(py::init([](const std::string& text) {
          if (auto v = parse_enum<Enum>(text)) return *v;
          throw py::value_error("expected " + std::string(Spelling<Enum>::what) + " (" +
                                spelling_list<Enum>() + "), got '" + text + "'");
        }),
        py::arg("value"));
  e.def("__str__", [](Enum v) { return std::string(to_string(v)); });
  py::implicitly_convertible<py::str, Enum>();
}

}  // namespace

void bind_model(py::module_& m) {
  bind_enum<Sector>(m, "Sector", "Sectors of the programme.",
                    ">>> import tokten\n"
                    ">>> tokten.Sector(\"health\")\n"
                    "<Sector.health: 1>\n"
                    ">>> str(tokten.Sector.sme)\n"
                    "'sme'\n"
                    ">>> tokten.Need(sector=\"agriculture\").sector\n"
                    "<Sector.agriculture: 3>\n");
  bind_enum<InstitutionKind>(m, "InstitutionKind", "Kinds of host institution.",
                             ">>> import tokten\n"
                             ">>> tokten.Institution(kind=\"hospital\").kind\n"
                             "<InstitutionKind.hospital: 1>\n");
  bind_enum<DegreeLevel>(m, "DegreeLevel", "Degree levels; a doctorate can supervise theses.",
                         ">>> import tokten\n"
                         ">>> tokten.Degree(level=\"doctorate\", field=\"Public health\").level\n"
                         "<DegreeLevel.doctorate: 2>\n");
  bind_enum<MissionMode>(m, "MissionMode",
                         "Where a mission takes place: on site, remotely, or either way.",
                         ">>> import tokten\n"
                         ">>> str(tokten.Need(mode=tokten.MissionMode.either).mode)\n"
                         "'either'\n");
  bind_enum<Objective>(m, "Objective",
                       "What the assignment optimises: the total score, or the most seats filled "
                       "first and then the total score.",
                       ">>> import tokten\n"
                       ">>> tokten.Objective(\"max_seats_then_weight\")\n"
                       "<Objective.max_seats_then_weight: 1>\n");
  bind_enum<SolveStatus>(m, "SolveStatus",
                         "How the assignment ended: optimal, feasible (conflict-free, with a gap "
                         "to the bound) or infeasible.",
                         ">>> import tokten\n"
                         ">>> str(tokten.Assignment().status)\n"
                         "'optimal'\n");
  bind_enum<UnfilledReason>(m, "UnfilledReason", "Why seats stayed unfilled.",
                            ">>> import tokten\n"
                            ">>> tokten.UnfilledSeats(reason=\"time_conflict\").reason\n"
                            "<UnfilledReason.time_conflict: 3>\n");

  const std::string cefr_doc = enum_doc(
      "Language levels of the Common European Framework, A1 < A2 < B1 < B2 < C1 < C2.",
      "\"A1\", \"A2\", \"B1\", \"B2\", \"C1\", \"C2\"",
      ">>> import tokten\n"
      ">>> tokten.Cefr(\"C1\")\n"
      "<Cefr.C1: 5>\n"
      ">>> tokten.Cefr.B2.value < tokten.Cefr.C1.value\n"
      "True\n");
  py::enum_<Cefr> cefr(m, "Cefr", cefr_doc.c_str());
  for (std::size_t i = 0; i < kCefrNames.size(); ++i)
    cefr.value(std::string(kCefrNames[i]).c_str(), static_cast<Cefr>(i + 1));
  cefr.def(py::init([](const std::string& text) {
             if (auto v = parse_cefr(text)) return *v;
             throw py::value_error("expected a CEFR level (A1, A2, B1, B2, C1 or C2), got '" + text + "'");
           }),
           py::arg("value"));
  cefr.def("__str__", [](Cefr v) { return std::string(to_string(v)); });
  py::implicitly_convertible<py::str, Cefr>();
  m.attr("MIN_PROFICIENCY") = kMinProficiency;
  m.attr("MAX_PROFICIENCY") = kMaxProficiency;

  Record<DateWindow>(m, "DateWindow", "Days start..end, both included.")
      .field("start", &DateWindow::start, "datetime.date or str", "first day (a \"YYYY-MM-DD\" string is accepted)")
      .field("end", &DateWindow::end, "datetime.date or str", "last day, included")
      .done(">>> import tokten\n"
            ">>> window = tokten.DateWindow(start=\"2027-02-01\", end=\"2027-02-28\")\n"
            ">>> window.start\n"
            "datetime.date(2027, 2, 1)\n"
            ">>> window.length_days\n"
            "28\n")
      .def_property_readonly("length_days", &DateWindow::length_days,
                             "Number of days in the window, both ends included (int).");

  Record<Skill>(m, "Skill", "A skill of the taxonomy.")
      .field("id", &Skill::id, "str", "stable id, e.g. 'isced:0912'")
      .field("name", &Skill::name, "str", "name")
      .field("parent", &Skill::parent, "str or None", "id of the broader skill; None for a root")
      .done(">>> import tokten\n"
            ">>> tokten.Skill(id=\"isced:0912\", name=\"Medicine\", parent=\"isced:091\")\n"
            "Skill(id='isced:0912', name='Medicine', parent='isced:091')\n");
  Record<Taxonomy>(m, "Taxonomy", "The skill taxonomy: a forest of skills linked by parent ids.")
      .field("skills", &Taxonomy::skills, "list of Skill", "every skill, parents and children")
      .done(">>> import tokten\n"
            ">>> taxonomy = tokten.Taxonomy(skills=[tokten.Skill(id=\"isced:09\", name=\"Health\"),\n"
            "...     tokten.Skill(id=\"isced:091\", name=\"Health\", parent=\"isced:09\")])\n"
            ">>> len(taxonomy.skills)\n"
            "2\n");

  Record<SkillLevel>(m, "SkillLevel", "An expert's skill and proficiency (1-5).")
      .field("skill", &SkillLevel::skill, "str", "taxonomy id")
      .field("level", &SkillLevel::level, "int", "proficiency, from MIN_PROFICIENCY (1) to MAX_PROFICIENCY (5)")
      .done(">>> import tokten\n"
            ">>> tokten.SkillLevel(skill=\"isced:0912\", level=4)\n"
            "SkillLevel(skill='isced:0912', level=4)\n");
  Record<LanguageLevel>(m, "LanguageLevel", "A language (ISO 639 code) and CEFR level.")
      .field("language", &LanguageLevel::language, "str", "ISO 639 code, e.g. 'fr', 'bm'")
      .field("level", &LanguageLevel::level, "Cefr or str", "level spoken")
      .done(">>> import tokten\n"
            ">>> tokten.LanguageLevel(language=\"fr\", level=\"C2\")\n"
            "LanguageLevel(language='fr', level=<Cefr.C2: 6>)\n");
  Record<Degree>(m, "Degree", "A degree held.")
      .field("level", &Degree::level, "DegreeLevel or str", "bachelor, master, doctorate or other")
      .field("field", &Degree::field, "str", "free text, may be empty")
      .done(">>> import tokten\n"
            ">>> tokten.Degree(level=\"doctorate\", field=\"Agronomy\").level\n"
            "<DegreeLevel.doctorate: 2>\n");
  Record<Preferences>(m, "Preferences", "Soft preferences of an expert, used by scoring only.")
      .field("regions", &Preferences::regions, "list of str", "preferred regions of Mali")
      .field("sectors", &Preferences::sectors, "list of Sector or str", "preferred sectors")
      .done(">>> import tokten\n"
            ">>> tokten.Preferences(regions=[\"Kayes\"], sectors=[\"health\"]).sectors\n"
            "[<Sector.health: 1>]\n");
  Record<Expert>(m, "Expert", "An expert of the diaspora roster.")
      .field("id", &Expert::id, "str", "unique id")
      .field("name", &Expert::name, "str", "name")
      .field("residence_country", &Expert::residence_country, "str", "ISO 3166-1 alpha-2 code, e.g. 'FR'")
      .field("skills", &Expert::skills, "list of SkillLevel", "skills with proficiency")
      .field("languages", &Expert::languages, "list of LanguageLevel", "languages spoken")
      .field("sectors", &Expert::sectors, "list of Sector or str", "sectors worked in")
      .field("degrees", &Expert::degrees, "list of Degree", "degrees held")
      .field("years_experience", &Expert::years_experience, "int", "years of professional experience")
      .field("availability", &Expert::availability, "list of DateWindow",
             "when the expert can serve; empty means never")
      .field("max_missions", &Expert::max_missions, "int", "missions per planning round; 0 excludes the expert")
      .field("remote_possible", &Expert::remote_possible, "bool", "can work remotely")
      .field("preferences", &Expert::preferences, "Preferences", "regions and sectors preferred")
      .done(">>> import tokten\n"
            ">>> expert = tokten.Expert(id=\"exp-1\", name=\"A. Traore\", residence_country=\"FR\",\n"
            "...     skills=[tokten.SkillLevel(skill=\"isced:0912\", level=4)],\n"
            "...     languages=[tokten.LanguageLevel(language=\"fr\", level=\"C2\")],\n"
            "...     degrees=[tokten.Degree(level=\"doctorate\", field=\"Medicine\")],\n"
            "...     availability=[tokten.DateWindow(start=\"2027-01-04\", end=\"2027-03-31\")])\n"
            ">>> expert.has_doctorate(), len(expert.skills)\n"
            "(True, 1)\n"
            ">>> expert.skills = expert.skills + [tokten.SkillLevel(skill=\"isced:0913\", level=3)]\n"
            ">>> len(expert.skills)\n"
            "2\n")
      .def("has_doctorate", &Expert::has_doctorate,
           "Whether one of the expert's degrees is a doctorate (needed for thesis supervision).");

  Record<Institution>(m, "Institution", "A host institution in Mali.")
      .field("id", &Institution::id, "str", "unique id")
      .field("name", &Institution::name, "str", "name")
      .field("kind", &Institution::kind, "InstitutionKind or str", "kind of institution")
      .field("region", &Institution::region, "str", "region of Mali, e.g. 'Bamako', 'Kayes'")
      .done(">>> import tokten\n"
            ">>> tokten.Institution(id=\"inst-1\", name=\"CHU du Point G\", kind=\"hospital\",\n"
            "...                    region=\"Bamako\").region\n"
            "'Bamako'\n");

  Record<SkillRequirement>(m, "SkillRequirement", "A skill a need requires.")
      .field("skill", &SkillRequirement::skill, "str", "taxonomy id")
      .field("essential", &SkillRequirement::essential, "bool",
             "without it (or a more specific skill) at min_level a pair is infeasible; "
             "otherwise the skill only adds to the score")
      .field("min_level", &SkillRequirement::min_level, "int", "proficiency 1-5")
      .field("weight", &SkillRequirement::weight, "float",
             "importance among the need's skills, finite and >= 0")
      .done(">>> import tokten\n"
            ">>> tokten.SkillRequirement(skill=\"isced:0912\", min_level=4, essential=False)\n"
            "SkillRequirement(skill='isced:0912', essential=False, min_level=4, weight=1.0)\n");
  Record<LanguageRequirement>(m, "LanguageRequirement", "A working language of a need.")
      .field("language", &LanguageRequirement::language, "str", "ISO 639 code")
      .field("min_level", &LanguageRequirement::min_level, "Cefr or str", "least level accepted")
      .done(">>> import tokten\n"
            ">>> tokten.LanguageRequirement(language=\"fr\", min_level=\"B2\")\n"
            "LanguageRequirement(language='fr', min_level=<Cefr.B2: 4>)\n");
  Record<Need>(m, "Need", "A mission request from a host institution.")
      .field("id", &Need::id, "str", "unique id")
      .field("institution", &Need::institution, "str", "id of the host institution")
      .field("sector", &Need::sector, "Sector or str", "sector of the mission")
      .field("skills", &Need::skills, "list of SkillRequirement", "skills required")
      .field("languages", &Need::languages, "list of LanguageRequirement",
             "working languages; the first is the one a pair must meet")
      .field("window", &Need::window, "DateWindow", "the days the mission must fit in")
      .field("duration_days", &Need::duration_days, "int", "mission length in days, at most the window's")
      .field("seats", &Need::seats, "int", "experts wanted")
      .field("priority", &Need::priority, "int", "1 (low) to 5 (urgent)")
      .field("mode", &Need::mode, "MissionMode or str", "on site, remote or either")
      .field("thesis_supervision", &Need::thesis_supervision, "bool",
             "supervises theses: requires a doctorate")
      .done(">>> import tokten\n"
            ">>> need = tokten.Need(id=\"need-1\", institution=\"inst-1\", sector=\"health\", seats=2,\n"
            "...     window=tokten.DateWindow(start=\"2027-02-01\", end=\"2027-03-31\"),\n"
            "...     duration_days=21,\n"
            "...     skills=[tokten.SkillRequirement(skill=\"isced:0912\", min_level=4)])\n"
            ">>> need.window.length_days, str(need.mode)\n"
            "(59, 'on_site')\n");

  Record<Problem>(m, "Problem", "A planning round: taxonomy, institutions, experts, needs.")
      .field("name", &Problem::name, "str", "name of the round")
      .field("taxonomy", &Problem::taxonomy, "Taxonomy", "the skills")
      .field("institutions", &Problem::institutions, "list of Institution", "host institutions")
      .field("experts", &Problem::experts, "list of Expert", "the roster")
      .field("needs", &Problem::needs, "list of Need", "mission requests")
      .done(">>> import tokten\n"
            ">>> problem = tokten.demo_problem(seed=1, experts=20, institutions=5, needs=4)\n"
            ">>> len(problem.experts), len(problem.needs)\n"
            "(20, 4)\n"
            ">>> problem.needs = problem.needs[:2]  # lists are copies: assign to change\n"
            ">>> len(problem.needs), tokten.validate_problem(problem)\n"
            "(2, [])\n");

  Record<ScoreTerm>(m, "ScoreTerm", "One term of a pair's score, in the domain's words.")
      .field("name", &ScoreTerm::name, "str", "term name: 'skills', 'language', ..., 'priority', 'equity'")
      .field("value", &ScoreTerm::value, "float", "value")
      .field("detail", &ScoreTerm::detail, "str", "explanation, e.g. 'isced:0912 level 4 >= 3'")
      .done(">>> import tokten\n"
            ">>> tokten.ScoreTerm(name=\"sector\", value=1.0, detail=\"works in health\").value\n"
            "1.0\n");
  Record<AssignedPair>(m, "AssignedPair", "An expert assigned to a need.")
      .field("expert", &AssignedPair::expert, "str", "expert id")
      .field("need", &AssignedPair::need, "str", "need id")
      .field("score", &AssignedPair::score, "float", "the pair's score")
      .field("terms", &AssignedPair::terms, "list of ScoreTerm", "the score's terms (empty without explain)")
      .done(">>> import tokten\n"
            ">>> tokten.AssignedPair(expert=\"exp-1\", need=\"need-1\", score=0.8)\n"
            "AssignedPair(expert='exp-1', need='need-1', score=0.8, terms=[0 items])\n");
  Record<UnfilledSeats>(m, "UnfilledSeats", "Seats of a need left unfilled, and why.")
      .field("need", &UnfilledSeats::need, "str", "need id")
      .field("seats", &UnfilledSeats::seats, "int", "how many seats")
      .field("reason", &UnfilledSeats::reason, "UnfilledReason or str", "why")
      .field("detail", &UnfilledSeats::detail, "str", "the reason in words")
      .field("fixes", &UnfilledSeats::fixes, "list of str", "single changes that would fill a seat, cheapest first")
      .done(">>> import tokten\n"
            ">>> u = tokten.UnfilledSeats(need=\"need-1\", seats=1, reason=\"no_feasible_expert\")\n"
            ">>> str(u.reason)\n"
            "'no_feasible_expert'\n");
  Record<Alternate>(m, "Alternate", "A ranked backup expert.")
      .field("expert", &Alternate::expert, "str", "expert id")
      .field("score", &Alternate::score, "float", "the pair's score")
      .done(">>> import tokten\n"
            ">>> tokten.Alternate(expert=\"exp-2\", score=0.7)\n"
            "Alternate(expert='exp-2', score=0.7)\n");
  Record<NeedAlternates>(m, "NeedAlternates", "Backup experts of a need, best first.")
      .field("need", &NeedAlternates::need, "str", "need id")
      .field("experts", &NeedAlternates::experts, "list of Alternate", "best first")
      .done(">>> import tokten\n"
            ">>> backups = tokten.NeedAlternates(need=\"need-1\",\n"
            "...                                 experts=[tokten.Alternate(expert=\"exp-2\", score=0.7)])\n"
            ">>> backups.experts[0].expert\n"
            "'exp-2'\n");
  Record<Assignment>(m, "Assignment", "The outcome of a planning round.")
      .field("problem", &Assignment::problem, "str", "name of the round")
      .field("objective", &Assignment::objective, "Objective or str", "what was optimised")
      .field("status", &Assignment::status, "SolveStatus or str", "how the solve ended")
      .field("total_score", &Assignment::total_score, "float", "sum of the pairs' scores")
      .field("pairs", &Assignment::pairs, "list of AssignedPair", "per need, best first")
      .field("unfilled", &Assignment::unfilled, "list of UnfilledSeats", "seats left unfilled, with reasons")
      .field("alternates", &Assignment::alternates, "list of NeedAlternates", "backups per need")
      .done(">>> import tokten\n"
            ">>> a = tokten.Assignment(problem=\"round 1\", total_score=0.8,\n"
            "...     pairs=[tokten.AssignedPair(expert=\"exp-1\", need=\"need-1\", score=0.8)])\n"
            ">>> a.status, len(a.pairs)\n"
            "(<SolveStatus.optimal: 0>, 1)\n"
            ">>> tokten.read_assignment(tokten.write_assignment(a)) == a\n"
            "True\n");
}

}  // namespace tokten::python
