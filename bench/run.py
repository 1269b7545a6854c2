"""`make bench`: the benchmark suite. For each size and database: make (or reuse) a demo
database of that many families, measure the key pages in-process (bench/measure.py),
put gunicorn under load (bench/load.py), and write bench/results/<date>-<db>.json and .md
(a size measured again on the same day replaces its earlier entry), then the summary
table in README.md.

    python bench/run.py --families 1000,10000 --db sqlite [--requests 200]
        [--slow-requests 20] [--load-seconds 20] [--no-load] [--data-dir var/bench]
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import load, report  # noqa: E402

BIN = Path(sys.executable).parent
POSTGRES_URL = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")


def label(families: int) -> str:
    return f"{families // 1000}k" if families >= 1000 and families % 1000 == 0 else str(families)


def database_env(db: str, families: int, data_dir: Path) -> dict:
    """The environment of the benchmark database of this size: SQLite in its own
    BLOEM_VAR_DIR, PostgreSQL as database bloem_bench_<size> (and a var dir for the cache
    and static files)."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    var_dir = data_dir / f"{db}-{label(families)}"
    var_dir.mkdir(parents=True, exist_ok=True)
    env |= {"BLOEM_VAR_DIR": str(var_dir), "DJANGO_SETTINGS_MODULE": "bloem.settings.bench",
            "PYTHONPATH": str(ROOT)}
    if db == "postgres":
        env["DATABASE_URL"] = f"{POSTGRES_URL}/bloem_bench_{label(families)}"
    return env


def ensure_postgres_database(url: str) -> None:
    import psycopg

    server, name = url.rsplit("/", 1)
    with psycopg.connect(f"{server}/postgres", autocommit=True) as con:
        if not con.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            con.execute(f'CREATE DATABASE "{name}"')
        # As docs/deployment.md recommends for SSD storage (and this machine has).
        con.execute(f'ALTER DATABASE "{name}" SET random_page_cost = 1.1')


def bloem(env: dict, *args: str, capture: bool = False) -> str:
    done = subprocess.run([str(BIN / "bloem"), *args], env=env, check=True, cwd=ROOT,  # noqa: S603
                          stdout=subprocess.PIPE if capture else None, text=True)
    return done.stdout or ""


def python(env: dict, code: str) -> str:
    return bloem(env, "shell", "--no-imports", "-c", code, capture=True).strip()


def prepare(db: str, families: int, seed: int, data_dir: Path) -> tuple[dict, float | None]:
    """The database of this size, migrated and filled; the seconds `bloem demo` took when
    it had to generate the data (None when an existing database of this size was reused)."""
    env = database_env(db, families, data_dir)
    if db == "postgres":
        ensure_postgres_database(env["DATABASE_URL"])
    bloem(env, "migrate", "--no-input", "--verbosity", "0")
    bloem(env, "collectstatic", "--no-input", "--verbosity", "0")
    count = int(python(env, "from bloem.families.models import Family; "
                            "print(Family.objects.count())").splitlines()[-1])
    timing = Path(env["BLOEM_VAR_DIR"]) / "demo-seconds"  # kept for a reused database
    if count == families:
        return env, float(timing.read_text()) if timing.exists() else None
    if count:
        where = env.get("DATABASE_URL") or env["BLOEM_VAR_DIR"]
        raise SystemExit(f"{db} database of {label(families)} holds {count:,} families, not "
                         f"{families:,}: remove it ({where}) or choose another --data-dir.")
    started = time.perf_counter()
    bloem(env, "demo", "--families", str(families), "--seed", str(seed), "--verbosity", "0")
    seconds = round(time.perf_counter() - started, 1)
    timing.write_text(str(seconds))
    return env, seconds


def machine(env: dict, db: str) -> dict:
    versions = python(env, "import sqlite3, django; from django.db import connection; "
                           "print(connection.vendor, '|', connection.cursor().connection."
                           "info.server_version if connection.vendor == 'postgresql' else "
                           "sqlite3.sqlite_version, '|', django.get_version())").splitlines()[-1]
    _, db_version, django_version = (v.strip() for v in versions.split("|"))
    if db == "postgres":  # e.g. 150020 → 15.20
        db_version = f"{int(db_version) // 10000}.{int(db_version) % 10000}"
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,  # noqa: S607
                            stdout=subprocess.PIPE, text=True).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain"], cwd=ROOT,  # noqa: S607
                           stdout=subprocess.PIPE, text=True).stdout.strip()
    return {"cores": os.cpu_count(), "database": db, "database_version": db_version,
            "django": django_version, "python": sys.version.split()[0],
            "git_commit": commit + ("-dirty" if dirty else "")}


QUIET_LOAD_PER_CORE = 0.4


def wait_until_quiet(most_seconds: int) -> float:
    """Wait (at most `most_seconds`, --quiet-wait) until the one-minute load average is below
    QUIET_LOAD_PER_CORE per core: after generating data or the previous size's load phase
    the machine is still busy (autovacuum, the last workers, the average's own decay), and
    timings taken then were up to twice those of a quiet machine. Returns the seconds
    waited; the load average measured after is recorded beside the figures either way."""
    started = time.monotonic()
    limit = QUIET_LOAD_PER_CORE * (os.cpu_count() or 1)
    while os.getloadavg()[0] >= limit and time.monotonic() - started < most_seconds:
        time.sleep(5)
    return round(time.monotonic() - started, 1)


def measure_size(db: str, families: int, args) -> dict:
    env, demo_seconds = prepare(db, families, args.seed, Path(args.data_dir))
    facts = machine(env, db)
    facts["quiet_wait_seconds"] = wait_until_quiet(args.quiet_wait)
    facts["load_average_before"] = list(os.getloadavg())
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as out:
        path = Path(out.name)
    try:
        subprocess.run([str(BIN / "python"), str(ROOT / "bench" / "measure.py"),  # noqa: S603
                        "--out", str(path), "--requests", str(args.requests),
                        "--slow-requests", str(args.slow_requests)],
                       env=env, check=True, cwd=ROOT)
        result = json.loads(path.read_text(encoding="utf-8"))
    finally:
        path.unlink(missing_ok=True)
    cookie, family_paths = result.pop("cookie"), result.pop("family_paths")
    trivial_path = result.pop("trivial_path")
    if args.load_seconds:
        try:
            result["load"] = load.load(env, family_paths=family_paths,
                                       trivial_path=trivial_path, cookie=cookie,
                                       seconds=args.load_seconds, connections=args.connections)
        except SystemExit as failed:  # recorded, not lost with the measurements before it
            result["load_error"] = str(failed)
    facts["load_average_after"] = list(os.getloadavg())
    return {"families": families, "demo_seconds": demo_seconds, "machine": facts,
            "requests_per_page": args.requests, "requests_per_slow_page": args.slow_requests,
            **result}


def run_database(db: str, sizes: list[int], args) -> None:
    results = Path(args.results)
    results.mkdir(parents=True, exist_ok=True)
    stem = results / f"{datetime.datetime.now(datetime.UTC):%Y-%m-%d}-{db}"
    document = (json.loads(stem.with_suffix(".json").read_text(encoding="utf-8"))
                if stem.with_suffix(".json").exists() else {"database": db, "sizes": {}})
    for families in sizes:
        print(f"== {db}, {families:,} families", file=sys.stderr, flush=True)
        document["sizes"][str(families)] = measure_size(db, families, args)
        document["sizes"] = dict(sorted(document["sizes"].items(), key=lambda kv: int(kv[0])))
        stem.with_suffix(".json").write_text(json.dumps(document, indent=2), encoding="utf-8")
        stem.with_suffix(".md").write_text(report.markdown(document), encoding="utf-8")
        print(f"wrote {stem}.json and {stem}.md", file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--families", default="1000")
    parser.add_argument("--db", default="sqlite", help="sqlite, postgres or both: sqlite,postgres")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--slow-requests", type=int, default=20)
    parser.add_argument("--load-seconds", type=int, default=20)
    parser.add_argument("--connections", type=int, default=10)
    parser.add_argument("--no-load", action="store_const", const=0, dest="load_seconds")
    parser.add_argument("--quiet-wait", type=int, default=240,
                        help="seconds to wait at most for a quiet machine before each size")
    parser.add_argument("--data-dir", default=str(ROOT / "var" / "bench"))
    parser.add_argument("--results", default=str(ROOT / "bench" / "results"))
    parser.add_argument("--no-readme", action="store_true")
    args = parser.parse_args()
    sizes = [int(n.replace("_", "")) for n in args.families.split(",") if n.strip()]
    databases = [db.strip() for db in args.db.split(",") if db.strip()]
    unknown = set(databases) - {"sqlite", "postgres"}
    if unknown or not sizes:
        raise SystemExit(f"--db takes sqlite and/or postgres (not {sorted(unknown)}), "
                         "--families one or more sizes")
    for db in databases:
        run_database(db, sizes, args)
    if not args.no_readme:
        report.update_readme(Path(args.results), ROOT / "README.md")


if __name__ == "__main__":
    main()
