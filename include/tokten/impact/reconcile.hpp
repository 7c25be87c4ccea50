#pragma once
// Reconciling a mission ledger: duplicates and inconsistent records are reported, never
// silently counted.
//
// PROBLEM. Ledgers are assembled from mission reports, annual reports and hosts' attestations;
// the same mission arrives twice, a thesis is recorded as defended on a record that supervised
// none, a mission falls outside the period in which the roster knew its expert. reconcile()
// lists every such finding; reconciled() applies the one policy on what counts:
//
//   a record is SET ASIDE (left out of every indicator) when it repeats an earlier record:
//     duplicate_id       its id was already used by an earlier record (ledger order);
//     duplicate_mission  same expert and same host as an earlier counted record, with
//                        overlapping dates.
//   The first record is kept. Every other finding is reported and the record still counts:
//   an analyst decides, and the indicators say how many records they left out (set_aside).
//
// FINDING KINDS, in the order reconcile() lists them (kFindingKinds); within a kind, by the
// position of the records concerned:
//   duplicate_expert, duplicate_institution, duplicate_request   an id repeated in the roster
//       or the requests (the first item is the one used; `missions` is empty);
//   invalid_record                a mission ending before it starts, a negative counter, a
//       request with no seat (the JSON reader refuses these; objects built in code may not);
//   duplicate_id, duplicate_mission                              see above (set aside);
//   unknown_expert, unknown_institution, unknown_request         a reference that does not
//       resolve (unknown_institution also for a request's host);
//   defended_exceeds_supervised   more theses defended than supervised on one record;
//   outside_known_dates           the mission is not within the expert's known_from..until;
//   region_mismatch               the record's region is not its host's region;
//   before_request                the mission started before its request was made;
//   request_overfilled            more counted missions linked to a request than its seats;
//   overlapping_missions          one expert in two places at once (two counted missions at
//                                 different hosts with overlapping dates).
// `missions` holds the ids of the mission records concerned (for duplicate_id: the repeated
// id; for duplicate_mission: the kept record's id, then the set-aside one's); `message` says
// where (JSON pointers into the ledger document: /missions/12) and what.
//
// RUNNING TIME. O(n log n + sum over (expert, host) pairs of g^2) for n records, g the records
// of one expert at one host (a handful), plus the number of overlapping pairs reported.
// Deterministic: the same ledger gives the same findings in the same order.
//
// Example:
//   auto findings = tokten::impact::reconcile(ledger);
//   for (const auto& f : findings) std::cout << f.kind << ": " << f.message << "\n";
//   tokten::impact::Ledger counted = tokten::impact::reconciled(ledger);   // duplicates out
#include <algorithm>
#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "tokten/impact/ledger.hpp"

namespace tokten::impact {

struct LedgerFinding {
  std::string kind;                   // one of kFindingKinds
  std::vector<std::string> missions;  // ids of the mission records concerned
  std::string message;
  friend bool operator==(const LedgerFinding&, const LedgerFinding&) = default;
};

inline constexpr std::array<std::string_view, 15> kFindingKinds{
    "duplicate_expert",  "duplicate_institution", "duplicate_request",       "invalid_record",
    "duplicate_id",      "duplicate_mission",     "unknown_expert",          "unknown_institution",
    "unknown_request",   "defended_exceeds_supervised", "outside_known_dates", "region_mismatch",
    "before_request",    "request_overfilled",    "overlapping_missions"};

namespace detail {

inline std::string mission_pointer(std::size_t i) { return "/missions/" + std::to_string(i); }

inline std::string dates_text(const DateWindow& w) { return to_string(w.start) + ".." + to_string(w.end); }

/// A repeated record: `position` repeats `original` (both positions in ledger.missions).
struct Repeat {
  std::size_t position;
  std::size_t original;
  bool same_id;  // duplicate_id (else duplicate_mission)
};

/// The records set aside by the counting policy, in ledger order. O(n + sum g^2).
inline std::vector<Repeat> repeats(const Ledger& ledger) {
  std::vector<Repeat> out;
  const auto& missions = ledger.missions;
  std::unordered_map<std::string, std::size_t> first_by_id;
  std::unordered_map<std::string, std::vector<std::size_t>> kept_by_pair;  // expert \0 host
  first_by_id.reserve(missions.size());
  for (std::size_t i = 0; i < missions.size(); ++i) {
    const MissionRecord& m = missions[i];
    if (auto [it, inserted] = first_by_id.emplace(m.id, i); !inserted) {
      out.push_back({i, it->second, true});
      continue;
    }
    std::vector<std::size_t>& kept = kept_by_pair[m.expert + '\0' + m.institution];
    auto same = std::find_if(kept.begin(), kept.end(),
                             [&](std::size_t j) { return missions[j].dates.overlaps(m.dates); });
    if (same != kept.end()) {
      out.push_back({i, *same, false});
      continue;
    }
    kept.push_back(i);
  }
  return out;
}

/// true for each record that counts (not set aside).
inline std::vector<bool> counted_mask(const Ledger& ledger) {
  std::vector<bool> counted(ledger.missions.size(), true);
  for (const Repeat& r : repeats(ledger)) counted[r.position] = false;
  return counted;
}

}  // namespace detail

/// Every finding about the ledger (see the header comment), in a deterministic order.
inline std::vector<LedgerFinding> reconcile(const Ledger& ledger) {
  struct Keyed {
    std::size_t rank, first, second;
    LedgerFinding finding;
  };
  std::vector<Keyed> found;
  auto rank_of = [](std::string_view kind) {
    return static_cast<std::size_t>(std::find(kFindingKinds.begin(), kFindingKinds.end(), kind) -
                                    kFindingKinds.begin());
  };
  auto add = [&](std::string_view kind, std::size_t first, std::size_t second,
                 std::vector<std::string> missions, std::string message) {
    found.push_back({rank_of(kind), first, second, {std::string(kind), std::move(missions), std::move(message)}});
  };
  const LedgerIndex index(ledger);
  const auto& missions = ledger.missions;

  // Ids repeated in the roster and the requests.
  auto roster = [&](const auto& items, auto key, std::string_view kind, const char* list, const char* what) {
    std::unordered_map<std::string, std::size_t> first;
    for (std::size_t i = 0; i < items.size(); ++i) {
      auto [it, inserted] = first.emplace(key(items[i]), i);
      if (!inserted)
        add(kind, i, 0, {},
            "/" + std::string(list) + "/" + std::to_string(i) + ": " + what + " \"" + it->first +
                "\" is already at /" + list + "/" + std::to_string(it->second) + "; the first is used");
    }
  };
  roster(ledger.experts, [](const LedgerExpert& e) { return e.id; }, "duplicate_expert", "experts", "expert id");
  roster(ledger.institutions, [](const LedgerInstitution& i) { return i.id; }, "duplicate_institution",
         "institutions", "institution id");
  roster(ledger.requests, [](const Request& r) { return r.need; }, "duplicate_request", "requests", "need id");

  for (std::size_t i = 0; i < ledger.requests.size(); ++i) {
    const Request& r = ledger.requests[i];
    const std::string at = "/requests/" + std::to_string(i);
    if (r.seats < 1)
      add("invalid_record", missions.size() + i, 0, {},
          at + " (need \"" + r.need + "\"): " + std::to_string(r.seats) + " seats; a request asks at least 1");
    if (!index.institution(r.institution))
      add("unknown_institution", missions.size() + i, 0, {},
          at + " (need \"" + r.need + "\"): unknown institution \"" + r.institution + "\" (not in /institutions)");
  }

  // Repeats: set aside.
  for (const detail::Repeat& r : detail::repeats(ledger)) {
    const MissionRecord& m = missions[r.position];
    const MissionRecord& o = missions[r.original];
    if (r.same_id)
      add("duplicate_id", r.position, r.original, {m.id},
          detail::mission_pointer(r.position) + ": mission id \"" + m.id + "\" is already used at " +
              detail::mission_pointer(r.original) + "; this record is set aside");
    else
      add("duplicate_mission", r.position, r.original, {o.id, m.id},
          detail::mission_pointer(r.position) + " (" + m.id + ") repeats " + detail::mission_pointer(r.original) +
              " (" + o.id + "): expert \"" + m.expert + "\" at host \"" + m.institution + "\" on " +
              detail::dates_text(m.dates) + " and " + detail::dates_text(o.dates) + "; this record is set aside");
  }

  // Each record on its own.
  for (std::size_t i = 0; i < missions.size(); ++i) {
    const MissionRecord& m = missions[i];
    const std::string at = detail::mission_pointer(i) + " (" + m.id + ")";
    std::string invalid;
    if (m.dates.end < m.dates.start) invalid = "it ends (" + to_string(m.dates.end) + ") before it starts (" + to_string(m.dates.start) + ")";
    else if (m.beneficiaries < 0) invalid = "negative beneficiaries";
    else if (m.theses_supervised < 0 || m.theses_defended < 0) invalid = "a negative number of theses";
    for (const auto& [name, count] : m.outcomes)
      if (invalid.empty() && count < 0) invalid = "negative outcome \"" + name + "\"";
    if (!invalid.empty()) add("invalid_record", i, 0, {m.id}, at + ": " + invalid);

    const LedgerExpert* expert = index.expert(m.expert);
    const LedgerInstitution* host = index.institution(m.institution);
    if (!expert) add("unknown_expert", i, 0, {m.id}, at + ": unknown expert \"" + m.expert + "\" (not in /experts)");
    if (!host)
      add("unknown_institution", i, 0, {m.id},
          at + ": unknown institution \"" + m.institution + "\" (not in /institutions)");
    const Request* request = m.need ? index.request(*m.need) : nullptr;
    if (m.need && !request)
      add("unknown_request", i, 0, {m.id}, at + ": unknown need \"" + *m.need + "\" (not in /requests)");
    if (m.theses_defended > m.theses_supervised)
      add("defended_exceeds_supervised", i, 0, {m.id},
          at + ": " + std::to_string(m.theses_defended) + " theses defended but " +
              std::to_string(m.theses_supervised) + " supervised on this record");
    if (expert && ((expert->known_from && m.dates.start < *expert->known_from) ||
                   (expert->known_until && *expert->known_until < m.dates.end)))
      add("outside_known_dates", i, 0, {m.id},
          at + ": " + detail::dates_text(m.dates) + " is outside the period in which expert \"" + m.expert +
              "\" is known (" + (expert->known_from ? "from " + to_string(*expert->known_from) : std::string()) +
              (expert->known_from && expert->known_until ? " " : "") +
              (expert->known_until ? "until " + to_string(*expert->known_until) : std::string()) + ")");
    if (host && !m.region.empty() && !host->region.empty() && m.region != host->region)
      add("region_mismatch", i, 0, {m.id},
          at + ": region \"" + m.region + "\" but host \"" + host->id + "\" is in \"" + host->region + "\"");
    if (request && request->requested_on && m.dates.start < *request->requested_on)
      add("before_request", i, 0, {m.id},
          at + ": starts " + to_string(m.dates.start) + ", before need \"" + request->need + "\" was requested (" +
              to_string(*request->requested_on) + ")");
  }

  // Counted records together.
  const std::vector<bool> counted = detail::counted_mask(ledger);
  std::vector<std::vector<std::size_t>> linked(ledger.requests.size());
  std::unordered_map<std::string, std::vector<std::size_t>> by_expert;
  std::vector<std::string> expert_order;  // first appearance, for a deterministic sweep
  for (std::size_t i = 0; i < missions.size(); ++i) {
    if (!counted[i]) continue;
    const MissionRecord& m = missions[i];
    if (m.need)
      if (auto r = index.request_position(*m.need)) linked[*r].push_back(i);
    auto [it, inserted] = by_expert.try_emplace(m.expert);
    if (inserted) expert_order.push_back(m.expert);
    it->second.push_back(i);
  }
  for (std::size_t r = 0; r < linked.size(); ++r) {
    const Request& request = ledger.requests[r];
    if (linked[r].empty() || static_cast<std::int64_t>(linked[r].size()) <= request.seats) continue;
    if (index.request_position(request.need) != r) continue;  // a repeated request: the first counts
    std::vector<std::string> ids;
    for (std::size_t i : linked[r]) ids.push_back(missions[i].id);
    add("request_overfilled", linked[r].front(), r, std::move(ids),
        "/requests/" + std::to_string(r) + " (need \"" + request.need + "\"): " + std::to_string(linked[r].size()) +
            " counted missions for " + std::to_string(request.seats) + " seat(s)");
  }
  for (const std::string& expert : expert_order) {
    std::vector<std::size_t> list = by_expert[expert];
    std::sort(list.begin(), list.end(), [&](std::size_t a, std::size_t b) {
      return std::tie(missions[a].dates.start, a) < std::tie(missions[b].dates.start, b);
    });
    std::vector<std::size_t> active;  // started earlier and not yet over
    for (std::size_t i : list) {
      const MissionRecord& m = missions[i];
      std::erase_if(active, [&](std::size_t j) { return missions[j].dates.end < m.dates.start; });
      for (std::size_t j : active) {
        const MissionRecord& o = missions[j];
        if (o.institution == m.institution) continue;  // same host: a repeat, already handled
        add("overlapping_missions", std::min(i, j), std::max(i, j), {o.id, m.id},
            "expert \"" + m.expert + "\" is at \"" + o.institution + "\" on " + detail::dates_text(o.dates) + " (" +
                detail::mission_pointer(j) + ") and at \"" + m.institution + "\" on " + detail::dates_text(m.dates) +
                " (" + detail::mission_pointer(i) + ")");
      }
      active.push_back(i);
    }
  }

  std::stable_sort(found.begin(), found.end(), [](const Keyed& a, const Keyed& b) {
    return std::tie(a.rank, a.first, a.second) < std::tie(b.rank, b.first, b.second);
  });
  std::vector<LedgerFinding> out;
  out.reserve(found.size());
  for (Keyed& k : found) out.push_back(std::move(k.finding));
  return out;
}

/// The ledger without the mission records that `findings` set aside: for each duplicate_id
/// finding every record with that id but the first, for each duplicate_mission finding the
/// first record with its second id. Other findings change nothing. Pass a filtered list to
/// overrule the policy (keep a repeat you know to be a distinct mission). O(n + findings).
inline Ledger reconciled(const Ledger& ledger, const std::vector<LedgerFinding>& findings) {
  std::unordered_set<std::string> repeated_ids, repeated_missions;
  for (const LedgerFinding& f : findings) {
    if (f.kind == "duplicate_id" && !f.missions.empty()) repeated_ids.insert(f.missions.front());
    if (f.kind == "duplicate_mission" && f.missions.size() >= 2) repeated_missions.insert(f.missions[1]);
  }
  Ledger out;
  out.name = ledger.name;
  out.experts = ledger.experts;
  out.institutions = ledger.institutions;
  out.requests = ledger.requests;
  std::unordered_set<std::string> seen;
  for (const MissionRecord& m : ledger.missions) {
    const bool first = seen.insert(m.id).second;
    if (!first && repeated_ids.count(m.id)) continue;
    if (first && repeated_missions.count(m.id)) continue;
    out.missions.push_back(m);
  }
  return out;
}

/// The ledger as the indicators count it: reconciled(ledger, reconcile(ledger)), computed
/// without the other findings. O(n + sum g^2).
inline Ledger reconciled(const Ledger& ledger) {
  const std::vector<bool> counted = detail::counted_mask(ledger);
  Ledger out;
  out.name = ledger.name;
  out.experts = ledger.experts;
  out.institutions = ledger.institutions;
  out.requests = ledger.requests;
  for (std::size_t i = 0; i < ledger.missions.size(); ++i)
    if (counted[i]) out.missions.push_back(ledger.missions[i]);
  return out;
}

}  // namespace tokten::impact
