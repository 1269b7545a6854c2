"""The Markdown of the benchmark results: one file per database and day
(bench/results/<date>-<db>.md) and the summary table in README.md (between the
`bench:summary` markers), both made from the JSON that bench/run.py writes."""

from __future__ import annotations

import json
from pathlib import Path

START, END = "<!-- bench:summary:start -->", "<!-- bench:summary:end -->"
TARGET_MS = 50  # p95 server time of every page but the dashboard (issue 12)
DASHBOARD_TARGET_MS = 500
SLOW = ("cohort_dashboard", "research_export")


def _n(value, digits: int = 1) -> str:
    return "–" if value is None else f"{value:,.{digits}f}"


def _calls(record: dict, key: str = "python_calls") -> str:
    """Python function calls per request (not in results written before they were counted)."""
    return f"{record[key]:,}" if key in record else "–"


def size_section(families: str, size: dict) -> list[str]:
    m = size["machine"]
    demo = (f"`bloem demo` took {size['demo_seconds']:,.0f} s"
            if size.get("demo_seconds") else "existing database reused")
    lines = [
        f"## {int(families):,} families", "",
        f"{m['database']} {m['database_version']}, Django {m['django']}, Python {m['python']}, "
        f"{m['cores']} cores, commit {m['git_commit']}; load average "
        f"{' / '.join(_n(v, 2) for v in m['load_average_before'])} before, "
        f"{' / '.join(_n(v, 2) for v in m['load_average_after'])} after; data {demo}.", "",
        f"Server time in-process (test Client, full middleware, logged in with both factors), "
        f"{size['requests_per_page']} requests per page after warm-up "
        f"({size['requests_per_slow_page']} for the whole-cohort pages). Python calls: the "
        f"function calls of one request counted by cProfile, a figure of the work done in "
        f"Python that does not move with the machine's speed.", "",
        "| page | queries | Python calls | p50 ms | p95 ms | p99 ms | essential SQL p50 ms "
        "| × SQL | × trivial |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for page in size["pages"].values():
        s, e = page["server_ms"], page["essential_sql_ms"]
        lines.append(f"| {page['title']} | {page['queries']} | {_calls(page)} "
                     f"| {_n(s['p50'])} | {_n(s['p95'])} "
                     f"| {_n(s['p99'])} | {_n(e['p50'], 2)} | {_n(page['ratio_to_essential_sql'])} "
                     f"| {_n(page['ratio_to_trivial_view'])} |")
    t = size["trivial_view_ms"]
    lines.append(f"| Trivial view | 0 | {_calls(size, 'trivial_view_python_calls')} "
                 f"| {_n(t['p50'])} | {_n(t['p95'])} | {_n(t['p99'])} "
                 "| | | 1.0 |")
    d = size["duckdb_baseline"]
    lines += ["", f"Cohort dashboard vs DuckDB: the same extract ({d['extract_rows']:,} responses) "
              f"by one SQL query {_n(d['extract_sql_ms']['p50'])} ms + the effect statistics "
              f"({d['groups']} instrument × informant groups) in one DuckDB query "
              f"{_n(d['duckdb_query_ms']['p50'])} ms = {_n(d['total_ms']['p50'])} ms; the "
              f"dashboard takes {d['ratio_dashboard_to_duckdb']}× that."]
    if "load_error" in size:
        lines += ["", f"Load phase failed: {size['load_error']}"]
    if "load" in size:
        lo = size["load"]
        lines += ["", f"Under load: gunicorn, {lo['workers']} workers on 127.0.0.1, wrk with "
                  f"{lo['connections']} connections for {lo['seconds']} s each.", "",
                  "| target | requests/s | p50 ms | p90 ms | p99 ms | requests | non-200 "
                  "| socket errors |",
                  "|---|---:|---:|---:|---:|---:|---:|---:|"]
        for name, title in (("family_page", "Family page"), ("trivial_view", "Trivial view")):
            w = lo[name]
            lat = w["latency_ms"]
            lines.append(f"| {title} | {_n(w['requests_per_second'])} | {_n(lat.get('p50'))} "
                         f"| {_n(lat.get('p90'))} | {_n(lat.get('p99'))} | {w['requests']:,} "
                         f"| {w['non_200']} | {w['socket_errors']} |")
        lines += ["", f"Family page throughput / trivial view: "
                  f"{lo['family_to_trivial_throughput']}. Peak memory per worker (VmHWM, MiB): "
                  f"{', '.join(_n(v) for v in lo['worker_peak_mb'])}."]
    return [*lines, ""]


def markdown(document: dict) -> str:
    lines = [f"# Benchmark: {document['database']}", "",
             "Written by `make bench` (bench/run.py); the JSON beside this file holds "
             "every figure.", ""]
    for families, size in document["sizes"].items():
        lines += size_section(families, size)
    return "\n".join(lines)


def latest(results: Path) -> dict[str, dict]:
    """Per database, every size measured, the newest day's figure of each size. Other
    benchmarks' results beside them (the replica load test) are not `make bench`'s."""
    found: dict[str, dict] = {}
    for path in sorted(results.glob("*-*.json")):
        document = json.loads(path.read_text(encoding="utf-8"))
        if "database" not in document or "sizes" not in document:
            continue
        found.setdefault(document["database"], {}).update(document["sizes"])
    return found


def summary(results: Path) -> str:
    data = latest(results)
    columns = [(db, families) for db in ("sqlite", "postgres") if db in data
               for families in sorted(data[db], key=int)]
    if not columns:
        return "No benchmark results yet: run `make bench`."
    head = " | ".join(f"{db} {int(n) // 1000:,}k" if int(n) >= 1000 else f"{db} {n}"
                      for db, n in columns)
    sizes = [data[db][n] for db, n in columns]
    lines = ["Server time p50 / p95 in ms (queries per request), in-process; target p95 under "
             f"{TARGET_MS} ms, the dashboard under {DASHBOARD_TARGET_MS} ms. Read the figures "
             "with the machine's load average (last rows).", "",
             f"| page | {head} |", "|---|" + "---:|" * len(columns)]

    def row(title: str, cell) -> None:
        """One row of the table: `cell` of each size's results."""
        lines.append(f"| {title} | {' | '.join(cell(size) for size in sizes)} |")

    def page_cell(key: str):
        def cell(size: dict) -> str:
            p = size["pages"].get(key)
            return (f"{_n(p['server_ms']['p50'], 0)} / {_n(p['server_ms']['p95'], 0)} "
                    f"({p['queries']})" if p else "–")
        return cell

    def load_cell(value):
        return lambda size: value(size["load"]) if size.get("load") else "–"

    for key, page in sizes[0]["pages"].items():
        row(page["title"], page_cell(key))
    row("Trivial view", lambda size: _n(size["trivial_view_ms"]["p95"]))
    row("Dashboard ÷ DuckDB baseline",
        lambda size: f"{size['duckdb_baseline']['ratio_dashboard_to_duckdb']}×")
    row("Load: family page / trivial view, req/s", load_cell(
        lambda lo: f"{_n(lo['family_page']['requests_per_second'], 0)} / "
                   f"{_n(lo['trivial_view']['requests_per_second'], 0)}"))
    row("Load: errors", load_cell(lambda lo: str(sum(
        lo[target][kind] for target in ("family_page", "trivial_view")
        for kind in ("non_200", "socket_errors")))))
    row("Peak memory per worker, MiB", load_cell(lambda lo: _n(max(lo["worker_peak_mb"] or [0]))))
    row("`bloem demo` seconds",
        lambda size: _n(size["demo_seconds"], 0) if size.get("demo_seconds") else "–")
    row("Load average (1 min) before → after",
        lambda size: f"{_n(size['machine']['load_average_before'][0], 1)} → "
                     f"{_n(size['machine']['load_average_after'][0], 1)}")
    row("Commit measured", lambda size: size["machine"]["git_commit"])
    return "\n".join(lines)


def update_readme(results: Path, readme: Path) -> None:
    text = readme.read_text(encoding="utf-8")
    if START not in text or END not in text:
        return
    before, rest = text.split(START, 1)
    _, after = rest.split(END, 1)
    readme.write_text(f"{before}{START}\n{summary(results)}\n{END}{after}", encoding="utf-8")
