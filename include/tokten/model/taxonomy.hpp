#pragma once
// The skill taxonomy: skills with stable ids, names and an optional parent, loaded from data
// (for example the ISCED-F 2013 fields of education: broad, narrow, detailed).
#include <optional>
#include <string>
#include <vector>

namespace tokten {

struct Skill {
  std::string id;    // stable, e.g. "isced:0912" or an ESCO URI
  std::string name;  // e.g. "Medicine"
  std::optional<std::string> parent;  // id of the broader skill, none for a root
  friend bool operator==(const Skill&, const Skill&) = default;
};

struct Taxonomy {
  std::vector<Skill> skills;
  friend bool operator==(const Taxonomy&, const Taxonomy&) = default;
};

}  // namespace tokten
