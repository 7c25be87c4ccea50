#pragma once
// The outcome of a planning round: expert-need pairs with their scores and the scores' terms,
// unfilled seats with the reason, and ranked alternates per need.
#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "tokten/model/vocabulary.hpp"

namespace tokten {

enum class Objective { max_weight, max_seats_then_weight };
enum class SolveStatus { optimal, feasible, infeasible };
enum class UnfilledReason { no_feasible_expert, experts_taken, quota, time_conflict, other };

template <>
struct Spelling<Objective> {
  static constexpr std::string_view what = "an objective";
  static constexpr std::array<std::string_view, 2> names{"max_weight", "max_seats_then_weight"};
};
template <>
struct Spelling<SolveStatus> {
  static constexpr std::string_view what = "a status";
  static constexpr std::array<std::string_view, 3> names{"optimal", "feasible", "infeasible"};
};
template <>
struct Spelling<UnfilledReason> {
  static constexpr std::string_view what = "a reason";
  static constexpr std::array<std::string_view, 5> names{
      "no_feasible_expert", "experts_taken", "quota", "time_conflict", "other"};
};

/// One term of a pair's score, in the domain's words.
struct ScoreTerm {
  std::string name;    // e.g. "skills", "language", "equity"
  double value = 0.0;
  std::string detail;  // e.g. "isco:2211 level 4 >= 3"
  friend bool operator==(const ScoreTerm&, const ScoreTerm&) = default;
};

struct AssignedPair {
  std::string expert;
  std::string need;
  double score = 0.0;
  std::vector<ScoreTerm> terms;
  friend bool operator==(const AssignedPair&, const AssignedPair&) = default;
};

struct UnfilledSeats {
  std::string need;
  int seats = 1;
  UnfilledReason reason = UnfilledReason::other;
  std::string detail;
  std::vector<std::string> fixes;  // smallest changes that would fill a seat, when known
  friend bool operator==(const UnfilledSeats&, const UnfilledSeats&) = default;
};

struct Alternate {
  std::string expert;
  double score = 0.0;
  friend bool operator==(const Alternate&, const Alternate&) = default;
};

struct NeedAlternates {
  std::string need;
  std::vector<Alternate> experts;  // best first
  friend bool operator==(const NeedAlternates&, const NeedAlternates&) = default;
};

struct Assignment {
  std::string problem;  // name of the planning round
  Objective objective = Objective::max_weight;
  SolveStatus status = SolveStatus::optimal;
  double total_score = 0.0;
  std::vector<AssignedPair> pairs;
  std::vector<UnfilledSeats> unfilled;
  std::vector<NeedAlternates> alternates;
  friend bool operator==(const Assignment&, const Assignment&) = default;
};

}  // namespace tokten
