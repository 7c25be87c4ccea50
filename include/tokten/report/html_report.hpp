#pragma once
// The programme report: one self-contained HTML page (inline CSS and SVG charts, no script, no
// link to fetch) that opens offline in any browser. `tokten report` and tokten.report write it.
//
// The numbers, and every decision about what may be published, come from report_data.hpp (its
// header comment lists the sections and the rules); this file only renders a ReportData. A
// number the data does not hold is shown as withheld ("x"); charts show only the numbers the
// data holds. Sections:
//   ledger: programme indicators and reconciliation findings by kind; missions and
//     beneficiaries by region and sector (tables and bar charts of the margins), by kind of
//     host and by year; requests and continuity; equity and per-capita rates.
//   round: the policies compared (with charts), the price of equity (with its curve), seat
//     coverage under withdrawals.
//
// Deterministic: the same inputs and options give the same bytes (no timestamp).
//
// Running time: report_data's, then linear in the size of the data.
//
// Example:
//   tokten::report::ReportOptions options;
//   const auto ledger = tokten::synth::synthetic_history();
//   const auto round = tokten::synth::demo_problem({});
//   std::string html = tokten::report::html_report(&ledger, &round, options);
//   // or, from data already computed (or read back with io/report_json.hpp):
//   std::string same = tokten::report::render_html(tokten::report::report_data(&ledger, &round, options));
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tokten/report/report_data.hpp"
#include "tokten/report/svg_chart.hpp"

namespace tokten::report {

namespace detail {

inline const char* kStyle =
    "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;max-width:1100px;margin:2em auto;"
    "padding:0 1em;color:#222}h1{color:#1d5535}h2{border-bottom:2px solid #2b7a4b;padding-bottom:.2em;"
    "margin-top:2em}table{border-collapse:collapse;margin:.6em 0}td,th{padding:3px 10px;border-bottom:1px "
    "solid #ddd;text-align:left}td.n{text-align:right;font-variant-numeric:tabular-nums}th{background:#f2f5f3}"
    ".note{color:#555;font-size:.9em}.withheld{color:#a33}.safe{color:#1d5535}.unsafe{color:#a33;font-weight:bold}"
    "svg.chart{display:block;margin:.8em 0}";

inline const std::string kWithheldCell = "<td class=\"n withheld\">x</td>";

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

// A withheld number says "x"; a published one its value.
inline std::string shown_cell(const std::optional<std::int64_t>& value) {
  return value ? cell(std::to_string(*value), true) : kWithheldCell;
}

inline std::string audit_note(std::int64_t withheld, std::int64_t k) {
  return "<p class=\"note\">" +
         (withheld ? std::to_string(withheld) + " number" + (withheld == 1 ? "" : "s") +
                         " withheld (x): behind fewer than " + std::to_string(k) +
                         " distinct experts, or needed to protect such a number. "
                   : "Every number is behind at least " + std::to_string(k) + " distinct experts. ") +
         "<span class=\"safe\">Audit: no withheld number can be recovered from what is published.</span></p>";
}

inline std::string one_way_section(const OneWayTable& table, std::string_view by, std::string_view title,
                                   std::int64_t k, bool any_missions) {
  if (table.rows.empty() && any_missions)  // withheld whole (report_data.hpp's safe_breakdown)
    return "<h3>" + escape_xml(title) + "</h3><p>Withheld: the missions are spread over so few rows that any " +
           "breakdown would give away groups of fewer than " + std::to_string(k) + " experts.</p>";
  std::string html = "<h3>" + escape_xml(title) + "</h3><table>" +
                     header_row({std::string(by), "missions", "beneficiaries", "theses supervised", "theses defended",
                                 "experts"});
  std::vector<std::string> labels;
  std::vector<double> missions;
  std::int64_t withheld_rows = 0;  // the note has always counted rows here
  for (const OneWayRow& row : table.rows) {
    html += "<tr>" + cell(row.key);
    for (const auto* v : {&row.missions, &row.beneficiaries, &row.theses_supervised, &row.theses_defended, &row.experts})
      html += shown_cell(*v);
    html += "</tr>";
    if (!row.missions || !row.beneficiaries || !row.theses_supervised || !row.theses_defended || !row.experts) {
      ++withheld_rows;
    } else {
      labels.push_back(row.key);
      missions.push_back(static_cast<double>(*row.missions));
    }
  }
  html += "</table>" + audit_note(withheld_rows, k);
  if (!labels.empty())
    html += bar_chart(std::string(title) + ": missions", labels, {{"missions", missions, kGreen}}, "missions");
  return html;
}

// A bar chart of the published entries of one margin.
inline std::string margin_chart(const std::string& title, const std::vector<std::string>& keys,
                                const std::vector<std::optional<std::int64_t>>& totals, std::string_view measure,
                                std::string_view color) {
  std::vector<std::string> labels;
  std::vector<double> values;
  for (std::size_t i = 0; i < keys.size(); ++i)
    if (totals[i]) labels.push_back(keys[i]), values.push_back(static_cast<double>(*totals[i]));
  if (labels.empty()) return {};
  return bar_chart(title, labels, {{std::string(measure), values, color}}, std::string(measure));
}

inline std::string cross_section(const RegionSectorTable& x, std::string_view measure, std::int64_t k, bool shown) {
  if (!shown)
    return "<h3>" + escape_xml(std::string(measure)) + " by region and sector</h3><p>Withheld: the missions " +
           "are spread over so few regions and sectors that any breakdown would give away groups of fewer than " +
           std::to_string(k) + " experts.</p>";
  if (x.regions.empty()) return "<p>No missions.</p>";
  std::vector<std::string> head{"region"};
  for (const Sector s : x.sectors) head.emplace_back(to_string(s));
  head.emplace_back("total");
  std::string html = "<h3>" + escape_xml(std::string(measure)) + " by region and sector</h3><table>" + header_row(head);
  for (std::size_t i = 0; i < x.regions.size(); ++i) {
    html += "<tr>" + cell(x.regions[i]);
    for (const auto& v : x.cells[i]) html += shown_cell(v);
    html += shown_cell(x.region_totals[i]) + "</tr>";
  }
  html += "<tr><th>total</th>";
  for (const auto& v : x.sector_totals) html += shown_cell(v);
  html += shown_cell(x.total) + "</tr></table>" + audit_note(withheld_count(x), k);
  std::vector<std::string> sectors;
  for (const Sector s : x.sectors) sectors.emplace_back(to_string(s));
  html += margin_chart("By region: " + std::string(measure), x.regions, x.region_totals, measure, kGreen);
  html += margin_chart("By sector: " + std::string(measure), sectors, x.sector_totals, measure, kOchre);
  return html;
}

inline std::string ledger_sections(const LedgerReport& ledger, std::int64_t k) {
  std::string html = "<section id=\"indicators\"><h2>Programme indicators</h2>";
  if (!ledger.figures)
    return html + "<p>The ledger counts " +
           std::string(ledger.status == LedgerStatus::no_experts ? "no" : "fewer than " + std::to_string(k)) +
           " distinct experts: nothing about it can be published.</p></section>";
  const LedgerFigures& f = *ledger.figures;
  const impact::ProgrammeTotals& totals = f.indicators;
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
  if (f.findings_by_kind.empty()) {
    html += "<p class=\"note\">Reconciliation found nothing to report.</p>";
  } else {
    html += "<h3>Reconciliation findings</h3><table>" + header_row({"kind", "findings"});
    for (const auto& [kind, count] : f.findings_by_kind)
      html += "<tr>" + cell(kind) + cell(std::to_string(count), true) + "</tr>";
    html += "</table><p class=\"note\">The findings themselves (tokten.reconcile) name records and stay internal.</p>";
  }
  const bool by_region = listed(f.missions_by_region_and_sector);
  html += cross_section(f.missions_by_region_and_sector, "missions", k, by_region) +
          cross_section(f.beneficiaries_by_region_and_sector, "beneficiaries", k, by_region);
  const bool any_missions = f.indicators.missions > 0;
  html += one_way_section(f.by_institution_kind, "institution_kind", "By kind of host", k, any_missions);
  html += one_way_section(f.by_year, "year", "By year", k, any_missions);
  html += "</section>";

  html += "<section id=\"requests\"><h2>Requests and continuity</h2><table>" + header_row({"measure", "value"});
  auto row = [&](const std::string& name, const std::optional<std::string>& value) {
    html += "<tr>" + cell(name) + (value ? cell(*value, true) : kWithheldCell) + "</tr>";
  };
  auto shown = [](const auto& value, auto format) -> std::optional<std::string> {
    if (!value) return std::nullopt;
    return format(*value);
  };
  const std::optional<RequestCoverage>& c = f.request_coverage;
  row("needs filled / requested", shown(c, [](const RequestCoverage& v) {
        return std::to_string(v.needs_filled) + " / " + std::to_string(v.needs_requested) + " (" +
               percent(v.need_coverage) + ")";
      }));
  row("seats filled / requested", shown(c, [](const RequestCoverage& v) {
        return std::to_string(v.seats_filled) + " / " + std::to_string(v.seats_requested) + " (" +
               percent(v.seat_coverage) + ")";
      }));
  row("median days to fill", shown(c, [](const RequestCoverage& v) {
        return v.median_days_to_fill ? format_number(*v.median_days_to_fill) : std::string("n/a");
      }));
  row("repeat-mission rate (experts with 2+ missions)", shown(f.continuity.repeat_mission_rate, percent));
  row("returned to a host they had served (of repeat experts)", shown(f.continuity.return_to_host_rate, percent));
  html += "</table></section>";

  const Equity& e = f.equity;
  auto three = [](double v) { return fixed(v); };
  html += "<section id=\"equity\"><h2>Equity</h2><table>" + header_row({"measure", "value"});
  row("missions outside " + e.capital, shown(e.missions_outside_capital_share, percent));
  row("beneficiaries outside " + e.capital, shown(e.beneficiaries_outside_capital_share, percent));
  row("Gini of missions across regions", shown(e.gini_regions_missions, three));
  row("Theil of missions across regions", shown(e.theil_regions_missions, three));
  row("Gini of missions across sectors", shown(e.gini_sectors_missions, three));
  row("Theil of missions across sectors", shown(e.theil_sectors_missions, three));
  if (e.per_capita)
    row("Gini of missions per inhabitant across regions", shown(e.per_capita->gini_regions_missions_per_capita, three));
  html += "</table>";
  if (e.per_capita && !e.per_capita->regions.empty()) {
    // Without a population the rates are unknown: the page has always shown them as "nan"
    // where the region's count is published, and as withheld elsewhere.
    const double unknown = std::numeric_limits<double>::quiet_NaN();
    html += "<table>" + header_row({"region", "population", "missions per 100,000", "beneficiaries per 100,000"});
    for (const PerCapitaRegion& r : e.per_capita->regions) {
      html += "<tr>" + cell(r.region) + cell(format_number(r.population.value_or(unknown)), true);
      const bool known = r.population.has_value();
      const auto rate = [&](const std::optional<double>& v, const RegionSectorTable& table, int digits) {
        if (v) return cell(fixed(*v, digits), true);
        if (!known && region_published(table, r.region)) return cell(fixed(unknown, digits), true);
        return kWithheldCell;
      };
      html += rate(r.missions_per_100k, f.missions_by_region_and_sector, 2) +
              rate(r.beneficiaries_per_100k, f.beneficiaries_by_region_and_sector, 1) + "</tr>";
    }
    html += "</table><p class=\"note\">A rate is shown only where its region's count is published above.</p>";
  }
  html += "<p class=\"note\">A share or an index is withheld (x) when it would give back a withheld count.</p>";
  return html + "</section>";
}

inline std::string round_sections(const RoundReport& round) {
  std::string html = "<section id=\"policies\"><h2>Assignment policies compared</h2><p>Round " +
                     escape_xml(round.name) + ": " + std::to_string(round.experts) + " experts, " +
                     std::to_string(round.needs) +
                     " needs. Every policy chooses among the same candidates under the same rules.</p><table>" +
                     header_row({"policy", "total score", "seats filled", "seat coverage", "needs filled",
                                 "seats outside " + round.capital_region, "Gini of coverage across regions"});
  std::vector<std::string> labels;
  std::vector<double> scores, coverage;
  for (const PolicyRow& p : round.policies) {
    html += "<tr>" + cell(std::string(impact::to_string(p.policy))) + cell(fixed(p.total_score), true) +
            cell(std::to_string(p.seats_filled) + " / " + std::to_string(p.seats_requested), true) +
            cell(percent(p.seat_coverage), true) +
            cell(std::to_string(p.needs_filled) + " / " + std::to_string(p.needs), true) +
            cell(percent(p.outside_capital_share), true) + cell(fixed(p.gini_regions_coverage), true) + "</tr>";
    labels.emplace_back(impact::to_string(p.policy));
    scores.push_back(std::max(0.0, p.total_score));
    coverage.push_back(100.0 * p.seat_coverage);
  }
  html += "</table>";
  html += bar_chart("Total score by policy", labels, {{"total score", scores, kGreen}}, "total score");
  html += bar_chart("Seat coverage by policy", labels, {{"seats filled (%)", coverage, kOchre}}, "% of seats");

  html += "<h3>The price of equity</h3><p class=\"note\">The optimal assignment as the equity bonus for needs outside " +
          escape_xml(round.capital_region) +
          " grows; quality is the total score without the bonus.</p><table>" +
          header_row({"equity bonus", "quality", "quality given up", "seats outside the capital", "seats filled"});
  std::vector<double> xs, ys;
  std::vector<std::string> point_labels;
  for (const EquityPointRow& p : round.price_of_equity) {
    html += "<tr>" + cell(format_number(p.equity_bonus), true) + cell(fixed(p.quality), true) +
            cell(fixed(p.quality_given_up), true) + cell(percent(p.outside_capital_share), true) +
            cell(std::to_string(p.seats_filled), true) + "</tr>";
    xs.push_back(p.outside_capital_share);
    ys.push_back(p.quality);
    point_labels.push_back("bonus " + format_number(p.equity_bonus));
  }
  html += "</table>" + line_chart("Quality against equity", xs, ys, point_labels, "share of seats outside the capital",
                                  "quality") +
          "</section>";

  const Withdrawals& w = round.withdrawals;
  html += "<section id=\"robustness\"><h2>Robustness to withdrawals</h2><p>Each assigned expert withdraws with "
          "probability " +
          format_number(w.probability) + "; the freed seats are re-matched. " + std::to_string(w.trials) +
          " trials, seed " + std::to_string(w.seed) + ".</p><table>" +
          header_row({"seat coverage", "mean", "5%", "median", "95%"});
  for (const auto& [name, s] : {std::pair<const char*, const CoverageSummary*>{"after withdrawals", &w.after_withdrawals},
                                {"after re-matching", &w.after_rematching}})
    html += "<tr>" + cell(name) + cell(percent(s->mean), true) + cell(percent(s->p05), true) +
            cell(percent(s->median), true) + cell(percent(s->p95), true) + "</tr>";
  return html + "</table></section>";
}

}  // namespace detail

/// The page of a ReportData (see the header comment).
inline std::string render_html(const ReportData& data) {
  std::string html = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
                     "content=\"width=device-width, initial-scale=1\"><title>" +
                     escape_xml(data.title) + "</title><style>" + detail::kStyle + "</style></head><body><h1>" +
                     escape_xml(data.title) + "</h1><p class=\"note\">Made by tokten " + escape_xml(data.tokten_version) +
                     (data.ledger ? " from the ledger \"" + escape_xml(data.ledger->name) + "\"" : std::string()) +
                     (data.round ? std::string(data.ledger ? " and" : " from") + " the planning round \"" +
                                       escape_xml(data.round->name) + "\""
                                 : std::string()) +
                     ". Numbers behind fewer than " + std::to_string(data.k) +
                     " distinct experts are withheld (x).</p>";
  if (data.ledger) html += detail::ledger_sections(*data.ledger, data.k);
  if (data.round) html += detail::round_sections(*data.round);
  if (!data.ledger && !data.round) html += "<p>Nothing to report: give a ledger, a planning round or both.</p>";
  return html + "</body></html>\n";
}

/// The report as one HTML document. Either input may be null; with both null the page says
/// there is nothing to report. Throws as report_data does (nothing is written).
inline std::string html_report(const impact::Ledger* ledger, const Problem* problem, const ReportOptions& options = {}) {
  return render_html(report_data(ledger, problem, options));
}

}  // namespace tokten::report
