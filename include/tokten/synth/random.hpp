#pragma once
// A seeded generator whose draws are the same on every platform and standard library
// (std::uniform_int_distribution is not), so that a seed names one demo programme everywhere.
#include <cstdint>
#include <stdexcept>
#include <string_view>
#include <vector>

namespace tokten::synth {

class Random {
 public:
  explicit Random(std::uint64_t seed) : state_(seed) {}

  /// SplitMix64 (Steele, Lea and Flood 2014).
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }

  /// Uniform in [0, 1).
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

  /// Uniform integer in [lo, hi], unbiased: draws below 2^64 mod range are rejected.
  int between(int lo, int hi) {
    if (hi < lo) throw std::invalid_argument("Random::between: empty range");
    const std::uint64_t range = static_cast<std::uint64_t>(static_cast<std::int64_t>(hi) - lo) + 1;
    const std::uint64_t reject_below = (0 - range) % range;
    for (;;) {
      const std::uint64_t x = next();
      if (x >= reject_below) return lo + static_cast<int>(x % range);
    }
  }

  bool chance(double p) { return uniform() < p; }

  /// An index drawn with the given (non-negative, not all zero) weights.
  std::size_t weighted(const std::vector<double>& weights) {
    double total = 0;
    for (double w : weights) total += w;
    double x = uniform() * total;
    for (std::size_t i = 0; i < weights.size(); ++i) {
      if (x < weights[i]) return i;
      x -= weights[i];
    }
    return weights.size() - 1;
  }

  template <class T>
  const T& pick(const std::vector<T>& items) {
    return items[static_cast<std::size_t>(between(0, static_cast<int>(items.size()) - 1))];
  }

 private:
  std::uint64_t state_;
};

}  // namespace tokten::synth
