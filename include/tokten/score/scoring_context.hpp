#pragma once
// Everything the pair scorer looks up, computed once per problem, so that scoring a pair does
// no string comparison, no hashing and no allocation (it runs on millions of pairs).
//
//   - skills: taxonomy id -> dense index; each skill's parent, depth and its interval in a
//     depth-first order of the forest, so that "r is an ancestor of s" is two comparisons and
//     the generation gap k is depth[s] - depth[r]; parent_decay^k is tabulated;
//   - languages: ISO code -> small index; institutions -> region index, capital flag;
//   - each expert and need compiled to dense indices, in flat arrays (one per kind of item,
//     with offsets), read through the ExpertView and NeedView value types.
//
// Experts and needs from outside the problem (explain() on an edited expert, for example) are
// compiled on demand into a CompiledExpert / CompiledNeed owning its arrays; their views score
// exactly as the context's own.
//
// The problem is checked first (validate_problem: unknown skill or institution ids, levels out
// of range, ...) and the policy too (validate_policy); the first issue is thrown as an
// InputError with its JSON pointer. The context copies what it needs: it does not keep a
// reference to the Problem.
#include <algorithm>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "tokten/error.hpp"
#include "tokten/model/problem.hpp"
#include "tokten/model/validate.hpp"
#include "tokten/score/policy.hpp"

namespace tokten::score {

/// Rank of a degree for "the highest degree": other (or none) < bachelor < master < doctorate.
enum class DegreeRank : std::uint8_t { other_or_none, bachelor, master, doctorate };

inline DegreeRank degree_rank(DegreeLevel level) {
  switch (level) {
    case DegreeLevel::doctorate: return DegreeRank::doctorate;
    case DegreeLevel::master: return DegreeRank::master;
    case DegreeLevel::bachelor: return DegreeRank::bachelor;
    default: return DegreeRank::other_or_none;
  }
}

struct SkillEntry {
  std::int32_t skill;  // dense skill index
  std::int32_t level;  // proficiency 1..5
};

struct LanguageEntry {
  std::int32_t language;  // dense language index
  std::int32_t level;     // CEFR as 1 (A1) .. 6 (C2)
};

struct RequirementEntry {
  std::int32_t skill;
  std::int32_t min_level;
  double weight;
  bool essential;
};

inline std::uint32_t sector_bit(Sector s) { return 1u << static_cast<unsigned>(s); }

/// An expert as the scorer reads it. The spans point into a ScoringContext or a CompiledExpert.
struct ExpertView {
  std::span<const SkillEntry> skills;        // in the expert's order
  std::span<const LanguageEntry> languages;  // in the expert's order
  std::span<const DateWindow> availability;  // sorted, overlapping or adjacent windows merged
  std::span<const std::int32_t> preferred_regions;  // region indices; -1 for a region no institution has
  std::uint32_t sectors = 0;                        // bit per Sector
  std::uint32_t preferred_sectors = 0;
  bool has_preferences = false;  // any preferred region or sector given
  DegreeRank degree = DegreeRank::other_or_none;
  std::int32_t years_experience = 0;
  std::int32_t max_missions = 1;
  bool remote_possible = false;
};

/// A need as the scorer reads it.
struct NeedView {
  std::span<const RequirementEntry> skills;
  std::span<const LanguageEntry> languages;  // the first is the working language
  double skill_weight_total = 0;
  DateWindow window;
  std::int32_t duration_days = 1;
  std::int32_t priority = 3;
  std::int32_t region = -1;  // region index of the need's institution
  Sector sector = Sector::education;
  MissionMode mode = MissionMode::on_site;
  bool thesis_supervision = false;
  bool in_capital = false;
};

/// An expert compiled outside a context's problem; owns what its view points to.
struct CompiledExpert {
  std::vector<SkillEntry> skills;
  std::vector<LanguageEntry> languages;
  std::vector<DateWindow> availability;
  std::vector<std::int32_t> preferred_regions;
  ExpertView base;  // scalars; spans filled by view()

  ExpertView view() const {
    ExpertView v = base;
    v.skills = skills;
    v.languages = languages;
    v.availability = availability;
    v.preferred_regions = preferred_regions;
    return v;
  }
};

struct CompiledNeed {
  std::vector<RequirementEntry> skills;
  std::vector<LanguageEntry> languages;
  NeedView base;

  NeedView view() const {
    NeedView v = base;
    v.skills = skills;
    v.languages = languages;
    return v;
  }
};

/// Sorted windows with overlapping or adjacent ones merged: the days an expert can serve.
inline std::vector<DateWindow> merge_windows(std::vector<DateWindow> windows) {
  std::sort(windows.begin(), windows.end(),
            [](const DateWindow& a, const DateWindow& b) { return a.start < b.start; });
  std::vector<DateWindow> out;
  for (const DateWindow& w : windows) {
    if (w.end < w.start) continue;
    if (!out.empty() && w.start.days <= out.back().end.days + 1)
      out.back().end = std::max(out.back().end, w.end);
    else
      out.push_back(w);
  }
  return out;
}

class ScoringContext {
 public:
  /// Checks the problem and the policy (InputError on the first issue), then compiles them.
  explicit ScoringContext(const Problem& problem, ScoringPolicy policy = {})
      : policy_(std::move(policy)) {
    check_policy(policy_);
    check_problem(problem);
    build_taxonomy(problem.taxonomy);
    for (const Institution& inst : problem.institutions) {
      institution_index_.emplace(inst.id, static_cast<std::int32_t>(institution_region_.size()));
      institution_region_.push_back(region_id(inst.region));
    }
    decay_power_.assign(max_depth_ + 2, 1.0);
    for (std::size_t k = 1; k < decay_power_.size(); ++k)
      decay_power_[k] = decay_power_[k - 1] * policy_.parent_decay;
    for (const Expert& e : problem.experts) add_expert(e);
    for (const Need& n : problem.needs) add_need(n);
  }

  const ScoringPolicy& policy() const { return policy_; }
  std::size_t expert_count() const { return expert_ids_.size(); }
  std::size_t need_count() const { return need_ids_.size(); }
  std::size_t skill_count() const { return skill_ids_.size(); }
  std::size_t language_count() const { return language_codes_.size(); }
  const std::string& expert_id(std::size_t e) const { return expert_ids_[e]; }
  const std::string& need_id(std::size_t n) const { return need_ids_[n]; }
  const std::string& skill_id(std::int32_t s) const { return skill_ids_[static_cast<std::size_t>(s)]; }
  const std::string& language_code(std::int32_t l) const { return language_codes_[static_cast<std::size_t>(l)]; }
  const std::string& region_name(std::int32_t r) const { return region_names_[static_cast<std::size_t>(r)]; }

  /// Dense index of a skill id, -1 if the taxonomy has none (a hash lookup: not for hot loops).
  std::int32_t skill_index(const std::string& id) const {
    auto it = skill_index_.find(id);
    return it == skill_index_.end() ? -1 : it->second;
  }
  /// Position of an expert or need id in the problem, -1 if absent (hash lookup).
  std::int64_t find_expert(const std::string& id) const { return find(expert_index_, id); }
  std::int64_t find_need(const std::string& id) const { return find(need_index_, id); }

  ExpertView expert(std::size_t e) const {
    ExpertView v = expert_base_[e];
    v.skills = slice(expert_skills_, expert_skill_at_, e);
    v.languages = slice(expert_languages_, expert_language_at_, e);
    v.availability = slice(expert_windows_, expert_window_at_, e);
    v.preferred_regions = slice(expert_regions_, expert_region_at_, e);
    return v;
  }
  NeedView need(std::size_t n) const {
    NeedView v = need_base_[n];
    v.skills = slice(need_skills_, need_skill_at_, n);
    v.languages = slice(need_languages_, need_language_at_, n);
    return v;
  }

  /// Compiles an expert that need not belong to the problem. Throws InputError (pointer relative
  /// to the expert, such as /skills/2/skill) for an unknown skill id or a level out of range.
  CompiledExpert compile(const Expert& e) const {
    std::vector<std::string> extra;
    return compile(e, extra);
  }
  /// Compiles a need that need not belong to the problem (unknown skill or institution ids,
  /// levels, weights, priority or duration out of range throw InputError).
  CompiledNeed compile(const Need& n) const {
    std::vector<std::string> extra;
    return compile(n, extra);
  }
  /// The same, sharing `extra`: the language codes the problem does not use get indices past
  /// the context's table, in the order met, so an expert and a need compiled with the same
  /// `extra` agree on them. (Without sharing, such a code cannot match a problem's item, which
  /// is right: no problem item uses it.)
  CompiledExpert compile(const Expert& e, std::vector<std::string>& extra) const {
    CompiledExpert c;
    compile_expert(e, c.skills, c.languages, c.availability, c.preferred_regions, c.base,
                   [&](const std::string& code) { return outsider_language(code, extra); });
    return c;
  }
  CompiledNeed compile(const Need& n, std::vector<std::string>& extra) const {
    CompiledNeed c;
    compile_need(n, c.skills, c.languages, c.base,
                 [&](const std::string& code) { return outsider_language(code, extra); });
    return c;
  }

  // Taxonomy relations, O(1).
  /// True when `ancestor` is `skill` or one of its ancestors.
  bool covers(std::int32_t ancestor, std::int32_t skill) const {
    const Node& a = nodes_[static_cast<std::size_t>(ancestor)];
    const Node& s = nodes_[static_cast<std::size_t>(skill)];
    return a.first <= s.first && s.last <= a.last;
  }
  std::int32_t depth(std::int32_t skill) const { return nodes_[static_cast<std::size_t>(skill)].depth; }
  std::int32_t parent(std::int32_t skill) const { return nodes_[static_cast<std::size_t>(skill)].parent; }
  bool siblings(std::int32_t a, std::int32_t b) const {
    const std::int32_t p = parent(a);
    return a != b && p >= 0 && p == parent(b);
  }
  /// parent_decay^k, for a skill k generations above the required one.
  double decay_power(std::int32_t k) const { return decay_power_[static_cast<std::size_t>(k)]; }

 private:
  using LanguageResolver = std::function<std::int32_t(const std::string&)>;

  struct Node {
    std::int32_t parent = -1;
    std::int32_t depth = 0;
    std::int32_t first = 0;  // position in a depth-first order of the forest
    std::int32_t last = 0;   // last position of its subtree
  };

  template <class T>
  static std::span<const T> slice(const std::vector<T>& values, const std::vector<std::uint32_t>& at,
                                  std::size_t i) {
    return std::span<const T>(values.data() + at[i], at[i + 1] - at[i]);
  }
  static std::int64_t find(const std::unordered_map<std::string, std::int32_t>& index, const std::string& id) {
    auto it = index.find(id);
    return it == index.end() ? -1 : it->second;
  }

  void build_taxonomy(const Taxonomy& taxonomy) {
    const std::size_t n = taxonomy.skills.size();
    nodes_.assign(n, Node{});
    for (std::size_t i = 0; i < n; ++i) {
      skill_ids_.push_back(taxonomy.skills[i].id);
      skill_index_.emplace(taxonomy.skills[i].id, static_cast<std::int32_t>(i));
    }
    std::vector<std::vector<std::int32_t>> children(n);
    std::vector<std::int32_t> roots;
    for (std::size_t i = 0; i < n; ++i) {
      const auto& p = taxonomy.skills[i].parent;
      if (p) {
        nodes_[i].parent = skill_index_.at(*p);  // known: the problem was checked (a forest)
        children[static_cast<std::size_t>(nodes_[i].parent)].push_back(static_cast<std::int32_t>(i));
      } else {
        roots.push_back(static_cast<std::int32_t>(i));
      }
    }
    // Iterative depth-first numbering (deep taxonomies must not overflow the stack).
    std::int32_t clock = 0;
    std::vector<std::pair<std::int32_t, std::size_t>> stack;
    for (std::int32_t root : roots) {
      nodes_[static_cast<std::size_t>(root)].first = clock++;
      stack.push_back({root, 0});
      while (!stack.empty()) {
        auto& [node, next] = stack.back();
        const auto& kids = children[static_cast<std::size_t>(node)];
        if (next < kids.size()) {
          const std::int32_t child = kids[next++];
          Node& c = nodes_[static_cast<std::size_t>(child)];
          c.depth = nodes_[static_cast<std::size_t>(node)].depth + 1;
          max_depth_ = std::max<std::size_t>(max_depth_, static_cast<std::size_t>(c.depth));
          c.first = clock++;
          stack.push_back({child, 0});
        } else {
          nodes_[static_cast<std::size_t>(node)].last = clock - 1;
          stack.pop_back();
        }
      }
    }
  }

  std::int32_t region_id(const std::string& name) {
    auto [it, inserted] = region_index_.emplace(name, static_cast<std::int32_t>(region_names_.size()));
    if (inserted) region_names_.push_back(name);
    return it->second;
  }
  std::int32_t language_id(const std::string& code) {
    auto [it, inserted] = language_index_.emplace(code, static_cast<std::int32_t>(language_codes_.size()));
    if (inserted) language_codes_.push_back(code);
    return it->second;
  }
  std::int32_t outsider_language(const std::string& code, std::vector<std::string>& extra) const {
    auto it = language_index_.find(code);
    if (it != language_index_.end()) return it->second;
    for (std::size_t k = 0; k < extra.size(); ++k)
      if (extra[k] == code) return static_cast<std::int32_t>(language_codes_.size() + k);
    extra.push_back(code);
    return static_cast<std::int32_t>(language_codes_.size() + extra.size() - 1);
  }

  std::int32_t known_skill(const std::string& id, const std::string& pointer, const std::string& owner) const {
    const std::int32_t s = skill_index(id);
    if (s < 0) throw InputError(pointer, owner + ": unknown skill id \"" + id + "\" (not in the taxonomy)");
    return s;
  }

  void compile_expert(const Expert& e, std::vector<SkillEntry>& skills, std::vector<LanguageEntry>& languages,
                      std::vector<DateWindow>& windows, std::vector<std::int32_t>& regions, ExpertView& base,
                      const LanguageResolver& language) const {
    const std::string owner = "expert \"" + e.id + "\"";
    for (std::size_t k = 0; k < e.skills.size(); ++k) {
      const std::string at = "/skills/" + std::to_string(k);
      const std::int32_t s = known_skill(e.skills[k].skill, at + "/skill", owner);
      if (!is_proficiency(e.skills[k].level))
        throw InputError(at + "/level", owner + ": expected a proficiency level from 1 to 5, got " +
                                            std::to_string(e.skills[k].level));
      skills.push_back({s, e.skills[k].level});
    }
    for (const LanguageLevel& l : e.languages)
      languages.push_back({language(l.language), static_cast<std::int32_t>(l.level)});
    const auto merged = merge_windows(e.availability);
    windows.insert(windows.end(), merged.begin(), merged.end());
    for (const std::string& r : e.preferences.regions) {
      auto it = region_index_.find(r);
      regions.push_back(it == region_index_.end() ? -1 : it->second);
    }
    base = ExpertView{};
    for (Sector s : e.sectors) base.sectors |= sector_bit(s);
    for (Sector s : e.preferences.sectors) base.preferred_sectors |= sector_bit(s);
    base.has_preferences = !e.preferences.regions.empty() || !e.preferences.sectors.empty();
    for (const Degree& d : e.degrees) base.degree = std::max(base.degree, degree_rank(d.level));
    base.years_experience = std::max(0, e.years_experience);
    base.max_missions = e.max_missions;
    base.remote_possible = e.remote_possible;
  }

  void compile_need(const Need& n, std::vector<RequirementEntry>& skills, std::vector<LanguageEntry>& languages,
                    NeedView& base, const LanguageResolver& language) const {
    const std::string owner = "need \"" + n.id + "\"";
    base = NeedView{};
    for (std::size_t k = 0; k < n.skills.size(); ++k) {
      const SkillRequirement& r = n.skills[k];
      const std::string at = "/skills/" + std::to_string(k);
      const std::int32_t s = known_skill(r.skill, at + "/skill", owner);
      if (!is_proficiency(r.min_level))
        throw InputError(at + "/min_level", owner + ": expected a proficiency level from 1 to 5, got " +
                                                std::to_string(r.min_level));
      if (!std::isfinite(r.weight) || r.weight < 0 || r.weight > 1e300)
        throw InputError(at + "/weight", owner + ": expected a finite weight >= 0 and <= 1e300, got " + tokten::detail::shown(r.weight));
      skills.push_back({s, r.min_level, r.weight, r.essential});
      base.skill_weight_total += r.weight;
    }
    if (!std::isfinite(base.skill_weight_total))
      throw InputError("/skills", owner + ": the skill weights add up to more than a double holds");
    for (const LanguageRequirement& l : n.languages)
      languages.push_back({language(l.language), static_cast<std::int32_t>(l.min_level)});
    auto inst = institution_index_.find(n.institution);
    if (inst == institution_index_.end())
      throw InputError("/institution", owner + ": unknown institution id \"" + n.institution + "\"");
    if (n.priority < kMinPriority || n.priority > kMaxPriority)
      throw InputError("/priority", owner + ": expected a priority from 1 to 5, got " + std::to_string(n.priority));
    if (n.duration_days < 1)
      throw InputError("/duration_days", owner + ": expected a duration of at least 1 day, got " +
                                             std::to_string(n.duration_days));
    base.region = institution_region_[static_cast<std::size_t>(inst->second)];
    base.in_capital = region_names_[static_cast<std::size_t>(base.region)] == policy_.capital_region;
    base.window = n.window;
    base.duration_days = n.duration_days;
    base.priority = n.priority;
    base.sector = n.sector;
    base.mode = n.mode;
    base.thesis_supervision = n.thesis_supervision;
  }

  void add_expert(const Expert& e) {
    expert_index_.emplace(e.id, static_cast<std::int32_t>(expert_ids_.size()));
    expert_ids_.push_back(e.id);
    ExpertView base;
    compile_expert(e, expert_skills_, expert_languages_, expert_windows_, expert_regions_, base,
                   [this](const std::string& code) { return language_id(code); });
    expert_base_.push_back(base);
    expert_skill_at_.push_back(static_cast<std::uint32_t>(expert_skills_.size()));
    expert_language_at_.push_back(static_cast<std::uint32_t>(expert_languages_.size()));
    expert_window_at_.push_back(static_cast<std::uint32_t>(expert_windows_.size()));
    expert_region_at_.push_back(static_cast<std::uint32_t>(expert_regions_.size()));
  }

  void add_need(const Need& n) {
    need_index_.emplace(n.id, static_cast<std::int32_t>(need_ids_.size()));
    need_ids_.push_back(n.id);
    NeedView base;
    compile_need(n, need_skills_, need_languages_, base,
                 [this](const std::string& code) { return language_id(code); });
    need_base_.push_back(base);
    need_skill_at_.push_back(static_cast<std::uint32_t>(need_skills_.size()));
    need_language_at_.push_back(static_cast<std::uint32_t>(need_languages_.size()));
  }

  ScoringPolicy policy_;
  // Taxonomy.
  std::vector<std::string> skill_ids_;
  std::unordered_map<std::string, std::int32_t> skill_index_;
  std::vector<Node> nodes_;
  std::size_t max_depth_ = 0;
  std::vector<double> decay_power_;
  // Vocabularies.
  std::vector<std::string> language_codes_, region_names_;
  std::unordered_map<std::string, std::int32_t> language_index_, region_index_, institution_index_;
  std::vector<std::int32_t> institution_region_;
  // Experts, flat.
  std::vector<std::string> expert_ids_;
  std::unordered_map<std::string, std::int32_t> expert_index_;
  std::vector<ExpertView> expert_base_;
  std::vector<SkillEntry> expert_skills_;
  std::vector<LanguageEntry> expert_languages_;
  std::vector<DateWindow> expert_windows_;
  std::vector<std::int32_t> expert_regions_;
  std::vector<std::uint32_t> expert_skill_at_{0}, expert_language_at_{0}, expert_window_at_{0}, expert_region_at_{0};
  // Needs, flat.
  std::vector<std::string> need_ids_;
  std::unordered_map<std::string, std::int32_t> need_index_;
  std::vector<NeedView> need_base_;
  std::vector<RequirementEntry> need_skills_;
  std::vector<LanguageEntry> need_languages_;
  std::vector<std::uint32_t> need_skill_at_{0}, need_language_at_{0};
};

}  // namespace tokten::score
