#pragma once
// The two ordinal scales of the model.
//
// Proficiency (skills): integers 1..5, in the spirit of O*NET's 1-5 importance scale.
//   1 awareness     knows the vocabulary, can follow the work of others
//   2 working       applies the skill under supervision
//   3 proficient    works alone on routine tasks
//   4 advanced      handles hard cases, can train others
//   5 expert        recognised authority, can supervise research (theses) in the field
//
// Languages: the Common European Framework of Reference (CEFR), A1 < A2 < B1 < B2 < C1 < C2.
#include <array>
#include <optional>
#include <string_view>

namespace tokten {

inline constexpr int kMinProficiency = 1;
inline constexpr int kMaxProficiency = 5;

inline constexpr bool is_proficiency(long long level) {
  return level >= kMinProficiency && level <= kMaxProficiency;
}

inline constexpr std::string_view proficiency_name(int level) {
  constexpr std::array<std::string_view, 5> names{"awareness", "working", "proficient", "advanced",
                                                  "expert"};
  return is_proficiency(level) ? names[static_cast<std::size_t>(level - 1)] : "invalid";
}

enum class Cefr { A1 = 1, A2, B1, B2, C1, C2 };

inline constexpr std::array<std::string_view, 6> kCefrNames{"A1", "A2", "B1", "B2", "C1", "C2"};

inline constexpr std::string_view to_string(Cefr level) {
  return kCefrNames[static_cast<std::size_t>(static_cast<int>(level) - 1)];
}

inline constexpr std::optional<Cefr> parse_cefr(std::string_view text) {
  for (std::size_t i = 0; i < kCefrNames.size(); ++i)
    if (kCefrNames[i] == text) return static_cast<Cefr>(static_cast<int>(i) + 1);
  return std::nullopt;
}

}  // namespace tokten
