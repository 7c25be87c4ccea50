// Replays the fuzz seeds (tests/fuzz/corpus/TARGET) and every input a fuzzer ever found failing
// (tests/fuzz/regressions/TARGET) through the targets of tests/fuzz/targets.hpp, in every build: a finding
// fixed once stays fixed, with or without clang.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "targets.hpp"

namespace fs = std::filesystem;

namespace {

std::vector<fs::path> inputs_of(std::string_view target) {
  std::vector<fs::path> files;
  for (const char* kind : {"corpus", "regressions"}) {
    const fs::path dir = fs::path(TOKTEN_SOURCE_DIR) / "tests" / "fuzz" / kind / std::string(target);
    if (!fs::is_directory(dir)) continue;
    for (const auto& entry : fs::directory_iterator(dir))
      if (entry.is_regular_file() && entry.path().filename() != "README.md") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

void replay(std::string_view target) {
  const auto* named = std::find_if(std::begin(tokten::fuzz::kTargets), std::end(tokten::fuzz::kTargets),
                                   [&](const auto& t) { return t.name == target; });
  REQUIRE(named != std::end(tokten::fuzz::kTargets));
  const auto files = inputs_of(target);
  CHECK(!files.empty());  // every target has seeds
  for (const fs::path& file : files) {
    std::ifstream in(file, std::ios::binary);
    const std::string bytes(std::istreambuf_iterator<char>(in), {});
    INFO("input " << file.string());
    try {
      named->run(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
    } catch (const tokten::fuzz::Finding& finding) {
      FAIL("finding: " << finding.what());
    }
  }
}

}  // namespace

TEST_CASE("fuzz replay: problem_json") { replay("problem_json"); }
TEST_CASE("fuzz replay: ledger_json") { replay("ledger_json"); }
TEST_CASE("fuzz replay: policy_json") { replay("policy_json"); }
TEST_CASE("fuzz replay: assignment_json") { replay("assignment_json"); }
TEST_CASE("fuzz replay: dense_assignment") { replay("dense_assignment"); }
TEST_CASE("fuzz replay: sparse_assignment") { replay("sparse_assignment"); }
TEST_CASE("fuzz replay: capacitated_assignment") { replay("capacitated_assignment"); }
TEST_CASE("fuzz replay: min_cost_flow") { replay("min_cost_flow"); }
TEST_CASE("fuzz replay: solve") { replay("solve"); }

TEST_CASE("fuzz replay: every target has a replay test case") {
  CHECK(std::size(tokten::fuzz::kTargets) == 9);  // add a TEST_CASE above with a new target
}
