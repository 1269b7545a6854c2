"""DuckDB connections for the statistics: a cursor of one in-memory database per process.

`duckdb.connect()` costs 100 ms or more (the benchmark, issue 12: three per dashboard
request were most of its time); a cursor of an open database costs microseconds. Each
cursor is a connection of its own (its registered tables and temp views are its own), so
requests and threads never see each other's data."""

import functools

import duckdb


@functools.cache
def _database() -> duckdb.DuckDBPyConnection:
    return duckdb.connect()


def connect() -> duckdb.DuckDBPyConnection:
    """A fresh connection to the process's in-memory database; close it when done."""
    return _database().cursor()
