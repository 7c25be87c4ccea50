// The JSON contract's stored examples (examples/contract/vN/): every version ever published is
// still read, each example of the current version survives write-then-read unchanged, and the
// examples of one version agree with each other (the assignment fits the round). When a format
// changes, its version goes up and a new vN+1 directory joins this test; vN stays, forever.
#include <filesystem>
#include <map>
#include <set>
#include <string>

#include <catch2/catch.hpp>

#include "tokten/io/assignment_json.hpp"
#include "tokten/io/ledger_json.hpp"
#include "tokten/io/policy_json.hpp"
#include "tokten/io/problem_json.hpp"
#include "tokten/io/report_json.hpp"
#include "tokten/model/validate.hpp"

using namespace tokten;
namespace fs = std::filesystem;

namespace {

const fs::path kContract = fs::path(TOKTEN_SOURCE_DIR) / "examples" / "contract";

// The version directories present (v1, v2, ...), by number.
std::map<int, fs::path> stored_versions() {
  std::map<int, fs::path> out;
  for (const auto& entry : fs::directory_iterator(kContract))
    if (entry.is_directory() && entry.path().filename().string().starts_with("v"))
      out[std::stoi(entry.path().filename().string().substr(1))] = entry.path();
  return out;
}

std::string file(const fs::path& dir, const char* name) { return io::read_file((dir / name).string()); }

}  // namespace

TEST_CASE("every published contract version is stored, up to the current one") {
  const auto versions = stored_versions();
  REQUIRE(!versions.empty());
  CHECK(versions.begin()->first == 1);
  CHECK(versions.rbegin()->first == io::kFormatVersion);
  CHECK(static_cast<int>(versions.size()) == io::kFormatVersion);  // no gap
  // Each version stores one example of every document.
  for (const auto& [number, dir] : versions)
    for (const char* name : {"problem.json", "policy.json", "assignment.json", "ledger.json", "report.json"}) {
      INFO("v" << number << "/" << name);
      CHECK(fs::is_regular_file(dir / name));
    }
}

TEST_CASE("stored examples of every version are read, and say their version") {
  for (const auto& [number, dir] : stored_versions()) {
    INFO("examples/contract/v" << number);
    for (const char* name : {"problem.json", "policy.json", "assignment.json", "ledger.json", "report.json"}) {
      INFO(name);
      const io::json document = io::parse_json(file(dir, name));
      CHECK(document.at("format_version").get<int>() == number);
    }
    const Problem problem = io::read_problem(file(dir, "problem.json"));
    CHECK(!problem.experts.empty());
    CHECK(io::read_policy(file(dir, "policy.json")) != score::ScoringPolicy{});  // not just the defaults
    const Assignment assignment = io::read_assignment(file(dir, "assignment.json"));
    CHECK(!assignment.pairs.empty());
    CHECK(validate_assignment(problem, assignment).empty());
    const impact::Ledger ledger = io::read_ledger(file(dir, "ledger.json"));
    CHECK(!ledger.missions.empty());
    const report::ReportData data = io::read_report_data(file(dir, "report.json"));
    REQUIRE(data.ledger);
    CHECK(data.ledger->status == report::LedgerStatus::published);
    CHECK(data.round);
  }
}

TEST_CASE("an older version's examples read as the same content as the current version's") {
  const auto versions = stored_versions();
  const fs::path& current = versions.rbegin()->second;
  for (const auto& [number, dir] : versions) {
    INFO("v" << number << " against the current version");
    CHECK(io::read_problem(file(dir, "problem.json")) == io::read_problem(file(current, "problem.json")));
    CHECK(io::read_policy(file(dir, "policy.json")) == io::read_policy(file(current, "policy.json")));
    CHECK(io::read_assignment(file(dir, "assignment.json")) == io::read_assignment(file(current, "assignment.json")));
    CHECK(io::read_ledger(file(dir, "ledger.json")) == io::read_ledger(file(current, "ledger.json")));
    CHECK(io::read_report_data(file(dir, "report.json")) == io::read_report_data(file(current, "report.json")));
  }
}

TEST_CASE("the current version's examples survive write then read unchanged") {
  const fs::path current = stored_versions().rbegin()->second;
  const Problem problem = io::read_problem(file(current, "problem.json"));
  CHECK(io::read_problem(io::write_problem(problem)) == problem);
  const score::ScoringPolicy policy = io::read_policy(file(current, "policy.json"));
  CHECK(io::read_policy(io::write_policy(policy)) == policy);
  const Assignment assignment = io::read_assignment(file(current, "assignment.json"));
  CHECK(io::read_assignment(io::write_assignment(assignment)) == assignment);
  const impact::Ledger ledger = io::read_ledger(file(current, "ledger.json"));
  CHECK(io::read_ledger(io::write_ledger(ledger)) == ledger);
  const report::ReportData data = io::read_report_data(file(current, "report.json"));
  CHECK(io::read_report_data(io::write_report_data(data)) == data);
  // What the writers produce says the current version.
  CHECK(io::parse_json(io::write_problem(problem)).at("format_version") == io::kFormatVersion);
  CHECK(io::parse_json(io::write_ledger(ledger)).at("format_version") == io::kFormatVersion);
  CHECK(io::parse_json(io::write_report_data(data)).at("format_version") == io::kFormatVersion);
}

TEST_CASE("a version newer than this tokten is refused with the pointer and what to do") {
  const fs::path current = stored_versions().rbegin()->second;
  io::json document = io::parse_json(file(current, "problem.json"));
  document["format_version"] = io::kFormatVersion + 1;
  try {
    (void)io::problem_from_json(document);
    FAIL("a newer format_version was read");
  } catch (const InputError& e) {
    CHECK(e.pointer() == "/format_version");
    CHECK_THAT(std::string(e.what()), Catch::Matchers::Contains("upgrade tokten"));
  }
}
