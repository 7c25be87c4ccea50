// Python functions for sparse assignment and Hall witnesses. tokten._sparse validates and
// coerces the input (any scipy.sparse matrix to CSR arrays); this file only dispatches on the
// dtypes and reads the arrays in place (no copy, no conversion to float64).
#include <pybind11/numpy.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

#include "bindings.hpp"
#include "tokten/match/hall_witness.hpp"
#include "tokten/match/sparse_assignment.hpp"

namespace tokten::python {

namespace py = pybind11;

namespace {

py::array_t<std::int64_t> to_array(const std::vector<std::int64_t>& x) {
  py::array_t<std::int64_t> a(static_cast<py::ssize_t>(x.size()));
  std::copy(x.begin(), x.end(), a.mutable_data());
  return a;
}

py::object witness_tuple(const std::optional<match::HallWitness>& w) {
  if (!w) return py::none();
  return py::make_tuple(w->rows_side, to_array(w->members), to_array(w->neighbours));
}

// A 1-D array the kernel can read in place: contiguous, aligned, native order.
template <class T>
const T* data_of(const py::array& a, const char* what) {
  if (a.ndim() != 1 || !(a.flags() & py::array::c_style) ||
      reinterpret_cast<std::uintptr_t>(a.data()) % alignof(T) != 0)
    throw std::invalid_argument(std::string(what) + " must be a contiguous, aligned 1-D array");
  return static_cast<const T*>(a.data());
}

template <class T, class I>
match::SparseAssignment solve_typed(py::ssize_t rows, py::ssize_t cols, const py::array& indptr,
                                    const py::array& indices, const py::array& data,
                                    match::Sense sense) {
  if (indptr.size() != rows + 1) throw std::invalid_argument("indptr must have rows + 1 entries");
  const I* off = data_of<I>(indptr, "indptr");
  const std::ptrdiff_t edges = rows > 0 ? static_cast<std::ptrdiff_t>(off[rows]) : 0;
  if (edges < 0 || indices.size() < edges || data.size() < edges)
    throw std::invalid_argument("indices and data must have indptr[-1] entries");
  const match::CsrView<T, I> g{rows, cols, off, data_of<I>(indices, "indices"),
                               data_of<T>(data, "data")};
  py::gil_scoped_release release;
  return match::solve_sparse_assignment(g, sense);
}

template <class T>
match::SparseAssignment solve_indexed(py::ssize_t rows, py::ssize_t cols, const py::array& indptr,
                                      const py::array& indices, const py::array& data,
                                      match::Sense sense) {
  const bool i32 = py::isinstance<py::array_t<std::int32_t>>(indptr) &&
                   py::isinstance<py::array_t<std::int32_t>>(indices);
  const bool i64 = py::isinstance<py::array_t<std::int64_t>>(indptr) &&
                   py::isinstance<py::array_t<std::int64_t>>(indices);
  if (i32) return solve_typed<T, std::int32_t>(rows, cols, indptr, indices, data, sense);
  if (i64) return solve_typed<T, std::int64_t>(rows, cols, indptr, indices, data, sense);
  throw py::type_error("indptr and indices must both be int32 or both int64");
}

py::tuple solve_sparse(py::ssize_t rows, py::ssize_t cols, const py::array& indptr,
                       const py::array& indices, const py::array& data, bool maximize) {
  if (rows < 0 || cols < 0) throw std::invalid_argument("negative shape");
  const match::Sense sense = maximize ? match::Sense::maximize : match::Sense::minimize;
  match::SparseAssignment r;
  if (py::isinstance<py::array_t<double>>(data)) {
    r = solve_indexed<double>(rows, cols, indptr, indices, data, sense);
  } else if (py::isinstance<py::array_t<float>>(data)) {
    r = solve_indexed<float>(rows, cols, indptr, indices, data, sense);
  } else if (py::isinstance<py::array_t<std::int64_t>>(data)) {
    r = solve_indexed<std::int64_t>(rows, cols, indptr, indices, data, sense);
  } else if (py::isinstance<py::array_t<std::int32_t>>(data)) {
    r = solve_indexed<std::int32_t>(rows, cols, indptr, indices, data, sense);
  } else {
    throw py::type_error("unsupported dtype " + py::str(data.dtype()).cast<std::string>() +
                         "; expected float64, float32, int64 or int32 in native order");
  }
  py::array_t<double> u(static_cast<py::ssize_t>(r.row_potential.size()));
  py::array_t<double> v(static_cast<py::ssize_t>(r.col_potential.size()));
  std::copy(r.row_potential.begin(), r.row_potential.end(), u.mutable_data());
  std::copy(r.col_potential.begin(), r.col_potential.end(), v.mutable_data());
  return py::make_tuple(to_array(r.row_to_col), r.total, u, v, r.feasible,
                        witness_tuple(r.witness));
}

template <class T>
py::object dense_witness_typed(const py::array& a, match::Sense sense) {
  const auto item = static_cast<py::ssize_t>(sizeof(T));
  if (a.strides(0) % item != 0 || a.strides(1) % item != 0 ||
      reinterpret_cast<std::uintptr_t>(a.data()) % alignof(T) != 0)
    throw std::invalid_argument("the array must be aligned (strides multiples of the item size)");
  const match::MatrixView<T> view{static_cast<const T*>(a.data()), a.shape(0), a.shape(1),
                                  a.strides(0) / item, a.strides(1) / item};
  std::optional<match::HallWitness> w;
  {
    py::gil_scoped_release release;
    w = match::hall_witness(view, sense);
  }
  return witness_tuple(w);
}

py::object dense_witness(const py::array& a, bool maximize) {
  if (a.ndim() != 2) throw std::invalid_argument("expected a matrix (2-D array)");
  const match::Sense sense = maximize ? match::Sense::maximize : match::Sense::minimize;
  if (py::isinstance<py::array_t<double>>(a)) return dense_witness_typed<double>(a, sense);
  if (py::isinstance<py::array_t<float>>(a)) return dense_witness_typed<float>(a, sense);
  // Integer matrices cannot forbid a pair: always matchable.
  if (py::isinstance<py::array_t<std::int64_t>>(a) ||
      py::isinstance<py::array_t<std::int32_t>>(a) || py::isinstance<py::array_t<std::uint8_t>>(a))
    return py::none();
  throw py::type_error("unsupported dtype " + py::str(a.dtype()).cast<std::string>());
}

}  // namespace

void bind_sparse(py::module_& m) {
  m.def("_solve_sparse_assignment", &solve_sparse, py::arg("rows"), py::arg("cols"),
        py::arg("indptr"), py::arg("indices"), py::arg("data"), py::arg("maximize"),
        "Low-level sparse rectangular assignment; use tokten.min_weight_full_bipartite_matching\n"
        "or tokten.solve_sparse_assignment.\n\n"
        "Reads CSR arrays in place: indptr and indices both int32 or both int64, data float64,\n"
        "float32, int64 or int32, contiguous and native. Every stored entry is an allowed pair.\n"
        "Returns (row_to_col, total, row_potential, col_potential, feasible, witness), witness\n"
        "None or (rows_side, members, neighbours). Raises ValueError for non-finite weights or a\n"
        "malformed graph. The GIL is released during the solve.");
  m.def("_hall_witness_dense", &dense_witness, py::arg("cost_matrix"), py::arg("maximize"),
        "Hall witness of a dense cost matrix under linear_sum_assignment's rules (+inf forbids\n"
        "when minimising, -inf when maximising): None when the smaller side can be matched,\n"
        "else (rows_side, members, neighbours) with fewer neighbours than members.");
}

}  // namespace tokten::python
