"""Benchmark of the outcomes dashboard (issue 8): `bloem demo --families N` into a fresh
SQLite database in a temporary directory, then the time of the cohort statistics (the
dashboard's whole computation: extracts, DuckDB pairing, statistics, suppression) for a
team manager of the busiest location and, as the widest case, over every location.
Appends lines to bench/results.md.

    python bench/dashboard.py [--families 3000] [--seed 1] [--keep]
"""

import argparse
import datetime
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
RESULTS = BENCH_DIR / "results.md"
BLOEM = Path(sys.executable).with_name("bloem")

MEASURE = """
import time
from django.db.models import Count
from bloem.accounts.models import Membership, Role
from bloem.outcomes import cohort
from bloem.screening.models import Response

managers = {m.team.location_id: m.worker for m in Membership.objects.filter(
    role=Role.TEAM_MANAGER).select_related("team", "worker")}
responses = Response.objects.count()
for location_id, manager in sorted(managers.items()):
    cohort.cohort(manager, cohort.Selection())  # warm the caches once
    started = time.perf_counter()
    released = cohort.cohort(manager, cohort.Selection())
    seconds = time.perf_counter() - started
    n = sum(row["n"] or 0 for row in released.effects)
    print(f"RESULT location={location_id} seconds={seconds:.2f} pairs={n} responses={responses}")
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--families", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    var_dir = Path(tempfile.mkdtemp(prefix="bloem-bench-dashboard-"))
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env |= {"BLOEM_VAR_DIR": str(var_dir), "DJANGO_SETTINGS_MODULE": "bloem.settings.dev"}
    try:
        for command in (["migrate", "--no-input", "--verbosity", "0"],
                        ["demo", "--families", str(args.families), "--seed", str(args.seed)]):
            subprocess.run([str(BLOEM), *command], env=env, check=True)  # noqa: S603
        output = subprocess.run([str(BLOEM), "shell", "-c", MEASURE], env=env, check=True,  # noqa: S603
                                stdout=subprocess.PIPE, text=True).stdout
        lines = [line for line in output.splitlines() if line.startswith("RESULT")]
        print("\n".join(lines))
        worst = max(float(line.split("seconds=")[1].split()[0]) for line in lines)
        responses = lines[0].split("responses=")[1]
        with RESULTS.open("a", encoding="utf-8") as results:
            results.write(
                f"| {datetime.datetime.now().astimezone():%Y-%m-%d %H:%M} | dashboard "
                f"(slowest location of {len(lines)}) | {args.families:,} | {worst:.2f} "
                f"| {int(responses):,} responses | SQLite | python |\n")
    finally:
        if args.keep:
            print(f"kept {var_dir}")
        else:
            shutil.rmtree(var_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
