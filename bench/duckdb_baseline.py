# ruff: noqa: S608 - module constants only
"""The limit of the cohort dashboard: the same extract (responses with the person's birth
date, in the team manager's locations) fetched by one hand-written SQL query, and the
effect statistics of the dashboard (T0 → latest end measurement pairs per instrument and
informant: n, means before and after, mean change, its standard deviation, Cohen's d)
in one hand-written DuckDB query over it."""

from __future__ import annotations

import time

import numpy as np
from django.db import connection

from bench.pages import cohort_extract
from bloem.core import collector
from bloem.outcomes import duck

COLUMNS = ("person_id", "instrument", "informant", "moment", "administered_on", "total",
           "date_of_birth", "gender", "family_role")

EFFECTS = """
    WITH pre AS (
        SELECT person_id, instrument, informant, arg_min(total, administered_on) AS before,
               min(administered_on) AS d0
        FROM r WHERE moment = 't0' GROUP BY ALL),
    post AS (
        SELECT person_id, instrument, informant, arg_max(total, administered_on) AS after,
               max(administered_on) AS d1
        FROM r WHERE moment IN ('t1', 't2') GROUP BY ALL)
    SELECT instrument, informant, count(*) AS n, avg(before) AS before, avg(after) AS after,
           avg(after - before) AS change, stddev_samp(after - before) AS sd,
           avg(after - before) / nullif(stddev_samp(before), 0) AS d
    FROM pre JOIN post USING (person_id, instrument, informant)
    WHERE d1 > d0 GROUP BY ALL ORDER BY ALL"""


def extract(manager_id: int) -> dict:
    with collector.paused(), connection.cursor() as cursor:  # as the dashboard reads
        cursor.execute(cohort_extract(), [manager_id])
        rows = cursor.fetchall()
    columns = list(zip(*rows, strict=True)) if rows else [() for _ in COLUMNS]
    table = {name: np.array(values, dtype=object) for name, values in zip(COLUMNS, columns,
                                                                           strict=True)}
    table["total"] = np.array(table["total"], dtype=float)
    table["person_id"] = np.array(table["person_id"], dtype=np.int64)
    table["administered_on"] = np.array(table["administered_on"], dtype=np.int64).view(
        "datetime64[D]").astype("datetime64[us]")
    return table


def statistics(table: dict) -> list[tuple]:
    con = duck.connect()  # the dashboard's connection helper: a cursor, not a new database
    con.register("r", {k: table[k] for k in ("person_id", "instrument", "informant", "moment",
                                             "administered_on", "total")})
    return con.execute(EFFECTS).fetchall()


def measure(manager, count: int) -> dict:
    from bench.measure import percentiles

    extract_times, duck_times, total_times, rows = [], [], [], 0
    for i in range(count + 1):
        started = time.perf_counter()
        table = extract(manager.pk)
        fetched = time.perf_counter()
        result = statistics(table)
        done = time.perf_counter()
        if i >= 1:  # one warm-up round
            extract_times.append(fetched - started)
            duck_times.append(done - fetched)
            total_times.append(done - started)
        rows, groups = len(table["total"]), len(result)
    return {"extract_rows": rows, "groups": groups,
            "extract_sql_ms": percentiles(extract_times),
            "duckdb_query_ms": percentiles(duck_times), "total_ms": percentiles(total_times)}
