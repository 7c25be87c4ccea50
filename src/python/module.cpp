// tokten._core: the compiled half of the Python package. Bindings only, no logic.
#include "bindings.hpp"
#include "tokten/version.hpp"

PYBIND11_MODULE(_core, m) {
  m.doc() = "tokten's compiled core; use the tokten package, not this module.";
  m.attr("__version__") = tokten::version;
  tokten::python::bind_model(m);
  tokten::python::bind_io(m);
  tokten::python::bind_match(m);
  tokten::python::bind_sparse(m);
  tokten::python::bind_capacitated(m);
  tokten::python::bind_score(m);
  tokten::python::bind_solve(m);
  tokten::python::bind_impact(m);
  tokten::python::bind_publish(m);
  tokten::python::bind_policies(m);
  tokten::python::bind_report(m);
}
