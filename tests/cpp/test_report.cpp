// The HTML report and its SVG charts: what is drawn matches the data, small numbers are withheld
// everywhere (tables and charts), the page is deterministic and needs nothing from outside.
#include <regex>

#include <catch2/catch.hpp>

#include "ledger_fixtures.hpp"

#include "tokten/report/html_report.hpp"
#include "tokten/synth/demo.hpp"
#include "tokten/synth/history.hpp"

using namespace tokten;

namespace {

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) ++n;
  return n;
}

}  // namespace

TEST_CASE("svg: escaping, numbers, one bar per value, refused input") {
  CHECK(report::escape_xml("a<b & \"c\" 'd'>") == "a&lt;b &amp; &quot;c&quot; &#39;d&#39;&gt;");
  CHECK(report::format_number(992) == "992");
  CHECK(report::format_number(0.1234) == "0.123");
  const std::string svg = report::bar_chart("Missions <by> sector", {"education", "health", "sme"},
                                            {{"a", {3, 0, 7}, report::kGreen}, {"b", {1, 2, 3}, report::kGrey}}, "n");
  CHECK(count(svg, "<rect class=\"bar\"") == 6);
  CHECK(svg.find("<title>Missions &lt;by&gt; sector</title>") != std::string::npos);
  CHECK(svg.find("health, b: 2") != std::string::npos);
  // The tallest bar reaches the axis top (7 -> top 8 with step 2: 220 * 7/8 = 192.5 high).
  CHECK(svg.find("height=\"192.5\"") != std::string::npos);
  CHECK_THROWS_WITH(report::bar_chart("t", {"a"}, {{"s", {1, 2}, report::kGreen}}, "n"),
                    Catch::Contains("has 2 values for 1 labels"));
  CHECK_THROWS_WITH(report::bar_chart("t", {"a"}, {{"s", {-1}, report::kGreen}}, "n"), Catch::Contains(">= 0"));
  const std::string line = report::line_chart("q", {0.5, 0.6}, {10, 9}, {"bonus 0", "bonus 1"}, "x", "y");
  CHECK(count(line, "<circle class=\"point\"") == 2);
  CHECK_THROWS(report::line_chart("q", {0.5}, {10, 9}, {"a"}, "x", "y"));
}

TEST_CASE("report: the synthetic history and the demo round, every section, deterministic, self-contained") {
  const impact::Ledger ledger = synth::synthetic_history();
  synth::DemoOptions o;
  o.experts = 200;
  o.needs = 40;
  const Problem round = synth::demo_problem(o);
  report::ReportOptions options;
  options.trials = 20;
  const std::string html = report::html_report(&ledger, &round, options);
  CHECK(html == report::html_report(&ledger, &round, options));
  for (const char* id : {"indicators", "requests", "equity", "policies", "robustness"})
    CHECK(html.find(std::string("<section id=\"") + id + "\">") != std::string::npos);
  // The published totals of the programme are in the first table.
  CHECK(html.find("<td>missions</td><td class=\"n\">992</td>") != std::string::npos);
  CHECK(html.find("<td>beneficiaries trained</td><td class=\"n\">28903</td>") != std::string::npos);
  CHECK(html.find("<td>experts mobilised (distinct)</td><td class=\"n\">629</td>") != std::string::npos);
  // Charts: 4 breakdowns x 2, then policies 2 and the equity curve.
  CHECK(count(html, "<svg ") >= 9);
  // Nothing to fetch, nothing to run.
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("src=") == std::string::npos);
  CHECK(html.find("href=") == std::string::npos);
  CHECK(html.find("Audit failed") == std::string::npos);
  CHECK(count(html, "class=\"safe\">Audit") == 4);  // two region x sector tables, kind of host, year
}

TEST_CASE("report: a region behind fewer than k experts is withheld in its table and absent from its charts") {
  impact::Ledger ledger = testing::small_ledger(777);  // one expert in Kidal: sensitive
  ledger.missions.back().theses_supervised = 0;
  ledger.missions.back().theses_defended = 1;  // a finding, whose message names the record
  report::ReportOptions options;
  options.population = {{"Bamako", 2.8e6}, {"Kayes", 2.4e6}, {"Ségou", 3.0e6}, {"Kidal", 0.1e6}};
  const std::string html = report::html_report(&ledger, nullptr, options);
  // Kidal's row is withheld in both region x sector tables, and so is at least one more number
  // in its column (else the sector total would give it away).
  const std::regex kidal("<tr><td>Kidal</td>(<td class=\"n withheld\">x</td>)+</tr>");
  CHECK(std::distance(std::sregex_iterator(html.begin(), html.end(), kidal), std::sregex_iterator()) == 2);
  CHECK(count(html, "<td class=\"n withheld\">x</td>") >= 8);
  // Neither Kidal's numbers nor its name appear in the charts, its rate is withheld, the shares
  // and indices that would give it back are withheld, and the finding is counted, not listed.
  CHECK(html.find("Kidal, missions") == std::string::npos);
  CHECK(html.find("Kidal, beneficiaries") == std::string::npos);
  CHECK(html.find(">777<") == std::string::npos);
  CHECK(std::regex_search(html, std::regex("<tr><td>Kidal</td><td class=\"n\">100000</td>"
                                           "<td class=\"n withheld\">x</td><td class=\"n withheld\">x</td></tr>")));
  CHECK(html.find("<td>Gini of missions across regions</td><td class=\"n withheld\">x</td>") != std::string::npos);
  CHECK(html.find("<td>defended_exceeds_supervised</td><td class=\"n\">1</td>") != std::string::npos);
  CHECK(html.find("theses defended but") == std::string::npos);
  CHECK(html.find("(" + ledger.missions.back().id + ")") == std::string::npos);
  // A ledger of fewer than k experts publishes nothing about it.
  impact::Ledger tiny = ledger;
  tiny.missions.resize(2);
  const std::string none = report::html_report(&tiny, nullptr, options);
  CHECK(none.find("nothing about it can be published") != std::string::npos);
  CHECK(none.find("<td>missions</td>") == std::string::npos);
}

TEST_CASE("report: nothing given, a page that says so") {
  const std::string html = report::html_report(nullptr, nullptr, report::ReportOptions());
  CHECK(html.find("Nothing to report") != std::string::npos);
  CHECK(html.rfind("</html>\n") == html.size() - 8);
}
