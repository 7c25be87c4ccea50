// Python's end-to-end solve (include/tokten/solve.hpp): tokten._core._solve, wrapped by
// tokten.solve (python/tokten/_solve.py), which turns a dict or a path into a ScoringPolicy and
// draws the progress bar.
#include <optional>

#include <pybind11/functional.h>
#include <pybind11/stl.h>

#include "bindings.hpp"
#include "tokten/solve.hpp"
#include "tokten/synth/isced.hpp"

namespace tokten::python {

namespace py = pybind11;

void bind_solve(py::module_& m) {
  auto cancelled = py::register_exception<Cancelled>(m, "Cancelled", PyExc_RuntimeError);
  cancelled.attr("__doc__") = R"doc(A solve or a sweep stopped by its cancel flag; nothing was returned, nothing is half-done.

A subclass of RuntimeError. Raised by tokten.solve, compare_policies, price_of_equity and
withdrawal_robustness when their ``cancel`` object (a threading.Event) is set.

Examples
--------
>>> import threading, tokten
>>> stop = threading.Event(); stop.set()
>>> try:
...     tokten.solve(tokten.demo_problem(experts=20, needs=5), cancel=stop)
... except tokten.Cancelled as error:
...     print(error)
the solve was cancelled
)doc";

  m.def(
      "_solve",
      // The problem by value: a copy taken with the GIL held, so that another thread changing
      // the Python object cannot touch what the solve reads once the GIL is released.
      [](const Problem problem, const std::optional<score::ScoringPolicy>& policy, Objective objective,
         std::int32_t candidates_per_need, std::int32_t alternates, bool explain, std::int32_t fixes,
         const py::object& progress, const py::object& cancel) {
        SolveOptions options;
        if (policy) options.policy = *policy;
        options.objective = objective;
        options.candidates_per_need = candidates_per_need;
        options.alternates = alternates;
        options.explain_pairs = explain;
        options.fixes = fixes;
        // Each poll takes the GIL back briefly: Ctrl-C (a pending signal) and the cancel flag
        // (anything with is_set(), such as threading.Event); progress calls the caller's callback.
        options.should_stop = [&cancel]() {
          py::gil_scoped_acquire hold;
          if (PyErr_CheckSignals() != 0) throw py::error_already_set();
          return !cancel.is_none() && cancel.attr("is_set")().cast<bool>();
        };
        if (!progress.is_none())
          options.progress = [&progress](std::string_view stage, std::int64_t done, std::int64_t total) {
            py::gil_scoped_acquire hold;
            progress(std::string(stage), done, total);
          };
        py::gil_scoped_release release;
        SolveReport report = solve_report(problem, options);
        return std::make_pair(std::move(report.assignment), format_solve_summary(report));
      },
      py::arg("problem"), py::arg("policy"), py::arg("objective"), py::arg("candidates_per_need"),
      py::arg("alternates"), py::arg("explain"), py::arg("fixes"), py::arg("progress") = py::none(),
      py::arg("cancel") = py::none(), "The end-to-end solve: (Assignment, summary text). Use tokten.solve.");

  m.def("isced_taxonomy", &synth::isced_taxonomy, R"doc(The built-in skill taxonomy: the ISCED-F 2013 fields of education and training.

Broad (two digits), narrow (three) and detailed (four) fields with ids ``isced:NNNN``; a field's
parent is the code without its last digit. The default taxonomy of problem_from_pandas and
read_problem_csv.

Returns
-------
Taxonomy

Examples
--------
>>> import tokten
>>> medicine = next(s for s in tokten.isced_taxonomy().skills if s.id == "isced:0912")
>>> medicine.name, medicine.parent
('Medicine', 'isced:091')
)doc");
}

}  // namespace tokten::python
