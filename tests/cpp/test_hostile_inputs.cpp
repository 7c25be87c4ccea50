// The hostile-input catalogue (README: "Limits and hostile input"): each input gives a clear
// error that says where, or a correct empty result; none crashes, hangs or takes memory beyond a
// small multiple of its size. The CLI's side (exit codes, interrupted runs) is in
// tests/python/test_hostile_inputs.py.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>

#include <csignal>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include "support.hpp"
#include "tokten/io/assignment_json.hpp"
#include "tokten/io/atomic_file.hpp"
#include "tokten/io/policy_json.hpp"
#include "tokten/io/problem_json.hpp"
#include "tokten/match/capacitated_assignment.hpp"
#include "tokten/match/dense_assignment.hpp"
#include "tokten/match/min_cost_flow.hpp"
#include "tokten/match/sparse_assignment.hpp"
#include "tokten/score/candidates.hpp"
#include "tokten/solve.hpp"
#include "tokten/synth/demo.hpp"
#include "test_scale.hpp"

namespace io = tokten::io;
namespace fs = std::filesystem;
using tokten::InputError;

namespace {

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

const std::string& small_round() {
  static const std::string text = read_text(fs::path(TOKTEN_SOURCE_DIR) / "examples/data/small_round.json");
  return text;
}

/// `text` with the first `from` replaced by `to` (which must be there).
std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

/// The InputError that `action` throws (fails the test when it throws none).
template <class Action>
InputError error_of(Action&& action) {
  try {
    action();
  } catch (const InputError& e) {
    return e;
  }
  FAIL("expected an InputError");
  throw std::logic_error("unreachable");
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Generous bounds: they catch quadratic blow-ups (hours), not machine speed (and hold under
// the sanitizers).
constexpr double kFewSeconds = 30.0;

const std::string kHeader = R"("format": "tokten.problem", "format_version": 1, )";

std::string problem_with(const std::string& skills, const std::string& rest = R"("institutions": [], "experts": [], "needs": [])") {
  return "{" + kHeader + R"("taxonomy": {"skills": )" + skills + "}, " + rest + "}";
}

}  // namespace

TEST_CASE("hostile: every truncation of a document is refused as truncated, with a position") {
  const std::string& text = small_round();
  const std::size_t end = text.rfind('}');
  for (std::size_t length = 0; length <= end; ++length) {
    const InputError e = error_of([&] { io::read_problem(text.substr(0, length)); });
    INFO("length " << length << ": " << e.what());
    CHECK(e.pointer().empty());
    const std::string message = e.what();
    CHECK((message.find("truncated or invalid JSON at line") != std::string::npos ||
           message.find("empty document") != std::string::npos));
  }
  CHECK_NOTHROW(io::read_problem(text.substr(0, end + 1)));
  for (const std::string& cut : {std::string(R"({"format": "tokten.policy", "format_vers)"),
                                 std::string(R"({"format": "tokten.assignment", "pairs": [{"exp)")}) {
    CHECK_THROWS_WITH(io::read_policy(cut), Catch::Contains("truncated"));
    CHECK_THROWS_WITH(io::read_assignment(cut), Catch::Contains("truncated"));
  }
}

TEST_CASE("hostile: invalid UTF-8 is refused with a position, and the message stays valid UTF-8") {
  for (const std::string& bad : {std::string("\xFF"), std::string("\xC0\xAF"),  // overlong "/"
                                 std::string("\xED\xA0\x80"),                   // a UTF-16 surrogate
                                 std::string("\xF4\x90\x80\x80"),               // beyond U+10FFFF
                                 std::string("caf\xC3")}) {                     // cut short
    const std::string text = replaced(small_round(), "\"Small round, written by hand\"", "\"Small " + bad + "\"");
    const InputError e = error_of([&] { io::read_problem(text); });
    INFO(e.what());
    CHECK(e.pointer().empty());
    CHECK_THAT(e.what(), Catch::Contains("invalid JSON at line") || Catch::Contains("truncated or invalid JSON at line"));
    CHECK(io::valid_utf8(e.what()) == e.what());
  }
  // An escaped lone surrogate is no character either; in a field name too.
  CHECK_THROWS_WITH(io::read_problem(replaced(small_round(), "\"Small round, written by hand\"", R"("\ud800")")),
                    Catch::Contains("invalid JSON at line"));
  CHECK_THROWS_WITH(io::read_problem(replaced(small_round(), "\"name\"", "\"na\xFFme\"")),
                    Catch::Contains("invalid JSON at line"));
}

TEST_CASE("hostile: nesting 100,000 levels deep is refused at once, with a position") {
  const std::size_t deep = 100'000;
  const std::string arrays = std::string(deep, '[') + std::string(deep, ']');
  std::string objects;
  for (std::size_t i = 0; i < deep; ++i) objects += R"({"a":)";
  objects += "1" + std::string(deep, '}');
  const std::string in_a_field = replaced(small_round(), "\"Small round, written by hand\"", arrays);
  const std::string unclosed(deep, '[');
  for (const std::string* text : std::initializer_list<const std::string*>{&arrays, &objects, &in_a_field, &unclosed}) {
    const auto start = std::chrono::steady_clock::now();
    const InputError e = error_of([&] { io::read_problem(*text); });
    INFO(e.what());
    CHECK(e.pointer().empty());
    CHECK_THAT(e.what(), Catch::Contains("nesting deeper than 100 levels at line"));
    CHECK(seconds_since(start) < kFewSeconds);
  }
  CHECK_THAT(error_of([&] { io::read_problem(arrays); }).what(), Catch::Contains("line 1, column 101"));
  // The limit: 100 levels parse (then the reader says what it wanted), 101 do not.
  CHECK(io::parse_json(std::string(100, '[') + std::string(100, ']')).is_array());
  CHECK_THROWS_WITH(io::parse_json(std::string(101, '[') + std::string(101, ']')), Catch::Contains("nesting deeper"));
  // Brackets inside strings do not count.
  CHECK(io::parse_json("[\"" + std::string(500, '[') + "\"]").is_array());
}

TEST_CASE("hostile: numbers beyond the double range, NaN and Infinity literals") {
  const std::string weight = R"("weight": 2)";
  REQUIRE(small_round().find(weight) != std::string::npos);
  for (const char* number : {"1e400", "-1e400", "1.7976931348623159e308"}) {
    const InputError e = error_of([&] { io::read_problem(replaced(small_round(), weight, std::string("\"weight\": ") + number)); });
    INFO(e.what());
    CHECK(e.pointer().empty());
    CHECK_THAT(e.what(), Catch::Contains("invalid JSON at line") && Catch::Contains("number overflow"));
  }
  for (const char* literal : {"NaN", "nan", "Infinity", "-Infinity", "inf"}) {
    const InputError e = error_of([&] { io::read_problem(replaced(small_round(), weight, std::string("\"weight\": ") + literal)); });
    INFO(e.what());
    CHECK_THAT(e.what(), Catch::Contains("invalid JSON at line"));
  }
  // Finite but out of range: refused at the field.
  require_input_error([&] { io::read_problem(replaced(small_round(), weight, R"("weight": 1e308)")); },
                      "/needs/0/skills/0/weight", "expected a finite weight");
  require_input_error([&] { io::read_problem(replaced(small_round(), "\"seats\": 2", "\"seats\": 18446744073709551615")); },
                      "/needs/0/seats", "expected a number of seats from 1 to 10000");
  require_input_error([&] { io::read_problem(replaced(small_round(), "\"seats\": 2", "\"seats\": 123456789012345678901234567890")); },
                      "/needs/0/seats", "expected a number of seats from 1 to 10000");
  // The same bound for rounds built in code (Python, C++): validation and solving agree.
  tokten::Problem huge = io::read_problem(small_round());
  huge.needs[0].skills[0].weight = std::numeric_limits<double>::max();
  require_input_error([&] { tokten::check_problem(huge); }, "/needs/0/skills/0/weight", "<= 1e300, got 1.79769e+308");
  require_input_error([&] { tokten::solve(huge); }, "/needs/0/skills/0/weight", "<= 1e300, got 1.79769e+308");
  // An underflow is a (tiny) number: 1e-400 reads as 0.
  const tokten::Problem tiny = io::read_problem(replaced(small_round(), weight, R"("weight": 1e-400)"));
  CHECK(tiny.needs[0].skills[0].weight == 0.0);
  require_input_error([] { io::read_policy(R"({"format": "tokten.policy", "format_version": 1, "parent_decay": 1e400})"); },
                      "", "number overflow");
}

TEST_CASE("hostile: repeated field names are refused at their JSON pointer") {
  require_input_error([] { io::read_problem(R"({"format": "tokten.problem", "format": "tokten.problem"})"); },
                      "/format", "the field \"format\" appears twice");
  require_input_error([&] { io::read_problem(replaced(small_round(), R"("level": 5)", R"("level": 5, "level": 1)")); },
                      "/experts/0/skills/0/level", "appears twice");
  require_input_error([] { io::read_policy(R"({"format": "tokten.policy", "format_version": 1, "parent_decay": 0.1, "parent_decay": 0.9})"); },
                      "/parent_decay", "appears twice");
  require_input_error([] { io::read_assignment(R"({"format": "tokten.assignment", "format_version": 1, "pairs": [{"a/b": 1, "a/b": 2}]})"); },
                      "/pairs/0/a~1b", "appears twice");
  // A million copies of one name: refused at the second, at once.
  std::string many = "{";
  for (int i = 0; i < 1'000'000; ++i) many += R"("a":1,)";
  many += R"("a":1})";
  auto start = std::chrono::steady_clock::now();
  require_input_error([&] { io::parse_json(many); }, "/a", "appears twice");
  CHECK(seconds_since(start) < kFewSeconds);
  // A million distinct names parse in linear time (ordered_json alone would search each one),
  // and the first unknown field is refused.
  std::string wide = "{" + kHeader;
  for (int i = 0; i < 1'000'000; ++i) wide += "\"k" + std::to_string(i) + "\":0,";
  wide += R"("end":0})";
  start = std::chrono::steady_clock::now();
  CHECK(io::parse_json(wide).size() == 1'000'003);
  require_input_error([&] { io::read_problem(wide); }, "/k0", "unexpected field \"k0\"");
  CHECK(seconds_since(start) < kFewSeconds);
  // Names longer than 16 fields into an object are checked by the hash set path too.
  std::string seventeen = "{";
  for (int i = 0; i < 20; ++i) seventeen += "\"f" + std::to_string(i) + "\":0,";
  seventeen += R"("f3":1})";
  require_input_error([&] { io::parse_json(seventeen); }, "/f3", "appears twice");
}

TEST_CASE("hostile: ids with control characters are refused, and messages escape them") {
  for (const char* id : {"exp-\\u0001", "exp\\n1", "\\u0000", "exp\\u007f", "exp\\u0085", "\\u001b[31mred"}) {
    const std::string text = replaced(small_round(), R"("id": "exp-1")", std::string(R"("id": ")") + id + "\"");
    const InputError e = error_of([&] { io::read_problem(text); });
    INFO(e.what());
    CHECK(e.pointer() == "/experts/0/id");
    CHECK_THAT(e.what(), Catch::Contains("expected an id without control characters"));
    for (char c : std::string(e.what())) CHECK((static_cast<unsigned char>(c) >= 0x20 && c != 0x7F));
  }
  CHECK(tokten::detail::quoted("a\"b\\c\x01\n") == R"("a\"b\\c\u0001\u000a")");
  CHECK(tokten::detail::quoted("x\xC2\x85y\xC3\xA9") == "\"x\\u0085y\xC3\xA9\"");  // C1 escaped, é kept
  // A reference with a control character is an unknown id, shown escaped.
  const std::string text = replaced(small_round(), R"("institution": "inst-chu")", R"("institution": "inst\u001b[2J")");
  const InputError e = error_of([&] { io::read_problem(text); });
  CHECK_THAT(e.what(), Catch::Contains(R"(unknown institution id "inst\u001b[2J")"));
  // The same check for problems built in code (Python, C++).
  tokten::Problem p = io::read_problem(small_round());
  p.needs[1].id = "need\t2";
  require_input_error([&] { tokten::check_problem(p); }, "/needs/1/id", "without control characters");
}

TEST_CASE("hostile: a million duplicate ids stop at the issue limit, in linear time") {
  std::string skills = "[";
  for (int i = 0; i < tokten::test::scaled(1'000'000); ++i) skills += std::string(i ? "," : "") + R"({"id":"s","name":"n"})";
  skills += "]";
  const auto start = std::chrono::steady_clock::now();
  const InputError e = error_of([&] { io::read_problem(problem_with(skills)); });
  CHECK(e.pointer() == "/taxonomy/skills/1/id");
  CHECK_THAT(e.what(), Catch::Contains("duplicate id \"s\" (first used at /taxonomy/skills/0)") &&
                           Catch::Contains("(and at least 99 more)"));
  CHECK(seconds_since(start) < kFewSeconds);
}

TEST_CASE("hostile: taxonomy cycles are refused; a 100,000-level chain is solved") {
  require_input_error([] { io::read_problem(problem_with(R"([{"id": "a", "name": "A", "parent": "a"}])")); },
                      "/taxonomy/skills/0/parent", "cycle in the taxonomy through skill \"a\"");
  require_input_error([] { io::read_problem(problem_with(R"([{"id": "a", "name": "A", "parent": "c"},
      {"id": "b", "name": "B", "parent": "a"}, {"id": "c", "name": "C", "parent": "b"}])")); },
                      "/taxonomy/skills/0/parent", "cycle in the taxonomy");

  // A chain s0 <- s1 <- ... <- s99999: every walk over the taxonomy must be iterative.
  tokten::Problem p = io::read_problem(small_round());
  p.taxonomy.skills.clear();
  const int depth = 100'000;
  for (int i = 0; i < depth; ++i)
    p.taxonomy.skills.push_back({"s" + std::to_string(i), "S", i ? std::optional<std::string>("s" + std::to_string(i - 1)) : std::nullopt});
  for (auto& e : p.experts) e.skills = {{"s" + std::to_string(depth - 1), 5}};
  for (auto& n : p.needs) n.skills = {{"s0", false, 3, 1.0}};
  const auto start = std::chrono::steady_clock::now();
  const tokten::Assignment a = tokten::solve(p);
  CHECK(seconds_since(start) < kFewSeconds);
  CHECK(a.status != tokten::SolveStatus::infeasible);
  CHECK(tokten::validate_assignment(p, a).empty());
  CHECK(io::read_problem(io::write_problem(p)) == p);
}

TEST_CASE("hostile: negative and zero capacities") {
  require_input_error([&] { io::read_problem(replaced(small_round(), R"("max_missions": 1)", R"("max_missions": -1)")); },
                      "/experts/0/max_missions", "expected a number of missions from 0 to 1000, got -1");
  for (const char* seats : {"0", "-3"})
    require_input_error([&] { io::read_problem(replaced(small_round(), "\"seats\": 2", std::string("\"seats\": ") + seats)); },
                        "/needs/0/seats", "expected a number of seats from 1 to 10000");
  tokten::Problem p = io::read_problem(small_round());
  p.experts[2].max_missions = -1;
  require_input_error([&] { tokten::solve(p); }, "/experts/2/max_missions", "expected a number of missions >= 0");
  p = io::read_problem(small_round());
  p.needs[0].seats = -1;
  require_input_error([&] { tokten::solve(p); }, "/needs/0/seats", "expected at least 1 seat");
  // The engine itself refuses them too.
  tokten::match::CapacitatedProblem flow;
  flow.graph = tokten::match::BipartiteGraph::from_triplets(1, 1, {{0, 0, 1.0}});
  flow.row_capacity = {-1};
  flow.col_capacity = {1};
  CHECK_THROWS_WITH(tokten::match::solve_capacitated_assignment(flow), Catch::Contains("row_capacity[0] is negative"));
  // Zero capacities are valid: nobody is assigned.
  p = io::read_problem(small_round());
  for (auto& e : p.experts) e.max_missions = 0;
  const tokten::Assignment none = tokten::solve(p);
  CHECK(none.pairs.empty());
  CHECK(none.unfilled.size() == p.needs.size());
}

TEST_CASE("hostile: an empty problem solves to an empty assignment") {
  const tokten::Problem p = io::read_problem(problem_with("[]"));
  CHECK(p.experts.empty());
  const tokten::Assignment a = tokten::solve(p);
  CHECK(a.status == tokten::SolveStatus::optimal);
  CHECK(a.pairs.empty());
  CHECK(a.unfilled.empty());
  CHECK(a.alternates.empty());
  CHECK(a.total_score == 0.0);
  CHECK(io::read_assignment(io::write_assignment(a)) == a);
  // Needs but no experts, experts but no needs.
  tokten::Problem only_needs = io::read_problem(small_round());
  only_needs.experts.clear();
  const tokten::Assignment b = tokten::solve(only_needs);
  CHECK(b.pairs.empty());
  REQUIRE(b.unfilled.size() == 2);
  CHECK(b.unfilled[0].reason == tokten::UnfilledReason::no_feasible_expert);
  tokten::Problem only_experts = io::read_problem(small_round());
  only_experts.needs.clear();
  CHECK(tokten::solve(only_experts).pairs.empty());
  CHECK(io::read_policy(R"({"format": "tokten.policy", "format_version": 1})") == tokten::score::ScoringPolicy{});
}

TEST_CASE("hostile: a problem with no feasible pair leaves every seat unfilled, with the reason") {
  tokten::Problem p = io::read_problem(small_round());
  for (auto& e : p.experts) e.availability.clear();  // nobody is ever available
  const tokten::SolveReport r = tokten::solve_report(p);
  const tokten::Assignment& a = r.assignment;
  CHECK(a.status == tokten::SolveStatus::optimal);
  CHECK(a.pairs.empty());
  CHECK(r.candidate_pairs == 0);
  int seats = 0;
  for (const auto& u : a.unfilled) {
    CHECK(u.reason == tokten::UnfilledReason::no_feasible_expert);
    CHECK_THAT(u.detail, Catch::Contains("availability"));
    seats += u.seats;
  }
  CHECK(seats == 3);
}

TEST_CASE("hostile: a dense matrix too large for memory is refused before allocating") {
  using tokten::match::MatrixView;
  using tokten::match::Sense;
  // A broadcast view: one number standing for a 1,000,000 x 1,000,000 matrix (8 TB as a copy).
  const double one = 1.0;
  const MatrixView<double> broadcast{&one, 1'000'000, 1'000'000, 0, 0};
  CHECK_THROWS_AS(tokten::match::solve_dense_assignment(broadcast, Sense::minimize), std::length_error);
  CHECK_THROWS_WITH(tokten::match::solve_dense_assignment(broadcast, Sense::minimize),
                    Catch::Contains("1000000 x 1000000 cost matrix") && Catch::Contains("8000000000000 bytes") &&
                        Catch::Contains("C-contiguous"));
  // Dimensions whose product overflows 64 bits.
  const MatrixView<double> absurd{&one, std::ptrdiff_t{1} << 40, std::ptrdiff_t{1} << 40, 0, 0};
  CHECK_THROWS_AS(tokten::match::solve_dense_assignment(absurd, Sense::minimize), std::length_error);
  // The limit is an option: a 40 x 30 column-major matrix needs a 9,600-byte copy.
  std::vector<double> c(40 * 30);
  for (std::size_t i = 0; i < c.size(); ++i) c[i] = static_cast<double>((i * 7919) % 101);
  const auto col_major = MatrixView<double>::col_major(c.data(), 30, 40);
  tokten::match::DenseOptions tight;
  tight.max_copy_bytes = 9'599;
  CHECK_THROWS_AS(tokten::match::solve_dense_assignment(col_major, Sense::minimize, tight), std::length_error);
  tight.max_copy_bytes = 9'600;
  const auto solved = tokten::match::solve_dense_assignment(col_major, Sense::minimize, tight);
  CHECK(tokten::match::verify_dense_assignment(col_major, Sense::minimize, solved).ok);
}

TEST_CASE("hostile: a huge candidates_per_need is capped at the number of experts") {
  const tokten::Problem p = tokten::synth::demo_problem({.seed = 3, .experts = 40, .institutions = 5, .needs = 10});
  const tokten::score::ScoringContext context(p);
  for (auto path : {tokten::score::CandidateOptions::Path::dense, tokten::score::CandidateOptions::Path::sparse}) {
    tokten::score::CandidateOptions all{.k = 40, .path = path};
    tokten::score::CandidateOptions huge{.k = std::numeric_limits<std::int32_t>::max(), .path = path};
    const auto a = tokten::score::generate_candidates(context, all);
    const auto b = tokten::score::generate_candidates(context, huge);
    CHECK(a.graph.row_offset == b.graph.row_offset);
    CHECK(a.graph.col_index == b.graph.col_index);
    CHECK(a.graph.weight == b.graph.weight);
  }
  tokten::SolveOptions options;
  options.candidates_per_need = std::numeric_limits<std::int32_t>::max();
  options.alternates = 1000;
  tokten::SolveOptions all = options;
  all.candidates_per_need = 40;
  CHECK(tokten::solve(p, options).pairs.size() == tokten::solve(p, all).pairs.size());
}

TEST_CASE("hostile: documents over 1 GiB are refused before they are read") {
  const fs::path dir = fs::temp_directory_path() / ("tokten-hostile-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const fs::path huge = dir / "huge.json";
  {  // A sparse file: 1 GiB + 1 byte that takes no disk space.
    const int fd = ::open(huge.c_str(), O_CREAT | O_WRONLY | O_TRUNC, 0644);
    REQUIRE(fd >= 0);
    REQUIRE(::ftruncate(fd, static_cast<off_t>(io::kMaxDocumentBytes + 1)) == 0);
    ::close(fd);
  }
  const auto start = std::chrono::steady_clock::now();
  const InputError e = error_of([&] { io::load_problem(huge.string()); });
  CHECK(seconds_since(start) < 1.0);  // nothing was read
  CHECK_THAT(e.what(), Catch::Contains("has 1073741825 bytes, over the limit of a tokten document (1073741824 bytes, 1 GiB)"));
  fs::remove_all(dir);
  // Streams (stdin) stop reading at the limit.
  std::istringstream stream(std::string(5000, ' '));
  CHECK_THROWS_WITH(io::read_stream(stream, "<stdin>", 4096), Catch::Contains("<stdin> has more than 4096 bytes, over the limit of a tokten document (4096 bytes)"));
  std::istringstream small("{}");
  CHECK(io::read_stream(small, "<stdin>", 4096) == "{}");
}

TEST_CASE("hostile: an interrupted write leaves the target intact and removes its temporary") {
  const fs::path dir = fs::temp_directory_path() / ("tokten-interrupt-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const fs::path target = dir / "out.json";
  { std::ofstream(target) << "earlier output"; }
  for (int signal_number : {SIGINT, SIGTERM, SIGKILL}) {
    int ready[2];
    REQUIRE(::pipe(ready) == 0);
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {  // write 256 MiB slowly enough to be caught in the middle
      ::signal(SIGINT, SIG_DFL);  // as a terminal delivers them, whatever the test runner ignores
      ::signal(SIGTERM, SIG_DFL);
      io::install_interrupt_cleanup();
      ::close(ready[0]);
      std::string content(std::size_t{256} << 20, 'x');
      (void)::write(ready[1], "1", 1);
      try {
        io::write_file_atomically(target, content);
      } catch (...) {
      }
      ::_exit(0);
    }
    ::close(ready[1]);
    char byte = 0;
    REQUIRE(::read(ready[0], &byte, 1) == 1);
    ::close(ready[0]);
    // Wait for the temporary to appear, then interrupt.
    bool seen = false;
    for (int i = 0; i < 20000 && !seen; ++i) {
      for (const auto& entry : fs::directory_iterator(dir)) seen = seen || entry.path().filename().string().rfind(".out.json.tmp-", 0) == 0;
      if (!seen) ::usleep(100);
    }
    ::kill(child, signal_number);
    int status = 0;
    REQUIRE(::waitpid(child, &status, 0) == child);
    INFO("signal " << signal_number << ", temporary seen: " << seen);
    CHECK(seen);
    CHECK((WIFSIGNALED(status) ? WTERMSIG(status) == signal_number : WEXITSTATUS(status) == 0));
    const std::string after = read_text(target);
    // Either the run was cut (earlier output intact) or it had finished (complete new content).
    CHECK((after == "earlier output" || after.size() == (std::size_t{256} << 20)));
    std::size_t temporaries = 0;
    for (const auto& entry : fs::directory_iterator(dir))
      if (entry.path().filename() != "out.json") {
        ++temporaries;
        fs::remove(entry.path());
      }
    if (signal_number != SIGKILL) CHECK(temporaries == 0);  // SIGKILL cannot be caught
    if (after != "earlier output") { std::ofstream(target) << "earlier output"; }
  }
  fs::remove_all(dir);
}

TEST_CASE("hostile: interrupt cleanup leaves ignored signals ignored") {
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    ::signal(SIGHUP, SIG_IGN);  // as under nohup
    ::signal(SIGINT, SIG_DFL);
    io::install_interrupt_cleanup();
    struct sigaction hup {}, interrupt {};
    ::sigaction(SIGHUP, nullptr, &hup);
    ::sigaction(SIGINT, nullptr, &interrupt);
    ::_exit(hup.sa_handler == SIG_IGN && interrupt.sa_handler != SIG_DFL && interrupt.sa_handler != SIG_IGN ? 0 : 1);
  }
  int status = 0;
  REQUIRE(::waitpid(child, &status, 0) == child);
  CHECK((WIFEXITED(status) && WEXITSTATUS(status) == 0));
}

// Each finding of the fuzz targets, as a named case (the raw inputs are replayed from
// tests/fuzz/regressions/ by test_fuzz_regressions).
TEST_CASE("fuzz findings: entries too large for the certificate are refused on every dense path") {
  using tokten::match::MatrixView;
  using tokten::match::Sense;
  const double big = std::numeric_limits<double>::max();
  // 3 x 1, maximising: solved right, but with potentials beyond the double range.
  const std::vector<double> tall = {big, 20, -17};
  CHECK_THROWS_WITH(tokten::match::solve_dense_assignment(MatrixView<double>::row_major(tall.data(), 3, 1), Sense::maximize),
                    Catch::Contains("entry too large in magnitude"));
  // Squares (plain and sparsify-and-verify paths) and rectangles (validated row by row).
  std::vector<double> square(16 * 16, 1.0), wide(4 * 16, 1.0);
  square[77] = -0x1p997;
  wide[37] = 0x1p997;
  tokten::match::DenseOptions sparsify;
  sparsify.sparsify_min_size = 4;
  sparsify.sparsify_rect_min_size = 2;
  for (const auto& options : {tokten::match::DenseOptions{}, sparsify}) {
    CHECK_THROWS_WITH(tokten::match::solve_dense_assignment(MatrixView<double>::row_major(square.data(), 16, 16), Sense::minimize, options),
                      Catch::Contains("entry too large in magnitude"));
    CHECK_THROWS_WITH(tokten::match::solve_dense_assignment(MatrixView<double>::row_major(wide.data(), 4, 16), Sense::maximize, options),
                      Catch::Contains("entry too large in magnitude"));
  }
  // Just below the bound is solved and certified; infinities still forbid pairs.
  square[77] = -0x1.fffffffffffffp996;
  square[78] = std::numeric_limits<double>::infinity();
  for (const auto& options : {tokten::match::DenseOptions{}, sparsify}) {
    const auto view = MatrixView<double>::row_major(square.data(), 16, 16);
    const auto r = tokten::match::solve_dense_assignment(view, Sense::minimize, options);
    CHECK(tokten::match::verify_dense_assignment(view, Sense::minimize, r).ok);
  }
  const auto g = tokten::match::BipartiteGraph::from_triplets(2, 2, {{0, 0, big}, {1, 1, 1.0}});
  CHECK_THROWS_WITH(tokten::match::solve_sparse_assignment(g.view(), Sense::minimize), Catch::Contains("entry too large in magnitude"));
}

TEST_CASE("fuzz findings: certificates with mixed magnitudes verify against the largest entry") {
  using tokten::match::MatrixView;
  using tokten::match::Sense;
  // 1e300 beside 1e15 and small entries: the duals of the small pairs are exact only to about
  // 1e300 * 2^-53, which a tolerance relative to the pair alone rejected.
  const double a = 1000000000000002, b = 1000000000000005;
  std::vector<double> c = {-17, 6, a, a, a, a, b, -1e300, 1e300, -17, 6, a, a, a};
  c.resize(6 * 7, a);
  const auto view = MatrixView<double>::row_major(c.data(), 6, 7);
  const auto r = tokten::match::solve_dense_assignment(view, Sense::minimize);
  REQUIRE(r.feasible);
  CHECK(r.row_to_col[1] == 0);  // the -1e300 pair
  CHECK(tokten::match::verify_dense_assignment(view, Sense::minimize, r).ok);
  // Sparse, int64 extremes (long double arithmetic, inexact by design near 2^63).
  const std::int64_t hi = std::numeric_limits<std::int64_t>::max(), lo = std::numeric_limits<std::int64_t>::min();
  const std::vector<std::int64_t> offset = {0, 3, 4, 4, 10, 10, 13};
  const std::vector<std::int64_t> index = {0, 3, 2, 2, 0, 1, 3, 1, 3, 3, 0, 2, 1};
  const std::vector<std::int64_t> weight = {hi, 3, lo, -17, -7, hi, -11, hi, -11, -17, lo, 7, 16};
  const tokten::match::CsrView<std::int64_t, std::int64_t> g{6, 4, offset.data(), index.data(), weight.data()};
  const auto s = tokten::match::solve_sparse_assignment(g, Sense::minimize);
  CHECK(tokten::match::verify_sparse_assignment(g, Sense::minimize, s).ok);
  // Totals that cancel: the tolerance follows the summands, not the (small) sum.
  const auto cancel = tokten::match::BipartiteGraph::from_triplets(
      3, 3, {{0, 0, 1e300}, {1, 1, 1.1967831861163149e18}, {2, 2, -1e300}, {0, 1, 1e300}, {1, 0, 1e300}});
  const auto t = tokten::match::solve_sparse_assignment(cancel.view(), Sense::minimize);
  CHECK(tokten::match::verify_sparse_assignment(cancel.view(), Sense::minimize, t).ok);
}

TEST_CASE("fuzz findings: the capacitated check refuses what an engine cannot do, up front") {
  tokten::match::CapacitatedProblem p;
  p.graph = tokten::match::BipartiteGraph::from_triplets(2, 2, {{0, 0, 1.0}, {1, 1, 2.0}});
  p.row_capacity = {1, 1};
  p.col_capacity = {1, 1};
  p.col_minimum = {1, 0};
  p.engine = tokten::match::CapacitatedProblem::Engine::shortest_paths;
  CHECK_THROWS_WITH(tokten::match::detail::check_problem(p), Catch::Contains("the shortest-path engine handles capacities only"));
  p.col_minimum.clear();
  const auto r = tokten::match::solve_capacitated_assignment(p);
  CHECK(tokten::match::verify_capacitated_assignment(p, r).empty());
}

TEST_CASE("fuzz findings: min-cost flow costs that would overflow are refused, without undefined behaviour") {
  tokten::match::FlowNetwork<std::int64_t> most_negative(2);
  most_negative.add_arc(0, 1, 0, 1, std::numeric_limits<std::int64_t>::min());  // |cost| has no int64
  CHECK_THROWS_WITH(tokten::match::solve_min_cost_flow(most_negative), Catch::Contains("min-cost flow:"));
  // A negative cycle with a huge capacity: cost * flow beyond 64 bits.
  tokten::match::FlowNetwork<std::int64_t> cycle(2);
  cycle.add_arc(0, 1, 0, std::int64_t{1} << 40, -88731426581);
  cycle.add_arc(1, 0, 0, std::int64_t{1} << 40, 0);
  CHECK_THROWS_WITH(tokten::match::solve_min_cost_flow(cycle), Catch::Contains("times upper bounds sum beyond 2^62"));
  tokten::match::FlowNetwork<double> floating(2);
  floating.add_arc(0, 1, 0, std::int64_t{1} << 40, -1e300);
  floating.add_arc(1, 0, 0, std::int64_t{1} << 40, 0.0);
  CHECK_THROWS_WITH(tokten::match::solve_min_cost_flow(floating), Catch::Contains("overflow a double"));
  // Within the bounds the same cycle is solved and checked.
  cycle.upper = {1000, 1000};
  const auto solution = tokten::match::solve_min_cost_flow(cycle);
  REQUIRE(solution.status == tokten::match::FlowStatus::optimal);
  CHECK(tokten::match::check_min_cost_flow(cycle, solution.flow, solution.potential, solution.cost).empty());
  CHECK(solution.cost == -88731426581 * 1000);
}
