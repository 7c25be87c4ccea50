"""The CSV path under a seeded random mutation fuzzer: tokten.read_problem_csv either reads a
valid problem or raises tokten.InputError or a ValueError, whatever the tables hold. The property
and the mutations live in tests/fuzz/python/problem_csv.py, which `make test` also runs under atheris
(libFuzzer) on 1,200 inputs from seed 1; this replay is deterministic (a fixed seed and count)."""
import importlib.util
import pathlib
import random
import time

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("problem_csv_fuzz", ROOT / "tests/fuzz/python/problem_csv.py")
fuzz = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(fuzz)

MUTATIONS = 1500
TIME_CAP = 60.0  # seconds: a guard against a hang, far above the usual 10-20 s


def test_read_problem_csv_survives_hostile_tables(tmp_path):
    try:
        read = fuzz.reader()
        seed = fuzz.seed_folder(tmp_path)
    except fuzz.Skip as reason:
        pytest.skip(str(reason))
    inputs = fuzz.seeds(seed)
    regressions = ROOT / "tests/fuzz/python/regressions"
    if regressions.is_dir():
        inputs += [p.read_bytes() for p in sorted(regressions.iterdir()) if p.is_file() and p.suffix != ".md"]
    work = tmp_path / "input"
    for data in inputs:
        fuzz.check(read, seed, work, data)
    rng = random.Random(8)
    start = time.monotonic()
    for k in range(MUTATIONS):
        data = fuzz.mutate(rng, rng.choice(inputs))
        try:
            fuzz.check(read, seed, work, data)
        except Exception as error:  # keep the input: it becomes a regression in tests/fuzz/python/regressions
            (tmp_path / f"finding-{k}").write_bytes(data)
            raise AssertionError(f"mutation {k} ({len(data)} bytes, saved to {tmp_path}/finding-{k}): "
                                 f"{type(error).__name__}: {error}") from error
        assert time.monotonic() - start < TIME_CAP, f"{k} mutations took over {TIME_CAP} s"
