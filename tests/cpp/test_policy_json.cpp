// The Policy document: round trips, defaults, located errors, atomic saves.
#include <filesystem>
#include <fstream>

#include <catch2/catch.hpp>

#include "support.hpp"
#include "tokten/io/policy_json.hpp"

using namespace tokten;
using score::ScoringPolicy;

namespace {

io::json header() { return {{"format", "tokten.policy"}, {"format_version", 1}}; }

ScoringPolicy custom() {
  ScoringPolicy p;
  double v = 0.05;
  for (const auto& field : score::kPolicyNumbers) {  // a different value in every field
    p.*field.member = v;
    v += 0.05;
  }
  p.capital_region = "Ségou";
  return p;
}

}  // namespace

TEST_CASE("policy documents round trip, every field written") {
  const ScoringPolicy p = custom();
  const io::json doc = io::to_json(p);
  CHECK(doc.size() == 2 + score::kPolicyNumbers.size() + 1);
  CHECK(io::policy_from_json(doc) == p);
  CHECK(io::read_policy(io::write_policy(p)) == p);
  CHECK(io::read_policy(io::write_policy(p, -1)) == p);
  CHECK(io::read_policy(io::write_policy(ScoringPolicy{})) == ScoringPolicy{});
}

TEST_CASE("absent fields take their defaults") {
  CHECK(io::policy_from_json(header()) == ScoringPolicy{});
  io::json doc = header();
  doc["parent_decay"] = 0.25;
  doc["sibling_decay"] = nullptr;  // null is absent
  ScoringPolicy expected;
  expected.parent_decay = 0.25;
  CHECK(io::policy_from_json(doc) == expected);
  // The defaults the header documents.
  const ScoringPolicy d;
  CHECK(d.skills_weight + d.language_weight + d.sector_weight + d.degree_weight + d.experience_weight +
            d.preferences_weight == Approx(1.0));
  CHECK(d.full_experience_years == 15);
  CHECK(d.capital_region == "Bamako");
}

TEST_CASE("the example policy file has every field, at its default") {
  const std::string path = std::string(TOKTEN_SOURCE_DIR) + "/examples/data/policy.json";
  CHECK(io::load_policy(path) == ScoringPolicy{});
  const io::json doc = io::parse_json(io::read_file(path));
  CHECK(doc.size() == io::to_json(ScoringPolicy{}).size());
}

TEST_CASE("every bad number is located") {
  for (const auto& field : score::kPolicyNumbers) {
    const std::string pointer = "/" + std::string(field.name);
    for (const io::json& bad : {io::json(-1), io::json(field.max * 2), io::json("0.5"), io::json(true)}) {
      io::json doc = header();
      doc[std::string(field.name)] = bad;
      INFO(field.name << " = " << bad.dump());
      require_input_error([&] { (void)io::policy_from_json(doc); }, pointer, "expected ");
    }
  }
  io::json doc = header();
  doc["parent_decay"] = 1.5;
  require_input_error([&] { (void)io::policy_from_json(doc); }, "/parent_decay",
                      "expected a number from 0 to 1, got 1.5");
  doc = header();
  doc["full_experience_years"] = 0;
  require_input_error([&] { (void)io::policy_from_json(doc); }, "/full_experience_years",
                      "expected a number > 0 and <= 1000, got 0");
  doc = header();
  doc["skills_weight"] = -0.5;
  require_input_error([&] { (void)io::policy_from_json(doc); }, "/skills_weight",
                      "expected a number from 0 to 1000000, got -0.5");
}

TEST_CASE("unknown fields, bad headers, bad regions and zero weights are errors") {
  io::json doc = header();
  doc["skill_weight"] = 0.5;  // misspelt
  require_input_error([&] { (void)io::policy_from_json(doc); }, "/skill_weight",
                      "unexpected field \"skill_weight\" (expected one of: format, format_version, skills_weight");
  doc = header();
  doc["format"] = "tokten.problem";
  require_input_error([&] { (void)io::policy_from_json(doc); }, "/format", "expected \"tokten.policy\"");
  require_input_error([&] { (void)io::read_policy(R"({"format": "tokten.policy", "format_version": 2})"); },
                      "/format_version", "newer than this tokten reads");
  require_input_error([&] { (void)io::read_policy("[]"); }, "", "expected a JSON object");
  require_input_error([&] { (void)io::read_policy(R"({"format": "tokten.policy", "format_version": 1,)"); }, "",
                      "line 1");
  doc = header();
  doc["capital_region"] = "";
  require_input_error([&] { (void)io::policy_from_json(doc); }, "/capital_region", "non-empty string");
  doc["capital_region"] = 3;
  require_input_error([&] { (void)io::policy_from_json(doc); }, "/capital_region", "expected a string, got 3");
  doc = header();
  for (const char* w : {"skills_weight", "language_weight", "sector_weight", "degree_weight", "experience_weight",
                        "preferences_weight"})
    doc[w] = 0;
  require_input_error([&] { (void)io::policy_from_json(doc); }, "", "at least one term weight > 0");
}

TEST_CASE("an invalid policy is never written; saving is atomic") {
  ScoringPolicy p;
  p.equity_bonus = std::nan("");
  require_input_error([&] { (void)io::write_policy(p); }, "/equity_bonus", "got NaN");

  const auto dir = std::filesystem::temp_directory_path() / ("tokten_policy_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto path = dir / "policy.json";
  io::save_policy(custom(), path);
  CHECK(io::load_policy(path.string()) == custom());
  REQUIRE_THROWS(io::save_policy(p, path));  // refused before anything is written
  CHECK(io::load_policy(path.string()) == custom());
  CHECK(std::distance(std::filesystem::directory_iterator(dir), {}) == 1);  // no temporary left
  std::filesystem::remove_all(dir);
}
