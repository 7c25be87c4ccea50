/*
 * tokten_c.h: the C ABI of tokten, a stable contract for software that cannot use C++ or
 * Python (ministry systems in Java, C#, PHP, Go, ... through JNI/JNA, P/Invoke, FFI or cgo).
 *
 * WHAT IT IS
 *   A small, pure C interface over the library, built as the shared library tokten_c
 *   (libtokten_c.so, tokten_c.dll). Documents go in and out as JSON text in the project's
 *   contract (python/tokten/schemas/): a tokten.problem and an optional tokten.policy in, a
 *   tokten.assignment out, byte for byte what `tokten solve -o FILE` writes. Everything else
 *   (summaries, explanations, validation issues, errors) is also JSON. Objects live behind
 *   opaque handles: tokten_problem, tokten_policy, tokten_result, tokten_cancel_token,
 *   tokten_error. No C++ exception ever crosses this boundary.
 *
 * INPUT TEXT
 *   Every (const char* json, size_t length) pair takes `length` bytes of UTF-8, which need not
 *   be NUL-terminated; pass TOKTEN_NUL_TERMINATED as the length for a NUL-terminated string.
 *   Malformed JSON, invalid UTF-8 and NUL bytes inside the given length are TOKTEN_INVALID_INPUT.
 *   The options of tokten_solve are a NUL-terminated JSON object (NULL or "" for the defaults):
 *     {"objective": "max_weight" | "max_seats_then_weight", "candidates_per_need": 50,
 *      "alternates": 3, "explain": true, "fixes": 3}
 *   (all fields optional; an unknown field or a value out of range is TOKTEN_INVALID_ARGUMENT
 *   with the JSON pointer of the option, e.g. "/candidates_per_need").
 *
 * OWNERSHIP
 *   - Handles returned through an `out` parameter belong to the caller and are released with
 *     their own free function: tokten_problem_free, tokten_policy_free, tokten_result_free,
 *     tokten_cancel_token_free, tokten_error_free. Every free function accepts NULL.
 *   - Text returned through a `char** out` parameter is allocated by tokten, NUL-terminated,
 *     its length (without the NUL) given through `size_t* length` when that is not NULL; the
 *     caller releases it with tokten_string_free() and nothing else (not free(): the library
 *     may use another C runtime than the caller, as on Windows).
 *   - Strings returned as `const char*` belong to tokten: tokten_version and tokten_status_name
 *     return static strings (never freed); the tokten_error_* accessors return strings owned by
 *     the error, valid until tokten_error_free.
 *   - A result keeps its own reference to the problem and policy it was solved from: those
 *     handles may be freed before the result.
 *   - Inputs are only read, never kept: a function does not hold on to a `const char*` argument
 *     after it returns.
 *
 * ERRORS
 *   Every fallible function returns a tokten_status (TOKTEN_OK = 0) and takes a last parameter
 *   `tokten_error** error`. Pass NULL if the status is enough; otherwise *error is set to NULL
 *   on success and to a new error on failure (free it with tokten_error_free). On failure each
 *   `out` parameter is set to NULL (and a length to 0). An error carries its status, a message
 *   in English (UTF-8), the JSON pointer of the offending value ("" for the whole document or
 *   when no value is at fault) and which document it points into ("problem", "policy",
 *   "ledger", "options", or "" for other arguments). There is no thread-local "last error":
 *   goroutines and green threads move between OS threads, so the error travels with the call.
 *
 * THREAD SAFETY
 *   Problem and policy handles are immutable after creation: any number of threads may use one
 *   at the same time (for example solving the same problem concurrently). An error or a result
 *   handle belongs to one thread at a time (pass it between threads freely, but do not use it
 *   from two at once). A cancel token may be cancelled from any thread while solves that were
 *   given it run on others. Free a handle only once no call is using it. No function keeps
 *   global mutable state.
 *
 * CANCELLATION
 *   A solve polls its cancel token at each of its stages (checking, candidates, matching,
 *   results) and every 256 needs while writing the result; a cancelled solve returns
 *   TOKTEN_CANCELLED and no result. The matching stage itself runs to its end once started.
 *
 * EXAMPLE (C99; tests/c/CMakeLists.txt builds and runs this very text)
 *
 *   #include <stdio.h>
 *   #include <tokten/tokten_c.h>
 *
 *   int main(void) {
 *     tokten_problem* problem = NULL;
 *     tokten_result* result = NULL;
 *     tokten_error* error = NULL;
 *     char* json = NULL;
 *     size_t length = 0;
 *     tokten_status status = tokten_demo_problem(1, 0, 0, 0, &problem, &error);
 *     if (status == TOKTEN_OK)
 *       status = tokten_solve(problem, NULL, "{\"alternates\": 2}", NULL, &result, &error);
 *     if (status == TOKTEN_OK) status = tokten_result_assignment_json(result, &json, &length, &error);
 *     if (status == TOKTEN_OK)
 *       fwrite(json, 1, length, stdout);
 *     else
 *       fprintf(stderr, "%s at '%s': %s\n", tokten_status_name(status), tokten_error_pointer(error),
 *               tokten_error_message(error));
 *     tokten_string_free(json);
 *     tokten_result_free(result);
 *     tokten_problem_free(problem);
 *     tokten_error_free(error);
 *     return status == TOKTEN_OK ? 0 : 1;
 *   }
 */
#ifndef TOKTEN_TOKTEN_C_H
#define TOKTEN_TOKTEN_C_H

#include <stddef.h>
#include <stdint.h>

/* Exported from the library, imported by its users (TOKTEN_C_BUILDING: set when building it). */
#if defined(_WIN32) || defined(__CYGWIN__)
#if defined(TOKTEN_C_BUILDING)
#define TOKTEN_C_API __declspec(dllexport)
#else
#define TOKTEN_C_API __declspec(dllimport)
#endif
#elif defined(__GNUC__) || defined(__clang__)
#define TOKTEN_C_API __attribute__((visibility("default")))
#else
#define TOKTEN_C_API
#endif

/* Changes on any incompatible change of this interface; also the shared library's SOVERSION. */
#define TOKTEN_C_ABI_VERSION 1

/* As an input length: the text is NUL-terminated, measure it. */
#define TOKTEN_NUL_TERMINATED ((size_t)-1)

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Version ---------------------------------------------------------------------------- */

/* The library's version, "MAJOR.MINOR.PATCH": a static string, never freed. */
TOKTEN_C_API const char* tokten_version(void);

/* TOKTEN_C_ABI_VERSION of the loaded library: compare it with the header's to detect a
 * mismatch between the header compiled against and the library found at run time. */
TOKTEN_C_API int tokten_abi_version(void);

/* ---- Status and errors ------------------------------------------------------------------ */

typedef enum tokten_status {
  TOKTEN_OK = 0,
  TOKTEN_INVALID_INPUT = 1,    /* a document is malformed or inconsistent: message + pointer */
  TOKTEN_INVALID_ARGUMENT = 2, /* a NULL pointer, a bad option or an unknown id from the caller */
  TOKTEN_CANCELLED = 3,        /* the cancel token was set: nothing was returned */
  TOKTEN_OUT_OF_MEMORY = 4,
  TOKTEN_INTERNAL_ERROR = 5,   /* a bug in tokten: please report it with the message */
  TOKTEN_STATUS_MAX_ = 0x7FFFFFFF /* keeps the type 32 bits wide; never returned */
} tokten_status;

/* "ok", "invalid_input", "invalid_argument", "cancelled", "out_of_memory", "internal_error",
 * or "unknown" for any other value: a static string, never freed. */
TOKTEN_C_API const char* tokten_status_name(tokten_status status);

typedef struct tokten_error tokten_error;

/* The status of the failed call (TOKTEN_OK for a NULL error). */
TOKTEN_C_API tokten_status tokten_error_status(const tokten_error* error);
/* What went wrong, in English, UTF-8; "" for a NULL error. Owned by the error. */
TOKTEN_C_API const char* tokten_error_message(const tokten_error* error);
/* The JSON pointer (RFC 6901) of the offending value, such as "/needs/3/skills/0/skill";
 * "" for the whole document or when no value is at fault. Owned by the error. */
TOKTEN_C_API const char* tokten_error_pointer(const tokten_error* error);
/* The document the pointer points into: "problem", "policy", "ledger", "options", or "" (an
 * argument that is not a document, such as a NULL handle or an unknown need id). Owned by the
 * error. */
TOKTEN_C_API const char* tokten_error_document(const tokten_error* error);
/* The error as one JSON object, owned by the error (do not free it):
 *   {"status": "invalid_input", "message": "...", "pointer": "/experts/2", "document": "problem"}
 * "null" for a NULL error. */
TOKTEN_C_API const char* tokten_error_to_json(const tokten_error* error);
TOKTEN_C_API void tokten_error_free(tokten_error* error);

/* Releases text returned through a `char** out` parameter. NULL is fine. */
TOKTEN_C_API void tokten_string_free(char* text);

/* ---- Problems (planning rounds) --------------------------------------------------------- */

typedef struct tokten_problem tokten_problem;

/* Reads a tokten.problem document and checks it: its structure (types, ranges, unknown fields)
 * and then its cross-references (unknown skill or institution ids, duplicate ids, ...). The
 * first issue is TOKTEN_INVALID_INPUT with its JSON pointer; tokten_validate_json lists all. */
TOKTEN_C_API tokten_status tokten_problem_from_json(const char* json, size_t length, tokten_problem** out,
                                                    tokten_error** error);

/* The problem as a tokten.problem document: two-space indentation and a final newline, as
 * `tokten demo -o FILE` writes it. Free with tokten_string_free. */
TOKTEN_C_API tokten_status tokten_problem_to_json(const tokten_problem* problem, char** out, size_t* length,
                                                  tokten_error** error);

/* Counts as one JSON object: {"name", "skills", "experts", "institutions", "needs", "seats",
 * "expert_capacity", "needs_by_sector": {...}, "needs_by_region": {...}}. */
TOKTEN_C_API tokten_status tokten_problem_summary_json(const tokten_problem* problem, char** out, size_t* length,
                                                       tokten_error** error);

/* The seeded demo round of `tokten demo` (the same seed gives the same round everywhere).
 * A count of 0 takes its default (650 experts, 140 institutions, 100 needs); counts from 1 to
 * 1,000,000; a negative count or a round that cannot be made is TOKTEN_INVALID_ARGUMENT. */
TOKTEN_C_API tokten_status tokten_demo_problem(uint64_t seed, int32_t experts, int32_t institutions, int32_t needs,
                                               tokten_problem** out, tokten_error** error);

TOKTEN_C_API void tokten_problem_free(tokten_problem* problem);

/* ---- Scoring policies ------------------------------------------------------------------- */

typedef struct tokten_policy tokten_policy;

/* Reads and checks a tokten.policy document (every field but the header optional). */
TOKTEN_C_API tokten_status tokten_policy_from_json(const char* json, size_t length, tokten_policy** out,
                                                   tokten_error** error);
/* The policy with every field, two-space indentation and a final newline. */
TOKTEN_C_API tokten_status tokten_policy_to_json(const tokten_policy* policy, char** out, size_t* length,
                                                 tokten_error** error);
TOKTEN_C_API void tokten_policy_free(tokten_policy* policy);

/* ---- Cancellation ----------------------------------------------------------------------- */

typedef struct tokten_cancel_token tokten_cancel_token;

/* A new token, not cancelled. One token may be given to any number of solves. */
TOKTEN_C_API tokten_status tokten_cancel_token_new(tokten_cancel_token** out, tokten_error** error);
/* Cancels every solve given this token, now and later; callable from any thread. NULL is a
 * no-op. */
TOKTEN_C_API void tokten_cancel_token_cancel(tokten_cancel_token* token);
/* Free it only once no solve uses it any more. */
TOKTEN_C_API void tokten_cancel_token_free(tokten_cancel_token* token);

/* ---- Solving ---------------------------------------------------------------------------- */

typedef struct tokten_result tokten_result;

/* Solves a planning round end to end (scores, candidates, the capacitated assignment,
 * explanations, unfilled seats with reasons and fixes, alternates). `policy` NULL uses the
 * default policy; `options` as under INPUT TEXT above; `cancel` may be NULL. Deterministic:
 * the same problem, policy and options give the same result. */
TOKTEN_C_API tokten_status tokten_solve(const tokten_problem* problem, const tokten_policy* policy,
                                        const char* options, tokten_cancel_token* cancel, tokten_result** out,
                                        tokten_error** error);

/* The tokten.assignment document, byte for byte what `tokten solve -o FILE` writes for the same
 * problem, policy and options (two-space indentation, final newline). */
TOKTEN_C_API tokten_status tokten_result_assignment_json(const tokten_result* result, char** out, size_t* length,
                                                         tokten_error** error);

/* The result in figures, one JSON object: {"problem", "objective", "status", "total_score",
 * "bound", "gap", "seats", "seats_filled", "needs", "needs_filled", "unfilled_seats",
 * "unfilled_by_reason": {"experts_taken": 3, ...}, "candidate_pairs"}. No timings: the same
 * solve gives the same text. */
TOKTEN_C_API tokten_status tokten_result_summary_json(const tokten_result* result, char** out, size_t* length,
                                                      tokten_error** error);

/* Everything about one need of the result, as one JSON object:
 *   {"need", "institution", "seats", "filled",
 *    "assigned":   [explanation, ...]   the assigned experts, best first,
 *    "alternates": [explanation, ...]   the next best candidates not assigned to it,
 *    "unfilled":   null or {"seats", "reason", "detail", "fixes": [...]}}
 * where an explanation is the pair's score term by term: {"expert", "need", "feasible",
 * "score", "terms": [{"name", "value", "detail", "weight"}], "skills": [...], "languages":
 * [...], "available", ...} (Python's tokten.explain(...).to_dict()). An unknown need id is
 * TOKTEN_INVALID_ARGUMENT. */
TOKTEN_C_API tokten_status tokten_result_explain_need_json(const tokten_result* result, const char* need_id,
                                                           char** out, size_t* length, tokten_error** error);

TOKTEN_C_API void tokten_result_free(tokten_result* result);

/* ---- One-shot calls --------------------------------------------------------------------- */

/* Problem text (+ policy text, NULL for the default policy; its length is then ignored) +
 * options -> the tokten.assignment document: tokten_problem_from_json, tokten_policy_from_json,
 * tokten_solve and tokten_result_assignment_json in one call, with the same errors. */
TOKTEN_C_API tokten_status tokten_solve_json(const char* problem_json, size_t problem_length,
                                             const char* policy_json, size_t policy_length, const char* options,
                                             char** assignment_json, size_t* length, tokten_error** error);

/* Every cross-reference issue of a tokten.problem document (up to 100), as a JSON array of
 * {"pointer": "/needs/0/skills/1/skill", "message": "..."} objects; "[]" when the document is
 * valid. A structural error (malformed JSON, a wrong type, a missing field) stops the reading:
 * it is TOKTEN_INVALID_INPUT, not an issue in the list. */
TOKTEN_C_API tokten_status tokten_validate_json(const char* json, size_t length, char** issues_json,
                                                size_t* issues_length, tokten_error** error);

/* ---- The programme report ---------------------------------------------------------------- */

/* The programme report (`tokten report`), safe to publish: numbers behind fewer than k distinct
 * experts are withheld, with complementary withholding, and every table is audited.
 * `ledger_json`: a tokten.ledger document, or NULL to leave the ledger's sections out (its
 * length is then ignored). `problem`: a planning round for the policy comparison, price of
 * equity and robustness sections, or NULL to leave them out. `policy`: NULL for the default.
 * `options`: NULL, "" or a JSON object, every field optional:
 *   {"output": "json" | "html", "title": "...", "capital": "Bamako", "k": 5,
 *    "population": {"Kayes": 2440000, ...}, "bonuses": [0, 0.1, 0.2, 0.3, 0.5, 1],
 *    "withdrawal_probability": 0.1, "trials": 100, "seed": 1, "candidates_per_need": 50}
 * "json" (the default) gives the tokten.report document (withheld numbers are null; schema
 * report.schema.json); "html" the self-contained page. Deterministic. A bad option is
 * TOKTEN_INVALID_ARGUMENT with its pointer into "options"; a bad ledger TOKTEN_INVALID_INPUT
 * with its pointer into "ledger". */
TOKTEN_C_API tokten_status tokten_report_json(const char* ledger_json, size_t ledger_length,
                                              const tokten_problem* problem, const tokten_policy* policy,
                                              const char* options, char** report, size_t* length,
                                              tokten_error** error);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* TOKTEN_TOKTEN_C_H */
