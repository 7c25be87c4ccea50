// Python functions for the assignment engine: the dense rectangular assignment kernel.
// tokten._lsap validates and coerces the input; this file only dispatches on the dtype and reads
// the array in place through its strides (no copy, no conversion to float64).
#include <pybind11/numpy.h>

#include <cstdint>
#include <stdexcept>
#include <tuple>

#include "bindings.hpp"
#include "tokten/match/dense_assignment.hpp"

namespace tokten::python {

namespace py = pybind11;

namespace {

template <class T>
match::MatrixView<T> view_of(const py::array& a) {
  const auto item = static_cast<py::ssize_t>(sizeof(T));
  if (a.strides(0) % item != 0 || a.strides(1) % item != 0 ||
      reinterpret_cast<std::uintptr_t>(a.data()) % alignof(T) != 0)
    throw std::invalid_argument("the array must be aligned (strides multiples of the item size)");
  return {static_cast<const T*>(a.data()), a.shape(0), a.shape(1), a.strides(0) / item,
          a.strides(1) / item};
}

template <class T>
match::DenseAssignment solve_typed(const py::array& a, match::Sense sense) {
  const match::MatrixView<T> view = view_of<T>(a);
  py::gil_scoped_release release;
  return match::solve_dense_assignment(view, sense);
}

py::tuple solve_dense(const py::array& a, bool maximize) {
  if (a.ndim() != 2) throw std::invalid_argument("expected a matrix (2-D array)");
  const match::Sense sense = maximize ? match::Sense::maximize : match::Sense::minimize;

  match::DenseAssignment r;
  if (py::isinstance<py::array_t<double>>(a)) {
    r = solve_typed<double>(a, sense);
  } else if (py::isinstance<py::array_t<float>>(a)) {
    r = solve_typed<float>(a, sense);
  } else if (py::isinstance<py::array_t<std::int64_t>>(a)) {
    r = solve_typed<std::int64_t>(a, sense);
  } else if (py::isinstance<py::array_t<std::int32_t>>(a)) {
    r = solve_typed<std::int32_t>(a, sense);
  } else if (py::isinstance<py::array_t<std::uint8_t>>(a)) {
    r = solve_typed<std::uint8_t>(a, sense);
  } else {
    throw py::type_error("unsupported dtype " + py::str(a.dtype()).cast<std::string>() +
                         "; expected float64, float32, int64, int32 or uint8 in native order");
  }

  const py::ssize_t rows = a.shape(0), cols = a.shape(1);
  py::ssize_t pairs = 0;
  for (const std::int64_t j : r.row_to_col) pairs += j >= 0 ? 1 : 0;
  py::array_t<std::int64_t> row_ind(pairs), col_ind(pairs);
  auto ri = row_ind.mutable_unchecked<1>();
  auto ci = col_ind.mutable_unchecked<1>();
  py::ssize_t k = 0;
  for (py::ssize_t i = 0; i < rows; ++i) {
    const std::int64_t j = r.row_to_col[static_cast<std::size_t>(i)];
    if (j < 0) continue;
    ri(k) = i;
    ci(k) = j;
    ++k;
  }
  py::array_t<double> u(static_cast<py::ssize_t>(r.row_potential.size()));
  py::array_t<double> v(static_cast<py::ssize_t>(r.col_potential.size()));
  std::copy(r.row_potential.begin(), r.row_potential.end(), u.mutable_data());
  std::copy(r.col_potential.begin(), r.col_potential.end(), v.mutable_data());
  (void)cols;
  return py::make_tuple(row_ind, col_ind, r.total, u, v, r.feasible);
}

}  // namespace

void bind_match(py::module_& m) {
  m.def("_solve_dense_assignment", &solve_dense, py::arg("cost_matrix"), py::arg("maximize"),
        "Low-level dense rectangular assignment; use tokten.linear_sum_assignment.\n\n"
        "Accepts a 2-D array of float64, float32, int64, int32 or uint8 (native byte order, any\n"
        "strides) without copying it and returns (row_ind, col_ind, total, row_potential,\n"
        "col_potential, feasible); row_ind is sorted. Raises ValueError for NaN, -inf when\n"
        "minimising or +inf when maximising. The GIL is released during the solve.");
}

}  // namespace tokten::python
