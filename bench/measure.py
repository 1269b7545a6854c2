"""In-process measurement of the key pages (run by bench/run.py in the database's
environment, DJANGO_SETTINGS_MODULE=bloem.settings.bench):

- each page through Django's test Client, so the full middleware stack, as a demo worker
  logged in with both factors; warm-up requests first, then `--requests` timed requests
  spread over the data; the query count of a few requests;
- the Python function calls of a request, counted by cProfile: unlike the timings, a
  figure that does not move with the machine's speed (which varied by 20-40% between runs
  an hour apart), so that two commits compare on the same data;
- beside it the page's essential SQL (bench/pages.py) and the trivial view;
- the cohort statistics beside a hand-written DuckDB query on the same extract;
- a session cookie for the load phase.

    python bench/measure.py --out result.json [--requests 200] [--slow-requests 20]
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import statistics
import sys
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench import duckdb_baseline  # noqa: E402
from bench.pages import Page, key_pages  # noqa: E402
from bloem.accounts.models import Worker  # noqa: E402
from bloem.accounts.tests.helpers import fresh_login  # noqa: E402
from bloem.bench_urls import TRIVIAL_PATH  # noqa: E402
from bloem.core import collector  # noqa: E402
from bloem.outcomes.models import ExportStatus, ResearchExport  # noqa: E402

PERSONAS = ("gezinshulpverlener", "teammanager", "privacyfunctionaris")
WARM_UP = 5
QUERY_SAMPLES = 3


def percentiles(seconds: list[float]) -> dict:
    ms = sorted(s * 1000 for s in seconds)
    if not ms:
        return {}

    def at(p: float) -> float:
        return round(ms[min(len(ms) - 1, int(round(p / 100 * (len(ms) - 1))))], 2)

    return {"n": len(ms), "p50": at(50), "p95": at(95), "p99": at(99),
            "mean": round(statistics.fmean(ms), 2), "max": round(ms[-1], 2)}


def timed(call, count: int, warm_up: int = WARM_UP) -> list[float]:
    for i in range(min(warm_up, count)):
        call(i)
    times = []
    for i in range(count):
        started = time.perf_counter()
        call(i)
        times.append(time.perf_counter() - started)
    return times


def request(client: Client, page: Page, i: int):
    method, path, data = page.requests[i % len(page.requests)]
    response = getattr(client, method)(path, data)
    if response.status_code != 200:
        raise SystemExit(f"{page.name}: {method.upper()} {path} answered "
                         f"{response.status_code}, not 200")
    if getattr(response, "streaming", False):
        b"".join(response.streaming_content)
    return response


def query_counts(client: Client, page: Page) -> list[int]:
    """The queries of a few requests (one for a whole-cohort page): the fewest is the page's
    own count; a request may add the session's save (its activity stamp is rewritten every
    15 s)."""
    counts = []
    for i in range(1 if page.slow else QUERY_SAMPLES):
        with CaptureQueriesContext(connection) as queries:
            request(client, page, i)
        counts.append(len(queries))
    reset_queries()
    return counts


def python_calls(client: Client, page: Page) -> int:
    """The Python function calls of a request (the fewest of a few, as for the queries)."""
    counts = []
    for i in range(1 if page.slow else QUERY_SAMPLES):
        profiler = cProfile.Profile()
        profiler.enable()
        try:
            request(client, page, i)
        finally:
            profiler.disable()
        counts.append(pstats.Stats(profiler).total_calls)
    return min(counts)


def approved_export(manager: Worker, privacy: Worker) -> int:
    """The research export the benchmark downloads: one approved request of the team
    manager for the whole cohort (made once, kept in the benchmark's database)."""
    export, _ = ResearchExport.objects.get_or_create(
        project="benchmark", requested_by=manager,
        defaults={"purpose": "Benchmark of the research export (bench/measure.py).",
                  "selection": {}, "status": ExportStatus.APPROVED, "decided_by": privacy,
                  "decided_at": timezone.now()})
    return export.pk


def logged_in(worker: Worker) -> Client:
    """A test client of `worker` with both factors, on a host the settings allow."""
    return fresh_login(Client(HTTP_HOST="127.0.0.1"), worker)


def session_cookie(worker: Worker) -> str:
    """A cookie header of a fresh two-factor session of `worker`, for the load phase."""
    client = logged_in(worker)
    name = settings.SESSION_COOKIE_NAME
    return f"{name}={client.cookies[name].value}"


def measure(requests: int, slow_requests: int) -> dict:
    workers = {w.username: w for w in Worker.objects.filter(username__in=PERSONAS)}
    missing = set(PERSONAS) - set(workers)
    if missing:
        raise SystemExit(f"demo logins missing (run `bloem demo` first): {sorted(missing)}")
    export_id = approved_export(workers["teammanager"], workers["privacyfunctionaris"])
    clients = {name: logged_in(worker) for name, worker in workers.items()}
    pages = {}
    trivial_page = Page("trivial", "Trivial view", "gezinshulpverlener",
                        [("get", "/" + TRIVIAL_PATH, {})], lambda i: None)
    trivial_client = clients[trivial_page.persona]
    trivial = percentiles(timed(lambda i: request(trivial_client, trivial_page, i), requests))
    trivial_calls = python_calls(trivial_client, trivial_page)
    for page in key_pages(workers, requests=requests, export_id=export_id):
        client = clients[page.persona]
        count = slow_requests if page.slow else requests
        print(f"  {page.name}: {count} requests", file=sys.stderr, flush=True)
        queries = query_counts(client, page)
        warm_up = 1 if page.slow else WARM_UP  # the query count's request warmed it too
        server = percentiles(timed(lambda i, c=client, p=page: request(c, p, i), count,
                                   warm_up))
        essential = percentiles(timed(page.essential, count, warm_up))
        pages[page.name] = {
            "title": page.title, "persona": page.persona, "queries": min(queries),
            "queries_max": max(queries), "python_calls": python_calls(client, page),
            "server_ms": server, "essential_sql_ms": essential,
            "ratio_to_essential_sql": round(server["p50"] / max(essential["p50"], 0.01), 1),
            "ratio_to_trivial_view": round(server["p50"] / max(trivial["p50"], 0.01), 1),
        }
    dashboard = pages["cohort_dashboard"]["server_ms"]["p50"]
    duck = duckdb_baseline.measure(workers["teammanager"], slow_requests)
    duck["ratio_dashboard_to_duckdb"] = round(dashboard / max(duck["total_ms"]["p50"], 0.01), 1)
    return {"trivial_view_ms": trivial, "trivial_view_python_calls": trivial_calls,
            "pages": pages, "duckdb_baseline": duck,
            # The load phase opens the team manager's family pages with her session.
            "cookie": session_cookie(workers["teammanager"]),
            "family_paths": family_paths(workers, export_id), "trivial_path": "/" + TRIVIAL_PATH}


def family_paths(workers: dict, export_id: int) -> list[str]:
    """The family pages the load phase cycles through (the same spread)."""
    pages = key_pages(workers, requests=50, export_id=export_id)
    family = next(p for p in pages if p.name == "family")
    return [path for _, path, _ in family.requests]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--slow-requests", type=int, default=20)
    args = parser.parse_args()
    collector.freeze_startup()  # as bloem/wsgi.py does in every web worker
    result = measure(args.requests, args.slow_requests)
    Path(args.out).write_text(json.dumps(result, indent=2, default=str), encoding="utf-8")


if __name__ == "__main__":
    main()
