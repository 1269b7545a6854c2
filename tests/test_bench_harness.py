"""`make bench` runs end to end on a tiny database (20 families, 5 requests per page, no
load phase), so the harness cannot silently rot. No timing is asserted: only that every
page and limit was measured and written."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = {"my_families_search", "family", "person", "worklist", "audit_by_person",
         "api_families", "api_persons", "api_families_keyset", "api_persons_keyset",
         "cohort_dashboard", "research_export"}


def test_the_benchmark_runs_end_to_end_on_a_tiny_database(tmp_path):
    results = tmp_path / "results"
    subprocess.run(  # noqa: S603
        [sys.executable, str(ROOT / "bench" / "run.py"), "--families", "20", "--db", "sqlite",
         "--requests", "5", "--slow-requests", "1", "--no-load", "--no-readme",
         "--quiet-wait", "0",
         "--data-dir", str(tmp_path / "data"), "--results", str(results)],
        check=True, cwd=ROOT, capture_output=True)
    [document] = [json.loads(p.read_text()) for p in results.glob("*-sqlite.json")]
    size = document["sizes"]["20"]
    assert set(size["pages"]) == PAGES
    for page in size["pages"].values():
        assert page["queries"] > 0
        # Every page does more Python work than the trivial view (a count, not a time).
        assert page["python_calls"] > size["trivial_view_python_calls"] > 0
        assert page["server_ms"]["n"] in (1, 5) and page["essential_sql_ms"]["n"] > 0
    assert size["demo_seconds"] is not None and size["machine"]["database"] == "sqlite"
    assert size["machine"]["quiet_wait_seconds"] == 0
    assert size["duckdb_baseline"]["total_ms"]["n"] == 1
    markdown = next(results.glob("*-sqlite.md")).read_text()
    assert "Family page" in markdown and "DuckDB" in markdown and "Python calls" in markdown


def test_the_readme_summary_leaves_out_other_benchmarks_results(tmp_path):
    """The replica load test writes its JSON beside `make bench`'s; the summary table of
    the README is made of `make bench`'s results only (a KeyError stopped the run)."""
    from bench import report

    (tmp_path / "2026-11-29-replica.json").write_text(json.dumps({"command": "replica"}))
    assert report.latest(tmp_path) == {}
    assert "No benchmark results yet" in report.summary(tmp_path)
