"""Bloem's PostgreSQL connections run without JIT: compiling took 0.4 s of a 0.7 s worklist
at 100,000 families (bench/, issue 12)."""

import pytest
from django.db import connection


@pytest.mark.django_db
def test_postgresql_connections_run_without_jit():
    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL setting")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
