#pragma once
// Binds a plain C++ struct as a Python class: keyword-only constructor over its fields,
// read-write attributes, equality and a readable repr. Attributes are values: reading
// problem.needs gives copies, so change a list by assigning a new one (problem.needs = [...]).
#include <memory>
#include <string>
#include <vector>

#include <pybind11/operators.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "casters.hpp"

namespace tokten::python {

namespace py = pybind11;

template <class T>
class Record {
 public:
  Record(py::module_& m, const char* name, const char* doc)
      : class_(m, name, doc), name_(name), fields_(std::make_shared<std::vector<std::string>>()) {}

  template <class Field>
  Record& field(const char* name, Field T::*member, const char* doc) {
    // By value, not def_readwrite: its list elements would point into the C++ vector and dangle
    // once the list attribute is reassigned.
    class_.def_property(
        name, [member](const T& self) { return self.*member; },
        [member](T& self, Field value) { self.*member = std::move(value); }, doc);
    fields_->push_back(name);
    return *this;
  }

  /// Adds the constructor, __eq__ and __repr__; call after the last field.
  py::class_<T>& done() {
    auto fields = fields_;
    std::string type_name = name_;
    class_.def(py::init([fields, type_name](const py::kwargs& kwargs) {
                 py::object self = py::cast(T{});
                 for (auto item : kwargs) {
                   const std::string key = py::str(item.first);
                   bool known = false;
                   for (const auto& f : *fields) known = known || f == key;
                   if (!known)
                     throw py::type_error(type_name + "() got an unexpected keyword argument '" + key + "'");
                   self.attr(key.c_str()) = item.second;
                 }
                 return self.cast<T>();
               }),
               ("Keyword arguments: " + join(*fields) + ".").c_str());
    class_.def(py::self == py::self);
    class_.def("__repr__", [fields, type_name](const py::object& self) {
      std::string text = type_name + "(";
      for (std::size_t i = 0; i < fields->size(); ++i) {
        const py::object value = self.attr((*fields)[i].c_str());
        std::string shown = py::isinstance<py::list>(value)
                                ? "[" + std::to_string(py::len(value)) + " items]"
                                : std::string(py::repr(value));
        text += (i ? ", " : "") + (*fields)[i] + "=" + shown;
      }
      return text + ")";
    });
    return class_;
  }

 private:
  static std::string join(const std::vector<std::string>& names) {
    std::string out;
    for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
    return out;
  }

  py::class_<T> class_;
  std::string name_;
  std::shared_ptr<std::vector<std::string>> fields_;
};

}  // namespace tokten::python
