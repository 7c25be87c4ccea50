"""Fuzzing the CSV path: tokten.read_problem_csv(folder, *, sep, dayfirst, encoding).

The property: whatever the folder holds, the reader returns a valid Problem (no validation
issue, and it survives a JSON round trip), or raises tokten.InputError or a ValueError (pandas'
parser errors and UnicodeDecodeError are ValueErrors); anything else (KeyError, IndexError,
TypeError, a crash, a hang) is a finding.

Inputs are one table file changed at a time: the first byte picks the reader's options and the
file (among the seed folder's files), the rest is that file's new content. The seed folder is
what tokten itself writes for a small demo round (tokten.write_problem_csv with each separator,
or the folder examples/data/csv when there is one).

    python tests/fuzz/python/problem_csv.py -runs=1200 -seed=1 [libFuzzer flags] CORPUS_DIR [MORE_DIRS]

runs atheris (libFuzzer for Python) on a bounded number of inputs (`make test` passes these, and
tests/fuzz/python/regressions as a second folder; `make fuzz-explore` runs it for a time with a
random seed); the seeds are written into the first folder. tests/python/test_fuzz_problem_csv.py
replays the committed seeds and a seeded random mutation pass under pytest. Both say "skipped"
(exit status 0) while tokten has no read_problem_csv.
"""

from __future__ import annotations

import os
import pathlib
import random
import shutil
import sys

ROOT = pathlib.Path(__file__).resolve().parents[3]
SEED_ROUND = dict(seed=5, experts=12, institutions=3, needs=4)
OPTIONS = [  # the reader's keyword arguments, picked by the first byte
    {},
    {"sep": ";"},
    {"sep": "\t"},
    {"dayfirst": True},
    {"encoding": "latin-1"},
    {"sep": None, "dayfirst": True},
]
HOSTILE = [  # fragments a mutation may splice into a cell or a line
    "", "NaN", "nan", "inf", "-inf", "1e400", "-1", "0", "99999999999999999999", "3.5", "1,5",
    "\x00", "\ufeff", "\u0085", "\x1b[2J", '"', '""', '"\n"', ";", ",", "\t", "\r\n", "\n\n",
    "2027-02-30", "31/12/2027", "12/31/2027", "0000-00-00", "9999-99-99", "é", "\udcff",
    "x" * 10_000, ",".join(["c"] * 500),
]


class Skip(Exception):
    """The CSV reader does not exist (yet): nothing to fuzz."""


def reader():
    import tokten

    read = getattr(tokten, "read_problem_csv", None)
    if read is None:
        raise Skip("tokten.read_problem_csv does not exist yet (python/tokten/_tables.py)")
    return read


SEPARATORS = {",": "comma", ";": "semicolon", "\t": "tab"}


def seed_folder(where: pathlib.Path) -> pathlib.Path:
    """Folders of CSV tables for a small demo round, written by tokten itself, one per separator
    (where/seed/comma, .../semicolon, .../tab), so that each option set starts from tables it
    can read."""
    import tokten

    base = where / "seed"
    if base.exists():
        return base
    write = getattr(tokten, "write_problem_csv", None)
    example = ROOT / "examples" / "data" / "csv"
    problem = tokten.demo_problem(**SEED_ROUND)
    for sep, name in SEPARATORS.items():
        if write is not None:
            write(problem, str(base / name), sep=sep)
        elif example.is_dir() and sep == ",":
            shutil.copytree(example, base / name)
        else:
            raise Skip("no CSV seed: tokten has no write_problem_csv and examples/data/csv is missing")
    return base


def table_names(seed: pathlib.Path) -> list[str]:
    return sorted(p.name for p in (seed / "comma").iterdir() if p.is_file())


def source(seed: pathlib.Path, options: dict) -> pathlib.Path:
    return seed / SEPARATORS[options.get("sep") or ","]


def check(read, seed: pathlib.Path, work: pathlib.Path, data: bytes) -> None:
    """Writes the input as a folder (the seed with one file replaced) and checks the property."""
    import tokten

    names = table_names(seed)
    selector = data[0] if data else 0
    options = OPTIONS[selector % len(OPTIONS)]
    name = names[(selector // len(OPTIONS)) % len(names)]
    if work.exists():
        shutil.rmtree(work)
    shutil.copytree(source(seed, options), work)
    (work / name).write_bytes(data[1:])
    try:
        problem = read(str(work), **options)
    except (tokten.InputError, ValueError):
        return  # refused with an explanation
    issues = tokten.validate_problem(problem)
    assert issues == [], f"read_problem_csv returned an invalid problem: {issues[:3]}"
    again = tokten.read_problem(tokten.write_problem(problem))
    assert tokten.write_problem(again) == tokten.write_problem(problem), "the problem does not round-trip"


def seeds(seed: pathlib.Path) -> list[bytes]:
    """One input per table and option set: the selector byte, then the table as written."""
    out = []
    names = table_names(seed)
    for k, name in enumerate(names):
        for o, options in enumerate(OPTIONS):
            selector = k * len(OPTIONS) + o
            if selector < 256:
                out.append(bytes([selector]) + (source(seed, options) / name).read_bytes())
    return out


def mutate(rng: random.Random, data: bytes) -> bytes:
    """A random change of a CSV input (the selector byte may change too)."""
    text = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        op = rng.randrange(7)
        at = rng.randrange(len(text) + 1)
        if op == 0 and text:  # flip a byte
            text[rng.randrange(len(text))] = rng.randrange(256)
        elif op == 1:  # truncate
            del text[at:]
        elif op == 2:  # splice a hostile fragment
            text[at:at] = rng.choice(HOSTILE).encode("utf-8", "surrogatepass")
        elif op == 3 and text:  # duplicate a line
            lines = bytes(text).split(b"\n")
            k = rng.randrange(len(lines))
            lines.insert(k, lines[k])
            text = bytearray(b"\n".join(lines))
        elif op == 4 and text:  # drop a line
            lines = bytes(text).split(b"\n")
            del lines[rng.randrange(len(lines))]
            text = bytearray(b"\n".join(lines))
        elif op == 5:  # change the options or the table
            if text:
                text[0] = rng.randrange(256)
        else:  # delete a span
            del text[at:at + rng.randint(1, 40)]
    return bytes(text)


def main(argv: list[str]) -> int:
    import atheris

    # Coverage feedback from tokten's Python code (the CSV reader); pandas' parser is C.
    with atheris.instrument_imports(include=["tokten"]):
        import tokten  # noqa: F401
    try:
        read = reader()
    except Skip as reason:
        print(f"problem_csv fuzzing skipped: {reason}")
        return 0

    # libFuzzer ends the process itself (no Python cleanup runs): work under build/, reused.
    base = ROOT / "build" / "fuzz_csv"
    shutil.rmtree(base, ignore_errors=True)
    base.mkdir(parents=True)
    try:
        seed = seed_folder(base)
        corpus = [a for a in argv[1:] if not a.startswith("-")]
        for directory in corpus:  # libFuzzer starts from the seeds in the first corpus folder
            os.makedirs(directory, exist_ok=True)
            for k, data in enumerate(seeds(seed)):
                path = pathlib.Path(directory) / f"seed-{k}"
                if not path.exists():
                    path.write_bytes(data)
            break
        work = base / "input"

        def one_input(data: bytes) -> None:
            check(read, seed, work, data)

        atheris.Setup(argv, one_input)
        atheris.Fuzz()
    finally:  # reached only when atheris returns instead of exiting
        shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
