#pragma once
// A host institution in Mali.
#include <string>

#include "tokten/model/vocabulary.hpp"

namespace tokten {

struct Institution {
  std::string id;
  std::string name;
  InstitutionKind kind = InstitutionKind::other;
  std::string region;  // "Bamako", "Kayes", "Sikasso", ... (not a closed list: regions change)
  friend bool operator==(const Institution&, const Institution&) = default;
};

}  // namespace tokten
