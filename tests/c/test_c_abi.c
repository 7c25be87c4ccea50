/* The C ABI (include/tokten/tokten_c.h) from C11, as a ministry system would call it: versions,
 * documents in and out, solving, explanations, every error path, cancellation and concurrent
 * solves. Every returned buffer and handle is freed: under the asan-ubsan preset LeakSanitizer
 * fails the test on any leak.
 *
 * Usage: test_c_abi [TEST]. Without an argument every test runs; CTest runs each by name. */
#define _POSIX_C_SOURCE 200809L /* nanosleep under -std=c11 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tokten/tokten_c.h"

static int failures = 0; /* main thread only: workers count their own */

#define CHECK(condition)                                                           \
  do {                                                                             \
    if (!(condition)) {                                                            \
      fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #condition); \
      ++failures;                                                                  \
    }                                                                              \
  } while (0)

#define CHECK_STR(actual, expected)                                                                       \
  do {                                                                                                    \
    const char* a_ = (actual);                                                                            \
    const char* e_ = (expected);                                                                          \
    if (a_ == NULL || strcmp(a_, e_) != 0) {                                                              \
      fprintf(stderr, "%s:%d: %s is \"%s\", expected \"%s\"\n", __FILE__, __LINE__, #actual, a_ ? a_ : "(null)", e_); \
      ++failures;                                                                                         \
    }                                                                                                     \
  } while (0)

#define CHECK_CONTAINS(text, part)                                                                     \
  do {                                                                                                 \
    const char* t_ = (text);                                                                           \
    if (t_ == NULL || strstr(t_, (part)) == NULL) {                                                    \
      fprintf(stderr, "%s:%d: %s does not contain \"%s\": %.300s\n", __FILE__, __LINE__, #text, (part), \
              t_ ? t_ : "(null)");                                                                     \
      ++failures;                                                                                      \
    }                                                                                                  \
  } while (0)

/* Stops the test: what follows would only repeat the failure. */
#define REQUIRE_OK(call, error_var)                                                                          \
  do {                                                                                                       \
    tokten_status s_ = (call);                                                                               \
    if (s_ != TOKTEN_OK) {                                                                                   \
      fprintf(stderr, "%s:%d: %s returned %s: %s\n", __FILE__, __LINE__, #call, tokten_status_name(s_),     \
              tokten_error_to_json(error_var));                                                              \
      exit(1);                                                                                               \
    }                                                                                                        \
  } while (0)

/* A one-expert, one-need round; the need's skill and institution are filled in. */
static const char* const kTinyRound =
    "{\"format\": \"tokten.problem\", \"format_version\": 1, \"name\": \"tiny\","
    " \"taxonomy\": {\"skills\": [{\"id\": \"isced:09\", \"name\": \"Health\"},"
    " {\"id\": \"isced:0912\", \"name\": \"Medicine\", \"parent\": \"isced:09\"}]},"
    " \"institutions\": [{\"id\": \"inst-1\", \"name\": \"CHU\", \"kind\": \"hospital\", \"region\": \"Bamako\"}],"
    " \"experts\": [{\"id\": \"exp-1\", \"name\": \"A\", \"residence_country\": \"FR\","
    " \"skills\": [{\"skill\": \"isced:0912\", \"level\": 5}], \"languages\": [{\"language\": \"fr\", \"level\": \"C2\"}],"
    " \"sectors\": [\"health\"], \"degrees\": [{\"level\": \"doctorate\", \"field\": \"Medicine\"}],"
    " \"years_experience\": 18, \"availability\": [{\"start\": \"2027-01-04\", \"end\": \"2027-03-28\"}],"
    " \"max_missions\": 1, \"remote_possible\": true}],"
    " \"needs\": [{\"id\": \"need-1\", \"institution\": \"%s\", \"sector\": \"health\","
    " \"skills\": [{\"skill\": \"%s\", \"essential\": true, \"min_level\": 4, \"weight\": 2}],"
    " \"languages\": [{\"language\": \"fr\", \"min_level\": \"B2\"}],"
    " \"window\": {\"start\": \"2027-02-01\", \"end\": \"2027-03-14\"}, \"duration_days\": 21, \"seats\": 2,"
    " \"priority\": 4, \"mode\": \"on_site\", \"thesis_supervision\": true}]}";

static const char* const kEquityPolicy = "{\"format\": \"tokten.policy\", \"format_version\": 1, \"equity_bonus\": 0.3}";

static char* tiny_round(const char* institution, const char* skill) {
  static char text[4096];
  snprintf(text, sizeof text, kTinyRound, institution, skill);
  return text;
}

/* A demo round as problem text; free with tokten_string_free. */
static char* demo_text(uint64_t seed, int32_t experts, int32_t institutions, int32_t needs, size_t* length) {
  tokten_problem* problem = NULL;
  tokten_error* error = NULL;
  char* text = NULL;
  REQUIRE_OK(tokten_demo_problem(seed, experts, institutions, needs, &problem, &error), error);
  REQUIRE_OK(tokten_problem_to_json(problem, &text, length, &error), error);
  tokten_problem_free(problem);
  return text;
}

/* The assignment document of one solve; free with tokten_string_free. */
static char* solve_to_text(const tokten_problem* problem, const tokten_policy* policy, const char* options) {
  tokten_result* result = NULL;
  tokten_error* error = NULL;
  char* text = NULL;
  REQUIRE_OK(tokten_solve(problem, policy, options, NULL, &result, &error), error);
  REQUIRE_OK(tokten_result_assignment_json(result, &text, NULL, &error), error);
  tokten_result_free(result);
  return text;
}

/* Checks a failed call's outcome: its status, the error's status, pointer and document, and
 * that the message mentions `part`; then frees the error. */
static void check_error(int line, tokten_status status, tokten_error* error, tokten_status expected,
                        const char* pointer, const char* document, const char* part) {
  if (status != expected || tokten_error_status(error) != expected || error == NULL ||
      strcmp(tokten_error_pointer(error), pointer) != 0 || strcmp(tokten_error_document(error), document) != 0 ||
      strstr(tokten_error_message(error), part) == NULL) {
    fprintf(stderr, "line %d: expected %s at \"%s\" in \"%s\" mentioning \"%s\", got %s: %s\n", line,
            tokten_status_name(expected), pointer, document, part, tokten_status_name(status),
            tokten_error_to_json(error));
    ++failures;
  }
  tokten_error_free(error);
}
/* `call` runs before `error` is read (argument evaluation order is unspecified in C). */
#define CHECK_ERROR(call, error, expected, pointer, document, part)      \
  do {                                                                  \
    const tokten_status status_ = (call);                               \
    check_error(__LINE__, status_, error, expected, pointer, document, part); \
  } while (0)

/* ---- tests ---------------------------------------------------------------------------------- */

static void test_version(void) {
  const char* version = tokten_version();
  int major = -1, minor = -1, patch = -1;
  CHECK(version != NULL && sscanf(version, "%d.%d.%d", &major, &minor, &patch) == 3);
  CHECK(major >= 0 && minor >= 0 && patch >= 0);
  CHECK(tokten_abi_version() == TOKTEN_C_ABI_VERSION);
  CHECK_STR(tokten_status_name(TOKTEN_OK), "ok");
  CHECK_STR(tokten_status_name(TOKTEN_INVALID_INPUT), "invalid_input");
  CHECK_STR(tokten_status_name(TOKTEN_INVALID_ARGUMENT), "invalid_argument");
  CHECK_STR(tokten_status_name(TOKTEN_CANCELLED), "cancelled");
  CHECK_STR(tokten_status_name(TOKTEN_OUT_OF_MEMORY), "out_of_memory");
  CHECK_STR(tokten_status_name(TOKTEN_INTERNAL_ERROR), "internal_error");
  CHECK_STR(tokten_status_name((tokten_status)99), "unknown");
  CHECK(sizeof(tokten_status) == 4);
  /* A NULL error reads as no error. */
  CHECK(tokten_error_status(NULL) == TOKTEN_OK);
  CHECK_STR(tokten_error_message(NULL), "");
  CHECK_STR(tokten_error_pointer(NULL), "");
  CHECK_STR(tokten_error_document(NULL), "");
  CHECK_STR(tokten_error_to_json(NULL), "null");
}

static void test_problem_round_trip(void) {
  size_t length = 0;
  char* text = demo_text(3, 80, 20, 15, &length);
  CHECK(length == strlen(text));
  CHECK(strncmp(text, "{\n  \"format\": \"tokten.problem\"", 30) == 0);
  CHECK(length > 2 && text[length - 1] == '\n' && text[length - 2] == '}');

  /* Read back with an explicit length and as a NUL-terminated string: the same text out. */
  tokten_problem* problem = NULL;
  tokten_problem* again = NULL;
  tokten_error* error = NULL;
  REQUIRE_OK(tokten_problem_from_json(text, length, &problem, &error), error);
  CHECK(error == NULL);
  REQUIRE_OK(tokten_problem_from_json(text, TOKTEN_NUL_TERMINATED, &again, NULL), error);
  char* back = NULL;
  char* back_again = NULL;
  size_t back_length = 0;
  REQUIRE_OK(tokten_problem_to_json(problem, &back, &back_length, &error), error);
  REQUIRE_OK(tokten_problem_to_json(again, &back_again, NULL, &error), error);
  CHECK(back_length == length);
  CHECK_STR(back, text);
  CHECK_STR(back_again, text);

  char* summary = NULL;
  REQUIRE_OK(tokten_problem_summary_json(problem, &summary, NULL, &error), error);
  CHECK_CONTAINS(summary, "\"experts\":80,");
  CHECK_CONTAINS(summary, "\"institutions\":20,");
  CHECK_CONTAINS(summary, "\"needs\":15,");
  CHECK_CONTAINS(summary, "\"seats\":");
  CHECK_CONTAINS(summary, "\"needs_by_sector\":{");

  /* 0 takes the demo's default counts. */
  tokten_problem* defaults = NULL;
  char* default_summary = NULL;
  REQUIRE_OK(tokten_demo_problem(1, 0, 0, 0, &defaults, &error), error);
  REQUIRE_OK(tokten_problem_summary_json(defaults, &default_summary, NULL, &error), error);
  CHECK_CONTAINS(default_summary, "\"experts\":650,\"institutions\":140,\"needs\":100,");

  /* A policy reads and writes back every field. */
  tokten_policy* policy = NULL;
  char* policy_text = NULL;
  REQUIRE_OK(tokten_policy_from_json(kEquityPolicy, strlen(kEquityPolicy), &policy, &error), error);
  REQUIRE_OK(tokten_policy_to_json(policy, &policy_text, NULL, &error), error);
  CHECK_CONTAINS(policy_text, "\"equity_bonus\": 0.3,");
  CHECK_CONTAINS(policy_text, "\"capital_region\": \"Bamako\"\n}\n");

  tokten_string_free(policy_text);
  tokten_policy_free(policy);
  tokten_string_free(default_summary);
  tokten_problem_free(defaults);
  tokten_string_free(summary);
  tokten_string_free(back_again);
  tokten_string_free(back);
  tokten_problem_free(again);
  tokten_problem_free(problem);
  tokten_string_free(text);
}

static void test_solve(void) {
  size_t length = 0;
  char* text = demo_text(5, 120, 30, 30, &length);
  tokten_problem* problem = NULL;
  tokten_error* error = NULL;
  REQUIRE_OK(tokten_problem_from_json(text, length, &problem, &error), error);

  /* The handle path and the one-shot path give the same bytes, with defaults... */
  char* by_handle = solve_to_text(problem, NULL, NULL);
  char* one_shot = NULL;
  size_t one_shot_length = 0;
  REQUIRE_OK(tokten_solve_json(text, length, NULL, 0, NULL, &one_shot, &one_shot_length, &error), error);
  CHECK(error == NULL);
  CHECK_STR(one_shot, by_handle);
  CHECK(one_shot_length == strlen(one_shot));
  CHECK(strncmp(one_shot, "{\n  \"format\": \"tokten.assignment\"", 33) == 0);
  CHECK(one_shot_length > 2 && one_shot[one_shot_length - 1] == '\n' && one_shot[one_shot_length - 2] == '}');
  CHECK_CONTAINS(one_shot, "\"objective\": \"max_weight\"");
  /* ... "" is the defaults too, and solving again gives the same bytes (deterministic). */
  char* empty_options = solve_to_text(problem, NULL, "");
  CHECK_STR(empty_options, by_handle);

  /* ... and with a policy and options, which change the result. */
  const char* options = "{\"objective\": \"max_seats_then_weight\", \"alternates\": 1, \"explain\": false}";
  tokten_policy* policy = NULL;
  REQUIRE_OK(tokten_policy_from_json(kEquityPolicy, TOKTEN_NUL_TERMINATED, &policy, &error), error);
  char* tuned = solve_to_text(problem, policy, options);
  char* tuned_one_shot = NULL;
  REQUIRE_OK(tokten_solve_json(text, length, kEquityPolicy, strlen(kEquityPolicy), options, &tuned_one_shot, NULL,
                               &error),
             error);
  CHECK_STR(tuned_one_shot, tuned);
  CHECK(strcmp(tuned, by_handle) != 0);
  CHECK_CONTAINS(tuned, "\"objective\": \"max_seats_then_weight\"");
  CHECK_CONTAINS(tuned, "\"terms\": []");  /* explain: false */
  CHECK(strstr(by_handle, "\"terms\": []") == NULL);

  /* The summary's figures. */
  tokten_result* result = NULL;
  char* summary = NULL;
  REQUIRE_OK(tokten_solve(problem, NULL, NULL, NULL, &result, &error), error);
  REQUIRE_OK(tokten_result_summary_json(result, &summary, NULL, &error), error);
  CHECK(strncmp(summary, "{\"problem\":\"", 12) == 0);
  CHECK_CONTAINS(summary, "\"objective\":\"max_weight\",\"status\":\"");
  CHECK_CONTAINS(summary, "\"total_score\":");
  CHECK_CONTAINS(summary, "\"needs\":30,");
  CHECK_CONTAINS(summary, "\"unfilled_by_reason\":{\"no_feasible_expert\":");
  CHECK(strstr(summary, "_ms") == NULL); /* no timings: deterministic */

  tokten_string_free(summary);
  tokten_result_free(result);
  tokten_string_free(tuned_one_shot);
  tokten_string_free(tuned);
  tokten_policy_free(policy);
  tokten_string_free(empty_options);
  tokten_string_free(one_shot);
  tokten_string_free(by_handle);
  tokten_problem_free(problem);
  tokten_string_free(text);
}

/* Copies the id of the first need listed after `section` in an assignment document. */
static int need_after(const char* document, const char* section, char* id, size_t size) {
  const char* at = strstr(document, section);
  if (at) at = strstr(at, "\"need\": \"");
  if (!at) return 0;
  at += strlen("\"need\": \"");
  const char* end = strchr(at, '"');
  if (!end || (size_t)(end - at) >= size) return 0;
  memcpy(id, at, (size_t)(end - at));
  id[end - at] = '\0';
  return 1;
}

static void test_explain(void) {
  tokten_problem* problem = NULL;
  tokten_result* result = NULL;
  tokten_error* error = NULL;
  REQUIRE_OK(tokten_demo_problem(1, 0, 0, 0, &problem, &error), error);
  REQUIRE_OK(tokten_solve(problem, NULL, NULL, NULL, &result, &error), error);
  char* assignment = NULL;
  REQUIRE_OK(tokten_result_assignment_json(result, &assignment, NULL, &error), error);
  /* The result keeps what it needs: the problem handle may go first. */
  tokten_problem_free(problem);

  char filled[64], unfilled[64], with_alternates[64];
  CHECK(need_after(assignment, "\"pairs\": [", filled, sizeof filled));
  CHECK(need_after(assignment, "\"unfilled\": [", unfilled, sizeof unfilled));
  CHECK(need_after(assignment, "\"alternates\": [", with_alternates, sizeof with_alternates));

  char* text = NULL;
  size_t length = 0;
  REQUIRE_OK(tokten_result_explain_need_json(result, filled, &text, &length, &error), error);
  CHECK(length == strlen(text));
  CHECK(strncmp(text, "{\"need\":\"", 9) == 0);
  CHECK_CONTAINS(text, "\"assigned\":[{\"expert\":\"");
  CHECK_CONTAINS(text, "\"feasible\":true");
  CHECK_CONTAINS(text, "\"terms\":[{\"name\":\"skills\"");
  tokten_string_free(text);

  REQUIRE_OK(tokten_result_explain_need_json(result, unfilled, &text, NULL, &error), error);
  CHECK_CONTAINS(text, "\"unfilled\":{\"seats\":");
  CHECK_CONTAINS(text, "\"reason\":\"");
  CHECK_CONTAINS(text, "\"fixes\":[");
  tokten_string_free(text);

  REQUIRE_OK(tokten_result_explain_need_json(result, with_alternates, &text, NULL, &error), error);
  CHECK_CONTAINS(text, "\"alternates\":[{\"expert\":\"");
  tokten_string_free(text);

  /* An unknown need id names the id. */
  text = (char*)"sentinel";
  length = 7;
  tokten_status status = tokten_result_explain_need_json(result, "need-nope", &text, &length, &error);
  CHECK(text == NULL && length == 0);
  CHECK_ERROR(status, error, TOKTEN_INVALID_ARGUMENT, "", "", "no need \"need-nope\"");

  tokten_string_free(assignment);
  tokten_result_free(result);
}

static void test_malformed_input(void) {
  tokten_problem* problem = (tokten_problem*)&failures; /* any non-NULL value: must become NULL */
  tokten_error* error = NULL;

  tokten_status status = tokten_problem_from_json("{\"format\": ", TOKTEN_NUL_TERMINATED, &problem, &error);
  CHECK(problem == NULL);
  CHECK_CONTAINS(tokten_error_to_json(error), "{\"status\":\"invalid_input\",\"message\":\"truncated or invalid JSON");
  CHECK_ERROR(status, error, TOKTEN_INVALID_INPUT, "", "problem", "line 1, column");

  /* Empty text, a NUL byte within the given length, invalid UTF-8: all refused, none read. */
  status = tokten_problem_from_json("", 0, &problem, &error);
  CHECK_ERROR(status, error, TOKTEN_INVALID_INPUT, "", "problem", "empty document");
  const char with_nul[] = "{\"format\"\0: \"tokten.problem\"}";
  status = tokten_problem_from_json(with_nul, sizeof with_nul - 1, &problem, &error);
  CHECK(problem == NULL);
  CHECK_ERROR(status, error, TOKTEN_INVALID_INPUT, "", "problem", "invalid JSON");
  const char in_string[] = "{\"name\": \"a\0b\"}";
  char* issues = NULL;
  status = tokten_validate_json(in_string, sizeof in_string - 1, &issues, NULL, &error);
  CHECK(issues == NULL);
  CHECK_ERROR(status, error, TOKTEN_INVALID_INPUT, "", "problem", "invalid JSON");
  const char bad_utf8[] = "{\"format\": \"tokten.problem\", \"name\": \"\xff\xfe\"}";
  status = tokten_problem_from_json(bad_utf8, strlen(bad_utf8), &problem, &error);
  /* The message stays valid UTF-8 whatever the input held. */
  CHECK(error != NULL && strchr(tokten_error_message(error), '\xff') == NULL);
  CHECK_ERROR(status, error, TOKTEN_INVALID_INPUT, "", "problem", "invalid JSON");

  /* Structure: located by its JSON pointer. */
  const char* wrong_version = "{\"format\": \"tokten.problem\", \"format_version\": \"one\"}";
  status = tokten_problem_from_json(wrong_version, strlen(wrong_version), &problem, &error);
  CHECK_ERROR(status, error, TOKTEN_INVALID_INPUT, "/format_version", "problem", "expected a format version");
  status = tokten_problem_from_json(kEquityPolicy, strlen(kEquityPolicy), &problem, &error);
  CHECK_ERROR(status, error, TOKTEN_INVALID_INPUT, "/format", "problem", "\"tokten.problem\"");

  /* A bad policy. */
  tokten_policy* policy = NULL;
  const char* bad_policy = "{\"format\": \"tokten.policy\", \"format_version\": 1, \"equity_bonus\": -1}";
  status = tokten_policy_from_json(bad_policy, strlen(bad_policy), &policy, &error);
  CHECK(policy == NULL);
  CHECK_ERROR(status, error, TOKTEN_INVALID_INPUT, "/equity_bonus", "policy", "expected");
  /* Without an error out-parameter the status alone comes back. */
  CHECK(tokten_policy_from_json(bad_policy, strlen(bad_policy), &policy, NULL) == TOKTEN_INVALID_INPUT);
  CHECK(policy == NULL);
}

static void test_cross_references(void) {
  tokten_problem* problem = NULL;
  tokten_error* error = NULL;
  char* issues = NULL;
  size_t issues_length = 0;

  /* Valid: reads, and validation lists nothing. */
  const char* valid = tiny_round("inst-1", "isced:0912");
  REQUIRE_OK(tokten_problem_from_json(valid, strlen(valid), &problem, &error), error);
  tokten_problem_free(problem);
  REQUIRE_OK(tokten_validate_json(valid, strlen(valid), &issues, &issues_length, &error), error);
  CHECK_STR(issues, "[]");
  CHECK(issues_length == 2);
  tokten_string_free(issues);

  /* An unknown skill: reading stops at its reference. */
  const char* unknown_skill = tiny_round("inst-1", "isced:9999");
  tokten_status status = tokten_problem_from_json(unknown_skill, strlen(unknown_skill), &problem, &error);
  CHECK(problem == NULL);
  CHECK_ERROR(status, error, TOKTEN_INVALID_INPUT, "/needs/0/skills/0/skill", "problem", "isced:9999");
  /* The one-shot solve reports the same. */
  char* assignment = NULL;
  status = tokten_solve_json(unknown_skill, strlen(unknown_skill), NULL, 0, NULL, &assignment, NULL, &error);
  CHECK(assignment == NULL);
  CHECK_ERROR(status, error, TOKTEN_INVALID_INPUT, "/needs/0/skills/0/skill", "problem", "isced:9999");

  /* Validation lists every issue: the unknown institution and the unknown skill. */
  const char* two_issues = tiny_round("inst-nope", "isced:9999");
  REQUIRE_OK(tokten_validate_json(two_issues, strlen(two_issues), &issues, NULL, &error), error);
  CHECK(strncmp(issues, "[{\"pointer\":\"/needs/0/", 21) == 0);
  CHECK_CONTAINS(issues, "{\"pointer\":\"/needs/0/institution\",\"message\":\"");
  CHECK_CONTAINS(issues, "{\"pointer\":\"/needs/0/skills/0/skill\",\"message\":\"");
  tokten_string_free(issues);

  /* A structural error is not an issue: validation fails with it. */
  issues = (char*)"sentinel";
  status = tokten_validate_json("[1, 2]", TOKTEN_NUL_TERMINATED, &issues, &issues_length, &error);
  CHECK(issues == NULL && issues_length == 0);
  CHECK_ERROR(status, error, TOKTEN_INVALID_INPUT, "", "problem", "expected a JSON object");
}

static void test_null_arguments(void) {
  tokten_problem* problem = NULL;
  tokten_result* result = NULL;
  tokten_error* error = NULL;
  REQUIRE_OK(tokten_demo_problem(2, 20, 5, 5, &problem, &error), error);
  REQUIRE_OK(tokten_solve(problem, NULL, NULL, NULL, &result, &error), error);
  /* Out-parameters of the failing calls: each must read NULL afterwards. */
  tokten_problem* no_problem = NULL;
  tokten_policy* no_policy = NULL;
  tokten_result* no_result = (tokten_result*)&failures;
  char* text = NULL;
  size_t length = 0;

  CHECK_ERROR(tokten_problem_from_json(NULL, 3, &no_problem, &error), error, TOKTEN_INVALID_ARGUMENT, "", "",
              "json must not be NULL");
  CHECK_ERROR(tokten_problem_from_json("{}", 2, NULL, &error), error, TOKTEN_INVALID_ARGUMENT, "", "",
              "out must not be NULL");
  CHECK_ERROR(tokten_problem_to_json(NULL, &text, &length, &error), error, TOKTEN_INVALID_ARGUMENT, "", "",
              "problem must not be NULL");
  CHECK_ERROR(tokten_problem_to_json(problem, NULL, &length, &error), error, TOKTEN_INVALID_ARGUMENT, "", "",
              "out must not be NULL");
  CHECK_ERROR(tokten_problem_summary_json(NULL, &text, NULL, &error), error, TOKTEN_INVALID_ARGUMENT, "", "",
              "problem must not be NULL");
  CHECK_ERROR(tokten_demo_problem(1, 0, 0, 0, NULL, &error), error, TOKTEN_INVALID_ARGUMENT, "", "",
              "out must not be NULL");
  CHECK_ERROR(tokten_policy_from_json(NULL, 0, &no_policy, &error), error, TOKTEN_INVALID_ARGUMENT, "", "",
              "json must not be NULL");
  CHECK_ERROR(tokten_policy_to_json(NULL, &text, NULL, &error), error, TOKTEN_INVALID_ARGUMENT, "", "",
              "policy must not be NULL");
  CHECK_ERROR(tokten_cancel_token_new(NULL, &error), error, TOKTEN_INVALID_ARGUMENT, "", "", "out must not be NULL");
  CHECK_ERROR(tokten_solve(NULL, NULL, NULL, NULL, &no_result, &error), error, TOKTEN_INVALID_ARGUMENT, "", "",
              "problem must not be NULL");
  CHECK_ERROR(tokten_solve(problem, NULL, NULL, NULL, NULL, &error), error, TOKTEN_INVALID_ARGUMENT, "", "",
              "out must not be NULL");
  CHECK_ERROR(tokten_result_assignment_json(NULL, &text, NULL, &error), error, TOKTEN_INVALID_ARGUMENT, "", "",
              "result must not be NULL");
  CHECK_ERROR(tokten_result_summary_json(result, NULL, NULL, &error), error, TOKTEN_INVALID_ARGUMENT, "", "",
              "out must not be NULL");
  CHECK_ERROR(tokten_result_explain_need_json(result, NULL, &text, NULL, &error), error, TOKTEN_INVALID_ARGUMENT,
              "", "", "need_id must not be NULL");
  CHECK_ERROR(tokten_solve_json(NULL, 0, NULL, 0, NULL, &text, NULL, &error), error, TOKTEN_INVALID_ARGUMENT, "",
              "", "problem_json must not be NULL");
  CHECK_ERROR(tokten_validate_json("{}", 2, NULL, NULL, &error), error, TOKTEN_INVALID_ARGUMENT, "", "",
              "issues_json must not be NULL");
  CHECK(text == NULL && length == 0 && no_problem == NULL && no_policy == NULL && no_result == NULL);

  /* The error as JSON, exactly. */
  tokten_solve(NULL, NULL, NULL, NULL, &no_result, &error);
  CHECK_STR(tokten_error_to_json(error),
            "{\"status\":\"invalid_argument\",\"message\":\"problem must not be NULL\",\"pointer\":\"\",\"document\":\"\"}");
  tokten_error_free(error);
  /* No error wanted: the status alone. */
  CHECK(tokten_solve(NULL, NULL, NULL, NULL, &no_result, NULL) == TOKTEN_INVALID_ARGUMENT);

  /* Bad demo counts are the caller's. */
  CHECK_ERROR(tokten_demo_problem(1, -5, 0, 0, &no_problem, &error), error, TOKTEN_INVALID_ARGUMENT, "", "",
              "experts must be 0 (the default) or more, got -5");
  CHECK(no_problem == NULL);
  CHECK_ERROR(tokten_demo_problem(1, 2000000, 0, 0, &no_problem, &error), error, TOKTEN_INVALID_ARGUMENT, "", "",
              "experts must be from 0 to 1000000");

  /* Every free function takes NULL. */
  tokten_problem_free(NULL);
  tokten_policy_free(NULL);
  tokten_result_free(NULL);
  tokten_cancel_token_free(NULL);
  tokten_cancel_token_cancel(NULL);
  tokten_error_free(NULL);
  tokten_string_free(NULL);
  tokten_result_free(result);
  tokten_problem_free(problem);
}

static void test_bad_options(void) {
  tokten_problem* problem = NULL;
  tokten_result* result = NULL;
  tokten_error* error = NULL;
  REQUIRE_OK(tokten_demo_problem(2, 20, 5, 5, &problem, &error), error);
  size_t length = 0;
  char* text = demo_text(2, 20, 5, 5, &length);
  char* assignment = NULL;

  static const struct {
    const char* options;
    const char* pointer;
    const char* part;
  } cases[] = {
      {"{\"candidates_per_need\": 0}", "/candidates_per_need", "expected a number of candidates from 1 to 1000000, got 0"},
      {"{\"alternates\": -1}", "/alternates", "from 0 to 1000"},
      {"{\"fixes\": 1.5}", "/fixes", "from 0 to 1000"},
      {"{\"explain\": \"yes\"}", "/explain", "expected true or false"},
      {"{\"objective\": \"fastest\"}", "/objective", "max_seats_then_weight"},
      {"{\"objectiv\": \"max_weight\"}", "/objectiv", "unexpected field \"objectiv\""},
      {"[1]", "", "expected a JSON object of solve options"},
      {"{\"alternates\": ", "", "truncated or invalid JSON"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; ++i) {
    tokten_status status = tokten_solve(problem, NULL, cases[i].options, NULL, &result, &error);
    CHECK(result == NULL);
    CHECK_ERROR(status, error, TOKTEN_INVALID_ARGUMENT, cases[i].pointer, "options", cases[i].part);
    status = tokten_solve_json(text, length, NULL, 0, cases[i].options, &assignment, NULL, &error);
    CHECK(assignment == NULL);
    CHECK_ERROR(status, error, TOKTEN_INVALID_ARGUMENT, cases[i].pointer, "options", cases[i].part);
  }
  /* A bad policy through the one-shot call names the policy document. */
  const char* bad_policy = "{\"format\": \"tokten.policy\", \"format_version\": 1, \"skils_weight\": 1}";
  tokten_status status = tokten_solve_json(text, length, bad_policy, TOKTEN_NUL_TERMINATED, NULL, &assignment, NULL, &error);
  CHECK_ERROR(status, error, TOKTEN_INVALID_INPUT, "/skils_weight", "policy", "unexpected field");

  tokten_string_free(text);
  tokten_problem_free(problem);
}

static void test_cancel_before_solve(void) {
  tokten_problem* problem = NULL;
  tokten_cancel_token* token = NULL;
  tokten_result* result = NULL;
  tokten_error* error = NULL;
  REQUIRE_OK(tokten_demo_problem(4, 60, 10, 10, &problem, &error), error);
  REQUIRE_OK(tokten_cancel_token_new(&token, &error), error);

  /* A fresh token does not stop anything. */
  REQUIRE_OK(tokten_solve(problem, NULL, NULL, token, &result, &error), error);
  CHECK(result != NULL);
  tokten_result_free(result);

  tokten_cancel_token_cancel(token);
  result = (tokten_result*)&failures;
  tokten_status status = tokten_solve(problem, NULL, NULL, token, &result, &error);
  CHECK(result == NULL);
  CHECK_ERROR(status, error, TOKTEN_CANCELLED, "", "", "cancelled");
  /* It stays cancelled. */
  CHECK(tokten_solve(problem, NULL, NULL, token, &result, NULL) == TOKTEN_CANCELLED);

  tokten_cancel_token_free(token);
  tokten_problem_free(problem);
}

/* ---- concurrency ---------------------------------------------------------------------------- */

enum { kThreads = 8, kRounds = 6 };

struct shared_state {
  tokten_problem* problems[kRounds]; /* one handle per round, shared by several threads */
  char* texts[kRounds];
  size_t lengths[kRounds];
  tokten_policy* policy; /* shared too, for the odd rounds */
  char* expected[kRounds];
};

struct worker {
  const struct shared_state* shared;
  int index;
  int mismatches;
};

static const char* const kOddOptions = "{\"alternates\": 2, \"objective\": \"max_seats_then_weight\"}";

/* Round r solved the way worker `w` solves it: through the shared handle, a handle of its own,
 * or the one-shot call; NULL on failure. */
static char* solve_round(const struct shared_state* s, int w, int r) {
  const int odd = r % 2;
  const tokten_policy* policy = odd ? s->policy : NULL;
  const char* options = odd ? kOddOptions : NULL;
  char* text = NULL;
  tokten_result* result = NULL;
  tokten_problem* own = NULL;
  switch (w % 3) {
    case 0:
      if (tokten_solve(s->problems[r], policy, options, NULL, &result, NULL) == TOKTEN_OK)
        tokten_result_assignment_json(result, &text, NULL, NULL);
      break;
    case 1:
      if (tokten_problem_from_json(s->texts[r], s->lengths[r], &own, NULL) == TOKTEN_OK &&
          tokten_solve(own, policy, options, NULL, &result, NULL) == TOKTEN_OK)
        tokten_result_assignment_json(result, &text, NULL, NULL);
      break;
    default:
      tokten_solve_json(s->texts[r], s->lengths[r], odd ? kEquityPolicy : NULL, TOKTEN_NUL_TERMINATED, options,
                        &text, NULL, NULL);
      break;
  }
  tokten_result_free(result);
  tokten_problem_free(own);
  return text;
}

static void* work(void* argument) {
  struct worker* w = argument;
  for (int k = 0; k < kRounds; ++k) {
    const int r = (w->index + k) % kRounds; /* each thread its own order */
    char* text = solve_round(w->shared, w->index, r);
    if (text == NULL || strcmp(text, w->shared->expected[r]) != 0) ++w->mismatches;
    tokten_string_free(text);
  }
  return NULL;
}

static void test_concurrent_solves(void) {
  struct shared_state s;
  memset(&s, 0, sizeof s);
  tokten_error* error = NULL;
  REQUIRE_OK(tokten_policy_from_json(kEquityPolicy, TOKTEN_NUL_TERMINATED, &s.policy, &error), error);
  for (int r = 0; r < kRounds; ++r) {
    s.texts[r] = demo_text((uint64_t)(11 + r), 150, 30, 30, &s.lengths[r]);
    REQUIRE_OK(tokten_problem_from_json(s.texts[r], s.lengths[r], &s.problems[r], &error), error);
    s.expected[r] = solve_to_text(s.problems[r], r % 2 ? s.policy : NULL, r % 2 ? kOddOptions : NULL);
  }
  for (int r = 1; r < kRounds; ++r) CHECK(strcmp(s.expected[r], s.expected[r - 1]) != 0);

  pthread_t threads[kThreads];
  struct worker workers[kThreads];
  for (int t = 0; t < kThreads; ++t) {
    workers[t] = (struct worker){&s, t, 0};
    CHECK(pthread_create(&threads[t], NULL, work, &workers[t]) == 0);
  }
  for (int t = 0; t < kThreads; ++t) {
    CHECK(pthread_join(threads[t], NULL) == 0);
    if (workers[t].mismatches != 0) fprintf(stderr, "thread %d: %d results differ\n", t, workers[t].mismatches);
    CHECK(workers[t].mismatches == 0);
  }

  for (int r = 0; r < kRounds; ++r) {
    tokten_string_free(s.expected[r]);
    tokten_problem_free(s.problems[r]);
    tokten_string_free(s.texts[r]);
  }
  tokten_policy_free(s.policy);
}

struct canceller {
  tokten_problem* problem;
  tokten_cancel_token* token;
  atomic_int solved;   /* solves that returned OK */
  atomic_int done;     /* the solving thread has stopped */
  int other_statuses;  /* anything but OK before the CANCELLED that ends the loop */
  int cancelled;
};

static void* solve_until_cancelled(void* argument) {
  struct canceller* c = argument;
  for (int i = 0; i < 100000; ++i) {
    tokten_result* result = NULL;
    const tokten_status status = tokten_solve(c->problem, NULL, NULL, c->token, &result, NULL);
    if (status == TOKTEN_CANCELLED) {
      c->cancelled = result == NULL;
      break;
    }
    tokten_result_free(result);
    if (status == TOKTEN_OK) atomic_fetch_add(&c->solved, 1);
    else ++c->other_statuses;
  }
  atomic_store(&c->done, 1);
  return NULL;
}

/* A token cancelled from another thread stops a thread that keeps solving with it. */
static void test_cancel_from_another_thread(void) {
  struct canceller c;
  memset(&c, 0, sizeof c);
  atomic_init(&c.solved, 0);
  atomic_init(&c.done, 0);
  tokten_error* error = NULL;
  REQUIRE_OK(tokten_demo_problem(6, 100, 20, 20, &c.problem, &error), error);
  REQUIRE_OK(tokten_cancel_token_new(&c.token, &error), error);
  pthread_t thread;
  CHECK(pthread_create(&thread, NULL, solve_until_cancelled, &c) == 0);
  const struct timespec pause = {0, 1000000};
  while (atomic_load(&c.solved) < 2 && !atomic_load(&c.done)) nanosleep(&pause, NULL);
  tokten_cancel_token_cancel(c.token);
  CHECK(pthread_join(thread, NULL) == 0);
  CHECK(c.cancelled == 1);
  CHECK(c.other_statuses == 0);
  tokten_cancel_token_free(c.token);
  tokten_problem_free(c.problem);
}

/* A ledger of two experts' missions, for the report. */
static const char* const kTinyLedger =
    "{\"format\": \"tokten.ledger\", \"format_version\": 1, \"name\": \"two missions\","
    " \"experts\": [{\"id\": \"exp-1\"}, {\"id\": \"exp-2\"}],"
    " \"institutions\": [{\"id\": \"inst-1\", \"name\": \"CHU\", \"kind\": \"hospital\", \"region\": \"Mopti\"}],"
    " \"missions\": [{\"id\": \"m-1\", \"expert\": \"exp-1\", \"institution\": \"inst-1\", \"sector\": \"health\","
    " \"dates\": {\"start\": \"2024-01-08\", \"end\": \"2024-01-19\"}, \"beneficiaries\": 4321},"
    " {\"id\": \"m-2\", \"expert\": \"exp-2\", \"institution\": \"inst-1\", \"sector\": \"health\","
    " \"dates\": {\"start\": \"2024-03-04\", \"end\": \"2024-03-15\"}, \"beneficiaries\": 17}]}";

static void test_report(void) {
  tokten_problem* problem = NULL;
  tokten_error* error = NULL;
  char *first = NULL, *second = NULL, *page = NULL, *small = NULL;
  REQUIRE_OK(tokten_demo_problem(3, 40, 8, 10, &problem, &error), error);
  const char* options = "{\"k\": 1, \"trials\": 5, \"bonuses\": [0, 0.5], \"title\": \"C report\"}";
  REQUIRE_OK(tokten_report_json(kTinyLedger, TOKTEN_NUL_TERMINATED, problem, NULL, options, &first, NULL, &error), error);
  CHECK_CONTAINS(first, "\"format\": \"tokten.report\"");
  CHECK_CONTAINS(first, "\"title\": \"C report\"");
  CHECK_CONTAINS(first, "\"status\": \"published\"");
  CHECK_CONTAINS(first, "\"beneficiaries\": 4338");
  CHECK_CONTAINS(first, "\"round\": {");
  /* Deterministic: the same call gives the same bytes. */
  REQUIRE_OK(tokten_report_json(kTinyLedger, TOKTEN_NUL_TERMINATED, problem, NULL, options, &second, NULL, &error), error);
  CHECK(strcmp(first, second) == 0);
  /* The page; and with the default k = 5 two experts publish nothing, not even 4321. */
  REQUIRE_OK(tokten_report_json(kTinyLedger, TOKTEN_NUL_TERMINATED, NULL, NULL, "{\"output\": \"html\"}", &page, NULL,
                                &error), error);
  CHECK(strncmp(page, "<!DOCTYPE html>", 15) == 0);
  REQUIRE_OK(tokten_report_json(kTinyLedger, TOKTEN_NUL_TERMINATED, NULL, NULL, NULL, &small, NULL, &error), error);
  CHECK_CONTAINS(small, "\"status\": \"too_few_experts\"");
  CHECK_CONTAINS(small, "\"round\": null");
  CHECK(strstr(small, "4321") == NULL && strstr(page, "4321") == NULL);

  char* out = NULL;
  CHECK_ERROR(tokten_report_json(NULL, 0, problem, NULL, "{\"output\": \"pdf\"}", &out, NULL, &error), error,
              TOKTEN_INVALID_ARGUMENT, "/output", "options", "\"json\" or \"html\"");
  CHECK_ERROR(tokten_report_json(NULL, 0, problem, NULL, "{\"k\": 0}", &out, NULL, &error), error,
              TOKTEN_INVALID_ARGUMENT, "/k", "options", "from 1");
  CHECK_ERROR(tokten_report_json(NULL, 0, problem, NULL, "{\"bonuses\": [0, \"x\"]}", &out, NULL, &error), error,
              TOKTEN_INVALID_ARGUMENT, "/bonuses/1", "options", "equity bonus");
  CHECK_ERROR(tokten_report_json("{\"format\": \"tokten.ledger\", \"format_version\": 1, \"experts\": 3}",
                                 TOKTEN_NUL_TERMINATED, NULL, NULL, NULL, &out, NULL, &error),
              error, TOKTEN_INVALID_INPUT, "/experts", "ledger", "expected");
  CHECK_ERROR(tokten_report_json(NULL, 0, NULL, NULL, NULL, NULL, NULL, &error), error, TOKTEN_INVALID_ARGUMENT, "", "",
              "report must not be NULL");
  CHECK(out == NULL);

  tokten_string_free(first);
  tokten_string_free(second);
  tokten_string_free(page);
  tokten_string_free(small);
  tokten_problem_free(problem);
}

/* ---- main ----------------------------------------------------------------------------------- */

static const struct {
  const char* name;
  void (*run)(void);
} kTests[] = {
    {"version", test_version},
    {"problem_round_trip", test_problem_round_trip},
    {"solve", test_solve},
    {"explain", test_explain},
    {"malformed_input", test_malformed_input},
    {"cross_references", test_cross_references},
    {"null_arguments", test_null_arguments},
    {"bad_options", test_bad_options},
    {"cancel_before_solve", test_cancel_before_solve},
    {"concurrent_solves", test_concurrent_solves},
    {"cancel_from_another_thread", test_cancel_from_another_thread},
    {"report", test_report},
};

int main(int argc, char** argv) {
  const size_t count = sizeof kTests / sizeof kTests[0];
  if (argc > 1 && strcmp(argv[1], "--list") == 0) {
    for (size_t i = 0; i < count; ++i) printf("%s\n", kTests[i].name);
    return 0;
  }
  int ran = 0;
  for (size_t i = 0; i < count; ++i) {
    if (argc > 1 && strcmp(argv[1], kTests[i].name) != 0) continue;
    const int before = failures;
    kTests[i].run();
    printf("%s: %s\n", kTests[i].name, failures == before ? "ok" : "FAILED");
    ++ran;
  }
  if (ran == 0) {
    fprintf(stderr, "no test named %s\n", argv[1]);
    return 2;
  }
  return failures == 0 ? 0 : 1;
}
