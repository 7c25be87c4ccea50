// tokten explain NEED_ID --problem PROBLEM [--assignment ASSIGNMENT] [--policy POLICY]
//                [--expert EXPERT_ID] [--json] [-o FILE]
// Explains one need of a round: who holds its seats and why (score/explain.hpp, term by term),
// its ranked alternates, and why seats stay unfilled with the smallest fixes
// (score/unfilled.hpp); or, with --expert, one expert-need pair. The assignment is the recorded
// one (--assignment, checked against the problem) or a fresh solve with tokten solve's
// defaults. The JSON agrees with Python's Result.explain(...).to_dict() and why_unfilled; its
// fields are documented in help.cpp.
#include <algorithm>
#include <cmath>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "input.hpp"
#include "tokten/io/parse.hpp"
#include "tokten/model/validate.hpp"
#include "tokten/score/explain.hpp"
#include "tokten/score/unfilled.hpp"
#include "tokten/solve.hpp"

namespace tokten::cli {
namespace {

using json = nlohmann::ordered_json;
using score::detail::fixed;

// Levenshtein distance, to suggest the ids closest to a mistyped one.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1] ? 1 : 0)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// The position of `id` among `ids`; else an InvalidInput naming it and up to three close ids.
template <class Item>
std::size_t position_of(const std::vector<Item>& items, const std::string& id, const std::string& what) {
  for (std::size_t i = 0; i < items.size(); ++i)
    if (items[i].id == id) return i;
  std::vector<std::pair<std::size_t, std::size_t>> ranked;  // (distance, position)
  for (std::size_t i = 0; i < items.size(); ++i) {
    const std::size_t d = edit_distance(id, items[i].id);
    // Closer than half the longer id: a typo, not an unrelated id.
    if (2 * d < std::max(id.size(), items[i].id.size())) ranked.push_back({d, i});
  }
  const std::size_t shown = std::min<std::size_t>(ranked.size(), 3);
  std::partial_sort(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(shown), ranked.end());
  std::string message = "unknown " + what + " id \"" + io::valid_utf8(id) + "\": the problem has no such " + what;
  for (std::size_t k = 0; k < shown; ++k)
    message += (k == 0 ? " (closest: " : ", ") + items[ranked[k].second].id + (k + 1 == shown ? ")" : "");
  throw InvalidInput(message);
}

struct Holder {
  std::string expert;
  double score = 0.0;  // as assigned (recorded)
  score::Explanation explanation;
};

struct NeedStory {
  std::string need, institution, institution_name, region, sector;
  int seats = 0;
  bool recorded = false;  // the assignment came from --assignment
  std::string source_name;
  SolveStatus status = SolveStatus::optimal;
  Objective objective = Objective::max_weight;
  std::vector<Holder> holders;
  std::optional<UnfilledSeats> unfilled;
  bool recomputed = false;  // unfilled worked out here, from a recorded assignment's pairs
  std::vector<Alternate> alternates;
  // --expert:
  std::optional<score::Explanation> pair;
  bool pair_assigned = false;
  std::optional<std::size_t> pair_alternate_rank;
};

// Why a recorded assignment leaves seats of need `n` open when the document gives no reason:
// the analysis a solve makes (score/unfilled.hpp), over the recorded pairs, with the need's
// feasible experts as its candidates (the best k).
UnfilledSeats unfilled_from_pairs(const score::ScoringContext& c, const Need& need, std::size_t n, const Assignment& a,
                                  int open, const SolveOptions& options) {
  score::RoundLoad load;
  load.missions.resize(c.expert_count());
  for (const AssignedPair& p : a.pairs)  // validate_assignment checked the ids
    load.missions[static_cast<std::size_t>(c.find_expert(p.expert))].push_back(
        static_cast<std::int32_t>(c.find_need(p.need)));
  for (auto& m : load.missions) std::sort(m.begin(), m.end());
  load.repaired = a.status == SolveStatus::feasible;
  load.candidates_per_need = options.candidates_per_need;
  std::vector<std::pair<std::int32_t, double>> candidates;
  for (std::size_t e = 0; e < c.expert_count(); ++e) {
    const score::PairScore s = score::score_pair(c, e, n);
    if (s.feasible) candidates.push_back({static_cast<std::int32_t>(e), s.score});
  }
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const auto& x, const auto& y) { return x.second > y.second; });
  const auto feasible = static_cast<std::int32_t>(candidates.size());
  if (candidates.size() > static_cast<std::size_t>(options.candidates_per_need))
    candidates.resize(static_cast<std::size_t>(options.candidates_per_need));
  return score::explain_unfilled(c, need, n, open, candidates, feasible, load,
                                 static_cast<std::size_t>(options.fixes));
}

NeedStory tell(const Problem& problem, const score::ScoringContext& c, const Assignment& a, std::size_t need_at,
               const std::optional<std::size_t>& expert_at, bool recorded, const SolveOptions& options) {
  const Need& need = problem.needs[need_at];
  const auto n = static_cast<std::size_t>(c.find_need(need.id));
  NeedStory story;
  story.need = need.id;
  story.institution = need.institution;
  for (const Institution& i : problem.institutions)
    if (i.id == need.institution) {
      story.institution_name = i.name;
      story.region = i.region;
    }
  story.sector = std::string(to_string(need.sector));
  story.seats = need.seats;
  story.recorded = recorded;
  story.status = a.status;
  story.objective = a.objective;
  for (const AssignedPair& p : a.pairs)
    if (p.need == need.id) {
      const auto e = static_cast<std::size_t>(c.find_expert(p.expert));
      story.holders.push_back({p.expert, p.score, score::explain(c, e, n)});
    }
  for (const NeedAlternates& alt : a.alternates)
    if (alt.need == need.id) story.alternates = alt.experts;
  for (const UnfilledSeats& u : a.unfilled)
    if (u.need == need.id) story.unfilled = u;
  const int open = need.seats - static_cast<int>(story.holders.size());
  if (!story.unfilled && open > 0 && recorded) {
    story.unfilled = unfilled_from_pairs(c, need, n, a, open, options);
    story.recomputed = true;
  }
  if (expert_at) {
    const std::string& id = problem.experts[*expert_at].id;
    story.pair = score::explain(c, static_cast<std::size_t>(c.find_expert(id)), n);
    for (const Holder& h : story.holders) story.pair_assigned = story.pair_assigned || h.expert == id;
    for (std::size_t k = 0; k < story.alternates.size(); ++k)
      if (story.alternates[k].expert == id && !story.pair_alternate_rank) story.pair_alternate_rank = k + 1;
  }
  return story;
}

json to_json(const NeedStory& s) {
  json assigned = json::array();
  for (const Holder& h : s.holders)
    assigned.push_back(
        {{"expert", h.expert}, {"score", h.score}, {"explanation", score::explanation_to_json(h.explanation)}});
  json unfilled = nullptr;
  if (s.unfilled)
    unfilled = {{"seats", s.unfilled->seats},
                {"reason", std::string(to_string(s.unfilled->reason))},
                {"detail", s.unfilled->detail},
                {"fixes", s.unfilled->fixes},
                {"recomputed", s.recomputed}};
  json alternates = json::array();
  for (std::size_t k = 0; k < s.alternates.size(); ++k)
    alternates.push_back({{"rank", k + 1}, {"expert", s.alternates[k].expert}, {"score", s.alternates[k].score}});
  json pair = nullptr;
  if (s.pair)
    pair = {{"expert", s.pair->expert},
            {"assigned", s.pair_assigned},
            {"alternate_rank", s.pair_alternate_rank ? json(*s.pair_alternate_rank) : json(nullptr)},
            {"explanation", score::explanation_to_json(*s.pair)}};
  return {{"need", s.need},
          {"institution", s.institution},
          {"region", s.region},
          {"sector", s.sector},
          {"seats", s.seats},
          {"filled", s.holders.size()},
          {"source", s.recorded ? "assignment" : "solve"},
          {"status", std::string(to_string(s.status))},
          {"objective", std::string(to_string(s.objective))},
          {"assigned", std::move(assigned)},
          {"unfilled", std::move(unfilled)},
          {"alternates", std::move(alternates)},
          {"pair", std::move(pair)}};
}

// Every line of `text` indented by `by`.
std::string indent(const std::string& text, std::string_view by) {
  std::string out;
  bool start = true;
  for (const char ch : text) {
    if (start && ch != '\n') out += by;
    start = ch == '\n';
    out += ch;
  }
  return out;
}

std::string to_text(const NeedStory& s) {
  std::string out = s.need + " at " + s.institution +
                    (s.institution_name.empty() ? "" : " (" + s.institution_name + ")") + ", " + s.region + ", " +
                    s.sector + ": " + std::to_string(s.holders.size()) + " of " + std::to_string(s.seats) +
                    (s.seats == 1 ? " seat" : " seats") + " filled\n";
  out += "  " + (s.recorded ? "as recorded in " + s.source_name : std::string("as a fresh solve gives")) + " (" +
         std::string(to_string(s.status)) + ", " + std::string(to_string(s.objective)) + ")\n";

  if (s.pair) {
    out += "\n";
    const std::string& id = s.pair->expert;
    if (s.pair_assigned) out += id + " holds a seat of " + s.need + "\n";
    else if (s.pair_alternate_rank)
      out += id + " is not assigned to " + s.need + "; alternate " + std::to_string(*s.pair_alternate_rank) + "\n";
    else out += id + " is not assigned to " + s.need + ", nor among its alternates\n";
    return out + indent(score::to_string(*s.pair), "  ");
  }

  for (std::size_t k = 0; k < s.holders.size(); ++k) {
    const Holder& h = s.holders[k];
    out += "\nSeat " + std::to_string(k + 1) + ": " + h.expert + ", score " + fixed(h.score);
    // A recorded score from another policy, or a hand edit, differs from today's scoring.
    if (std::abs(h.score - h.explanation.score) > 1e-9)
      out += " (recorded; under this policy the pair scores " + fixed(h.explanation.score) + ")";
    out += "\n" + indent(score::to_string(h.explanation), "  ");
  }
  if (s.unfilled) {
    const UnfilledSeats& u = *s.unfilled;
    out += "\nUnfilled: " + std::to_string(u.seats) + (u.seats == 1 ? " seat (" : " seats (") +
           std::string(to_string(u.reason)) + "): " + u.detail + "\n";
    if (s.recomputed) out += "  (the assignment records no reason: worked out from its pairs)\n";
    if (u.fixes.empty()) out += "  No single change to the need was found that would fill a seat.\n";
    else out += "  Smallest fixes, cheapest first:\n";
    for (const std::string& fix : u.fixes) out += "    - " + fix + "\n";
  }
  out += "\nAlternates, best first:";
  if (s.alternates.empty()) out += " none\n";
  else out += "\n";
  for (std::size_t k = 0; k < s.alternates.size(); ++k)
    out += "  " + std::to_string(k + 1) + ". " + s.alternates[k].expert + ", score " +
           fixed(s.alternates[k].score) + "\n";
  return out;
}

}  // namespace

int run_explain(Arguments args) {
  std::optional<std::string> need_id, problem_file, assignment_file, policy_file, expert_id, output;
  bool as_json = false, solve_options = false;
  SolveOptions options;
  while (!args.empty()) {
    const std::string arg = args.next();
    if (arg == "--problem") problem_file = args.value_of(arg);
    else if (arg == "--assignment") assignment_file = args.value_of(arg);
    else if (arg == "--policy") policy_file = args.value_of(arg);
    else if (arg == "--expert") expert_id = args.value_of(arg);
    else if (arg == "--json") as_json = true;
    else if (arg == "-o" || arg == "--output") output = args.value_of(arg);
    else if (read_solve_option(arg, args, options)) solve_options = true;
    else if (is_option(arg)) throw UsageError("unknown option " + arg + " for explain");
    else if (need_id) throw UsageError("explain takes one NEED_ID");
    else need_id = arg;
  }
  if (!need_id) throw UsageError("explain needs a NEED_ID");
  if (!problem_file) throw UsageError("explain needs --problem PROBLEM");
  if (assignment_file && solve_options)
    throw UsageError("--objective, -k and --alternates apply when explain solves the round, not to an --assignment");
  check_one_stdin({&problem_file, &assignment_file, &policy_file});
  if (output) check_not_an_input(*output, {&problem_file, &assignment_file, &policy_file});

  const Problem problem = load_problem_input(*problem_file);
  if (policy_file) options.policy = load_policy_input(*policy_file);
  std::optional<Assignment> recorded;
  if (assignment_file) {
    recorded = load_assignment_input(*assignment_file);
    auto issues = validate_assignment(problem, *recorded);
    if (!issues.empty()) throw InvalidInput(input_name(*assignment_file), std::move(issues));
  }
  // The ids first: a typo costs no solve.
  const std::size_t need_at = position_of(problem.needs, *need_id, "need");
  std::optional<std::size_t> expert_at;
  if (expert_id) expert_at = position_of(problem.experts, *expert_id, "expert");

  NeedStory story;
  try {
    const score::ScoringContext context(problem, options.policy);
    const Assignment assignment = recorded ? *recorded : solve(problem, options);
    story = tell(problem, context, assignment, need_at, expert_at, recorded.has_value(), options);
  } catch (const InputError& e) {  // the scorer's own checks of the problem (it was validated on loading)
    throw located(*problem_file, e);
  }
  if (assignment_file) story.source_name = input_name(*assignment_file);

  const std::string content = as_json ? to_json(story).dump(2) + "\n" : to_text(story);
  if (!output || *output == "-") {
    write_output("-", content);
    return kOk;
  }
  write_output(*output, content);
  std::cout << "explanation of " << story.need << " written to " << *output << "\n";
  return kOk;
}

}  // namespace tokten::cli
