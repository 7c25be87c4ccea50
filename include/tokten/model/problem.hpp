#pragma once
// A planning round: the taxonomy, the institutions, the experts and their needs.
// Cross-references are checked by validate_problem (validate.hpp).
#include <string>
#include <vector>

#include "tokten/model/expert.hpp"
#include "tokten/model/institution.hpp"
#include "tokten/model/need.hpp"
#include "tokten/model/taxonomy.hpp"

namespace tokten {

struct Problem {
  std::string name;  // e.g. "Round 2026-1"
  Taxonomy taxonomy;
  std::vector<Institution> institutions;
  std::vector<Expert> experts;
  std::vector<Need> needs;
  friend bool operator==(const Problem&, const Problem&) = default;
};

}  // namespace tokten
