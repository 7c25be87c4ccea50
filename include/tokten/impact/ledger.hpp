#pragma once
// The mission ledger: what the programme actually did, one record per completed mission, with
// the roster facts and the hosts' requests that the indicators need.
//
// PROBLEM. Published tallies of the programme drift (979 or 992 missions, 629 or 646 experts)
// because nobody keeps one list of missions with their provenance. A Ledger is that list: each
// MissionRecord says who went where, when, in which sector, what came out of it (beneficiaries
// trained, theses supervised and defended, other named counters) and where the record comes
// from (`source`: a mission report, an annual report, a host's attestation, ...). Indicators
// (indicators.hpp, equity_indicators.hpp) are computed from it after reconciliation
// (reconcile.hpp), which reports duplicates and inconsistent records instead of counting them
// silently.
//
// WHAT REFERS TO WHAT (by id; reconcile() reports what does not resolve):
//   MissionRecord::expert       -> LedgerExpert::id
//   MissionRecord::institution  -> LedgerInstitution::id
//   MissionRecord::need         -> Request::need (optional: many missions predate the requests)
//   Request::institution        -> LedgerInstitution::id
// A mission's or a request's `region` may be left empty: it is then the host institution's
// region (effective_region below). Regions are free text, compared exactly ("Ségou").
//
// RUNNING TIME. LedgerIndex builds in O(n) expected time over the ledger's items; lookups are
// O(1) expected.
//
// Example:
//   tokten::impact::Ledger ledger;
//   ledger.experts.push_back({"exp-1", "FR", std::nullopt, std::nullopt});
//   ledger.institutions.push_back({"inst-1", "Université de Ségou",
//                                  tokten::InstitutionKind::university, "Ségou"});
//   tokten::impact::MissionRecord m;
//   m.id = "m-1"; m.expert = "exp-1"; m.institution = "inst-1";
//   m.sector = tokten::Sector::education;
//   m.dates = {*tokten::parse_date("2015-03-02"), *tokten::parse_date("2015-03-27")};
//   m.beneficiaries = 45; m.source = "mission report 2015-07";
//   ledger.missions.push_back(m);
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "tokten/model/date.hpp"
#include "tokten/model/vocabulary.hpp"

namespace tokten::impact {

/// One completed mission.
struct MissionRecord {
  std::string id;
  std::string expert;       // a LedgerExpert id
  std::string institution;  // a LedgerInstitution id (the host structure)
  std::optional<std::string> need;  // the Request it answered, when known
  Sector sector = Sector::education;
  std::string region;  // where it took place; empty: the host's region
  DateWindow dates;    // first and last day, both included
  std::int64_t beneficiaries = 0;  // people trained
  std::int32_t theses_supervised = 0;
  std::int32_t theses_defended = 0;
  std::map<std::string, std::int64_t> outcomes;  // other named counters, e.g. {"courses_taught", 3}
  std::string source;                            // where the record comes from
  friend bool operator==(const MissionRecord&, const MissionRecord&) = default;
};

/// The roster facts the ledger needs about an expert.
struct LedgerExpert {
  std::string id;
  std::string residence_country;  // ISO 3166-1 alpha-2 ("FR"); empty when unknown
  // The period in which the roster knows the expert (registered, then left or retired); a
  // mission outside it is suspicious. Absent: unbounded on that side.
  std::optional<Date> known_from, known_until;
  friend bool operator==(const LedgerExpert&, const LedgerExpert&) = default;
};

/// A host structure.
struct LedgerInstitution {
  std::string id;
  std::string name;
  InstitutionKind kind = InstitutionKind::other;
  std::string region;
  friend bool operator==(const LedgerInstitution&, const LedgerInstitution&) = default;
};

/// A need a host asked for: the denominator of coverage and the start of time to fill.
struct Request {
  std::string need;  // the need's id, unique in the ledger
  std::string institution;
  Sector sector = Sector::education;
  std::string region;  // empty: the host's region
  std::int32_t seats = 1;
  std::optional<Date> requested_on;
  friend bool operator==(const Request&, const Request&) = default;
};

struct Ledger {
  std::string name;
  std::vector<LedgerExpert> experts;
  std::vector<LedgerInstitution> institutions;
  std::vector<MissionRecord> missions;
  std::vector<Request> requests;
  friend bool operator==(const Ledger&, const Ledger&) = default;
};

/// Positions of the roster items by id. When an id appears twice the first item is the one
/// found (reconcile() reports the repetition).
class LedgerIndex {
 public:
  explicit LedgerIndex(const Ledger& ledger) : ledger_(&ledger) {
    fill(experts_, ledger.experts, [](const LedgerExpert& e) -> const std::string& { return e.id; });
    fill(institutions_, ledger.institutions,
         [](const LedgerInstitution& i) -> const std::string& { return i.id; });
    fill(requests_, ledger.requests, [](const Request& r) -> const std::string& { return r.need; });
  }

  const LedgerExpert* expert(std::string_view id) const { return find(experts_, ledger_->experts, id); }
  const LedgerInstitution* institution(std::string_view id) const {
    return find(institutions_, ledger_->institutions, id);
  }
  const Request* request(std::string_view need) const { return find(requests_, ledger_->requests, need); }
  std::optional<std::size_t> request_position(std::string_view need) const {
    auto it = requests_.find(std::string(need));
    if (it == requests_.end()) return std::nullopt;
    return it->second;
  }

  /// The mission's region, or its host's when the record leaves it empty ("" if neither).
  const std::string& effective_region(const MissionRecord& m) const {
    if (!m.region.empty()) return m.region;
    const LedgerInstitution* host = institution(m.institution);
    return host ? host->region : m.region;
  }
  const std::string& effective_region(const Request& r) const {
    if (!r.region.empty()) return r.region;
    const LedgerInstitution* host = institution(r.institution);
    return host ? host->region : r.region;
  }

 private:
  using Map = std::unordered_map<std::string, std::size_t>;

  template <class Item, class Key>
  static void fill(Map& map, const std::vector<Item>& items, Key key) {
    map.reserve(items.size());
    for (std::size_t i = 0; i < items.size(); ++i) map.emplace(key(items[i]), i);  // keeps the first
  }
  template <class Item>
  static const Item* find(const Map& map, const std::vector<Item>& items, std::string_view id) {
    auto it = map.find(std::string(id));
    return it == map.end() ? nullptr : &items[it->second];
  }

  const Ledger* ledger_;
  Map experts_, institutions_, requests_;
};

}  // namespace tokten::impact
