// Python functions for the JSON contract, validation, the demo round and summaries.
#include <pybind11/stl.h>

#include "bindings.hpp"
#include "casters.hpp"
#include "tokten/io/assignment_json.hpp"
#include "tokten/io/atomic_file.hpp"
#include "tokten/io/problem_json.hpp"
#include "tokten/model/summary.hpp"
#include "tokten/synth/demo.hpp"

namespace tokten::python {

namespace py = pybind11;

namespace {

std::vector<std::pair<std::string, std::string>> as_pairs(const std::vector<InputIssue>& issues) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const InputIssue& i : issues) out.emplace_back(i.pointer, i.message);
  return out;
}

}  // namespace

void bind_io(py::module_& m) {
  // tokten.InputError(ValueError) carries .pointer, the JSON pointer of the offending item.
  // The class object lives as long as the module; the translator only borrows it.
  const py::object input_error = py::exception<InputError>(m, "InputError", PyExc_ValueError);
  input_error.attr("pointer") = "";
  input_error.attr("reason") = "";
  static PyObject* input_error_type = input_error.ptr();
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const InputError& e) {
      py::object error = py::reinterpret_borrow<py::object>(input_error_type)(e.what());
      error.attr("pointer") = e.pointer();
      error.attr("reason") = e.message();
      PyErr_SetObject(input_error_type, error.ptr());
    }
  });

  input_error.attr("__doc__") = R"doc(Invalid input: a document, a problem, a policy or a field that tokten cannot accept.

A subclass of ValueError, raised by every reader and checker of the JSON contract and by the
solvers when their input is invalid. str(error) is the pointer and the reason together.

Attributes
----------
pointer : str
    The JSON pointer of the offending item, for example ``/experts/3/skills/1/level``; ``""``
    for the document as a whole (invalid JSON, an unreadable file).
reason : str
    What was expected, in words.

Examples
--------
>>> import tokten
>>> try:
...     tokten.problem_from_dict({"format": "tokten.problem", "format_version": 1})
... except tokten.InputError as error:
...     print(error.pointer, "-", error.reason)
/taxonomy - missing required field "taxonomy"
)doc";

  const auto release = py::call_guard<py::gil_scoped_release>();
  m.def("read_problem", &io::read_problem, py::arg("text"), release,
        R"doc(Parse a problem document (JSON text) and check it.

Parameters
----------
text : str
    A ``tokten.problem`` document; its JSON Schema is ``tokten.schema("problem")``.

Returns
-------
Problem
    The planning round, checked: structure, types, ranges, unknown fields, then the
    cross-references that validate_problem checks.

Raises
------
InputError
    At the first error, with ``.pointer`` the JSON pointer of the offending item and
    ``.reason`` what was expected (also for text that is not JSON).

See Also
--------
problem_from_dict : the same from a dict.
load_problem : the same from a file.
write_problem : the inverse.

Notes
-----
Linear in the length of the text on average (one parse, one pass of checks with hash
lookups). The GIL is released meanwhile.

Examples
--------
>>> import tokten
>>> text = tokten.write_problem(tokten.demo_problem(seed=1, experts=5, institutions=2, needs=2))
>>> problem = tokten.read_problem(text)
>>> len(problem.experts), len(problem.needs)
(5, 2)
>>> try:
...     tokten.read_problem('{"format": "tokten.problem", "format_version": 2}')
... except tokten.InputError as error:
...     print(error.pointer, "-", error.reason)
/format_version - format_version 2 is newer than this tokten reads (1); upgrade tokten
)doc");
  m.def("load_problem", &io::load_problem, py::arg("path"), release,
        R"doc(Read and check a problem document from a file; tokten.load_problem also takes a path object.

Parameters
----------
path : str
    The file's path.

Returns
-------
Problem
    The planning round, checked as by read_problem.

Raises
------
InputError
    An unreadable file (pointer ``""``) or the first error of the document.

Notes
-----
Linear in the file's size on average. The GIL is released meanwhile.

Examples
--------
>>> import os, tempfile, tokten
>>> path = os.path.join(tempfile.mkdtemp(), "round.json")
>>> tokten.save_problem(tokten.demo_problem(seed=2, experts=5, institutions=2, needs=2), path)
>>> len(tokten.load_problem(path).needs)
2
)doc");
  m.def("write_problem", &io::write_problem, py::arg("problem"), py::arg("indent") = 2, release,
        R"doc(The problem as a JSON document (text).

Parameters
----------
problem : Problem
    The planning round; it is written as it is, not checked (see validate_problem).
indent : int, default 2
    Spaces per level; 0 puts each item on a line of its own without indenting, -1 writes a
    single line.

Returns
-------
str
    A ``tokten.problem`` document (format_version 1), without a final newline.

Raises
------
InputError
    A skill requirement's weight that is NaN or infinite (JSON has no such numbers).

See Also
--------
save_problem : write it to a file atomically.
read_problem : the inverse.

Notes
-----
Linear in the size of the problem. The GIL is released meanwhile.

Examples
--------
>>> import json, tokten
>>> problem = tokten.demo_problem(seed=1, experts=5, institutions=2, needs=2)
>>> text = tokten.write_problem(problem, indent=-1)
>>> "\n" in text, json.loads(text)["format"]
(False, 'tokten.problem')
>>> tokten.read_problem(text) == problem
True
)doc");
  m.def("read_assignment", &io::read_assignment, py::arg("text"), release,
        R"doc(Parse an assignment document (JSON text).

The structure is checked, not the content against a problem: see validate_assignment.

Parameters
----------
text : str
    A ``tokten.assignment`` document; its JSON Schema is ``tokten.schema("assignment")``.

Returns
-------
Assignment

Raises
------
InputError
    At the first error, with ``.pointer`` the JSON pointer of the offending item.

See Also
--------
assignment_from_dict, load_assignment, write_assignment

Notes
-----
Linear in the length of the text. The GIL is released meanwhile.

Examples
--------
>>> import tokten
>>> a = tokten.read_assignment('{"format": "tokten.assignment", "format_version": 1, '
...                            '"objective": "max_weight", "status": "optimal", '
...                            '"total_score": 0.9, "pairs": [{"expert": "exp-1", '
...                            '"need": "need-1", "score": 0.9, "terms": []}]}')
>>> a.pairs[0].expert, a.total_score
('exp-1', 0.9)
)doc");
  m.def("load_assignment", &io::load_assignment, py::arg("path"), release,
        R"doc(Read an assignment document from a file (structure only); tokten.load_assignment also takes a path object.

Parameters
----------
path : str
    The file's path.

Returns
-------
Assignment

Raises
------
InputError
    An unreadable file (pointer ``""``) or the first error of the document.

Notes
-----
Linear in the file's size. The GIL is released meanwhile.

Examples
--------
>>> import os, tempfile, tokten
>>> path = os.path.join(tempfile.mkdtemp(), "assignment.json")
>>> tokten.save_assignment(tokten.Assignment(problem="round 1"), path)
>>> tokten.load_assignment(path).problem
'round 1'
)doc");
  m.def("write_assignment", &io::write_assignment, py::arg("assignment"), py::arg("indent") = 2,
        release, R"doc(The assignment as a JSON document (text).

Parameters
----------
assignment : Assignment
    Written as it is, not checked (see validate_assignment).
indent : int, default 2
    Spaces per level; 0 puts each item on a line of its own without indenting, -1 writes a
    single line.

Returns
-------
str
    A ``tokten.assignment`` document (format_version 1), without a final newline.

Raises
------
InputError
    A score or term value that is NaN or infinite, named by its pointer.

See Also
--------
save_assignment : write it to a file atomically.
read_assignment : the inverse.

Notes
-----
Linear in the size of the assignment. The GIL is released meanwhile.

Examples
--------
>>> import json, tokten
>>> text = tokten.write_assignment(tokten.Assignment(problem="round 1"), indent=-1)
>>> document = json.loads(text)
>>> document["format"], document["problem"], document["pairs"]
('tokten.assignment', 'round 1', [])
)doc");
  m.def("write_file_atomically",
        [](const std::string& path, const std::string& content) { io::write_file_atomically(path, content); },
        py::arg("path"), py::arg("content"), release,
        R"doc(Replace a file's content atomically: a temporary file beside it, flushed, then renamed.

Readers see the old content or the new, never a mix; a failed write leaves the file as it was.

Parameters
----------
path : str
    The file to replace or create.
content : str
    The new content, written as UTF-8.

Returns
-------
None

Raises
------
RuntimeError
    The file cannot be written (a directory, no permission, a full disk), naming the path.
)doc");
  m.def("validate_problem",
        [](const Problem& p) { return as_pairs(validate_problem(p)); }, py::arg("problem"),
        R"doc(Every issue of a problem, each with the JSON pointer of its item.

Checks what read_problem checks after the structure: ids non-empty and unique, every
reference known (skills, parents, institutions), the taxonomy a forest, levels, weights,
dates, durations, seats and priorities in range.

Parameters
----------
problem : Problem

Returns
-------
list of (str, str)
    ``(json_pointer, message)`` pairs in document order, at most 100; empty when the problem
    is valid.

Raises
------
TypeError
    When ``problem`` is not a Problem.

Notes
-----
Linear in the size of the problem on average (hash sets of the ids).

Examples
--------
>>> import tokten
>>> problem = tokten.demo_problem(seed=1, experts=5, institutions=2, needs=2)
>>> tokten.validate_problem(problem)
[]
>>> need = problem.needs[0]
>>> need.institution = "inst-404"
>>> problem.needs = [need] + problem.needs[1:]
>>> tokten.validate_problem(problem)
[('/needs/0/institution', 'unknown institution id "inst-404" (not in /institutions)')]
)doc");
  m.def("validate_assignment",
        [](const Problem& p, const Assignment& a) { return as_pairs(validate_assignment(p, a)); },
        py::arg("problem"), py::arg("assignment"),
        R"doc(Issues of an assignment read against its problem.

Every expert and need known, each pair at most once, no need given more experts than its
seats and no expert more missions than ``max_missions``.

Parameters
----------
problem : Problem
    The planning round the assignment answers.
assignment : Assignment

Returns
-------
list of (str, str)
    ``(json_pointer, message)`` pairs, pointers into the assignment document, at most 100;
    empty when consistent.

Raises
------
TypeError
    When the arguments are not a Problem and an Assignment.

Notes
-----
Linear in the sizes of the problem and the assignment on average.

Examples
--------
>>> import tokten
>>> problem = tokten.demo_problem(seed=1, experts=5, institutions=2, needs=2)
>>> a = tokten.Assignment(pairs=[tokten.AssignedPair(expert="exp-404", need=problem.needs[0].id)])
>>> tokten.validate_assignment(problem, a)
[('/pairs/0/expert', 'unknown expert id "exp-404"')]
)doc");
  m.def("format_summary", &format_summary, py::arg("problem"),
        R"doc(A planning round in figures, as text: what ``tokten validate`` and the demo print.

Parameters
----------
problem : Problem

Returns
-------
str
    Several lines: skills, experts (capacity, doctorates, remote, countries), institutions by
    region, needs and seats by sector, region and language.

Raises
------
TypeError
    When ``problem`` is not a Problem.

Notes
-----
O(size log size): linear passes with ordered counts per country, region, sector and language.

Examples
--------
>>> import tokten
>>> text = tokten.format_summary(tokten.demo_problem(seed=1, experts=20, institutions=5, needs=4))
>>> print(text.splitlines()[0])
Planning round: TOKTEN demo round (seed 1)
)doc");
  m.def(
      "demo_problem",
      [](std::uint64_t seed, int experts, int institutions, int needs) {
        return synth::demo_problem({seed, experts, institutions, needs});  // ValueError on bad sizes
      },
      py::arg("seed") = 1, py::arg("experts") = 650, py::arg("institutions") = 140,
      py::arg("needs") = 100, release,
      R"doc(The built-in synthetic planning round for this seed.

Realistic in shape: experts abroad (France first, then North America, West Africa, Europe, the
Maghreb), institutions across Mali's regions with Bamako over-represented, needs of 1-3 seats
and 2-12 week missions in the first half of the year, French as the main working language,
skills from the ISCED-F 2013 fields of education.

Parameters
----------
seed : int, default 1
    The same seed gives the same round on every platform (non-negative, below 2**64).
experts : int, default 650
    Number of experts, 0 to 1,000,000.
institutions : int, default 140
    Number of host institutions, 0 to 1,000,000 (at least 1 when there are needs).
needs : int, default 100
    Number of needs, 0 to 1,000,000.

Returns
-------
Problem
    A valid planning round (validate_problem finds nothing).

Raises
------
ValueError
    A count out of range.
TypeError
    A negative or non-integer seed.

Notes
-----
Linear in experts + institutions + needs. The GIL is released meanwhile.

Examples
--------
>>> import tokten
>>> problem = tokten.demo_problem(seed=7, experts=30, institutions=4, needs=6)
>>> len(problem.experts), len(problem.institutions), len(problem.needs)
(30, 4, 6)
>>> problem == tokten.demo_problem(seed=7, experts=30, institutions=4, needs=6)
True
)doc");
}

}  // namespace tokten::python
