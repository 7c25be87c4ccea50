// Python classes and functions for scoring (include/tokten/score): the policy, the pair
// scorer with its hard constraints, explanations, and the Policy document.
#include <cmath>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include "bindings.hpp"
#include "record.hpp"
#include "tokten/io/policy_json.hpp"
#include "tokten/score/explain.hpp"

namespace tokten::python {

namespace py = pybind11;

namespace {

using score::ScoringContext;
using score::ScoringPolicy;

/// What Python's score_pair returns: the verdict, the score, and the terms by name.
struct PairResult {
  std::string expert;
  std::string need;
  bool feasible = false;
  std::string reason;   // "none", "capacity", "mode", "availability", "working_language", ...
  std::string message;  // the first failed hard constraint in words; "" when feasible
  double fit = 0, priority_multiplier = 1, equity_multiplier = 1, score = 0;
  std::vector<std::pair<std::string, double>> terms;
};

std::size_t expert_at(const ScoringContext& c, const std::string& id) {
  const auto e = c.find_expert(id);
  if (e < 0) throw py::key_error("unknown expert id '" + id + "'");
  return static_cast<std::size_t>(e);
}
std::size_t need_at(const ScoringContext& c, const std::string& id) {
  const auto n = c.find_need(id);
  if (n < 0) throw py::key_error("unknown need id '" + id + "'");
  return static_cast<std::size_t>(n);
}

PairResult pair_result(const ScoringContext& c, std::size_t e, std::size_t n) {
  const score::PairScore s = score::score_pair(c, e, n);
  PairResult r;
  r.expert = c.expert_id(e);
  r.need = c.need_id(n);
  r.feasible = s.feasible;
  r.reason = std::string(tokten::to_string(s.reason));
  r.message = score::reason_message(c, r.expert, r.need, c.expert(e), c.need(n), s);
  r.fit = s.fit;
  r.priority_multiplier = s.priority_multiplier;
  r.equity_multiplier = s.equity_multiplier;
  r.score = s.score;
  for (std::size_t t = 0; t < score::kTermCount; ++t)
    r.terms.emplace_back(std::string(tokten::to_string(static_cast<score::Term>(t))), s.terms[t]);
  return r;
}

py::object json_loads(const std::string& text) { return py::module_::import("json").attr("loads")(text); }

ScoringPolicy policy_from_dict(const py::dict& document) {
  // NaN and infinities are not JSON: name the field rather than fail on the text.
  py::dict plain;
  for (auto item : document) {
    py::object value = py::reinterpret_borrow<py::object>(item.second);
    if (py::hasattr(value, "item") && !py::isinstance<py::str>(value)) value = value.attr("item")();  // numpy scalars
    if (py::isinstance<py::float_>(value) && !std::isfinite(value.cast<double>()))
      throw InputError("/" + io::escape_pointer_token(py::str(item.first).cast<std::string>()),
                       "expected a finite number, got " + std::string(py::str(value)));
    plain[item.first] = value;
  }
  const std::string text = py::module_::import("json").attr("dumps")(plain).cast<std::string>();
  py::gil_scoped_release release;
  return io::read_policy(text);
}

ScoringContext make_context(const Problem& problem, const std::optional<ScoringPolicy>& policy) {
  py::gil_scoped_release release;
  return ScoringContext(problem, policy.value_or(ScoringPolicy{}));
}

/// A policy field's doc without its "(default ...)": the docstring shows the default itself.
std::string without_default(std::string_view doc) {
  const auto at = doc.find(" (default");
  return std::string(doc.substr(0, at));
}

}  // namespace

void bind_score(py::module_& m) {
  Record<ScoringPolicy> record(m, "ScoringPolicy",
                               "How expert-need pairs are scored: term weights, skill decays, degree "
                               "credits, multipliers.\n\n"
                               "fit = sum of weight x term over the six terms / sum of the weights;\n"
                               "score = fit x (1 + priority_step x (priority - 1)) x (1 + equity_bonus\n"
                               "outside capital_region). The policy document has the same fields\n"
                               "(schema: ``tokten.schema(\"policy\")``).");
  // Static: the field docs are passed on as C strings.
  static const std::vector<std::string> field_docs = [] {
    std::vector<std::string> docs;
    for (const auto& field : score::kPolicyNumbers) docs.push_back(without_default(field.doc));
    docs.push_back(without_default(score::kCapitalRegionDoc));
    return docs;
  }();
  for (std::size_t i = 0; i < score::kPolicyNumbers.size(); ++i) {
    const auto& field = score::kPolicyNumbers[i];
    record.field(field.name.data(), field.member, "float", field_docs[i].c_str());
  }
  record.field("capital_region", &ScoringPolicy::capital_region, "str", field_docs.back().c_str());
  record
      .done(">>> import tokten\n"
            ">>> policy = tokten.ScoringPolicy(sibling_decay=0.2, capital_region=\"Bamako\")\n"
            ">>> policy.skills_weight, policy.sibling_decay\n"
            "(0.55, 0.2)\n"
            ">>> tokten.ScoringPolicy(parent_decay=2.0).validate()\n"
            "[('/parent_decay', 'expected a number from 0 to 1 for parent_decay, got 2.000000')]\n")
      .def("to_dict", [](const ScoringPolicy& p) { return json_loads(io::write_policy(p, -1)); },
           R"doc(The policy as a dict shaped like its JSON document, every field written.

Returns
-------
dict
    ``format``, ``format_version`` and every field.

Raises
------
InputError
    An invalid policy (what is written must read back).

Examples
--------
>>> import tokten
>>> d = tokten.ScoringPolicy().to_dict()
>>> d["format"], d["skills_weight"]
('tokten.policy', 0.55)
)doc")
      .def_static("from_dict", &policy_from_dict, py::arg("document"),
                  R"doc(A policy from a dict shaped like the JSON document; absent fields default.

Parameters
----------
document : dict
    With ``format`` ``"tokten.policy"`` and ``format_version`` 1; numpy scalars are accepted.

Returns
-------
ScoringPolicy

Raises
------
InputError
    A missing header, an unknown field, a value of the wrong type or out of its range, named by
    its JSON pointer.

Examples
--------
>>> import tokten
>>> p = tokten.ScoringPolicy.from_dict({"format": "tokten.policy", "format_version": 1,
...                                     "equity_bonus": 0.2})
>>> p.equity_bonus
0.2
)doc")
      .def("validate",
           [](const ScoringPolicy& p) {
             std::vector<std::pair<std::string, std::string>> out;
             for (const InputIssue& i : score::validate_policy(p)) out.emplace_back(i.pointer, i.message);
             return out;
           },
           R"doc(Every issue of the policy, each with the JSON pointer of its field.

Returns
-------
list of (str, str)
    ``(json_pointer, message)`` pairs; empty when valid.

Examples
--------
>>> import tokten
>>> tokten.ScoringPolicy().validate()
[]
)doc");

  py::class_<PairResult>(m, "PairScore", R"doc(The verdict and the score of one expert-need pair; true when feasible.

Returned by score_pair and ScoringContext.score_pair; not built directly.

Attributes
----------
expert, need : str
    The ids.
feasible : bool
    Whether every hard constraint is met.
reason : str
    The first failed hard constraint, in the order checked: 'capacity', 'mode',
    'availability', 'working_language', 'doctorate', 'essential_skill'; 'none' when feasible.
message : str
    The reason in words; '' when feasible.
fit : float
    Weighted mean of the six terms, in [0, 1]; 0 when infeasible.
priority_multiplier, equity_multiplier : float
    The need's multipliers.
score : float
    fit x priority_multiplier x equity_multiplier; 0 when infeasible.
terms : dict of str to float
    The six terms by name, each in [0, 1].

Examples
--------
>>> import tokten
>>> problem = tokten.demo_problem(seed=1, experts=20, institutions=5, needs=4)
>>> verdict = tokten.score_pair(problem, "exp-10009", "need-5002")
>>> bool(verdict), sorted(verdict.terms)
(True, ['degree', 'experience', 'language', 'preferences', 'sector', 'skills'])
)doc")
      .def_readonly("expert", &PairResult::expert, "expert id")
      .def_readonly("need", &PairResult::need, "need id")
      .def_readonly("feasible", &PairResult::feasible, "whether every hard constraint is met")
      .def_readonly("reason", &PairResult::reason,
                    "the first failed hard constraint: 'none', 'capacity', 'mode', 'availability', "
                    "'working_language', 'doctorate' or 'essential_skill'")
      .def_readonly("message", &PairResult::message, "the reason in words; '' when feasible")
      .def_readonly("fit", &PairResult::fit, "weighted mean of the terms, in [0, 1] (0 when infeasible)")
      .def_readonly("priority_multiplier", &PairResult::priority_multiplier,
                    "1 + priority_step x (priority - 1)")
      .def_readonly("equity_multiplier", &PairResult::equity_multiplier,
                    "1 + equity_bonus outside the capital region, else 1")
      .def_readonly("score", &PairResult::score, "fit x multipliers; 0 when infeasible")
      .def_property_readonly(
          "terms",
          [](const PairResult& r) {
            py::dict d;
            for (const auto& [name, value] : r.terms) d[py::str(name)] = value;
            return d;
          },
          "the six fit terms by name, each in [0, 1]")
      .def("__bool__", [](const PairResult& r) { return r.feasible; })
      .def("__repr__", [](const PairResult& r) {
        return "PairScore(expert='" + r.expert + "', need='" + r.need + "', feasible=" +
               (r.feasible ? "True" : "False") + ", score=" + std::string(py::repr(py::float_(r.score))) +
               ", reason='" + r.reason + "')";
      });

  py::class_<score::Explanation>(m, "Explanation", R"doc(Why an expert fits a need, term by term; str() gives the text.

Returned by explain and ScoringContext.explain; not built directly.

Attributes
----------
expert, need : str
    The ids.
feasible : bool
    Whether every hard constraint is met.
reason : str
    The first failed hard constraint ('none' when feasible), as PairScore.reason.
message : str
    The reason in words; '' when feasible.
fit, priority_multiplier, equity_multiplier, score : float
    As in PairScore.
score_if_feasible : float
    fit x multipliers whatever the verdict: what an infeasible pair would score.
terms : list of ScoreTerm
    The six terms, then the multipliers 'priority' and 'equity', each with a detail in words.

Examples
--------
>>> import tokten
>>> problem = tokten.demo_problem(seed=1, experts=20, institutions=5, needs=4)
>>> x = tokten.explain(problem, "exp-10001", "need-5001")
>>> x.feasible, x.reason
(False, 'availability')
>>> [t.name for t in x.terms]
['skills', 'language', 'sector', 'degree', 'experience', 'preferences', 'priority', 'equity']
)doc")
      .def_readonly("expert", &score::Explanation::expert, "expert id")
      .def_readonly("need", &score::Explanation::need, "need id")
      .def_readonly("feasible", &score::Explanation::feasible, "whether every hard constraint is met")
      .def_property_readonly(
          "reason", [](const score::Explanation& x) { return std::string(tokten::to_string(x.reason)); },
          "the first failed hard constraint; 'none' when feasible")
      .def_readonly("message", &score::Explanation::message, "the reason in words; '' when feasible")
      .def_readonly("fit", &score::Explanation::fit, "weighted mean of the terms (0 when infeasible)")
      .def_readonly("priority_multiplier", &score::Explanation::priority_multiplier, "the need's priority multiplier")
      .def_readonly("equity_multiplier", &score::Explanation::equity_multiplier, "the need's equity multiplier")
      .def_readonly("score", &score::Explanation::score, "fit x multipliers; 0 when infeasible")
      .def_readonly("score_if_feasible", &score::Explanation::score_if_feasible,
                    "fit x multipliers, whatever the verdict")
      .def_readonly("terms", &score::Explanation::terms, "list of ScoreTerm: six terms, then the multipliers")
      .def("to_dict", [](const score::Explanation& x) { return json_loads(score::explanation_to_json(x).dump()); },
           R"doc(Every detail as a dict: terms, skills matched, languages, available days.

Returns
-------
dict
    JSON-compatible values only.

Examples
--------
>>> import tokten
>>> problem = tokten.demo_problem(seed=1, experts=20, institutions=5, needs=4)
>>> d = tokten.explain(problem, "exp-10009", "need-5002").to_dict()
>>> d["expert"], d["feasible"]
('exp-10009', True)
)doc")
      .def("__str__", [](const score::Explanation& x) { return score::to_string(x); })
      .def("__repr__", [](const score::Explanation& x) {
        return "<Explanation expert='" + x.expert + "' need='" + x.need + "' " +
               (x.feasible ? "feasible" : "infeasible: " + std::string(tokten::to_string(x.reason))) + ">";
      });

  py::class_<ScoringContext>(m, "ScoringContext", R"doc(A problem and a policy compiled for scoring: build once, score many pairs.

Parameters
----------
problem : Problem
    The planning round; it is copied, so later changes to it are not seen.
policy : ScoringPolicy or None, default None
    None uses the default policy.

Attributes
----------
policy : ScoringPolicy
expert_count, need_count : int

Raises
------
InputError
    An invalid problem or policy, named by its JSON pointer (as validate_problem and
    ScoringPolicy.validate report).

Notes
-----
Building is linear in the size of the problem on average (every id hashed once to a dense
index, the taxonomy's ancestry tabulated). Scoring a pair then compares no strings and
allocates nothing: O(r x s) for r required and s held skills, tens of nanoseconds in practice.
Methods raise KeyError for an unknown expert or need id.

Examples
--------
>>> import tokten
>>> problem = tokten.demo_problem(seed=1, experts=20, institutions=5, needs=4)
>>> context = tokten.ScoringContext(problem, tokten.ScoringPolicy(sibling_decay=0.2))
>>> context.expert_count, context.need_count
(20, 4)
>>> feasible = [(e.id, n.id) for e in problem.experts for n in problem.needs
...             if context.score_pair(e.id, n.id).feasible]
>>> ("exp-10009", "need-5002") in feasible
True
)doc")
      .def(py::init(&make_context), py::arg("problem"), py::arg("policy") = py::none(),
           "Checks the problem and the policy (InputError), then compiles them.")
      .def_property_readonly("policy", &ScoringContext::policy, "the policy in use")
      .def_property_readonly("expert_count", &ScoringContext::expert_count, "number of experts")
      .def_property_readonly("need_count", &ScoringContext::need_count, "number of needs")
      .def(
          "score_pair",
          [](const ScoringContext& c, const std::string& expert, const std::string& need) {
            return pair_result(c, expert_at(c, expert), need_at(c, need));
          },
          py::arg("expert_id"), py::arg("need_id"), R"doc(Verdict and score of a pair.

Parameters
----------
expert_id, need_id : str
    Ids of the context's problem.

Returns
-------
PairScore

Raises
------
KeyError
    An unknown id.

Examples
--------
>>> import tokten
>>> context = tokten.ScoringContext(tokten.demo_problem(seed=1, experts=20, institutions=5, needs=4))
>>> context.score_pair("exp-10001", "need-5001").reason
'availability'
)doc")
      .def(
          "explain",
          [](const ScoringContext& c, const std::string& expert, const std::string& need) {
            const std::size_t e = expert_at(c, expert), n = need_at(c, need);
            py::gil_scoped_release release;
            return score::explain(c, e, n);
          },
          py::arg("expert_id"), py::arg("need_id"), R"doc(The pair's score explained term by term.

Parameters
----------
expert_id, need_id : str
    Ids of the context's problem.

Returns
-------
Explanation

Raises
------
KeyError
    An unknown id.

Examples
--------
>>> import tokten
>>> context = tokten.ScoringContext(tokten.demo_problem(seed=1, experts=20, institutions=5, needs=4))
>>> context.explain("exp-10009", "need-5002").feasible
True
)doc");

  m.def(
      "score_pair",
      [](const Problem& problem, const std::string& expert, const std::string& need,
         const std::optional<ScoringPolicy>& policy) {
        const ScoringContext c = make_context(problem, policy);
        return pair_result(c, expert_at(c, expert), need_at(c, need));
      },
      py::arg("problem"), py::arg("expert_id"), py::arg("need_id"), py::arg("policy") = py::none(),
      R"doc(Verdict and score of one expert-need pair.

Hard constraints first, in this order (the first failure is the reason): the expert takes
missions this round, a remote need needs an expert who can work remotely, an availability
window shares the mission's duration with the need's window, the working language (the need's
first) at its CEFR level, a doctorate for thesis supervision, every essential skill (or a more
specific one) at its level. Then six terms in [0, 1] weighed by the policy: skills, language,
sector, degree, experience, preferences.

Parameters
----------
problem : Problem
    The planning round holding both ids.
expert_id : str
    Id of an expert of the problem.
need_id : str
    Id of a need of the problem.
policy : ScoringPolicy or None, default None
    None uses the default policy.

Returns
-------
PairScore
    ``feasible``, ``reason``, ``message``, ``fit``, the multipliers, ``score`` and ``terms``.

Raises
------
InputError
    An invalid problem or policy.
KeyError
    An unknown expert or need id.

See Also
--------
ScoringContext : compile once to score many pairs.
explain : the same pair in words.

Notes
-----
Compiles the problem at each call, linear in its size: for many pairs build a ScoringContext
once, after which a pair costs O(r x s) for r required and s held skills.

Examples
--------
>>> import tokten
>>> problem = tokten.demo_problem(seed=1, experts=20, institutions=5, needs=4)
>>> tokten.score_pair(problem, "exp-10001", "need-5001")
PairScore(expert='exp-10001', need='need-5001', feasible=False, score=0.0, reason='availability')
>>> round(tokten.score_pair(problem, "exp-10009", "need-5002").score, 2)
1.43
)doc");
  m.def(
      "explain",
      [](const Problem& problem, const std::string& expert, const std::string& need,
         const std::optional<ScoringPolicy>& policy) {
        const ScoringContext c = make_context(problem, policy);
        const std::size_t e = expert_at(c, expert), n = need_at(c, need);
        py::gil_scoped_release release;
        return score::explain(c, e, n);
      },
      py::arg("problem"), py::arg("expert_id"), py::arg("need_id"), py::arg("policy") = py::none(),
      R"doc(The score of one pair explained term by term, and why not when infeasible.

Parameters
----------
problem : Problem
    The planning round holding both ids.
expert_id : str
    Id of an expert of the problem.
need_id : str
    Id of a need of the problem.
policy : ScoringPolicy or None, default None
    None uses the default policy.

Returns
-------
Explanation
    str() of it is readable text; ``to_dict()`` gives every detail.

Raises
------
InputError
    An invalid problem or policy.
KeyError
    An unknown expert or need id.

Notes
-----
Compiles the problem (linear in its size), then explains the pair: which of the expert's
skills meets each requirement and how, the languages, the days that fit, the multipliers.
Explaining allocates; it is meant for the pairs someone looks at.

Examples
--------
>>> import tokten
>>> problem = tokten.demo_problem(seed=1, experts=20, institutions=5, needs=4)
>>> print(str(tokten.explain(problem, "exp-10001", "need-5001")).splitlines()[0])
expert exp-10001 for need need-5001: NOT FEASIBLE (availability): ...
)doc");

  const auto release = py::call_guard<py::gil_scoped_release>();
  m.def("read_policy", &io::read_policy, py::arg("text"), release,
        R"doc(Parse a policy document (JSON text).

Parameters
----------
text : str
    A ``tokten.policy`` document; every field but the header is optional.

Returns
-------
ScoringPolicy
    Absent fields take their defaults.

Raises
------
InputError
    Invalid JSON, a missing header, an unknown field or a value out of its range, named by its
    JSON pointer.

Notes
-----
Linear in the length of the text. The GIL is released meanwhile.

Examples
--------
>>> import tokten
>>> policy = tokten.read_policy('{"format": "tokten.policy", "format_version": 1, "sector_weight": 0.2}')
>>> policy.sector_weight, policy.skills_weight
(0.2, 0.55)
)doc");
  m.def("write_policy", &io::write_policy, py::arg("policy"), py::arg("indent") = 2, release,
        R"doc(The policy as a JSON document (text), every field written.

Parameters
----------
policy : ScoringPolicy
indent : int, default 2
    Spaces per level; -1 writes a single line.

Returns
-------
str
    A ``tokten.policy`` document that reads back to an equal policy.

Raises
------
InputError
    An invalid policy (see ScoringPolicy.validate).

Notes
-----
Constant time: the policy has a fixed number of fields. The GIL is released meanwhile.

Examples
--------
>>> import tokten
>>> policy = tokten.ScoringPolicy(equity_bonus=0.2)
>>> tokten.read_policy(tokten.write_policy(policy)) == policy
True
)doc");
  m.def("load_policy", [](const std::filesystem::path& path) { return io::load_policy(path.string()); },
        py::arg("path"), release, R"doc(Read a policy document from a file.

Parameters
----------
path : str or os.PathLike
    The file's path.

Returns
-------
ScoringPolicy

Raises
------
InputError
    An unreadable file (pointer ``""``) or an invalid document, named by its JSON pointer.

Notes
-----
Linear in the file's size. The GIL is released meanwhile.

Examples
--------
>>> import pathlib, tempfile, tokten
>>> path = pathlib.Path(tempfile.mkdtemp()) / "policy.json"
>>> tokten.save_policy(tokten.ScoringPolicy(sibling_decay=0.2), path)
>>> tokten.load_policy(path).sibling_decay
0.2
)doc");
  m.def(
      "save_policy",
      [](const ScoringPolicy& policy, const std::filesystem::path& path, int indent) {
        io::save_policy(policy, path, indent);
      },
      py::arg("policy"), py::arg("path"), py::arg("indent") = 2, release,
      R"doc(Write a policy document atomically: a failed write leaves an earlier file intact.

Parameters
----------
policy : ScoringPolicy
path : str or os.PathLike
    The file to replace or create.
indent : int, default 2
    Spaces per level; -1 writes a single line.

Returns
-------
None

Raises
------
InputError
    An invalid policy (nothing is written).
RuntimeError
    The file cannot be written, naming the path.

Notes
-----
Constant time apart from the write itself. The GIL is released meanwhile.

Examples
--------
>>> import json, pathlib, tempfile, tokten
>>> path = pathlib.Path(tempfile.mkdtemp()) / "policy.json"
>>> tokten.save_policy(tokten.ScoringPolicy(equity_bonus=0.2), path)
>>> json.loads(path.read_text())["equity_bonus"]
0.2
)doc");
}

}  // namespace tokten::python
