// The Assignment document: lossless round trips and located errors.
#include <catch2/catch.hpp>

#include "support.hpp"
#include "tokten/io/assignment_json.hpp"

using namespace tokten;
using io::json;

namespace {

Assignment sample() {
  Assignment a;
  a.problem = "Round 2027-1";
  a.objective = Objective::max_seats_then_weight;
  a.status = SolveStatus::feasible;
  a.total_score = 1.0 / 3.0 + 0.7;  // not representable in few digits: tests exact round trips
  a.pairs = {{"exp-1", "need-1", 1.0 / 3.0, {{"skills", 0.1 + 0.2, "isced:0912 level 5 >= 4"}, {"language", 1.0, "fr C2 >= B2"}}},
             {"exp-2", "need-2", 0.7, {}}};
  a.unfilled = {{"need-3", 2, UnfilledReason::no_feasible_expert, "nobody speaks ar at B2",
                 {"accept remote experts", "lower ar to B1"}}};
  a.alternates = {{"need-1", {{"exp-3", 0.25}, {"exp-4", 1e-12}}}};
  return a;
}

}  // namespace

TEST_CASE("assignments round-trip through JSON losslessly") {
  const Assignment a = sample();
  const std::string text = io::write_assignment(a);
  const Assignment back = io::read_assignment(text);
  CHECK(back == a);
  CHECK(back.pairs[0].score == 1.0 / 3.0);
  CHECK(io::write_assignment(back) == text);
  CHECK(io::read_assignment(io::write_assignment(Assignment{})) == Assignment{});
}

TEST_CASE("bad assignment documents are rejected with a location") {
  json doc = io::to_json(sample());
  doc["pairs"][1]["score"] = "high";
  require_input_error([&] { io::assignment_from_json(doc); }, "/pairs/1/score", "expected a finite score");
  doc = io::to_json(sample());
  doc["unfilled"][0]["reason"] = "bad luck";
  require_input_error([&] { io::assignment_from_json(doc); }, "/unfilled/0/reason", "expected a reason");
  doc = io::to_json(sample());
  doc["alternates"][0]["experts"][0].erase("expert");
  require_input_error([&] { io::assignment_from_json(doc); }, "/alternates/0/experts/0/expert", "missing required field");
  doc = io::to_json(sample());
  doc["format"] = "tokten.problem";
  require_input_error([&] { io::assignment_from_json(doc); }, "/format", "expected \"tokten.assignment\"");
  require_input_error([] { io::read_assignment("{\"format\": \"tokten.assignment\""); }, "", "truncated");
}
