#pragma once
// Dispersion of a programme's output across groups (regions, sectors): how evenly missions or
// beneficiaries are spread.
//
//   gini(x)  = sum_i sum_j |x_i - x_j| / (2 n^2 mean)       0 = equal, (n-1)/n = all in one group
//   theil(x) = (1/n) sum_i (x_i / mean) ln(x_i / mean)      0 = equal, ln n = all in one group
//
// Values are counts or per-capita rates: finite and >= 0 (std::invalid_argument otherwise). An
// empty input or all zeros is perfectly equal (0). Theil takes 0 ln 0 = 0. Running time
// O(n log n) (Gini sorts a copy), O(n) memory.
//
// References: C. Gini (1912), Variabilità e mutabilità; H. Theil (1967), Economics and
// Information Theory; F. Cowell (2011), Measuring Inequality, ch. 3.
//
// Example:
//   std::vector<double> missions_by_region{60, 10, 10, 10, 5, 5};
//   double g = tokten::impact::gini(missions_by_region);   // 0.483...
#include <algorithm>
#include <cmath>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

namespace tokten::impact {

namespace detail {

inline double checked_sum(std::span<const double> values) {
  double total = 0.0;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!std::isfinite(values[i]) || values[i] < 0)
      throw std::invalid_argument("value " + std::to_string(i) + " must be finite and >= 0, got " +
                                  std::to_string(values[i]));
    total += values[i];
  }
  return total;
}

}  // namespace detail

/// The Gini coefficient of non-negative values (see the header comment).
inline double gini(std::span<const double> values) {
  const double total = detail::checked_sum(values);
  const std::size_t n = values.size();
  if (n == 0 || total == 0.0) return 0.0;
  std::vector<double> sorted(values.begin(), values.end());
  std::sort(sorted.begin(), sorted.end());
  // sum_i sum_j |x_i - x_j| = 2 sum_i (2i - n + 1) x_(i) over the sorted values (0-based i).
  double weighted = 0.0;
  for (std::size_t i = 0; i < n; ++i)
    weighted += (2.0 * static_cast<double>(i) - static_cast<double>(n) + 1.0) * sorted[i];
  return weighted / (static_cast<double>(n) * total);
}

/// The Theil T index of non-negative values (see the header comment).
inline double theil(std::span<const double> values) {
  const double total = detail::checked_sum(values);
  const std::size_t n = values.size();
  if (n == 0 || total == 0.0) return 0.0;
  const double mean = total / static_cast<double>(n);
  double sum = 0.0;
  for (const double x : values)
    if (x > 0) sum += (x / mean) * std::log(x / mean);
  return std::max(0.0, sum / static_cast<double>(n));
}

}  // namespace tokten::impact
