// The sizes of the heaviest randomized and hang-guard tests: full in the release build, a quarter
// in the sanitizer build (CMakePresets.json's asan-ubsan: clang at -O0, where they run about five
// times slower). There the point is memory and undefined-behaviour errors, which the smaller runs
// reach through the same code; the release build keeps the full counts.
#pragma once

namespace tokten::test {

#if defined(TOKTEN_SANITIZED)
inline constexpr int kSizeDivisor = 4;
#else
inline constexpr int kSizeDivisor = 1;
#endif

// n in the release build, n / 4 under the sanitizers.
constexpr int scaled(int n) { return n / kSizeDivisor; }

}  // namespace tokten::test
