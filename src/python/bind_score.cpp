// Python classes and functions for scoring (include/tokten/score): the policy, the pair
// scorer with its hard constraints, explanations, and the Policy document.
#include <cmath>
#include <filesystem>
#include <optional>

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

}  // namespace

void bind_score(py::module_& m) {
  Record<ScoringPolicy> record(m, "ScoringPolicy",
                               "How expert-need pairs are scored: term weights, skill decays, degree "
                               "credits, multipliers. Every keyword defaults as documented in the README.");
  for (const auto& field : score::kPolicyNumbers) record.field(field.name.data(), field.member, field.doc.data());
  record.field("capital_region", &ScoringPolicy::capital_region, score::kCapitalRegionDoc.data());
  record.done()
      .def("to_dict", [](const ScoringPolicy& p) { return json_loads(io::write_policy(p, -1)); },
           "The policy as a dict shaped like its JSON document (every field).")
      .def_static("from_dict", &policy_from_dict, py::arg("document"),
                  "A policy from a dict shaped like the JSON document; absent fields default. "
                  "Raises InputError naming the field.")
      .def("validate",
           [](const ScoringPolicy& p) {
             std::vector<std::pair<std::string, std::string>> out;
             for (const InputIssue& i : score::validate_policy(p)) out.emplace_back(i.pointer, i.message);
             return out;
           },
           "Every issue as (json_pointer, message) pairs; empty when valid.");

  py::class_<PairResult>(m, "PairScore", "The verdict and the score of one expert-need pair.")
      .def_readonly("expert", &PairResult::expert)
      .def_readonly("need", &PairResult::need)
      .def_readonly("feasible", &PairResult::feasible)
      .def_readonly("reason", &PairResult::reason,
                    "the first failed hard constraint: 'none', 'capacity', 'mode', 'availability', "
                    "'working_language', 'doctorate' or 'essential_skill'")
      .def_readonly("message", &PairResult::message, "the reason in words; '' when feasible")
      .def_readonly("fit", &PairResult::fit, "weighted mean of the terms, in [0, 1] (0 when infeasible)")
      .def_readonly("priority_multiplier", &PairResult::priority_multiplier)
      .def_readonly("equity_multiplier", &PairResult::equity_multiplier)
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

  py::class_<score::Explanation>(m, "Explanation",
                                 "Why an expert fits a need, term by term; str() gives the text.")
      .def_readonly("expert", &score::Explanation::expert)
      .def_readonly("need", &score::Explanation::need)
      .def_readonly("feasible", &score::Explanation::feasible)
      .def_property_readonly("reason",
                             [](const score::Explanation& x) { return std::string(tokten::to_string(x.reason)); })
      .def_readonly("message", &score::Explanation::message)
      .def_readonly("fit", &score::Explanation::fit)
      .def_readonly("priority_multiplier", &score::Explanation::priority_multiplier)
      .def_readonly("equity_multiplier", &score::Explanation::equity_multiplier)
      .def_readonly("score", &score::Explanation::score)
      .def_readonly("score_if_feasible", &score::Explanation::score_if_feasible)
      .def_readonly("terms", &score::Explanation::terms, "list of ScoreTerm: six terms, then the multipliers")
      .def("to_dict", [](const score::Explanation& x) { return json_loads(score::explanation_to_json(x).dump()); },
           "Every detail as a dict: terms, skills matched, languages, available days.")
      .def("__str__", [](const score::Explanation& x) { return score::to_string(x); })
      .def("__repr__", [](const score::Explanation& x) {
        return "<Explanation expert='" + x.expert + "' need='" + x.need + "' " +
               (x.feasible ? "feasible" : "infeasible: " + std::string(tokten::to_string(x.reason))) + ">";
      });

  py::class_<ScoringContext>(m, "ScoringContext",
                             "A problem and a policy compiled for scoring: build once, score many pairs.")
      .def(py::init(&make_context), py::arg("problem"), py::arg("policy") = py::none(),
           "Checks the problem and the policy (InputError), then compiles them.")
      .def_property_readonly("policy", &ScoringContext::policy)
      .def_property_readonly("expert_count", &ScoringContext::expert_count)
      .def_property_readonly("need_count", &ScoringContext::need_count)
      .def(
          "score_pair",
          [](const ScoringContext& c, const std::string& expert, const std::string& need) {
            return pair_result(c, expert_at(c, expert), need_at(c, need));
          },
          py::arg("expert_id"), py::arg("need_id"), "Verdict and score of a pair (KeyError for an unknown id).")
      .def(
          "explain",
          [](const ScoringContext& c, const std::string& expert, const std::string& need) {
            const std::size_t e = expert_at(c, expert), n = need_at(c, need);
            py::gil_scoped_release release;
            return score::explain(c, e, n);
          },
          py::arg("expert_id"), py::arg("need_id"), "The pair's score explained.");

  m.def(
      "score_pair",
      [](const Problem& problem, const std::string& expert, const std::string& need,
         const std::optional<ScoringPolicy>& policy) {
        const ScoringContext c = make_context(problem, policy);
        return pair_result(c, expert_at(c, expert), need_at(c, need));
      },
      py::arg("problem"), py::arg("expert_id"), py::arg("need_id"), py::arg("policy") = py::none(),
      "Verdict and score of one pair. Compiles the problem each call: for many pairs build a "
      "ScoringContext once.");
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
      "The score of one pair explained term by term; str() of the result is readable text.");

  const auto release = py::call_guard<py::gil_scoped_release>();
  m.def("read_policy", &io::read_policy, py::arg("text"), release,
        "Parse a policy document (JSON text); raises InputError naming the field.");
  m.def("write_policy", &io::write_policy, py::arg("policy"), py::arg("indent") = 2, release,
        "The policy as a JSON document (text), every field written.");
  m.def("load_policy", [](const std::filesystem::path& path) { return io::load_policy(path.string()); },
        py::arg("path"), release, "Read a policy document from a file; raises InputError.");
  m.def(
      "save_policy",
      [](const ScoringPolicy& policy, const std::filesystem::path& path, int indent) {
        io::save_policy(policy, path, indent);
      },
      py::arg("policy"), py::arg("path"), py::arg("indent") = 2, release,
      "Write a policy document atomically: a failed write leaves an earlier file intact.");
}

}  // namespace tokten::python
