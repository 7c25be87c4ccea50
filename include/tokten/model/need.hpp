#pragma once
// A need: a mission request from a host institution.
#include <string>
#include <vector>

#include "tokten/model/date.hpp"
#include "tokten/model/scale.hpp"
#include "tokten/model/vocabulary.hpp"

namespace tokten {

struct SkillRequirement {
  std::string skill;       // a taxonomy id
  bool essential = true;   // essential: a pair without it is infeasible; otherwise optional
  int min_level = 3;       // proficiency 1..5
  double weight = 1.0;     // relative importance among the need's skills, finite and >= 0
  friend bool operator==(const SkillRequirement&, const SkillRequirement&) = default;
};

struct LanguageRequirement {
  std::string language;  // ISO 639 code
  Cefr min_level = Cefr::B2;
  friend bool operator==(const LanguageRequirement&, const LanguageRequirement&) = default;
};

inline constexpr int kMinPriority = 1;  // 1 low ... 5 urgent
inline constexpr int kMaxPriority = 5;

struct Need {
  std::string id;
  std::string institution;  // an institution id
  Sector sector = Sector::education;
  std::vector<SkillRequirement> skills;
  std::vector<LanguageRequirement> languages;  // working language(s)
  DateWindow window;       // the mission must take place within these days
  int duration_days = 14;  // length of the mission, at most the window's length
  int seats = 1;           // experts wanted
  int priority = 3;        // 1..5
  MissionMode mode = MissionMode::on_site;
  bool thesis_supervision = false;  // supervising theses requires a doctorate
  friend bool operator==(const Need&, const Need&) = default;
};

}  // namespace tokten
