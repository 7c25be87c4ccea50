#pragma once
// Candidate generation: for every need, its k best feasible experts, as a sparse bipartite graph
// (rows = experts, columns = needs, weight = the pair's score) for the sparse and capacitated
// solvers, without ever building the experts x needs matrix on large problems.
//
// WHAT
//   generate_candidates(context, options) -> Candidates{graph, feasible_count, dense}
//   - graph: CSR by expert (match::BipartiteGraph), rows = the context's experts, cols = its needs;
//     only feasible pairs; for each need at most k of them, the k best by score, ties to the lower
//     expert index; within a row the entries go by ascending need index. Weights are exactly
//     score_pair(context, expert, need).score (the same bits on both paths).
//   - feasible_count[need]: how many experts are feasible for it in all (before the top-k cut).
//   - dense: which path ran.
//   Deterministic: the same context and options give the same graph, whatever the thread count.
//
// ALGORITHM
//   Both paths select, per need, the top k under one total order: higher score first, then lower
//   expert index. The selection is a bounded heap of k entries whose root is the worst kept.
//
//   Dense path: every pair is scored with score_pair (the reference) and offered to the need's
//   heap. The skill term is a max over the expert's skills, not a sum, so an Eigen product of
//   an experts x skills by a skills x needs matrix only bounds it; scoring exactly is as cheap
//   at this size and needs no second check.
//
//   Sparse path (candidate_index.hpp builds the index once per call):
//   - Index: the skills renumbered in a depth-first order of the taxonomy (a subtree is a
//     contiguous range), and the expert-skill pairs sorted by (skill position, expert) with
//     offsets, so "holders of skill q or any descendant" is one contiguous posting range.
//   - A need with essential requirements: an expert is feasible only if, for each essential
//     requirement (q, m), it holds q or a descendant at level >= m (pair_score.hpp, constraint 6).
//     The posting ranges of the essential requirements are intersected (the first one seeds the
//     set, the others count hits): a few hundred experts out of 100,000 at national scale. On
//     those, the cheap hard checks 1-5 (capacity, mode, availability, language, doctorate) give
//     the exact feasible count, and every feasible one is scored with score_pair.
//   - A need whose requirements are all optional (or that has none): any expert may be feasible,
//     including experts without any related skill (their skill term is 0, but the other terms
//     count), so the exact feasible count needs every expert: the hard checks 1-5 run on all of
//     them from a compact copy (HardChecks: a flag byte, the windows, a byte per expert for each
//     working language; O(experts) per such need, the documented price of an exact
//     feasible_count). The skill term of the experts holding a related skill is accumulated from
//     the postings of each requirement's related skills (the skill and its descendants: factor
//     1; its ancestors: parent_decay^k; its siblings: sibling_decay) exactly as pair_score.hpp
//     sums it (same products, same order); with the five cheap other terms it bounds their
//     score, and they go into a heap by bound. The experts holding no related skill are bounded
//     by their static fit (skill term 0, language, sector and preferences at 1; degree and
//     experience exact) times the need's multipliers, taken in one decreasing order computed
//     once (StaticBounds). The two streams are merged by bound and scored exactly with
//     score_pair until the k-th best kept is strictly above the next bound (ties could still
//     enter by a lower index): about k pairs (plus ties) are scored, and when fewer than k
//     holders are feasible the search goes on among the others, exactly.
//     Bounds are inflated by 8 ulps and checked against every exact score (a std::logic_error
//     if pair_score.hpp ever scores above one: the two must change together).
//   Needs are independent: both paths split them over the hardware threads (at most 8), each
//   with its own scratch, and the graph is assembled by need order afterwards.
//
// RUNNING TIME (E experts, N needs, k, P postings = expert-skill pairs)
//   dense  O(E * N) score_pair calls (about 0.1-0.3 us each) + O(N * E log k).
//   sparse index O(P + skills) (a counting sort); per need with an essential requirement O(sum of its
//          essential posting ranges + F * score_pair) with F its candidates passing the
//          intersection; per need without one O(E + related postings + (k + ties) * score_pair).
//   National scale (benchmarks/bench_candidates_cpp.cpp: 100,000 experts, 10,000 needs, 2,000
//   skills, k = 50, 20% of the needs all-optional, 2 cores): about 3 s, 160 MB peak RSS.
//
// MEMORY
//   dense O(E + N * k) (one need at a time per thread; never E x N);
//   sparse O(P + E) for the index and the compact checks, O(E) scratch per thread (about 50
//   bytes per expert), O(N * k) for the result.
//
// THE THRESHOLD (CandidateOptions::dense_pair_limit, automatic path)
//   The dense path is the reference (score_pair on every pair, nothing mirrored, no bound), so
//   it is used where its cost does not matter: measured at about 65 ns per pair on 2 cores
//   (10,000 x 1,000: 0.65 s), 2,000,000 pairs take about 0.15 s. Above that its cost grows with
//   E * N while the sparse path grows with the postings and k (10,000 x 1,000: 0.08 s). Both
//   give the same graph (tested), so the threshold is a speed choice only.
//
// EXAMPLE
//   const tokten::score::ScoringContext context(problem, policy);
//   const auto candidates = tokten::score::generate_candidates(context, {.k = 50});
//   // candidates.graph: experts x needs, for solve_capacitated_assignment
#include <algorithm>
#include <array>
#include <atomic>
#include <cfloat>
#include <cstdint>
#include <exception>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "tokten/match/bipartite_graph.hpp"
#include "tokten/score/candidate_index.hpp"
#include "tokten/score/pair_score.hpp"
#include "tokten/score/scoring_context.hpp"

namespace tokten::score {

struct CandidateOptions {
  std::int32_t k = 50;  // best feasible experts kept per need (>= 1)
  enum class Path { automatic, dense, sparse } path = Path::automatic;
  // automatic: dense when experts * needs <= this (see THE THRESHOLD above).
  std::int64_t dense_pair_limit = 2'000'000;
};

struct Candidates {
  match::BipartiteGraph graph;               // rows = experts, cols = needs, weight = score
  std::vector<std::int32_t> feasible_count;  // per need, before the top-k cut
  bool dense = false;                        // which path ran
};

namespace detail {

/// One kept candidate of a need.
struct Kept {
  double score;
  std::int32_t expert;
};

/// True when a ranks before b: higher score, then lower expert index.
inline bool ranks_before(const Kept& a, const Kept& b) {
  return a.score > b.score || (a.score == b.score && a.expert < b.expert);
}

/// The k best under ranks_before: a heap whose front is the worst kept.
class TopK {
 public:
  explicit TopK(std::size_t k) : k_(k) { heap_.reserve(k); }
  void clear() { heap_.clear(); }
  bool full() const { return heap_.size() >= k_; }
  const Kept& worst() const { return heap_.front(); }
  void offer(const Kept& c) {
    if (heap_.size() < k_) {
      heap_.push_back(c);
      std::push_heap(heap_.begin(), heap_.end(), ranks_before);
    } else if (ranks_before(c, heap_.front())) {
      std::pop_heap(heap_.begin(), heap_.end(), ranks_before);
      heap_.back() = c;
      std::push_heap(heap_.begin(), heap_.end(), ranks_before);
    }
  }
  /// Could an expert scoring at most `bound` still enter? (Ties may enter by a lower index.)
  bool may_enter(double bound) const { return !full() || bound >= heap_.front().score; }
  const std::vector<Kept>& items() const { return heap_; }

 private:
  std::size_t k_;
  std::vector<Kept> heap_;
};

/// Runs work(worker, need) for every need, split over `threads` workers (need order does not
/// matter: each need writes its own slot).
template <class Work>
void for_each_need(std::size_t needs, unsigned threads, Work&& work) {
  if (threads <= 1 || needs < 2) {
    for (std::size_t n = 0; n < needs; ++n) work(0u, n);
    return;
  }
  std::atomic<std::size_t> next{0};
  std::vector<std::thread> pool;
  std::exception_ptr failure;
  std::atomic<bool> failed{false};
  auto run = [&](unsigned worker) {
    try {
      for (;;) {
        const std::size_t first = next.fetch_add(16);
        if (first >= needs || failed.load()) break;
        const std::size_t last = std::min(needs, first + 16);
        for (std::size_t n = first; n < last; ++n) work(worker, n);
      }
    } catch (...) {
      if (!failed.exchange(true)) failure = std::current_exception();
    }
  };
  for (unsigned w = 1; w < threads; ++w) pool.emplace_back(run, w);
  run(0);
  for (std::thread& t : pool) t.join();
  if (failure) std::rethrow_exception(failure);
}

inline unsigned candidate_threads(std::size_t experts, std::size_t needs) {
  const unsigned hardware = std::max(1u, std::thread::hardware_concurrency());
  if (static_cast<double>(experts) * static_cast<double>(needs) < 200'000.0) return 1;
  return static_cast<unsigned>(std::min<std::size_t>({hardware, 8, needs}));
}

/// The graph, by expert, from each need's kept candidates.
inline match::BipartiteGraph assemble(std::size_t experts, const std::vector<std::vector<Kept>>& kept) {
  match::BipartiteGraph g(static_cast<std::ptrdiff_t>(experts), static_cast<std::ptrdiff_t>(kept.size()));
  for (const auto& list : kept)
    for (const Kept& c : list) ++g.row_offset[static_cast<std::size_t>(c.expert) + 1];
  for (std::size_t i = 1; i < g.row_offset.size(); ++i) g.row_offset[i] += g.row_offset[i - 1];
  const std::size_t edges = static_cast<std::size_t>(g.row_offset.back());
  g.col_index.resize(edges);
  g.weight.resize(edges);
  std::vector<std::int64_t> fill(g.row_offset.begin(), g.row_offset.end() - 1);
  for (std::size_t n = 0; n < kept.size(); ++n)  // ascending need: rows come out sorted
    for (const Kept& c : kept[n]) {
      const auto at = static_cast<std::size_t>(fill[static_cast<std::size_t>(c.expert)]++);
      g.col_index[at] = static_cast<std::int64_t>(n);
      g.weight[at] = c.score;
    }
  return g;
}

inline void check_options(const CandidateOptions& options) {
  if (options.k < 1)
    throw std::invalid_argument("generate_candidates: k must be >= 1, got " + std::to_string(options.k));
}

inline Candidates dense_candidates(const ScoringContext& c, std::size_t k) {
  const std::size_t experts = c.expert_count(), needs = c.need_count();
  Candidates out;
  out.dense = true;
  out.feasible_count.assign(needs, 0);
  std::vector<std::vector<Kept>> kept(needs);
  const unsigned threads = candidate_threads(experts, needs);
  std::vector<TopK> heaps(threads, TopK(k));
  for_each_need(needs, threads, [&](unsigned worker, std::size_t n) {
    TopK& top = heaps[worker];
    top.clear();
    const NeedView need = c.need(n);
    std::int32_t feasible = 0;
    for (std::size_t e = 0; e < experts; ++e) {
      const PairScore s = score_pair(c, c.expert(e), need);
      if (!s.feasible) continue;
      ++feasible;
      top.offer({s.score, static_cast<std::int32_t>(e)});
    }
    out.feasible_count[n] = feasible;
    kept[n] = top.items();
  });
  out.graph = assemble(experts, kept);
  return out;
}

/// Per-thread scratch of the sparse path, O(experts).
struct SparseScratch {
  std::vector<std::uint32_t> stamp;     // need (+1) that last touched the expert
  std::vector<std::int32_t> hits;       // essential requirements met (essential needs)
  std::vector<std::uint32_t> req_stamp; // requirement (+1, per need) that last touched it
  std::vector<double> credit;           // best credit for the current requirement
  std::vector<double> covered;          // sum of weight * credit, in requirement order
  std::vector<double> plain;            // sum of credit
  std::vector<std::int32_t> touched;    // experts touched for the current need
  std::vector<std::int32_t> touched_req;
  std::vector<std::uint32_t> ok;        // need stamp when the hard checks 1-5 pass
  std::vector<Kept> order;              // (bound, expert) heap
  std::uint32_t clock = 0;              // distinct stamp per (need, requirement)
  TopK top;

  SparseScratch(std::size_t experts, std::size_t k)
      : stamp(experts, 0), hits(experts, 0), req_stamp(experts, 0), credit(experts, 0.0),
        covered(experts, 0.0), plain(experts, 0.0), ok(experts, 0), top(k) {}
  void reset() {  // before the stamps wrap around
    std::fill(stamp.begin(), stamp.end(), 0u);
    std::fill(req_stamp.begin(), req_stamp.end(), 0u);
    std::fill(ok.begin(), ok.end(), 0u);
    clock = 0;
  }
};

/// The score that pair_score.hpp would give a feasible pair whose skill term is `skills`, by
/// the same operations in the same order (five cheap terms mirrored here).
inline double mirrored_score(const ScoringContext& c, const ExpertView& e, const NeedView& n, double skills) {
  const ScoringPolicy& p = c.policy();
  std::array<double, kTermCount> terms{};
  terms[static_cast<std::size_t>(Term::skills)] = skills;
  std::size_t met = 0;
  for (const LanguageEntry& l : n.languages) met += spoken_level(e, l.language) >= l.level ? 1 : 0;
  terms[static_cast<std::size_t>(Term::language)] =
      n.languages.empty() ? 1.0 : static_cast<double>(met) / static_cast<double>(n.languages.size());
  terms[static_cast<std::size_t>(Term::sector)] = (e.sectors & sector_bit(n.sector)) ? 1.0 : 0.0;
  terms[static_cast<std::size_t>(Term::degree)] = degree_credit(p, e.degree);
  terms[static_cast<std::size_t>(Term::experience)] =
      std::min(1.0, static_cast<double>(e.years_experience) / p.full_experience_years);
  double preferences = 1.0;
  if (e.has_preferences) {
    preferences = (e.preferred_sectors & sector_bit(n.sector)) ? 1.0 : 0.0;
    for (std::int32_t r : e.preferred_regions)
      if (r >= 0 && r == n.region) preferences = 1.0;
  }
  terms[static_cast<std::size_t>(Term::preferences)] = preferences;
  const std::array<double, kTermCount> weights = term_weights(p);
  double weighted = 0.0, total = 0.0;
  for (std::size_t t = 0; t < kTermCount; ++t) {
    weighted += weights[t] * terms[t];
    total += weights[t];
  }
  const double fit = std::min(1.0, weighted / total);
  return fit * priority_multiplier(p, n) * equity_multiplier(p, n);
}

/// Bounds are inflated by a few ulps: they only order and stop the search, and the check
/// "exact score <= bound" then flags a real disagreement, never a rounding difference.
inline constexpr double kBoundSlack = 1.0 + 8 * DBL_EPSILON;

/// Per expert, the fit with a skill term of 0 and the need-dependent terms (language, sector,
/// preferences) at 1: a bound of any need's fit for an expert holding no related skill; and the
/// experts by decreasing such fit (ties: lower index first).
struct StaticBounds {
  std::vector<double> fit;
  std::vector<std::int32_t> order;

  explicit StaticBounds(const ScoringContext& c) : fit(c.expert_count()), order(c.expert_count()) {
    const ScoringPolicy& p = c.policy();
    const std::array<double, kTermCount> weights = term_weights(p);
    for (std::size_t e = 0; e < fit.size(); ++e) {
      const ExpertView x = c.expert(e);
      std::array<double, kTermCount> terms{};
      terms.fill(1.0);
      terms[static_cast<std::size_t>(Term::skills)] = 0.0;
      terms[static_cast<std::size_t>(Term::degree)] = degree_credit(p, x.degree);
      terms[static_cast<std::size_t>(Term::experience)] =
          std::min(1.0, static_cast<double>(x.years_experience) / p.full_experience_years);
      double weighted = 0.0, total = 0.0;
      for (std::size_t t = 0; t < kTermCount; ++t) {
        weighted += weights[t] * terms[t];
        total += weights[t];
      }
      fit[e] = std::min(1.0, weighted / total);
      order[e] = static_cast<std::int32_t>(e);
    }
    std::stable_sort(order.begin(), order.end(), [&](std::int32_t a, std::int32_t b) {
      return fit[static_cast<std::size_t>(a)] > fit[static_cast<std::size_t>(b)];
    });
  }
};

/// The hard checks 1-5 of pair_score.hpp (capacity, mode, availability, working language,
/// doctorate) in a compact layout for the scans over every expert: a flag byte, the merged
/// windows as day pairs, and per working language a byte per expert with the level spoken.
/// Same verdicts as detail::check_before_skills (the tests compare every feasible count with
/// score_pair's); about 10 bytes per expert instead of the full views.
struct HardChecks {
  enum : std::uint8_t { takes_missions = 1, remote = 2, doctorate = 4 };
  std::vector<std::uint8_t> flags;
  std::vector<std::uint32_t> window_at{0};
  std::vector<std::int32_t> windows;  // start, end (days), pairs
  std::vector<std::int32_t> language_slot;            // language index -> slot, -1 none
  std::vector<std::vector<std::uint8_t>> spoken;      // slot -> level per expert

  explicit HardChecks(const ScoringContext& c) : flags(c.expert_count(), 0) {
    for (std::size_t e = 0; e < c.expert_count(); ++e) {
      const ExpertView x = c.expert(e);
      flags[e] = static_cast<std::uint8_t>((x.max_missions > 0 ? takes_missions : 0) | (x.remote_possible ? remote : 0) |
                                           (x.degree == DegreeRank::doctorate ? doctorate : 0));
      for (const DateWindow& w : x.availability) {
        windows.push_back(w.start.days);
        windows.push_back(w.end.days);
      }
      window_at.push_back(static_cast<std::uint32_t>(windows.size() / 2));
    }
    language_slot.assign(c.language_count(), -1);
    for (std::size_t n = 0; n < c.need_count(); ++n) {
      const NeedView need = c.need(n);
      if (need.languages.empty()) continue;
      const auto l = static_cast<std::size_t>(need.languages[0].language);
      if (language_slot[l] >= 0) continue;
      language_slot[l] = static_cast<std::int32_t>(spoken.size());
      std::vector<std::uint8_t> levels(c.expert_count());
      for (std::size_t e = 0; e < c.expert_count(); ++e)
        levels[e] = static_cast<std::uint8_t>(spoken_level(c.expert(e), need.languages[0].language));
      spoken.push_back(std::move(levels));
    }
  }

  /// Calls f(expert) for every expert passing the checks 1-5 for `need`, in ascending order.
  template <class F>
  void for_each_passing(const NeedView& need, F&& f) const {
    std::uint8_t want = takes_missions;
    if (need.mode == MissionMode::remote) want |= remote;
    if (need.thesis_supervision) want |= doctorate;
    const std::uint8_t* levels = nullptr;
    std::uint8_t min_level = 0;
    if (!need.languages.empty()) {
      const std::int32_t slot = language_slot[static_cast<std::size_t>(need.languages[0].language)];
      levels = spoken[static_cast<std::size_t>(slot)].data();
      min_level = static_cast<std::uint8_t>(need.languages[0].level);
    }
    const std::int32_t start = need.window.start.days, end = need.window.end.days, duration = need.duration_days;
    for (std::size_t e = 0; e < flags.size(); ++e) {
      if ((flags[e] & want) != want) continue;
      if (levels && levels[e] < min_level) continue;
      bool fits = false;
      for (std::uint32_t w = window_at[e]; w < window_at[e + 1] && !fits; ++w) {
        const std::int32_t from = std::max(windows[2 * w], start), to = std::min(windows[2 * w + 1], end);
        fits = to - from + 1 >= duration;
      }
      if (fits) f(e);
    }
  }
};

/// A need with essential requirements: intersect their covering postings, then check and score.
inline void essential_need(const ScoringContext& c, const CandidateIndex& index, const NeedView& need,
                           SparseScratch& s, std::int32_t& feasible) {
  s.touched.clear();
  const std::uint32_t need_stamp = ++s.clock;
  std::int32_t essentials = 0;
  for (const RequirementEntry& r : need.skills) {
    if (!r.essential) continue;
    const auto [begin, end] = index.subtree_postings(r.skill);
    for (std::size_t at = begin; at < end; ++at) {
      const Posting& post = index.postings[at];
      if (post.level < r.min_level) continue;
      const auto e = static_cast<std::size_t>(post.expert);
      if (essentials == 0) {
        if (s.stamp[e] != need_stamp) {
          s.stamp[e] = need_stamp;
          s.hits[e] = 1;
          s.touched.push_back(post.expert);
        }
      } else if (s.stamp[e] == need_stamp && s.hits[e] == essentials) {
        s.hits[e] = essentials + 1;  // once per requirement, however many covering skills
      }
    }
    ++essentials;
  }
  std::sort(s.touched.begin(), s.touched.end());
  for (std::int32_t e : s.touched) {
    if (s.hits[static_cast<std::size_t>(e)] != essentials) continue;
    const ExpertView expert = c.expert(static_cast<std::size_t>(e));
    std::int32_t item = -1;
    if (detail::check_before_skills(expert, need, item) != Reason::none) continue;
    const PairScore score = score_pair(c, expert, need);
    if (!score.feasible)  // cannot happen: the index and the scorer agree on constraint 6
      throw std::logic_error("generate_candidates: the essential-skill index disagrees with score_pair");
    ++feasible;
    s.top.offer({score.score, e});
  }
}

/// A need without essential requirements: every expert may be feasible.
inline void optional_need(const ScoringContext& c, const CandidateIndex& index, const StaticBounds& statics,
                          const HardChecks& checks,
                          const NeedView& need, SparseScratch& s, std::int32_t& feasible) {
  // Skill term of the experts holding a related skill, summed as pair_score.hpp does.
  s.touched.clear();
  const std::uint32_t need_first = ++s.clock;
  for (const RequirementEntry& r : need.skills) {
    const std::uint32_t req = ++s.clock;
    s.touched_req.clear();
    auto offer = [&](std::size_t begin, std::size_t end, double factor) {
      for (std::size_t at = begin; at < end; ++at) {
        const Posting& post = index.postings[at];
        const double credit = factor * level_credit(c.policy(), post.level, r.min_level);
        const auto e = static_cast<std::size_t>(post.expert);
        if (s.req_stamp[e] != req) {
          s.req_stamp[e] = req;
          s.credit[e] = credit;
          s.touched_req.push_back(post.expert);
        } else if (credit > s.credit[e]) {
          s.credit[e] = credit;
        }
      }
    };
    index.for_each_related(c, r.skill, offer);
    for (std::int32_t e32 : s.touched_req) {
      const auto e = static_cast<std::size_t>(e32);
      if (s.stamp[e] != need_first) {  // first requirement of this need to touch it
        s.stamp[e] = need_first;
        s.covered[e] = 0.0;
        s.plain[e] = 0.0;
        s.touched.push_back(e32);
      }
      s.covered[e] += r.weight * s.credit[e];
      s.plain[e] += s.credit[e];
    }
  }
  auto skill_term = [&](std::size_t e) {
    if (need.skills.empty()) return 1.0;
    const bool held = s.stamp[e] == need_first;
    const double covered = held ? s.covered[e] : 0.0;
    const double plain = held ? s.plain[e] : 0.0;
    if (need.skill_weight_total > 0) return std::min(1.0, covered / need.skill_weight_total);
    return std::min(1.0, plain / static_cast<double>(need.skills.size()));
  };
  // Every expert: the hard checks 1-5 (the exact count; all there is without an essential
  // requirement); the feasible experts holding a related skill get their bound in a heap.
  s.order.clear();
  const bool no_requirement = need.skills.empty();  // skill term 1 for everyone
  checks.for_each_passing(need, [&](std::size_t e) {
    ++feasible;
    s.ok[e] = need_first;
    if (no_requirement || s.stamp[e] == need_first)
      s.order.push_back({mirrored_score(c, c.expert(e), need, skill_term(e)) * kBoundSlack, static_cast<std::int32_t>(e)});
  });
  // The others score 0 on skills: bounded by their static fit (sector, language, preferences
  // taken as 1), visited in decreasing static fit (the order shared by all needs).
  const double multipliers = priority_multiplier(c.policy(), need) * equity_multiplier(c.policy(), need);
  std::size_t next_static = no_requirement ? statics.order.size() : 0;
  auto skip_static = [&] {
    while (next_static < statics.order.size()) {
      const auto e = static_cast<std::size_t>(statics.order[next_static]);
      if (s.ok[e] == need_first && s.stamp[e] != need_first) break;
      ++next_static;
    }
  };
  auto by_bound = [](const Kept& a, const Kept& b) { return ranks_before(b, a); };
  std::make_heap(s.order.begin(), s.order.end(), by_bound);
  for (;;) {
    skip_static();
    const bool have_static = next_static < statics.order.size();
    const std::int32_t static_expert = have_static ? statics.order[next_static] : -1;
    const double static_bound =
        have_static ? statics.fit[static_cast<std::size_t>(static_expert)] * multipliers * kBoundSlack : -1.0;
    const double held_bound = s.order.empty() ? -1.0 : s.order.front().score;
    if (!have_static && s.order.empty()) break;
    Kept next{0.0, -1};
    if (!s.order.empty() && held_bound >= static_bound) {
      std::pop_heap(s.order.begin(), s.order.end(), by_bound);
      next = s.order.back();
      s.order.pop_back();
    } else {
      next = {static_bound, static_expert};
      ++next_static;
    }
    if (!s.top.may_enter(next.score)) break;  // every bound left is at most this one
    const PairScore score = score_pair(c, c.expert(static_cast<std::size_t>(next.expert)), need);
    if (!score.feasible || score.score > next.score)
      throw std::logic_error("generate_candidates: the candidate bound disagrees with score_pair "
                             "(pair_score.hpp and candidates.hpp must change together)");
    s.top.offer({score.score, next.expert});
  }
}

inline Candidates sparse_candidates(const ScoringContext& c, std::size_t k) {
  const std::size_t experts = c.expert_count(), needs = c.need_count();
  Candidates out;
  out.dense = false;
  out.feasible_count.assign(needs, 0);
  std::vector<std::vector<Kept>> kept(needs);
  const CandidateIndex index(c);
  const StaticBounds statics(c);
  const HardChecks checks(c);
  const unsigned threads = candidate_threads(experts, needs);
  std::vector<SparseScratch> scratch;
  scratch.reserve(threads);
  for (unsigned t = 0; t < threads; ++t) scratch.emplace_back(experts, k);
  for_each_need(needs, threads, [&](unsigned worker, std::size_t n) {
    SparseScratch& s = scratch[worker];
    if (s.clock > 0xF0000000u) s.reset();
    s.top.clear();
    const NeedView need = c.need(n);
    const bool essential =
        std::any_of(need.skills.begin(), need.skills.end(), [](const RequirementEntry& r) { return r.essential; });
    std::int32_t feasible = 0;
    if (essential) essential_need(c, index, need, s, feasible);
    else optional_need(c, index, statics, checks, need, s, feasible);
    out.feasible_count[n] = feasible;
    kept[n] = s.top.items();
  });
  out.graph = assemble(experts, kept);
  return out;
}

}  // namespace detail

/// The k best feasible experts of every need, as an experts x needs graph (see the top).
/// Throws std::invalid_argument for k < 1.
inline Candidates generate_candidates(const ScoringContext& context, const CandidateOptions& options = {}) {
  detail::check_options(options);
  // No need keeps more candidates than there are experts; the cap also keeps a huge k from
  // reserving a huge heap per thread.
  const auto k = std::min(static_cast<std::size_t>(options.k), std::max<std::size_t>(context.expert_count(), 1));
  bool dense = options.path == CandidateOptions::Path::dense;
  if (options.path == CandidateOptions::Path::automatic)
    dense = static_cast<double>(context.expert_count()) * static_cast<double>(context.need_count()) <=
            static_cast<double>(options.dense_pair_limit);
  return dense ? detail::dense_candidates(context, k) : detail::sparse_candidates(context, k);
}

}  // namespace tokten::score
