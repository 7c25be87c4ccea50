// The C ABI (include/tokten/tokten_c.h) over the header-only library. Every extern "C" function
// runs its body inside guarded(): each exception becomes a status and a tokten_error, so none
// crosses into the caller's language (unwinding through a JVM or cgo frame is fatal).
#include "tokten/tokten_c.h"

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "tokten/error.hpp"
#include "tokten/io/assignment_json.hpp"
#include "tokten/io/json_reader.hpp"
#include "tokten/io/parse.hpp"
#include "tokten/io/policy_json.hpp"
#include "tokten/io/problem_json.hpp"
#include "tokten/io/ledger_json.hpp"
#include "tokten/io/report_json.hpp"
#include "tokten/model/summary.hpp"
#include "tokten/model/validate.hpp"
#include "tokten/report/html_report.hpp"
#include "tokten/score/explain.hpp"
#include "tokten/score/scoring_context.hpp"
#include "tokten/solve.hpp"
#include "tokten/synth/demo.hpp"
#include "tokten/version.hpp"

using tokten::io::json;

struct tokten_error {
  tokten_status status = TOKTEN_INTERNAL_ERROR;
  std::string message, pointer, document, json;
};

struct tokten_problem {
  std::shared_ptr<const tokten::Problem> problem;
};

struct tokten_policy {
  tokten::score::ScoringPolicy policy;
};

struct tokten_cancel_token {
  std::atomic<bool> cancelled{false};
};

struct tokten_result {
  std::shared_ptr<const tokten::Problem> problem;  // shared with the problem handle: it may go first
  tokten::score::ScoringPolicy policy;
  tokten::SolveReport report;
  // Compiled on the first explanation only (call_once: explaining takes the result as const).
  mutable std::once_flag context_once;
  mutable std::unique_ptr<const tokten::score::ScoringContext> context;
};

namespace {

// The error handed out when not even an error can be allocated: static, never deleted.
tokten_error out_of_memory_error{TOKTEN_OUT_OF_MEMORY, "out of memory", "", "",
                                 R"({"status":"out_of_memory","message":"out of memory","pointer":"","document":""})"};

// A failure the C functions report as such; thrown inside guarded() only.
struct Failure {
  tokten_status status;
  std::string message;
  std::string pointer;
  std::string document;
};

// A bad argument that is not a document (a NULL pointer, an unknown id, a bad count).
Failure argument_error(std::string message) { return {TOKTEN_INVALID_ARGUMENT, std::move(message), "", ""}; }

const char* status_name(tokten_status status) noexcept {
  switch (status) {
    case TOKTEN_OK: return "ok";
    case TOKTEN_INVALID_INPUT: return "invalid_input";
    case TOKTEN_INVALID_ARGUMENT: return "invalid_argument";
    case TOKTEN_CANCELLED: return "cancelled";
    case TOKTEN_OUT_OF_MEMORY: return "out_of_memory";
    case TOKTEN_INTERNAL_ERROR: return "internal_error";
    default: return "unknown";
  }
}

// Sets *error (when wanted) and returns the status it holds. Views, not strings, so that nothing
// can throw before the try block: an exception escaping a noexcept function would terminate.
tokten_status report(tokten_error** error, tokten_status status, std::string_view message,
                     std::string_view pointer = {}, std::string_view document = {},
                     std::string_view prefix = {}) noexcept {
  if (!error) return status;
  try {
    auto e = std::make_unique<tokten_error>();
    e->status = status;
    // Messages may quote the caller's bytes: keep them valid UTF-8 for every language's strings.
    e->message = std::string(prefix) + tokten::io::valid_utf8(message);
    e->pointer = tokten::io::valid_utf8(pointer);
    e->document = std::string(document);
    e->json = json{{"status", status_name(status)},
                   {"message", e->message},
                   {"pointer", e->pointer},
                   {"document", e->document}}
                  .dump(-1, ' ', false, json::error_handler_t::replace);
    *error = e.release();
  } catch (...) {
    *error = &out_of_memory_error;
    return TOKTEN_OUT_OF_MEMORY;
  }
  return status;
}

// Runs `body`, turning every exception into a status and an error.
template <class Body>
tokten_status guarded(tokten_error** error, Body&& body) noexcept {
  if (error) *error = nullptr;
  try {
    body();
    return TOKTEN_OK;
  } catch (const Failure& f) {
    return report(error, f.status, f.message, f.pointer, f.document);
  } catch (const tokten::InputError& e) {
    return report(error, TOKTEN_INVALID_INPUT, e.message(), e.pointer());
  } catch (const tokten::Cancelled& e) {
    return report(error, TOKTEN_CANCELLED, e.what());
  } catch (const std::bad_alloc&) {
    return report(error, TOKTEN_OUT_OF_MEMORY, "out of memory");
  } catch (const std::exception& e) {
    return report(error, TOKTEN_INTERNAL_ERROR, e.what(), {}, {}, "internal error: ");
  } catch (...) {
    return report(error, TOKTEN_INTERNAL_ERROR, "an unknown exception", {}, {}, "internal error: ");
  }
}

// Clears an out parameter first, so that it reads NULL whatever happens next.
template <class T>
void clear(T** out) noexcept {
  if (out) *out = nullptr;
}

void clear_text(char** out, std::size_t* length) noexcept {
  if (out) *out = nullptr;
  if (length) *length = 0;
}

template <class T>
void require(const T* pointer, const char* parameter) {
  if (!pointer) throw argument_error(std::string(parameter) + " must not be NULL");
}

// The caller's bytes as a view; TOKTEN_NUL_TERMINATED measures a C string.
std::string_view text_of(const char* text, std::size_t length, const char* parameter) {
  require(text, parameter);
  return length == TOKTEN_NUL_TERMINATED ? std::string_view(text) : std::string_view(text, length);
}

// Runs `read` on a document, tagging its InputErrors with the document's name; `status` says
// whether a bad document is bad input (problem, policy) or a bad argument (options).
template <class Read>
auto read_document(const char* document, tokten_status status, Read&& read) {
  try {
    return read();
  } catch (const tokten::InputError& e) {
    throw Failure{status, e.message(), e.pointer(), document};
  }
}

// Text handed to the caller: malloc'd (so tokten_string_free is a plain free), NUL-terminated.
void give(const std::string& text, char** out, std::size_t* length) {
  auto* buffer = static_cast<char*>(std::malloc(text.size() + 1));
  if (!buffer) throw std::bad_alloc();
  std::memcpy(buffer, text.data(), text.size());
  buffer[text.size()] = '\0';
  *out = buffer;
  if (length) *length = text.size();
}

tokten::SolveOptions read_options(const char* text) {
  tokten::SolveOptions options;
  if (!text || *text == '\0') return options;
  read_document("options", TOKTEN_INVALID_ARGUMENT, [&] {
    const json document = tokten::io::parse_json(text);
    const tokten::io::JsonReader r(document, "");
    r.require_object("a JSON object of solve options");
    r.only_fields({"objective", "candidates_per_need", "alternates", "explain", "fixes"});
    if (auto f = r.optional_field("objective")) options.objective = f->enumeration<tokten::Objective>();
    // The same ranges as `tokten solve`'s -k and --alternates.
    if (auto f = r.optional_field("candidates_per_need"))
      options.candidates_per_need = f->integer_as_int(1, 1'000'000, "a number of candidates");
    if (auto f = r.optional_field("alternates")) options.alternates = f->integer_as_int(0, 1'000, "a number of alternates");
    if (auto f = r.optional_field("fixes")) options.fixes = f->integer_as_int(0, 1'000, "a number of fixes");
    if (auto f = r.optional_field("explain")) options.explain_pairs = f->boolean();
  });
  return options;
}

// The report's options; true when the page is wanted as HTML rather than as the JSON document.
bool read_report_options(const char* text, tokten::report::ReportOptions& options) {
  bool html = false;
  if (!text || *text == '\0') return html;
  read_document("options", TOKTEN_INVALID_ARGUMENT, [&] {
    const json document = tokten::io::parse_json(text);
    const tokten::io::JsonReader r(document, "");
    r.require_object("a JSON object of report options");
    r.only_fields({"output", "title", "capital", "k", "population", "bonuses", "withdrawal_probability", "trials",
                   "seed", "candidates_per_need"});
    if (auto f = r.optional_field("output")) {
      const std::string output = f->string();
      if (output != "json" && output != "html") f->expected("\"json\" or \"html\"");
      html = output == "html";
    }
    if (auto f = r.optional_field("title")) options.title = f->string();
    if (auto f = r.optional_field("capital")) options.capital = f->nonempty_string();
    // The same ranges as `tokten report`'s --k, --trials and --seed.
    if (auto f = r.optional_field("k")) options.k = f->integer(1, 1'000'000, "a number of experts");
    if (auto f = r.optional_field("trials")) options.trials = f->integer_as_int(1, 100'000, "a number of trials");
    if (auto f = r.optional_field("seed"))
      options.seed = static_cast<std::uint64_t>(f->integer(0, 1LL << 62, "a seed"));
    if (auto f = r.optional_field("candidates_per_need"))
      options.solve.candidates_per_need = f->integer_as_int(1, 1'000'000, "a number of candidates");
    if (auto f = r.optional_field("withdrawal_probability"))
      options.withdrawal_probability = f->number(0.0, 1.0, "a probability");
    if (auto f = r.optional_field("bonuses")) {
      options.bonuses.clear();
      for (const tokten::io::JsonReader& bonus : f->elements())
        options.bonuses.push_back(bonus.number(0.0, 100.0, "an equity bonus from 0 to 100"));
    }
    if (auto f = r.optional_field("population")) {
      f->require_object("an object of region: inhabitants");
      options.population.clear();
      for (const auto& [region, value] : f->value().items())
        options.population[region] = f->field(region).number(1.0, 1e10, "a number of inhabitants");
    }
  });
  return html;
}

std::shared_ptr<const tokten::Problem> read_problem_text(std::string_view text) {
  return read_document("problem", TOKTEN_INVALID_INPUT,
                       [&] { return std::make_shared<const tokten::Problem>(tokten::io::read_problem(text)); });
}

tokten::score::ScoringPolicy read_policy_text(std::string_view text) {
  return read_document("policy", TOKTEN_INVALID_INPUT, [&] { return tokten::io::read_policy(text); });
}

std::unique_ptr<tokten_result> solve(const tokten_problem& problem, const tokten::score::ScoringPolicy* policy,
                                     const char* options_text, const tokten_cancel_token* cancel) {
  tokten::SolveOptions options = read_options(options_text);
  if (policy) options.policy = *policy;
  if (cancel) options.cancel = &cancel->cancelled;
  auto result = std::make_unique<tokten_result>();
  result->problem = problem.problem;
  result->policy = options.policy;
  // Both handles were checked when made, so an InputError here would name neither document.
  result->report = tokten::solve_report(*problem.problem, options);
  return result;
}

std::string assignment_text(const tokten_result& result) {
  return tokten::io::write_assignment(result.report.assignment) + "\n";  // as `tokten solve` writes it
}

}  // namespace

extern "C" {

const char* tokten_version(void) { return TOKTEN_VERSION_STRING; }

int tokten_abi_version(void) { return TOKTEN_C_ABI_VERSION; }

const char* tokten_status_name(tokten_status status) { return status_name(status); }

tokten_status tokten_error_status(const tokten_error* error) { return error ? error->status : TOKTEN_OK; }

const char* tokten_error_message(const tokten_error* error) { return error ? error->message.c_str() : ""; }

const char* tokten_error_pointer(const tokten_error* error) { return error ? error->pointer.c_str() : ""; }

const char* tokten_error_document(const tokten_error* error) { return error ? error->document.c_str() : ""; }

const char* tokten_error_to_json(const tokten_error* error) { return error ? error->json.c_str() : "null"; }

void tokten_error_free(tokten_error* error) {
  if (error != &out_of_memory_error) delete error;
}

void tokten_string_free(char* text) { std::free(text); }

// ---- Problems ----

tokten_status tokten_problem_from_json(const char* json_text, size_t length, tokten_problem** out,
                                       tokten_error** error) {
  clear(out);
  return guarded(error, [&] {
    const std::string_view text = text_of(json_text, length, "json");
    require(out, "out");
    auto handle = std::make_unique<tokten_problem>();
    handle->problem = read_problem_text(text);
    *out = handle.release();
  });
}

tokten_status tokten_problem_to_json(const tokten_problem* problem, char** out, size_t* length,
                                     tokten_error** error) {
  clear_text(out, length);
  return guarded(error, [&] {
    require(problem, "problem");
    require(out, "out");
    give(tokten::io::write_problem(*problem->problem) + "\n", out, length);  // as `tokten demo` writes it
  });
}

tokten_status tokten_problem_summary_json(const tokten_problem* problem, char** out, size_t* length,
                                          tokten_error** error) {
  clear_text(out, length);
  return guarded(error, [&] {
    require(problem, "problem");
    require(out, "out");
    const tokten::Problem& p = *problem->problem;
    const tokten::ProblemSummary s = tokten::summarize(p);
    json by_sector = json::object(), by_region = json::object();
    for (const auto& [sector, count] : s.needs_by_sector) by_sector[sector] = count;
    for (const auto& [region, count] : s.needs_by_region) by_region[region] = count;
    const json summary = {{"name", p.name},
                          {"skills", s.skills},
                          {"experts", s.experts},
                          {"institutions", s.institutions},
                          {"needs", s.needs},
                          {"seats", s.seats},
                          {"expert_capacity", s.expert_capacity},
                          {"needs_by_sector", std::move(by_sector)},
                          {"needs_by_region", std::move(by_region)}};
    give(summary.dump(), out, length);
  });
}

tokten_status tokten_demo_problem(uint64_t seed, int32_t experts, int32_t institutions, int32_t needs,
                                  tokten_problem** out, tokten_error** error) {
  clear(out);
  return guarded(error, [&] {
    require(out, "out");
    tokten::synth::DemoOptions options;
    options.seed = seed;
    const std::pair<const char*, int32_t> counts[] = {{"experts", experts}, {"institutions", institutions}, {"needs", needs}};
    for (const auto& [name, value] : counts)
      if (value < 0) throw argument_error(std::string(name) + " must be 0 (the default) or more, got " + std::to_string(value));
    if (experts > 0) options.experts = experts;
    if (institutions > 0) options.institutions = institutions;
    if (needs > 0) options.needs = needs;
    try {
      tokten::synth::check_demo_options(options);
    } catch (const std::invalid_argument& e) {  // the caller's counts, not a bug
      throw argument_error(e.what());
    }
    auto handle = std::make_unique<tokten_problem>();
    handle->problem = std::make_shared<const tokten::Problem>(tokten::synth::demo_problem(options));
    *out = handle.release();
  });
}

void tokten_problem_free(tokten_problem* problem) { delete problem; }

// ---- Policies ----

tokten_status tokten_policy_from_json(const char* json_text, size_t length, tokten_policy** out,
                                      tokten_error** error) {
  clear(out);
  return guarded(error, [&] {
    const std::string_view text = text_of(json_text, length, "json");
    require(out, "out");
    auto handle = std::make_unique<tokten_policy>();
    handle->policy = read_policy_text(text);
    *out = handle.release();
  });
}

tokten_status tokten_policy_to_json(const tokten_policy* policy, char** out, size_t* length,
                                    tokten_error** error) {
  clear_text(out, length);
  return guarded(error, [&] {
    require(policy, "policy");
    require(out, "out");
    give(tokten::io::write_policy(policy->policy) + "\n", out, length);
  });
}

void tokten_policy_free(tokten_policy* policy) { delete policy; }

// ---- Cancellation ----

tokten_status tokten_cancel_token_new(tokten_cancel_token** out, tokten_error** error) {
  clear(out);
  return guarded(error, [&] {
    require(out, "out");
    *out = new tokten_cancel_token();
  });
}

void tokten_cancel_token_cancel(tokten_cancel_token* token) {
  if (token) token->cancelled.store(true, std::memory_order_relaxed);
}

void tokten_cancel_token_free(tokten_cancel_token* token) { delete token; }

// ---- Solving ----

tokten_status tokten_solve(const tokten_problem* problem, const tokten_policy* policy, const char* options,
                           tokten_cancel_token* cancel, tokten_result** out, tokten_error** error) {
  clear(out);
  return guarded(error, [&] {
    require(problem, "problem");
    require(out, "out");
    *out = solve(*problem, policy ? &policy->policy : nullptr, options, cancel).release();
  });
}

tokten_status tokten_result_assignment_json(const tokten_result* result, char** out, size_t* length,
                                            tokten_error** error) {
  clear_text(out, length);
  return guarded(error, [&] {
    require(result, "result");
    require(out, "out");
    give(assignment_text(*result), out, length);
  });
}

tokten_status tokten_result_summary_json(const tokten_result* result, char** out, size_t* length,
                                         tokten_error** error) {
  clear_text(out, length);
  return guarded(error, [&] {
    require(result, "result");
    require(out, "out");
    const tokten::SolveReport& r = result->report;
    const tokten::Assignment& a = r.assignment;
    // Seats by reason, every reason listed (0 when none) so that readers need no default.
    json by_reason = json::object();
    for (std::string_view reason : tokten::Spelling<tokten::UnfilledReason>::names) by_reason[std::string(reason)] = 0;
    std::int64_t unfilled = 0;
    for (const tokten::UnfilledSeats& u : a.unfilled) {
      json& seats = by_reason[std::string(tokten::to_string(u.reason))];
      seats = seats.get<std::int64_t>() + u.seats;
      unfilled += u.seats;
    }
    const std::size_t needs = result->problem->needs.size();
    const json summary = {{"problem", a.problem},
                          {"objective", std::string(tokten::to_string(a.objective))},
                          {"status", std::string(tokten::to_string(a.status))},
                          {"total_score", a.total_score},
                          {"bound", r.bound},
                          {"gap", r.gap},
                          {"seats", r.seats},
                          {"seats_filled", r.seats_filled},
                          {"needs", needs},
                          {"needs_filled", needs - a.unfilled.size()},
                          {"unfilled_seats", unfilled},
                          {"unfilled_by_reason", std::move(by_reason)},
                          {"candidate_pairs", r.candidate_pairs}};
    give(summary.dump(), out, length);
  });
}

tokten_status tokten_result_explain_need_json(const tokten_result* result, const char* need_id, char** out,
                                              size_t* length, tokten_error** error) {
  clear_text(out, length);
  return guarded(error, [&] {
    require(result, "result");
    require(need_id, "need_id");
    require(out, "out");
    const tokten::Problem& problem = *result->problem;
    const std::string id(need_id);
    std::size_t n = 0;
    while (n < problem.needs.size() && problem.needs[n].id != id) ++n;
    if (n == problem.needs.size()) throw argument_error("no need " + tokten::detail::quoted(id) + " in the problem");

    std::call_once(result->context_once, [&] {
      result->context = std::make_unique<const tokten::score::ScoringContext>(problem, result->policy);
    });
    const tokten::score::ScoringContext& context = *result->context;
    auto explained = [&](const std::string& expert) {
      const std::int64_t e = context.find_expert(expert);
      if (e < 0) throw std::logic_error("the result names an expert not in its problem: " + expert);
      return tokten::score::explanation_to_json(
          tokten::score::explain(context, static_cast<std::size_t>(e), n));
    };

    const tokten::Assignment& a = result->report.assignment;
    json assigned = json::array(), alternates = json::array(), unfilled = nullptr;
    for (const tokten::AssignedPair& pair : a.pairs)
      if (pair.need == id) assigned.push_back(explained(pair.expert));
    for (const tokten::NeedAlternates& alt : a.alternates)
      if (alt.need == id)
        for (const tokten::Alternate& x : alt.experts) alternates.push_back(explained(x.expert));
    for (const tokten::UnfilledSeats& u : a.unfilled)
      if (u.need == id)
        unfilled = {{"seats", u.seats},
                    {"reason", std::string(tokten::to_string(u.reason))},
                    {"detail", u.detail},
                    {"fixes", u.fixes}};
    const json explanation = {{"need", id},
                              {"institution", problem.needs[n].institution},
                              {"seats", problem.needs[n].seats},
                              {"filled", assigned.size()},
                              {"assigned", std::move(assigned)},
                              {"alternates", std::move(alternates)},
                              {"unfilled", std::move(unfilled)}};
    give(explanation.dump(), out, length);
  });
}

void tokten_result_free(tokten_result* result) { delete result; }

// ---- One-shot calls ----

tokten_status tokten_solve_json(const char* problem_json, size_t problem_length, const char* policy_json,
                                size_t policy_length, const char* options, char** assignment_json, size_t* length,
                                tokten_error** error) {
  clear_text(assignment_json, length);
  return guarded(error, [&] {
    const std::string_view problem_text = text_of(problem_json, problem_length, "problem_json");
    require(assignment_json, "assignment_json");
    tokten_problem problem{read_problem_text(problem_text)};
    std::optional<tokten::score::ScoringPolicy> policy;
    if (policy_json) policy = read_policy_text(text_of(policy_json, policy_length, "policy_json"));
    const auto result = solve(problem, policy ? &*policy : nullptr, options, nullptr);
    give(assignment_text(*result), assignment_json, length);
  });
}

tokten_status tokten_validate_json(const char* json_text, size_t length, char** issues_json, size_t* issues_length,
                                   tokten_error** error) {
  clear_text(issues_json, issues_length);
  return guarded(error, [&] {
    const std::string_view text = text_of(json_text, length, "json");
    require(issues_json, "issues_json");
    const tokten::Problem problem = read_document("problem", TOKTEN_INVALID_INPUT, [&] {
      return tokten::io::problem_structure_from_json(tokten::io::parse_json(text));
    });
    json issues = json::array();
    for (const tokten::InputIssue& issue : tokten::validate_problem(problem))
      issues.push_back({{"pointer", issue.pointer}, {"message", issue.message}});
    give(issues.dump(), issues_json, issues_length);
  });
}

// ---- The programme report ----

tokten_status tokten_report_json(const char* ledger_json, size_t ledger_length, const tokten_problem* problem,
                                 const tokten_policy* policy, const char* options, char** report_text, size_t* length,
                                 tokten_error** error) {
  clear_text(report_text, length);
  return guarded(error, [&] {
    require(report_text, "report");
    tokten::report::ReportOptions o;
    const bool html = read_report_options(options, o);
    if (policy) o.solve.policy = policy->policy;
    std::optional<tokten::impact::Ledger> ledger;
    if (ledger_json)
      ledger = read_document("ledger", TOKTEN_INVALID_INPUT, [&] {
        return tokten::io::read_ledger(text_of(ledger_json, ledger_length, "ledger_json"));
      });
    const tokten::Problem* round = problem ? problem->problem.get() : nullptr;
    const tokten::report::ReportData data = tokten::report::report_data(ledger ? &*ledger : nullptr, round, o);
    give(html ? tokten::report::render_html(data) : tokten::io::write_report_data(data) + "\n", report_text, length);
  });
}

}  // extern "C"
