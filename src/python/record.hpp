#pragma once
// Binds a plain C++ struct as a Python class: keyword-only constructor over its fields,
// read-write attributes, equality and a readable repr. Attributes are values: reading
// problem.needs gives copies, so change a list by assigning a new one (problem.needs = [...]).
// The class docstring is NumPy style, built from the fields: each one's type, its default (the
// repr of a default-constructed value's attribute) and its meaning, then the Examples given.
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
      : class_(m, name, doc),
        name_(name),
        summary_(doc),
        fields_(std::make_shared<std::vector<std::string>>()) {}

  /// A field: its Python name, the member, its Python type as shown in the docstring
  /// ("str", "list of SkillLevel", ...) and its meaning.
  template <class Field>
  Record& field(const char* name, Field T::*member, const char* type, const char* doc) {
    // By value, not def_readwrite: its list elements would point into the C++ vector and dangle
    // once the list attribute is reassigned.
    class_.def_property(
        name, [member](const T& self) { return self.*member; },
        [member](T& self, Field value) { self.*member = std::move(value); }, doc);
    fields_->push_back(name);
    types_.emplace_back(type);
    docs_.emplace_back(doc);
    return *this;
  }

  /// Adds the constructor, __eq__, __repr__ and the class docstring; call after the last field.
  /// `examples` is the body of the docstring's Examples section (doctest lines), or null.
  py::class_<T>& done(const char* examples = nullptr) {
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
    // copy.copy and copy.deepcopy: the C++ value is copied whole (members are values).
    class_.def("__copy__", [](const T& self) { return T(self); });
    class_.def("__deepcopy__", [](const T& self, const py::object&) { return T(self); }, py::arg("memo"));
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
    class_.attr("__doc__") = docstring(examples);
    return class_;
  }

 private:
  std::string docstring(const char* examples) const {
    const py::object defaults = py::cast(T{});
    std::string text = summary_ + "\n\nParameters\n----------\n";
    for (std::size_t i = 0; i < fields_->size(); ++i) {
      const std::string& name = (*fields_)[i];
      const std::string shown = py::repr(defaults.attr(name.c_str()));
      text += name + " : " + types_[i] + ", default " + shown + "\n    " + docs_[i] + "\n";
    }
    text +=
        "\nEvery parameter is keyword-only and is also a read-write attribute of the same name.\n"
        "Attributes are values: a list attribute returns a copy, so change it by assigning a\n"
        "new list. Instances compare equal when every field is equal.\n";
    if (examples) text += "\nExamples\n--------\n" + std::string(examples);
    return text;
  }

  static std::string join(const std::vector<std::string>& names) {
    std::string out;
    for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
    return out;
  }

  py::class_<T> class_;
  std::string name_;
  std::string summary_;
  std::shared_ptr<std::vector<std::string>> fields_;
  std::vector<std::string> types_;
  std::vector<std::string> docs_;
};

}  // namespace tokten::python
