"""Benchmark of the demo loader: `bloem demo --families N --seed 1` into a fresh SQLite
database in a temporary directory; appends one line to bench/results.md.

    python bench/demo_load.py [--families 100000] [--seed 1] [--keep]
"""

import argparse
import datetime
import os
import platform
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
RESULTS = BENCH_DIR / "results.md"
BLOEM = Path(sys.executable).with_name("bloem")  # the console script of this virtualenv
TABLES = (
    "families_family", "families_person", "families_parentchildrelation", "families_stay",
    "families_phasedecision", "families_safetyassessment", "families_assignment",
    "catalogue_helpform", "families_journalentry",
)
HEADER = (
    "# Benchmark results\n\n"
    "Appended by `make bench` (bench/demo_load.py).\n\n"
    "| date | benchmark | families | seconds | rows | database | python |\n"
    "|---|---|---:|---:|---:|---|---|\n"
)


def bloem(*args: str, env: dict[str, str]) -> None:
    subprocess.run([str(BLOEM), *args], env=env, check=True)  # noqa: S603 - fixed arguments


def count_rows(database: Path) -> int:
    with sqlite3.connect(database) as connection:
        return sum(
            connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608
            for table in TABLES
        )


def run(families: int, seed: int, var_dir: Path) -> tuple[float, int]:
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env |= {"BLOEM_VAR_DIR": str(var_dir), "DJANGO_SETTINGS_MODULE": "bloem.settings.dev"}
    bloem("migrate", "--no-input", "--verbosity", "0", env=env)
    started = time.perf_counter()
    bloem("demo", "--families", str(families), "--seed", str(seed), env=env)
    seconds = time.perf_counter() - started
    return seconds, count_rows(var_dir / "bloem.sqlite3")


def record(families: int, seconds: float, rows: int) -> str:
    line = (
        f"| {datetime.datetime.now().astimezone():%Y-%m-%d %H:%M} | demo_load | {families:,} "
        f"| {seconds:.1f} | {rows:,} | SQLite {sqlite3.sqlite_version} "
        f"| {platform.python_version()} |\n"
    )
    if not RESULTS.exists():
        RESULTS.write_text(HEADER)
    with RESULTS.open("a") as handle:
        handle.write(line)
    return line


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--families", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the database and print its path")
    options = parser.parse_args()
    var_dir = Path(tempfile.mkdtemp(prefix="bloem-bench-"))
    try:
        seconds, rows = run(options.families, options.seed, var_dir)
        print(record(options.families, seconds, rows), end="")
    finally:
        if options.keep:
            print(f"database kept in {var_dir}")
        else:
            shutil.rmtree(var_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
