// The programme report (include/tokten/report/html_report.hpp) for tokten.report.
#include <map>
#include <optional>

#include <pybind11/stl.h>

#include "bindings.hpp"
#include "tokten/report/html_report.hpp"

namespace tokten::python {

namespace py = pybind11;

void bind_report(py::module_& m) {
  m.def(
      "_html_report",
      [](const std::optional<impact::Ledger>& ledger, const std::optional<Problem>& problem,
         const std::optional<score::ScoringPolicy>& policy, const std::string& title, const std::string& capital,
         const std::map<std::string, double>& population, std::int64_t k, const std::vector<double>& bonuses,
         double withdrawal_probability, std::int32_t trials, std::uint64_t seed, std::int32_t candidates_per_need) {
        report::ReportOptions options;
        if (policy) options.solve.policy = *policy;
        options.solve.candidates_per_need = candidates_per_need;
        options.title = title;
        options.capital = capital;
        options.population = population;
        options.k = k;
        options.bonuses = bonuses;
        options.withdrawal_probability = withdrawal_probability;
        options.trials = trials;
        options.seed = seed;
        py::gil_scoped_release release;
        return report::html_report(ledger ? &*ledger : nullptr, problem ? &*problem : nullptr, options);
      },
      py::arg("ledger"), py::arg("problem"), py::arg("policy"), py::arg("title"), py::arg("capital"),
      py::arg("population"), py::arg("k"), py::arg("bonuses"), py::arg("withdrawal_probability"), py::arg("trials"),
      py::arg("seed"), py::arg("candidates_per_need"), "The report's HTML text. Use tokten.report.");
}

}  // namespace tokten::python
