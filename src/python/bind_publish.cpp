// Python functions for safe publication (tokten/publish/suppression.hpp). tokten._publish checks
// and converts the DataFrames into int64 arrays; this file only moves them into a
// PublicationTable, runs suppress or audit with the GIL released, and returns a dict of arrays.
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <cstdint>
#include <string>
#include <vector>

#include "bindings.hpp"
#include "tokten/publish/suppression.hpp"

namespace tokten::python {

namespace py = pybind11;

namespace {

using I64 = py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>;
using U8 = py::array_t<std::uint8_t, py::array::c_style | py::array::forcecast>;
using Bool = py::array_t<bool, py::array::c_style | py::array::forcecast>;

std::vector<std::int64_t> to_vector(const I64& a) { return {a.data(), a.data() + a.size()}; }

publish::PublicationTable table_of(const I64& values, const I64& experts, const I64& row_experts,
                                   const I64& col_experts, std::int64_t total_experts) {
  if (values.ndim() != 2 || experts.ndim() != 2)
    throw py::value_error("values and experts must be 2-D arrays");
  if (experts.shape(0) != values.shape(0) || experts.shape(1) != values.shape(1))
    throw py::value_error("values and experts must have the same shape");
  publish::PublicationTable t;
  t.rows = static_cast<std::int32_t>(values.shape(0));
  t.cols = static_cast<std::int32_t>(values.shape(1));
  t.values = to_vector(values);
  t.experts = to_vector(experts);
  t.row_experts = to_vector(row_experts);
  t.col_experts = to_vector(col_experts);
  t.total_experts = total_experts;
  return t;
}

publish::SuppressionOptions options_of(std::int64_t k, std::int64_t protection, double ratio,
                                       const std::string& cost) {
  publish::SuppressionOptions o;
  o.k = k;
  o.protection = protection;
  o.protection_ratio = ratio;
  if (cost == "value") {
    o.cost = publish::SuppressionOptions::Cost::value;
  } else if (cost == "cells") {
    o.cost = publish::SuppressionOptions::Cost::cells;
  } else {
    throw py::value_error("cost must be 'value' or 'cells', got '" + cost + "'");
  }
  return o;
}

template <class T, class V>
py::array_t<T> to_array(const V& v) {
  py::array_t<T> a(static_cast<py::ssize_t>(v.size()));
  for (std::size_t k = 0; k < v.size(); ++k) a.mutable_data()[k] = static_cast<T>(v[k]);
  return a;
}

py::dict suppress_table(const I64& values, const I64& experts, const I64& row_experts,
                        const I64& col_experts, std::int64_t total_experts, std::int64_t k,
                        std::int64_t protection, double protection_ratio, const std::string& cost) {
  const auto t = table_of(values, experts, row_experts, col_experts, total_experts);
  const auto o = options_of(k, protection, protection_ratio, cost);
  publish::SuppressionResult r;
  {
    py::gil_scoped_release release;
    r = publish::suppress(t, o);
  }
  py::dict out;
  out["cells"] = to_array<std::uint8_t>(r.suppressed).reshape({values.shape(0), values.shape(1)});
  out["row_totals"] = to_array<bool>(r.row_total_suppressed);
  out["col_totals"] = to_array<bool>(r.col_total_suppressed);
  out["grand_total"] = r.grand_total_suppressed;
  return out;
}

py::dict audit_table(const I64& values, const I64& experts, const I64& row_experts,
                     const I64& col_experts, std::int64_t total_experts, const U8& cells,
                     const Bool& row_totals, const Bool& col_totals, bool grand_total,
                     std::int64_t k, std::int64_t protection, double protection_ratio) {
  const auto t = table_of(values, experts, row_experts, col_experts, total_experts);
  const auto o = options_of(k, protection, protection_ratio, "value");
  publish::SuppressionResult r;
  r.suppressed.assign(cells.data(), cells.data() + cells.size());
  r.row_total_suppressed.assign(row_totals.data(), row_totals.data() + row_totals.size());
  r.col_total_suppressed.assign(col_totals.data(), col_totals.data() + col_totals.size());
  r.grand_total_suppressed = grand_total;
  publish::AuditReport a;
  {
    py::gil_scoped_release release;
    a = publish::audit(t, r, o);
  }
  std::vector<std::int64_t> exposed_row, exposed_col;
  for (const auto& c : a.exposed) {
    exposed_row.push_back(c.row);
    exposed_col.push_back(c.col);
  }
  std::vector<std::int64_t> row, col, lo, hi, value, required;
  std::vector<bool> unbounded, is_protected, sensitive;
  for (const auto& c : a.cells) {
    row.push_back(c.row);
    col.push_back(c.col);
    lo.push_back(c.lo);
    unbounded.push_back(c.hi == publish::kUnbounded);
    hi.push_back(c.hi == publish::kUnbounded ? -1 : c.hi);
    value.push_back(c.value);
    required.push_back(c.required);
    is_protected.push_back(c.protected_);
    sensitive.push_back(c.sensitive);
  }
  py::dict out;
  out["safe"] = a.safe;
  out["failures"] = a.failures;
  out["row"] = to_array<std::int64_t>(row);
  out["col"] = to_array<std::int64_t>(col);
  out["lo"] = to_array<std::int64_t>(lo);
  out["hi"] = to_array<std::int64_t>(hi);
  out["unbounded"] = to_array<bool>(unbounded);
  out["value"] = to_array<std::int64_t>(value);
  out["required"] = to_array<std::int64_t>(required);
  out["protected"] = to_array<bool>(is_protected);
  out["sensitive"] = to_array<bool>(sensitive);
  out["exposed_row"] = to_array<std::int64_t>(exposed_row);
  out["exposed_col"] = to_array<std::int64_t>(exposed_col);
  return out;
}

}  // namespace

void bind_publish(py::module_& m) {
  m.def("_suppress_table", &suppress_table, py::arg("values"), py::arg("experts"),
        py::arg("row_experts"), py::arg("col_experts"), py::arg("total_experts"), py::arg("k"),
        py::arg("protection"), py::arg("protection_ratio"), py::arg("cost"),
        "Low-level primary and complementary suppression of a 2-D int64 table; use\n"
        "tokten.publish_table. Empty row_experts/col_experts and total_experts = -1 mean unknown.\n"
        "Returns a dict: cells (uint8, 0 published, 1 primary, 2 complementary), row_totals,\n"
        "col_totals (bool arrays) and grand_total (bool). The GIL is released during the work;\n"
        "std::invalid_argument becomes ValueError.");
  m.def("_audit_table", &audit_table, py::arg("values"), py::arg("experts"),
        py::arg("row_experts"), py::arg("col_experts"), py::arg("total_experts"),
        py::arg("cells"), py::arg("row_totals"), py::arg("col_totals"), py::arg("grand_total"),
        py::arg("k"), py::arg("protection"), py::arg("protection_ratio"),
        "Low-level audit of a suppression pattern; use tokten.audit_table. Returns a dict: safe,\n"
        "failures, per withheld number the arrays row, col (-1 for a total), lo, hi (-1 when\n"
        "unbounded), unbounded, value, required, protected and sensitive, and exposed_row,\n"
        "exposed_col: the sensitive numbers left published.");
}

}  // namespace tokten::python
