#pragma once
// The vocabulary shared by the assignment solvers: MatrixView, Sense, DenseOptions,
// DenseAssignment and VerificationReport. It lives apart from dense_assignment.hpp so that
// hall_witness.hpp and sparse_assignment.hpp need not include the dense solver (which itself
// uses the sparse kernel of sparse_assignment.hpp for its sparsify-and-verify path).

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace tokten::match {

// A read-only strided view of a matrix: element (i, j) is data[i * row_stride + j * col_stride].
// Strides count elements, not bytes, and may be negative (data then points at element (0, 0)).
// Row-major, column-major and transposed matrices (numpy arrays of any strides) are read
// without a copy.
template <class T>
struct MatrixView {
  const T* data = nullptr;
  std::ptrdiff_t rows = 0;
  std::ptrdiff_t cols = 0;
  std::ptrdiff_t row_stride = 0;
  std::ptrdiff_t col_stride = 1;

  static MatrixView row_major(const T* p, std::ptrdiff_t r, std::ptrdiff_t c) {
    return {p, r, c, c, 1};
  }
  static MatrixView col_major(const T* p, std::ptrdiff_t r, std::ptrdiff_t c) {
    return {p, r, c, 1, r};
  }
  MatrixView transposed() const { return {data, cols, rows, col_stride, row_stride}; }
  const T& operator()(std::ptrdiff_t i, std::ptrdiff_t j) const {
    return data[i * row_stride + j * col_stride];
  }
};

enum class Sense { minimize, maximize };

// Tuning of solve_dense_assignment (the defaults suit every size; tests lower the threshold to
// exercise the sparsify-and-verify path on small matrices).
struct DenseOptions {
  // Sparsify-and-verify (dense_sparsify.hpp) is tried when min(rows, cols) >= this, for floating
  // input and integers with |c| <= 2^40; 0 or less disables it.
  std::ptrdiff_t sparsify_min_size = 256;
  int sparsify_k = 10;    // entries kept per row
  int sparsify_kcol = 4;  // entries kept per column (square matrices)
  // Rectangles take the sparsify path too when min(rows, cols) >= this (its rectangular scheme
  // re-solves from scratch after each verification round). Off by default: on the benchmark's
  // 1:2 rectangles the dense initialisation is about as fast or faster.
  std::ptrdiff_t sparsify_rect_min_size = 0;
};

struct DenseAssignment {
  bool feasible = false;
  std::vector<std::int64_t> row_to_col;  // size rows; -1 when the row is unmatched
  std::vector<std::int64_t> col_to_row;  // size cols; -1 when the column is unmatched
  double total = 0.0;                    // sum of the matched entries; NaN when infeasible
  std::vector<double> row_potential;     // u, in the original sense (see the certificate)
  std::vector<double> col_potential;     // v
};

// The outcome of verify_dense_assignment (and the other verifiers): true when every check
// passed; otherwise `message` names the first failed check.
struct VerificationReport {
  bool ok = true;
  std::string message;
  explicit operator bool() const { return ok; }
};

namespace detail {

// The larger side's part of a rectangle's certificate (see dense_assignment.hpp): every potential
// finite, <= 0 in the minimising sense (`sign` -1 when maximising), exactly 0 where unmatched.
// Shared by verify_dense_assignment and verify_sparse_assignment.
inline bool larger_side_ok(const DenseAssignment& r, std::ptrdiff_t n, std::ptrdiff_t m,
                           long double sign, double tolerance, VerificationReport& rep) {
  const auto check = [&](const std::vector<double>& pot, const std::vector<std::int64_t>& mate,
                         const char* what) {
    for (std::size_t x = 0; x < pot.size(); ++x) {
      const long double p = sign * static_cast<long double>(pot[x]);
      if (!std::isfinite(p)) {
        rep.message = std::string(what) + " potential not finite";
        return false;
      }
      if (mate[x] < 0 && p != 0) {
        rep.message = std::string(what) + " potential of an unmatched entry is not 0";
        return false;
      }
      if (p > static_cast<long double>(tolerance) * (1 + std::fabs(p))) {
        rep.message = std::string(what) + " potential on the larger side has the wrong sign";
        return false;
      }
    }
    return true;
  };
  if (m > n && !check(r.col_potential, r.col_to_row, "column")) return false;
  if (n > m && !check(r.row_potential, r.row_to_col, "row")) return false;
  return true;
}

}  // namespace detail

}  // namespace tokten::match
