// The programme report (include/tokten/report/html_report.hpp) for tokten.report.
#include <map>
#include <optional>

#include <pybind11/stl.h>

#include "bindings.hpp"
#include "tokten/io/report_json.hpp"
#include "tokten/report/html_report.hpp"

namespace tokten::python {

namespace py = pybind11;

void bind_report(py::module_& m) {
  // One set of arguments for both forms of the report: the page and its data.
  auto bind = [&m](const char* name, bool html, const char* doc) {
    m.def(
        name,
        [html](const std::optional<impact::Ledger>& ledger, const std::optional<Problem>& problem,
               const std::optional<score::ScoringPolicy>& policy, const std::string& title, const std::string& capital,
               const std::map<std::string, double>& population, std::int64_t k, const std::vector<double>& bonuses,
               double withdrawal_probability, std::int32_t trials, std::uint64_t seed,
               std::int32_t candidates_per_need) {
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
          const report::ReportData data = report::report_data(ledger ? &*ledger : nullptr, problem ? &*problem : nullptr, options);
          return html ? report::render_html(data) : io::write_report_data(data);
        },
        py::arg("ledger"), py::arg("problem"), py::arg("policy"), py::arg("title"), py::arg("capital"),
        py::arg("population"), py::arg("k"), py::arg("bonuses"), py::arg("withdrawal_probability"), py::arg("trials"),
        py::arg("seed"), py::arg("candidates_per_need"), doc);
  };
  bind("_html_report", true, "The report's HTML text. Use tokten.report.");
  bind("_report_data_json", false, "The report's tokten.report document. Use tokten.report_data.");
}

}  // namespace tokten::python
