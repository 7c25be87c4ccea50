#pragma once
// An expert of the diaspora roster.
#include <string>
#include <vector>

#include "tokten/model/date.hpp"
#include "tokten/model/scale.hpp"
#include "tokten/model/vocabulary.hpp"

namespace tokten {

struct SkillLevel {
  std::string skill;  // a taxonomy id
  int level = 3;      // proficiency 1..5 (see scale.hpp)
  friend bool operator==(const SkillLevel&, const SkillLevel&) = default;
};

struct LanguageLevel {
  std::string language;  // ISO 639 code: "fr", "bm" (Bambara), "en", "ar", ...
  Cefr level = Cefr::B2;
  friend bool operator==(const LanguageLevel&, const LanguageLevel&) = default;
};

struct Degree {
  DegreeLevel level = DegreeLevel::master;
  std::string field;  // free text, may be empty
  friend bool operator==(const Degree&, const Degree&) = default;
};

/// What the expert would rather do; soft, used by scoring only.
struct Preferences {
  std::vector<std::string> regions;
  std::vector<Sector> sectors;
  friend bool operator==(const Preferences&, const Preferences&) = default;
};

struct Expert {
  std::string id;
  std::string name;
  std::string residence_country;  // ISO 3166-1 alpha-2, e.g. "FR"
  std::vector<SkillLevel> skills;
  std::vector<LanguageLevel> languages;
  std::vector<Sector> sectors;
  std::vector<Degree> degrees;
  int years_experience = 0;
  std::vector<DateWindow> availability;  // when the expert can serve; empty means never
  int max_missions = 1;                  // per planning round; 0 excludes the expert
  bool remote_possible = false;
  Preferences preferences;

  bool has_doctorate() const {
    for (const Degree& d : degrees)
      if (d.level == DegreeLevel::doctorate) return true;
    return false;
  }
  friend bool operator==(const Expert&, const Expert&) = default;
};

}  // namespace tokten
