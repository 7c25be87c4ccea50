// Python's end-to-end solve (include/tokten/solve.hpp): tokten._core._solve, wrapped by
// tokten.solve (python/tokten/_solve.py), which turns a dict or a path into a ScoringPolicy.
#include <optional>

#include <pybind11/stl.h>

#include "bindings.hpp"
#include "tokten/solve.hpp"

namespace tokten::python {

namespace py = pybind11;

void bind_solve(py::module_& m) {
  m.def(
      "_solve",
      [](const Problem& problem, const std::optional<score::ScoringPolicy>& policy, Objective objective,
         std::int32_t candidates_per_need, std::int32_t alternates, bool explain, std::int32_t fixes) {
        SolveOptions options;
        if (policy) options.policy = *policy;
        options.objective = objective;
        options.candidates_per_need = candidates_per_need;
        options.alternates = alternates;
        options.explain_pairs = explain;
        options.fixes = fixes;
        py::gil_scoped_release release;
        SolveReport report = solve_report(problem, options);
        return std::make_pair(std::move(report.assignment), format_solve_summary(report));
      },
      py::arg("problem"), py::arg("policy"), py::arg("objective"), py::arg("candidates_per_need"),
      py::arg("alternates"), py::arg("explain"), py::arg("fixes"),
      "The end-to-end solve: (Assignment, summary text). Use tokten.solve.");
}

}  // namespace tokten::python
