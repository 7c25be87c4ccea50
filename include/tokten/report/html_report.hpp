#pragma once
// The programme report: one self-contained HTML page (inline CSS and SVG charts, no script, no
// link to fetch) that opens offline in any browser. `tokten report` and tokten.report write it.
//
// From a mission ledger (impact/ledger.hpp), after reconciliation:
//   - the programme totals and what reconciliation set aside, with the findings by kind;
//   - missions and beneficiaries by region and sector (with margins), by kind of host and by
//     year (tables and bar charts);
//   - coverage of the hosts' requests and time to fill; repeat missions and continuity;
//   - equity: shares outside the capital, Gini and Theil across regions and sectors, and
//     per-capita rates when populations are given.
// From a planning round (model/problem.hpp):
//   - the assignment policies side by side (impact/policies.hpp), with charts;
//   - the price of equity over a sweep of equity bonuses, with its curve;
//   - coverage under expert withdrawals with re-matching (impact/robustness.hpp).
//
// SAFE TO PUBLISH. Every table counting experts' missions goes through publish/suppression.hpp:
// a number behind fewer than k distinct experts is withheld ("x"), with complementary
// withholding so that no withheld number can be recovered from the totals; each table is then
// audited, and a failed audit throws (nothing is written). Linked tables: everything by region
// or by sector of one measure comes from one region x sector table with its margins, so no table
// gives back what another withholds; tables on other dimensions (kind of host, year) share only
// the published grand total. Shares, indices and per-capita rates are shown only when the counts
// they are made of are published; rates of experts (repeat missions) only when both the count
// and its complement are 0 or at least k. Reconciliation findings are counted by kind, never
// listed. Charts show only published numbers. The policy and robustness sections describe a
// planning round (not people's records) and are not suppressed.
//
// Deterministic: the same inputs and options give the same bytes (no timestamp).
//
// Running time: the ledger's indicators are O(missions log missions); suppression and audit
// cost two min-cost flows per withheld number; the round's sections cost (policies + bonuses)
// solves and one Monte Carlo.
//
// Example:
//   tokten::report::ReportOptions options;
//   const auto ledger = tokten::synth::synthetic_history();
//   const auto round = tokten::synth::demo_problem({});
//   std::string html = tokten::report::html_report(&ledger, &round, options);
#include <algorithm>
#include <cstdint>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "tokten/impact/equity_indicators.hpp"
#include "tokten/impact/indicators.hpp"
#include "tokten/impact/ledger.hpp"
#include "tokten/impact/policies.hpp"
#include "tokten/impact/reconcile.hpp"
#include "tokten/impact/robustness.hpp"
#include "tokten/publish/suppression.hpp"
#include "tokten/report/svg_chart.hpp"
#include "tokten/version.hpp"

namespace tokten::report {

struct ReportOptions {
  std::string title = "TOKTEN programme report";
  std::string capital = "Bamako";
  std::map<std::string, double> population;  // region -> inhabitants, for per-capita rates
  std::int64_t k = 5;                        // publish numbers behind at least k distinct experts
  SolveOptions solve;                        // the round's scoring policy and k candidates
  std::vector<double> bonuses{0.0, 0.1, 0.2, 0.3, 0.5, 1.0};
  double withdrawal_probability = 0.1;
  std::int32_t trials = 100;
  std::uint64_t seed = 1;
};

namespace detail {

inline const char* kStyle =
    "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;max-width:1100px;margin:2em auto;"
    "padding:0 1em;color:#222}h1{color:#1d5535}h2{border-bottom:2px solid #2b7a4b;padding-bottom:.2em;"
    "margin-top:2em}table{border-collapse:collapse;margin:.6em 0}td,th{padding:3px 10px;border-bottom:1px "
    "solid #ddd;text-align:left}td.n{text-align:right;font-variant-numeric:tabular-nums}th{background:#f2f5f3}"
    ".note{color:#555;font-size:.9em}.withheld{color:#a33}.safe{color:#1d5535}.unsafe{color:#a33;font-weight:bold}"
    "svg.chart{display:block;margin:.8em 0}";

inline std::string cell(const std::string& text, bool numeric = false) {
  return std::string(numeric ? "<td class=\"n\">" : "<td>") + escape_xml(text) + "</td>";
}

inline std::string percent(double share) { return format_number(100.0 * share) + "%"; }

inline std::string fixed(double v, int digits = 3) {
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, "%.*f", digits, v);
  return buffer;
}

inline std::string header_row(const std::vector<std::string>& names) {
  std::string out = "<tr>";
  for (const auto& n : names) out += "<th>" + escape_xml(n) + "</th>";
  return out + "</tr>";
}

// A breakdown made safe: rows withheld where fewer than k experts stand behind them, and more
// rows (complementary) so that no withheld row follows from the published total. Each measure
// column is suppressed on its own and the patterns are united (withholding more never narrows
// what a reader can infer), then each column is audited under the united pattern.
struct SafeBreakdown {
  std::vector<bool> withheld;
  bool safe = true;
  std::vector<std::string> failures;
};

inline SafeBreakdown safe_breakdown(const impact::Breakdown& b, std::int64_t total_experts, std::int64_t k) {
  const std::size_t n = b.rows.size();
  SafeBreakdown out;
  out.withheld.assign(n, false);
  if (n == 0) return out;
  using Measure = std::int64_t impact::BreakdownRow::*;
  const Measure measures[] = {&impact::BreakdownRow::missions, &impact::BreakdownRow::beneficiaries,
                              &impact::BreakdownRow::theses_supervised, &impact::BreakdownRow::theses_defended};
  publish::SuppressionOptions options;
  options.k = k;
  auto table_of = [&](Measure m) {
    publish::PublicationTable t;
    t.rows = static_cast<std::int32_t>(n);
    t.cols = 1;
    for (const auto& row : b.rows) {
      t.values.push_back(row.*m);
      t.experts.push_back(row.experts);
      t.row_experts.push_back(row.experts);
    }
    t.col_experts = {total_experts};
    t.total_experts = total_experts;
    return t;
  };
  for (const Measure m : measures) {
    const publish::SuppressionResult r = publish::suppress(table_of(m), options);
    for (std::size_t i = 0; i < n; ++i) out.withheld[i] = out.withheld[i] || r.suppressed[i] != publish::kPublished;
  }
  for (const Measure m : measures) {
    const publish::PublicationTable t = table_of(m);
    std::int64_t total = 0;
    for (const std::int64_t v : t.values) total += v;
    if (total == 0) continue;  // the published total already says every row is 0: nothing to hide
    publish::SuppressionResult united;
    united.suppressed.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
      const bool sensitive = b.rows[i].experts > 0 && b.rows[i].experts < k;
      united.suppressed[i] = !out.withheld[i] ? publish::kPublished : sensitive ? publish::kPrimary : publish::kComplementary;
    }
    united.row_total_suppressed = out.withheld;  // a row's total is its one cell
    united.col_total_suppressed = {false};
    const publish::AuditReport audit = publish::audit(t, united, options);
    if (!audit.safe) {
      out.safe = false;
      out.failures.insert(out.failures.end(), audit.failures.begin(), audit.failures.end());
    }
  }
  return out;
}

// A withheld number says "x"; a published one its value.
inline std::string shown_cell(bool withheld, std::int64_t value) {
  return withheld ? "<td class=\"n withheld\">x</td>" : cell(std::to_string(value), true);
}

// Publication is refused, not warned about, when an audit fails: it would be a bug in the
// suppression, and the page must never carry a recoverable small number.
inline void require_safe(const publish::AuditReport& audit, std::string_view table) {
  if (!audit.safe)
    throw std::runtime_error("report: the " + std::string(table) + " table failed its disclosure audit (" +
                             (audit.failures.empty() ? std::string("no detail") : audit.failures.front()) +
                             "); nothing was written");
}

inline std::string audit_note(std::int64_t withheld, std::int64_t k) {
  return "<p class=\"note\">" +
         (withheld ? std::to_string(withheld) + " number" + (withheld == 1 ? "" : "s") +
                         " withheld (x): behind fewer than " + std::to_string(k) +
                         " distinct experts, or needed to protect such a number. "
                   : "Every number is behind at least " + std::to_string(k) + " distinct experts. ") +
         "<span class=\"safe\">Audit: no withheld number can be recovered from what is published.</span></p>";
}

inline std::string one_way_section(const impact::Breakdown& b, std::int64_t total_experts, std::int64_t k,
                                   std::string_view title) {
  const SafeBreakdown safe = safe_breakdown(b, total_experts, k);
  if (!safe.safe) {
    publish::AuditReport failed;
    failed.failures = safe.failures;
    require_safe(failed, title);
  }
  std::string html = "<h3>" + escape_xml(title) + "</h3><table>" +
                     header_row({b.by, "missions", "beneficiaries", "theses supervised", "theses defended", "experts"});
  std::vector<std::string> labels;
  std::vector<double> missions;
  std::int64_t withheld = 0;
  for (std::size_t i = 0; i < b.rows.size(); ++i) {
    const auto& row = b.rows[i];
    html += "<tr>" + cell(row.key);
    for (const std::int64_t v : {row.missions, row.beneficiaries, row.theses_supervised, row.theses_defended, row.experts})
      html += shown_cell(safe.withheld[i], v);
    html += "</tr>";
    if (safe.withheld[i]) {
      ++withheld;
    } else {
      labels.push_back(row.key);
      missions.push_back(static_cast<double>(row.missions));
    }
  }
  html += "</table>" + audit_note(withheld, k);
  if (!labels.empty())
    html += bar_chart(std::string(title) + ": missions", labels, {{"missions", missions, kGreen}}, "missions");
  return html;
}

// Region x sector of one measure (missions or beneficiaries), with its margins: the one table
// that publishes anything by region or by sector for that measure, so that no other table can
// give back what it withholds.
struct CrossTable {
  std::vector<std::string> regions;
  std::vector<Sector> sectors;
  publish::PublicationTable table;
  publish::SuppressionResult result;
  std::vector<std::int64_t> region_totals, sector_totals;
  std::int64_t grand = 0;
};

inline CrossTable cross_table(const impact::Ledger& ledger, bool beneficiaries, std::int64_t k) {
  const impact::LedgerIndex index(ledger);
  std::map<std::string, std::set<std::string>> by_region;
  std::map<int, std::set<std::string>> by_sector;
  std::map<std::pair<std::string, int>, std::pair<std::int64_t, std::set<std::string>>> cells;
  std::set<std::string> everyone;
  for (const impact::MissionRecord& m : ledger.missions) {
    const std::string& region = index.effective_region(m);
    const std::string key = region.empty() ? std::string(impact::kUnknownKey) : region;
    const int s = static_cast<int>(m.sector);
    auto& c = cells[{key, s}];
    c.first += beneficiaries ? m.beneficiaries : 1;
    c.second.insert(m.expert);
    by_region[key].insert(m.expert);
    by_sector[s].insert(m.expert);
    everyone.insert(m.expert);
  }
  CrossTable x;
  for (const auto& [r, e] : by_region) x.regions.push_back(r);
  for (const auto& [s, e] : by_sector) x.sectors.push_back(static_cast<Sector>(s));
  publish::PublicationTable& t = x.table;
  t.rows = static_cast<std::int32_t>(x.regions.size());
  t.cols = static_cast<std::int32_t>(x.sectors.size());
  x.region_totals.assign(x.regions.size(), 0);
  x.sector_totals.assign(x.sectors.size(), 0);
  for (std::size_t i = 0; i < x.regions.size(); ++i)
    for (std::size_t j = 0; j < x.sectors.size(); ++j) {
      const auto it = cells.find({x.regions[i], static_cast<int>(x.sectors[j])});
      const std::int64_t v = it == cells.end() ? 0 : it->second.first;
      t.values.push_back(v);
      t.experts.push_back(it == cells.end() ? 0 : static_cast<std::int64_t>(it->second.second.size()));
      x.region_totals[i] += v;
      x.sector_totals[j] += v;
      x.grand += v;
    }
  for (const auto& r : x.regions) t.row_experts.push_back(static_cast<std::int64_t>(by_region[r].size()));
  for (const Sector s : x.sectors) t.col_experts.push_back(static_cast<std::int64_t>(by_sector[static_cast<int>(s)].size()));
  t.total_experts = static_cast<std::int64_t>(everyone.size());
  if (x.regions.empty()) return x;
  publish::SuppressionOptions options;
  options.k = k;
  x.result = publish::suppress(t, options);
  require_safe(publish::audit(t, x.result, options), beneficiaries ? "beneficiaries by region and sector"
                                                                   : "missions by region and sector");
  return x;
}

inline std::string cross_section(const CrossTable& x, std::string_view measure, std::int64_t k) {
  if (x.regions.empty()) return "<p>No missions.</p>";
  std::vector<std::string> head{"region"};
  for (const Sector s : x.sectors) head.emplace_back(to_string(s));
  head.emplace_back("total");
  std::string html = "<h3>" + escape_xml(std::string(measure)) + " by region and sector</h3><table>" + header_row(head);
  std::int64_t withheld = 0;
  const auto& r = x.result;
  for (std::size_t i = 0; i < x.regions.size(); ++i) {
    html += "<tr>" + cell(x.regions[i]);
    for (std::size_t j = 0; j < x.sectors.size(); ++j) {
      const std::size_t at = i * x.sectors.size() + j;
      const bool hidden = r.suppressed[at] != publish::kPublished;
      withheld += hidden;
      html += shown_cell(hidden, x.table.values[at]);
    }
    withheld += r.row_total_suppressed[i];
    html += shown_cell(r.row_total_suppressed[i], x.region_totals[i]) + "</tr>";
  }
  html += "<tr><th>total</th>";
  for (std::size_t j = 0; j < x.sectors.size(); ++j) {
    withheld += r.col_total_suppressed[j];
    html += shown_cell(r.col_total_suppressed[j], x.sector_totals[j]);
  }
  withheld += r.grand_total_suppressed;
  html += shown_cell(r.grand_total_suppressed, x.grand) + "</tr></table>" + audit_note(withheld, k);
  // Charts of the published margins only.
  std::vector<std::string> labels;
  std::vector<double> values;
  for (std::size_t i = 0; i < x.regions.size(); ++i)
    if (!r.row_total_suppressed[i]) labels.push_back(x.regions[i]), values.push_back(static_cast<double>(x.region_totals[i]));
  if (!labels.empty())
    html += bar_chart("By region: " + std::string(measure), labels, {{std::string(measure), values, kGreen}},
                      std::string(measure));
  labels.clear();
  values.clear();
  for (std::size_t j = 0; j < x.sectors.size(); ++j)
    if (!r.col_total_suppressed[j])
      labels.emplace_back(to_string(x.sectors[j])), values.push_back(static_cast<double>(x.sector_totals[j]));
  if (!labels.empty())
    html += bar_chart("By sector: " + std::string(measure), labels, {{std::string(measure), values, kOchre}},
                      std::string(measure));
  return html;
}

// A count of experts is publishable when it and its complement are 0 or at least k.
inline bool publishable(std::int64_t part, std::int64_t whole, std::int64_t k) {
  const std::int64_t rest = whole - part;
  return (part == 0 || part >= k) && (rest == 0 || rest >= k);
}

inline std::string ledger_sections(const impact::Ledger& raw, const ReportOptions& o) {
  const std::vector<impact::LedgerFinding> findings = impact::reconcile(raw);
  const impact::Ledger ledger = impact::reconciled(raw, findings);
  const impact::ProgrammeTotals totals = impact::totals(raw);
  std::string html = "<section id=\"indicators\"><h2>Programme indicators</h2>";
  if (totals.experts < o.k) {
    return html + "<p>The ledger counts " + std::string(totals.experts ? "fewer than " + std::to_string(o.k) : "no") +
           " distinct experts: nothing about it can be published.</p></section>";
  }
  html += "<table>" + header_row({"indicator", "value"});
  const std::pair<const char*, std::int64_t> rows[] = {
      {"missions", totals.missions},
      {"beneficiaries trained", totals.beneficiaries},
      {"theses supervised", totals.theses_supervised},
      {"theses defended", totals.theses_defended},
      {"experts mobilised (distinct)", totals.experts},
      {"countries of residence", totals.residence_countries},
      {"host structures", totals.host_structures},
      {"records set aside by reconciliation", totals.set_aside}};
  for (const auto& [name, value] : rows) html += "<tr>" + cell(name) + cell(std::to_string(value), true) + "</tr>";
  html += "</table>";
  if (findings.empty()) {
    html += "<p class=\"note\">Reconciliation found nothing to report.</p>";
  } else {
    // Counts by kind only: the findings themselves name records and people.
    std::map<std::string, std::int64_t> kinds;
    for (const auto& f : findings) ++kinds[f.kind];
    html += "<h3>Reconciliation findings</h3><table>" + header_row({"kind", "findings"});
    for (const auto& [kind, count] : kinds) html += "<tr>" + cell(kind) + cell(std::to_string(count), true) + "</tr>";
    html += "</table><p class=\"note\">The findings themselves (tokten.reconcile) name records and stay internal.</p>";
  }
  const CrossTable missions = cross_table(ledger, false, o.k);
  const CrossTable people = cross_table(ledger, true, o.k);
  if (missions.result.grand_total_suppressed || people.result.grand_total_suppressed)
    throw std::runtime_error("report: a grand total had to be withheld, but the totals table publishes it; "
                             "nothing was written");
  html += cross_section(missions, "missions", o.k) + cross_section(people, "beneficiaries", o.k);
  html += one_way_section(impact::breakdown(raw, "institution_kind"), totals.experts, o.k, "By kind of host");
  html += one_way_section(impact::breakdown(raw, "year"), totals.experts, o.k, "By year");
  html += "</section>";

  const impact::RequestCoverage coverage = impact::request_coverage(raw);
  const impact::Continuity continuity = impact::continuity(raw);
  const bool coverage_ok = coverage.seats_filled == 0 || coverage.seats_filled >= o.k;
  html += "<section id=\"requests\"><h2>Requests and continuity</h2><table>" + header_row({"measure", "value"});
  auto row = [&](const std::string& name, bool ok, const std::string& value) {
    html += "<tr>" + cell(name) + (ok ? cell(value, true) : std::string("<td class=\"n withheld\">x</td>")) + "</tr>";
  };
  row("needs filled / requested", coverage_ok,
      std::to_string(coverage.needs_filled) + " / " + std::to_string(coverage.needs_requested) + " (" +
          percent(coverage.need_coverage) + ")");
  row("seats filled / requested", coverage_ok,
      std::to_string(coverage.seats_filled) + " / " + std::to_string(coverage.seats_requested) + " (" +
          percent(coverage.seat_coverage) + ")");
  row("median days to fill", coverage_ok,
      coverage.median_days_to_fill ? format_number(*coverage.median_days_to_fill) : "n/a");
  row("repeat-mission rate (experts with 2+ missions)",
      publishable(continuity.repeat_experts, continuity.experts, o.k), percent(continuity.repeat_rate));
  row("returned to a host they had served (of repeat experts)",
      publishable(continuity.returning_experts, continuity.repeat_experts, o.k), percent(continuity.return_to_host_rate));
  html += "</table></section>";

  // Equity from published numbers only: a share or an index is shown when every number it is
  // made of is published in the tables above.
  const impact::EquityReport equity = impact::equity(raw, o.capital, o.population);
  auto region_published = [](const CrossTable& x, const std::string& region) {
    for (std::size_t i = 0; i < x.regions.size(); ++i)
      if (x.regions[i] == region) return !x.result.row_total_suppressed[i];
    return true;  // no mission there: the share is over the published total
  };
  auto all_regions = [](const CrossTable& x) {
    for (std::size_t i = 0; i < x.regions.size(); ++i)
      if (x.result.row_total_suppressed[i]) return false;
    return true;
  };
  auto all_sectors = [](const CrossTable& x) {
    for (std::size_t j = 0; j < x.sectors.size(); ++j)
      if (x.result.col_total_suppressed[j]) return false;
    return true;
  };
  html += "<section id=\"equity\"><h2>Equity</h2><table>" + header_row({"measure", "value"});
  row("missions outside " + o.capital, region_published(missions, o.capital), percent(equity.missions_outside_capital_share));
  row("beneficiaries outside " + o.capital, region_published(people, o.capital),
      percent(equity.beneficiaries_outside_capital_share));
  row("Gini of missions across regions", all_regions(missions), fixed(equity.gini_regions_missions));
  row("Theil of missions across regions", all_regions(missions), fixed(equity.theil_regions_missions));
  row("Gini of missions across sectors", all_sectors(missions), fixed(equity.gini_sectors_missions));
  row("Theil of missions across sectors", all_sectors(missions), fixed(equity.theil_sectors_missions));
  if (equity.gini_regions_per_capita)
    row("Gini of missions per inhabitant across regions", all_regions(missions), fixed(*equity.gini_regions_per_capita));
  html += "</table>";
  if (!equity.per_capita.empty()) {
    html += "<table>" + header_row({"region", "population", "missions per 100,000", "beneficiaries per 100,000"});
    for (const auto& r : equity.per_capita) {
      html += "<tr>" + cell(r.region) + cell(format_number(r.population), true);
      html += region_published(missions, r.region) ? cell(fixed(r.missions_per_100k, 2), true)
                                                   : std::string("<td class=\"n withheld\">x</td>");
      html += region_published(people, r.region) ? cell(fixed(r.beneficiaries_per_100k, 1), true)
                                                 : std::string("<td class=\"n withheld\">x</td>");
      html += "</tr>";
    }
    html += "</table><p class=\"note\">A rate is shown only where its region's count is published above.</p>";
  }
  html += "<p class=\"note\">A share or an index is withheld (x) when it would give back a withheld count.</p>";
  return html + "</section>";
}

inline std::string round_sections(const Problem& problem, const ReportOptions& o) {
  impact::PolicyRunOptions run;
  run.solve = o.solve;
  run.solve.explain_pairs = false;
  run.solve.alternates = 0;
  run.solve.fixes = 0;
  run.seed = o.seed;
  std::string html = "<section id=\"policies\"><h2>Assignment policies compared</h2><p>Round " +
                     escape_xml(problem.name) + ": " + std::to_string(problem.experts.size()) + " experts, " +
                     std::to_string(problem.needs.size()) +
                     " needs. Every policy chooses among the same candidates under the same rules.</p><table>" +
                     header_row({"policy", "total score", "seats filled", "seat coverage", "needs filled",
                                 "seats outside " + o.solve.policy.capital_region, "Gini of coverage across regions"});
  std::vector<std::string> labels;
  std::vector<double> scores, coverage;
  for (const impact::PolicyKind kind : {impact::PolicyKind::optimal, impact::PolicyKind::most_seats,
                                        impact::PolicyKind::greedy, impact::PolicyKind::first_come,
                                        impact::PolicyKind::random}) {
    const impact::PolicyOutcome out = impact::run_policy(problem, kind, run);
    const impact::RoundMetrics& m = out.metrics;
    html += "<tr>" + cell(std::string(impact::to_string(kind))) + cell(fixed(m.total_score), true) +
            cell(std::to_string(m.seats_filled) + " / " + std::to_string(m.seats_requested), true) +
            cell(percent(m.seat_coverage), true) +
            cell(std::to_string(m.needs_filled) + " / " + std::to_string(m.needs), true) +
            cell(percent(m.outside_capital_share), true) + cell(fixed(m.gini_regions), true) + "</tr>";
    labels.emplace_back(impact::to_string(kind));
    scores.push_back(std::max(0.0, m.total_score));
    coverage.push_back(100.0 * m.seat_coverage);
  }
  html += "</table>";
  html += bar_chart("Total score by policy", labels, {{"total score", scores, kGreen}}, "total score");
  html += bar_chart("Seat coverage by policy", labels, {{"seats filled (%)", coverage, kOchre}}, "% of seats");

  html += "<h3>The price of equity</h3><p class=\"note\">The optimal assignment as the equity bonus for needs outside " +
          escape_xml(o.solve.policy.capital_region) +
          " grows; quality is the total score without the bonus.</p><table>" +
          header_row({"equity bonus", "quality", "quality given up", "seats outside the capital", "seats filled"});
  std::vector<double> xs, ys;
  std::vector<std::string> point_labels;
  double first_quality = 0;
  for (std::size_t i = 0; i < o.bonuses.size(); ++i) {
    const impact::EquityPoint p = impact::equity_point(problem, run.solve, o.bonuses[i]);
    if (i == 0) first_quality = p.quality;
    html += "<tr>" + cell(format_number(p.bonus), true) + cell(fixed(p.quality), true) +
            cell(fixed(first_quality - p.quality), true) + cell(percent(p.metrics.outside_capital_share), true) +
            cell(std::to_string(p.metrics.seats_filled), true) + "</tr>";
    xs.push_back(p.metrics.outside_capital_share);
    ys.push_back(p.quality);
    point_labels.push_back("bonus " + format_number(p.bonus));
  }
  html += "</table>" + line_chart("Quality against equity", xs, ys, point_labels, "share of seats outside the capital",
                                  "quality") +
          "</section>";

  const Assignment base = solve(problem, run.solve);
  impact::WithdrawalOptions w;
  w.probability.assign(problem.experts.size(), o.withdrawal_probability);
  w.trials = o.trials;
  w.seed = o.seed;
  const auto trials = impact::withdrawal_trials(problem, run.solve, base, w);
  std::vector<double> before, after;
  for (const auto& t : trials) before.push_back(t.coverage_before), after.push_back(t.coverage);
  auto quantile = [](std::vector<double> v, double q) {
    if (v.empty()) return 0.0;
    std::sort(v.begin(), v.end());
    const double pos = q * static_cast<double>(v.size() - 1);
    const auto lo = static_cast<std::size_t>(pos);
    const std::size_t hi = std::min(lo + 1, v.size() - 1);
    return v[lo] + (pos - static_cast<double>(lo)) * (v[hi] - v[lo]);
  };
  auto mean = [](const std::vector<double>& v) {
    double s = 0;
    for (const double x : v) s += x;
    return v.empty() ? 0.0 : s / static_cast<double>(v.size());
  };
  html += "<section id=\"robustness\"><h2>Robustness to withdrawals</h2><p>Each assigned expert withdraws with "
          "probability " +
          format_number(o.withdrawal_probability) + "; the freed seats are re-matched. " + std::to_string(o.trials) +
          " trials, seed " + std::to_string(o.seed) + ".</p><table>" +
          header_row({"seat coverage", "mean", "5%", "median", "95%"});
  for (const auto& [name, v] : {std::pair<const char*, const std::vector<double>*>{"after withdrawals", &before},
                                {"after re-matching", &after}})
    html += "<tr>" + cell(name) + cell(percent(mean(*v)), true) + cell(percent(quantile(*v, 0.05)), true) +
            cell(percent(quantile(*v, 0.5)), true) + cell(percent(quantile(*v, 0.95)), true) + "</tr>";
  return html + "</table></section>";
}

}  // namespace detail

/// The report as one HTML document (see the header comment). Either input may be null; with
/// both null the page says there is nothing to report.
inline std::string html_report(const impact::Ledger* ledger, const Problem* problem, const ReportOptions& options = {}) {
  std::string html = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
                     "content=\"width=device-width, initial-scale=1\"><title>" +
                     escape_xml(options.title) + "</title><style>" + detail::kStyle + "</style></head><body><h1>" +
                     escape_xml(options.title) + "</h1><p class=\"note\">Made by tokten " + std::string(version) +
                     (ledger ? " from the ledger \"" + escape_xml(ledger->name) + "\"" : std::string()) +
                     (problem ? std::string(ledger ? " and" : " from") + " the planning round \"" +
                                    escape_xml(problem->name) + "\""
                              : std::string()) +
                     ". Numbers behind fewer than " + std::to_string(options.k) +
                     " distinct experts are withheld (x).</p>";
  if (ledger) html += detail::ledger_sections(*ledger, options);
  if (problem) html += detail::round_sections(*problem, options);
  if (!ledger && !problem) html += "<p>Nothing to report: give a ledger, a planning round or both.</p>";
  return html + "</body></html>\n";
}

}  // namespace tokten::report
