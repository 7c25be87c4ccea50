// The help texts of the tokten CLI (help.hpp): one entry per command, from which both the
// overview and the command's own help are made, and the exit codes written once.
#include "help.hpp"

#include <algorithm>

#include <string_view>

namespace tokten::cli {
namespace {

struct CommandText {
  std::string_view name;
  // Continuation lines are indented as if the first line started at column 0.
  std::string_view synopsis;
  std::string_view summary;  // for the overview, a few lines
  std::string_view description;
  std::string_view options;
  std::string_view example;
};

constexpr std::string_view kCommonOptions =
    "  --json-errors            every error as one line of JSON on stderr (see tokten --help)\n"
    "  -h, --help               this text (whatever else the command line holds)\n";

constexpr std::string_view kExitCodes = R"T(Exit codes:
  0    success
  1    invalid input: a document malformed or inconsistent, an unknown need or expert id
  2    usage error: a bad command line
  3    a file cannot be read or written: missing, a directory, no permission, disk full
  4    internal error: anything unexpected (a bug, out of memory)
  130  interrupted by SIGINT (Ctrl-C): temporary files are removed and the process dies of the
       signal, which a shell reports as 130 (128 + 2; SIGTERM 143, SIGHUP 129) and a
       subprocess API as death by signal 2; earlier outputs are left intact
)T";

constexpr CommandText kCommands[] = {
    {"validate", "tokten validate FILE [--problem PROBLEM]",
     "check any document of the contract: problem, policy, assignment,\n"
     "ledger or report data (FILE may be - for stdin); an assignment is\n"
     "also checked against PROBLEM when given",
     R"T(Check a tokten document without changing it: a problem, policy, assignment, ledger or
report data, told apart by its "format". Structural errors (types, ranges, unknown fields, a
newer format_version) stop at the first. A problem's cross-reference issues (unknown ids,
duplicates, a taxonomy cycle) are all reported, one line each, up to 100. An assignment is
checked on its own, and against PROBLEM when given (known experts and needs, seats,
max_missions). On success one line goes to stdout:
"FILE: valid problem (3 experts, 2 institutions, 2 needs, 3 seats)".
)T",
     R"T(  FILE                     a tokten document (problem, policy, assignment, ledger or
                           report); - for stdin
  --problem PROBLEM        check the assignment FILE against this problem; - for stdin
                           (default: FILE is checked on its own; FILE and PROBLEM cannot
                           both be -)
)T",
     "  tokten validate round.json\n"
     "  tokten validate assignment.json --problem round.json\n"
     "  cat round.json | tokten validate -\n"},

    {"demo", "tokten demo [--seed N] [--experts N] [--institutions N] [--needs N] [-o FILE]",
     "make the built-in demo planning round and print its summary;\n"
     "-o writes the problem document to FILE (atomically; - for stdout)",
     R"T(Make the seeded demo planning round (deterministic: the same options give the same bytes)
and print its summary. With -o the problem document is written to FILE atomically; with -o -
it goes to stdout and the summary to stderr.
)T",
     R"T(  --seed N                 the random seed (default 1)
  --experts N              experts, 0 to 1000000 (default 650)
  --institutions N         host institutions, 1 to 1000000 (default 140)
  --needs N                needs, 0 to 1000000 (default 100)
  -o, --output FILE        write the problem document to FILE; - for stdout (default: none)
)T",
     "  tokten demo --seed 3 -o round.json\n"},

    {"solve",
     "tokten solve PROBLEM [--policy POLICY] [--objective max_weight|max_seats_then_weight]\n"
     "             [-k N] [--alternates N] [--no-explain] -o FILE",
     "solve the round end to end: score, keep each need's N best\n"
     "candidates (default 50), assign, explain; -o writes the assignment\n"
     "document (atomically; - for stdout) and a summary is printed",
     R"T(Solve a planning round end to end: score every expert-need pair under the policy, keep each
need's k best feasible candidates, assign (no expert on two needs whose windows overlap), and
explain: each pair's score term by term, each unfilled need's reason and smallest fixes, each
need's alternates. The assignment document goes to FILE (atomically) and a one-paragraph
summary to stdout; with -o - the document goes to stdout and the summary to stderr.
)T",
     R"T(  PROBLEM                  the planning round (tokten.problem); - for stdin
  --policy POLICY          the scoring policy (tokten.policy); - for stdin (default: the
                           built-in policy)
  --objective OBJECTIVE    max_weight (the best total score, the default) or
                           max_seats_then_weight (the most seats, then the best total)
  -k, --candidates N       the best feasible candidates kept per need, 1 to 1000000 (default 50)
  --alternates N           next-best candidates listed per need, 0 to 1000 (default 3)
  --no-explain             leave out each pair's score terms
  -o, --output FILE        the assignment document (required); - for stdout
)T",
     "  tokten solve round.json --policy policy.json -o assignment.json\n"},

    {"explain",
     "tokten explain NEED_ID --problem PROBLEM [--assignment ASSIGNMENT] [--policy POLICY]\n"
     "               [--expert EXPERT_ID] [--json] [-o FILE]",
     "explain one need: who holds its seats and why (each score term\n"
     "by term), its ranked alternates, or why seats stay unfilled and the\n"
     "smallest fixes; --expert explains one expert-need pair, assigned or not",
     R"T(Explain one need of the round: the experts holding its seats, each score term by term; its
ranked alternates; and, when seats stay unfilled, the reason and the smallest single changes
to the need that would fill one. With --assignment the recorded assignment is explained
(checked against PROBLEM first); an unfilled need it records no reason for is analysed from
its recorded pairs. Without it the round is solved first, as tokten solve does with the same
options. With --expert one expert-need pair is explained term by term, assigned or not,
including the hard constraint that makes it ineligible.

Text for a person by default; --json writes one JSON object with these fields:
  need, institution, region, sector    the need and where it is
  seats, filled                        seats requested, seats held
  source                               "solve" or "assignment" (explained as recorded)
  status, objective                    the assignment's
  assigned        [{expert, score, explanation}], best first; score as assigned (recorded)
  unfilled        null, or {seats, reason, detail, fixes: [text], recomputed}; recomputed is
                  true when explain worked it out from a recorded assignment's pairs
  alternates      [{rank, expert, score}], best first
  pair            null, or for --expert: {expert, assigned, alternate_rank (or null),
                  explanation}
  explanation     {expert, need, feasible, reason, message, score, score_if_feasible, fit,
                  priority_multiplier, equity_multiplier, terms: [{name, value, detail,
                  weight}], skills: [...], languages: [...], available, longest_shared_days,
                  duration_days, region, in_capital}: Python's tokten.explain(...).to_dict()
An unknown NEED_ID or EXPERT_ID is invalid input (exit 1) and names the closest ids. At most
one of PROBLEM, ASSIGNMENT and POLICY may be - (standard input).
)T",
     R"T(  NEED_ID                  the id of a need of PROBLEM
  --problem PROBLEM        the planning round (tokten.problem; required); - for stdin
  --assignment ASSIGNMENT  explain this recorded assignment instead of solving; - for stdin
  --policy POLICY          the scoring policy (tokten.policy); - for stdin (default: the
                           built-in policy)
  --expert EXPERT_ID       explain this expert for the need, assigned or not
  --json                   write JSON (fields above) instead of text
  -o, --output FILE        write the explanation to FILE atomically; - for stdout (default)
  --objective OBJECTIVE    when solving: max_weight (default) or max_seats_then_weight
  -k, --candidates N       when solving: candidates kept per need (default 50)
  --alternates N           when solving: alternates listed per need (default 3)
)T",
     "  tokten explain need-5002 --problem round.json\n"
     "  tokten explain need-5002 --problem round.json --assignment assignment.json --json\n"
     "  tokten explain need-5002 --problem round.json --expert exp-10055\n"},

    {"report",
     "tokten report [--ledger LEDGER | --no-ledger] [--problem PROBLEM | --no-round]\n"
     "              [--policy POLICY] [--population FILE] [--k N] [--trials N] [--seed N]\n"
     "              [--title TEXT] [--format html|json] -o FILE",
     "the programme report: one self-contained HTML page (or, with\n"
     "--format json, its numbers as a tokten.report document) with the\n"
     "ledger's indicators, equity and safe tables (numbers behind fewer\n"
     "than N distinct experts withheld, default 5), and the round's\n"
     "policy comparison, price of equity and robustness; the built-in\n"
     "synthetic history and demo round stand in for what is not given",
     R"T(Write the programme report, one self-contained HTML page: the mission ledger's indicators,
equity and safe tables (numbers behind fewer than k distinct experts withheld), and the
planning round's policy comparison, price of equity and withdrawal robustness. The built-in
synthetic history and demo round stand in for whichever is not given. The page goes to FILE
(atomically) and one line to stdout; with -o - the page goes to stdout and the line to stderr.
With --format json the same numbers go out as data instead: the tokten.report document
(schema report.schema.json), where a withheld number is null.
At most one of LEDGER, PROBLEM, POLICY and the population FILE may be - (standard input).
)T",
     R"T(  --ledger LEDGER          the mission ledger (tokten.ledger); - for stdin (default: the
                           built-in synthetic history)
  --no-ledger              no ledger section
  --problem PROBLEM        the planning round (tokten.problem); - for stdin (default: the
                           built-in demo round)
  --no-round               no round section
  --policy POLICY          the round's scoring policy (tokten.policy); - for stdin
  --population FILE        inhabitants per region, {"Bamako": 2810000, ...}, for rates per
                           inhabitant; - for stdin
  --k N                    withhold numbers behind fewer than N distinct experts (default 5)
  --trials N               withdrawal trials, 1 to 100000 (default 100)
  --seed N                 the trials' random seed (default 1)
  --title TEXT             the page title (default "TOKTEN programme report")
  --format html|json       the page, or its numbers as a tokten.report document (default:
                           json when FILE ends in .json, html otherwise)
  -o, --output FILE        the HTML page or the JSON document (required); - for stdout
)T",
     "  tokten report --ledger ledger.json --problem round.json -o report.html\n"
     "  tokten report --ledger ledger.json --no-round --format json -o -\n"},
};

const CommandText* find(std::string_view name) {
  for (const CommandText& c : kCommands)
    if (c.name == name) return &c;
  return nullptr;
}

// Every line of `text` after `first` on the first line and `rest` on the others.
std::string indented(std::string_view text, std::string_view first, std::string_view rest) {
  std::string out;
  bool start = true;
  for (const char ch : text) {
    if (start) out += out.empty() ? first : rest;
    start = ch == '\n';
    out += ch;
  }
  if (!out.empty() && out.back() != '\n') out += '\n';
  return out;
}

}  // namespace

std::string overview_help() {
  std::string text = R"T(tokten - expert-mission matching for the TOKTEN programme

Usage: tokten [--json-errors] COMMAND [ARGUMENTS]     (tokten COMMAND --help: one command)

)T";
  const std::string column(26, ' ');
  for (const CommandText& c : kCommands) {
    text += indented(c.synopsis, "  ", "  ");
    text += indented(c.summary, column, column);
  }
  text += R"T(  tokten help [COMMAND]   this text, or COMMAND's options with their defaults, an example
                          and the exit codes (also tokten COMMAND --help, or -h)
  tokten --version        the version

Files: an input FILE may be - for standard input (at most one per command); -o - writes to
standard output, and the messages for people then go to stderr. Inputs are never modified
(an -o naming an input is refused); outputs are written atomically, so a failed or
interrupted run leaves the earlier file intact.

Errors go to stderr, one line per issue: FILE:/json/pointer: message. With --json-errors
(before or after the command) every error is instead ONE line of JSON:
  {"error": {"exit_code": 1, "kind": "invalid_input", "message": "...", "file": "round.json",
             "pointer": "/experts/3/skills/0/level",
             "issues": [{"pointer": "/experts/3/skills/0/level", "message": "..."}, ...]}}
  exit_code  the process's exit code (below)
  kind       usage (2), invalid_input (1), file (3), internal (4) or interrupted (130)
  message    what went wrong; for invalid_input in a file, the first issue's message
  file       the file concerned ("<stdin>" or "<stdout>" for -), or null
  pointer    the JSON pointer of the first issue in that file ("" = the whole document), or null
  issues     every issue found there (all of a document's cross-reference issues); [] when
             the error has no location in a document

)T";
  text += kExitCodes;
  return text;
}

std::optional<std::string> command_help(const std::string& command) {
  const CommandText* c = find(command);
  if (!c) return std::nullopt;
  std::string text = indented(c->synopsis, "Usage: ", "       ") + "\n";
  text += c->description;
  text += "\nArguments and options:\n";
  text += c->options;
  text += kCommonOptions;
  text += "\nExample:\n";
  text += c->example;
  text += "\n";
  text += kExitCodes;
  return text;
}

bool takes_value(const std::string& command, std::string_view option) {
  const CommandText* c = find(command);
  if (!c) return false;
  std::string_view rest = c->options;
  while (!rest.empty()) {
    const std::size_t end = std::min(rest.find('\n'), rest.size());
    std::string_view line = rest.substr(0, end);
    rest.remove_prefix(std::min(end + 1, rest.size()));
    if (!line.starts_with("  -")) continue;  // a continuation, or a positional argument
    // "-o, --output FILE": the options, then the value's placeholder, then two spaces.
    line.remove_prefix(2);
    line = line.substr(0, line.find("  "));
    bool named = false, has_value = false;
    while (!line.empty()) {
      const std::size_t space = std::min(line.find(' '), line.size());
      std::string_view token = line.substr(0, space);
      line.remove_prefix(std::min(space + 1, line.size()));
      if (token.starts_with("-")) {
        if (token.ends_with(",")) token.remove_suffix(1);
        named = named || token == option;
      } else {
        has_value = true;
      }
    }
    if (named) return has_value;
  }
  return false;
}

std::vector<std::string> command_names() {
  std::vector<std::string> names;
  for (const CommandText& c : kCommands) names.emplace_back(c.name);
  return names;
}

}  // namespace tokten::cli
