"""The analysts' example notebook, examples/tokten_demo.ipynb: stored clean, and it runs.

The run executes a temporary copy in a fresh python3 kernel of this interpreter (nbclient and
ipykernel), offline, with the matplotlib inline backend, and checks the outputs the story relies
on: the HTML summaries, the comparison table and the charts. Nothing is written into examples/.
"""

import base64
import json
import pathlib
import shutil
import sys
import time

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "examples" / "tokten_demo.ipynb"
INSTALL_HINT = "pip install -r scripts/requirements-dev.txt"
#: Per cell; the whole notebook takes a few seconds.
CELL_TIMEOUT = 60


def _code_cells(document):
    return [(index, cell) for index, cell in enumerate(document["cells"]) if cell["cell_type"] == "code"]


def test_notebook_is_stored_without_outputs():
    document = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    assert document["nbformat"] == 4
    assert document["metadata"]["kernelspec"]["name"] == "python3"
    cells = _code_cells(document)
    assert cells, "the notebook has no code cells"
    for index, cell in cells:
        where = f"cell {index} ({cell.get('id', 'no id')})"
        assert cell["outputs"] == [], f"{where} has stored outputs: clear them before committing"
        assert cell["execution_count"] is None, f"{where} has an execution count: clear outputs before committing"
        assert "execution" not in cell["metadata"], f"{where} has execution timings in its metadata"
    for index, cell in enumerate(document["cells"]):
        assert not cell.get("attachments"), f"cell {index} carries attachments"


@pytest.fixture
def kernel_env(tmp_path, monkeypatch):
    """A python3 kernelspec for this interpreter, first on JUPYTER_PATH; the kernel's scratch in tmp_path.

    ipykernel provides "python3" for its own environment, but a user-level spec of that name
    (~/.local/share/jupyter/kernels/python3) may point at another Python without tokten.
    """
    for module in ("nbformat", "nbclient", "ipykernel", "matplotlib", "matplotlib_inline", "pandas"):
        pytest.importorskip(module, reason=f"the notebook test needs {module} ({INSTALL_HINT})")
    from ipykernel.kernelspec import install

    prefix = tmp_path / "jupyter-prefix"
    install(kernel_name="python3", prefix=str(prefix))
    spec = json.loads((prefix / "share" / "jupyter" / "kernels" / "python3" / "kernel.json").read_text())
    assert spec["argv"][0] == sys.executable
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setenv("JUPYTER_PATH", str(prefix / "share" / "jupyter"))
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(tmp_path / "runtime"))
    monkeypatch.setenv("IPYTHONDIR", str(tmp_path / "ipython"))  # no profile or startup files of the user's
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    for name in ("TMPDIR", "TEMP", "TMP"):  # the notebook's temporary folder lands in tmp_path
        monkeypatch.setenv(name, str(scratch))
    return scratch


def _examples_snapshot():
    return {path.relative_to(ROOT).as_posix(): path.stat().st_mtime_ns
            for path in (ROOT / "examples").rglob("*") if path.is_file()}


@pytest.fixture
def executed(kernel_env, tmp_path):
    """The notebook, run in a temporary copy; also written there as tokten_demo.executed.ipynb."""
    import nbformat
    from nbclient import NotebookClient

    work = tmp_path / "run"
    work.mkdir()
    copy = work / NOTEBOOK.name
    shutil.copyfile(NOTEBOOK, copy)
    before = _examples_snapshot()
    stored = NOTEBOOK.read_bytes()

    notebook = nbformat.read(str(copy), as_version=4)
    nbformat.validate(notebook)
    client = NotebookClient(notebook, kernel_name="python3", timeout=CELL_TIMEOUT, startup_timeout=60,
                            allow_errors=False, resources={"metadata": {"path": str(work)}})
    start = time.perf_counter()
    client.execute()
    seconds = time.perf_counter() - start
    nbformat.write(notebook, str(work / "tokten_demo.executed.ipynb"))

    assert NOTEBOOK.read_bytes() == stored, "running the notebook changed examples/tokten_demo.ipynb"
    assert _examples_snapshot() == before, "running the notebook wrote into examples/"
    print(f"notebook executed in {seconds:.1f} s")
    return notebook


def _cell(notebook, cell_id):
    for cell in notebook.cells:
        if cell.get("id") == cell_id:
            assert cell.cell_type == "code", f"cell {cell_id!r} is not a code cell"
            return cell
    pytest.fail(f"the notebook has no cell {cell_id!r} (the test finds outputs by cell id)")


def _rich(notebook, cell_id, mime):
    """The `mime` payloads of a cell's display_data and execute_result outputs."""
    return [output["data"][mime] for output in _cell(notebook, cell_id).outputs
            if output["output_type"] in ("display_data", "execute_result") and mime in output["data"]]


def _stdout(notebook, cell_id):
    return "".join(output["text"] for output in _cell(notebook, cell_id).outputs
                   if output["output_type"] == "stream" and output["name"] == "stdout")


def _one_html(notebook, cell_id):
    html = _rich(notebook, cell_id, "text/html")
    assert len(html) == 1, f"cell {cell_id!r}: expected one text/html output, got {len(html)}"
    return html[0]


def test_notebook_runs_end_to_end(executed, kernel_env):
    notebook = executed
    for index, cell in enumerate(notebook.cells):
        for output in cell.get("outputs", []):
            assert output["output_type"] != "error", f"cell {index} ({cell.get('id')}): {output.get('ename')}"

    # Every code cell ran, in order.
    counts = [cell.execution_count for cell in notebook.cells if cell.cell_type == "code"]
    assert counts == list(range(1, len(counts) + 1))

    # The demo programme's HTML summary, and its tables as DataFrames.
    problem_html = _one_html(notebook, "problem-summary")
    assert "tokten-box" in problem_html and "Planning round" in problem_html
    assert "650 experts, 140 institutions" in problem_html
    for cell_id in ("experts-head", "needs-head", "need-skills-head"):
        assert "<table" in _one_html(notebook, cell_id), cell_id

    # The pilot round from DataFrames, then back from ';' CSV files with day/month/year dates.
    assert "pilot round" in _one_html(notebook, "pilot-from-pandas")
    assert "Code;Nom;" in _stdout(notebook, "pilot-to-csv")
    assert _rich(notebook, "pilot-from-csv", "text/plain") == ["True"]
    error = _stdout(notebook, "table-error")
    assert "experts.csv" in error and "available_from" in error and "dayfirst=True" in error

    # The solve and the Result's HTML summary.
    assert "seats filled" in _stdout(notebook, "solve")
    result_html = _one_html(notebook, "result-summary")
    assert "tokten-box" in result_html and "seats filled" in result_html and "unfilled because" in result_html
    assert "<table" in _one_html(notebook, "assignment-head")
    assert "suggested_change" in _one_html(notebook, "unfilled-table")

    # One match and one open need explained.
    explanation = _one_html(notebook, "explain-match")
    assert "tokten-box" in explanation and "for need" in explanation and "skills" in explanation
    why = _stdout(notebook, "why-unfilled")
    assert "seat(s) open, reason:" in why and "Changes that would fill a seat:" in why

    # Coverage, the comparison table, and the pairs that change.
    assert "requested" in _one_html(notebook, "coverage-table")
    comparison = _one_html(notebook, "comparison-table")
    for text in ("<table", "seat_coverage", "seats_outside_capital", "default", "equity bonus 0.3",
                 "most seats first"):
        assert text in comparison, text
    assert "default pairs change" in _stdout(notebook, "changed-pairs")

    # The charts, drawn by the inline backend as PNG images.
    for cell_id in ("coverage-plots", "score-plot", "comparison-plot"):
        images = _rich(notebook, cell_id, "image/png")
        assert len(images) == 1, f"cell {cell_id!r}: expected one image/png, got {len(images)}"
        assert base64.b64decode(images[0])[:8] == b"\x89PNG\r\n\x1a\n", cell_id

    # The saved files went to the notebook's temporary folder, not next to the notebook.
    saved = _rich(notebook, "save", "text/plain")
    assert saved and "assignment.json" in saved[0] and "assignment.csv" in saved[0]
    assert list(kernel_env.rglob("assignment.json")), "the notebook's temporary folder is not under TMPDIR"
