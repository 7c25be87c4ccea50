#pragma once
// The closed word lists of the programme, with their spellings in the JSON contract.
#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace tokten {

/// Sectors of the programme (the five published ones, plus public administration and other).
enum class Sector { education, health, engineering, agriculture, sme, administration, other };

enum class InstitutionKind {
  university,
  hospital,
  ministry,  // a ministry or a government agency
  local_authority,  // collectivité territoriale
  public_enterprise,
  research_institute,
  other
};

/// Highest-first ordering is not implied; a doctorate is what thesis supervision requires.
enum class DegreeLevel { bachelor, master, doctorate, other };

/// Where a mission takes place.
enum class MissionMode { on_site, remote, either };

template <class Enum>
struct Spelling;

template <>
struct Spelling<Sector> {
  static constexpr std::string_view what = "a sector";
  static constexpr std::array<std::string_view, 7> names{
      "education", "health", "engineering", "agriculture", "sme", "administration", "other"};
};
template <>
struct Spelling<InstitutionKind> {
  static constexpr std::string_view what = "an institution kind";
  static constexpr std::array<std::string_view, 7> names{
      "university",        "hospital",           "ministry", "local_authority",
      "public_enterprise", "research_institute", "other"};
};
template <>
struct Spelling<DegreeLevel> {
  static constexpr std::string_view what = "a degree level";
  static constexpr std::array<std::string_view, 4> names{"bachelor", "master", "doctorate",
                                                         "other"};
};
template <>
struct Spelling<MissionMode> {
  static constexpr std::string_view what = "a mission mode";
  static constexpr std::array<std::string_view, 3> names{"on_site", "remote", "either"};
};

template <class Enum>
constexpr std::string_view to_string(Enum value) {
  return Spelling<Enum>::names[static_cast<std::size_t>(value)];
}

template <class Enum>
constexpr std::optional<Enum> parse_enum(std::string_view text) {
  const auto& names = Spelling<Enum>::names;
  for (std::size_t i = 0; i < names.size(); ++i)
    if (names[i] == text) return static_cast<Enum>(i);
  return std::nullopt;
}

/// "one of: a, b, c", for error messages.
template <class Enum>
std::string spelling_list() {
  std::string list = "one of ";
  const auto& names = Spelling<Enum>::names;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i) list += ", ";
    list += '"';
    list += names[i];
    list += '"';
  }
  return list;
}

}  // namespace tokten
