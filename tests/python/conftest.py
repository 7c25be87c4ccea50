import os
import pathlib
import shutil

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def root():
    return ROOT


@pytest.fixture(scope="session")
def cli():
    """The tokten command: TOKTEN_CLI (set by `make test` to the CMake build), else PATH."""
    path = os.environ.get("TOKTEN_CLI") or shutil.which("tokten")
    if not path:
        pytest.fail("the tokten CLI is neither in TOKTEN_CLI nor on PATH; run `make test`")
    return path
