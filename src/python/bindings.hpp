#pragma once
// The parts of tokten._core, one file each; module.cpp calls them in order.
#include <pybind11/pybind11.h>

namespace tokten::python {

void bind_model(pybind11::module_& m);
void bind_io(pybind11::module_& m);
void bind_match(pybind11::module_& m);
void bind_sparse(pybind11::module_& m);
void bind_capacitated(pybind11::module_& m);
void bind_score(pybind11::module_& m);
void bind_solve(pybind11::module_& m);
void bind_impact(pybind11::module_& m);
void bind_publish(pybind11::module_& m);
void bind_policies(pybind11::module_& m);
void bind_report(pybind11::module_& m);

}  // namespace tokten::python
