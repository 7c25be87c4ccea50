#pragma once
// Ledgers shared by the report's tests (test_report.cpp, test_report_data.cpp).
#include <string>

#include "tokten/impact/ledger.hpp"
#include "tokten/model/date.hpp"

namespace tokten::testing {

// Twelve experts in Bamako, six of them in Kayes and seven in Ségou; one expert (e0) alone in
// Kidal, with `kidal` beneficiaries: a number that must never be published.
inline impact::Ledger small_ledger(std::int64_t kidal) {
  impact::Ledger ledger;
  ledger.name = "small";
  ledger.institutions = {{"u-bko", "Université de Bamako", InstitutionKind::university, "Bamako"},
                         {"u-kay", "Université de Kayes", InstitutionKind::university, "Kayes"},
                         {"u-seg", "Université de Ségou", InstitutionKind::university, "Ségou"},
                         {"h-kid", "Hôpital de Kidal", InstitutionKind::hospital, "Kidal"}};
  int id = 0;
  auto mission = [&](const std::string& expert, const std::string& inst, std::int64_t beneficiaries) {
    impact::MissionRecord m;
    m.id = "m" + std::to_string(++id);
    m.expert = expert;
    m.institution = inst;
    m.dates = {*parse_date("2020-01-01"), *parse_date("2020-01-20")};
    m.dates.start.days += 40 * id;  // one expert's missions never overlap
    m.dates.end.days += 40 * id;
    m.beneficiaries = beneficiaries;
    m.source = "test";
    ledger.missions.push_back(m);
  };
  for (int e = 0; e < 12; ++e) {
    const std::string expert = "e" + std::to_string(e);
    ledger.experts.push_back({expert, "FR", std::nullopt, std::nullopt});
    mission(expert, "u-bko", 10 + e);
    if (e < 6) mission(expert, "u-kay", 20);
    if (e < 7) mission(expert, "u-seg", 30);
  }
  mission("e0", "h-kid", kidal);
  return ledger;
}

}  // namespace tokten::testing
