#pragma once
// The inverted index of the sparse candidate path (candidates.hpp): from a skill, and from the
// taxonomy neighbours that earn it credit, to the experts holding them.
//
// ALGORITHM
//   The skills are renumbered in a depth-first order of the taxonomy forest, so that the
//   subtree of a skill (the skill and every more specific one) is the contiguous range of
//   positions [position(q), position(q) + subtree_size(q)). The expert-skill pairs are then laid
//   out by (position of the skill, expert) with a counting sort, with one offset per position:
//     - subtree_postings(q): holders of q or a descendant, one contiguous range;
//     - own_postings(s): holders of exactly s;
//     - for_each_related(q, f): calls f(begin, end, factor) for every posting range whose
//       skills relate to a requirement on q (pair_score.hpp, relation()): the subtree (factor
//       1), each ancestor on its own (parent_decay^generations) and each sibling on its own
//       (sibling_decay). The factors come from relation() itself, so the two cannot disagree.
//
// RUNNING TIME  O(skills + postings) to build; O(1) per range lookup; for_each_related
//               O(depth + siblings) ranges.
// MEMORY        O(skills + postings): 8 bytes per expert-skill pair.
//
// EXAMPLE
//   const CandidateIndex index(context);
//   auto [begin, end] = index.subtree_postings(context.skill_index("isced:0912"));
//   for (std::size_t at = begin; at < end; ++at) use(index.postings[at].expert);
#include <cstdint>
#include <utility>
#include <vector>

#include "tokten/score/pair_score.hpp"
#include "tokten/score/scoring_context.hpp"

namespace tokten::score {

struct Posting {
  std::int32_t expert;
  std::int32_t level;
};

class CandidateIndex {
 public:
  std::vector<Posting> postings;  // by (skill position, expert)

  explicit CandidateIndex(const ScoringContext& c) {
    const std::size_t skills = c.skill_count();
    children_at_.assign(skills + 1, 0);
    for (std::size_t s = 0; s < skills; ++s) {
      const std::int32_t p = c.parent(static_cast<std::int32_t>(s));
      if (p >= 0) ++children_at_[static_cast<std::size_t>(p) + 1];
    }
    for (std::size_t s = 1; s <= skills; ++s) children_at_[s] += children_at_[s - 1];
    children_.assign(children_at_.back(), 0);
    {
      std::vector<std::uint32_t> fill(children_at_.begin(), children_at_.end() - 1);
      for (std::size_t s = 0; s < skills; ++s) {
        const std::int32_t p = c.parent(static_cast<std::int32_t>(s));
        if (p >= 0) children_[fill[static_cast<std::size_t>(p)]++] = static_cast<std::int32_t>(s);
      }
    }
    // Depth-first positions, iteratively.
    position_.assign(skills, 0);
    subtree_size_.assign(skills, 1);
    std::int32_t clock = 0;
    std::vector<std::pair<std::int32_t, std::uint32_t>> stack;
    for (std::size_t root = 0; root < skills; ++root) {
      if (c.parent(static_cast<std::int32_t>(root)) >= 0) continue;
      position_[root] = clock++;
      stack.push_back({static_cast<std::int32_t>(root), children_at_[root]});
      while (!stack.empty()) {
        auto& [node, next] = stack.back();
        const auto u = static_cast<std::size_t>(node);
        if (next < children_at_[u + 1]) {
          const std::int32_t child = children_[next++];
          position_[static_cast<std::size_t>(child)] = clock++;
          stack.push_back({child, children_at_[static_cast<std::size_t>(child)]});
        } else {
          subtree_size_[u] = clock - position_[u];
          stack.pop_back();
        }
      }
    }
    // Postings by (position, expert): counting sort, experts visited in ascending order.
    offset_.assign(skills + 1, 0);
    for (std::size_t e = 0; e < c.expert_count(); ++e)
      for (const SkillEntry& s : c.expert(e).skills) ++offset_[static_cast<std::size_t>(position_[static_cast<std::size_t>(s.skill)]) + 1];
    for (std::size_t p = 1; p <= skills; ++p) offset_[p] += offset_[p - 1];
    postings.resize(offset_.back());
    std::vector<std::size_t> fill(offset_.begin(), offset_.end() - 1);
    for (std::size_t e = 0; e < c.expert_count(); ++e)
      for (const SkillEntry& s : c.expert(e).skills)
        postings[fill[static_cast<std::size_t>(position_[static_cast<std::size_t>(s.skill)])]++] =
            Posting{static_cast<std::int32_t>(e), s.level};
  }

  /// Holders of `skill` or of a more specific skill: [begin, end) in `postings`.
  std::pair<std::size_t, std::size_t> subtree_postings(std::int32_t skill) const {
    const auto p = static_cast<std::size_t>(position_[static_cast<std::size_t>(skill)]);
    return {offset_[p], offset_[p + static_cast<std::size_t>(subtree_size_[static_cast<std::size_t>(skill)])]};
  }
  /// Holders of exactly `skill`.
  std::pair<std::size_t, std::size_t> own_postings(std::int32_t skill) const {
    const auto p = static_cast<std::size_t>(position_[static_cast<std::size_t>(skill)]);
    return {offset_[p], offset_[p + 1]};
  }

  /// f(begin, end, factor) for every posting range related to a requirement on `want`.
  template <class F>
  void for_each_related(const ScoringContext& c, std::int32_t want, F&& f) const {
    double factor = 0.0;
    std::int32_t generations = 0;
    relation(c, want, want, factor, generations);  // exact; descendants: 1 as well
    const auto [begin, end] = subtree_postings(want);
    f(begin, end, factor);
    for (std::int32_t a = c.parent(want); a >= 0; a = c.parent(a)) {
      relation(c, a, want, factor, generations);
      const auto [b, e] = own_postings(a);
      f(b, e, factor);
    }
    const std::int32_t p = c.parent(want);
    if (p < 0) return;
    for (std::uint32_t k = children_at_[static_cast<std::size_t>(p)]; k < children_at_[static_cast<std::size_t>(p) + 1]; ++k) {
      const std::int32_t sibling = children_[k];
      if (sibling == want) continue;
      relation(c, sibling, want, factor, generations);
      const auto [b, e] = own_postings(sibling);
      f(b, e, factor);
    }
  }

  std::size_t memory_bytes() const {
    return postings.capacity() * sizeof(Posting) + offset_.capacity() * sizeof(std::size_t) +
           (position_.capacity() + subtree_size_.capacity() + children_.capacity()) * sizeof(std::int32_t) +
           children_at_.capacity() * sizeof(std::uint32_t);
  }

 private:
  std::vector<std::int32_t> position_;      // skill -> depth-first position
  std::vector<std::int32_t> subtree_size_;  // skill -> size of its subtree, itself included
  std::vector<std::size_t> offset_;         // position -> first posting
  std::vector<std::uint32_t> children_at_;  // skill -> first child in children_
  std::vector<std::int32_t> children_;
};

}  // namespace tokten::score
