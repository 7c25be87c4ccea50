// Python function for the capacitated assignment (b-matching). tokten._bmatching validates and
// coerces every argument into contiguous arrays of the right dtype; this file only moves them
// into a CapacitatedProblem, solves with the GIL released, and returns a dict of arrays.
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <cstdint>
#include <string>
#include <vector>

#include "bindings.hpp"
#include "tokten/match/capacitated_assignment.hpp"

namespace tokten::python {

namespace py = pybind11;

namespace {

using I64 = py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>;
using F64 = py::array_t<double, py::array::c_style | py::array::forcecast>;

template <class T, class A>
std::vector<T> to_vector(const A& a) {
  const auto* p = a.data();
  return std::vector<T>(p, p + a.size());
}

template <class T>
py::array_t<T> to_array(const std::vector<T>& v) {
  py::array_t<T> a(static_cast<py::ssize_t>(v.size()));
  std::copy(v.begin(), v.end(), a.mutable_data());
  return a;
}

const char* kind_name(match::BindingRule::Kind k) {
  using K = match::BindingRule::Kind;
  switch (k) {
    case K::row_capacity: return "row_capacity";
    case K::row_minimum: return "row_minimum";
    case K::col_capacity: return "col_capacity";
    case K::col_minimum: return "col_minimum";
    case K::row_group_max: return "row_group_max";
    case K::row_group_min: return "row_group_min";
    case K::col_group_max: return "col_group_max";
    case K::col_group_min: return "col_group_min";
    case K::pair: return "pair";
    case K::period: return "period";
    case K::cardinality: return "cardinality";
  }
  return "?";
}

const char* status_name(match::CapacitatedStatus s) {
  switch (s) {
    case match::CapacitatedStatus::optimal: return "optimal";
    case match::CapacitatedStatus::feasible: return "feasible";
    case match::CapacitatedStatus::infeasible: return "infeasible";
    case match::CapacitatedStatus::undecided: return "undecided";
  }
  return "?";
}

std::vector<match::CountBounds> group_bounds(const I64& lo, const I64& hi) {
  std::vector<match::CountBounds> b(static_cast<std::size_t>(lo.size()));
  for (std::size_t k = 0; k < b.size(); ++k) b[k] = {lo.data()[k], hi.data()[k]};
  return b;
}

py::dict solve_capacitated(std::int64_t rows, std::int64_t cols, const I64& indptr,
                           const I64& indices, const F64& data, const I64& row_capacity,
                           const I64& col_capacity, const I64& row_minimum,
                           const I64& col_minimum, const I64& row_group, const I64& row_group_min,
                           const I64& row_group_max, const I64& col_group,
                           const I64& col_group_min, const I64& col_group_max,
                           const I64& pinned_rows, const I64& pinned_cols,
                           const I64& interval_first, const I64& interval_last,
                           bool maximize, bool max_cardinality, bool allow_partial) {
  match::CapacitatedProblem p;
  p.graph.rows = rows;
  p.graph.cols = cols;
  p.graph.row_offset = to_vector<std::int64_t>(indptr);
  p.graph.col_index = to_vector<std::int64_t>(indices);
  p.graph.weight = to_vector<double>(data);
  p.row_capacity = to_vector<std::int64_t>(row_capacity);
  p.col_capacity = to_vector<std::int64_t>(col_capacity);
  p.row_minimum = to_vector<std::int64_t>(row_minimum);
  p.col_minimum = to_vector<std::int64_t>(col_minimum);
  for (const auto g : to_vector<std::int64_t>(row_group)) p.row_group.push_back(static_cast<std::int32_t>(g));
  for (const auto g : to_vector<std::int64_t>(col_group)) p.col_group.push_back(static_cast<std::int32_t>(g));
  p.row_group_bounds = group_bounds(row_group_min, row_group_max);
  p.col_group_bounds = group_bounds(col_group_min, col_group_max);
  for (py::ssize_t k = 0; k < pinned_rows.size(); ++k)
    p.pinned.emplace_back(pinned_rows.data()[k], pinned_cols.data()[k]);
  for (py::ssize_t k = 0; k < interval_first.size(); ++k)
    p.col_interval.push_back({interval_first.data()[k], interval_last.data()[k]});
  p.sense = maximize ? match::Sense::maximize : match::Sense::minimize;
  p.objective = max_cardinality ? match::Objective::max_cardinality : match::Objective::max_weight;
  p.allow_partial = allow_partial;

  match::CapacitatedAssignment r;
  {
    py::gil_scoped_release release;
    r = match::solve_capacitated_assignment(p);
  }
  py::dict out;
  out["status"] = status_name(r.status);
  out["row_ind"] = to_array(r.pair_row);
  out["col_ind"] = to_array(r.pair_col);
  out["total"] = r.total;
  out["bound"] = r.bound;
  out["cardinality_bound"] = r.cardinality_bound;
  out["row_price"] = to_array(r.row_price);
  out["col_price"] = to_array(r.col_price);
  out["pair_price"] = r.pair_price;
  out["flow_solves"] = r.flow_solves;
  if (r.infeasibility) {
    const match::Infeasibility& w = *r.infeasibility;
    py::list rules;
    for (const auto& rule : w.rules) {
      py::dict d;
      d["kind"] = kind_name(rule.kind);
      d["row"] = rule.row;
      d["col"] = rule.col;
      d["bound"] = rule.bound;
      d["requirement"] = rule.requirement;
      rules.append(d);
    }
    py::dict why;
    why["message"] = w.message;
    why["rows"] = to_array(w.rows);
    why["cols"] = to_array(w.cols);
    why["required"] = w.required;
    why["available"] = w.available;
    why["rules"] = rules;
    out["infeasibility"] = why;
  } else {
    out["infeasibility"] = py::none();
  }
  return out;
}

}  // namespace

void bind_capacitated(py::module_& m) {
  m.def("_solve_capacitated", &solve_capacitated, py::arg("rows"), py::arg("cols"),
        py::arg("indptr"), py::arg("indices"), py::arg("data"), py::arg("row_capacity"),
        py::arg("col_capacity"), py::arg("row_minimum"), py::arg("col_minimum"),
        py::arg("row_group"), py::arg("row_group_min"), py::arg("row_group_max"),
        py::arg("col_group"), py::arg("col_group_min"), py::arg("col_group_max"),
        py::arg("pinned_rows"), py::arg("pinned_cols"), py::arg("interval_first"),
        py::arg("interval_last"), py::arg("maximize"), py::arg("max_cardinality"),
        py::arg("allow_partial"),
        "Low-level capacitated assignment on a CSR graph; use tokten.b_matching or\n"
        "tokten.solve_b_matching. Empty arrays mean 'not given'. The GIL is released during the\n"
        "solve; std::invalid_argument becomes ValueError.\n\n"
        "Returns a dict: status ('optimal', 'feasible', 'infeasible' or 'undecided'), row_ind,\n"
        "col_ind, total, bound, cardinality_bound, row_price, col_price, pair_price, flow_solves\n"
        "and infeasibility (None, or a dict of message, rows, cols, required, available and\n"
        "rules, each rule a dict of kind, row, col, bound and requirement).");
}

}  // namespace tokten::python
