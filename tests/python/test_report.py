"""The programme report, from Python and the CLI, rendered in headless Chromium."""
import hashlib
import json
import os
import re
import shutil
import subprocess

import jsonschema
import pytest

import tokten


def chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    pytest.fail("Chromium is needed to render the report (Debian package chromium; scripts/bootstrap.sh installs it)")


def render(path, tmp_path):
    """The DOM after Chromium loaded the page offline, and a screenshot."""
    browser = chromium()
    profile = tmp_path / "profile"
    common = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
              f"--user-data-dir={profile}", "--hide-scrollbars"]
    url = path.resolve().as_uri()
    dom = subprocess.run(common + ["--dump-dom", url], capture_output=True, text=True, timeout=120)
    assert dom.returncode == 0, dom.stderr[-2000:]
    shot = tmp_path / "page.png"
    subprocess.run(common + ["--window-size=1200,2400", f"--screenshot={shot}", url], capture_output=True,
                   timeout=120, check=True)
    return dom.stdout, shot


@pytest.fixture(scope="module")
def small_round():
    return tokten.demo_problem(experts=200, needs=40)


def test_python_report_renders_in_chromium(tmp_path, small_round):
    path = tmp_path / "report.html"
    html = tokten.report(path, problem=small_round, trials=20, population={"Bamako": 2_810_000, "Kayes": 2_440_000})
    assert path.read_text(encoding="utf-8") == html
    dom, shot = render(path, tmp_path)
    # The browser built the sections, the tables and the charts.
    for section in ("indicators", "requests", "equity", "policies", "robustness"):
        assert f'<section id="{section}">' in dom
    assert dom.count("<table") >= 10
    charts = re.findall(r'<svg[^>]*class="chart"[^>]*>\s*<title>([^<]*)</title>', dom)
    assert len(charts) >= 9
    assert {"By sector: missions", "By region: missions", "Total score by policy", "Quality against equity"} <= set(charts)
    assert dom.count('<rect class="bar"') >= 20
    assert "missions per 100,000" in dom  # the per-capita table
    # The screenshot is a real page: a PNG, large, not one flat colour.
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000


def test_report_is_deterministic_and_offline(small_round):
    a = tokten.report(problem=small_round, trials=10)
    assert a == tokten.report(problem=small_round, trials=10)
    assert "<script" not in a and "http://" not in a.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in a
    # The published totals of the programme, from the synthetic history.
    assert '<td>missions</td><td class="n">992</td>' in a
    assert '<td>theses defended</td><td class="n">42</td>' in a


def test_report_parts_and_errors(tmp_path, small_round):
    only_round = tokten.report(ledger=False, problem=small_round, trials=5)
    assert 'id="policies"' in only_round and 'id="indicators"' not in only_round
    only_ledger = tokten.report(problem=False)
    assert 'id="indicators"' in only_ledger and 'id="policies"' not in only_ledger
    assert "Nothing to report" in tokten.report(ledger=False, problem=False)
    with pytest.raises(ValueError, match="k must be >= 1"):
        tokten.report(problem=False, k=0)
    with pytest.raises(ValueError, match="population"):
        tokten.report(problem=False, population={"Bamako": -1})
    # A failed write leaves the earlier file intact.
    path = tmp_path / "r.html"
    path.write_text("earlier", encoding="utf-8")
    with pytest.raises(OSError):
        tokten.report(tmp_path / "missing" / "r.html", problem=False)
    assert path.read_text(encoding="utf-8") == "earlier"


def test_cli_report(cli, tmp_path, small_round):
    problem = tmp_path / "round.json"
    tokten.save_problem(small_round, problem)
    before = hashlib.sha256(problem.read_bytes()).hexdigest()
    out = tmp_path / "report.html"
    result = subprocess.run([cli, "report", "--problem", str(problem), "--trials", "10", "-o", str(out)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "report written to" in result.stdout and "synthetic history" in result.stdout
    assert hashlib.sha256(problem.read_bytes()).hexdigest() == before
    html = out.read_text(encoding="utf-8")
    assert html == tokten.report(problem=small_round, trials=10)  # the same page as Python's
    dom, _ = render(out, tmp_path)
    assert dom.count("<svg") >= 9
    # Errors: usage (2) and invalid input (1), the earlier report intact.
    assert subprocess.run([cli, "report"], capture_output=True, text=True).returncode == 2
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "tokten.problem"}', encoding="utf-8")
    result = subprocess.run([cli, "report", "--problem", str(bad), "-o", str(out)], capture_output=True, text=True)
    assert result.returncode == 1 and result.stderr.startswith(f"tokten: error: {bad}:")
    assert out.read_text(encoding="utf-8") == html


def five_regions_ledger(path):
    """Five regions with one mission each, by five experts: the grand total pins every region."""
    regions = ["Gao", "Kidal", "Ménaka", "Mopti", "Tombouctou"]
    document = {
        "format": "tokten.ledger", "format_version": 1, "name": "five regions",
        "experts": [{"id": f"e{i}", "residence_country": "FR"} for i in range(5)],
        "institutions": [{"id": f"inst-{i}", "name": "Host", "kind": "university", "region": r}
                         for i, r in enumerate(regions)],
        "missions": [{"id": f"m{i}", "expert": f"e{i}", "institution": f"inst-{i}", "sector": "education",
                      "dates": {"start": f"20{20 + i}-01-01", "end": f"20{20 + i}-01-10"}, "beneficiaries": 10}
                     for i in range(5)],
    }
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_a_tiny_ledger_gets_a_report_with_its_breakdowns_withheld(cli, tmp_path):
    # This ledger used to stop the report with an internal error (exit 4): even the grand total
    # alone pinned each withheld region. The breakdowns now list nothing, not even the regions.
    ledger = five_regions_ledger(tmp_path / "ledger.json")
    data = tokten.report_data(ledger=tokten.load_ledger(ledger), problem=False, capital="Gao")
    figures = data["ledger"]
    for name in ("missions_by_region_and_sector", "beneficiaries_by_region_and_sector"):
        assert figures[name]["regions"] == [] and figures[name]["sectors"] == [] and figures[name]["cells"] == []
    assert figures["missions_by_region_and_sector"]["total"] == 5
    assert figures["by_year"]["rows"] == []  # one mission a year: the years are withheld too
    assert figures["equity"]["missions_outside_capital_share"] is None
    text = json.dumps(data, ensure_ascii=False)
    assert "Tombouctou" not in text and "Mopti" not in text and "Ménaka" not in text
    jsonschema.validate(data, tokten.schema("report"))
    out = tmp_path / "report.html"
    result = subprocess.run([cli, "report", "--ledger", str(ledger), "--trials", "5", "-o", str(out)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    page = out.read_text(encoding="utf-8")
    assert "Withheld: the missions are spread over so few regions and sectors" in page
    assert "Tombouctou" not in page and "Mopti" not in page
