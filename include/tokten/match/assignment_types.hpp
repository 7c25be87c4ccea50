#pragma once
// The vocabulary shared by the assignment solvers: MatrixView, Sense, DenseOptions,
// DenseAssignment and VerificationReport. It lives apart from dense_assignment.hpp so that
// hall_witness.hpp and sparse_assignment.hpp need not include the dense solver (which itself
// uses the sparse kernel of sparse_assignment.hpp for its sparsify-and-verify path).

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

#include <unistd.h>

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
  // A matrix whose oriented rows are not contiguous (a column-major rectangle, a transposed or
  // broadcast view) is copied once, in its element type. A copy larger than this many bytes is
  // refused with std::length_error before anything is allocated: a broadcast view of one number
  // can claim terabytes. 0 means half the machine's physical memory.
  std::size_t max_copy_bytes = 0;
};

namespace detail {

// Finite floating entries must be below 2^997 (about 1.3e300) in magnitude: the dual potentials
// reach a few times max |c| and must stay finite for the certificate (verify). A power of two,
// so that the fused validation passes can test it exactly: c * 2^27 overflows to inf iff
// |c| >= 2^997.
inline constexpr double kMaxFiniteEntry = 0x1p997;
inline constexpr double kEntryOverflowScale = 0x1p27;

[[noreturn]] inline void throw_entry_too_large(double value) {
  char shown[32];
  std::snprintf(shown, sizeof shown, "%g", value);
  throw std::invalid_argument(std::string("matrix contains an entry too large in magnitude (") + shown +
                              "): finite entries must be below 2^997, about 1.3e300, so that the dual "
                              "potentials stay finite (forbid a pair with inf, or -inf when maximising)");
}

// Half the physical memory (sysconf), or 4 GiB where it cannot be told.
inline std::size_t default_copy_limit() {
#if defined(_SC_PHYS_PAGES) && defined(_SC_PAGESIZE)
  const long pages = ::sysconf(_SC_PHYS_PAGES), page = ::sysconf(_SC_PAGESIZE);
  if (pages > 0 && page > 0)
    return static_cast<std::size_t>(static_cast<unsigned long long>(pages) / 2 * static_cast<unsigned long long>(page));
#endif
  return std::size_t{4} << 30;
}

// Refuses an n x m copy of `item`-byte entries beyond the limit (overflow-safe).
inline void check_copy_size(std::ptrdiff_t n, std::ptrdiff_t m, std::size_t item, std::size_t limit) {
  if (limit == 0) limit = default_copy_limit();
  const long double bytes = static_cast<long double>(n) * static_cast<long double>(m) * static_cast<long double>(item);
  if (bytes <= static_cast<long double>(limit)) return;
  throw std::length_error(
      "the " + std::to_string(n) + " x " + std::to_string(m) + " cost matrix is read through strides that need a "
      "contiguous copy of " + std::to_string(static_cast<unsigned long long>(std::min(bytes, 1.8e19L))) +
      " bytes, over the limit of " + std::to_string(limit) +
      " bytes (DenseOptions::max_copy_bytes, default half the physical memory); pass a C-contiguous array");
}

}  // namespace detail

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
// `scale` is the largest |entry| (see the verifiers' tolerance).
// Shared by verify_dense_assignment and verify_sparse_assignment.
inline bool larger_side_ok(const DenseAssignment& r, std::ptrdiff_t n, std::ptrdiff_t m,
                           long double sign, double tolerance, long double scale, VerificationReport& rep) {
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
      if (p > static_cast<long double>(tolerance) * (1 + std::fabs(p) + scale)) {
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
