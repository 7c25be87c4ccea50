// Python functions for the JSON contract, validation, the demo round and summaries.
#include <pybind11/stl.h>

#include "bindings.hpp"
#include "casters.hpp"
#include "tokten/io/assignment_json.hpp"
#include "tokten/io/atomic_file.hpp"
#include "tokten/io/problem_json.hpp"
#include "tokten/model/summary.hpp"
#include "tokten/synth/demo.hpp"

namespace tokten::python {

namespace py = pybind11;

namespace {

std::vector<std::pair<std::string, std::string>> as_pairs(const std::vector<InputIssue>& issues) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const InputIssue& i : issues) out.emplace_back(i.pointer, i.message);
  return out;
}

}  // namespace

void bind_io(py::module_& m) {
  // tokten.InputError(ValueError) carries .pointer, the JSON pointer of the offending item.
  // The class object lives as long as the module; the translator only borrows it.
  const py::object input_error = py::exception<InputError>(m, "InputError", PyExc_ValueError);
  input_error.attr("pointer") = "";
  input_error.attr("reason") = "";
  static PyObject* input_error_type = input_error.ptr();
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const InputError& e) {
      py::object error = py::reinterpret_borrow<py::object>(input_error_type)(e.what());
      error.attr("pointer") = e.pointer();
      error.attr("reason") = e.message();
      PyErr_SetObject(input_error_type, error.ptr());
    }
  });

  const auto release = py::call_guard<py::gil_scoped_release>();
  m.def("read_problem", &io::read_problem, py::arg("text"), release,
        "Parse a problem document (JSON text) and check it; raises InputError.");
  m.def("load_problem", &io::load_problem, py::arg("path"), release,
        "Read and check a problem document from a file; raises InputError.");
  m.def("write_problem", &io::write_problem, py::arg("problem"), py::arg("indent") = 2, release,
        "The problem as a JSON document (text).");
  m.def("read_assignment", &io::read_assignment, py::arg("text"), release,
        "Parse an assignment document (JSON text); raises InputError.");
  m.def("load_assignment", &io::load_assignment, py::arg("path"), release,
        "Read an assignment document from a file (structure only); raises InputError.");
  m.def("write_assignment", &io::write_assignment, py::arg("assignment"), py::arg("indent") = 2,
        release, "The assignment as a JSON document (text).");
  m.def("write_file_atomically",
        [](const std::string& path, const std::string& content) { io::write_file_atomically(path, content); },
        py::arg("path"), py::arg("content"), release,
        "Replace a file's content atomically (temporary file, then rename).");
  m.def("validate_problem",
        [](const Problem& p) { return as_pairs(validate_problem(p)); }, py::arg("problem"),
        "Every issue found, as (json_pointer, message) pairs; empty when valid.");
  m.def("validate_assignment",
        [](const Problem& p, const Assignment& a) { return as_pairs(validate_assignment(p, a)); },
        py::arg("problem"), py::arg("assignment"),
        "Issues of an assignment against its problem, as (json_pointer, message) pairs.");
  m.def("format_summary", &format_summary, py::arg("problem"), "A planning round in figures, as text.");
  m.def(
      "demo_problem",
      [](std::uint64_t seed, int experts, int institutions, int needs) {
        return synth::demo_problem({seed, experts, institutions, needs});  // ValueError on bad sizes
      },
      py::arg("seed") = 1, py::arg("experts") = 650, py::arg("institutions") = 140,
      py::arg("needs") = 100, release, "The built-in synthetic planning round for this seed.");
}

}  // namespace tokten::python
